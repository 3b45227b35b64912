"""Seeded generator of the fictitious example data (issue 3, part 5).

``generera(data_dir, konf, seed)`` writes every raw file of the data contract
(docs/DESIGN.md, "Data contract") for every committee in ``parameters/``:

* crime and gathering series for calendar years ``forsta_dataar`` .. ``sista_planar - 1``,
* forms, IA reports, graffiti, concern reports and web training for 2017 .. ``sista_planar - 1``,
* the survey (``enkat/<Y>/``) for survey years ``forsta_planar - 1`` .. ``sista_planar``,
* police texts (``polis/<Y>/<slug>.md``) for plan years ``forsta_planar`` .. ``sista_planar``,
* ``datakalla.yml`` (``exempeldata: true``) and ``README.md``,
* activity files, through ``vbe_lib.exempeldata.aktiviteter.generera`` when that module exists.

Everything is made up, except that a handful of aggregates are the figures published in
the seed documents (``PUBLICERADE`` below): the data are built so that those figures
come back exactly, which makes them correctness checks for the reports.

Determinism: every source draws from its own ``numpy.random.default_rng`` stream derived
from the seed and a fixed key, rows are sorted, CSV is UTF-8 with ``\\n`` line endings and
nothing depends on the clock, so regenerating gives byte-identical files.

Which committees appear is derived from the configuration only (``Konfiguration``):
data rows for calendar year X name the committees that exist at the end of X (so in a
merger year the successor carries the whole year), a survey for year Y covers the
committees that exist in plan year Y, and a source appears only for committees that list
it in ``kallor``. Committee slugs occur in this module only in the two clearly marked
tables ``PUBLICERADE`` (published figures) and ``EXEMPELPROFILER`` (which fictitious
committee is quiet, busy or lacks a source).
"""
from __future__ import annotations

import csv
import datetime as dt
import importlib
import importlib.util
import shutil
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from vbe_lib.parametrar.konfiguration import Konfiguration, Namnd

#: Default seed of ``vbe exempeldata``; the committed data/ is generated with it.
STANDARDFRO = 2021

#: First calendar year of the event sources (forms, IA, graffiti, concern reports).
FORSTA_HANDELSEAR = 2017
#: The anonymised form was introduced in the autumn of 2018 (seed 002).
BLANKETT_INFORD = dt.date(2018, 9, 1)
#: The city's web training was launched in 2019 (seed 002).
WEBBUTBILDNING_FORSTA_AR = 2019
#: The knowledge question changed wording (new question id) from this survey year.
NY_KUNSKAPSFRAGA_AR = 2021
#: The question "what is missing" was new in this survey year (seed 002).
FRITEXT_SAKNAS_FRAN = 2021
#: Managers' estimate of staff awareness was first asked in this survey year.
MEDARBETARFRAGOR_FRAN = 2019
#: Awareness of the web training was first asked in this survey year.
WEBBFRAGA_FRAN = 2020
#: The crime-statistics export did not record gatherings without permit before this year.
UTAN_TILLSTAND_FRAN = 2015

# =====================================================================================
# PUBLISHED FIGURES (from the seed documents). These are the only real numbers in the
# example data; the generator builds rows so that exactly these aggregates come back.
#   seeds/002: Södermalms stadsdelsnämnd, Handlingsplan 2021 med Lägesbild 2021
#   seeds/000: Utbildningsnämnden, Handlingsplan 2019
# Lists of values (knowledge levels) are one made-up multiset that gives the published
# mean/median; counts of "Ja" are chosen so that the published percentages round exactly.
# =====================================================================================
PUBLICERADE: dict[str, dict] = {
    "sodermalm": {
        # Hets mot folkgrupp, anmälda brott per år (seed 002, tabell 1: 11 in 2011 is the
        # lowest and 40 in 2018 the highest of 2010–2020; 2016 -> 2017 more than doubled;
        # 25 -> 30 from 2019 to 2020). 2021 and later are made up.
        "hets_mot_folkgrupp": {
            2010: 14, 2011: 11, 2012: 16, 2013: 13, 2014: 18, 2015: 17, 2016: 12,
            2017: 31, 2018: 40, 2019: 25, 2020: 30,
        },
        # Tillståndsgivna allmänna sammankomster 2020 (Medborgarplatsen): 62.
        "sammankomster": {2020: {"tillstand": 62, "utan_tillstand": 9}},
        # Orosanmälningar 2020: none; 2 open cases, both vit makt.
        "orosanmalningar": {2020: {("orosanmalan", "hoger"): 0, ("orosanmalan", "vanster"): 0,
                                   ("orosanmalan", "islamistisk"): 0, ("orosanmalan", "annat"): 0,
                                   ("arende", "hoger"): 2, ("arende", "vanster"): 0,
                                   ("arende", "islamistisk"): 0, ("arende", "annat"): 0}},
        # Blanketter för avidentifierad information: 1 (2018), 5 (2019), 3 (2020; late in
        # the year, two from the own administration, one from elsewhere in the city).
        # (datum, miljö, händelsetyp, avsändare)
        "blanketter": {
            2018: [("2018-11-20", "hoger", "propaganda", "egen")],
            2019: [("2019-02-11", "hoger", "propaganda", "egen"),
                   ("2019-04-03", "hoger", "hot_krankning", "egen"),
                   ("2019-06-17", "vanster", "klotter", "stad"),
                   ("2019-09-25", "islamistisk", "asikter", "samverkanspart"),
                   ("2019-11-08", "hoger", "skadegorelse", "egen")],
            2020: [("2020-09-14", "hoger", "skadegorelse", "egen"),
                   ("2020-10-22", "hoger", "propaganda", "egen"),
                   ("2020-12-02", "annat", "otillaten_paverkan", "stad")],
        },
        # IA 2020: 3 reports with VBE ticked, 1 of them not VBE after review.
        "ia": {2020: {"antal": 3, "felmarkerade": 1}},
        # Klotter 2020: a handful (4) of SISAB's school reports; 13 from the traffic
        # office's app: mostly left-autonomous (west), then nazi (east), racist (east only),
        # no islamist. (typ, delområde, antal)
        "klotter": {2020: {
            "sisab": [("rasistiskt", "Östra Södermalm", 2), ("hoger_nazistiskt", "Östra Södermalm", 1),
                      ("annat", "Västra Södermalm", 1)],
            "trafikkontoret": [("vansterautonomt", "Västra Södermalm", 5),
                               ("vansterautonomt", "Östra Södermalm", 1),
                               ("hoger_nazistiskt", "Östra Södermalm", 3),
                               ("hoger_nazistiskt", "Västra Södermalm", 1),
                               ("rasistiskt", "Östra Södermalm", 3)],
        }},
        # Webbutbildning at the end of 2020: 152 completed, 157 in progress.
        "webbutbildning": {2020: {"genomforda": 152, "pagaende": 157, "anstallda": 1700}},
        "enkat": {
            2021: {
                # Internal survey: 5 departments, 27 answers; knowledge 7×2, 12×3, 7×4, 1×5
                # (mean 3,07, median 3). (avdelning, tillfrågade, svar)
                "intern": {
                    "avdelningar": [("Avdelningen för förskola och parklek", 8, 6),
                                    ("Stab och kansli", 1, 1),
                                    ("HR-avdelningen", 1, 1),
                                    ("Sociala avdelningen", 40, 18),
                                    ("Stadsmiljöavdelningen", 1, 1)],
                    "kunskap": [2] * 7 + [3] * 12 + [4] * 7 + [5] * 1,
                    # every manager knows these items (seed: "alla chefer")
                    "chef_alla_ja": ["handlingsplan", "blankett", "vagledning", "rutin"],
                    # staff shares (managers' estimates), approximate targets in percent
                    "medarbetare_mal": {"handlingsplan": 70, "blankett": 70, "samordnare": 64,
                                        "webbutbildning": 74, "vagledning": 58, "rutin": 62},
                    # events (miljö, händelsetyp, antal) per reporting unit, and actions
                    "handelser": [[("hoger", "hot_krankning", 2), ("hoger", "asikter", 1)],
                                  [("vanster", "asikter", 1), ("hoger", "vald", 1)],
                                  [("islamistisk", "hot_krankning", 1)],
                                  [("vanster", "skadegorelse", 1)]],
                    "atgarder": [{"polisanmalan": "Ja", "ia": "Ja", "blankett": "Ja"},
                                 {}, {}, {}],
                },
                # External partners: ~40 asked, 10 answered, knowledge 2–5, mean 2,9, median 3.
                "extern": {
                    "avdelningar": [("Söderandan (lokala brottsförebyggande rådet)", 28, 6),
                                    ("Samverkan Söder", 12, 4)],
                    "kunskap": [2, 2, 2, 2, 3, 3, 3, 3, 4, 5],
                    "handelser": [[("hoger", "skadegorelse", 2), ("hoger", "hot_krankning", 1)],
                                  [("islamistisk", "asikter", 1)]],
                    "atgarder": [{"polisanmalan": "Ja"}, {"polisanmalan": "Ja", "orosanmalan": "Nej"}],
                },
                # The specialist committees' units in the district report no events in 2021.
                "fack_utan_handelser": True,
            },
        },
        # Older surveys also asked the elderly-care department (excluded 2021, pandemic).
        "avdelningar_ovriga_ar": ["Avdelningen för förskola och parklek", "Stab och kansli",
                                  "HR-avdelningen", "Sociala avdelningen", "Stadsmiljöavdelningen",
                                  "Avdelningen för äldreomsorg"],
        "externa_natverk": ["Söderandan (lokala brottsförebyggande rådet)", "Samverkan Söder"],
        "delomraden": ["Västra Södermalm", "Östra Södermalm"],
    },
    "utbildningsnamnden": {
        "enkat": {
            # Answers by school form 2018 (schools answered anonymously that year).
            # (avdelning = skolform, tillfrågade, svar)
            2018: {"skolformer": [("Kommunala grund- och grundsärskolor", 118, 57),
                                  ("Kommunala gymnasie- och gymnasiesärskolor", 30, 26),
                                  ("Fristående grund- och gymnasieskolor", 121, 64)]},
            # 2019: 80, 22, 36 (138 in all). Knowledge means 2,6 and 2,9 (sums 208/80 and
            # 64/22); "Ja" counts: handlingsplan 80 %/86 %, vägledning ≈90 % and blanketten
            # ≈40 % of the 102 municipal schools, samverkan socialtjänst 75 %/46 %, polis
            # 67 %/50 %. (antal ja, antal som svarat på frågan) per form.
            2019: {
                "skolformer": [("Kommunala grund- och grundsärskolor", 118, 80),
                               ("Kommunala gymnasie- och gymnasiesärskolor", 29, 22),
                               ("Fristående grund- och gymnasieskolor", 125, 36)],
                "kunskap": {
                    "Kommunala grund- och grundsärskolor": [1] * 5 + [2] * 31 + [3] * 35 + [4] * 9,
                    "Kommunala gymnasie- och gymnasiesärskolor": [2] * 6 + [3] * 12 + [4] * 4,
                },
                "janej": {
                    "Kommunala grund- och grundsärskolor": {
                        "kannedom_chef:handlingsplan": (64, 80), "kannedom_chef:vagledning": (72, 80),
                        "kannedom_chef:blankett": (32, 80), "samverkan:socialtjanst": (60, 80),
                        "samverkan:polis": (53, 79)},
                    "Kommunala gymnasie- och gymnasiesärskolor": {
                        "kannedom_chef:handlingsplan": (19, 22), "kannedom_chef:vagledning": (20, 22),
                        "kannedom_chef:blankett": (9, 22), "samverkan:socialtjanst": (6, 13),
                        "samverkan:polis": (11, 22)},
                },
            },
            # 2021: the 21 schools located on Södermalm (seed 002), knowledge sum 65
            # (mean 3,095 -> 3,1; 6 of 21 at 4 or 5), no events. Mostly municipal
            # compulsory schools. (skolform, antal)
            2021: {"omrade": "sodermalm",
                   "skolformer_i_omradet": [("Kommunala grund- och grundsärskolor", 12),
                                            ("Kommunala gymnasie- och gymnasiesärskolor", 4),
                                            ("Fristående grund- och gymnasieskolor", 5)],
                   "kunskap_i_omradet": [2] * 5 + [3] * 10 + [4] * 5 + [5] * 1},
        },
    },
}

