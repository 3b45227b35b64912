"""Controlled vocabularies with their aliases.

Each vocabulary maps a canonical key (ASCII, used in code and normalised data) to its
Swedish display label, plus aliases (older names, other spellings) that importers
accept. Lookup is case-insensitive and ignores surrounding whitespace.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFC", str(text)).casefold().strip()
    return " ".join(t.replace("–", "-").replace("—", "-").split())


@dataclass(frozen=True)
class Vokabular:
    """A closed list of values: key -> label, with aliases."""

    namn: str  # Swedish name of the vocabulary, used in error messages
    etiketter: dict[str, str]  # key -> display label (order = display order)
    alias: dict[str, str] = field(default_factory=dict)  # alias -> key

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for k, label in self.etiketter.items():
            index[_fold(k)] = k
            index[_fold(label)] = k
        for a, k in self.alias.items():
            assert k in self.etiketter, (self.namn, a, k)
            index[_fold(a)] = k
        object.__setattr__(self, "_index", index)

    @property
    def nycklar(self) -> list[str]:
        return list(self.etiketter)

    def hitta(self, varde: object) -> str | None:
        """Canonical key for a value or alias; None if unknown."""
        if varde is None:
            return None
        return self._index.get(_fold(varde))  # type: ignore[attr-defined]

    def etikett(self, nyckel: str) -> str:
        return self.etiketter[nyckel]

    def tillatna(self) -> str:
        """Human list of allowed values, for error messages."""
        return ", ".join(f"'{v}'" for v in self.etiketter.values())


#: The Security Service's three milieus plus 'annat/oklart'. Newer names are the labels
#: (seed 004); the older names (seed 002) are aliases.
MILJOER = Vokabular(
    "miljö",
    {
        "hoger": "Våldsbejakande högerextremism",
        "vanster": "Våldsbejakande vänsterextremism",
        "islamistisk": "Våldsbejakande islamistisk extremism",
        "annat": "Annat/oklart",
    },
    {
        "vit makt-miljön": "hoger",
        "vit makt": "hoger",
        "vitmakt-miljön": "hoger",
        "högerextremism": "hoger",
        "högerextrem": "hoger",
        "den autonoma miljön": "vanster",
        "autonoma miljön": "vanster",
        "autonoma": "vanster",
        "vänsterextremism": "vanster",
        "den islamistiska miljön": "islamistisk",
        "islamistiska miljön": "islamistisk",
        "islamistisk extremism": "islamistisk",
        "den islamistiskt extremistiska miljön": "islamistisk",
        "annat": "annat",
        "oklart": "annat",
        "okänd": "annat",
        "annan": "annat",
    },
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
    {
        "hot": "hot_krankning",
        "kränkning": "hot_krankning",
        "hot och kränkning": "hot_krankning",
        "åsikter": "asikter",
        "våldsbejakande åsikter": "asikter",
        "våld": "vald",
        "misshandel": "vald",
        "skadegörelse": "skadegorelse",
        "flygblad": "propaganda",
        "affischering": "propaganda",
        "propaganda": "propaganda",
        "klotter": "klotter",
        "rekrytering": "rekrytering",
        "otillåten påverkan": "otillaten_paverkan",
        "övrigt": "annat",
        "annat": "annat",
    },
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
    {"polis": "polisanmalan", "polisanmälan": "polisanmalan", "ia-anmälan": "ia", "incidentrapport": "ia",
     "avidentifierad blankett": "blankett", "orosanmälan": "orosanmalan"},
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
    {
        "nazistiskt": "hoger_nazistiskt",
        "högerextremt": "hoger_nazistiskt",
        "högerextremt eller nazistiskt": "hoger_nazistiskt",
        "vit makt": "hoger_nazistiskt",
        "rasistiskt": "rasistiskt",
        "vänsterautonomt": "vansterautonomt",
        "autonomt": "vansterautonomt",
        "islamiskt": "islamistiskt",
        "islamistiskt": "islamistiskt",
        "övrigt": "annat",
    },
)

KLOTTERKALLOR = Vokabular(
    "källa för klotter",
    {"sisab": "SISAB (skolfastigheter)", "trafikkontoret": "Trafikkontoret (appen Tyck till)", "annan": "Annan källa"},
    {"SISAB": "sisab", "skolfastigheter": "sisab", "tyck till": "trafikkontoret", "trafikkontoret": "trafikkontoret",
     "appen tyck till": "trafikkontoret", "annat": "annan"},
)

BROTTSKATEGORIER = Vokabular(
    "brottskategori",
    {
        "hets_mot_folkgrupp": "Hets mot folkgrupp",
        "hogmalsbrott": "Högmålsbrott",
        "terroristbrott": "Terroristbrott",
    },
    {"hets mot folkgrupp": "hets_mot_folkgrupp", "hmf": "hets_mot_folkgrupp",
     "högmålsbrott": "hogmalsbrott", "terrorbrott": "terroristbrott", "övriga terroristbrott": "terroristbrott"},
)

SAMMANKOMST_TILLSTAND = Vokabular(
    "tillstånd",
    {"tillstand": "Tillståndsgiven", "utan_tillstand": "Ej tillståndsgiven"},
    {"tillståndsgivna": "tillstand", "ja": "tillstand", "med tillstånd": "tillstand",
     "ej tillståndsgivna": "utan_tillstand", "icke tillståndsgiven": "utan_tillstand",
     "nej": "utan_tillstand", "utan tillstånd": "utan_tillstand"},
)

OROS_TYPER = Vokabular(
    "typ",
    {"orosanmalan": "Orosanmälan om barn och unga", "arende": "Ärende hos socialtjänsten"},
    {"orosanmälan": "orosanmalan", "orosanmälningar": "orosanmalan", "ärende": "arende",
     "ärenden": "arende", "pågående ärende": "arende"},
)

BLANKETT_AVSANDARE = Vokabular(
    "avsändare",
    {"egen": "Egna förvaltningen", "stad": "Annan förvaltning eller bolag i staden",
     "samverkanspart": "Extern samverkanspart", "okand": "Okänd avsändare"},
    {"egna förvaltningen": "egen", "egen förvaltning": "egen", "förvaltningen": "egen",
     "samverkanspart inom staden": "stad", "annan förvaltning": "stad",
     "extern": "samverkanspart", "samverkanspart": "samverkanspart", "okänd": "okand"},
)

#: Respondent groups of the survey. 'fackforvaltning' is derived in reports (internal
#: units of specialist committees located in a district), never written in data.
ENKATGRUPPER = Vokabular(
    "grupp",
    {"intern": "Internt, egna verksamheter", "extern": "Externt, samverkanspartners",
     "fackforvaltning": "Från fackförvaltningar"},
    {"internt": "intern", "egen verksamhet": "intern", "externt": "extern",
     "samverkanspartner": "extern", "samverkanspartners": "extern"},
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
)

FRAGETYPER = Vokabular(
    "frågetyp",
    {"skala": "Skala 1–5", "janej": "Ja/nej", "andel": "Andel (0–100 %)", "antal": "Antal",
     "fritext": "Fritext"},
    {"skala 1-5": "skala", "ja/nej": "janej", "procent": "andel"},
)

#: Answers to yes/no questions. 'vet_ej' counts as answered but not yes.
JANEJ = Vokabular("svar", {"ja": "Ja", "nej": "Nej", "vet_ej": "Vet ej"},
                  {"j": "ja", "n": "nej", "vet inte": "vet_ej", "1": "ja", "0": "nej", "true": "ja", "false": "nej"})

#: Status of an activity at follow-up.
STATUSAR = Vokabular(
    "status",
    {"genomford": "Genomförd", "pagaende": "Pågående", "paborjad": "Påbörjad",
     "ej_paborjad": "Ej påbörjad", "installd": "Inställd"},
)

#: Free wordings seen in the seeds, mapped to a status with a warning.
STATUS_FRIA_FORMULERINGAR: dict[str, str] = {
    "påbörjad och pågående": "pagaende",
    "genomförs löpande": "pagaende",
    "pågår": "pagaende",
    "löpande": "pagaende",
    "pågående samt stäms av": "pagaende",
    "klar": "genomford",
    "klart": "genomford",
    "avslutad": "genomford",
    "genomförd och fler utbildningar planeras": "genomford",
    "ej genomförd": "ej_paborjad",
    "inte påbörjad": "ej_paborjad",
    "ej startad": "ej_paborjad",
    "avbruten": "installd",
    "struken": "installd",
}

AKTIVITETSGRUPPER = Vokabular(
    "grupp",
    {"forebyggande": "Förebyggande aktiviteter", "forhindrande": "Förhindrande aktiviteter",
     "foreningsbidrag": "Föreningsbidrag och upplåtande av lokaler",
     "kompetenshojande": "Kompetenshöjande aktiviteter"},
    {"förebyggande": "forebyggande", "förhindrande": "forhindrande",
     "föreningsbidrag och upplåtande av lokaler": "foreningsbidrag",
     "kompetenshöjande": "kompetenshojande", "kompetenshöjande insatser": "kompetenshojande"},
)
