"""The committee's own text in its lägesbild: figures by name, placement, screening, approval.

The lägesbild marks each section method with :func:`textavsnitt` (one decorator per
section, nothing else changes in the report). The first section that is built loads the
committee's texts (:func:`vbe_lib.indata.texter.las_namndtexter`); a committee without a
text file gets exactly the parts it got before. With a text:

* every ``{{ namn }}`` is checked against the report's figure catalogue
  (:func:`figurkatalog`: :func:`vbe_lib.analys.figurer.berakna` formatted with
  :mod:`vbe_lib.presentation.fmt` as the report formats it, and the privacy decision of the
  report: a figure the published report hides can never be cited); an unknown name, a
  figure of a source the committee does not report, a hidden figure or a section that is
  not in the committee's report stops the report with :class:`TextFel` (``vbe validera``
  and ``vbe rapport`` say the same before anything is built);
* the section's text, figures inserted, is screened for personal data paragraph by
  paragraph like the police's text (:func:`vbe_lib.integritet.granskning.granska_stycken`,
  log line with file and line, never the content) and emitted as Markdown, the same path
  the police's text takes to the renderers (and their sanitizer);
* it is placed right after the generated text that opens the section (before the first
  table, chart or sub-heading), or replaces that text (``läge: ersätt``);
* the approval state (:func:`vbe_lib.indata.texter.textstatus`) is printed to stderr
  (``vbe-texter: …``): the renderers mark a report whose text is not approved, or whose
  cited figures changed since approval, "Utkast", and ``vbe rapport`` prints the lines.
"""
from __future__ import annotations

import functools
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from IPython.display import Markdown

from vbe_lib.analys import figurer as analys_figurer
from vbe_lib.indata import texter as indata_texter
from vbe_lib.indata.problem import Problem
from vbe_lib.indata.texter import AVSNITT, FIGUR_RE, PLAN_AVSNITT, UTAN_RUBRIK, Namndtexter, Textavsnitt
from vbe_lib.integritet import granskning
from vbe_lib.integritet import logg as integritetslogg
from vbe_lib.integritet import undertryckning
from vbe_lib.presentation import fmt

__all__ = ["Figur", "TextFel", "Texter", "alla_anvanda", "anvanda_avsnitt", "plan_avsnitt", "figurkatalog", "figurer", "formatera", "hjalp", "kontrollera",
           "ladda", "textavsnitt"]


class TextFel(Exception):
    """A committee text cannot be published as written (one Swedish line per problem)."""

    def __init__(self, problem: list[Problem]):
        self.problem = list(problem)
        super().__init__("\n".join(str(p) for p in self.problem))


# =========================================================================== figures
def formatera(varde: Any, format: str) -> str:
    """A figure as the report writes it (:mod:`vbe_lib.presentation.fmt`); missing → ".."."""
    if varde is None or fmt.ar_saknas(varde):
        return fmt.SAKNAS
    if format == "antal":
        return fmt.tal(varde)
    if format == "ar":
        return str(int(varde))
    if format == "decimal1":
        return fmt.tal(varde, 1)
    if format == "decimal2":
        return fmt.tal(varde, 2)
    if format == "median":  # as the report's sentences: "3", "2,5"
        return fmt.tal(varde, 0) if float(varde).is_integer() else fmt.tal(varde, 1)
    if format == "procent":
        return fmt.procent(varde)
    if format == "tecken":
        return fmt.tecken(varde)
    if format == "procent_forandring":  # as the sentences: one decimal where whole per cent would say 0
        text = fmt.procent_forandring(varde)
        if varde != 0 and fmt.avrunda(float(varde) * 100) == 0:
            text = fmt.procent_forandring(varde, 1)
        return text
    raise ValueError(f"okänt format {format!r}")


@dataclass(frozen=True)
class Figur:
    """A figure of the report as published: ``visat`` is what the report shows (for a
    hidden figure "färre än 3" or "x"), ``dold`` whether the report hides it."""

    namn: str
    avsnitt: str
    varde: Any
    visat: str
    dold: bool
    beskrivning: str

    @property
    def rubrik(self) -> str:
        return AVSNITT[self.avsnitt]


def _liten(x: Any, m: int) -> bool:
    return x is not None and not fmt.ar_saknas(x) and 0 < float(x) < m


