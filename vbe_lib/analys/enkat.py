"""The city's survey (*enkät*), analysed per respondent group.

Frames (docs/DESIGN.md, "Normalised survey frames"): ``enkat_enheter`` (one row per
answering unit), ``enkat_svar`` (long: one row per unit and question),
``enkat_fragor`` (the catalogue per year), ``enkat_tillfragade`` (units asked),
``enkat_handelser`` (events observed by the units).

Typical use::

    u = enheter_for(ds.enkat_enheter, "sodermalm", 2021, "intern")
    s = svar_for(ds.enkat_svar, u)
    k = kunskapsniva(s)                       # n 27, medel 3.074…, median 3.0
    svarsfrekvens_totalt(u, ds.enkat_tillfragade)

Every share is a float in 0–1 (``Float64`` in frames); "besvarade" counts units
that answered a question (a "vet ej" answer counts as answered, not as yes).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from vbe_lib.analys.saknas import Saknad, ar_saknas, summa
from vbe_lib.parametrar import vocab
from vbe_lib.analys import handelser as _handelser

__all__ = [
    "GRUPPER", "NYCKEL", "AVDELNING_SAKNAS", "facknamnder", "enheter_for", "svar_for",
    "svarsfrekvens", "svarsfrekvens_totalt", "svar_per_avdelning_jamforelse",
    "kunskapsniva", "kunskapsniva_per", "jamforbarhet", "jamfor_kunskapsniva",
    "kannedom", "kannedom_jamforelse", "enheter_med_handelser", "handelser", "handelser_per",
    "atgarder", "samverkan", "fritext", "FritextFraga", "NIVAETIKETTER", "samverkan_etikett",
]

GRUPPER = ("intern", "extern", "fackforvaltning")
#: Columns that identify one answering unit.
NYCKEL = ["ar", "namnd", "grupp", "enhet"]
#: Label for units without a department.
AVDELNING_SAKNAS = "Avdelning ej angiven"
#: Knowledge levels 1–5 and their labels.
NIVAETIKETTER = {1: "1 – ingen kunskap", 2: "2", 3: "3", 4: "4", 5: "5 – mycket bra kunskap"}

_SAMVERKAN = {
    "socialtjanst": "Socialtjänsten", "polis": "Polisen", "skola": "Skolan", "forskola": "Förskolan",
    "fritid": "Fritidsverksamhet", "civilsamhalle": "Civilsamhället", "trossamfund": "Trossamfund",
    "foreningar": "Föreningar", "bibliotek": "Biblioteket", "stadsdelsforvaltning": "Stadsdelsförvaltningen",
    "samordnare": "Samordnaren", "region": "Regionen", "vard": "Hälso- och sjukvården",
}


def samverkan_etikett(partner: str) -> str:
    """Swedish label of a collaboration partner key (``socialtjanst`` → Socialtjänsten)."""
    return _SAMVERKAN.get(partner, partner.replace("_", " ").capitalize())


# ------------------------------------------------------------------ selection
def facknamnder(konf: Any, planar: int | None = None) -> list[str]:
    """Slugs of the specialist committees (``typ: facknamnd``) of a ``Konfiguration``
    (those that write a plan for ``planar`` if given)."""
    namnder = konf.namnder_planar(planar) if planar is not None else list(konf.namnder.values())
    return [n.slug for n in namnder if n.typ == "facknamnd"]


def enheter_for(
    enheter: pd.DataFrame,
    slug: str | Iterable[str],
    planar: int,
    grupp: str | None,
    facknamnder: Iterable[str] | Any = (),
) -> pd.DataFrame:
    """The answering units of one respondent group → rows of ``enkat_enheter``.

    * ``grupp="intern"`` / ``"extern"``: units owned by ``slug`` in that group;
    * ``grupp="fackforvaltning"``: internal units of the specialist committees
      (``facknamnder``: slugs, or a ``Konfiguration``) located in district ``slug``
      (``omrade == slug``), reported per owning committee (column ``namnd``);
    * ``grupp=None``: all units owned by ``slug``.

    The selection is remembered in ``.attrs`` (slug, planar, grupp) for
    :func:`svarsfrekvens`.
    """
    if grupp is not None and grupp not in GRUPPER:
        raise ValueError(f"okänd grupp '{grupp}'; tillåtna är {', '.join(GRUPPER)}")
    slugs = [slug] if isinstance(slug, str) else list(slug)
    aret = pd.to_numeric(enheter["ar"]) == planar
    if grupp == "fackforvaltning":
        fack = _fack(facknamnder)
        mask = aret & enheter["namnd"].isin(fack) & (enheter["grupp"] == "intern") & enheter["omrade"].isin(slugs)
    else:
        mask = aret & enheter["namnd"].isin(slugs)
        if grupp is not None:
            mask &= enheter["grupp"] == grupp
    ut = enheter.loc[mask].reset_index(drop=True)
    ut.attrs = {"slug": slugs[0] if len(slugs) == 1 else slugs, "planar": planar, "grupp": grupp}
    return ut


facknamnder_ = facknamnder  # keep a module-level reference (the parameter shadows it)


def _fack(facknamnder_arg: Any) -> list[str]:
    return facknamnder_(facknamnder_arg) if hasattr(facknamnder_arg, "namnder") else list(facknamnder_arg)


def svar_for(svar: pd.DataFrame, urval: pd.DataFrame) -> pd.DataFrame:
    """Answers of the selected units (long format) with their ``avdelning`` and
    ``omrade`` added."""
    extra = [k for k in ("avdelning", "omrade") if k in urval.columns and k not in svar.columns]
    enh = urval[NYCKEL + extra].drop_duplicates(subset=NYCKEL)
    s = svar.assign(ar=pd.to_numeric(svar["ar"]).astype("int64"))
    enh = enh.assign(ar=pd.to_numeric(enh["ar"]).astype("int64"))
    return s.merge(enh, on=NYCKEL, how="inner")


# ------------------------------------------------------------------ response
def _avdelning(v: Any) -> str:
    return AVDELNING_SAKNAS if v is None or (not isinstance(v, str) and pd.isna(v)) or str(v).strip() == "" else str(v)


def _tillfragade_for(tillfragade: pd.DataFrame, urval: pd.DataFrame, slug: Any, planar: Any,
                     grupp: Any) -> pd.DataFrame | None:
    """Rows of ``tillfragade`` for the selection, None when unknowable (fackförvaltning)."""
    attrs = getattr(urval, "attrs", {}) or {}
    slug = slug if slug is not None else attrs.get("slug")
    planar = planar if planar is not None else attrs.get("planar")
    grupp = grupp if grupp is not None else attrs.get("grupp")
    if grupp == "fackforvaltning" or slug is None or planar is None:
        return None
    slugs = [slug] if isinstance(slug, str) else list(slug)
    m = (pd.to_numeric(tillfragade["ar"]) == planar) & tillfragade["namnd"].isin(slugs)
    if grupp is not None:
        m &= tillfragade["grupp"] == grupp
    return tillfragade.loc[m]


def svarsfrekvens(
    urval: pd.DataFrame,
    tillfragade: pd.DataFrame,
    slug: str | None = None,
    planar: int | None = None,
    grupp: str | None = None,
    efter: str = "avdelning",
) -> pd.DataFrame:
    """Answers and response rate per department → DataFrame(avdelning, svar Int64,
    tillfragade Int64, andel Float64).

    Departments come from the units asked (in that order) and then from the
    answers; a department without a number of units asked has ``tillfragade`` and
    ``andel`` NA. For the derived group ``fackforvaltning`` units asked per district
    are not known: every rate is NA. ``slug``/``planar``/``grupp`` default to the
    selection made by :func:`enheter_for`. ``efter="namnd"`` breaks down by owning
    committee instead (fackförvaltning).
    """
    t = _tillfragade_for(tillfragade, urval, slug, planar, grupp)
    svar_per = urval[efter].map(_avdelning).value_counts(sort=False) if len(urval) else pd.Series(dtype="int64")
    t_per: dict[str, Any] = {}
    if t is not None and efter == "avdelning":
        t2 = t.assign(_avd=t["avdelning"].map(_avdelning), _antal=pd.array(t["antal"], dtype="Int64"))
        t2 = t2.loc[t2["_avd"] != AVDELNING_SAKNAS]
        t_per = {k: summa(list(v))[0] for k, v in t2.groupby("_avd", sort=False)["_antal"]}
    ordning = list(dict.fromkeys([*t_per, *svar_per.index]))
    rows = []
    for avd in ordning:
        n = int(svar_per.get(avd, 0))
        tf = t_per.get(avd, pd.NA)
        andel = n / tf if not pd.isna(tf) and tf > 0 else pd.NA
        rows.append((avd, n, tf, andel))
    ut = pd.DataFrame(rows, columns=[efter, "svar", "tillfragade", "andel"])
    return ut.astype({"svar": "Int64", "tillfragade": "Int64", "andel": "Float64"})


def svarsfrekvens_totalt(
    urval: pd.DataFrame,
    tillfragade: pd.DataFrame,
    slug: str | None = None,
    planar: int | None = None,
    grupp: str | None = None,
) -> dict[str, Any]:
    """Overall answers → ``{"svar": int, "tillfragade": int | None, "andel": float | None}``.

    Units asked: a row without department (the whole group) if there is one,
    else the sum over departments – but only when every department that
    answered has a row and every department's number is known (the missing-value
    rule); otherwise unknown (None) rather than a rate that is too high.
    """
    n = int(len(urval))
    t = _tillfragade_for(tillfragade, urval, slug, planar, grupp)
    tf: int | None = None
    if t is not None and len(t):
        avd = t["avdelning"].map(_avdelning)
        antal = pd.array(t["antal"], dtype="Int64")
        hel = antal[(avd == AVDELNING_SAKNAS).to_numpy()]
        if len(hel) and not pd.isna(hel).all():
            tf = summa(list(hel))[0]
        else:
            kanda = {a for a, v in zip(avd, antal) if not pd.isna(v)}
            svarade = set(urval["avdelning"].map(_avdelning)) if n else set()
            if kanda and svarade <= kanda:
                # every department is a part of the units asked: one unknown makes the total unknown
                tf = summa(list(antal))[0]
        tf = None if tf is None or ar_saknas(tf) else int(tf)
    andel = n / tf if tf else None
    return {"svar": n, "tillfragade": tf, "andel": andel}


def svar_per_avdelning_jamforelse(
    enheter: pd.DataFrame,
    slug: str | Iterable[str],
    ar: int,
    ar_foreg: int,
    grupp: str | None = None,
) -> pd.DataFrame:
    """Answers per department (for a school committee: school form) in two years →
    DataFrame(avdelning, svar_foreg Int64, svar Int64, forandring Int64).

    Departments in order of first appearance (previous year first). A department
    missing in a year in which the committee has answers counts 0; a year without
    any answer from the committee is NA. The years are in ``.attrs``.
    """
    a = enheter_for(enheter, slug, ar_foreg, grupp)
    b = enheter_for(enheter, slug, ar, grupp)
    ra = a["avdelning"].map(_avdelning).value_counts(sort=False) if len(a) else None
    rb = b["avdelning"].map(_avdelning).value_counts(sort=False) if len(b) else None
    ordning = list(dict.fromkeys([*(ra.index if ra is not None else []), *(rb.index if rb is not None else [])]))
    rows = []
    for avd in ordning:
        fa = int(ra.get(avd, 0)) if ra is not None else pd.NA
        fb = int(rb.get(avd, 0)) if rb is not None else pd.NA
        rows.append((avd, fa, fb))
    ut = pd.DataFrame(rows, columns=["avdelning", "svar_foreg", "svar"]).astype(
        {"svar_foreg": "Int64", "svar": "Int64"})
    ut["forandring"] = (ut["svar"] - ut["svar_foreg"]).astype("Int64")
    ut.attrs = {"ar": ar, "ar_foreg": ar_foreg}
    return ut


# ------------------------------------------------------------------ knowledge
def _matt(svar: pd.DataFrame, matt: str, fraga_id: str | None = None) -> pd.DataFrame:
    rader = svar.loc[svar["matt"] == matt]
    if fraga_id is not None:
        rader = rader.loc[rader["fraga_id"] == fraga_id]
    return rader


def _vardet(rader: pd.DataFrame) -> pd.Series:
    v = pd.to_numeric(rader["varde"], errors="coerce").astype("Float64")
    if "vet_ej" in rader.columns:
        v = v.where(~rader["vet_ej"].astype("boolean").fillna(False).to_numpy())
    return v.dropna()


def kunskapsniva(svar: pd.DataFrame, fraga_id: str | None = None) -> dict[str, Any]:
    """Knowledge level 1–5 (``matt == "kunskapsniva"``) of the answers given →
    ``{"n": int, "medel": float | None, "median": float | None,
    "fordelning": DataFrame(niva, etikett, antal Int64, andel Float64)}``.

    Only answers 1–5 count; "vet ej" and blanks are left out of n.
    """
    v = _vardet(_matt(svar, "kunskapsniva", fraga_id))
    v = v[(v >= 1) & (v <= 5)]
    n = int(len(v))
    raknat = v.round().astype("Int64").value_counts()
    nivaer = list(NIVAETIKETTER)
    antal = pd.array([int(raknat.get(k, 0)) for k in nivaer], dtype="Int64")
    fordelning = pd.DataFrame({
        "niva": nivaer,
        "etikett": [NIVAETIKETTER[k] for k in nivaer],
        "antal": antal,
        "andel": pd.array([a / n if n else pd.NA for a in antal], dtype="Float64"),
    })
    return {
        "n": n,
        "medel": float(v.mean()) if n else None,
        "median": float(v.median()) if n else None,
        "fordelning": fordelning,
    }


def kunskapsniva_per(svar: pd.DataFrame, efter: str = "avdelning", fraga_id: str | None = None) -> pd.DataFrame:
    """Knowledge level per department (or owning committee with ``efter="namnd"``) →
    DataFrame(<efter>, n Int64, medel Float64, median Float64)."""
    rader = _matt(svar, "kunskapsniva", fraga_id)
    rows = []
    if len(rader):
        nycklar = rader[efter].map(_avdelning) if efter == "avdelning" else rader[efter]
        for k, del_ in rader.groupby(nycklar, sort=False):
            res = kunskapsniva(del_, fraga_id)
            rows.append((k, res["n"], res["medel"], res["median"]))
    ut = pd.DataFrame(rows, columns=[efter, "n", "medel", "median"])
    return ut.astype({"n": "Int64", "medel": "Float64", "median": "Float64"})


def jamforbarhet(fragor: pd.DataFrame, matt: str, ar: int, ar_foreg: int,
                 fraga_id: str | None = None) -> dict[str, Any]:
    """May measure ``matt`` be compared between ``ar_foreg`` and ``ar``?

    Only when the same ``fraga_id`` with that measure is in both years' catalogues.
    → ``{"jamforbar": bool, "fraga_id": str | None, "orsak": str | None}`` with a
    Swedish reason when not comparable.
    """
    def ids(a: int) -> list[str]:
        m = (pd.to_numeric(fragor["ar"]) == a) & (fragor["matt"] == matt)
        if fraga_id is not None:
            m &= fragor["fraga_id"] == fraga_id
        return list(dict.fromkeys(fragor.loc[m, "fraga_id"]))

    nu, foreg = ids(ar), ids(ar_foreg)
    if not nu:
        return {"jamforbar": False, "fraga_id": None, "orsak": f"Frågan ställdes inte {ar}."}
    if not (pd.to_numeric(fragor["ar"]) == ar_foreg).any():
        return {"jamforbar": False, "fraga_id": None, "orsak": f"Det finns ingen enkät från {ar_foreg} att jämföra med."}
    if not foreg:
        return {"jamforbar": False, "fraga_id": None, "orsak": f"Frågan ställdes inte {ar_foreg}."}
    gemensam = [i for i in nu if i in foreg]
    if not gemensam:
        return {"jamforbar": False, "fraga_id": None,
                "orsak": f"Frågan har ändrats sedan {ar_foreg} och jämförs därför inte."}
    return {"jamforbar": True, "fraga_id": gemensam[0], "orsak": None}


def jamfor_kunskapsniva(svar: pd.DataFrame, svar_foreg: pd.DataFrame, fragor: pd.DataFrame,
                        ar: int, ar_foreg: int) -> dict[str, Any]:
    """Knowledge level this year against ``ar_foreg`` (same question only) →
    ``{"jamforbar", "orsak", "ar", "ar_foreg", "nu", "foreg", "forandring"}`` where
    ``nu``/``foreg`` are :func:`kunskapsniva` results (``foreg`` None when not
    comparable) and ``forandring`` the change of the mean."""
    j = jamforbarhet(fragor, "kunskapsniva", ar, ar_foreg)
    fid = j["fraga_id"]
    nu = kunskapsniva(svar, fid) if j["jamforbar"] else kunskapsniva(svar)
    ut = {"jamforbar": j["jamforbar"], "orsak": j["orsak"], "ar": ar, "ar_foreg": ar_foreg,
          "nu": nu, "foreg": None, "forandring": None}
    if not j["jamforbar"]:
        return ut
    foreg = kunskapsniva(svar_foreg, fid)
    if foreg["n"] == 0:
        ut.update(jamforbar=False, orsak=f"Det finns inga svar från {ar_foreg} att jämföra med.")
        return ut
    ut["foreg"] = foreg
    if nu["n"]:
        ut["forandring"] = nu["medel"] - foreg["medel"]
    return ut


# ------------------------------------------------------------------ yes/no measures
def _janej(svar: pd.DataFrame, prefix: str, efter: str | None) -> pd.DataFrame:
    """Yes/no measures ``<prefix>:<key>`` → DataFrame([efter], nyckel, besvarade, ja, andel)."""
    rader = svar.loc[svar["matt"].astype("string").str.startswith(prefix + ":", na=False)]
    kol = ([efter] if efter else []) + ["nyckel", "besvarade", "ja", "andel"]
    if not len(rader):
        return pd.DataFrame({k: [] for k in kol}).astype({"besvarade": "Int64", "ja": "Int64", "andel": "Float64"})
    v = pd.to_numeric(rader["varde"], errors="coerce").astype("Float64")
    d = pd.DataFrame({"nyckel": rader["matt"].str.split(":", n=1).str[1].to_numpy(), "v": v.to_numpy()})
    if efter:
        d.insert(0, efter, rader[efter].map(_avdelning).to_numpy() if efter == "avdelning" else rader[efter].to_numpy())
    g = d.groupby(([efter] if efter else []) + ["nyckel"], sort=False)["v"]
    ut = pd.DataFrame({"besvarade": g.count(), "ja": g.apply(lambda s: int((s == 1).sum()))}).reset_index()
    ut = ut.astype({"besvarade": "Int64", "ja": "Int64"})
    ut["andel"] = pd.array([j / b if b else pd.NA for j, b in zip(ut["ja"], ut["besvarade"])], dtype="Float64")
    return ut[kol]


def _andel_medel(svar: pd.DataFrame, prefix: str, efter: str | None) -> pd.DataFrame:
    rader = svar.loc[svar["matt"].astype("string").str.startswith(prefix + ":", na=False)]
    kol = ([efter] if efter else []) + ["nyckel", "besvarade", "andel"]
    if not len(rader):
        return pd.DataFrame({k: [] for k in kol}).astype({"besvarade": "Int64", "andel": "Float64"})
    v = _vardet(rader)
    r = rader.loc[v.index]
    d = pd.DataFrame({"nyckel": r["matt"].str.split(":", n=1).str[1].to_numpy(), "v": (v / 100).to_numpy()})
    if efter:
        d.insert(0, efter, r[efter].map(_avdelning).to_numpy() if efter == "avdelning" else r[efter].to_numpy())
    g = d.groupby(([efter] if efter else []) + ["nyckel"], sort=False)["v"]
    ut = pd.DataFrame({"besvarade": g.count(), "andel": g.mean()}).reset_index()
    return ut.astype({"besvarade": "Int64", "andel": "Float64"})[kol]


def kannedom(svar: pd.DataFrame, efter: str | None = None, bara_stallda: bool = True) -> pd.DataFrame:
    """Awareness of each item (``vocab.KANNEDOM``) among managers and staff →
    DataFrame([efter], item, etikett, chef_besvarade Int64, chef_ja Int64,
    chef_andel Float64, medarbetare_besvarade Int64, medarbetare_andel Float64).

    Managers (``kannedom_chef:<item>``): share yes among units that answered.
    Staff (``kannedom_medarbetare:<item>``, 0–100 per unit): the mean of the units'
    shares, as 0–1. NA where the question was not asked; ``bara_stallda`` drops
    items asked neither way.
    """
    chef = _janej(svar, "kannedom_chef", efter).rename(
        columns={"nyckel": "item", "besvarade": "chef_besvarade", "ja": "chef_ja", "andel": "chef_andel"})
    med = _andel_medel(svar, "kannedom_medarbetare", efter).rename(
        columns={"nyckel": "item", "besvarade": "medarbetare_besvarade", "andel": "medarbetare_andel"})
    grupper = list(dict.fromkeys([*(chef[efter] if efter else []), *(med[efter] if efter else [])])) if efter else [None]
    rows = []
    for gr in grupper:
        c = chef.loc[chef[efter] == gr] if efter else chef
        m = med.loc[med[efter] == gr] if efter else med
        items = vocab.KANNEDOM.nycklar + [i for i in dict.fromkeys([*c["item"], *m["item"]])
                                          if i not in vocab.KANNEDOM.etiketter]
        for it in items:
            cr = c.loc[c["item"] == it]
            mr = m.loc[m["item"] == it]
            if bara_stallda and not len(cr) and not len(mr):
                continue
            row = ([gr] if efter else []) + [
                it, vocab.KANNEDOM.etiketter.get(it, it),
                cr["chef_besvarade"].iloc[0] if len(cr) else pd.NA,
                cr["chef_ja"].iloc[0] if len(cr) else pd.NA,
                cr["chef_andel"].iloc[0] if len(cr) else pd.NA,
                mr["medarbetare_besvarade"].iloc[0] if len(mr) else pd.NA,
                mr["medarbetare_andel"].iloc[0] if len(mr) else pd.NA,
            ]
            rows.append(row)
    kol = ([efter] if efter else []) + ["item", "etikett", "chef_besvarade", "chef_ja", "chef_andel",
                                        "medarbetare_besvarade", "medarbetare_andel"]
    ut = pd.DataFrame(rows, columns=kol)
    return ut.astype({"chef_besvarade": "Int64", "chef_ja": "Int64", "chef_andel": "Float64",
                      "medarbetare_besvarade": "Int64", "medarbetare_andel": "Float64"})


def kannedom_jamforelse(svar: pd.DataFrame, svar_foreg: pd.DataFrame, fragor: pd.DataFrame,
                        ar: int, ar_foreg: int) -> pd.DataFrame:
    """Managers' and staff's awareness now and in ``ar_foreg``, per item, only where the
    question is the same → DataFrame(item, etikett, chef_andel, chef_andel_foreg,
    medarbetare_andel, medarbetare_andel_foreg, jamforbar bool, orsak)."""
    nu = kannedom(svar)
    fo = kannedom(svar_foreg)
    rows = []
    for _, r in nu.iterrows():
        it = r["item"]
        jc = jamforbarhet(fragor, f"kannedom_chef:{it}", ar, ar_foreg)
        jm = jamforbarhet(fragor, f"kannedom_medarbetare:{it}", ar, ar_foreg)
        f = fo.loc[fo["item"] == it]
        rows.append((
            it, r["etikett"], r["chef_andel"],
            f["chef_andel"].iloc[0] if jc["jamforbar"] and len(f) else pd.NA,
            r["medarbetare_andel"],
            f["medarbetare_andel"].iloc[0] if jm["jamforbar"] and len(f) else pd.NA,
            bool(jc["jamforbar"] or jm["jamforbar"]),
            jc["orsak"] if not jc["jamforbar"] else jm["orsak"],
        ))
    ut = pd.DataFrame(rows, columns=["item", "etikett", "chef_andel", "chef_andel_foreg", "medarbetare_andel",
                                     "medarbetare_andel_foreg", "jamforbar", "orsak"])
    return ut.astype({"chef_andel": "Float64", "chef_andel_foreg": "Float64", "medarbetare_andel": "Float64",
                      "medarbetare_andel_foreg": "Float64", "jamforbar": "bool"})


# ------------------------------------------------------------------ events and actions
def _handelser_for(enkat_handelser: pd.DataFrame, urval: pd.DataFrame) -> pd.DataFrame:
    h = enkat_handelser.assign(ar=pd.to_numeric(enkat_handelser["ar"]).astype("int64"))
    enh = urval[NYCKEL].drop_duplicates().assign(ar=lambda d: pd.to_numeric(d["ar"]).astype("int64"))
    return h.merge(enh, on=NYCKEL, how="inner")


def enheter_med_handelser(enkat_handelser: pd.DataFrame, urval: pd.DataFrame) -> pd.DataFrame:
    """Selected units that reported at least one event → DataFrame(ar, namnd, grupp,
    enhet, antal Int64). A unit with an event row whose count is empty reported
    events (how many is not known: ``antal`` NA)."""
    h = _handelser_for(enkat_handelser, urval)
    h = h.assign(antal=pd.array(h["antal"], dtype="Int64"))
    ut = (h.groupby(NYCKEL, sort=False)["antal"]
          .agg(lambda x: pd.NA if x.isna().any() else int(x.sum())).reset_index())
    ut["antal"] = pd.array(ut["antal"], dtype="Int64")
    ut = ut.loc[ut["antal"].isna() | (ut["antal"].fillna(0) > 0)].reset_index(drop=True)
    return ut.astype({"antal": "Int64"})


def handelser(enkat_handelser: pd.DataFrame, urval: pd.DataFrame) -> pd.DataFrame:
    """Events observed by the selected units, miljö × händelsetyp → tidy
    DataFrame(miljo, miljo_etikett, handelsetyp, handelsetyp_etikett, antal Int64),
    every combination of the vocabularies; 0 where no unit reported one (NA for
    every cell when no unit answered), NA where a unit's row has an empty count
    (uppgift saknas: not the sum of the other units)."""
    h = _handelser_for(enkat_handelser, urval)
    slugs = list(h["namnd"].unique()) if len(h) else []
    ut = _handelser.korstabell(h if len(h) else h.assign(antal=pd.array([], dtype="Int64")), slugs, "miljo",
                               "handelsetyp", None, vocab.MILJOER, vocab.HANDELSETYPER)
    if len(urval):
        med_rad = set(zip(h["miljo"].astype(object), h["handelsetyp"].astype(object)))
        ut["antal"] = pd.array([v if (m, t) in med_rad else 0
                                for m, t, v in zip(ut["miljo"], ut["handelsetyp"], ut["antal"])], dtype="Int64")
    return ut


def handelser_per(enkat_handelser: pd.DataFrame, urval: pd.DataFrame, kolumn: str = "miljo") -> pd.DataFrame:
    """Events of the selected units by ``miljo`` or ``handelsetyp`` →
    DataFrame(<kolumn>, etikett, antal Int64, andel Float64, saknas).

    A category is missing when one of its cells is (``saknas`` names the cell: the
    other dimension's label); shares are missing when any category is."""
    return per_kategori(handelser(enkat_handelser, urval), kolumn, har_urval=bool(len(urval)))


def per_kategori(t: pd.DataFrame, kolumn: str = "miljo", har_urval: bool = True) -> pd.DataFrame:
    """:func:`handelser_per` from an already computed :func:`handelser` table ``t``
    (``har_urval``: the selection had units), so that a report asking for both
    dimensions of the same selection cross-tabulates it once. ``t`` is not changed."""
    vok = vocab.MILJOER if kolumn == "miljo" else vocab.HANDELSETYPER
    annan = "handelsetyp" if kolumn == "miljo" else "miljo"
    nycklar = list(dict.fromkeys(t[kolumn]))
    antal_l, saknas = [], []
    for k in nycklar:
        d = t[t[kolumn] == k]
        v, _ = summa(list(d["antal"]))
        antal_l.append(v)
        saknas.append(tuple(Saknad(f"{vok.etikett(k).lower()}, {e.lower()}") for e, a in
                            zip(d[f"{annan}_etikett"], d["antal"]) if ar_saknas(a)) if har_urval else ())
    antal = pd.array(antal_l, dtype="Int64")
    total, _ = summa(list(antal))
    andel = pd.array([pd.NA if pd.isna(a) or pd.isna(total) or not total else a / total for a in antal],
                     dtype="Float64")
    return pd.DataFrame({kolumn: nycklar, "etikett": [vok.etikett(k) for k in nycklar], "antal": antal,
                         "andel": andel, "saknas": pd.Series(saknas, dtype="object")})


def atgarder(svar: pd.DataFrame, bara_enheter: pd.DataFrame | None = None) -> pd.DataFrame:
    """Actions taken after events (``atgard:<key>``) → DataFrame(atgard, etikett,
    besvarade Int64, ja Int64, andel Float64), in ``vocab.ATGARDER`` order.

    The base is the units that answered the question (units without events
    normally leave it blank). Pass ``bara_enheter`` (e.g. the output of
    :func:`enheter_med_handelser`) to count only among those units.
    """
    s = svar
    if bara_enheter is not None:
        keys = bara_enheter[NYCKEL].assign(ar=lambda d: pd.to_numeric(d["ar"]).astype("int64"))
        s = svar.assign(ar=pd.to_numeric(svar["ar"]).astype("int64")).merge(keys, on=NYCKEL, how="inner")
    r = _janej(s, "atgard", None)
    ordning = vocab.ATGARDER.nycklar + [k for k in r["nyckel"] if k not in vocab.ATGARDER.etiketter]
    r = r.set_index("nyckel").reindex([k for k in ordning if k in set(r["nyckel"])]).reset_index()
    r = r.rename(columns={"nyckel": "atgard"})
    r.insert(1, "etikett", [vocab.ATGARDER.etiketter.get(k, k) for k in r["atgard"]])
    return r.astype({"besvarade": "Int64", "ja": "Int64", "andel": "Float64"})


def samverkan(svar: pd.DataFrame, efter: str | None = None) -> pd.DataFrame:
    """Existing collaboration (``samverkan:<partner>``): share yes among units that
    answered → DataFrame([efter], partner, etikett, besvarade Int64, ja Int64,
    andel Float64)."""
    r = _janej(svar, "samverkan", efter).rename(columns={"nyckel": "partner"})
    r.insert(2 if efter else 1, "etikett", [samverkan_etikett(p) for p in r["partner"]])
    return r


# ------------------------------------------------------------------ free text
@dataclass
class FritextFraga:
    """The answers to one free-text question (not yet screened for personal data)."""

    fraga_id: str
    amne: str
    fragetext: str
    svar: list[str] = field(default_factory=list)
    #: where each answer stands: (file, row as the coordinator sees it), parallel to
    #: ``svar``; ("", 0) where the frame does not say (hand-built tables)
    kallor: list[tuple[str, int]] = field(default_factory=list)
    #: the column header of the answers in the survey file (the catalogue's Kolumn)
    kolumn: str = ""


def fritext(svar: pd.DataFrame, fragor: pd.DataFrame, ar: int | None = None,
            bara_besvarade: bool = False) -> list[FritextFraga]:
    """Free-text answers (``fritext:<topic>``) grouped by question, in catalogue
    order, each with its question text; empty answers left out. Questions of the
    year's catalogue without answers are kept (``svar == []``) unless
    ``bara_besvarade``."""
    if ar is None:
        ar_i_svar = pd.to_numeric(svar["ar"]).unique()
        ar = int(ar_i_svar[0]) if len(ar_i_svar) else None
    kat = fragor.loc[(pd.to_numeric(fragor["ar"]) == ar) & fragor["matt"].astype("string").str.startswith("fritext", na=False)] if ar is not None else fragor.iloc[0:0]
    rader = svar.loc[svar["matt"].astype("string").str.startswith("fritext", na=False)]
    textkol = "text" if "text" in rader.columns else "varde"
    ut = []
    idn = list(dict.fromkeys([*kat["fraga_id"], *rader["fraga_id"]]))
    for fid in idn:
        k = kat.loc[kat["fraga_id"] == fid]
        r = rader.loc[rader["fraga_id"] == fid]
        matt = str(k["matt"].iloc[0] if len(k) else r["matt"].iloc[0])
        filer = r["fil"] if "fil" in r.columns else pd.Series("", index=r.index)
        radnr = r["rad"] if "rad" in r.columns else pd.Series(0, index=r.index)
        texter, kallor = [], []
        for t, f, n in zip(r[textkol], filer, radnr):
            if isinstance(t, str) and t.strip():
                texter.append(t.strip())
                kallor.append(("" if ar_saknas(f) else str(f), 0 if ar_saknas(n) else int(n)))
        if bara_besvarade and not texter:
            continue
        ut.append(FritextFraga(
            fraga_id=str(fid),
            amne=matt.split(":", 1)[1] if ":" in matt else "",
            fragetext=str(k["fragetext"].iloc[0]) if len(k) else str(fid),
            svar=texter,
            kallor=kallor,
            kolumn=str(k["kolumn"].iloc[0]) if len(k) and "kolumn" in k.columns else "",
        ))
    return ut
