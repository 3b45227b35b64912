"""Generated Swedish sentences for the lägesbild.

Every number goes through :mod:`vbe_lib.presentation.fmt` (so "1 700", "3,07", "44 %", "−17 %").
The functions take the plain results of :mod:`vbe_lib.analys` and return one or a
few complete sentences, or ``None``/a one-sentence note when there is nothing to say.
Changes are written "ökade från 25 till 30 (+20 %)", "minskade från 30 till 25
(−17 %)", "var oförändrat (30)"; percentages of change are whole per cent.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from vbe_lib.analys.saknas import Saknad
from vbe_lib.presentation import fmt
from vbe_lib.integritet.undertryckning import DOLD_SEKUNDAR as DOLT

__all__ = [
    "stor_forsta", "liten_forsta", "uppraknad", "forandring_mening", "brott_stycke", "serie_stycke",
    "sammankomster_mening", "oros_mening", "blanketter_stycke", "fordelning_mening", "ia_mening",
    "klotter_stycke", "svar_mening", "kunskap_mening", "kunskap_jamforelse_mening", "kannedom_stycke",
    "handelser_mening", "atgarder_mening", "webb_mening", "saknas_mening", "sammanfattning",
    "saknas_for", "saknas_not", "har_namngivna",
]


# ------------------------------------------------------------------ small helpers
def stor_forsta(s: str) -> str:
    """First letter upper case ('antalet …' → 'Antalet …')."""
    return s[:1].upper() + s[1:] if s else s


def liten_forsta(s: str) -> str:
    """First letter lower case unless the word is an abbreviation ('IA' stays)."""
    if len(s) >= 2 and s[1].isupper():
        return s
    return s[:1].lower() + s[1:]


def uppraknad(delar: Iterable[str], konj: str = "och") -> str:
    """Swedish enumeration: 'a', 'a och b', 'a, b och c'."""
    d = [x for x in delar if x]
    if not d:
        return ""
    if len(d) == 1:
        return d[0]
    return ", ".join(d[:-1]) + f" {konj} " + d[-1]


def _saknas(x: Any) -> bool:
    return fmt.ar_saknas(x)


def _tal(x: Any, decimaler: int = 0) -> str:
    return x if isinstance(x, str) else fmt.tal(x, decimaler)


def _tal_kort(x: float) -> str:
    """A value such as a median: '3' when whole, else one decimal '2,5'."""
    return fmt.tal(x, 0) if float(x).is_integer() else fmt.tal(x, 1)


def _procent_andring(fran: float, till: float) -> str:
    andel = (till - fran) / fran
    text = fmt.procent_forandring(andel)
    if till != fran and fmt.avrunda(andel * 100) == 0:
        text = fmt.procent_forandring(andel, 1)
    return text


def _meningar(*delar: str | None) -> str:
    return " ".join(d for d in delar if d)


# ------------------------------------------------------------------ missing parts
def har_namngivna(saknade: Iterable[Saknad] | None) -> bool:
    """True when the missing parts say more than "the figure is missing": a named part
    (a committee, a category) or a reason (no rows at all, not delivered)."""
    return any(isinstance(s, Saknad) and (s.vad or s.orsak != "uppgift") for s in (saknade or ()))


def _ar_lista(ar: list[int]) -> str:
    return uppraknad([str(a) for a in ar])


def saknas_for(saknade: Iterable[Saknad]) -> str:
    """Which parts are missing, as a clause: "uppgift saknas för Sjöängen 2022",
    "uppgift saknas för Norra dalen 2021 och 2022 och för Södra dalen 2022", "det finns
    inga rader för Norra dalen i något år", "uppgifterna för 2019 har inte levererats"."""
    saknade = [s for s in saknade if isinstance(s, Saknad)]
    delar: list[str] = []
    ej = sorted({s.ar for s in saknade if s.orsak == "ej_levererat" and s.ar})
    if ej:
        delar.append(f"uppgifterna för {_ar_lista(ej)} har inte levererats")
    inga = list(dict.fromkeys(s.vad for s in saknade if s.orsak == "inga_rader" and s.vad))
    if inga:
        delar.append(f"det finns inga rader för {uppraknad(inga)} i något år")
    per: dict[str, list[int]] = {}
    for s in saknade:
        if s.orsak == "uppgift" and s.vad:
            per.setdefault(s.vad, [])
            if s.ar and s.ar not in per[s.vad]:
                per[s.vad].append(s.ar)
    if per:
        # parts missing in the same years are named together: "Norrmalm och Östermalm 2019"
        grupper: dict[tuple[int, ...], list[str]] = {}
        for vad, ar in per.items():
            grupper.setdefault(tuple(sorted(ar)), []).append(vad)
        bitar = [f"{uppraknad(namn)}{' ' + _ar_lista(list(ar)) if ar else ''}" for ar, namn in grupper.items()]
        delar.append("uppgift saknas för " + " och för ".join(bitar))
    if not delar:
        ar = sorted({s.ar for s in saknade if s.ar})
        return f"uppgift saknas för {_ar_lista(ar)}" if ar else "uppgift saknas"
    return "; ".join(delar)