def _oros_dolda(lb: Any) -> set[tuple[str, int]] | None:
    """(kind, year) of the cells the published concern-report table hides, read from the
    report's own table; None when the table cannot be found (then every such figure is
    treated as hidden)."""
    metod = type(lb).avsnitt_orosanmalningar
    delar = getattr(metod, "__wrapped__", metod)(lb)
    kolumner = {"orosanmalan": "Orosanmälningar", "arende": "Ärenden"}
    for d in delar:
        df = getattr(d, "df", None)
        if df is not None and "År" in df.columns and set(kolumner.values()) <= set(df.columns):
            return {(typ, int(a)) for typ, kol in kolumner.items() for a, v in zip(df["År"], df[kol])
                    if undertryckning.ar_dold_cell(v)}
    return None


def _dold(lb: Any, f: analys_figurer.Figurvarde, cache: dict[str, Any]) -> bool:
    """Whether the published report hides figure ``f`` (a count of persons)."""
    if not f.skydd:
        return False
    m = int(lb.minsta_antal or 0)
    typ = f.skydd[0]
    if typ == "oros":
        _, slag, ar = f.skydd
        if "oros" not in cache:
            cache["oros"] = _oros_dolda(lb)
        tabell = cache["oros"]
        if tabell is None:
            return True
        return _liten(f.varde, m) or ar in lb._dolda_summor(slag) or (slag, ar) in tabell
    if typ == "handelser":
        ht = lb.handelsetabell(f.skydd[1])
        if f.skydd[2] == "total":
            return ht.dold_total
        if f.skydd[2] == "miljo":
            return f.skydd[3] in ht.dolda_miljoer
        if f.skydd[2] == "typ":
            return f.skydd[3] in ht.dolda_typer
    return True  # unknown kind of protected cell: never cite it


def figurkatalog(lb: Any) -> dict[str, Figur]:
    """Every figure of the committee's lägesbild by name, as published (cached on ``lb``)."""
    katalog = lb.__dict__.get("_vbe_figurkatalog")
    if katalog is not None:
        return katalog
    cache: dict[str, Any] = {}
    m = int(lb.minsta_antal or 0)
    katalog = {}
    for f in analys_figurer.berakna(lb.ds, lb.konf, lb.namnd, lb.planar):
        dold = _dold(lb, f, cache)
        if dold:
            visat = undertryckning.skydda_antal(f.varde, m) if _liten(f.varde, m) else undertryckning.DOLD_SEKUNDAR
        else:
            visat = formatera(f.varde, f.format)
        katalog[f.namn] = Figur(f.namn, f.avsnitt, f.varde, visat, dold, f.beskrivning)
    lb.__dict__["_vbe_figurkatalog"] = katalog
    return katalog


def figurer(lb: Any, avsnitt: str | None = None) -> pd.DataFrame:
    """The figures a text can cite, as a table (JupyterLab; ``vbe figurer`` prints the same):
    columns namn, värde (as the report shows it), avsnitt (the heading), beskrivning,
    kan_citeras (False where the report hides the figure to protect persons).

    ``lb``: a :class:`~vbe_lib.rapporter.lagesbild.Lagesbild`, e.g.
    ``figurer(Lagesbild("sodermalm", 2021, "../data", "../parameters"))``; ``avsnitt``:
    only one section (key or heading)."""
    nyckel = None
    if avsnitt is not None:
        nyckel = avsnitt if avsnitt in AVSNITT else indata_texter.hitta_avsnitt(avsnitt)
    rader = [{"namn": f.namn, "värde": f.visat, "avsnitt": f.rubrik, "beskrivning": f.beskrivning,
              "kan_citeras": not f.dold}
             for f in figurkatalog(lb).values() if nyckel is None or f.avsnitt == nyckel]
    return pd.DataFrame(rader, columns=["namn", "värde", "avsnitt", "beskrivning", "kan_citeras"])


# =========================================================================== checks
def _ar_i_rapporten(lb: Any, nyckel: str) -> bool:
    """Whether the committee's lägesbild has the section (a section per source it reports)."""
    return nyckel in ("inledning", "sammanfattning") or lb.har_kalla(nyckel)


