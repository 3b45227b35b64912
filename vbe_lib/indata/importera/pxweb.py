"""Statistics database files (PxWeb: Brå's, SCB's): PC-Axis (``.px``) and JSON-stat.

Both are cubes: dimensions (area, crime category, year, …) and one value per
combination, with symbols for missing values. The readers are maintained libraries:
``pyaxis`` (PC-Axis) and ``pyjstat`` (JSON-stat 2.0). Each dimension is matched to a
contract column by its label or id (the mapping's ``kolumner``), a dimension with a
single value that matches no column is left out (e.g. "Anmälda brott" as the table's
content), and the table's own metadata (title, source, unit, footnotes, symbols) is
kept for the report's source line (:mod:`vbe_lib.indata.kallmetadata`).
"""
from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from collections import OrderedDict
from pathlib import Path
from typing import Any

from vbe_lib.indata.importera.gemensam import Forhandsvisning, Mappning
from vbe_lib.indata.importera.tabell import Post, Tabell, Tabellkalla, _kandidater
from vbe_lib.indata.lasning import folda_rubrik
from vbe_lib.indata.problem import Problem

#: Suffixes read as cubes.
PX_SUFFIX = (".px",)
JSONSTAT_SUFFIX = (".json", ".jsonstat")


def ar_kub(fil: Path) -> bool:
    return fil.suffix.lower() in PX_SUFFIX + JSONSTAT_SUFFIX


def las_kub(fil: Path, t: Tabellkalla, m: Mappning, etikett: str, fv: Forhandsvisning
            ) -> tuple[Tabell | None, dict[str, Any]]:
    """The cube's values as records, and its metadata. Problems go to ``fv.problem``."""
    try:
        if fil.suffix.lower() in PX_SUFFIX:
            dims, poster, meta = _las_px(fil, etikett, fv)
        else:
            dims, poster, meta = _las_jsonstat(fil, etikett, fv)
    except _Lasfel as exc:
        fv.problem.append(Problem(etikett, forvantat=str(exc)))
        return None, {}
    if dims is None:
        return None, {}
    # dimensions -> contract columns
    kand = _kandidater(t, m)
    kol = {k.namn: k for k in t.kolumner}
    mappning: dict[str, str] = {}  # dimension -> contract column
    for d, (etik, antal_varden) in dims.items():
        for namn, lista in kand.items():
            if namn in mappning.values() or namn == t.vardekolumn:
                continue
            if folda_rubrik(etik) in lista or folda_rubrik(d) in lista:
                mappning[d] = namn
                break
    for d, (etik, antal_varden) in dims.items():
        if d in mappning:
            continue
        if antal_varden == 1:
            fv.ignorerade.append(f"{etik} (ett enda värde)")
        else:
            fv.problem.append(Problem(etikett, kolumn=etik, forvantat=(
                f"dimensionen \"{etik}\" har {antal_varden} värden men motsvarar ingen kolumn i "
                f"{t.mal.split('/')[-1]} – ange den under 'kolumner' i mappningen, eller välj ett enda "
                "värde när tabellen tas ut")))
    for k in t.kolumner:
        if k.kravs and k.namn != t.vardekolumn and k.namn not in mappning.values() and k.namn not in m.konstanter:
            fv.problem.append(Problem(etikett, kolumn=k.rubrik, forvantat=(
                f"tabellen har ingen dimension för {k.rubrik} (dimensionerna är "
                + ", ".join(f'"{e}"' for e, _ in dims.values()) + f") – ange den under 'kolumner: {k.namn}:'")))
    if any(p.ar_fel for p in fv.problem):
        return None, meta
    fv.kolumner = {dims[d][0]: kol[namn].rubrik for d, namn in mappning.items()}
    fv.form = "kub – " + " × ".join(f"{dims[d][0]} ({dims[d][1]})" for d in dims)
    ut: list[Post] = []
    for varden, varde in poster:
        p = Post(None, {mappning[d]: v for d, v in varden.items() if d in mappning})  # type: ignore[arg-type]
        p.varden[t.vardekolumn] = varde
        p.varden.update({k: v for k, v in m.konstanter.items() if k not in p.varden})
        besk = ", ".join(f"{dims[d][0]}={v}" for d, v in varden.items())
        p.kolumn = {namn: besk for namn in (*p.varden,)}
        ut.append(p)
    fv.rader_lasta = len(ut)
    return Tabell(ut, [meta.get("titel", "")] if meta.get("titel") else [], list(meta.get("fotnoter", []))), meta


