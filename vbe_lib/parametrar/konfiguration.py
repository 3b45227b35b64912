"""Municipality and committee configuration, read from ``parameters/``.

Layout of a parameters folder::

    parameters/kommun.yml            the municipality (name, plan years, defaults)
    parameters/namnder/<slug>.yml    one file per committee (namnd)

No committee name appears in code: everything about committees (names, aliases,
validity dates, predecessors, Dnr, privacy settings, which sources apply) lives in
these files. Errors are reported in Swedish, one line per problem.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from vbe_lib.parametrar.yamlfil import YamlFel, las_yaml

#: Every source a lägesbild can use (see docs/datakontrakt.md).
ALLA_KALLOR: tuple[str, ...] = (
    "polis",
    "brott",
    "sammankomster",
    "orosanmalningar",
    "blanketter",
    "ia",
    "klotter",
    "enkat",
    "webbutbildning",
    "aktiviteter",
)


class KonfigurationsFel(Exception):
    """Raised with a list of Swedish messages when the parameters are invalid."""

    def __init__(self, meddelanden: list[str]):
        self.meddelanden = meddelanden
        super().__init__("\n".join(meddelanden))


def normalisera_namn(text: str) -> str:
    """Fold a committee/area name for alias matching.

    Case, diacritics-insensitive only for spacing/punctuation: 'Enskede - Årsta - Vantör',
    'enskede-årsta-vantör' and 'Enskede–Årsta–Vantör' all fold to the same key.
    Parenthesised qualifiers such as '(Sthlm)' are kept as part of the key, so they
    must be listed as aliases explicitly.
    """
    t = unicodedata.normalize("NFC", str(text)).casefold().strip()
    t = re.sub(r"[\u2010-\u2015\-]+", "-", t)  # all dashes to '-'
    t = re.sub(r"\s*-\s*", "-", t)
    t = re.sub(r"\s+", " ", t)
    return t


class Integritet(BaseModel):
    """Disclosure control settings of a committee."""

    model_config = ConfigDict(extra="forbid")
    #: counts describing persons from 1 up to (but not including) this value are
    #: shown as 'färre än N'; 0 or 1 switches suppression off.
    minsta_antal: int = Field(3, ge=0, le=100)
    #: names that must never be published in free-text answers
    skyddade_namn: list[str] = Field(default_factory=list)
    #: kinds of event that describe a person (vocabulary HANDELSETYPER, keys or
    #: labels): their small counts are suppressed like concern reports
    personhandelser: list[str] = Field(default_factory=lambda: ["asikter"])

    @field_validator("personhandelser")
    @classmethod
    def _kanda_handelsetyper(cls, v: list[str]) -> list[str]:
        from vbe_lib.parametrar.vocab import HANDELSETYPER

        ut = []
        for namn in v:
            nyckel = HANDELSETYPER.hitta(namn)
            if nyckel is None:
                raise ValueError(f"okänd händelsetyp {namn!r}; tillåtna är {', '.join(HANDELSETYPER.nycklar)}")
            ut.append(nyckel)
        return ut


class Namnd(BaseModel):
    """One committee (nämnd) of the municipality."""

    model_config = ConfigDict(extra="forbid")

    slug: str = Field(pattern=r"^[a-z0-9_]+$")
    namn: str
    kortnamn: str
    typ: Literal["stadsdelsnamnd", "facknamnd"]
    forvaltning: str = ""
    #: the area with its preposition, as a sentence needs it ("på Södermalm", "i Farsta");
    #: default "i <kortnamn>"
    plats: str = ""
    giltig_fran: dt.date = dt.date(1900, 1, 1)
    giltig_till: dt.date | None = None
    foregangare: list[str] = Field(default_factory=list)
    efterfoljare: str | None = None
    alias: list[str] = Field(default_factory=list)
    dnr: dict[int, str] = Field(default_factory=dict)
    kallor: list[str] = Field(default_factory=lambda: list(ALLA_KALLOR))
    integritet: Integritet | None = None

    @field_validator("kallor")
    @classmethod
    def _kallor_kanda(cls, v: list[str]) -> list[str]:
        okanda = [k for k in v if k not in ALLA_KALLOR]
        if okanda:
            raise ValueError(
                f"okänd källa {', '.join(okanda)}; tillåtna är {', '.join(ALLA_KALLOR)}"
            )
        return v

    @model_validator(mode="after")
    def _datum_ordning(self) -> "Namnd":
        if self.giltig_till is not None and self.giltig_till < self.giltig_fran:
            raise ValueError("giltig_till ligger före giltig_fran")
        return self

    def finns_planar(self, planar: int) -> bool:
        """A committee has a plan for year Y if it exists on 1 January Y."""
        d = dt.date(planar, 1, 1)
        return self.giltig_fran <= d and (self.giltig_till is None or d <= self.giltig_till)

    def finns_under_ar(self, ar: int) -> bool:
        """True if the committee existed during any part of calendar year ``ar``
        (data for that year may carry its name)."""
        start, slut = dt.date(ar, 1, 1), dt.date(ar, 12, 31)
        return self.giltig_fran <= slut and (self.giltig_till is None or self.giltig_till >= start)

    @property
    def plats_text(self) -> str:
        return self.plats or f"i {self.kortnamn}"

    def alla_namn(self) -> list[str]:
        return [self.namn, self.kortnamn, self.slug, *self.alias]


class Planbilaga(BaseModel):
    """An appendix of every committee's action plan that is a text of the municipality's
    (seed 001's "Checklista föreningsbidrag"): ``data/texter/<Y>/bilagor/<fil>``."""

    model_config = ConfigDict(extra="forbid")
    rubrik: str = Field(min_length=1)
    fil: str = Field(pattern=r"^[A-Za-z0-9_.-]+\.md$")


class Handlingsplaninstallningar(BaseModel):
    """``handlingsplan:`` in kommun.yml: what the action plan holds besides its standard parts."""

    model_config = ConfigDict(extra="forbid")
    bilagor: list[Planbilaga] = Field(default_factory=list)


class Kommun(BaseModel):
    """The municipality (kommun.yml)."""

    model_config = ConfigDict(extra="forbid")
    namn: str
    kortnamn: str = ""
    kommunkod: str = ""
    forsta_planar: int = Field(ge=2000, le=2100)
    sista_planar: int = Field(ge=2000, le=2100)
    #: first calendar year of time series (e.g. crime statistics)
    forsta_dataar: int = Field(2010, ge=1990, le=2100)
    integritet: Integritet = Field(default_factory=Integritet)
    #: free text shown under the title of every report, e.g. the city's guidelines
    riktlinjer: str = ""
    #: names in the city-wide files that are no committee or area ("Hela staden", "Okänt
    #: område"): their rows are left out without an error (any other unknown name is an
    #: error that stops every report using the file)
    ignorerade_namn: list[str] = Field(default_factory=list)
    #: the action plan's appendices that are texts of the municipality's
    handlingsplan: Handlingsplaninstallningar = Field(default_factory=Handlingsplaninstallningar)
    #: the municipality's words in the reports (checked by vbe_lib.parametrar.ordlistor)
    ord: dict | None = None

    @model_validator(mode="after")
    def _ar_ordning(self) -> "Kommun":
        if self.sista_planar < self.forsta_planar:
            raise ValueError("sista_planar ligger före forsta_planar")
        return self


class Konfiguration:
    """The whole parameters folder: the municipality and its committees."""

    def __init__(self, kommun: Kommun, namnder: list[Namnd], katalog: Path | None = None, ordlistor=None):
        self.kommun = kommun
        self.namnder: dict[str, Namnd] = {n.slug: n for n in namnder}
        self.katalog = katalog
        #: vocabularies and words of the municipality (vbe_lib.parametrar.ordlistor.Ordlistor)
        self.ordlistor = ordlistor if ordlistor is not None else _ordlistor_ur(kommun)
        self._kontrollera()

    # ------------------------------------------------------------------ loading
    @classmethod
    def las(cls, katalog: str | Path = "parameters") -> "Konfiguration":
        katalog = Path(katalog)
        fel: list[str] = []
        kommun_fil = katalog / "kommun.yml"
        if not kommun_fil.is_file():
            raise KonfigurationsFel([f"{kommun_fil}: filen saknas (kommunens inställningar)."])
        kommun = _las_modell(kommun_fil, Kommun, fel)
        namnder: list[Namnd] = []
        filer = sorted((katalog / "namnder").glob("*.yml"))
        if not filer:
            fel.append(f"{katalog / 'namnder'}: inga nämndfiler (*.yml) hittades.")
        for fil in filer:
            n = _las_modell(fil, Namnd, fel)
            if n is not None:
                if n.slug != fil.stem:
                    fel.append(f"{fil}: slug '{n.slug}' stämmer inte med filnamnet '{fil.stem}'.")
                namnder.append(n)
        from vbe_lib.parametrar.ordlistor import las_ordlistor

        ordlistor = las_ordlistor(katalog, fel)
        if fel:
            raise KonfigurationsFel(fel)
        return cls(kommun, namnder, katalog, ordlistor)

    def _kontrollera(self) -> None:
        fel: list[str] = []
        for n in self.namnder.values():
            for f in n.foregangare:
                if f not in self.namnder:
                    fel.append(f"nämnd '{n.slug}': föregångaren '{f}' finns inte bland nämnderna.")
            if n.efterfoljare and n.efterfoljare not in self.namnder:
                fel.append(f"nämnd '{n.slug}': efterföljaren '{n.efterfoljare}' finns inte bland nämnderna.")
        sett: dict[str, str] = {}
        for n in self.namnder.values():
            for namn in set(normalisera_namn(x) for x in n.alla_namn()):
                if namn in sett and sett[namn] != n.slug:
                    fel.append(
                        f"namnet '{namn}' används av både '{sett[namn]}' och '{n.slug}'; "
                        "ett alias får bara peka på en nämnd."
                    )
                sett[namn] = n.slug
        for namn in self.kommun.ignorerade_namn:
            if normalisera_namn(namn) in sett:
                fel.append(f"kommun.yml, ignorerade_namn: '{namn}' är ett namn på nämnden '{sett[normalisera_namn(namn)]}'"
                           " och kan inte ignoreras.")
        if fel:
            raise KonfigurationsFel(fel)

    # ------------------------------------------------------------------ queries
    @cached_property
    def _aliasindex(self) -> dict[str, str]:
        return {normalisera_namn(x): n.slug for n in self.namnder.values() for x in n.alla_namn()}

    @cached_property
    def _ignorerade(self) -> frozenset[str]:
        return frozenset(normalisera_namn(x) for x in self.kommun.ignorerade_namn)

    def ignoreras(self, namn: str) -> bool:
        """True for a name that ``kommun.yml`` declares as no committee (``ignorerade_namn``)."""
        return bool(self._ignorerade) and namn is not None and normalisera_namn(namn) in self._ignorerade

    def namnd(self, slug: str) -> Namnd:
        try:
            return self.namnder[slug]
        except KeyError:
            raise KonfigurationsFel([self.okant_namn_meddelande(slug)]) from None

    def hitta(self, namn: str) -> str | None:
        """Resolve a committee or area name (any alias) to a slug; None if unknown."""
        if namn is None:
            return None
        slug = self._aliasindex.get(normalisera_namn(namn))
        if slug is None and "-" in namn and namn.replace("-", "_") in self.namnder:
            slug = namn.replace("-", "_")  # a slug typed with hyphens: hasselby-vallingby
        return slug

    def forslag(self, namn: str, antal: int = 1) -> list[str]:
        """Closest known names, for 'menade du …?' suggestions."""
        nycklar = list(self._aliasindex)
        traffar = difflib.get_close_matches(normalisera_namn(namn), nycklar, n=antal, cutoff=0.5)
        return [self.namnder[self._aliasindex[t]].namn for t in traffar]

    def okant_namn_meddelande(self, namn: str, med_slug: bool = False) -> str:
        """'okänd nämnd eller område …' with the closest name; ``med_slug`` (command line)
        also gives the suggestion's short name, which is what ``--namnd`` takes."""
        msg = f"okänd nämnd eller område '{namn}'"
        f = self.forslag(namn)
        if f:
            if med_slug:
                slug = self.hitta(f[0])
                msg += f" – menade du '{slug}' ({f[0]})?"
            else:
                msg += f" – menade du '{f[0]}'?"
        return msg

    def namnder_planar(self, planar: int, typ: str | None = None) -> list[Namnd]:
        """Committees that write a plan for ``planar``, districts first, in name order."""
        res = [n for n in self.namnder.values() if n.finns_planar(planar) and (typ is None or n.typ == typ)]
        return sorted(res, key=lambda n: (n.typ != "stadsdelsnamnd", n.namn))

    def linje(self, slug: str) -> list[str]:
        """The committee and all its predecessors, recursively (for time series)."""
        ut, ko = [], [slug]
        while ko:
            s = ko.pop(0)
            if s in ut:
                continue
            ut.append(s)
            ko.extend(self.namnder[s].foregangare)
        return ut

    def efterfoljare_planar(self, slug: str, planar: int) -> str | None:
        """The committee that carries on ``slug``'s work in ``planar`` (itself if it exists)."""
        s: str | None = slug
        while s is not None and not self.namnder[s].finns_planar(planar):
            s = self.namnder[s].efterfoljare
        return s

    def integritet(self, slug: str) -> Integritet:
        return self.namnder[slug].integritet or self.kommun.integritet

    def dnr(self, slug: str, planar: int) -> str | None:
        return self.namnder[slug].dnr.get(planar)

    def planar_giltigt(self, planar: int) -> bool:
        return self.kommun.forsta_planar <= planar <= self.kommun.sista_planar


def _ordlistor_ur(kommun: Kommun):
    """The words of a Kommun built in code (no files): its ``ord``, no vocabularies."""
    from vbe_lib.parametrar.ordlistor import Kommunord, Ordlistor

    return Ordlistor({}, Kommunord.model_validate(kommun.ord) if kommun.ord else Kommunord())


def _las_modell(fil: Path, modell, fel: list[str]):
    """Read one parameters file strictly (:func:`vbe_lib.parametrar.yamlfil.las_yaml`: a key given
    twice, an alias bomb, a file too large are errors with file and line) into ``modell``."""
    try:
        data = las_yaml(fil)
    except YamlFel as exc:
        rad = f", rad {exc.rad}" if exc.rad else ""
        fel.append(f"{fil}{rad}: {exc.meddelande}.")
        return None
    except OSError as exc:
        fel.append(f"{fil}: filen kunde inte läsas ({exc.strerror or exc}).")
        return None
    if not isinstance(data, dict):
        fel.append(f"{fil}: filen är tom eller inte en samling nycklar och värden.")
        return None
    try:
        return modell.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            falt = ".".join(str(x) for x in e["loc"]) or "(filen)"
            fel.append(f"{fil}, fält '{falt}': {_svensk_pydantic(e)}")
        return None


_PYDANTIC_SV = {
    "missing": "värdet saknas men krävs",
    "extra_forbidden": "okänt fält (stavfel?)",
    "int_parsing": "förväntade ett heltal",
    "int_type": "förväntade ett heltal",
    "date_from_datetime_parsing": "förväntade ett datum ÅÅÅÅ-MM-DD",
    "date_parsing": "förväntade ett datum ÅÅÅÅ-MM-DD",
    "date_type": "förväntade ett datum ÅÅÅÅ-MM-DD",
    "string_type": "förväntade text",
    "list_type": "förväntade en lista",
    "literal_error": "otillåtet värde",
    "string_pattern_mismatch": "får bara innehålla a–z, 0–9 och _",
    "greater_than_equal": "värdet är för litet",
    "less_than_equal": "värdet är för stort",
    "dict_type": "förväntade en samling nycklar och värden",
}


def _svensk_pydantic(e: dict) -> str:
    typ = e.get("type", "")
    if typ == "value_error":
        return str(e.get("ctx", {}).get("error", e.get("msg")))
    text = _PYDANTIC_SV.get(typ, e.get("msg", "ogiltigt värde"))
    if typ == "literal_error":
        text += f" (tillåtna: {e.get('ctx', {}).get('expected', '')})"
    if "input" in e and typ != "missing":
        fick = str(e["input"])
        text += f"; fick '{fick if len(fick) <= 80 else fick[:79] + '…'}'"
    return text + "."
