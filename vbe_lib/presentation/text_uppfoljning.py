"""Generated Swedish sentences of the follow-up (status counts, past timelines, changes)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from vbe_lib.analys.aktiviteter import STATUSORDNING, grupper, statusantal
from vbe_lib.presentation import fmt
from vbe_lib.presentation.text import uppraknad

def _n(k: int) -> str:
    return fmt.tal(k)


# (first element, inverted after "Av N aktiviteter": verb before the count)
def _forst(k: str | None, n: int) -> str:
    t = _n(n)
    return {
        "genomford": f"är {t} genomförd" if n == 1 else f"är {t} genomförda",
        "pagaende": f"pågår {t}",
        "paborjad": f"har {t} påbörjats",
        "ej_paborjad": f"har {t} inte påbörjats",
        "installd": f"är {t} inställd" if n == 1 else f"är {t} inställda",
        None: f"saknar {t} status",
    }[k]


def _senare(k: str | None, n: int) -> str:
    t = _n(n)
    return {
        "genomford": f"{t} är genomförd" if n == 1 else f"{t} är genomförda",
        "pagaende": f"{t} pågår",
        "paborjad": f"{t} har påbörjats",
        "ej_paborjad": f"{t} har inte påbörjats",
        "installd": f"{t} är inställd" if n == 1 else f"{t} är inställda",
        None: f"{t} saknar status",
    }[k]


_ENDA = {
    "genomford": "är genomförd", "pagaende": "pågår", "paborjad": "har påbörjats",
    "ej_paborjad": "har inte påbörjats", "installd": "är inställd", None: "saknar status",
}
_ALLA = {
    "genomford": "är genomförda", "pagaende": "pågår", "paborjad": "har påbörjats",
    "installd": "är inställda",
}


def mening_status(antal: Mapping[str | None, int] | pd.DataFrame) -> str:
    """'Av 14 aktiviteter är 9 genomförda, 3 pågår och 2 har inte påbörjats.'

    Correct Swedish for 0, 1, 2 and n activities and when all share one status."""
    if isinstance(antal, pd.DataFrame):
        antal = statusantal(antal)
    antal = {k: int(antal.get(k, 0)) for k in STATUSORDNING}
    n = sum(antal.values())
    if n == 0:
        return "Planen innehöll inga aktiviteter."
    nollskilda = [k for k in STATUSORDNING if antal[k] > 0]
    if n == 1:
        return f"Den enda aktiviteten {_ENDA[nollskilda[0]]}."
    if len(nollskilda) == 1:
        k = nollskilda[0]
        if n == 2:
            if k == "ej_paborjad":
                return "Ingen av de två aktiviteterna har påbörjats."
            if k is None:
                return "Ingen av de två aktiviteterna har någon status."
            return f"Båda aktiviteterna {_ALLA[k]}."
        if k == "ej_paborjad":
            return f"Ingen av de {_n(n)} aktiviteterna har påbörjats."
        if k is None:
            return f"Ingen av de {_n(n)} aktiviteterna har någon status."
        return f"Samtliga {_n(n)} aktiviteter {_ALLA[k]}."
    delar = [_forst(nollskilda[0], antal[nollskilda[0]])] + [_senare(k, antal[k]) for k in nollskilda[1:]]
    return f"Av {_n(n)} aktiviteter {uppraknad(delar)}."


def mening_forsenade(n: int, planar: int, uppfoljningsdatum: dt.date) -> str:
    """Sentence about activities of plan ``planar`` past their timeline and not done."""
    dag = fmt.datum(uppfoljningsdatum)
    if n == 0:
        return (f"Ingen aktivitet i handlingsplan {planar} hade passerat sin tidplan den {dag} "
                "utan att vara genomförd eller inställd.")
    if n == 1:
        return (f"En aktivitet i handlingsplan {planar} hade passerat sin tidplan den {dag} "
                "utan att vara genomförd eller inställd.")
    return (f"{_n(n)} aktiviteter i handlingsplan {planar} hade passerat sin tidplan den {dag} "
            "utan att vara genomförda eller inställda.")


def mening_forandringar(ny: int, overford: int, borttagen: int, foregaende_ar: int, ar: int) -> str:
    """'Handlingsplan 2021 har 10 aktiviteter: 6 är överförda från handlingsplan 2020 och
    4 är nya. 5 aktiviteter från handlingsplan 2020 finns inte kvar.'"""
    total = ny + overford
    fran = f"från handlingsplan {foregaende_ar}"
    if total == 0:
        forsta = f"Handlingsplan {ar} har inga aktiviteter."
    elif total == 1:
        forsta = f"Handlingsplan {ar} har en aktivitet, som är " + (f"överförd {fran}." if overford else "ny.")
    elif ny == 0:
        forsta = f"Handlingsplan {ar} har {_n(total)} aktiviteter, som samtliga är överförda {fran}."
    elif overford == 0:
        forsta = f"Handlingsplan {ar} har {_n(total)} aktiviteter, som samtliga är nya."
    else:
        o = f"{_n(overford)} är överförd {fran}" if overford == 1 else f"{_n(overford)} är överförda {fran}"
        y = f"{_n(ny)} är ny" if ny == 1 else f"{_n(ny)} är nya"
        forsta = f"Handlingsplan {ar} har {_n(total)} aktiviteter: {o} och {y}."
    if borttagen == 0:
        if overford == 0:
            return forsta
        andra = f"Alla aktiviteter {fran} finns kvar."
    elif borttagen == 1:
        andra = f"En aktivitet {fran} finns inte kvar."
    else:
        andra = f"{_n(borttagen)} aktiviteter {fran} finns inte kvar."
    return f"{forsta} {andra}"


def mening_grupper(df: pd.DataFrame) -> str:
    """'Aktiviteterna redovisas i fyra grupper.' (or one group, by name)."""
    g = grupper(df)
    if not g:
        return ""
    if len(g) == 1:
        return f"Alla aktiviteter hör till gruppen ”{g[0]}”."
    return f"Aktiviteterna redovisas nedan i {fmt.tal_ord(len(g))} grupper."
