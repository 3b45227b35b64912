"""Committee texts: the coordinator's own words per committee and plan year, and their approval.

Files (the data contract, ``docs/texter.md``)::

    data/texter/<Y>/<slug>.md                the committee's text for plan year Y
    data/texter/<Y>/_kommun.md               text common to every committee; a section
                                             in <slug>.md replaces the same section here
    data/texter/<Y>/<slug>.godkannande.yml   written by ``vbe godkann``: the hashes of the
                                             texts and the values of the figures they cite

A text file is Markdown. Every ``##`` heading names a section of the lägesbild by its
heading (:data:`AVSNITT`; "Inledning" is the introduction, which has no heading of its
own); the text under it is placed right after that section's generated text. The line
right after the heading may say ``läge: ersätt``: the text then replaces the generated
sentences that open the section (never tables or charts); ``läge: efter`` is the default.
``{{ namn }}`` inserts a figure of the report by its name (``vbe figurer``). HTML comments
(``<!-- … -->``) are notes for the coordinator and never reach a report.

This module reads and checks the files (syntax, headings, front matter, file names) and
reads and writes approvals; which figures exist and what they are worth is known only to
the report (:mod:`vbe_lib.rapporter.texter`). It is stdlib + PyYAML only, because the
renderer and the command line use its build-log channel (:data:`TEXTPREFIX`): the report
prints one line per fact about the text's approval to stderr, the HTML renderer turns
those lines into build warnings (and an "Utkast" mark), ``vbe rapport`` prints them.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbe_lib.indata.problem import Problem

__all__ = [
    "AVSNITT", "PLAN_AVSNITT", "ALLA_AVSNITT", "UTAN_RUBRIK", "EJ_ERSATTBARA", "KOMMUN", "MAPP", "GODKANNANDE_SUFFIX",
    "Textavsnitt", "Textfil", "Namndtexter", "Godkannande", "Textstatus",
    "las_textfil", "las_namndtexter", "las_godkannande", "skriv_godkannande", "godkannande_fil",
    "textfiler", "hitta_avsnitt", "figurnamn", "FIGUR_RE", "kontrollera_filer", "textstatus",
    "TEXTPREFIX", "VARNINGSPREFIX", "skriv_status", "textrader", "ar_utkast", "utkast_text", "tolka_status",
]

#: The sections of the lägesbild a text can name: key → the report's heading. The keys
#: are the ones :mod:`vbe_lib.rapporter.lagesbild` gives its sections (``@textavsnitt``);
#: ``tests/test_texter.py`` checks that the headings are the report's own.
AVSNITT: dict[str, str] = {
    "inledning": "Inledning",
    "sammanfattning": "Sammanfattning",
    "polis": "Polisens kartläggning",
    "brott": 'Anmälningar om "hets mot folkgrupp"',
    "sammankomster": "Allmänna sammankomster",
    "orosanmalningar": "Orosanmälningar",
    "blanketter": "Avidentifierad blankett",
    "ia": "IA (incidentrapportering)",
    "klotter": "Klotter",
    "enkat": "Enkät om våldsbejakande extremism",
    "webbutbildning": "Webbutbildningen om våldsbejakande extremism",
}
#: The sections of the action plan (:mod:`vbe_lib.rapporter.handlingsplan`) a text can
#: name, in the plan's order (seed 002). The standard sections usually stand in the
#: common file ``_kommun.md``; a committee overrides one by writing it in its own file.
#: The four activity kinds' sections open the kind's table of activities.
PLAN_AVSNITT: dict[str, str] = {
    "plan_inledning": "Inledning och syfte",
    "plan_ansvar": "Ansvar och samverkan",
    "plan_individer": "Samverkan kring individer",
    "plan_rutin": "Rutin vid oro/händelse",
    "plan_blankett": "Blankett för avidentifierad information",
    "plan_lagesbild": "Lokal lägesbild",
    "plan_forebyggande": "Förebyggande arbete",
    "plan_forhindrande": "Förhindrande arbete",
    "plan_foreningsbidrag": "Föreningsbidrag och upplåtande av lokaler",
    "plan_kompetenshojande": "Kompetenshöjande insatser",
    "plan_uppfoljning": "Uppföljning",
}
#: Every section a text can name (lägesbild and action plan; no heading is in both).
ALLA_AVSNITT: dict[str, str] = {**AVSNITT, **PLAN_AVSNITT}
#: Sections without a heading of their own in the report (the introduction).
UTAN_RUBRIK = frozenset({"inledning"})
#: Sections whose text cannot be replaced: the introduction says which years the figures
#: cover and what the table symbols mean; the police's text is theirs, not generated.
EJ_ERSATTBARA = frozenset({"inledning", "polis"})
#: Placement of a section's text (front matter ``läge: …``) → key.
LAGEN = {"efter": "efter", "ersätt": "ersatt", "ersatt": "ersatt", "ersätter": "ersatt", "ersatter": "ersatt"}

#: The folder under ``data/`` and the common file's stem.
MAPP = "texter"
KOMMUN = "_kommun"
GODKANNANDE_SUFFIX = ".godkannande.yml"

#: ``{{ name }}`` in a text: a figure by name.
FIGUR_RE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_NAMN_RE = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)+$")
_RUBRIK_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LAGE_RE = re.compile(r"^\s*l[äa]ge\s*:\s*(.*?)\s*$", re.IGNORECASE)
_KOMMENTAR_RE = re.compile(r"<!--.*?-->", re.S)


def _norm(rubrik: str) -> str:
    """A heading for comparison: case, quotation marks, spacing and a trailing colon or
    full stop do not matter (``## Anmälningar om hets mot folkgrupp`` names the section
    'Anmälningar om "hets mot folkgrupp"')."""
    t = unicodedata.normalize("NFC", rubrik).casefold()
    t = re.sub("[\"'\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb*_`]", "", t)
    return " ".join(t.split()).rstrip(":.").strip()


_NORM_AVSNITT = {_norm(r): k for k, r in ALLA_AVSNITT.items()}


def hitta_avsnitt(rubrik: str) -> str | None:
    """The section key a heading names, or None."""
    return _NORM_AVSNITT.get(_norm(rubrik))


def _forslag(varde: str, kandidater: Iterable[str], norm=lambda s: s) -> str | None:
    kandidater = list(kandidater)
    nycklar = {norm(k): k for k in kandidater}
    traff = difflib.get_close_matches(norm(varde), list(nycklar), n=1, cutoff=0.5)
    return nycklar[traff[0]] if traff else None


def sha256_text(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# =========================================================================== one file
@dataclass
class Textavsnitt:
    """One ``##`` section of a text file."""

    nyckel: str
    rubrik: str                  # as written in the file
    lage: str                    # "efter" | "ersatt"
    fil: str                     # "texter/2021/sodermalm.md"
    rad: int                     # line of the heading
    rader: list[tuple[int, str]] = field(default_factory=list)  # (line number, line) of the body

    @property
    def text(self) -> str:
        return "\n".join(r for _, r in self.rader)

    @property
    def forsta_rad(self) -> int:
        return self.rader[0][0] if self.rader else self.rad

    def figurer(self) -> list[tuple[int, str]]:
        """(line, name) of every ``{{ name }}``, in order."""
        return [(nr, m.group(1).strip().lower()) for nr, rad in self.rader for m in FIGUR_RE.finditer(rad)]