def _kallnamn(kalla: str) -> str:
    return {"brott": "anmälda brott", "sammankomster": "allmänna sammankomster", "orosanmalningar": "orosanmälningar",
            "blanketter": "blanketter för avidentifierad information", "ia": "IA-anmälningar",
            "klotter": "klotter", "enkat": "enkäten", "webbutbildning": "webbutbildningen",
            "polis": "polisens kartläggning"}.get(kalla, kalla)


def anvanda_avsnitt(lb: Any, t: Namndtexter) -> list[Textavsnitt]:
    """The sections of the texts that go into the committee's lägesbild (a section of the
    common file that the committee's report does not have is left out; the action
    plan's sections go into the plan, :func:`plan_avsnitt`)."""
    return [a for k, a in t.avsnitt.items() if k in AVSNITT and _ar_i_rapporten(lb, k)]


def plan_avsnitt(t: Namndtexter) -> list[Textavsnitt]:
    """The sections of the texts that go into the committee's action plan."""
    return [a for k, a in t.avsnitt.items() if k in PLAN_AVSNITT]


def alla_anvanda(lb: Any, t: Namndtexter) -> list[Textavsnitt]:
    """Every section of the texts that one of the committee's reports publishes."""
    return anvanda_avsnitt(lb, t) + plan_avsnitt(t)


def kontrollera(lb: Any, t: Namndtexter) -> list[Problem]:
    """Every problem of the committee's texts against its report: the files' own problems,
    sections the report does not have, unknown or hidden figures, and (warnings)
    paragraphs the screening will withhold."""
    ut = list(t.problem)
    # the catalogue computes every figure of the report: only when a text cites one
    anvanda = alla_anvanda(lb, t)
    katalog = figurkatalog(lb) if any(True for a in anvanda for _ in a.figurer()) else {}
    n = lb.n
    kommando = f"vbe figurer --namnd {lb.namnd} --ar {lb.planar}"
    for k, a in t.avsnitt.items():
        if k in AVSNITT and not _ar_i_rapporten(lb, k) and k in t.egna:
            ut.append(Problem(a.fil, rad=a.rad, namnd=lb.namnd,
                              meddelande=f'avsnittet "{AVSNITT[k]}" finns inte i rapporten för {n.namn}: nämnden '
                                         f"redovisar inte {_kallnamn(k)} (kallor i parameters/namnder/{lb.namnd}.yml)"))
    for a in anvanda:
        for nr, namn in a.figurer():
            if not indata_texter._NAMN_RE.match(namn):
                continue  # reported by the file check
            f = katalog.get(namn)
            if f is not None:
                if f.dold:
                    ut.append(Problem(a.fil, rad=nr, namnd=lb.namnd,
                                      meddelande=f"figuren {namn} visas inte i rapporten ({f.visat}), för att skydda "
                                                 "enskilda personer, och kan därför inte citeras"))
                continue
            kalla = analys_figurer.KALLA_FOR_PREFIX.get(namn.split(".")[0], "okänd")
            if kalla not in (None, "okänd") and not lb.har_kalla(kalla):
                ut.append(Problem(a.fil, rad=nr, namnd=lb.namnd,
                                  meddelande=f"figuren {namn} finns inte för {n.namn}: nämnden redovisar inte "
                                             f"{_kallnamn(kalla)} (kallor i parameters/namnder/{lb.namnd}.yml)"))
                continue
            forslag = indata_texter._forslag(namn, katalog)
            tips = f" – menade du {forslag}?" if forslag else ""
            vad = (f'okänd figur "{namn}"' if kalla == "okänd"
                   else f'figuren "{namn}" finns inte i rapporten för {n.namn} {lb.planar}')
            ut.append(Problem(a.fil, rad=nr, namnd=lb.namnd, meddelande=f"{vad}{tips} ({kommando} visar alla namn)"))
    for a in anvanda:
        _, _, logg = granskad_text(lb, a, katalog)
        for rad in logg:
            plats, _, skal = rad.rpartition(": stycke undanhållet ")
            nr = plats.rsplit("rad ", 1)[-1]
            ut.append(Problem(a.fil, rad=int(nr) if nr.isdigit() else None, namnd=lb.namnd, allvarlighet="varning",
                              meddelande=f"stycket kan innehålla personuppgifter {skal} och visas inte i rapporten"))
    return ut


