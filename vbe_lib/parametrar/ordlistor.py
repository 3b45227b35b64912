"""The municipality's words: its vocabularies of accepted spellings and the words its
reports use about itself.

Two places in ``parameters/`` (docs/datakontrakt.md, "Egna stavningar", and
docs/namnder.md, "Kommunens ord"):

* ``parameters/ordlistor/<fil>.yml`` – one file per vocabulary of
  :data:`vbe_lib.parametrar.vocab.ALLA` (``miljoer.yml``, ``statusar.yml`` …): for each
  canonical key the further spellings that files may use, and optionally another
  display label (the owners and channels behind a source, e.g. who reports graffiti
  through which app)::

      hoger:
        - vit makt-miljön
        - vit makt
      felanmalan:
        etikett: Trafikkontoret (appen Tyck till)
        stavningar: [Trafikkontoret, tyck till]

* ``ord:`` in ``parameters/kommun.yml`` – how the reports name the municipality
  ("staden" / "kommunen"), its district committees and areas, and each source's
  caption (:class:`Kommunord`). What is not declared gets neutral wording
  ("kommunen", "kommunens enkät", "i hela kommunen").

Every problem is one Swedish line naming the file and, where there is one, the line.
"""
from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from vbe_lib.parametrar import vocab
from vbe_lib.parametrar.vocab import Vokabular, _fold

__all__ = ["Kommunord", "Ordlistor", "las_ordlistor", "vokabular", "ord_for", "Tolkning", "tolkningar",
           "KALLOR_STANDARD", "ORDLISTEMAPP"]

ORDLISTEMAPP = "ordlistor"

#: Every source's caption when the municipality declares none; ``{Kommunens}`` is the
#: municipality's genitive with a capital ("Kommunens", "Stadens").
KALLOR_STANDARD: dict[str, str] = {
    "polis": "Lokalpolisområdet, polisens kartläggning",
    "brott": "Brottsförebyggande rådet (Brå), anmälda brott",
    "sammankomster": "Polismyndigheten, allmänna sammankomster",
    "orosanmalningar": "Socialtjänsten, orosanmälningar och ärenden",
    "blanketter": "Blankett för avidentifierad information, samordnarens register",
    "ia": "{Kommunens} incidentrapportering (IA), anmälningar med VBE ikryssat",
    "klotter": "{Kommunens} fastighetsägare och felanmälan, anmält klotter",
    "enkat": "{Kommunens} enkät om våldsbejakande extremism",
    "webbutbildning": "{Kommunens} utbildningsportal, webbutbildningen om våldsbejakande extremism",
}


def _stor(t: str) -> str:
    return t[:1].upper() + t[1:]


