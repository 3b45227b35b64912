"""The municipality's own words in the generated example texts.

The generator's free texts (police texts, survey answers and questions, activity cells,
the plan's common text, the data README) are written in the words of the municipality the
example was first made for (:data:`KALLA`, Stockholm: "staden", "stadsdelsområdet",
"stadsövergripande" …). :func:`ordbyte` returns a function that puts the configured
municipality's words (``kommun.yml`` ``ord:``, see :class:`vbe_lib.parametrar.ordlistor.Kommunord`)
in their place, so that ``vbe exempeldata --parametrar <annan kommun>`` gives that
municipality's words and never Stockholm's. For Stockholm's own configuration the
function changes nothing (tested: the committed example data are unchanged).

Swedish forms derived from the configured words (a heuristic that holds for the words
municipalities use: "stadsdel", "kommundel", "område", "stadsdelsområde"):

* the district word is the district committee word less "nämnd" and its linking s
  ("stadsdelsnämnd" → "stadsdel", "kommundelsnämnd" → "kommundel", "områdesnämnd" → "område");
* definite singular: a word ending in -e takes -t ("området"), others -en ("kommundelen");
* definite plural genitive: -e words take -nas ("områdenas"), others -arnas ("kommundelarnas");
* compounds: the word and a linking s ("kommundelsförvaltningen", "områdesdirektör").
"""
from __future__ import annotations

import re
from collections.abc import Callable

#: the short name of the municipality whose words the generator's texts are written in
KALLA = "Stockholm"


def _stor(t: str) -> str:
    return t[:1].upper() + t[1:]


def _liten(t: str) -> str:
    return t[:1].lower() + t[1:]


def _bestamd(ord_: str) -> str:
    return ord_ + ("t" if ord_.endswith("e") else "en")


def _bestamd_plural_genitiv(ord_: str) -> str:
    return ord_ + ("nas" if ord_.endswith("e") else "arnas")


def _sammansattning(ord_: str) -> str:
    return ord_ if ord_.endswith("s") else ord_ + "s"


def distriktsord(distriktsnamnd: str) -> str:
    """'stadsdelsnämnd' → 'stadsdel', 'områdesnämnd' → 'område'."""
    t = distriktsnamnd
    if t.endswith("nämnd"):
        t = t[: -len("nämnd")]
    if t.endswith("s") and len(t) > 1:
        t = t[:-1]
    return t or distriktsnamnd


def ersattningar(konf) -> dict[str, str]:
    """Stockholm's word → the configured municipality's word, for every word the example
    texts use (identity for Stockholm's own configuration)."""
    from vbe_lib.parametrar.ordlistor import ord_for

    o = ord_for(konf)
    kort = konf.kommun.kortnamn
    namn = konf.kommun.namn
    distrikt = distriktsord(o.distriktsnamnd)
    omrade = o.omrade
    ut = {
        # the municipality
        "Stockholms stads": namn if namn.endswith("s") else namn + "s",
        "Stockholms län": "Stockholms län" if kort == KALLA else "länet",
        "Stockholm": kort,
        "stadsövergripande": _liten(o.overgripande),
        "Stadsövergripande": _stor(o.overgripande),
        "stadens": o.genitiv,
        "Stadens": o.Kommunens,
        "staden": o.kommunen,
        "Staden": o.Kommunen,
        # the district committees and their areas
        "stadsdelsnämnder": o.distriktsnamnder,
        "stadsdelsnämnd": o.distriktsnamnd,
        "stadsdelsområdet": _bestamd(omrade),
        "stadsdelsområden": o.omraden,
        "stadsdelsområde": omrade,
        "stadsdelarnas": _bestamd_plural_genitiv(distrikt),
        "stadsdelens": _bestamd(distrikt) + "s",
        "stadsdelen": _bestamd(distrikt),
        "stadsdel": distrikt,
    }
    return ut


def ordbyte(konf) -> Callable[[str], str]:
    """A function that replaces Stockholm's words in a text by the configured ones."""
    tabell = ersattningar(konf)
    if all(k == v for k, v in tabell.items()):
        return lambda text: text
    from vbe_lib.parametrar.ordlistor import ord_for

    kompositum = _sammansattning(distriktsord(ord_for(konf).distriktsnamnd))
    # longest first, whole words only; other compounds of "stadsdels-" take the district word
    monster = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(tabell, key=len, reverse=True))
                         + r")(?!\w)|(?<!\w)([Ss])tadsdels(\w+)")

    def byt(m: re.Match) -> str:
        if m.group(1):
            return tabell[m.group(1)]
        ny = kompositum + m.group(3)
        return _stor(ny) if m.group(2) == "S" else ny

    return lambda text: monster.sub(byt, text) if isinstance(text, str) else text