def saknas_not(saknade: Iterable[Saknad] | None, prefix: str = "..") -> str | None:
    """A table note for figures that are missing because a part is: "..: uppgift saknas
    för Spånga-Tensta 2012." None when no part is named."""
    saknade = list(saknade or ())
    if not har_namngivna(saknade):
        return None
    return f"{prefix}: {saknas_for(saknade)}."


# ------------------------------------------------------------------ change
def forandring_mening(
    subjekt: str,
    fran: Any,
    till: Any,
    ar_fran: int,
    ar_till: int,
    genus: str = "neutrum",
    forsta_gangen: bool = False,
    saknas_till: Iterable[Saknad] = (),
    saknas_fran: Iterable[Saknad] = (),
) -> str:
    """One sentence on the change of a count between two years.

    * 25 → 30: "{Subjekt} ökade från 25 till 30 (+20 %) mellan 2019 och 2020."
    * 30 → 25: "{Subjekt} minskade från 30 till 25 (−17 %) mellan 2019 och 2020."
    * 30 → 30: "{Subjekt} var oförändrat (30) mellan 2019 och 2020." ("oförändrad" with
      ``genus="utrum"``); 0 → 0: "{Subjekt} var 0 både 2019 och 2020."
    * 0 → 3: "{Subjekt} ökade från 0 till 3 mellan 2019 och 2020." and with
      ``forsta_gangen`` "… och var därmed för första gången större än 0."
    * NA → 3: "{Subjekt} var 3 år 2020; uppgift för 2019 saknas." and with
      ``forsta_gangen`` "{Subjekt} redovisas för första gången för 2020 och var då 3."
    * → NA: "Uppgift om {subjekt} för 2020 saknas."
    * a missing part (``saknas_till``/``saknas_fran`` name one): "{Subjekt} för 2020 kan
      inte anges: uppgift saknas för Älvsjö 2020." / "{Subjekt} var 3 år 2020; jämförelsen
      med 2019 kan inte göras eftersom uppgift saknas för Älvsjö 2019."
    """
    s = stor_forsta(subjekt)
    mellan = f"mellan {ar_fran} och {ar_till}"
    if _saknas(till):
        if har_namngivna(saknas_till):
            return f"{s} för {ar_till} kan inte anges: {saknas_for(saknas_till)}."
        return f"Uppgift om {liten_forsta(subjekt)} för {ar_till} saknas."
    if _saknas(fran):
        if har_namngivna(saknas_fran):
            return (f"{s} var {_tal(till)} år {ar_till}; jämförelsen med {ar_fran} kan inte göras eftersom "
                    f"{saknas_for(saknas_fran)}.")
        if forsta_gangen:
            return f"{s} redovisas för första gången för {ar_till} och var då {_tal(till)}."
        return f"{s} var {_tal(till)} år {ar_till}; uppgift för {ar_fran} saknas."
    if till == fran:
        if till == 0:
            return f"{s} var 0 både {ar_fran} och {ar_till}."
        ord_ = "oförändrat" if genus == "neutrum" else "oförändrad"
        return f"{s} var {ord_} ({_tal(till)}) {mellan}."
    verb = "ökade" if till > fran else "minskade"
    if fran == 0:
        slut = " och var därmed för första gången större än 0" if forsta_gangen else ""
        return f"{s} {verb} från 0 till {_tal(till)} {mellan}{slut}."
    return f"{s} {verb} från {_tal(fran)} till {_tal(till)} ({_procent_andring(fran, till)}) {mellan}."