@dataclass
class Textfil:
    """A text file as read: its sections by key and the problems found."""

    fil: str
    sha256: str
    avsnitt: dict[str, Textavsnitt] = field(default_factory=dict)
    problem: list[Problem] = field(default_factory=list)


def _las_bytes(p: Path) -> tuple[bytes, str]:
    data = p.read_bytes()
    try:
        return data, data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data, data.decode("cp1252")


def las_textfil(sokvag: str | Path, etikett: str, namnd: str | None = None) -> Textfil:
    """Read and check one text file; ``etikett`` is its name in messages
    ("texter/2021/sodermalm.md"), ``namnd`` the committee a problem concerns (None for
    the common file: a problem there concerns every committee)."""
    data, text = _las_bytes(Path(sokvag))
    ut = Textfil(fil=etikett, sha256=sha256_text(data))

    def problem(rad: int | None, meddelande: str, allvarlighet: str = "fel") -> None:
        ut.problem.append(Problem(etikett, rad=rad, meddelande=meddelande, namnd=namnd,
                                  allvarlighet=allvarlighet))  # type: ignore[arg-type]

    # comments go, line numbers stay
    text = _KOMMENTAR_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    if "<!--" in text:
        problem(text[: text.index("<!--")].count("\n") + 1, "kommentaren <!-- avslutas aldrig med -->")
        text = text[: text.index("<!--")]
    aktuellt: Textavsnitt | None = None
    hoppa = False            # the body of a section that is not used (unknown heading)
    fore_forsta = False      # text before the first heading was reported
    for nr, rad in enumerate(text.splitlines(), start=1):
        m = _RUBRIK_RE.match(rad)
        if m and len(m.group(1)) <= 2:
            rubrik = m.group(2).strip()
            if len(m.group(1)) == 1:
                problem(nr, f'rubriken "# {rubrik}" har en #; avsnitten namnges med ## och avsnittets rubrik '
                            f'i rapporten, t.ex. "## {AVSNITT["sammanfattning"]}"')
                aktuellt, hoppa = None, True
                continue
            nyckel = hitta_avsnitt(rubrik)
            if nyckel is None:
                f = _forslag(rubrik, ALLA_AVSNITT.values(), _norm)
                tips = f' – menade du "{f}"?' if f else (
                    " – avsnitten är " + ", ".join(f'"{r}"' for r in ALLA_AVSNITT.values()))
                problem(nr, f'okänt avsnitt "{rubrik}"{tips}')
                aktuellt, hoppa = None, True
                continue
            if nyckel in ut.avsnitt:
                problem(nr, f'avsnittet "{ALLA_AVSNITT[nyckel]}" finns redan på rad {ut.avsnitt[nyckel].rad}; '
                            "samla texten under en rubrik")
                aktuellt, hoppa = None, True
                continue
            aktuellt, hoppa = Textavsnitt(nyckel, rubrik, "efter", etikett, nr), False
            ut.avsnitt[nyckel] = aktuellt
            continue
        if aktuellt is None:
            if rad.strip() and not hoppa and not fore_forsta:
                fore_forsta = True
                problem(nr, "texten står före första ##-rubriken; varje text ska stå under en rubrik som "
                            f'namnger ett avsnitt, t.ex. "## {AVSNITT["sammanfattning"]}"')
            continue
        lm = _LAGE_RE.match(rad)
        if lm and not aktuellt.rader and aktuellt.lage == "efter" and nr == aktuellt.rad + 1:
            varde = unicodedata.normalize("NFC", lm.group(1)).casefold()
            lage = LAGEN.get(varde)
            if lage is None:
                f = _forslag(varde, ["efter", "ersätt"])
                problem(nr, f'läget "{lm.group(1)}" finns inte – skriv "läge: ersätt" eller "läge: efter"'
                            + (f' (menade du "{f}"?)' if f else ""))
            elif lage == "ersatt" and aktuellt.nyckel in EJ_ERSATTBARA:
                vad = ("inledningen säger vilka år siffrorna gäller och vad tecknen i tabellerna betyder"
                       if aktuellt.nyckel == "inledning" else "polisens text återges som den lämnats")
                problem(nr, f'avsnittet "{ALLA_AVSNITT[aktuellt.nyckel]}" kan inte ersättas ({vad}); ta bort raden '
                            "så placeras texten efter")
            else:
                aktuellt.lage = lage
            continue
        aktuellt.rader.append((nr, rad))
    for a in ut.avsnitt.values():
        while a.rader and not a.rader[0][1].strip():
            a.rader.pop(0)
        while a.rader and not a.rader[-1][1].strip():
            a.rader.pop()
        if not a.rader:
            problem(a.rad, f'avsnittet "{ALLA_AVSNITT[a.nyckel]}" har ingen text')
        for nr, rad in a.rader:
            for m in FIGUR_RE.finditer(rad):
                namn = m.group(1).strip()
                if not namn:
                    problem(nr, "{{ }} saknar figurens namn, t.ex. {{ enkat.intern.kunskap.medel }}")
                elif not _NAMN_RE.match(namn.lower()):
                    problem(nr, f'"{namn}" är inget figurnamn: namnen består av små bokstäver a–z, siffror och '
                                "_ med punkt mellan delarna, t.ex. enkat.intern.kunskap.medel")
            rest = FIGUR_RE.sub("", rad)
            if "{{" in rest or "}}" in rest:
                problem(nr, "{{ och }} ska stå parvis runt ett figurnamn, t.ex. {{ blanketter.antal }}")
    return ut