# =========================================================================== the texts in a report
def _infoga(rad: str, katalog: dict[str, Figur]) -> str:
    """``{{ namn }}`` → the figure as the report shows it (an unknown name is left as it
    is: :func:`kontrollera` reports it, and such a text is never published)."""
    def varde(m: Any) -> str:
        f = katalog.get(m.group(1).strip().lower())
        return m.group(0) if f is None else f.visat

    return FIGUR_RE.sub(varde, rad)


def granskad_text(lb: Any, a: Textavsnitt, katalog: dict[str, Figur]) -> tuple[str, int, list[str]]:
    """The section's text with its figures inserted, screened paragraph by paragraph
    (line numbers in the log are the file's)."""
    text = "\n" * (a.forsta_rad - 1) + "\n".join(_infoga(r, katalog) for _, r in a.rader)
    return granskning.granska_stycken(text, lb.skyddade_namn, a.fil)


@dataclass
class Texter:
    """A committee's texts as they go into its lägesbild (see the module docstring)."""

    lb: Any
    texter: Namndtexter
    katalog: dict[str, Figur]
    status: indata_texter.Textstatus
    anvanda: dict[str, Textavsnitt] = field(default_factory=dict)

    def citerade(self) -> list[tuple[str, int, str]]:
        """(file, line, name) of every figure the used sections cite."""
        return indata_texter.figurnamn(self.anvanda.values())

    def markdown(self, a: Textavsnitt) -> list[Markdown]:
        text, undanhallna, logg = granskad_text(self.lb, a, self.katalog)
        integritetslogg.skriv_logg(logg)
        ut = [Markdown(text)]
        if undanhallna:
            ut.append(Markdown("*" + granskning.meddelande_undanhallna_texter(
                undanhallna, ("stycke", "stycken", "det")) + "*"))
        return ut

    def placera(self, nyckel: str, delar: list[Any]) -> list[Any]:
        """The section's parts with the committee's text placed after (or instead of) the
        generated text that opens it."""
        a = self.anvanda.get(nyckel)
        if a is None or not delar:
            return delar
        start = 0 if nyckel in UTAN_RUBRIK or not _ar_rubrik(delar[0]) else 1
        slut = start
        while slut < len(delar) and _ar_brodtext(delar[slut]):
            slut += 1
        egna = self.markdown(a)
        if a.lage == "ersatt":
            return delar[:start] + egna + delar[slut:]
        return delar[:slut] + egna + delar[slut:]


def _md_text(d: Any) -> str | None:
    data = getattr(d, "data", None)
    return data if isinstance(d, Markdown) and isinstance(data, str) else None


def _ar_rubrik(d: Any) -> bool:
    t = _md_text(d)
    return t is not None and t.lstrip().startswith("#")


def _ar_brodtext(d: Any) -> bool:
    t = _md_text(d)
    return t is not None and not t.lstrip().startswith("#")


def ladda(lb: Any, skriv: bool = True) -> Texter | None:
    """The committee's texts for ``lb``'s report, checked; None when it has none.
    Raises :class:`TextFel` for problems that stop the report. ``skriv``: print the
    approval state to stderr (the build log)."""
    data_dir = Path(getattr(lb.ds, "data_dir", None) or lb.data_dir)
    t = indata_texter.las_namndtexter(data_dir, lb.namnd, lb.planar)
    if not t.finns or not anvanda_avsnitt(lb, t):
        return None  # no text for this report (the action plan's sections go into the plan)
    fel = [p for p in kontrollera(lb, t) if p.ar_fel]
    if fel:
        raise TextFel(fel)
    katalog = figurkatalog(lb)
    anvanda = {a.nyckel: a for a in anvanda_avsnitt(lb, t)}
    citerade = indata_texter.figurnamn(anvanda.values())
    status = indata_texter.textstatus(t, {n: katalog[n].visat for _, _, n in citerade}, citerade)
    if skriv:
        indata_texter.skriv_status(status)
    return Texter(lb, t, katalog, status, anvanda)


def _texter(lb: Any) -> Texter | None:
    """The committee's texts, loaded once per report; a text that cannot be published
    stops every section that would carry it (the same :class:`TextFel` each time)."""
    if "_vbe_texter" not in lb.__dict__:
        try:
            lb.__dict__["_vbe_texter"] = ladda(lb)
        except TextFel as exc:
            lb.__dict__["_vbe_texter"] = exc
    t = lb.__dict__["_vbe_texter"]
    if isinstance(t, TextFel):
        raise t
    return t