def serie_stycke(subjekt: str, nyckeltal: Mapping[str, Any], genus: str = "neutrum",
                 kort: str | None = None) -> str:
    """Range, doublings and latest change of a yearly series (``brott.nyckeltal``).

    "Under perioden 2010–2020 varierade {subjekt} från 11 (2011) till 40 (2018).
    Från 2016 till 2017 var ökningen mer än en fördubbling. {forandring_mening}"
    (the last sentence with the short subject ``kort``, e.g. "antalet", when given and
    the range sentence was written).
    """
    k = nyckeltal
    if not k or k.get("senaste_ar") is None:
        return f"Det finns inga uppgifter om {liten_forsta(subjekt)}."
    delar: list[str] = []
    if k["antal_ar"] >= 3 and k["hogsta"] and k["lagsta"]:
        period = fmt.ar_intervall(k["ar_fran"], k["ar_till"])
        (a_l, v_l), (a_h, v_h) = k["lagsta"], k["hogsta"]
        if v_l == v_h:
            delar.append(f"Under perioden {period} var {liten_forsta(subjekt)} {_tal(v_h)} varje år med uppgift.")
        else:
            delar.append(f"Under perioden {period} varierade {liten_forsta(subjekt)} från {_tal(v_l)} ({a_l}) "
                         f"till {_tal(v_h)} ({a_h}).")
        inom = [x for x in k.get("saknas", ()) if x.ar and x.ar not in (k["senaste_ar"], k["foregaende_ar"])]
        if har_namngivna(inom):
            delar.append(f"{stor_forsta(saknas_for(inom))}; det året ingår inte." if len({x.ar for x in inom}) == 1
                         else f"{stor_forsta(saknas_for(inom))}; de åren ingår inte.")
        dubbl = k["fordubblingar"]
        if len(dubbl) == 1:
            a0, a1, faktor = dubbl[0]
            mer = "mer än en fördubbling" if faktor > 2 else "en fördubbling"
            delar.append(f"Från {a0} till {a1} var ökningen {mer}.")
        elif dubbl:
            # Several doublings in one sentence rather than a row of near-identical ones.
            delar.append("Ökningen var minst en fördubbling "
                         + uppraknad([f"från {a0} till {a1}" for a0, a1, _ in dubbl]) + ".")
    sista = kort if kort and delar else subjekt
    delar.append(forandring_mening(sista, k["foregaende"], k["senaste"], k["foregaende_ar"], k["senaste_ar"],
                                   genus, k.get("forsta_gangen", False), k.get("saknas_senaste", ()),
                                   k.get("saknas_foregaende", ())))
    return " ".join(delar)


def brott_stycke(nyckeltal: Mapping[str, Any], plats: str | None = None,
                 kategori: str = "hets mot folkgrupp") -> str:
    """The crime paragraph: "Under perioden 2010–2020 varierade antalet anmälda brott om
    hets mot folkgrupp på Södermalm från 11 (2011) till 40 (2018). … Antalet ökade från
    25 till 30 (+20 %) mellan 2019
    och 2020." (``plats`` with its preposition, e.g. "på Södermalm")."""
    subjekt = f"antalet anmälda brott om {kategori}" + (f" {plats}" if plats else "")
    return serie_stycke(subjekt, nyckeltal, kort="antalet")


# ------------------------------------------------------------------ sources
def sammankomster_mening(tillstand: Any, utan_tillstand: Any, ar: int, plats: str | None = None) -> str:
    """"Under 2020 hölls 62 tillståndsgivna allmänna sammankomster på Södermalm och 5
    sammankomster utan tillstånd." (missing parts said plainly)."""
    p = f" {plats}" if plats else ""
    if _saknas(tillstand) and _saknas(utan_tillstand):
        return f"Uppgift om allmänna sammankomster{p} för {ar} saknas."
    if _saknas(tillstand):
        forsta = f"Uppgift om tillståndsgivna allmänna sammankomster{p} för {ar} saknas."
    elif tillstand == 0:
        forsta = f"Under {ar} hölls inga tillståndsgivna allmänna sammankomster{p}."
    else:
        forsta = (f"Under {ar} hölls {_tal(tillstand)} tillståndsgiven allmän sammankomst{p}." if tillstand == 1
                  else f"Under {ar} hölls {_tal(tillstand)} tillståndsgivna allmänna sammankomster{p}.")
    if _saknas(utan_tillstand):
        andra = "Uppgift om sammankomster utan tillstånd saknas."
    elif utan_tillstand == 0:
        andra = "Inga sammankomster utan tillstånd har noterats."
    else:
        andra = f"Dessutom förekom {fmt.antal_ord(utan_tillstand, 'sammankomst', 'sammankomster')} utan tillstånd."
    return _meningar(forsta, andra)