def figurnamn(avsnitt: Iterable[Textavsnitt]) -> list[tuple[str, int, str]]:
    """(file, line, name) of every well-formed figure a text cites."""
    return [(a.fil, nr, n) for a in avsnitt for nr, n in a.figurer() if _NAMN_RE.match(n)]


# =========================================================================== a committee's texts
@dataclass
class Godkannande:
    """An approval (``<slug>.godkannande.yml``)."""

    fil: str
    datum: str
    texter: dict[str, str]       # text file label -> sha256 at approval
    figurer: dict[str, str]      # figure name -> value as the report showed it


@dataclass
class Namndtexter:
    """What a committee's lägesbild takes from ``texter/<Y>/``: its own file and the
    common file merged (a section of the committee's own file wins)."""

    slug: str
    planar: int
    filer: dict[str, str] = field(default_factory=dict)          # label -> sha256 of the texts used
    avsnitt: dict[str, Textavsnitt] = field(default_factory=dict)
    egna: set[str] = field(default_factory=set)                  # keys from the committee's own file
    problem: list[Problem] = field(default_factory=list)
    godkannande: Godkannande | None = None
    godkannande_fil: str = ""

    @property
    def finns(self) -> bool:
        return bool(self.filer)

    @property
    def textfiler(self) -> str:
        return " och ".join(self.filer)