def textavsnitt(nyckel: str) -> Callable:
    """Decorator of a lägesbild section method: the committee's text for section
    ``nyckel`` (:data:`vbe_lib.indata.texter.AVSNITT`) goes into its parts."""
    if nyckel not in AVSNITT:
        raise ValueError(f"okänt avsnitt {nyckel!r}")

    def dekorera(metod: Callable) -> Callable:
        @functools.wraps(metod)
        def omslag(self: Any, *args: Any, **kw: Any) -> list[Any]:
            delar = metod(self, *args, **kw)
            t = _texter(self)
            return delar if t is None else t.placera(nyckel, delar)

        omslag.textavsnitt = nyckel  # type: ignore[attr-defined]
        return omslag

    return dekorera


# =========================================================================== JupyterLab
_CITERA = "citera med {{ namn }}; rapportens alla figurer kan citeras i vilket avsnitt som helst"
_INGA_EGNA = "Avsnittet visar inga egna figurer; figurerna i de andra avsnitten kan citeras här också."


class _Hjalp:
    """What the analyst sees under a section in JupyterLab (cells tagged ``dold``: never
    in the report): the committee's text used there and the figures the section prints."""

    def __init__(self, rubrik: str, text: str, tabell: pd.DataFrame):
        self.rubrik, self.text, self.tabell = rubrik, text, tabell

    def _repr_markdown_(self) -> str:
        rader = [f"**Nämndens text – {self.rubrik}:** {self.text}", ""]
        if len(self.tabell):
            rader += [f"Figurer som avsnittet visar ({_CITERA}):", "",
                      "| namn | värde | beskrivning |", "|---|---|---|"]
            rader += [f"| `{r.namn}` | {r.värde}{'' if r.kan_citeras else ' (dold, kan inte citeras)'} | "
                      f"{r.beskrivning} |" for r in self.tabell.itertuples()]
        else:
            rader.append(_INGA_EGNA)
        return "\n".join(rader)

    def _repr_html_(self) -> str:
        e = html.escape
        rad = "".join(f"<tr><td><code>{e(r.namn)}</code></td><td>{e(r.värde)}"
                      f"{'' if r.kan_citeras else ' <em>(dold, kan inte citeras)</em>'}</td><td>{e(r.beskrivning)}"
                      "</td></tr>" for r in self.tabell.itertuples())
        tabell = (f"<details><summary>{len(self.tabell)} figurer som avsnittet visar ({e(_CITERA)})</summary>"
                  f"<table><thead><tr><th>namn</th><th>värde</th><th>beskrivning</th></tr></thead><tbody>{rad}</tbody>"
                  "</table></details>") if len(self.tabell) else f"<p>{e(_INGA_EGNA)}</p>"
        return f"<div><p><strong>Nämndens text – {e(self.rubrik)}:</strong> {e(self.text)}</p>{tabell}</div>"


def hjalp(lb: Any, nyckel: str, visa: bool = True) -> list[Any]:
    """For a notebook cell tagged ``dold`` under section ``nyckel``: which committee text
    (if any) the section uses, and the figures it can cite. ``visa=False`` (the batch: the
    notebook parameter ``texthjalp``) gives nothing and computes nothing."""
    if not visa:
        return []
    t = _texter(lb)
    a = t.anvanda.get(nyckel) if t is not None else None
    if not _ar_i_rapporten(lb, nyckel):
        text = f"avsnittet finns inte i rapporten: nämnden redovisar inte {_kallnamn(nyckel)}."
    elif a is None:
        fil = f"{indata_texter.MAPP}/{lb.planar}/{lb.namnd}.md"
        text = f'ingen. Skriv en under "## {AVSNITT[nyckel]}" i {fil} (se docs/texter.md).'
    else:
        lage = "ersätter den genererade texten" if a.lage == "ersatt" else "efter den genererade texten"
        status = "godkänd" if t.status.godkand else "utkast, inte godkänd"
        text = f"{a.fil}, rad {a.rad}–{a.rader[-1][0]}, {lage} ({status})."
    return [_Hjalp(AVSNITT[nyckel], text, figurer(lb, avsnitt=nyckel))]