def oros_mening(orosanmalningar: Any, arenden: Any, ar: int, saknas_oros: Iterable[Saknad] = (),
                saknas_arenden: Iterable[Saknad] = ()) -> str:
    """Concern reports and open cases: "Under 2020 kom det inte in några orosanmälningar om
    barn och unga kopplade till våldsbejakande extremism. Socialtjänsten hade 2 ärenden
    med sådan koppling." Text values (a suppressed "färre än 3") are used as given. A
    figure missing because a part is (one miljö's cell) says which: "Antalet ärenden
    hos socialtjänsten under 2020 kan inte anges: uppgift saknas för annat/oklart 2020."."""
    if _saknas(orosanmalningar) and har_namngivna(saknas_oros):
        forsta = f"Antalet orosanmälningar under {ar} kan inte anges: {saknas_for(saknas_oros)}."
    elif _saknas(orosanmalningar):
        forsta = f"Uppgift om orosanmälningar för {ar} saknas."
    elif orosanmalningar == DOLT:
        forsta = f"Antalet orosanmälningar under {ar} redovisas inte, för att skydda enskilda personer."
    elif orosanmalningar == 0:
        forsta = (f"Under {ar} kom det inte in några orosanmälningar om barn och unga kopplade till "
                  "våldsbejakande extremism.")
    else:
        forsta = (f"Under {ar} kom det in "
                  f"{_antal(orosanmalningar, 'orosanmälan', 'orosanmälningar')} om barn och unga kopplade till "
                  "våldsbejakande extremism.")
    if _saknas(arenden) and har_namngivna(saknas_arenden):
        andra = f"Antalet ärenden hos socialtjänsten under {ar} kan inte anges: {saknas_for(saknas_arenden)}."
    elif _saknas(arenden):
        andra = None
    elif arenden == DOLT:
        andra = "Antalet ärenden hos socialtjänsten redovisas inte, för att skydda enskilda personer."
    elif arenden == 0:
        andra = "Socialtjänsten hade inga ärenden med sådan koppling."
    else:
        andra = f"Socialtjänsten hade {_antal(arenden, 'ärende', 'ärenden')} med sådan koppling."
    return _meningar(forsta, andra)


def _antal(n: Any, singular: str, plural: str) -> str:
    if isinstance(n, str):
        return f"{n} {plural}"
    return fmt.antal_ord(n, singular, plural)


def fordelning_mening(fordelning: pd.DataFrame, inledning: str = "Av dem", prep: str = "från",
                      verb: str = "kom") -> str | None:
    """"Av dem kom 2 från egna förvaltningen och 1 från annan förvaltning eller bolag i
    staden." from a category frame (``etikett``, ``antal``); None when empty."""
    d = fordelning.loc[fordelning["antal"].fillna(0) > 0]
    if not len(d):
        return None
    delar = [f"{_tal(a)} {prep} {liten_forsta(str(e))}" for e, a in zip(d["etikett"], d["antal"])]
    return f"{inledning} {verb} {uppraknad(delar)}."


def blanketter_stycke(nyckeltal: Mapping[str, Any], per_avsandare: pd.DataFrame | None = None) -> str:
    """Forms for anonymised information: "Under 2020 kom det in 3 blanketter för
    avidentifierad information, jämfört med 5 under 2019. Av dem kom 2 från egna
    förvaltningen och 1 från annan förvaltning eller bolag i staden."."""
    k = nyckeltal
    ar, n, f = k.get("senaste_ar"), k.get("senaste"), k.get("foregaende")
    if ar is not None and n is None and har_namngivna(k.get("saknas_senaste")):
        return (f"Antalet blanketter för avidentifierad information under {ar} kan inte anges: "
                f"{saknas_for(k['saknas_senaste'])}.")
    if ar is None or n is None:
        return f"Uppgift om blanketter för avidentifierad information{f' för {ar}' if ar else ''} saknas."
    if n == 0:
        forsta = f"Under {ar} kom det inte in någon blankett för avidentifierad information"
    else:
        forsta = f"Under {ar} kom det in {fmt.antal_ord(n, 'blankett', 'blanketter')} för avidentifierad information"
    if f is None and har_namngivna(k.get("saknas_foregaende")):
        forsta += f"; jämförelsen med {k['foregaende_ar']} kan inte göras eftersom {saknas_for(k['saknas_foregaende'])}."
    elif f is None:
        forsta += "."
    elif n == 0 and f == 0:
        forsta += f", och inte heller under {k['foregaende_ar']}."
    else:
        forsta += f", jämfört med {fmt.antal_ord(f, 'blankett', 'blanketter') if f else 'ingen'} under {k['foregaende_ar']}."
    andra = fordelning_mening(per_avsandare) if per_avsandare is not None and n else None
    return _meningar(forsta, andra)


def ia_mening(nyckeltal: Mapping[str, Any], ar: int, hela: str = "hela kommunen") -> str:
    """"Under 2020 kom det in 3 IA-anmälningar där VBE var ikryssat, varav 1 visade sig
    inte ha någon koppling till VBE. I hela staden gjordes 104 sådana anmälningar."
    (``hela``: the municipality's words, "hela staden")."""
    k = nyckeltal
    if k.get("antal") is None and har_namngivna(k.get("saknas")):
        return f"Antalet IA-anmälningar där VBE var ikryssat under {ar} kan inte anges: {saknas_for(k['saknas'])}."
    if k.get("antal") is None:
        return f"Uppgift om IA-anmälningar för {ar} saknas."
    n, fel = k["antal"], k.get("felmarkerade") or 0
    if n == 0:
        forsta = f"Under {ar} kom det inte in någon IA-anmälan där VBE var ikryssat."
    else:
        forsta = f"Under {ar} kom det in {fmt.antal_ord(n, 'IA-anmälan', 'IA-anmälningar')} där VBE var ikryssat"
        if fel:
            forsta += f", varav {_tal(fel)} visade sig inte ha någon koppling till VBE."
        else:
            forsta += "."
    andra = None
    if k.get("staden") is None and har_namngivna(k.get("staden_saknas")):
        andra = f"Antalet sådana anmälningar i {hela} kan inte anges: {saknas_for(k['staden_saknas'])}."
    if k.get("staden"):
        andra = f"I {hela} gjordes {fmt.antal_ord(k['staden'], 'sådan anmälan', 'sådana anmälningar')}"
        if k.get("staden_felmarkerade"):
            andra += f", varav {_tal(k['staden_felmarkerade'])} var felaktigt markerade."
        else:
            andra += "."
    return _meningar(forsta, andra)


