"""A committee's slice of the normalised dataset, serialised canonically and hashed, so
that a report's dependency hash covers what the report can show – not whole city-wide
files (:func:`vbe_lib.bygg.planera.forfina`).

The slice of a committee (with its predecessors, ``konf.linje``) is, per frame of the
:class:`~vbe_lib.indata.dataset.Dataset`:

* the rows whose ``namnd`` is one of the line's committees; for the survey also the units
  located in the line's districts (``omrade``: the "från fackförvaltningar" group of a
  district's lägesbild) with their answers and events, and the invited counts of the
  committees owning such units;
* the whole question catalogue (``enkat_fragor``, common to all);

plus what a report shows or uses of the other committees' rows (:func:`_stadsdel`):

* the years every event and count frame covers (a year without a row of the committee
  is 0 where the source covers it, else "uppgift saknas": ``analys.handelser.ar_tackta``);
* the city's IA reports per year and how many were wrongly flagged (the lägesbild's
  "I hela staden gjordes …", ``analys.handelser.ia_nyckeltal``, and the years with
  reports that were not wrongly flagged);
* which sources are absent and which source files exist (names only), the example-data
  flag and description.

Serialisation: every row as a JSON array over the frame's columns in sorted order, values
made canonical (missing → null, integers as integers, floats in a fixed ``.17g`` format,
dates in ISO form, text as it is), rows sorted; the sha256 of the lines. It depends on the
values only, not on the pandas version, the row order or the machine.
"""
from __future__ import annotations

import hashlib
import json
import math
from typing import Any

#: top-level data files that are read into the dataset (their rows are hashed instead)
TABELLKALLOR = ("brott", "sammankomster", "orosanmalningar", "blanketter", "ia", "klotter", "webbutbildning")
_TABELLSUFFIX = (".csv", ".txt", ".xlsx", ".xlsm")
#: frames of the dataset, in a fixed order
RAMAR = ("brott", "sammankomster", "orosanmalningar", "blanketter", "ia", "klotter", "webbutbildning",
         "enkat_enheter", "enkat_svar", "enkat_fragor", "enkat_tillfragade", "enkat_handelser")
#: frames whose ``ar`` says which years the source covers
_TACKANDE = ("brott", "sammankomster", "orosanmalningar", "blanketter", "ia", "klotter", "webbutbildning")
_ENHETSNYCKEL = ["ar", "namnd", "grupp", "enhet"]


def ar_tabellkalla(rel: str) -> bool:
    """Whether ``rel`` (``data/...``) is a file read into the normalised dataset (a
    city-wide table or a survey file): its rows, not its bytes, are what a report uses."""
    delar = rel.split("/")
    if len(delar) < 2 or delar[0] != "data":
        return False
    if delar[1] == "enkat":
        return True
    if len(delar) == 2:
        namn = delar[1].lower()
        return any(namn == f"{k}{s}" for k in TABELLKALLOR for s in _TABELLSUFFIX)
    return False


def _varde(v: Any) -> Any:
    """One cell, canonical: None for missing, int, fixed-format float, ISO date, str."""
    if v is None:
        return None
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if isinstance(v, bool):
        return v
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalars
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if v.is_integer() and abs(v) < 2**53:
            return {"f": format(v, ".1f")}
        return {"f": format(v, ".17g")}
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def rader(df: Any) -> list[str]:
    """Every row of ``df`` as a canonical JSON line (columns in sorted order), unsorted."""
    kolumner = sorted(str(c) for c in df.columns)
    if not len(df):
        return []
    kol = [[_varde(v) for v in df[c].astype(object).tolist()] for c in kolumner]
    return [json.dumps(list(r), ensure_ascii=False, separators=(",", ":")) for r in zip(*kol)]


def _sha(kolumner: list[str], linjer: list[str]) -> str:
    h = hashlib.sha256(json.dumps(kolumner, ensure_ascii=False).encode("utf-8") + b"\n")
    for ln in sorted(linjer):
        h.update(ln.encode("utf-8") + b"\n")
    return h.hexdigest()