def textfiler(data_dir: str | Path, slug: str, planar: int) -> dict[str, Path]:
    """The text files that concern ``slug`` in plan year ``planar`` (label → path):
    its own and the common file, as far as they exist."""
    kat = Path(data_dir) / MAPP / str(planar)
    ut = {}
    for stam in (slug, KOMMUN):
        p = kat / f"{stam}.md"
        if p.is_file():
            ut[f"{MAPP}/{planar}/{p.name}"] = p
    return ut


def godkannande_fil(data_dir: str | Path, slug: str, planar: int) -> Path:
    return Path(data_dir) / MAPP / str(planar) / f"{slug}{GODKANNANDE_SUFFIX}"


def las_namndtexter(data_dir: str | Path, slug: str, planar: int) -> Namndtexter:
    """Read the committee's texts (own and common) and its approval, if any."""
    ut = Namndtexter(slug=slug, planar=planar)
    filer = textfiler(data_dir, slug, planar)
    lasta: dict[str, Textfil] = {}
    for etikett, p in filer.items():
        tf = las_textfil(p, etikett, None if p.stem == KOMMUN else slug)
        lasta[p.stem] = tf
        ut.filer[etikett] = tf.sha256
        ut.problem += tf.problem
    kommun, egen = lasta.get(KOMMUN), lasta.get(slug)
    if kommun is not None:
        ut.avsnitt.update(kommun.avsnitt)
    if egen is not None:
        ut.avsnitt.update(egen.avsnitt)
        ut.egna = set(egen.avsnitt)
    ut.avsnitt = {k: ut.avsnitt[k] for k in ALLA_AVSNITT if k in ut.avsnitt}
    gf = godkannande_fil(data_dir, slug, planar)
    ut.godkannande_fil = f"{MAPP}/{planar}/{gf.name}"
    if gf.is_file():
        ut.godkannande, problem = las_godkannande(gf, ut.godkannande_fil, slug)
        ut.problem += problem
    return ut


def las_godkannande(sokvag: str | Path, etikett: str, namnd: str | None = None
                    ) -> tuple[Godkannande | None, list[Problem]]:
    """Read an approval file; a broken one gives a problem (and counts as no approval)."""
    import yaml

    def fel(m: str) -> tuple[None, list[Problem]]:
        return None, [Problem(etikett, meddelande=m, namnd=namnd)]

    try:
        innehall = yaml.safe_load(_las_bytes(Path(sokvag))[1])
    except yaml.YAMLError as exc:
        rad = getattr(getattr(exc, "problem_mark", None), "line", None)
        return None, [Problem(etikett, rad=None if rad is None else rad + 1, namnd=namnd,
                              meddelande="filen går inte att läsa som YAML – skapa den på nytt med vbe godkann")]
    if not isinstance(innehall, dict):
        return fel("filen är inget godkännande – skapa den på nytt med vbe godkann")
    texter, figurer = innehall.get("texter"), innehall.get("figurer") or {}
    if not isinstance(texter, dict) or not isinstance(figurer, dict):
        return fel("godkännandet saknar texter eller figurer – skapa det på nytt med vbe godkann")
    datum = innehall.get("godkand", "")
    return Godkannande(fil=etikett, datum=str(datum), texter={str(k): str(v) for k, v in texter.items()},
                       figurer={str(k): str(v) for k, v in figurer.items()}), []