def klotter_stycke(per_kalla: pd.DataFrame, per_typ: pd.DataFrame | None, ar: int) -> str:
    """"Under 2020 kom det in 17 anmälningar om klotter: 13 från Trafikkontoret (appen Tyck
    till) och 4 från SISAB (skolfastigheter). Vanligast är vänsterautonomt klotter (8),
    följt av högerextremt/nazistiskt (3)."."""
    if per_kalla["antal"].isna().any():
        sk = [x for t in per_kalla.get("saknas", []) for x in (t or ())]
        if har_namngivna(sk):
            return f"Antalet anmälningar om klotter under {ar} kan inte anges: {saknas_for(sk)}."
        return f"Uppgift om anmält klotter för {ar} saknas."
    total = int(per_kalla["antal"].sum())
    if total == 0:
        return f"Under {ar} kom det inte in några anmälningar om klotter."
    d = per_kalla.loc[per_kalla["antal"].fillna(0) > 0]
    kallor = uppraknad(f"{_tal(a)} från {e}" for e, a in zip(d["etikett"], d["antal"]))
    forsta = f"Under {ar} kom det in {fmt.antal_ord(total, 'anmälan', 'anmälningar')} om klotter: {kallor}."
    andra = None
    if per_typ is not None:
        t = per_typ.loc[per_typ["antal"].fillna(0) > 0].sort_values("antal", ascending=False, kind="stable")
        if len(t):
            forst = f"Vanligast är {liten_forsta(t['etikett'].iloc[0])} klotter ({_tal(t['antal'].iloc[0])})"
            if len(t) > 1:
                forst += ", följt av " + uppraknad(f"{liten_forsta(e)} ({_tal(a)})"
                                                   for e, a in zip(t["etikett"].iloc[1:], t["antal"].iloc[1:]))
            andra = forst + "."
    return _meningar(forsta, andra)


# ------------------------------------------------------------------ survey
def svar_mening(totalt: Mapping[str, Any]) -> str:
    """"Enkäten besvarades av 27 enheter av 58 tillfrågade (47 %)." or, when the units
    asked are unknown, "Enkäten besvarades av 27 enheter; antalet tillfrågade är inte känt."
    """
    n, t, a = totalt.get("svar", 0), totalt.get("tillfragade"), totalt.get("andel")
    if not n:
        return "Ingen enhet besvarade enkäten."
    enheter = fmt.antal_ord(n, "enhet", "enheter")
    if t is None or a is None:
        return f"Enkäten besvarades av {enheter}; antalet tillfrågade är inte känt."
    return f"Enkäten besvarades av {enheter} av {_tal(t)} tillfrågade ({fmt.procent(a)})."


def kunskap_mening(kunskap: Mapping[str, Any], med_skala: bool = True) -> str:
    """"Kunskapsnivån anges på en femgradig skala där 1 = ingen kunskap och 5 = mycket bra
    kunskap. Medelvärdet är 3,07 och medianen 3 (27 svar). Vanligast är nivå 3, som
    44 % anger."."""
    n = kunskap.get("n", 0)
    if not n:
        return "Ingen enhet har svarat på frågan om kunskapsnivå."
    skala = ("Kunskapsnivån anges på en femgradig skala där 1 = ingen kunskap och 5 = mycket bra kunskap."
             if med_skala else None)
    medel = (f"Medelvärdet är {fmt.tal(kunskap['medel'], 2)} och medianen {_tal_kort(kunskap['median'])} "
             f"({fmt.antal_ord(n, 'svar', 'svar')}).")
    f = kunskap["fordelning"]
    toppar = f.loc[f["antal"] == f["antal"].max()]
    vanligast = None
    if len(toppar) == 1:
        vanligast = (f"Vanligast är nivå {int(toppar['niva'].iloc[0])}, som {fmt.procent(toppar['andel'].iloc[0])} "
                     "anger.")
    return _meningar(skala, medel, vanligast)


