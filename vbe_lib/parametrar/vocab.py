"""Controlled vocabularies: the data contract's canonical values.

Each vocabulary maps a canonical key (ASCII, used in code and normalised data) to its
Swedish display label. These are the only values ``vbe_lib`` itself knows: the key
and the label are always accepted in a file (case-insensitively, surrounding
whitespace ignored). Every other spelling – older names, abbreviations, a
municipality's own words, the owners and channels behind a source – is the
municipality's and lives in its parameters (``parameters/ordlistor/<fil>.yml``, read by
:mod:`vbe_lib.parametrar.ordlistor`), which may also give a key another display label.
``Konfiguration.ordlistor.vok(MILJOER)`` is the vocabulary as configured.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field


@functools.lru_cache(maxsize=8192)
def _fold_text(text: str) -> str:
    t = unicodedata.normalize("NFC", text).casefold().strip()
    return " ".join(t.replace("–", "-").replace("—", "-").split())


def _fold(text: object) -> str:
    """The form values are compared in: NFC, case-folded, dashes as '-', whitespace
    collapsed. Cached: a data file repeats the same few values in every row."""
    return _fold_text(text if type(text) is str else str(text))


@dataclass(frozen=True)
class Vokabular:
    """A closed list of values: key -> label, with aliases.

    ``fil``: the name of the vocabulary's file in ``parameters/ordlistor/``;
    ``kanoniska``: the contract's labels when ``etiketter`` has been configured
    (they stay accepted)."""

    namn: str  # Swedish name of the vocabulary, used in error messages
    etiketter: dict[str, str]  # key -> display label (order = display order)
    alias: dict[str, str] = field(default_factory=dict)  # alias -> key
    fil: str = ""
    kanoniska: dict[str, str] | None = None

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for k, label in self.etiketter.items():
            index[_fold(k)] = k
            index[_fold(label)] = k
        for k, label in (self.kanoniska or {}).items():
            index.setdefault(_fold(label), k)
        for a, k in self.alias.items():
            assert k in self.etiketter, (self.namn, a, k)
            index[_fold(a)] = k
        object.__setattr__(self, "_index", index)
        skrivna = {_fold(x) for d in (self.kanoniska or {}, self.etiketter) for kv in d.items() for x in kv}
        object.__setattr__(self, "_kanoniska_former", frozenset(skrivna))

    @property
    def nycklar(self) -> list[str]:
        return list(self.etiketter)

    def hitta(self, varde: object) -> str | None:
        """Canonical key for a value or alias; None if unknown."""
        if varde is None:
            return None
        return self._index.get(_fold(varde))  # type: ignore[attr-defined]

    def ar_kanonisk(self, varde: object) -> bool:
        """True when ``varde`` is written as a key or label (the contract's, or the
        configured display label): no alias was needed to read it."""
        return _fold(varde) in self._kanoniska_former  # type: ignore[attr-defined]

    def etikett(self, nyckel: str) -> str:
        return self.etiketter[nyckel]

    def tillatna(self) -> str:
        """Human list of allowed values, for error messages."""
        return ", ".join(f"'{v}'" for v in self.etiketter.values())

    def med(self, alias: dict[str, str] | None = None, etiketter: dict[str, str] | None = None) -> "Vokabular":
        """This vocabulary with further aliases and (some) other display labels."""
        nya = {**self.etiketter, **(etiketter or {})}
        return Vokabular(self.namn, nya, {**self.alias, **(alias or {})}, self.fil,
                         self.kanoniska if self.kanoniska is not None else dict(self.etiketter))


#: The Security Service's three milieus plus 'annat/oklart' (newer names, seed 004).
MILJOER = Vokabular(
    "miljö",
    {
        "hoger": "Våldsbejakande högerextremism",
        "vanster": "Våldsbejakande vänsterextremism",
        "islamistisk": "Våldsbejakande islamistisk extremism",
        "annat": "Annat/oklart",
    },
    fil="miljoer",
)

#: Kinds of events (survey, forms, IA).
HANDELSETYPER = Vokabular(
    "händelsetyp",
    {
        "hot_krankning": "Hot och kränkningar",
        "asikter": "Person som uttryckt våldsbejakande åsikter",
        "vald": "Våld",
        "skadegorelse": "Skadegörelse",
        "propaganda": "Propaganda, flygblad och affischering",
        "klotter": "Klotter och symboler",
        "rekrytering": "Rekrytering",
        "otillaten_paverkan": "Otillåten påverkan",
        "annat": "Annat",
    },
    fil="handelsetyper",
)

#: Actions taken after an observed event (survey questions of measure 'atgard:<key>').
ATGARDER = Vokabular(
    "åtgärd",
    {
        "polisanmalan": "Polisanmälan",
        "ia": "Anmälan i IA",
        "blankett": "Blankett för avidentifierad information",
        "orosanmalan": "Orosanmälan",
    },
    fil="atgarder",
)

#: Kinds of graffiti and stickers (klotter).
KLOTTERTYPER = Vokabular(
    "klottertyp",
    {
        "hoger_nazistiskt": "Högerextremt/nazistiskt",
        "rasistiskt": "Rasistiskt",
        "vansterautonomt": "Vänsterautonomt",
        "islamistiskt": "Islamistiskt",
        "annat": "Annat/oklart",
    },
    fil="klottertyper",
)

#: Who reports graffiti: the owners of school buildings, the municipality's public
#: reporting channel (an app or a web form), others. The municipality names its own
#: owners and channels as display labels (``parameters/ordlistor/klotterkallor.yml``).
KLOTTERKALLOR = Vokabular(
    "källa för klotter",
    {"skolfastigheter": "Skolfastigheter", "felanmalan": "Felanmälan (app eller webb)", "annan": "Annan källa"},
    fil="klotterkallor",
)

BROTTSKATEGORIER = Vokabular(
    "brottskategori",
    {
        "hets_mot_folkgrupp": "Hets mot folkgrupp",
        "hogmalsbrott": "Högmålsbrott",
        "terroristbrott": "Terroristbrott",
    },
    fil="brottskategorier",
)

SAMMANKOMST_TILLSTAND = Vokabular(
    "tillstånd",
    {"tillstand": "Tillståndsgiven", "utan_tillstand": "Ej tillståndsgiven"},
    fil="tillstand",
)

OROS_TYPER = Vokabular(
    "typ",
    {"orosanmalan": "Orosanmälan om barn och unga", "arende": "Ärende hos socialtjänsten"},
    fil="orostyper",
)

BLANKETT_AVSANDARE = Vokabular(
    "avsändare",
    {"egen": "Egna förvaltningen", "stad": "Annan förvaltning eller bolag i kommunen",
     "samverkanspart": "Extern samverkanspart", "okand": "Okänd avsändare"},
    fil="avsandare",
)

#: Respondent groups of the survey. 'fackforvaltning' is derived in reports (internal
#: units of specialist committees located in a district), never written in data.
ENKATGRUPPER = Vokabular(
    "grupp",
    {"intern": "Internt, egna verksamheter", "extern": "Externt, samverkanspartners",
     "fackforvaltning": "Från fackförvaltningar"},
    fil="enkatgrupper",
)

#: Items whose awareness the survey asks about (measures 'kannedom_chef:<key>' and
#: 'kannedom_medarbetare:<key>').
KANNEDOM = Vokabular(
    "kännedom",
    {
        "handlingsplan": "Handlingsplanen",
        "samordnare": "Samordnaren",
        "blankett": "Blanketten för avidentifierad information",
        "vagledning": "Vägledningen",
        "rutin": "Rutin vid oro/händelse",
        "webbutbildning": "Webbutbildningen (genomförd)",
    },
    fil="kannedom",
)

FRAGETYPER = Vokabular(
    "frågetyp",
    {"skala": "Skala 1–5", "janej": "Ja/nej", "andel": "Andel (0–100 %)", "antal": "Antal",
     "fritext": "Fritext"},
    fil="fragetyper",
)

#: Answers to yes/no questions. 'vet_ej' counts as answered but not yes.
JANEJ = Vokabular("svar", {"ja": "Ja", "nej": "Nej", "vet_ej": "Vet ej"}, fil="janej")

#: Status of an activity at follow-up. Free wordings ("Klart", "Påbörjad och pågående")
#: are the municipality's spellings (``parameters/ordlistor/statusar.yml``).
STATUSAR = Vokabular(
    "status",
    {"genomford": "Genomförd", "pagaende": "Pågående", "paborjad": "Påbörjad",
     "ej_paborjad": "Ej påbörjad", "installd": "Inställd"},
    fil="statusar",
)

AKTIVITETSGRUPPER = Vokabular(
    "grupp",
    {"forebyggande": "Förebyggande aktiviteter", "forhindrande": "Förhindrande aktiviteter",
     "foreningsbidrag": "Föreningsbidrag och upplåtande av lokaler",
     "kompetenshojande": "Kompetenshöjande aktiviteter"},
    fil="aktivitetsgrupper",
)

#: Every vocabulary by its file name in ``parameters/ordlistor/`` (the order of the docs).
ALLA: dict[str, Vokabular] = {v.fil: v for v in (
    MILJOER, HANDELSETYPER, BROTTSKATEGORIER, SAMMANKOMST_TILLSTAND, OROS_TYPER, BLANKETT_AVSANDARE,
    KLOTTERKALLOR, KLOTTERTYPER, ENKATGRUPPER, FRAGETYPER, KANNEDOM, ATGARDER, JANEJ, STATUSAR,
    AKTIVITETSGRUPPER)}