class _Lasfel(Exception):
    pass


# =========================================================================== PC-Axis
def _px_kodning(data: bytes) -> str:
    m = re.search(rb'CODEPAGE\s*=\s*"([^"]+)"', data[:20000])
    if m:
        namn = m.group(1).decode("ascii", "replace").strip().lower()
        try:
            import codecs

            codecs.lookup(namn)
            if namn in ("iso-8859-1", "latin-1", "latin1"):
                return "cp1252"  # PxWeb's "ANSI"; a superset of Latin-1 for printable text
            return namn
        except LookupError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


@contextlib.contextmanager
def _tyst_pyaxis():
    """pyaxis configures the root logger at import and prints for multilingual files:
    keep both out of the command's output."""
    rot = logging.getLogger()
    handlers, niva = list(rot.handlers), rot.level
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        rot.handlers[:] = handlers
        rot.setLevel(niva)


def _las_px(fil: Path, etikett: str, fv: Forhandsvisning):
    try:
        data = fil.read_bytes()
    except OSError as exc:
        raise _Lasfel(f"filen kunde inte läsas ({exc.strerror or exc})") from None
    if b"DATA=" not in data:
        raise _Lasfel("filen är ingen PC-Axis-fil (nyckelordet DATA= saknas)")
    kodning = _px_kodning(data)
    with _tyst_pyaxis():
        try:
            from pyaxis import pyaxis

            # no null/disclosure patterns: symbols are interpreted by the mapping
            px = pyaxis.parse(str(fil), encoding=kodning, null_values=r"(?!)", sd_values=r"(?!)")
        except UnicodeDecodeError:
            raise _Lasfel(f"filen kunde inte avkodas som {kodning} – kontrollera CODEPAGE i filen") from None
        except Exception as exc:  # noqa: BLE001 – pyaxis raises many kinds on a broken file
            raise _Lasfel(f"filen kunde inte tolkas som PC-Axis ({type(exc).__name__}: {exc}) – "
                          "ta ut tabellen igen som PC-Axis (.px) eller som Excel") from None
    meta_raw: dict[str, Any] = px["METADATA"]
    df = px["DATA"]
    dims_namn = [c for c in df.columns if c != "DATA"]
    dims = {d: (d, int(df[d].nunique())) for d in dims_namn}
    poster = []
    for rad in df.itertuples(index=False, name=None):
        *varden, varde = rad
        poster.append((dict(zip(dims_namn, (str(v) for v in varden))), str(varde).strip().strip('"')))

    def text(nyckel: str) -> str:
        v = meta_raw.get(nyckel)
        if v is None:
            return ""
        return " ".join(v) if isinstance(v, list) else str(v)

    fotnoter = []
    for k, v in meta_raw.items():
        if k in ("NOTE", "NOTEX") or k.startswith(("NOTE(", "NOTEX(", "VALUENOTE", "CELLNOTE")):
            t = " ".join(v) if isinstance(v, list) else str(v)
            if "(" in k:
                t = f"{k[k.index('(') + 1:-1].replace(',', ': ')}: {t}"
            fotnoter.append(t)
    symboler = {text(k): k for k in meta_raw if k.startswith("DATASYMBOL")}
    meta = {
        "titel": text("TITLE") or text("DESCRIPTION"),
        "innehall": text("CONTENTS"),
        "kalla": text("SOURCE"),
        "enhet": text("UNITS"),
        "fotnoter": fotnoter,
        "tabell": text("MATRIX"),
        "uppdaterad": text("LAST-UPDATED") or text("CREATION-DATE"),
        "px_symboler": {v: k for k, v in symboler.items()},
    }
    return dims, poster, {k: v for k, v in meta.items() if v}