def kunskap_jamforelse_mening(jamforelse: Mapping[str, Any]) -> str:
    """Against last year (``enkat.jamfor_kunskapsniva``): "Jämfört med 2020 har medelvärdet
    ökat från 2,90 till 3,07." / "Medelvärdet är detsamma som 2020 (3,07)." / the reason
    why no comparison is made ("Frågan har ändrats sedan 2020 och jämförs därför inte.")."""
    j = jamforelse
    if not j.get("jamforbar") or not j.get("foreg") or not j["nu"].get("n"):
        return j.get("orsak") or f"Någon jämförelse med {j.get('ar_foreg')} kan inte göras."
    a, b = fmt.tal(j["foreg"]["medel"], 2), fmt.tal(j["nu"]["medel"], 2)
    if a == b:
        return f"Medelvärdet är detsamma som {j['ar_foreg']} ({b})."
    verb = "ökat" if j["nu"]["medel"] > j["foreg"]["medel"] else "minskat"
    return f"Jämfört med {j['ar_foreg']} har medelvärdet {verb} från {a} till {b}."


_OBJEKT = {
    "handlingsplan": "handlingsplanen",
    "samordnare": "samordnaren",
    "blankett": "blanketten för avidentifierad information",
    "vagledning": "vägledningen",
    "rutin": "rutinen vid oro eller händelse",
}


def kannedom_stycke(kannedom: pd.DataFrame) -> str | None:
    """Awareness among managers and staff (``enkat.kannedom``):
    "Alla chefer som besvarat enkäten känner till handlingsplanen och samordnaren. Av
    cheferna känner 50 % till vägledningen. Bland medarbetarna känner i genomsnitt 75 %
    till handlingsplanen och 60 % till vägledningen. I genomsnitt har 40 % av
    medarbetarna genomfört webbutbildningen." None when nothing was asked."""
    if kannedom is None or not len(kannedom):
        return None
    delar: list[str] = []
    c = kannedom.loc[kannedom["chef_andel"].notna() & (kannedom["item"] != "webbutbildning")]
    alla = [_OBJEKT.get(i, liten_forsta(e)) for i, e, a in zip(c["item"], c["etikett"], c["chef_andel"]) if a == 1]
    ovriga = [(a, _OBJEKT.get(i, liten_forsta(e))) for i, e, a in zip(c["item"], c["etikett"], c["chef_andel"]) if a < 1]
    if alla:
        delar.append(f"Alla chefer som besvarat enkäten känner till {uppraknad(alla)}.")
    if ovriga:
        delar.append("Av cheferna känner " + uppraknad(f"{fmt.procent(a)} till {o}" for a, o in ovriga) + ".")
    w = kannedom.loc[(kannedom["item"] == "webbutbildning") & kannedom["chef_andel"].notna()]
    if len(w):
        delar.append(f"{stor_forsta(fmt.procent(w['chef_andel'].iloc[0]))} av cheferna har genomfört webbutbildningen.")
    m = kannedom.loc[kannedom["medarbetare_andel"].notna() & (kannedom["item"] != "webbutbildning")]
    if len(m):
        delar.append("Bland medarbetarna känner i genomsnitt " + uppraknad(
            f"{fmt.procent(a)} till {_OBJEKT.get(i, liten_forsta(e))}"
            for i, e, a in zip(m["item"], m["etikett"], m["medarbetare_andel"])) + ".")
    mw = kannedom.loc[(kannedom["item"] == "webbutbildning") & kannedom["medarbetare_andel"].notna()]
    if len(mw):
        delar.append(f"I genomsnitt har {fmt.procent(mw['medarbetare_andel'].iloc[0])} av medarbetarna genomfört "
                     "webbutbildningen.")
    return " ".join(delar) or None


