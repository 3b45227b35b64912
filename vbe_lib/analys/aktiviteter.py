"""The follow-up's figures: activities of a plan counted by group and status, past
timelines and the changes between two plans (DataFrames in, DataFrames/values out)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from vbe_lib.indata.aktiviteter import KLARA_STATUSAR
from vbe_lib.parametrar.vocab import AKTIVITETSGRUPPER, STATUSAR

#: Columns of the follow-up tables, in the seeds' order.
TABELLKOLUMNER = ["Aktivitet", "Ansvarig", "Tidplan", "Status", "Kommentar"]
#: Status keys in display order; None = no status (plan not followed up).
STATUSORDNING: list[str | None] = [*STATUSAR.nycklar, None]
INGEN_STATUS = "Ingen status"
KALLA = "Nämndens aktivitetsfil (data/aktiviteter)"


def har_varde(v: object) -> bool:
    """True for a real value (not None, NA, NaN or '')."""
    if v is None:
        return False
    if isinstance(v, str):
        return v != ""
    return not pd.isna(v)


def statusetikett(nyckel: str | None) -> str:
    return STATUSAR.etikett(nyckel) if har_varde(nyckel) else INGEN_STATUS


def grupper(df: pd.DataFrame) -> list[str]:
    """Group labels in display order: the four standard groups (vocabulary order), then
    a committee's own groups in the order they first appear in the file."""
    if df.empty:
        return []
    std = [AKTIVITETSGRUPPER.etikett(k) for k in AKTIVITETSGRUPPER.nycklar]
    finns = list(dict.fromkeys(df["grupp"]))
    return [g for g in std if g in finns] + [g for g in finns if g not in std]


def statusantal(df: pd.DataFrame) -> dict[str | None, int]:
    """Number of activities per status key (every key present, None = no status)."""
    s = df["status"] if not df.empty else pd.Series([], dtype=object)
    return {k: int((s.isna() if k is None else (s == k)).sum()) for k in STATUSORDNING}


def statusrakning(df: pd.DataFrame) -> pd.DataFrame:
    """Counts per group (rows, plus 'Totalt') and status (columns, plus 'Totalt').

    The column 'Ingen status' is present only when some activity lacks a status."""
    rader = {g: statusantal(df[df["grupp"] == g]) for g in grupper(df)}
    rader["Totalt"] = statusantal(df)
    nycklar = [k for k in STATUSORDNING if k is not None or rader["Totalt"][None] > 0]
    ut = pd.DataFrame(
        {statusetikett(k): [rader[g][k] for g in rader] for k in nycklar}, index=list(rader)
    )
    ut["Totalt"] = ut.sum(axis=1)
    ut.index.name = "Grupp"
    return ut.astype("int64")


def tabeller(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One table per group (label → DataFrame with :data:`TABELLKOLUMNER`, all text)."""
    ut: dict[str, pd.DataFrame] = {}
    for g in grupper(df):
        d = df[df["grupp"] == g]
        ut[g] = pd.DataFrame({
            "Aktivitet": d["aktivitet"].tolist(),
            "Ansvarig": d["ansvarig"].tolist(),
            "Tidplan": d["tidplan"].tolist(),
            "Status": [STATUSAR.etikett(s) if har_varde(s) else "" for s in d["status"]],
            "Kommentar": d["kommentar"].tolist(),
        }, columns=TABELLKOLUMNER)
    return ut


def forsenade(df: pd.DataFrame, uppfoljningsdatum: dt.date) -> pd.DataFrame:
    """Activities whose timeline ended before ``uppfoljningsdatum`` and that are neither
    done nor cancelled (status missing counts as not done)."""
    kol = ["Aktivitet", "Grupp", "Tidplan", "Status"]
    if df.empty:
        return pd.DataFrame(columns=kol)
    mask = [
        (s is not None and s < uppfoljningsdatum) and (st not in KLARA_STATUSAR)
        for s, st in zip(df["slutdatum"], df["status"])
    ]
    d = df[mask]
    return pd.DataFrame({
        "Aktivitet": d["aktivitet"].tolist(),
        "Grupp": d["grupp"].tolist(),
        "Tidplan": d["tidplan"].tolist(),
        "Status": [statusetikett(s) for s in d["status"]],
    }, columns=kol)


FORANDRINGAR = {"overford": "Överförd", "ny": "Ny", "borttagen": "Finns inte kvar"}


def forandringar(foregaende: pd.DataFrame, aktuell: pd.DataFrame) -> pd.DataFrame:
    """Changes between two plans by Id: 'ny' (only in the current plan), 'overford'
    (in both), 'borttagen' (only in the previous plan; ``status`` says how it ended)."""
    kol = ["id", "aktivitet", "grupp", "forandring", "status"]
    fore = {r.id: r for r in foregaende.itertuples()} if not foregaende.empty else {}
    nu = {r.id: r for r in aktuell.itertuples()} if not aktuell.empty else {}
    rader = []
    for i, r in nu.items():
        rader.append((i, r.aktivitet, r.grupp, "overford" if i in fore else "ny",
                      fore[i].status if i in fore else None))
    for i, r in fore.items():
        if i not in nu:
            rader.append((i, r.aktivitet, r.grupp, "borttagen", r.status))
    return pd.DataFrame({k: pd.Series([r[i] for r in rader], dtype=object) for i, k in enumerate(kol)})


def forandringstabell(fdf: pd.DataFrame) -> pd.DataFrame:
    """Reader-facing table of :func:`forandringar`: Förändring, Aktivitet, Grupp, Status."""
    ordning = {k: i for i, k in enumerate(FORANDRINGAR)}
    d = fdf.assign(_o=fdf["forandring"].map(ordning)).sort_values("_o", kind="stable")
    return pd.DataFrame({
        "Förändring": [FORANDRINGAR[f] for f in d["forandring"]],
        "Aktivitet": d["aktivitet"].tolist(),
        "Grupp": d["grupp"].tolist(),
        "Status i föregående plan": [
            ("" if f == "ny" else statusetikett(s)) for f, s in zip(d["forandring"], d["status"])
        ],
    })


def foregaende_planer(konf, slug: str, planar: int) -> list[str]:
    """Committees whose plan ``planar − 1`` is followed up in ``slug``'s plan ``planar``:
    itself if it had one, and every committee whose work it took over."""
    return [n.slug for n in konf.namnder_planar(planar - 1)
            if konf.efterfoljare_planar(n.slug, planar) == slug]