#: City-wide published figures for 2020 (seed 002).
PUBLICERADE_STAD: dict[str, dict] = {
    # 104 IA reports with VBE ticked in the city, about a third not VBE after review.
    "ia": {2020: {"antal": 104, "felmarkerade": 35}},
    # Close to 40 SISAB reports of graffiti on schools.
    "klotter_sisab": {2020: 39},
}

# =====================================================================================
# EXAMPLE PROFILES (made up, not published): which fictitious committee is quiet, busy,
# lacks a source or a police text, so the reports meet real variety.
# =====================================================================================
EXEMPELPROFILER: dict[str, dict] = {
    # a quiet district: almost nothing to report, few survey answers, no forms at all
    "skarpnack": {"profil": "lugn", "utan_polistext": [2019],
                  "saknade_brott": [(ar, k) for ar in (2010, 2011, 2012, 2013)
                                    for k in ("hogmalsbrott", "terroristbrott")],
                  "saknade_oros": [2017]},
    # a busy inner-city district (and its successor after the 2023 reorganisation)
    "norrmalm": {"profil": "livlig"},
    "norra_innerstaden": {"profil": "livlig"},
    "ostermalm": {"profil": "livlig_liten"},
    "sodermalm": {"profil": "livlig_liten"},
    # a source missing for a committee: no graffiti rows at all / no web-training rows
    "hasselby_vallingby": {"saknar": ["klotter"], "saknade_sammankomster": [2012, 2013]},
    "farsta": {"saknar": ["webbutbildning"]},
    "spanga_tensta": {"saknade_brott": [(2012, "hets_mot_folkgrupp")]},
    "arbetsmarknadsnamnden": {"utan_polistext": [2019, 2020]},
    "idrottsnamnden": {"utan_polistext": [2022]},
    "kulturnamnden": {"saknade_webb_anstallda": [2019, 2020]},
}

#: Departments (avdelningar) of the specialist committees' units in the survey: made-up
#: example vocabulary, with the number of units per department (min, max).
FACKAVDELNINGAR: dict[str, list[tuple[str, int, int]]] = {
    "utbildningsnamnden": [("Kommunala grund- och grundsärskolor", 110, 125),
                           ("Kommunala gymnasie- och gymnasiesärskolor", 27, 32),
                           ("Fristående grund- och gymnasieskolor", 110, 130)],
    "socialnamnden": [("Avdelningen för stöd och vård", 6, 10), ("Enheten för hemlösa", 3, 5),
                      ("Avdelningen för stadsövergripande sociala frågor", 3, 6)],
    "arbetsmarknadsnamnden": [("Jobbtorg Stockholm", 6, 9), ("Vuxenutbildningen", 4, 7)],
    "idrottsnamnden": [("Anläggningsavdelningen", 6, 10), ("Idrottsavdelningen", 2, 4)],
    "kulturnamnden": [("Stadsbiblioteket", 8, 12), ("Kulturskolan", 3, 5),
                      ("Kulturförnyelseavdelningen", 1, 2)],
}
#: Fallback for a specialist committee not listed above.
FACKAVDELNINGAR_STANDARD = [("Verksamheter", 4, 8)]

#: Departments of a district administration (generic), units asked (min, max).
STADSDELSAVDELNINGAR: list[tuple[str, int, int]] = [
    ("Förskoleavdelningen", 6, 14),
    ("Avdelningen för individ- och familjeomsorg", 10, 30),
    ("Avdelningen för äldreomsorg", 6, 14),
    ("Avdelningen för stöd och service", 4, 10),
    ("Kultur- och fritidsavdelningen", 3, 8),
    ("Stadsmiljöavdelningen", 1, 2),
    ("Stab och kansli", 1, 1),
    ("HR-avdelningen", 1, 1),
]
EXTERNA_NATVERK_STANDARD = ["Lokala brottsförebyggande rådet", "Samverkan barn och unga"]
EXTERNA_AKTORER = ["Fritidsverksamhet", "Nattvandring", "Lokalpolisen", "Trossamfund",
                   "Bostadsbolag", "Idrottsförening", "Fältgrupp", "Studieförbund",
                   "Ungdomsorganisation", "Fastighetsägare", "Räddningstjänsten",
                   "Föräldraförening", "Kvinnojour", "Hyresgästförening"]
SKOLPREFIX = {"Kommunala grund- och grundsärskolor": "Kommunal grundskola",
              "Kommunala gymnasie- och gymnasiesärskolor": "Kommunal gymnasieskola",
              "Fristående grund- och gymnasieskolor": "Fristående skola"}

KANNEDOM_POSTER = ["handlingsplan", "samordnare", "blankett", "vagledning", "rutin", "webbutbildning"]
ATGARD_NYCKLAR = ["polisanmalan", "ia", "blankett", "orosanmalan"]
MILJO_NYCKLAR = ["hoger", "vanster", "islamistisk", "annat"]

# Spellings used in the raw files (vocabularies resolve labels and aliases).
MILJO_NYA = {"hoger": "Våldsbejakande högerextremism", "vanster": "Våldsbejakande vänsterextremism",
             "islamistisk": "Våldsbejakande islamistisk extremism", "annat": "Annat/oklart"}
MILJO_GAMLA = {"hoger": "Vit makt-miljön", "vanster": "Den autonoma miljön",
               "islamistisk": "Den islamistiska miljön", "annat": "Oklart"}
HANDELSETYP_TEXT = {"hot_krankning": "Hot och kränkningar",
                    "asikter": "Person som uttryckt våldsbejakande åsikter", "vald": "Våld",
                    "skadegorelse": "Skadegörelse", "propaganda": "Propaganda, flygblad och affischering",
                    "klotter": "Klotter och symboler", "rekrytering": "Rekrytering",
                    "otillaten_paverkan": "Otillåten påverkan", "annat": "Annat"}
AVSANDARE_TEXT = {"egen": "Egna förvaltningen", "stad": "Samverkanspart inom staden",
                  "samverkanspart": "Extern samverkanspart", "okand": "Okänd avsändare"}
KLOTTERTYP_TEXT = {"hoger_nazistiskt": "Nazistiskt", "rasistiskt": "Rasistiskt",
                   "vansterautonomt": "Vänsterautonomt", "islamistiskt": "Islamistiskt",
                   "annat": "Övrigt"}
KLOTTERKALLA_TEXT = {"sisab": "SISAB", "trafikkontoret": "Trafikkontoret", "annan": "Annan källa"}
BROTT_TEXT = {"hets_mot_folkgrupp": "Hets mot folkgrupp", "hogmalsbrott": "Högmålsbrott",
              "terroristbrott": "Terroristbrott"}
OROS_TEXT = {"orosanmalan": "Orosanmälan", "arende": "Ärende"}
TILLSTAND_TEXT = {"tillstand": "Tillståndsgiven", "utan_tillstand": "Ej tillståndsgiven"}

# Year profile of hate-speech reports (relative level), peaking 2017–2018 as in seed 002.
HETS_ARSPROFIL = {2010: 0.8, 2011: 0.7, 2012: 0.8, 2013: 0.8, 2014: 0.9, 2015: 0.9, 2016: 0.8,
                  2017: 1.4, 2018: 1.6, 2019: 1.1, 2020: 1.2, 2021: 1.1, 2022: 1.2, 2023: 1.1,
                  2024: 1.2}

PROFILFAKTOR = {"lugn": 0.15, "normal": 1.0, "livlig_liten": 1.8, "livlig": 3.0}


# ------------------------------------------------------------------------------ helpers
def _rng(seed: int, *nyckel: object) -> np.random.Generator:
    """An independent, stable random stream per (seed, key)."""
    h = zlib.crc32("/".join(str(k) for k in nyckel).encode("utf-8"))
    return np.random.default_rng([int(seed), h])


def _profil(slug: str) -> dict:
    return EXEMPELPROFILER.get(slug, {})


def _niva(slug: str) -> str:
    return _profil(slug).get("profil", "normal")


def _publ(slug: str, *nycklar: object, standard=None):
    d: object = PUBLICERADE.get(slug, {})
    for k in nycklar:
        if not isinstance(d, dict) or k not in d:
            return standard
        d = d[k]
    return d