def handelser_mening(per_miljo: pd.DataFrame, per_typ: pd.DataFrame | None = None,
                     vem: str = "Enheterna", dold_total: bool = False, dolda_miljoer: Iterable[str] = (),
                     dolda_typer: Iterable[str] = ()) -> str:
    """Events observed (``enkat.handelser_per``): "Enheterna har rapporterat 4 händelser,
    främst kopplade till våldsbejakande högerextremism (3). Vanligast är hot och
    kränkningar (3)." / "Inga händelser med koppling till våldsbejakande extremism har
    rapporterats.".

    Figures the published table hides (``Lagesbild.handelsetabell``) are not given:
    ``dold_total`` (the number of events), ``dolda_miljoer`` (miljö keys whose count is
    hidden) and ``dolda_typer`` (kinds never named as the most common)."""
    if per_miljo is None or not len(per_miljo) or per_miljo["antal"].isna().all():
        return "Uppgift om händelser saknas."
    if per_miljo["antal"].isna().any():
        # a unit's count is empty: how many events, and which miljö leads, is not known
        sk = [x for t in per_miljo.get("saknas", []) for x in (t or ())]
        orsak = f": {saknas_for(sk)}" if har_namngivna(sk) else ""
        return f"{stor_forsta(vem)} har rapporterat händelser, men antalet kan inte anges{orsak}."
    total = int(per_miljo["antal"].sum())
    if total == 0:
        return "Inga händelser med koppling till våldsbejakande extremism har rapporterats."
    dolda_m, dolda_t = set(dolda_miljoer), set(dolda_typer)
    d = per_miljo.sort_values("antal", ascending=False, kind="stable")
    topp_n = int(d["antal"].iloc[0])
    antal = "händelser" if dold_total else fmt.antal_ord(total, "händelse", "händelser")
    forsta = f"{stor_forsta(vem)} har rapporterat {antal}"
    topp_tal = "" if d.iloc[0].iloc[0] in dolda_m else f" ({_tal(topp_n)})"
    if (d["antal"] == topp_n).sum() == 1 and len(d) > 1 and topp_n < total:
        if d.iloc[0].iloc[0] == "annat":
            forsta += f", främst sådana som inte kan knytas till någon av miljöerna{topp_tal}"
        else:
            forsta += f", främst kopplade till {liten_forsta(d['etikett'].iloc[0])}{topp_tal}"
    elif topp_n == total and d.iloc[0].iloc[0] != "annat":
        forsta += f", alla kopplade till {liten_forsta(d['etikett'].iloc[0])}"
    forsta += "."
    if dold_total or (topp_tal == "" and topp_n < total):
        forsta += " Alla antal redovisas inte, för att skydda enskilda personer."
    andra = None
    if per_typ is not None and len(per_typ) and not per_typ["antal"].isna().any() and per_typ["antal"].sum() > 0:
        t = per_typ.sort_values("antal", ascending=False, kind="stable")
        if (len(t) == 1 or t["antal"].iloc[0] > t["antal"].iloc[1]) and t.iloc[0].iloc[0] not in dolda_t:
            andra = f"Vanligast är {liten_forsta(t['etikett'].iloc[0])} ({_tal(t['antal'].iloc[0])})."
    return _meningar(forsta, andra)


_ATGARD_VERB = {
    "polisanmalan": "gjort en polisanmälan",
    "ia": "gjort en anmälan i IA",
    "blankett": "fyllt i blanketten för avidentifierad information",
    "orosanmalan": "gjort en orosanmälan",
}


def atgarder_mening(atgarder: pd.DataFrame) -> str | None:
    """Actions after events (``enkat.atgarder``): "En enhet har gjort en polisanmälan, två
    enheter har gjort en anmälan i IA och en enhet har fyllt i blanketten för
    avidentifierad information." None when the question was not asked."""
    if atgarder is None or not len(atgarder):
        return None
    d = atgarder.loc[atgarder["ja"].fillna(0) > 0]
    if not len(d):
        return "Ingen enhet har uppgett någon åtgärd efter händelser."
    delar = [
        f"{fmt.antal_ord(int(j), 'enhet', 'enheter', som_ord=True)} har "
        f"{_ATGARD_VERB.get(k, 'gjort: ' + liten_forsta(e))}"
        for k, e, j in zip(d["atgard"], d["etikett"], d["ja"])
    ]
    return stor_forsta(uppraknad(delar)) + "."


def webb_mening(nyckeltal: Mapping[str, Any], forvaltning: str | None = None) -> str:
    """"I Södermalms stadsdelsförvaltning hade vid slutet av 2020 totalt 152 personer
    genomfört webbutbildningen och 157 personer hade den pågående." (+ the share of
    staff when known)."""
    k = nyckeltal
    ar = k.get("ar")
    if k.get("genomforda") is None and k.get("pagaende") is None:
        return f"Uppgift om webbutbildningen för {ar} saknas."
    i = f"I {forvaltning} hade" if forvaltning else "Det hade"
    if k.get("genomforda") is None:
        # only those in progress are known
        forsta = (f"{i} vid slutet av {ar} {fmt.antal_ord(k['pagaende'], 'person', 'personer')} webbutbildningen "
                  "pågående; uppgift om hur många som genomfört den saknas.")
        return forsta
    delar = [f"totalt {fmt.antal_ord(k['genomforda'], 'person', 'personer')} genomfört webbutbildningen"]
    if k.get("pagaende") is not None:
        delar.append(f"{fmt.antal_ord(k['pagaende'], 'person', 'personer')} hade den pågående")
    forsta = f"{i} vid slutet av {ar} {uppraknad(delar)}."
    andra = None
    if k.get("andel_genomforda") is not None:
        andra = f"Det motsvarar {fmt.procent(k['andel_genomforda'])} av de anställda."
    return _meningar(forsta, andra)