class Kommunord(BaseModel):
    """The words the reports use about the municipality (``ord:`` in kommun.yml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    #: the municipality in definite form: "i hela staden", "Hela staden"
    kommunen: str = "kommunen"
    #: genitive ("stadens enkät"); default: ``kommunen`` + "s"
    kommunens: str = ""
    #: the summary's subtitle word: "Stadsövergripande sammanställning"
    overgripande: str = "Kommunövergripande"
    #: a district committee (typ stadsdelsnamnd), singular and plural: "stadsdelsnämnd",
    #: "stadsdelsnämnder"
    distriktsnamnd: str = "områdesnämnd"
    distriktsnamnder: str = "områdesnämnder"
    #: a district's area, singular and plural: "stadsdelsområde", "stadsdelsområden"
    omrade: str = "område"
    omraden: str = "områden"
    #: a source's caption (under tables and charts), by source (polis, brott, …)
    kallor: dict[str, str] = {}

    @field_validator("kommunen", "kommunens", "overgripande", "distriktsnamnd", "distriktsnamnder", "omrade", "omraden")
    @classmethod
    def _ord(cls, v: str, info: Any) -> str:
        t = " ".join(str(v).split())
        if not t and info.field_name != "kommunens":
            raise ValueError("förväntade ett ord, t.ex. 'kommunen' eller 'staden'")
        return t

    @field_validator("kallor")
    @classmethod
    def _kallor(cls, v: dict[str, str]) -> dict[str, str]:
        okanda = [k for k in v if k not in KALLOR_STANDARD]
        if okanda:
            raise ValueError(f"okänd källa {', '.join(okanda)}; tillåtna är {', '.join(KALLOR_STANDARD)}")
        tomma = [k for k, t in v.items() if not str(t).strip()]
        if tomma:
            raise ValueError(f"tom bildtext för {', '.join(tomma)}")
        return {k: " ".join(str(t).split()) for k, t in v.items()}

    # -------------------------------------------------------------- derived forms
    @property
    def genitiv(self) -> str:
        """'stadens' / 'kommunens'."""
        return self.kommunens or self.kommunen + "s"

    @property
    def Kommunen(self) -> str:  # noqa: N802 - the capitalised form, as a sentence starts
        return _stor(self.kommunen)

    @property
    def Kommunens(self) -> str:  # noqa: N802
        return _stor(self.genitiv)

    @property
    def hela(self) -> str:
        """'hela staden' (after a preposition: 'i hela staden')."""
        return f"hela {self.kommunen}"

    @property
    def Hela(self) -> str:  # noqa: N802
        """'Hela staden' (a row label)."""
        return f"Hela {self.kommunen}"

    @property
    def distriktsnamnderna(self) -> str:
        """'stadsdelsnämnderna'."""
        return self.distriktsnamnder + ("na" if self.distriktsnamnder.endswith("er") else "")

    def kalla(self, namn: str) -> str:
        """A source's caption: the declared one, else neutral wording."""
        if namn in self.kallor:
            return self.kallor[namn]
        return KALLOR_STANDARD.get(namn, namn).format(Kommunens=self.Kommunens, kommunens=self.genitiv)