def namnder_dataar(konf: Konfiguration, ar: int, kalla: str | None = None) -> list[Namnd]:
    """Committees whose name data rows for calendar year ``ar`` carry: those that exist
    at the end of the year (in a merger year the successor takes the whole year)."""
    slut = dt.date(ar, 12, 31)
    res = [n for n in konf.namnder.values()
           if n.finns_under_ar(ar) and (n.giltig_till is None or n.giltig_till >= slut)
           and (kalla is None or kalla in n.kallor)
           and kalla not in _profil(n.slug).get("saknar", [])]
    return sorted(res, key=lambda n: n.slug)


def _stadsdelar(konf: Konfiguration, ar: int) -> list[Namnd]:
    return sorted(konf.namnder_planar(ar, "stadsdelsnamnd"), key=lambda n: n.slug)


def _grundniva(konf: Konfiguration, slug: str) -> float:
    """Relative activity level of a committee; a successor sums its predecessors."""
    n = konf.namnder[slug]
    if n.foregangare:
        return sum(_grundniva(konf, f) for f in n.foregangare)
    bas = 0.6 + (zlib.crc32(slug.encode()) % 1000) / 1000  # 0.6–1.6, stable per slug
    return bas * PROFILFAKTOR[_niva(slug)]


class Namngivare:
    """Spells committee names as one export would: one spelling per committee and file,
    mostly the short name, sometimes an alias or the full name."""

    def __init__(self, rng: np.random.Generator, andel_kortnamn: float = 0.6):
        self.rng, self.andel, self.val = rng, andel_kortnamn, {}

    def __call__(self, n: Namnd) -> str:
        if n.slug not in self.val:
            alternativ = [a for a in [n.namn, *n.alias] if a]
            if self.rng.random() < self.andel or not alternativ:
                self.val[n.slug] = n.kortnamn
            else:
                self.val[n.slug] = alternativ[int(self.rng.integers(len(alternativ)))]
        return self.val[n.slug]