def saknas_mening(vad: str, ar: int | None = None, namnd: str | None = None,
                  saknade: Iterable[Saknad] = ()) -> str:
    """One plain sentence for a source without data: "Det finns inga uppgifter om
    orosanmälningar för Farsta för 2020." – and why, when a part is named: "… för
    2020: det finns inga rader för Farsta i något år."."""
    for_namnd = f" för {namnd}" if namnd else ""
    for_ar = f" för {ar}" if ar is not None else ""
    varfor = f": {saknas_for(saknade)}" if har_namngivna(saknade) else ""
    return f"Det finns inga uppgifter om {vad}{for_namnd}{for_ar}{varfor}."


# ------------------------------------------------------------------ summary
def _storsta_forandring(serier: Mapping[str, Mapping[str, Any]]) -> tuple[str, Mapping[str, Any]] | None:
    # relative changes rank before changes from 0 (which have no percentage)
    bast, bast_v = None, (-1, -1.0)
    for subj, k in serier.items():
        if not k or k.get("senaste") is None or k.get("foregaende") is None or k.get("forandring") in (None, 0):
            continue
        v = (1, abs(k["procent"])) if k.get("procent") is not None else (0, float(abs(k["forandring"])))
        if v > bast_v:
            bast, bast_v = (subj, k), v
    return bast


def sammanfattning(
    serier: Mapping[str, Mapping[str, Any]] | None = None,
    miljoer: pd.DataFrame | None = None,
    kunskap: Mapping[str, Any] | None = None,
    svarsfrekvens: Mapping[str, Any] | None = None,
    nytt: Sequence[str] = (),
    ar: int | None = None,
    max_meningar: int = 6,
    dolda_miljoer: Iterable[str] = (),
    dold_total: bool = False,
) -> str:
    """3–6 sentences of what matters most this year.

    ``dolda_miljoer``/``dold_total``: event counts hidden in the report's tables (see
    :func:`handelser_mening`); the events' sentence then gives no numbers.

    ``serier``: subject → ``brott.nyckeltal`` of each yearly series (e.g.
    ``{"antalet anmälda brott om hets mot folkgrupp": …, "antalet blanketter": …}``); the
    largest change (relative, or absolute from 0) is told, and any series that is above
    0 for the first time. ``miljoer``: events by miljö (``etikett``, ``antal``; e.g.
    forms + survey events) → the dominating miljö. ``kunskap`` (``enkat.kunskapsniva``)
    and ``svarsfrekvens`` (``enkat.svarsfrekvens_totalt``) of the internal units.
    ``nytt``: further sentences, used as given.
    """
    meningar: list[str] = []
    serier = serier or {}
    b = _storsta_forandring(serier)
    if b:
        subj, k = b
        meningar.append(forandring_mening(subj, k["foregaende"], k["senaste"], k["foregaende_ar"], k["senaste_ar"],
                                          forsta_gangen=k.get("forsta_gangen", False)))
    for subj, k in serier.items():
        if b and subj == b[0]:
            continue
        if k and k.get("forsta_gangen") and k.get("senaste"):
            meningar.append(f"{stor_forsta(subj)} var för första gången större än 0 ({_tal(k['senaste'])} år "
                            f"{k['senaste_ar']}).")
    if miljoer is not None and len(miljoer) and not miljoer["antal"].isna().any():
        total = int(miljoer["antal"].sum())
        if total:
            d = miljoer.sort_values("antal", ascending=False, kind="stable")
            topp = int(d["antal"].iloc[0])
            if (d["antal"] == topp).sum() == 1:
                dolt = dold_total or d.iloc[0].iloc[0] in set(dolda_miljoer)
                av = "" if dolt else f" ({_tal(topp)} av {_tal(total)})"
                if d.iloc[0].iloc[0] == "annat":
                    meningar.append(f"Flest händelser{av} kan inte knytas till någon av de tre miljöerna.")
                elif topp * 2 > total:
                    meningar.append(f"De flesta händelserna{av} rör {liten_forsta(d['etikett'].iloc[0])}.")
                else:
                    meningar.append(f"Flest händelser{av} rör {liten_forsta(d['etikett'].iloc[0])}.")
    if kunskap and kunskap.get("n"):
        meningar.append(f"Kunskapsnivån i de egna verksamheterna har medelvärdet {fmt.tal(kunskap['medel'], 2)} "
                        f"och medianen {_tal_kort(kunskap['median'])} på en skala från 1 till 5.")
    if svarsfrekvens and svarsfrekvens.get("svar") is not None:
        meningar.append(svar_mening(svarsfrekvens))
    meningar.extend(nytt)
    if not meningar:
        return f"Det finns inga uppgifter att sammanfatta{f' för {ar}' if ar else ''}."
    return " ".join(meningar[:max_meningar])