def skriv_godkannande(sokvag: str | Path, slug: str, planar: int, datum: dt.date,
                      texter: dict[str, str], figurer: dict[str, str]) -> None:
    """Write an approval (deterministic: sorted, UTF-8, LF)."""
    import yaml

    innehall = {
        "namnd": slug,
        "planar": planar,
        "godkand": datum.isoformat(),
        "texter": dict(sorted(texter.items())),
        "figurer": dict(sorted(figurer.items())),
    }
    huvud = ("# Godkännande av nämndens text, skrivet av 'vbe godkann'. Ändra inte för hand:\n"
             "# godkänn texten på nytt när den eller de citerade figurerna har ändrats.\n")
    text = huvud + yaml.safe_dump(innehall, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    Path(sokvag).parent.mkdir(parents=True, exist_ok=True)
    Path(sokvag).write_text(text, encoding="utf-8", newline="\n")


# =========================================================================== approval state
@dataclass
class Textstatus:
    """Whether a committee's text is approved and current: ``rader`` are the lines for
    the build log (Swedish; file, line, figure and values, never the text itself)."""

    godkand: bool
    rader: list[str] = field(default_factory=list)
    inaktuella: list[str] = field(default_factory=list)   # cited figures whose value changed


def textstatus(t: Namndtexter, varden: dict[str, str], citerade: list[tuple[str, int, str]]) -> Textstatus:
    """Compare the committee's texts and the values of the figures they cite now
    (``varden``: name → value as the report shows it) with its approval."""
    filer = t.textfiler
    kommando = f"vbe godkann --namnd {t.slug} --ar {t.planar}"
    g = t.godkannande
    if g is None:
        return Textstatus(False, [f"utkast: {filer} är inte godkänd – läs rapporten och kör '{kommando}'."])
    datum = f" {g.datum}" if g.datum else ""
    if g.texter != t.filer:
        delar = []
        for vad, filer in (("har ändrats", [k for k in t.filer if k in g.texter and g.texter[k] != t.filer[k]]),
                           ("har tillkommit", [k for k in t.filer if k not in g.texter]),
                           ("har tagits bort", [k for k in g.texter if k not in t.filer])):
            if filer:
                delar.append(f"{' och '.join(sorted(filer))} {vad}")
        return Textstatus(False, [f"utkast: {', '.join(delar)} sedan texten godkändes{datum} – "
                                  f"läs rapporten och kör '{kommando}' igen."])
    rader, inaktuella = [], []
    for fil, rad, namn in citerade:
        if namn in inaktuella:
            continue
        fore, nu = g.figurer.get(namn), varden.get(namn)
        if fore is None:
            rader.append(f"utkast: {fil}, rad {rad}: figuren {namn} fanns inte med när texten godkändes{datum} – "
                         f"kör '{kommando}' igen.")
            inaktuella.append(namn)
        elif fore != nu:
            rader.append(f"utkast: {fil}, rad {rad}: figuren {namn} var {fore} när texten godkändes{datum}, nu är "
                         f"den {nu} – läs texten igen och kör '{kommando}'.")
            inaktuella.append(namn)
    if rader:
        return Textstatus(False, rader, inaktuella)
    return Textstatus(True, [f"godkänd: {filer} godkändes{datum}; de citerade figurerna är oförändrade."])


# =========================================================================== build-log channel
#: Start of a line a report prints (to stderr) about its committee text.
TEXTPREFIX = "vbe-texter: "
#: Start of the build warning made from such a line.
VARNINGSPREFIX = "texter: "


def skriv_status(status: Textstatus) -> None:
    """Print the text's approval state to stderr (the build log; never in a report)."""
    for r in status.rader:
        print(TEXTPREFIX + r, file=sys.stderr)


def textrader(varningar: Iterable[str]) -> list[str]:
    """The lines about committee texts among a build's warnings ("<typ>: texter: …" or
    "texter: …"), without the prefix and without duplicates, in order."""
    ut = []
    for v in varningar:
        for rest in (v, v.partition(": ")[2]):
            if rest.startswith(VARNINGSPREFIX):
                ut.append(rest[len(VARNINGSPREFIX):])
                break
    return list(dict.fromkeys(ut))


def ar_utkast(varningar: Iterable[str]) -> bool:
    """True when a build's warnings say that the report carries a text that is not approved."""
    return any(r.startswith("utkast:") for r in textrader(varningar))


def utkast_text(varningar: Iterable[str]) -> str | None:
    """The "Utkast" mark's sentence for a report whose build warnings say its committee
    text is not approved (or a cited figure changed since approval); None otherwise."""
    utkast = [r for r in textrader(varningar) if r.startswith("utkast:")]
    if not utkast:
        return None
    if any(_INAKTUELL_RE.search(r) for r in utkast):
        return ("uppgifter som nämndens egen text i rapporten hänvisar till har ändrats sedan texten godkändes; "
                "texten ska läsas och godkännas på nytt.")
    return "nämndens egen text i rapporten är inte godkänd."


_INAKTUELL_RE = re.compile(r", rad \d+: figuren (\S+) ")


def tolka_status(varningar: Iterable[str]) -> dict[str, Any] | None:
    """The approval state for the manifest from a build's warnings: ``{"status":
    "utkast"|"godkänd", "inaktuella_figurer": [...]}``, or None when the reports carry no
    committee text. Names only, never values."""
    rader = textrader(varningar)
    if not rader:
        return None
    utkast = [r for r in rader if r.startswith("utkast:")]
    return {"status": "utkast" if utkast else "godkänd",
            "inaktuella_figurer": sorted({m.group(1) for r in utkast for m in [_INAKTUELL_RE.search(r)] if m})}


# =========================================================================== files of the folder
def kontrollera_filer(data_dir: str | Path, konf: Any, planar: int | None = None) -> list[Problem]:
    """Problems with the files in ``texter/`` (``vbe validera``): folder and file names,
    and every text file's headings, front matter and ``{{ }}``. Which figures exist is
    checked by :func:`vbe_lib.rapporter.textkontroll.kontrollera_texter`."""
    rot = Path(data_dir) / MAPP
    ut: list[Problem] = []
    if not rot.is_dir():
        return ut
    for kat in sorted(p for p in rot.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not re.fullmatch(r"\d{4}", kat.name):
            ut.append(Problem(f"{MAPP}/{kat.name}/", allvarlighet="varning",
                              forvantat=f"mappen lästes inte – förväntade ett planår som namn, t.ex. {MAPP}/2021/"))
            continue
        ar = int(kat.name)
        if planar is not None and ar != planar:
            continue
        for f in sorted(kat.iterdir()):
            if not f.is_file() or f.name.startswith((".", "~$")):
                continue
            etikett = f"{MAPP}/{ar}/{f.name}"
            if f.name.endswith(GODKANNANDE_SUFFIX):
                stam, typ = f.name[: -len(GODKANNANDE_SUFFIX)], "godkannande"
            elif f.suffix.lower() == ".md":
                stam, typ = f.stem, "text"
            else:
                ut.append(Problem(etikett, allvarlighet="varning",
                                  forvantat="filen lästes inte – förväntade <nämnd>.md, _kommun.md eller "
                                            f"<nämnd>{GODKANNANDE_SUFFIX}"))
                continue
            if typ == "text" and stam == KOMMUN:
                ut += las_textfil(f, etikett, None).problem
                continue
            slug = stam if stam in konf.namnder else None
            if slug is None:
                gissning = konf.hitta(stam) or konf.hitta(stam.replace("_", " "))
                if gissning is None:
                    namn = konf.forslag(stam)
                    gissning = konf.hitta(namn[0]) if namn else None
                andelse = ".md" if typ == "text" else GODKANNANDE_SUFFIX
                tips = f" – menade du {gissning}{andelse}?" if gissning else ""
                ut.append(Problem(etikett, namnd=gissning,
                                  meddelande="filnamnet ska vara en nämnds slug (som i parameters/namnder/<slug>.yml) "
                                             f"eller {KOMMUN}.md{tips}"))
                continue
            n = konf.namnder[slug]
            if not n.finns_planar(ar):
                efter = konf.efterfoljare_planar(slug, ar)
                tips = f" – menade du {efter}.md?" if efter and efter != slug else ""
                ut.append(Problem(etikett, namnd=efter if efter and efter != slug else None,
                                  allvarlighet="varning",
                                  meddelande=f"{n.namn} har ingen handlingsplan för {ar}, så texten används inte{tips}"))
                continue
            if typ == "text":
                ut += las_textfil(f, etikett, slug).problem
            else:
                _, problem = las_godkannande(f, etikett, slug)
                ut += problem
                if not textfiler(data_dir, slug, ar):
                    ut.append(Problem(etikett, namnd=slug, allvarlighet="varning",
                                      meddelande=f"godkännandet gäller ingen text: varken {MAPP}/{ar}/{slug}.md "
                                                 f"eller {MAPP}/{ar}/{KOMMUN}.md finns"))
    return ut