def _datum(rng: np.random.Generator, ar: int, fran: dt.date | None = None) -> str:
    start = dt.date(ar, 1, 1) if fran is None or fran.year < ar else fran
    slut = dt.date(ar, 12, 31)
    dagar = (slut - start).days
    return (start + dt.timedelta(days=int(rng.integers(0, dagar + 1)))).isoformat()


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _skriv_csv(fil: Path, rubriker: list[str], rader: list[list[object]]) -> Path:
    fil.parent.mkdir(parents=True, exist_ok=True)
    with open(fil, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(rubriker)
        for r in rader:
            w.writerow([_cell(v) for v in r])
    return fil


def _skriv_text(fil: Path, text: str) -> Path:
    fil.parent.mkdir(parents=True, exist_ok=True)
    with open(fil, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return fil


def _valj(rng: np.random.Generator, alternativ: list, p: list[float] | None = None):
    if p is not None:
        p = np.asarray(p, dtype=float) / np.sum(p)
    return alternativ[int(rng.choice(len(alternativ), p=p))]


def _miljo(rng: np.random.Generator) -> str:
    return _valj(rng, MILJO_NYCKLAR, [0.55, 0.2, 0.15, 0.1])


def _miljotext(nyckel: str, ar: int, konf: Konfiguration | None = None) -> str:
    """Exports up to 2020 use the older milieu names (aliases), newer ones the labels."""
    return _stavning(konf, "miljoer", nyckel, (MILJO_GAMLA if ar <= 2020 else MILJO_NYA)[nyckel])


#: The generator's own keys of graffiti sources → the contract's keys.
_KLOTTERKALLA_NYCKEL = {"sisab": "skolfastigheter", "trafikkontoret": "felanmalan", "annan": "annan"}


def _stavning(konf: Konfiguration | None, fil: str, nyckel: str, text: str) -> str:
    """The spelling ``text`` when the municipality's vocabulary ``fil`` reads it as
    ``nyckel`` (Stockholm's files use its own spellings), else the contract's label –
    so the example data of any municipality can be read with its own parameters."""
    from vbe_lib.parametrar import vocab

    kanonisk = vocab.ALLA[fil]
    v = konf.ordlistor.vok(kanonisk) if konf is not None and getattr(konf, "ordlistor", None) else kanonisk
    return text if v.hitta(text) == nyckel else kanonisk.etikett(nyckel)


def _dataar(konf: Konfiguration) -> range:
    return range(konf.kommun.forsta_dataar, konf.kommun.sista_planar)


def _handelsear(konf: Konfiguration) -> range:
    return range(max(FORSTA_HANDELSEAR, konf.kommun.forsta_dataar), konf.kommun.sista_planar)


# ------------------------------------------------------------------------------ series
def _brott(konf: Konfiguration, seed: int, data_dir: Path) -> Path:
    rng = _rng(seed, "brott")
    namn = Namngivare(rng, 0.5)
    rader = []
    for ar in _dataar(konf):
        for n in namnder_dataar(konf, ar, "brott"):
            serie = _publ(n.slug, "hets_mot_folkgrupp", standard={})
            publ = serie.get(ar)
            if serie:  # continue a published series from its last three years' level
                sista = sorted(serie)[-3:]
                niva = np.mean([serie[a] for a in sista]) / np.mean([HETS_ARSPROFIL[a] for a in sista])
                lam = float(niva) * HETS_ARSPROFIL.get(ar, 1.0)
            else:
                lam = 9.0 * _grundniva(konf, n.slug) * HETS_ARSPROFIL.get(ar, 1.0)
            saknas = set(map(tuple, _profil(n.slug).get("saknade_brott", [])))
            for kat in BROTT_TEXT:
                if kat == "hets_mot_folkgrupp":
                    if publ is not None:
                        antal = publ
                    elif serie:  # stay near the level of the published series
                        antal = int(round(lam * rng.uniform(0.8, 1.2)))
                    else:
                        antal = int(rng.poisson(lam))
                else:  # seed 002: usually zero
                    antal = int(rng.poisson(0.04 * max(1.0, lam / 9)))
                if (ar, kat) in saknas:
                    antal = None
                rader.append(((ar, n.slug, kat), [namn(n), ar, BROTT_TEXT[kat], antal]))
    rader.sort(key=lambda r: r[0])
    return _skriv_csv(data_dir / "brott.csv", ["Område", "År", "Brottskategori", "Antal"],
                      [r for _, r in rader])


def _sammankomster(konf: Konfiguration, seed: int, data_dir: Path) -> Path:
    rng = _rng(seed, "sammankomster")
    namn = Namngivare(rng, 0.6)
    rader = []
    for ar in _dataar(konf):
        pandemi = 0.6 if ar in (2020, 2021) else 1.0
        for n in namnder_dataar(konf, ar, "sammankomster"):
            niva = _grundniva(konf, n.slug)
            publ = _publ(n.slug, "sammankomster", ar, standard={})
            saknas = ar in _profil(n.slug).get("saknade_sammankomster", [])
            for t in TILLSTAND_TEXT:
                if t in publ:
                    antal = publ[t]
                elif t == "utan_tillstand" and ar < UTAN_TILLSTAND_FRAN:
                    antal = None  # not recorded in the early exports
                else:
                    lam = (14.0 if t == "tillstand" else 2.5) * niva * pandemi
                    antal = int(rng.poisson(lam))
                if saknas:
                    antal = None
                rader.append(((ar, n.slug, t), [namn(n), ar, TILLSTAND_TEXT[t], antal]))
    rader.sort(key=lambda r: r[0])
    return _skriv_csv(data_dir / "sammankomster.csv", ["Område", "År", "Tillstånd", "Antal"],
                      [r for _, r in rader])


def _orosanmalningar(konf: Konfiguration, seed: int, data_dir: Path) -> Path:
    rng = _rng(seed, "orosanmalningar")
    namn = Namngivare(rng, 0.7)
    rader = []
    for ar in _handelsear(konf):
        for n in namnder_dataar(konf, ar, "orosanmalningar"):
            publ = _publ(n.slug, "orosanmalningar", ar, standard={})
            saknas = ar in _profil(n.slug).get("saknade_oros", [])
            niva = _grundniva(konf, n.slug) if n.typ == "stadsdelsnamnd" else 0.8
            for typ in OROS_TEXT:
                for m in MILJO_NYCKLAR:
                    if (typ, m) in publ:
                        antal = publ[(typ, m)]
                    else:
                        vikt = {"hoger": 0.5, "vanster": 0.1, "islamistisk": 0.35, "annat": 0.15}[m]
                        antal = int(rng.poisson(vikt * (0.5 if typ == "orosanmalan" else 0.7) * niva))
                    if saknas:
                        antal = None
                    rader.append(((ar, n.slug, typ, m),
                                  [namn(n), ar, _stavning(konf, "orostyper", typ, OROS_TEXT[typ]), _miljotext(m, ar, konf), antal]))
    rader.sort(key=lambda r: r[0])
    return _skriv_csv(data_dir / "orosanmalningar.csv", ["Nämnd", "År", "Typ", "Miljö", "Antal"],
                      [r for _, r in rader])


def _blanketter(konf: Konfiguration, seed: int, data_dir: Path) -> Path:
    rng = _rng(seed, "blanketter")
    namn = Namngivare(rng, 0.6)
    rader = []
    for ar in _handelsear(konf):
        if ar < BLANKETT_INFORD.year:
            continue
        for n in namnder_dataar(konf, ar, "blanketter"):
            publ = _publ(n.slug, "blanketter", ar)
            if publ is not None:
                poster = [tuple(p) for p in publ]
            elif _niva(n.slug) == "lugn":
                poster = []  # the quiet district never sent a form
            else:
                niva = _grundniva(konf, n.slug) if n.typ == "stadsdelsnamnd" else 0.7
                lam = 2.2 * niva * (0.3 if ar == BLANKETT_INFORD.year else 1.0)
                poster = []
                for _ in range(int(rng.poisson(lam))):
                    m = _miljo(rng)
                    typ = _valj(rng, ["propaganda", "hot_krankning", "asikter", "klotter",
                                      "skadegorelse", "vald", "rekrytering", "otillaten_paverkan", "annat"],
                                [0.25, 0.2, 0.15, 0.12, 0.1, 0.05, 0.04, 0.05, 0.04])
                    avs = _valj(rng, ["egen", "stad", "samverkanspart", "okand"], [0.6, 0.2, 0.15, 0.05])
                    poster.append((_datum(rng, ar, BLANKETT_INFORD), m, typ, avs))
            for datum, m, typ, avs in poster:
                rader.append(((datum, n.slug, m, typ, avs),
                              [namn(n), datum, _miljotext(m, ar, konf), HANDELSETYP_TEXT[typ],
                               _stavning(konf, "avsandare", avs, AVSANDARE_TEXT[avs])]))
    rader.sort(key=lambda r: r[0])
    return _skriv_csv(data_dir / "blanketter.csv", ["Nämnd", "Datum", "Miljö", "Händelsetyp", "Avsändare"],
                      [r for _, r in rader])


def _fordela(rng: np.random.Generator, total: int, vikter: list[float]) -> list[int]:
    """Split ``total`` into integer parts proportional to random draws around ``vikter``."""
    if total <= 0 or not vikter:
        return [0] * len(vikter)
    p = np.asarray(vikter, dtype=float)
    return [int(x) for x in rng.multinomial(total, p / p.sum())]


def _ia(konf: Konfiguration, seed: int, data_dir: Path) -> Path:
    rng = _rng(seed, "ia")
    namn = Namngivare(rng, 0.6)
    rader = []
    for ar in _handelsear(konf):
        namnder = namnder_dataar(konf, ar, "ia")
        stad = PUBLICERADE_STAD["ia"].get(ar)
        fasta = {n.slug: _publ(n.slug, "ia", ar) for n in namnder if _publ(n.slug, "ia", ar)}
        ovriga = [n for n in namnder if n.slug not in fasta]
        vikter = [(_grundniva(konf, n.slug) if n.typ == "stadsdelsnamnd" else 1.5) for n in ovriga]
        if stad is not None:
            rest = stad["antal"] - sum(f["antal"] for f in fasta.values())
            antal = _fordela(rng, rest, vikter)
            rest_fel = stad["felmarkerade"] - sum(f["felmarkerade"] for f in fasta.values())
            # the wrongly flagged reports, spread over the committees with reports
            fel = [0] * len(ovriga)
            kandidater = [i for i, a in enumerate(antal) for _ in range(a)]
            for i in rng.choice(len(kandidater), size=rest_fel, replace=False):
                fel[kandidater[int(i)]] += 1
        else:
            okning = 0.7 if ar <= 2018 else 1.0
            antal = [int(rng.poisson(3.5 * v * okning)) for v in vikter]
            fel = [int(rng.binomial(a, 0.3)) for a in antal]
        poster = {n.slug: (f["antal"], f["felmarkerade"]) for n, f in
                  ((konf.namnder[s], f) for s, f in fasta.items())}
        for n, a, f in zip(ovriga, antal, fel):
            poster[n.slug] = (a, f)
        for n in namnder:
            a, f = poster[n.slug]
            for i in range(a):
                felm = i < f
                m = "annat" if felm and rng.random() < 0.7 else _miljo(rng)
                typ = "annat" if felm else _valj(rng, ["klotter", "hot_krankning", "propaganda", "asikter",
                                                       "skadegorelse", "vald"], [0.4, 0.2, 0.15, 0.1, 0.1, 0.05])
                datum = _datum(rng, ar)
                rader.append(((datum, n.slug, m, typ, felm),
                              [namn(n), datum, _miljotext(m, ar, konf), HANDELSETYP_TEXT[typ], "Ja" if felm else "Nej"]))
    rader.sort(key=lambda r: r[0])
    return _skriv_csv(data_dir / "ia.csv", ["Nämnd", "Datum", "Miljö", "Händelsetyp", "Felmarkerad"],
                      [r for _, r in rader])


def _delomraden(n: Namnd) -> list[str]:
    publ = _publ(n.slug, "delomraden")
    if publ:
        return list(publ)
    if n.typ != "stadsdelsnamnd":
        return [""]
    return [f"Norra {n.kortnamn}", f"Södra {n.kortnamn}", f"Centrala {n.kortnamn}"]


def _klotter(konf: Konfiguration, seed: int, data_dir: Path) -> Path:
    rng = _rng(seed, "klotter")
    namn = Namngivare(rng, 0.6)
    rader = []
    typer = ["hoger_nazistiskt", "rasistiskt", "vansterautonomt", "islamistiskt", "annat"]
    for ar in _handelsear(konf):
        namnder = namnder_dataar(konf, ar, "klotter")
        distrikt = [n for n in namnder if n.typ == "stadsdelsnamnd"]
        poster: list[tuple[Namnd, str, str, str]] = []  # (namnd, källa, typ, delområde)
        # SISAB: reports from schools, by the district where the school is
        stad_sisab = PUBLICERADE_STAD["klotter_sisab"].get(ar)
        fasta = {n.slug: _publ(n.slug, "klotter", ar) for n in distrikt if _publ(n.slug, "klotter", ar)}
        ovriga = [n for n in distrikt if n.slug not in fasta]
        vikter = [_grundniva(konf, n.slug) for n in ovriga]
        if stad_sisab is not None:
            rest = stad_sisab - sum(a for f in fasta.values() for _, _, a in f.get("sisab", []))
            sisab = _fordela(rng, rest, vikter)
        else:
            sisab = [int(rng.poisson(2.5 * v)) for v in vikter]
        for n, a in zip(ovriga, sisab):
            for _ in range(a):
                poster.append((n, "sisab", _valj(rng, typer, [0.35, 0.4, 0.1, 0.05, 0.1]),
                               _valj(rng, _delomraden(n))))
            for _ in range(int(rng.poisson(4.0 * _grundniva(konf, n.slug)))):
                poster.append((n, "trafikkontoret", _valj(rng, typer, [0.45, 0.15, 0.3, 0.03, 0.07]),
                               _valj(rng, _delomraden(n))))
        for slug, f in fasta.items():
            for kalla in ("sisab", "trafikkontoret"):
                for typ, delomr, a in f.get(kalla, []):
                    poster.extend([(konf.namnder[slug], kalla, typ, delomr)] * a)
        # specialist committees: the odd report from libraries, sports grounds and the like
        for n in namnder:
            if n.typ != "stadsdelsnamnd":
                for _ in range(int(rng.poisson(0.8))):
                    poster.append((n, "annan", _valj(rng, typer, [0.5, 0.2, 0.2, 0.0, 0.1]), ""))
        for n, kalla, typ, delomr in poster:
            datum = _datum(rng, ar)
            rader.append(((datum, n.slug, kalla, typ, delomr),
                          [namn(n), datum,
                           _stavning(konf, "klotterkallor", _KLOTTERKALLA_NYCKEL[kalla], KLOTTERKALLA_TEXT[kalla]),
                           _stavning(konf, "klottertyper", typ, KLOTTERTYP_TEXT[typ]), delomr]))
    rader.sort(key=lambda r: r[0])
    return _skriv_csv(data_dir / "klotter.csv", ["Nämnd", "Datum", "Källa", "Typ", "Delområde"],
                      [r for _, r in rader])


def _webbutbildning(konf: Konfiguration, seed: int, data_dir: Path) -> Path:
    rng = _rng(seed, "webbutbildning")
    namn = Namngivare(rng, 0.6)
    anstallda: dict[str, int] = {}
    genomforda: dict[str, int] = {}
    rader = []
    for ar in _handelsear(konf):
        if ar < WEBBUTBILDNING_FORSTA_AR:
            continue
        for n in namnder_dataar(konf, ar, "webbutbildning"):
            if n.slug not in anstallda:
                if n.foregangare and all(f in anstallda for f in n.foregangare):
                    anstallda[n.slug] = sum(anstallda[f] for f in n.foregangare)
                    genomforda[n.slug] = sum(genomforda.get(f, 0) for f in n.foregangare)
                else:
                    if n.typ == "stadsdelsnamnd":
                        anstallda[n.slug] = int(round((900 + 700 * _grundniva(konf, n.slug)
                                                       * rng.uniform(0.8, 1.2)) / 100)) * 100
                    else:
                        anstallda[n.slug] = int(rng.integers(4, 60)) * 100
                    genomforda[n.slug] = 0
            publ = _publ(n.slug, "webbutbildning", ar)
            senare = [v for k, v in sorted(_publ(n.slug, "webbutbildning", standard={}).items()) if k > ar]
            if publ is not None:
                g, p, a = publ["genomforda"], publ["pagaende"], publ["anstallda"]
                anstallda[n.slug] = a
            else:
                if senare:  # stay below a later published figure
                    anstallda[n.slug] = senare[0]["anstallda"]
                a = anstallda[n.slug]
                g = min(a, genomforda[n.slug] + int(a * rng.uniform(0.03, 0.12)))
                if senare:
                    g = min(g, int(senare[0]["genomforda"] * rng.uniform(0.3, 0.7)))
                p = int((a - g) * rng.uniform(0.04, 0.12))
            genomforda[n.slug] = g
            a_ut = None if ar in _profil(n.slug).get("saknade_webb_anstallda", []) else a
            rader.append(((ar, n.slug), [namn(n), ar, n.forvaltning or n.namn, g, p, a_ut]))
    rader.sort(key=lambda r: r[0])
    return _skriv_csv(data_dir / "webbutbildning.csv",
                      ["Nämnd", "År", "Förvaltning", "Genomförda", "Pågående", "Antal anställda"],
                      [r for _, r in rader])


# ------------------------------------------------------------------------------ survey
@dataclass(frozen=True)
class Fraga:
    fraga_id: str
    matt: str
    text: str
    typ: str


_KANNEDOM_CHEF_TEXT = {
    "handlingsplan": "Känner du som chef till nämndens handlingsplan mot våldsbejakande extremism?",
    "samordnare": "Känner du som chef till vem som är förvaltningens samordnare mot våldsbejakande extremism?",
    "blankett": "Känner du som chef till blanketten för avidentifierad information?",
    "vagledning": "Känner du som chef till stadens vägledning för arbetet mot våldsbejakande extremism?",
    "rutin": "Känner du som chef till rutinen vid oro eller händelse kopplad till våldsbejakande extremism?",
    "webbutbildning": "Har du som chef genomfört stadens webbutbildning om våldsbejakande extremism?",
}
_KANNEDOM_MEDARB_TEXT = {
    "handlingsplan": "Hur stor andel av medarbetarna känner till nämndens handlingsplan? (0–100 %)",
    "samordnare": "Hur stor andel av medarbetarna känner till förvaltningens samordnare? (0–100 %)",
    "blankett": "Hur stor andel av medarbetarna känner till blanketten för avidentifierad information? (0–100 %)",
    "vagledning": "Hur stor andel av medarbetarna känner till stadens vägledning? (0–100 %)",
    "rutin": "Hur stor andel av medarbetarna känner till rutinen vid oro eller händelse? (0–100 %)",
    "webbutbildning": "Hur stor andel av medarbetarna har genomfört webbutbildningen? (0–100 %)",
}
_ATGARD_TEXT = {
    "polisanmalan": "Har händelsen eller händelserna polisanmälts?",
    "ia": "Har händelsen eller händelserna anmälts i IA?",
    "blankett": "Har blanketten för avidentifierad information fyllts i och skickats till samordnaren?",
    "orosanmalan": "Har en orosanmälan gjorts till socialtjänsten?",
}


def fragekatalog(ar: int) -> list[Fraga]:
    """The question catalogue of survey year ``ar``; the knowledge question changed
    wording (and id) in ``NY_KUNSKAPSFRAGA_AR``, so it is not comparable across that year."""
    f: list[Fraga] = []
    if ar < NY_KUNSKAPSFRAGA_AR:
        f.append(Fraga("kunskap_motverka", "kunskapsniva",
                       "Hur bedömer du kunskapsnivån för att motverka våldsbejakande extremism inom din "
                       "verksamhet? (1 = ingen kunskap – 5 = mycket bra kunskap)", "skala"))
    else:
        f.append(Fraga("kunskapsniva", "kunskapsniva",
                       "Hur bedömer du kunskapsnivån om våldsbejakande extremism i din verksamhet? (1–5)",
                       "skala"))
    for post in KANNEDOM_POSTER:
        if post == "webbutbildning" and ar < WEBBFRAGA_FRAN:
            continue
        f.append(Fraga(f"kannedom_chef_{post}", f"kannedom_chef:{post}", _KANNEDOM_CHEF_TEXT[post], "janej"))
    if ar >= MEDARBETARFRAGOR_FRAN:
        for post in KANNEDOM_POSTER:
            if post == "webbutbildning" and ar < WEBBFRAGA_FRAN:
                continue
            f.append(Fraga(f"kannedom_medarbetare_{post}", f"kannedom_medarbetare:{post}",
                           _KANNEDOM_MEDARB_TEXT[post], "andel"))
    for a in ATGARD_NYCKLAR:
        f.append(Fraga(f"atgard_{a}", f"atgard:{a}", _ATGARD_TEXT[a], "janej"))
    f.append(Fraga("samverkan_socialtjanst", "samverkan:socialtjanst",
                   "Har verksamheten befintlig samverkan med socialtjänsten i frågor om våldsbejakande extremism?",
                   "janej"))
    f.append(Fraga("samverkan_polis", "samverkan:polis",
                   "Har verksamheten befintlig samverkan med polisen i frågor om våldsbejakande extremism?",
                   "janej"))
    f.append(Fraga("fritext_samverkan", "fritext:samverkan",
                   "Behöver befintlig samverkan utvecklas och i så fall hur och med vilka?", "fritext"))
    f.append(Fraga("fritext_paverkan", "fritext:paverkan",
                   "Har aktiviteterna i handlingsplanen påverkat ert arbete och i så fall på vilket sätt?",
                   "fritext"))
    if ar >= FRITEXT_SAKNAS_FRAN:
        f.append(Fraga("fritext_saknas", "fritext:saknas",
                       "Är det något som du upplever saknas idag för att kunna arbeta mot våldsbejakande extremism?",
                       "fritext"))
    f.append(Fraga("fritext_ovrigt", "fritext:ovrigt", "Har du något annat du vill framföra?", "fritext"))
    return f


#: Plausible, fictitious free-text answers (no names, no personal data).
FRITEXTER: dict[str, list[str]] = {
    "samverkan": [
        "Vi har samverkan med socialtjänsten men inte specifikt när det gäller våldsbejakande extremism.",
        "Samverkan med förskolor, skolor och civilsamhället behöver utvecklas eftersom det är där barn och unga finns.",
        "Inget behov av ytterligare samverkan i nuläget.",
        "Det behövs tydligare samverkan kring utbetalning av föreningsbidrag.",
        "Vi skulle behöva information om hur IA-anmälan görs när det gäller VBE.",
        "Regelbundna avstämningar med lokalpolisen vore värdefullt.",
        "Samverkan fungerar bra genom det lokala brottsförebyggande rådet.",
        "Vi saknar insyn i frågan och vet inte vem vi ska vända oss till.",
        "Mer samverkan med fältassistenterna kring ungdomar som rör sig i centrum på kvällarna.",
        "Central samordning i staden skulle underlätta för oss.",
    ],
    "paverkan": [
        "Nej, det har inte påverkat vårt arbete nämnvärt.",
        "Vi har blivit mer observanta på klotter och affischering i närmiljön.",
        "Vi går igenom handlingsplanen på ett arbetsplatsträff varje år eftersom händelser är sällsynta och rutinen annars glöms bort.",
        "Vi följer upp att alla medarbetare genomför webbutbildningen.",
        "Vi tar med frågan i bedömningen av föreningsbidrag och betalar bara ut till föreningar som står bakom demokratins principer.",
        "Inte ännu, men vi planerar att ta upp handlingsplanen i ledningsgruppen.",
        "Ja, vi vet nu vart vi ska vända oss vid oro.",
    ],
    "saknas": [
        "Påminnelser om utbildning och rutiner under året.",
        "Mer kunskap om symboler och hur de används i dag.",
        "En app eller ett enkelt sätt för medarbetare att rapportera klotter och affischer.",
        "Fortlöpande uppdatering av lägesbilden från polisen.",
        "En lathund om vad nästa steg blir när man känner oro för en person.",
        "Tid för att gå igenom materialet i arbetsgruppen.",
        "Information på fler språk till vårdnadshavare.",
        "Inget särskilt.",
    ],
    "ovrigt": [
        "Tack för en bra enkät.",
        "Vi hade en händelse under året med en målning med religiöst budskap och fick snabbt hjälp av samordnaren.",
        "Nya medarbetare behöver gå utbildningen, vi önskar en uppdatering.",
        "Önskar en föreläsning för hela arbetsgruppen.",
        "Svårt att svara för hela enheten eftersom verksamheten är spridd på flera adresser.",
        "De som har haft händelser fick bra stöd och ärendet prioriterades.",
    ],
}


@dataclass
class Enhetssvar:
    namnd: Namnd
    omrade: Namnd | None
    grupp: str
    avdelning: str
    enhet: str
    kunskap: int | None = None
    svar: dict[str, object] = field(default_factory=dict)  # matt -> value (janej text, int, text)
    handelser: list[tuple[str, str, int]] = field(default_factory=list)


def _kunskap(rng: np.random.Generator, ar: int, grupp: str) -> int:
    t = ar - 2018
    skift = 0.08 * t - (0.25 if grupp == "extern" else 0.0)
    p = np.array([0.07, 0.3 - skift / 2, 0.42, 0.17 + skift / 2, 0.04])
    p = np.clip(p, 0.01, None)
    return int(rng.choice([1, 2, 3, 4, 5], p=p / p.sum()))


def _fyll_generiskt(rng: np.random.Generator, e: Enhetssvar, ar: int, fragor: list[Fraga],
                    handelse_p: float) -> None:
    t = ar - 2018
    extern = e.grupp == "extern"
    e.kunskap = _kunskap(rng, ar, e.grupp)
    for f in fragor:
        if f.matt.startswith("kannedom_chef:"):
            p = min(0.95, (0.45 if extern else 0.6) + 0.05 * t)
            if f.matt.endswith("blankett") or f.matt.endswith("webbutbildning"):
                p -= 0.15
            r = rng.random()
            e.svar[f.matt] = "Ja" if r < p else ("Vet ej" if r < p + 0.05 else "Nej")
        elif f.matt.startswith("kannedom_medarbetare:"):
            if rng.random() < 0.06:
                e.svar[f.matt] = None  # left blank
            else:
                medel = (30 if extern else 40) + 4 * t
                e.svar[f.matt] = int(np.clip(round(rng.normal(medel, 20) / 5) * 5, 0, 100))
        elif f.matt.startswith("samverkan:"):
            p = 0.55 if f.matt.endswith("socialtjanst") else 0.45
            r = rng.random()
            e.svar[f.matt] = "Ja" if r < p else ("Vet ej" if r < p + 0.06 else "Nej")
        elif f.matt.startswith("fritext:"):
            amne = f.matt.split(":", 1)[1]
            andel = 0.25 if amne != "ovrigt" else 0.12
            e.svar[f.matt] = _valj(rng, FRITEXTER[amne]) if rng.random() < andel else None
    if rng.random() < handelse_p:
        for _ in range(int(rng.integers(1, 3))):
            typ = _valj(rng, ["hot_krankning", "asikter", "propaganda", "klotter", "skadegorelse", "vald",
                              "rekrytering"], [0.25, 0.25, 0.18, 0.15, 0.1, 0.04, 0.03])
            e.handelser.append((_miljo(rng), typ, int(rng.integers(1, 4))))
    _fyll_atgarder(rng, e, fragor)


def _fyll_atgarder(rng: np.random.Generator, e: Enhetssvar, fragor: list[Fraga],
                   fasta: dict[str, str] | None = None) -> None:
    """Actions are answered only by units that observed events; others leave them blank."""
    for f in fragor:
        if f.matt.startswith("atgard:"):
            nyckel = f.matt.split(":", 1)[1]
            if not e.handelser:
                e.svar[f.matt] = None
            elif fasta is not None:
                e.svar[f.matt] = fasta.get(nyckel, "Nej")
            else:
                p = {"polisanmalan": 0.3, "ia": 0.3, "blankett": 0.25, "orosanmalan": 0.1}[nyckel]
                e.svar[f.matt] = "Ja" if rng.random() < p else "Nej"


def _satt_janej(rng: np.random.Generator, enheter: list[Enhetssvar], matt: str, ja: int, besvarade: int) -> None:
    """Exactly ``ja`` yes among ``besvarade`` answers; the rest of the units leave it blank."""
    ordning = [int(i) for i in rng.permutation(len(enheter))]
    for pos, i in enumerate(ordning):
        if pos < ja:
            enheter[i].svar[matt] = "Ja"
        elif pos < besvarade:
            enheter[i].svar[matt] = "Vet ej" if rng.random() < 0.1 else "Nej"
        else:
            enheter[i].svar[matt] = None


def _satt_kunskap(rng: np.random.Generator, enheter: list[Enhetssvar], varden: list[int]) -> None:
    assert len(varden) == len(enheter), (len(varden), len(enheter))
    for e, v in zip(enheter, [int(x) for x in rng.permutation(varden)]):
        e.kunskap = v


def _satt_andelar(rng: np.random.Generator, enheter: list[Enhetssvar], matt: str, mal: float) -> None:
    v = np.clip(np.round(rng.normal(mal, 15, len(enheter)) / 5) * 5, 0, 100)
    v = np.clip(v + round((mal - v.mean()) / 5) * 5, 0, 100)
    for e, x in zip(enheter, v):
        e.svar[matt] = int(x)


class _Enhetsnamn:
    """Unique unit names per committee and group."""

    def __init__(self):
        self.raknare: dict[tuple[str, str, str], int] = {}

    def __call__(self, namnd: Namnd, grupp: str, prefix: str) -> str:
        k = (namnd.slug, grupp, prefix)
        self.raknare[k] = self.raknare.get(k, 0) + 1
        return f"{prefix} {self.raknare[k]:02d}"


#: Made-up unit name prefixes per department (example vocabulary).
ENHETSPREFIX = {**SKOLPREFIX,
                "Förskoleavdelningen": "Förskoleenhet",
                "Avdelningen för förskola och parklek": "Förskola och parklek, enhet",
                "Avdelningen för individ- och familjeomsorg": "Individ- och familjeomsorg, enhet",
                "Sociala avdelningen": "Sociala avdelningen, enhet",
                "Avdelningen för äldreomsorg": "Äldreomsorgsenhet",
                "Avdelningen för stöd och service": "Stöd och service, enhet",
                "Kultur- och fritidsavdelningen": "Fritidsverksamhet",
                "Stadsbiblioteket": "Bibliotek",
                "Anläggningsavdelningen": "Idrottsanläggning",
                "Jobbtorg Stockholm": "Jobbtorg"}


def _enhetsprefix(avdelning: str) -> str:
    return ENHETSPREFIX.get(avdelning, f"{avdelning}, enhet")


def _enkat_ar(konf: Konfiguration, seed: int, ar: int) -> tuple[list[Fraga], list[Enhetssvar],
                                                                   list[tuple[Namnd, str, str, int]]]:
    rng = _rng(seed, "enkat", ar)
    fragor = fragekatalog(ar)
    enheter: list[Enhetssvar] = []
    tillfragade: list[tuple[Namnd, str, str, int]] = []
    namnge = _Enhetsnamn()
    distrikt = _stadsdelar(konf, ar)
    distrikt_vikter = [_grundniva(konf, d.slug) ** 0.5 for d in distrikt]
    for n in sorted(konf.namnder_planar(ar), key=lambda n: n.slug):
        if "enkat" not in n.kallor:
            continue
        niva = _niva(n.slug)
        handelse_p = {"lugn": 0.02, "normal": 0.1, "livlig_liten": 0.15, "livlig": 0.25}[niva]
        if n.typ == "stadsdelsnamnd":
            publ = _publ(n.slug, "enkat", ar, standard={})
            for grupp in ("intern", "extern"):
                pg = publ.get(grupp)
                if pg is not None:
                    avdelningar = list(pg["avdelningar"])
                elif grupp == "intern":
                    namn_lista = _publ(n.slug, "avdelningar_ovriga_ar")
                    mallar = STADSDELSAVDELNINGAR if not namn_lista else \
                        [(a, 1, 1) if ("Stab" in a or "HR" in a or "Stadsmiljö" in a) else (a, 6, 14)
                         for a in namn_lista]
                    if niva == "lugn":
                        mallar = mallar[:3]
                    avdelningar = []
                    for a, lo, hi in mallar:
                        fragade = int(rng.integers(lo, hi + 1))
                        if niva == "lugn":
                            fragade = max(1, fragade // 3)
                        andel = rng.uniform(0.15, 0.4) if niva == "lugn" else rng.uniform(0.4, 0.95)
                        svar = int(round(fragade * andel))
                        if rng.random() < 0.1:
                            svar = 0  # a department that did not answer at all
                        avdelningar.append((a, fragade, svar))
                else:
                    natverk = _publ(n.slug, "externa_natverk") or EXTERNA_NATVERK_STANDARD
                    avdelningar = []
                    for i, a in enumerate(natverk):
                        fragade = int(rng.integers(12, 30)) if i == 0 else int(rng.integers(5, 15))
                        if niva == "lugn":
                            fragade = max(3, fragade // 2)
                        svar = int(rng.binomial(fragade, 0.08 if niva == "lugn" else 0.22))
                        avdelningar.append((a, fragade, svar))
                gruppens: list[Enhetssvar] = []
                for a, fragade, svar in avdelningar:
                    tillfragade.append((n, grupp, a, fragade))
                    for _ in range(svar):
                        if grupp == "intern":
                            enhet = a if fragade == 1 else namnge(n, grupp, _enhetsprefix(a))
                        else:
                            enhet = namnge(n, grupp, _valj(rng, EXTERNA_AKTORER))
                        omrade = n if (grupp == "intern" or rng.random() < 0.8) else None
                        e = Enhetssvar(n, omrade, grupp, a, enhet)
                        _fyll_generiskt(rng, e, ar, fragor, handelse_p)
                        gruppens.append(e)
                if pg is not None:
                    _tillampa_publicerat(rng, gruppens, pg, fragor)
                enheter.extend(gruppens)
        else:
            publ = _publ(n.slug, "enkat", ar, standard={})
            mallar = FACKAVDELNINGAR.get(n.slug, FACKAVDELNINGAR_STANDARD)
            skolformer = {a: (f, s) for a, f, s in publ.get("skolformer", [])}
            fast_omrade = publ.get("omrade")
            i_omradet = {a: k for a, k in publ.get("skolformer_i_omradet", [])}
            per_form: dict[str, list[Enhetssvar]] = {}
            for a, lo, hi in mallar:
                if a in skolformer:
                    fragade, svar = skolformer[a]
                else:
                    fragade = int(rng.integers(lo, hi + 1))
                    svar = int(rng.binomial(fragade, rng.uniform(0.3, 0.7)))
                    if fast_omrade is not None:
                        svar = max(svar, i_omradet.get(a, 0))
                tillfragade.append((n, "intern", a, fragade))
                lista: list[Enhetssvar] = []
                andra = [d for d in distrikt if d.slug != fast_omrade]
                andra_v = [w for d, w in zip(distrikt, distrikt_vikter) if d.slug != fast_omrade]
                for k in range(svar):
                    if fast_omrade is not None and k < i_omradet.get(a, 0):
                        omrade = konf.namnder[fast_omrade]
                    else:
                        omrade = _valj(rng, andra if fast_omrade else distrikt,
                                       andra_v if fast_omrade else distrikt_vikter)
                    e = Enhetssvar(n, omrade, "intern", a, namnge(n, "intern", _enhetsprefix(a)))
                    _fyll_generiskt(rng, e, ar, fragor, handelse_p * 0.8)
                    lista.append(e)
                per_form[a] = lista
            for a, varden in publ.get("kunskap", {}).items():
                _satt_kunskap(rng, per_form[a], varden)
            for a, matten in publ.get("janej", {}).items():
                for matt, (ja, besv) in matten.items():
                    _satt_janej(rng, per_form[a], matt, ja, besv)
            if fast_omrade is not None:
                lokala = [e for lst in per_form.values() for e in lst if e.omrade.slug == fast_omrade]
                _satt_kunskap(rng, lokala, publ["kunskap_i_omradet"])
            for lst in per_form.values():
                enheter.extend(lst)
    # districts whose published picture says the specialist units reported nothing
    tysta = {d.slug for d in distrikt if _publ(d.slug, "enkat", ar, "fack_utan_handelser")}
    for e in enheter:
        if e.namnd.typ != "stadsdelsnamnd" and e.omrade is not None and e.omrade.slug in tysta:
            e.handelser = []
            _fyll_atgarder(rng, e, fragor)
    return fragor, enheter, tillfragade


def _tillampa_publicerat(rng: np.random.Generator, enheter: list[Enhetssvar], pg: dict,
                         fragor: list[Fraga]) -> None:
    """Override a district group's answers with the published aggregates."""
    matt = {f.matt for f in fragor}
    _satt_kunskap(rng, enheter, pg["kunskap"])
    for post in pg.get("chef_alla_ja", []):
        for e in enheter:
            e.svar[f"kannedom_chef:{post}"] = "Ja"
    for post, mal in pg.get("medarbetare_mal", {}).items():
        if f"kannedom_medarbetare:{post}" in matt:
            _satt_andelar(rng, enheter, f"kannedom_medarbetare:{post}", mal)
    if "handelser" in pg:
        for e in enheter:
            e.handelser = []
        valda = [int(i) for i in rng.choice(len(enheter), size=len(pg["handelser"]), replace=False)]
        for i, h, at in zip(valda, pg["handelser"], pg["atgarder"]):
            enheter[i].handelser = [tuple(x) for x in h]
            _fyll_atgarder(rng, enheter[i], fragor, at)
        for i, e in enumerate(enheter):
            if i not in valda:
                _fyll_atgarder(rng, e, fragor)


def _skriv_enkat(konf: Konfiguration, seed: int, data_dir: Path, ar: int) -> list[Path]:
    fragor, enheter, tillfragade = _enkat_ar(konf, seed, ar)
    rng = _rng(seed, "enkat-namn", ar)
    namn = Namngivare(rng, 0.65)
    mapp = data_dir / "enkat" / str(ar)
    filer = [_skriv_csv(mapp / "fragor.csv", ["Fråga-id", "Mått", "Frågetext", "Typ", "Kolumn"],
                        [[f.fraga_id, f.matt, f.text, f.typ, f.text] for f in fragor])]
    grupptext = {"intern": "Intern", "extern": "Extern"}  # the contract's keys (any case)
    rader = []
    for e in enheter:
        rad: list[object] = [namn(e.namnd), namn(e.omrade) if e.omrade else None, grupptext[e.grupp],
                             e.avdelning, e.enhet]
        for f in fragor:
            rad.append(e.kunskap if f.matt == "kunskapsniva" else e.svar.get(f.matt))
        rader.append(((e.namnd.slug, e.grupp, e.avdelning, e.enhet), rad))
    rader.sort(key=lambda r: r[0])
    filer.append(_skriv_csv(mapp / "svar.csv", ["Nämnd", "Område", "Grupp", "Avdelning", "Enhet",
                                                *[f.text for f in fragor]], [r for _, r in rader]))
    trader = sorted(((n.slug, g, a), [namn(n), grupptext[g], a, antal]) for n, g, a, antal in tillfragade)
    filer.append(_skriv_csv(mapp / "tillfragade.csv", ["Nämnd", "Grupp", "Avdelning", "Antal tillfrågade"],
                            [r for _, r in trader]))
    hrader = []
    for e in enheter:
        sammanslagna: dict[tuple[str, str], int] = {}
        for m, typ, antal in e.handelser:
            sammanslagna[(m, typ)] = sammanslagna.get((m, typ), 0) + antal
        for (m, typ), antal in sammanslagna.items():
            hrader.append(((e.namnd.slug, e.grupp, e.enhet, m, typ),
                           [namn(e.namnd), grupptext[e.grupp], e.enhet, _miljotext(m, ar, konf),
                            HANDELSETYP_TEXT[typ], antal]))
    hrader.sort(key=lambda r: r[0])
    filer.append(_skriv_csv(mapp / "handelser.csv", ["Nämnd", "Grupp", "Enhet", "Miljö", "Händelsetyp", "Antal"],
                            [r for _, r in hrader]))
    return filer


# ------------------------------------------------------------------------------ police
def _hotniva(planar: int) -> str:
    if planar >= 2024:
        return ("Terrorhotnivån i Sverige höjdes i augusti 2023 till högt hot, nivå fyra på en "
                "femgradig skala, och ligger kvar på den nivån.")
    return ("Den sammantagna terrorhotnivån i landet kvarstår som förhöjt hot, nivå tre på en "
            "femgradig skala, enligt Nationellt centrum för terrorhotbedömning.")


_POLIS_DISTRIKT = {
    "miljo": {
        "hoger": "Vit makt-miljön är den miljö som märks mest i {omr}, främst genom affischering, "
                 "klistermärken och flygblad i brevlådor.",
        "vanster": "Den autonoma miljön har historiskt utmärkt sig i {omr}, men är för närvarande "
                   "inte särskilt aktiv i stadsdelsområdet.",
        "islamistisk": "Polisen har kännedom om enstaka personer med koppling till den våldsbejakande "
                       "islamistiska miljön som vistas i {omr}.",
    },
    "lugn": [
        "Polisen har inte noterat några händelser med koppling till våldsbejakande extremism i {omr} "
        "under {ar}.",
        "Lägesbilden i {omr} är lugn och polisen ser ingen förändring jämfört med föregående år.",
    ],
    "handelser": [
        "Under {ar} har enstaka fall av klotter med nazistisk symbolik anmälts i {omr}.",
        "Flygblad med antisemitiskt innehåll har delats ut i bostadsområden vid några tillfällen under {ar}.",
        "En lokal med religiös anknytning har utsatts för skadegörelse med hatbrottsmotiv under {ar}.",
        "Ett par mindre manifestationer med koppling till vit makt-miljön har genomförts utan större störningar.",
        "Polisen har uppmärksammat att unga personer exponeras för våldsbejakande propaganda i sociala medier.",
    ],
    "sammankomster": [
        "De allmänna sammankomsterna i {omr} har i huvudsak gått lugnt till och ingen person har frihetsberövats.",
        "Pandemin påverkade de allmänna sammankomsterna i mycket hög grad, både antalet sammankomster och "
        "antalet deltagare.",
        "Allmänna sammankomster utan tillstånd förekommer, oftast av mindre slag.",
    ],
    "avslut": [
        "Lokalpolisen bedömer att det finns ett mörkertal när det gäller hets mot folkgrupp och brott med "
        "hatbrottsmotiv.",
        "Polisen fortsätter samverka med förvaltningen i det lokala brottsförebyggande rådet.",
        "Kommunpolisen deltar i förvaltningens arbetsgrupp och bidrar löpande till lägesbilden.",
    ],
}


def _polistext(rng: np.random.Generator, n: Namnd, planar: int) -> str:
    ar = planar - 1
    omr = f"{n.kortnamn}s stadsdelsområde" if not n.kortnamn.endswith("s") else f"{n.kortnamn} stadsdelsområde"
    delar = [f"*Fiktiva exempeldata.* Polisens kartläggning inför handlingsplan {planar} "
             f"(avser {ar}).", "", _hotniva(planar)]
    if n.typ != "stadsdelsnamnd":
        delar.append(f"Polisen har inte rapporterat några händelser med koppling till våldsbejakande "
                     f"extremism som rör {n.forvaltning.lower() or n.namn}s verksamheter under {ar} utöver "
                     "det som redovisas i stadsdelarnas lägesbilder.")
        delar.append(_valj(rng, ["Polisen och förvaltningen fortsätter att samverka genom stadens nätverk "
                                 "mot våldsbejakande extremism.",
                                 "Förvaltningens samordnare tar del av polisens regionala lägesbild två "
                                 "gånger per år."]))
        return "\n\n".join([delar[0], " ".join(delar[2:])]) + "\n"
    niva = _niva(n.slug)
    stycke1 = [_hotniva(planar),
               "Lägesbilden från polisens underrättelsetjänst visar att det i Stockholms län finns "
               "brottsbenägna individer kopplade till alla tre miljöer."]
    if niva == "lugn":
        stycke2 = [s.format(omr=omr, ar=ar) for s in _POLIS_DISTRIKT["lugn"]]
    else:
        m = _valj(rng, ["hoger", "vanster", "islamistisk"], [0.6, 0.25, 0.15])
        stycke2 = [_POLIS_DISTRIKT["miljo"][m].format(omr=omr)]
        k = 3 if niva.startswith("livlig") else 1
        idx = rng.choice(len(_POLIS_DISTRIKT["handelser"]), size=k, replace=False)
        stycke2 += [_POLIS_DISTRIKT["handelser"][int(i)].format(omr=omr, ar=ar) for i in sorted(idx)]
    sk = _POLIS_DISTRIKT["sammankomster"][1] if ar in (2020, 2021) else _valj(
        rng, [_POLIS_DISTRIKT["sammankomster"][0], _POLIS_DISTRIKT["sammankomster"][2]])
    stycke3 = [sk.format(omr=omr), _valj(rng, _POLIS_DISTRIKT["avslut"])]
    return "\n\n".join([delar[0], " ".join(stycke1), " ".join(stycke2), " ".join(stycke3)]) + "\n"


def _polis(konf: Konfiguration, seed: int, data_dir: Path) -> list[Path]:
    filer = []
    for planar in range(konf.kommun.forsta_planar, konf.kommun.sista_planar + 1):
        for n in sorted(konf.namnder_planar(planar), key=lambda n: n.slug):
            if "polis" not in n.kallor or planar in _profil(n.slug).get("utan_polistext", []):
                continue
            text = _polistext(_rng(seed, "polis", planar, n.slug), n, planar)
            filer.append(_skriv_text(data_dir / "polis" / str(planar) / f"{n.slug}.md", text))
    return filer


# ------------------------------------------------------------------------------ files
DATAKALLA_BESKRIVNING = (
    "Fiktiva exempeldata för Stockholms stads nämnder, genererade med kommandot "
    "'vbe exempeldata' (frö {seed}). Uppgifterna är påhittade; endast ett fåtal "
    "sammanställda siffror motsvarar publicerade handlingsplaner (Södermalm 2021, "
    "Utbildningsnämnden 2019) så att rapporterna kan kontrolleras mot dem."
)
#: the same for a municipality without the committees of the published figures
DATAKALLA_BESKRIVNING_ANNAN = (
    "Fiktiva exempeldata för {kommuns} nämnder, genererade med kommandot 'vbe exempeldata' "
    "(frö {seed}). Alla uppgifter är påhittade; inga siffror motsvarar publicerade handlingsplaner."
)
#: README paragraphs that hold for Stockholm's configuration only (the published figures
#: and the example profiles are Stockholm's committees)
README_PUBLICERADE = {
    True: """Ett fåtal sammanställda siffror är med avsikt desamma som i publicerade handlingsplaner,
så att rapporterna kan kontrolleras mot dem: Södermalms handlingsplan 2021 (bland annat
27 interna enkätsvar med medelvärdet 3,07 och medianen 3, hets mot folkgrupp 25 → 30,
blanketter 1, 5 och 3 för 2018–2020) och Utbildningsnämndens handlingsplan 2019 (svar per
skolform 57 → 80, 26 → 22 och 64 → 36). Svaren och händelserna bakom siffrorna är påhittade.
""",
    False: """Inga siffror motsvarar publicerade handlingsplaner: de publicerade siffror som generatorn
återskapar gäller nämnder som inte finns i den här kommunens parametrar.
""",
}
README_EGENHETER = {
    True: """- Områdesnamn är stavade som i verkliga exporter: oftast kortnamnet, ibland ett alias
  ("Enskede - Årsta - Vantör", "Bromma (Sthlm)"), så att namnmatchningen prövas.
- Nämnder som slagits samman: föregångarna har rader till och med året före
  sammanslagningen, efterträdaren från sammanslagningsåret (2020 och 2023).
- En lugn stadsdel med nästan ingenting att rapportera (inga blanketter alls, vilket
  `datakalla.yml` anger under `inga_handelser`), en livlig innerstadsdel, en nämnd helt
  utan klotterrader (uppgift saknas) och en helt utan rader om webbutbildningen.
""",
    False: """- Områdesnamn är ibland stavade med ett alias ur parametrarna i stället för kortnamnet, så att
  namnmatchningen prövas.
- Nämnder som slagits samman: föregångarna har rader till och med året före
  sammanslagningen, efterträdaren från sammanslagningsåret.
""",
}


def _med_publicerade(konf: Konfiguration | None) -> bool:
    """True when the configuration has the committees whose published figures the generator
    reproduces (Stockholm's); the README and datakalla.yml say so only then."""
    return konf is not None and all(slug in konf.namnder for slug in PUBLICERADE)

README = """# Exempeldata (fiktiva)

**Allt i den här mappen är fiktiva exempeldata.** Uppgifterna är påhittade och beskriver
inga verkliga personer, enheter eller händelser. Varje rapport som byggs från dem visar
texten "Fiktiva exempeldata" (styrs av `datakalla.yml`, `exempeldata: true`).

{publicerade}
## Så skapas filerna

Filerna skapas av kommandot

    vbe exempeldata --data data --parametrar parameters --seed {seed}

(`--seed` är valfritt; standardfröet är {seed}). Samma frö ger byte för byte samma filer.
Ändra inte filerna för hand: ändra generatorn (`vbe_lib/exempeldata/`) och kör
kommandot igen. Kommandot skriver inte över en mapp vars `datakalla.yml` säger
`exempeldata: false`.

## Innehåll

| fil | innehåll |
|---|---|
| `datakalla.yml` | markerar att datan är fiktiv, och vilka nämnder som inte haft några händelser alls i en händelselista |
| `polis/<år>/<nämnd>.md` | polisens kartläggning per nämnd och planår (några saknas med avsikt) |
| `brott.csv` | anmälda brott per område och år ({dataar}) |
| `sammankomster.csv` | allmänna sammankomster med och utan tillstånd per område och år |
| `orosanmalningar.csv` | orosanmälningar och ärenden per nämnd, år och miljö |
| `blanketter.csv` | blanketter för avidentifierad information, en rad per blankett (från hösten 2018) |
| `ia.csv` | IA-anmälningar där VBE är ikryssat, en rad per anmälan |
| `klotter.csv` | klotteranmälningar, en rad per anmälan |
| `webbutbildning.csv` | webbutbildningen per nämnd och år (från 2019) |
| `enkat/<år>/` | enkäten: frågekatalog, svar per enhet, antal tillfrågade och händelser ({enkatar}) |
| `aktiviteter/<år>/` | handlingsplanernas aktiviteter (om generatorn för aktiviteter finns) |
| `texter/<år>/_kommun.md` | fiktiva standardtexter till handlingsplanerna (inledning, ansvar och samverkan …) |
| `texter/<år>/bilagor/` | en fiktiv textbilaga (checklista för föreningsbidrag) |
| `texter/<år>/<nämnd>.godkannande.yml` | ett fiktivt godkännande av den gemensamma texten per nämnd, så att exempelplanerna inte är utkast |

Kolumnerna beskrivs i `docs/datakontrakt.md`.

## Medvetna egenheter

{egenheter}- Kunskapsfrågan i enkäten bytte formulering {nyfraga} (nytt fråge-id), så den jämförs
  inte bakåt; frågan om vad som saknas är ny {saknas}.
- Tomma celler betyder att uppgiften saknas (inte noll).
"""


#: Event lists (one row per event): a committee without rows is declared in datakalla.yml.
HANDELSELISTOR = ("blanketter", "ia", "klotter")


def _datakalla(data_dir: Path, seed: int, konf: Konfiguration | None = None) -> Path:
    if konf is None or _med_publicerade(konf):
        beskrivning = DATAKALLA_BESKRIVNING.format(seed=seed)
    else:
        namn = konf.kommun.namn
        beskrivning = DATAKALLA_BESKRIVNING_ANNAN.format(kommuns=namn if namn.endswith("s") else namn + "s",
                                                         seed=seed)
    innehall: dict = {"exempeldata": True, "beskrivning": beskrivning}
    inga = _inga_handelser(konf, data_dir) if konf is not None else {}
    text = yaml.safe_dump(innehall, allow_unicode=True, sort_keys=False, width=88)
    if inga:
        text += ("# Nämnder som inte haft en enda händelse i en händelselista (en rad per händelse): noll,\n"
                 "# inte uppgift saknas (docs/datakontrakt.md, datakalla.yml).\n")
        text += yaml.safe_dump({"inga_handelser": inga}, allow_unicode=True, sort_keys=False, width=88)
    return _skriv_text(data_dir / "datakalla.yml", text)


def _inga_handelser(konf: Konfiguration, data_dir: Path) -> dict[str, list[str]]:
    """Committees that the example profiles give no events at all in an event list
    (a quiet district without forms) – not those whose source is missing on purpose
    (``saknar``): source -> short names."""
    import csv

    ut: dict[str, list[str]] = {}
    for kalla in HANDELSELISTOR:
        fil = data_dir / f"{kalla}.csv"
        if not fil.is_file():
            continue
        with open(fil, encoding="utf-8", newline="") as fh:
            rader = list(csv.DictReader(fh))
        med = {konf.hitta(r.get("Nämnd", "")) for r in rader}
        ar = {int(r["Datum"][:4]) for r in rader if r.get("Datum")}
        utan = [n.kortnamn for n in sorted(konf.namnder.values(), key=lambda n: n.slug)
                if kalla in n.kallor and n.slug not in med and kalla not in _profil(n.slug).get("saknar", [])
                and any(n.finns_under_ar(a) for a in ar)]
        if utan:
            ut[kalla] = utan
    return ut


def _readme(konf: Konfiguration, data_dir: Path, seed: int) -> Path:
    dataar = _dataar(konf)
    text = README.format(seed=STANDARDFRO if seed == STANDARDFRO else seed,
                         dataar=f"{dataar.start}–{dataar.stop - 1}",
                         enkatar=f"{konf.kommun.forsta_planar - 1}–{konf.kommun.sista_planar}",
                         nyfraga=NY_KUNSKAPSFRAGA_AR, saknas=FRITEXT_SAKNAS_FRAN,
                         publicerade=README_PUBLICERADE[_med_publicerade(konf)],
                         egenheter=README_EGENHETER[_med_publicerade(konf)])
    return _skriv_text(data_dir / "README.md", text)


class ExempeldataFel(Exception):
    """Raised (with a Swedish message) when the generator refuses to write."""


def _ar_riktiga_data(data_dir: Path) -> bool:
    fil = data_dir / "datakalla.yml"
    if not fil.is_file():
        return False
    try:
        innehall = yaml.safe_load(fil.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return True
    return not (isinstance(innehall, dict) and innehall.get("exempeldata") is True)


#: Files and folders this generator owns (removed before regenerating).
EGNA_FILER = ("datakalla.yml", "README.md", "brott.csv", "sammankomster.csv", "orosanmalningar.csv",
              "blanketter.csv", "ia.csv", "klotter.csv", "webbutbildning.csv")
EGNA_MAPPAR = ("enkat", "polis", "texter")


def generera(data_dir: str | Path, konf: Konfiguration, seed: int = STANDARDFRO,
             aktiviteter: bool = True) -> list[Path]:
    """Write the whole example data set into ``data_dir``; returns the files written."""
    data_dir = Path(data_dir)
    if _ar_riktiga_data(data_dir):
        raise ExempeldataFel(
            f"{data_dir / 'datakalla.yml'} anger inte 'exempeldata: true'. Mappen verkar innehålla "
            "riktiga data och skrivs inte över; välj en annan mapp med --data.")
    data_dir.mkdir(parents=True, exist_ok=True)
    for namn in EGNA_MAPPAR:
        if (data_dir / namn).is_dir():
            shutil.rmtree(data_dir / namn)
    for namn in EGNA_FILER:
        (data_dir / namn).unlink(missing_ok=True)

    kallfiler = [_brott(konf, seed, data_dir), _sammankomster(konf, seed, data_dir),
                 _orosanmalningar(konf, seed, data_dir), _blanketter(konf, seed, data_dir),
                 _ia(konf, seed, data_dir), _klotter(konf, seed, data_dir),
                 _webbutbildning(konf, seed, data_dir)]
    # datakalla.yml last among the files it describes (it names committees without events)
    filer = [_datakalla(data_dir, seed, konf), _readme(konf, data_dir, seed), *kallfiler]
    for ar in range(konf.kommun.forsta_planar - 1, konf.kommun.sista_planar + 1):
        filer += _skriv_enkat(konf, seed, data_dir, ar)
    filer += _polis(konf, seed, data_dir)
    _egna_ord(konf, data_dir, filer)
    from vbe_lib.exempeldata import texter

    filer += texter.generera(data_dir, konf)
    if aktiviteter:
        filer += _aktiviteter(data_dir, konf, seed)
    return filer


def _egna_ord(konf: Konfiguration, data_dir: Path, filer: list[Path]) -> None:
    """The free texts (police texts, the survey's questions and answers, the README and
    datakalla.yml) in the configured municipality's words (:mod:`vbe_lib.exempeldata.ord`);
    nothing changes for Stockholm's configuration."""
    from vbe_lib.exempeldata.ord import ordbyte

    byt = ordbyte(konf)
    for fil in filer:
        rel = fil.relative_to(data_dir).parts
        if rel[0] in ("polis", "enkat") or rel[0] in ("README.md", "datakalla.yml"):
            text = fil.read_text(encoding="utf-8")
            ny = byt(text)
            if ny != text:
                _skriv_text(fil, ny)


def _aktiviteter(data_dir: Path, konf: Konfiguration, seed: int) -> list[Path]:
    """Activity files come from ``vbe_lib.exempeldata.aktiviteter`` when that module exists."""
    try:
        spec = importlib.util.find_spec("vbe_lib.exempeldata.aktiviteter")
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        return []
    modul = importlib.import_module("vbe_lib.exempeldata.aktiviteter")
    return [Path(p) for p in modul.generera(data_dir, konf, seed)]