@dataclass
class Ordlistor:
    """The municipality's vocabularies (configured :class:`Vokabular` by file name)
    and words (:class:`Kommunord`)."""

    listor: dict[str, Vokabular] = field(default_factory=dict)
    ord: Kommunord = field(default_factory=Kommunord)

    def vok(self, kanonisk: Vokabular) -> Vokabular:
        """The configured version of a canonical vocabulary (itself when none)."""
        return self.listor.get(kanonisk.fil, kanonisk)

    __call__ = vok

    def fingeravtryck(self) -> str:
        """A digest of everything configured (the data cache depends on it)."""
        d = {f: [v.etiketter, sorted(v.alias.items())] for f, v in sorted(self.listor.items())}
        d["_ord"] = self.ord.model_dump()
        return hashlib.sha256(json.dumps(d, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def vokabular(konf: Any, kanonisk: Vokabular) -> Vokabular:
    """``konf``'s configured version of ``kanonisk`` (any object with ``ordlistor``;
    the canonical vocabulary when there is none)."""
    o = getattr(konf, "ordlistor", None)
    return o.vok(kanonisk) if o is not None else kanonisk


def ord_for(konf: Any) -> Kommunord:
    """``konf``'s words (neutral ones when it has none)."""
    o = getattr(konf, "ordlistor", None)
    return o.ord if o is not None else Kommunord()


# ============================================================================ loading
def _rader(nod: yaml.Node, sokvag: tuple = ()) -> dict[tuple, int]:
    """(path of keys/indices) -> 1-based line of every node of a composed YAML tree."""
    ut = {sokvag: nod.start_mark.line + 1}
    if isinstance(nod, yaml.MappingNode):
        for k, v in nod.value:
            ut[sokvag + (str(k.value),)] = k.start_mark.line + 1
            ut.update({p: r for p, r in _rader(v, sokvag + (str(k.value),)).items() if p != sokvag + (str(k.value),)})
    elif isinstance(nod, yaml.SequenceNode):
        for i, v in enumerate(nod.value):
            ut.update(_rader(v, sokvag + (i,)))
    return ut


def _las_yaml(fil: Path, visning: str, fel: list[str]) -> tuple[Any, dict[tuple, int]] | None:
    """The file's data, read strictly (:mod:`vbe_lib.parametrar.yamlfil`: a duplicate key,
    an alias bomb or a file beyond the size limit is an error), and each key's line."""
    from vbe_lib.parametrar.yamlfil import MAX_BYTE, YamlFel, las_yaml_text

    try:
        if fil.stat().st_size > MAX_BYTE:
            fel.append(f"{visning}: filen är större än gränsen {MAX_BYTE // 1_000_000} MB för en YAML-fil.")
            return None
        text = fil.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        fel.append(f"{visning}: filen är inte sparad som UTF-8.")
        return None
    except OSError as exc:
        fel.append(f"{visning}: filen kunde inte läsas ({exc.strerror or exc}).")
        return None
    try:
        data = las_yaml_text(text)
    except YamlFel as exc:
        fel.append(f"{visning}{f', rad {exc.rad}' if exc.rad else ''}: {exc.meddelande}.")
        return None
    try:
        nod = yaml.compose(text)  # safe now: no alias expands beyond the bound
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        rad = f", rad {mark.line + 1}" if mark else ""
        fel.append(f"{visning}{rad}: ogiltig YAML ({getattr(exc, 'problem', exc)}).")
        return None
    return data, (_rader(nod) if nod is not None else {})


def _plats(visning: str, rader: dict[tuple, int], sokvag: tuple) -> str:
    while sokvag and sokvag not in rader:
        sokvag = sokvag[:-1]
    rad = rader.get(sokvag)
    return f"{visning}, rad {rad}" if rad else visning


def las_ordlistor(katalog: str | Path, fel: list[str] | None = None) -> Ordlistor:
    """Read ``ord:`` of ``kommun.yml`` and every ``ordlistor/*.yml`` of the parameters
    folder ``katalog``. Problems are appended to ``fel`` (Swedish, file and line);
    a list with a problem is left out (the canonical one is used)."""
    katalog = Path(katalog)
    fel = fel if fel is not None else []
    ord_ = _las_kommunord(katalog, fel)
    listor: dict[str, Vokabular] = {}
    mapp = katalog / ORDLISTEMAPP
    if mapp.is_dir():
        for fil in sorted(mapp.iterdir()):
            if fil.name.startswith((".", "~$")) or fil.is_dir():
                continue
            visning = f"{katalog.name}/{ORDLISTEMAPP}/{fil.name}"
            if fil.suffix.lower() not in (".yml", ".yaml"):
                fel.append(f"{visning}: filen läses inte – förväntade en ordlista <namn>.yml "
                           f"({', '.join(vocab.ALLA)}).")
                continue
            kanonisk = vocab.ALLA.get(fil.stem.casefold())
            if kanonisk is None:
                f = difflib.get_close_matches(fil.stem.casefold(), list(vocab.ALLA), n=1)
                tips = f" – menade du {f[0]}.yml?" if f else ""
                fel.append(f"{visning}: okänd ordlista '{fil.stem}'{tips} Tillåtna är "
                           f"{', '.join(f'{n}.yml' for n in vocab.ALLA)}.")
                continue
            v = _las_lista(fil, visning, kanonisk, fel)
            if v is not None:
                listor[kanonisk.fil] = v
    return Ordlistor(listor, ord_)


def _las_kommunord(katalog: Path, fel: list[str]) -> Kommunord:
    fil = katalog / "kommun.yml"
    visning = f"{katalog.name}/kommun.yml"
    if not fil.is_file():
        return Kommunord()
    las = _las_yaml(fil, visning, [])  # YAML problems of kommun.yml are reported by Konfiguration.las
    if las is None or not isinstance(las[0], dict) or las[0].get("ord") is None:
        return Kommunord()
    data, rader = las
    if not isinstance(data["ord"], dict):
        fel.append(f"{_plats(visning, rader, ('ord',))}: fält 'ord': förväntade en samling nycklar och värden "
                   "(kommunen:, kallor: …).")
        return Kommunord()
    try:
        return Kommunord.model_validate(data["ord"])
    except ValidationError as exc:
        for e in exc.errors():
            sokvag = ("ord", *[str(x) for x in e["loc"]])
            falt = ".".join(sokvag)
            fel.append(f"{_plats(visning, rader, sokvag)}: fält '{falt}': {_svensk(e)}")
        return Kommunord()


def _svensk(e: dict) -> str:
    typ = e.get("type", "")
    if typ == "value_error":
        t = str(e.get("ctx", {}).get("error", e.get("msg")))
    elif typ == "extra_forbidden":
        t = ("okänt fält (stavfel?); tillåtna är kommunen, kommunens, overgripande, distriktsnamnd, distriktsnamnder, "
             "omrade, omraden, kallor")
    elif typ in ("string_type", "str_type"):
        t = "förväntade text"
    elif typ == "dict_type":
        t = "förväntade en samling nycklar och värden"
    else:
        t = e.get("msg", "ogiltigt värde")
    return t.rstrip(".") + "."


def _las_lista(fil: Path, visning: str, kanonisk: Vokabular, fel: list[str]) -> Vokabular | None:
    """One vocabulary file → the configured vocabulary (None on a problem)."""
    las = _las_yaml(fil, visning, fel)
    if las is None:
        return None
    data, rader = las
    if data is None:
        return kanonisk
    if not isinstance(data, dict):
        fel.append(f"{visning}: förväntade en kod per rad följd av kolon och dess stavningar, t.ex. "
                   f"'{kanonisk.nycklar[0]}:' och under den '  - en stavning'.")
        return None
    antal_fel = len(fel)
    alias: dict[str, str] = {}
    etiketter: dict[str, str] = {}
    var: dict[str, tuple[str, int | None]] = {}  # folded spelling -> (key, line)
    for k, lbl in kanonisk.etiketter.items():
        var[_fold(k)] = (k, None)
        var[_fold(lbl)] = (k, None)
    for k_raw, varde in data.items():
        plats = _plats(visning, rader, (str(k_raw),))
        nyckel = kanonisk.hitta(k_raw) if isinstance(k_raw, str) else None
        if nyckel is None:
            f = difflib.get_close_matches(str(k_raw), kanonisk.nycklar, n=1)
            tips = f" – menade du '{f[0]}'?" if f else ""
            fel.append(f"{plats}: okänd kod '{k_raw}' för {kanonisk.namn}{tips} Tillåtna koder är "
                       f"{', '.join(kanonisk.nycklar)}.")
            continue
        stavningar: Any = varde
        if isinstance(varde, dict):
            okanda = [x for x in varde if x not in ("etikett", "stavningar")]
            if okanda:
                fel.append(f"{_plats(visning, rader, (str(k_raw), str(okanda[0])))}: okänt fält '{okanda[0]}' under "
                           f"'{k_raw}' – förväntade etikett: och stavningar:.")
                continue
            if "etikett" in varde:
                e = varde["etikett"]
                if not isinstance(e, str) or not e.strip():
                    fel.append(f"{_plats(visning, rader, (str(k_raw), 'etikett'))}: etiketten för '{nyckel}' ska vara "
                               "en text (den som visas i rapporterna).")
                    continue
                e = " ".join(e.split())
                annan = var.get(_fold(e))
                if annan is not None and annan[0] != nyckel:
                    fel.append(f"{_plats(visning, rader, (str(k_raw), 'etikett'))}: etiketten '{e}' betyder redan "
                               f"'{annan[0]}'" + (f" (rad {annan[1]})" if annan[1] else "") + ".")
                    continue
                etiketter[nyckel] = e
                var[_fold(e)] = (nyckel, rader.get((str(k_raw), "etikett")))
            stavningar = varde.get("stavningar", [])
        if stavningar is None:
            stavningar = []
        if isinstance(stavningar, (str, int, float, bool)) and not isinstance(stavningar, dict):
            stavningar = [stavningar]
        if not isinstance(stavningar, list):
            fel.append(f"{plats}: förväntade en lista med stavningar under '{k_raw}' (en per rad, med '- ' först).")
            continue
        bas = (str(k_raw), "stavningar") if isinstance(varde, dict) else (str(k_raw),)
        for i, st in enumerate(stavningar):
            p = _plats(visning, rader, bas + (i,))
            if isinstance(st, bool) or st is None or isinstance(st, (dict, list)):
                fel.append(f"{p}: stavningen ska vara en text; skriv den inom citattecken, t.ex. \"ja\" eller \"j\".")
                continue
            t = " ".join(str(st).split())
            if not t:
                fel.append(f"{p}: tom stavning under '{k_raw}'.")
                continue
            annan = var.get(_fold(t))
            if annan is not None and annan[0] != nyckel:
                fel.append(f"{p}: stavningen '{t}' betyder redan '{annan[0]}'"
                           + (f" (rad {annan[1]})" if annan[1] else " (datakontraktet)") + " – en stavning får bara "
                           "betyda en sak.")
                continue
            var.setdefault(_fold(t), (nyckel, rader.get(bas + (i,))))
            if _fold(t) not in (_fold(nyckel), _fold(kanonisk.etiketter[nyckel])):
                alias[t] = nyckel
    if len(fel) > antal_fel:
        return None
    return kanonisk.med(alias, etiketter)


# ============================================================================ readings
@dataclass
class Tolkning:
    """How a value outside the contract was read: in file ``fil``, column ``kolumn``,
    the value ``varde`` was read as ``tolkad`` (the label), on rows ``rader``."""

    fil: str
    kolumn: str
    varde: str
    tolkad: str
    rader: list[int] = field(default_factory=list)
    #: the committee whose file it is (activity files), None for a city-wide file
    namnd: str | None = None
    #: a reading, not a problem: listed by ``vbe validera`` after errors and warnings
    allvarlighet: str = "tolkning"
    rad: int | None = None
    #: the source (as :attr:`vbe_lib.indata.problem.Problem.kalla`); a reading stops nothing
    kalla: str | None = None

    @property
    def ar_fel(self) -> bool:
        return False

    def __str__(self) -> str:
        r = self.rader
        if not r:
            var = ""
        elif len(r) <= 5:
            var = " (rad " + (", ".join(map(str, r[:-1])) + " och " if len(r) > 1 else "") + f"{r[-1]})"
        else:
            var = f" ({len(r)} rader: rad {', '.join(map(str, r[:4]))} och {len(r) - 4} till)"
        return f'tolkning: {self.fil}, kolumn "{self.kolumn}": "{self.varde}" lästes som "{self.tolkad}"{var}.'


def tolkningar(fil: str, kolumn: str, varden: Any, vok: Vokabular, rader: Any = None) -> list[Tolkning]:
    """One :class:`Tolkning` per distinct value in ``varden`` that ``vok`` reads only
    through a configured spelling (not the key or a label). ``rader``: the row
    number of each value (default: the index)."""
    ut: dict[str, Tolkning] = {}
    nr = list(rader) if rader is not None else list(getattr(varden, "index", range(len(varden))))
    for v, r in zip(varden, nr):
        if not isinstance(v, str) or not v.strip():
            continue
        k = vok.hitta(v)
        if k is None or vok.ar_kanonisk(v):
            continue
        t = " ".join(v.split())
        if t not in ut:
            ut[t] = Tolkning(fil, kolumn, t, vok.etikett(k))
        try:
            ut[t].rader.append(int(r))
        except (TypeError, ValueError):
            pass
    return list(ut.values())