# =========================================================================== JSON-stat
def _las_jsonstat(fil: Path, etikett: str, fv: Forhandsvisning):
    try:
        text = fil.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _Lasfel(f"filen kunde inte läsas som UTF-8 ({type(exc).__name__})") from None
    try:
        js = json.loads(text, object_pairs_hook=OrderedDict)
    except json.JSONDecodeError as exc:
        raise _Lasfel(f"filen är inte giltig JSON (rad {exc.lineno}, tecken {exc.colno}: {exc.msg})") from None
    if isinstance(js, dict) and js.get("class") != "dataset" and "dimension" not in js:
        # JSON-stat 1.x bundle: {"dataset": {...}}
        delar = [v for v in js.values() if isinstance(v, dict) and "dimension" in v]
        if len(delar) != 1:
            raise _Lasfel("filen är inte ett JSON-stat-dataset (förväntade \"class\": \"dataset\" och "
                          "\"dimension\") – ta ut tabellen som JSON-stat 2")
        js = delar[0]
    if not isinstance(js, dict) or "dimension" not in js or "value" not in js:
        raise _Lasfel("filen är inte ett JSON-stat-dataset (förväntade \"dimension\" och \"value\")")
    import warnings

    try:
        from pyjstat import pyjstat

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyjstat warns about its own internal calls
            ds = pyjstat.Dataset.read(js)
            df = ds.write("dataframe", naming="label")
    except Exception as exc:  # noqa: BLE001
        raise _Lasfel(f"filen kunde inte tolkas som JSON-stat ({type(exc).__name__}: {exc})") from None
    ids = list(js.get("id") or js["dimension"].get("id") or [])
    etiketter = [js["dimension"][d].get("label", d) for d in ids]
    kolnamn = [c for c in df.columns if c != "value"]
    status = js.get("status")
    dims = {d: (e, int(df[c].nunique())) for d, e, c in zip(ids, etiketter, kolnamn)}
    poster = []
    for i, rad in enumerate(df.itertuples(index=False, name=None)):
        *varden, varde = rad
        if isinstance(status, str):
            s = status
        elif isinstance(status, list):
            s = status[i] if i < len(status) else None
        elif isinstance(status, dict):
            s = status.get(str(i))
        else:
            s = None
        if varde is None or varde != varde:  # null / NaN
            cell = s if s else ".."
        else:
            cell = str(int(varde)) if float(varde).is_integer() else str(varde)
        poster.append((dict(zip(ids, (str(v) for v in varden))), cell))
    fotnoter = [str(n) for n in js.get("note", [])]
    for d in ids:
        kat = js["dimension"][d].get("category", {})
        for kod, noter in (kat.get("note") or {}).items():
            lbl = (kat.get("label") or {}).get(kod, kod)
            fotnoter += [f"{js['dimension'][d].get('label', d)}: {lbl}: {n}" for n in noter]
    enhet = ""
    for d in ids:
        for u in (js["dimension"][d].get("category", {}).get("unit") or {}).values():
            enhet = enhet or str(u.get("label") or u.get("base") or "")
    px = (js.get("extension") or {}).get("px") or {}
    meta = {"titel": js.get("label", ""), "kalla": js.get("source", ""), "enhet": enhet, "fotnoter": fotnoter,
            "tabell": px.get("tableid", ""), "uppdaterad": js.get("updated", "")}
    return dims, poster, {k: v for k, v in meta.items() if v}