class Utsnitt:
    """The canonical rows of a dataset, serialised once, sliced per committee."""

    def __init__(self, ds: Any, konf: Any):
        import pandas as pd

        self.ds, self.konf = ds, konf
        self.ramar: dict[str, Any] = {n: getattr(ds, n, None) for n in RAMAR}
        self.ramar = {n: (df if isinstance(df, pd.DataFrame) else pd.DataFrame()) for n, df in self.ramar.items()}
        # every row serialised once when several committees are sliced (a year's batch);
        # for the first committee only its own rows (the preview's rebuild of one committee)
        self._linjer: dict[str, list[str]] | None = None
        self._anrop = 0
        self.kolumner = {n: sorted(str(c) for c in df.columns) for n, df in self.ramar.items()}
        self.stad = _stadsdel(ds, self.ramar)
        self._nycklar: dict[str, list[tuple[str, ...]]] = {}

    def _enhetsnycklar(self, namn: str) -> list[tuple[str, ...]]:
        if namn not in self._nycklar:
            df = self.ramar[namn]
            self._nycklar[namn] = list(map(tuple, df[_ENHETSNYCKEL].astype(str).to_numpy().tolist()))
        return self._nycklar[namn]

    def _mask(self, namn: str, linje: set[str]) -> Any:
        import pandas as pd

        df = self.ramar[namn]
        if not len(df):
            return pd.Series([], dtype=bool)
        if namn == "enkat_fragor" or "namnd" not in df.columns:
            return pd.Series(True, index=df.index)
        mask = df["namnd"].astype(str).isin(linje)
        enheter = self.ramar["enkat_enheter"]
        if namn == "enkat_enheter" and "omrade" in df.columns:
            mask |= df["omrade"].astype(object).isin(list(linje))
        elif namn in ("enkat_svar", "enkat_handelser") and len(enheter) and "omrade" in enheter.columns:
            har = enheter.loc[enheter["omrade"].astype(object).isin(list(linje))]
            if len(har) and all(k in df.columns for k in _ENHETSNYCKEL):
                nycklar = set(map(tuple, har[_ENHETSNYCKEL].astype(str).to_numpy().tolist()))
                mask |= pd.Series([t in nycklar for t in self._enhetsnycklar(namn)], index=df.index)
        elif namn == "enkat_tillfragade" and len(enheter) and "omrade" in enheter.columns:
            agare = set(enheter.loc[enheter["omrade"].astype(object).isin(list(linje)), "namnd"].astype(str))
            mask |= df["namnd"].astype(str).isin(agare)
        return mask

    def for_namnd(self, slug: str) -> dict[str, str]:
        """Frame name -> sha256 of the committee's rows, and ``_stad`` -> sha256 of what
        every report uses of the whole city (:func:`_stadsdel`)."""
        linje = set(self.konf.linje(slug)) | {slug} if self.konf is not None else {slug}
        self._anrop += 1
        if self._anrop > 1 and self._linjer is None:
            self._linjer = {n: rader(df) for n, df in self.ramar.items()}
        ut: dict[str, str] = {}
        for namn in RAMAR:
            mask = self._mask(namn, linje)
            if self._linjer is not None:
                valda = [ln for ln, m in zip(self._linjer[namn], mask.tolist()) if m]
            else:  # a row's line does not depend on the others: the same lines, fewer made
                df = self.ramar[namn]
                valda = rader(df[mask.to_numpy(dtype=bool)]) if len(df) else []
            ut[namn] = _sha(self.kolumner[namn], valda)
        ut["_stad"] = self.stad
        return ut


def _stadsdel(ds: Any, ramar: dict[str, Any]) -> str:
    """sha256 of what a committee's report uses of the other committees' rows (see the
    module docstring)."""
    import pandas as pd

    del_: dict[str, Any] = {}
    for namn in _TACKANDE:
        df = ramar[namn]
        del_[f"ar:{namn}"] = sorted({int(a) for a in pd.to_numeric(df["ar"]).dropna()}) \
            if len(df) and "ar" in df.columns else []
    ia = ramar["ia"]
    if len(ia) and {"ar", "felmarkerad"} <= set(ia.columns):
        fel = ia["felmarkerad"].astype("boolean").fillna(False).astype(bool)
        ar = pd.to_numeric(ia["ar"]).astype("int64")
        del_["ia:staden"] = {str(a): [int((ar == a).sum()), int(((ar == a) & fel).sum())]
                             for a in sorted(set(ar.tolist()))}
    else:
        del_["ia:staden"] = {}
    del_["saknade_kallor"] = sorted(str(s) for s in (getattr(ds, "saknade_kallor", None) or []))
    del_["kallfiler"] = sorted(rel for rel in (getattr(ds, "filer", None) or {})
                               if ar_tabellkalla(f"data/{rel}"))
    del_["exempeldata"] = bool(getattr(ds, "exempeldata", False))
    del_["beskrivning"] = str(getattr(ds, "beskrivning", "") or "")
    text = json.dumps(del_, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
