"""``vbe rapport``: build every chosen committee's reports (HTML and PDF) for a plan year.

Exit codes: 0 all built, 1 some committee failed or was refused, 2 wrong use
(unknown committee, invalid parameters, missing folders).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Optional

import typer

from vbe_lib.cli import app

#: notebook kinds, in build order; a kind is built when its notebook exists
TYPER = ("lagesbild", "uppfoljning")
TILLSTAND_STIL = {
    "väntar": "dim", "kör": "cyan", "renderar": "blue", "klar": "green", "fel": "red", "hoppad": "yellow",
}


class AnvandarFel(Exception):
    """Wrong use of the command: Swedish message, exit code 2."""


def undertitel(typ: str, planar: int) -> str:
    if typ == "uppfoljning":
        return f"Bilaga: Uppföljning av handlingsplan {planar - 1}"
    return f"Bilaga: Lägesbild {planar}"


def standard_notebooks() -> Path:
    """The repository's ``notebooks/``: next to the package, else in the working directory."""
    bredvid = Path(__file__).resolve().parents[2] / "notebooks"
    if (bredvid / "lagesbild.ipynb").is_file():
        return bredvid
    return Path.cwd() / "notebooks"


def _exempeldata(data: Path) -> bool:
    """True when ``datakalla.yml`` says so (or cannot be read: better safe)."""
    fil = data / "datakalla.yml"
    if not fil.is_file():
        return False
    try:
        import yaml

        innehall = yaml.safe_load(fil.read_text(encoding="utf-8")) or {}
        v = innehall.get("exempeldata", False) if isinstance(innehall, dict) else True
        return v if isinstance(v, bool) else True
    except Exception:  # noqa: BLE001
        return True


def _ar_text(ar: list[int]) -> str:
    """'2007–2023' or '2007–2019, 2021'."""
    if not ar:
        return "inga"
    delar, start, forra = [], ar[0], ar[0]
    for a in ar[1:] + [None]:  # type: ignore[list-item]
        if a is not None and a == forra + 1:
            forra = a
            continue
        delar.append(str(start) if start == forra else f"{start}–{forra}")
        if a is not None:
            start = forra = a
    return ", ".join(delar)


def valj_namnder(konf, namnder: list[str], alla: bool, planar: int) -> list[str]:
    """Slugs to build for ``planar``; raises :class:`AnvandarFel` with every problem."""
    if alla:
        return [n.slug for n in konf.namnder_planar(planar)]
    fel: list[str] = []
    slugs: list[str] = []
    for namn in namnder:
        slug = konf.hitta(namn)
        if slug is None:
            msg = konf.okant_namn_meddelande(namn)
            fel.append(msg if msg.endswith(("?", ".")) else msg + ".")
            continue
        n = konf.namnder[slug]
        if not n.finns_planar(planar):
            ar = [a for a in range(konf.kommun.forsta_planar, konf.kommun.sista_planar + 1) if n.finns_planar(a)]
            msg = f"{n.namn} ({slug}) finns inte planår {planar}; den finns planåren {_ar_text(ar)}"
            ny = konf.efterfoljare_planar(slug, planar)
            if ny and ny != slug:
                msg += f" – använd '{ny}' ({konf.namnder[ny].namn})"
            fel.append(msg + ".")
            continue
        if slug not in slugs:
            slugs.append(slug)
    if fel:
        raise AnvandarFel("\n".join(fel))
    return slugs


def _validera(data: Path, konf, planar: int) -> list[Any] | None:
    """Problems from ``vbe_lib.validation.validera`` if it exists, else None."""
    try:
        from vbe_lib.validation import validera
    except ImportError:
        return None
    return list(validera(data, konf, planar))


def _vagrade(problem: list[Any], slugs: list[str], konf) -> dict[str, list[str]]:
    """Committees refused because of errors in their data (or in a whole file)."""
    ut: dict[str, list[str]] = {}
    for slug in slugs:
        linje = set(konf.linje(slug))
        fel = [p for p in problem if getattr(p, "allvarlighet", "fel") == "fel"
               and (getattr(p, "namnd", None) is None or p.namnd in linje)]
        if fel:
            ut[slug] = [str(p) for p in fel]
    return ut


def _loggfil(utdata: Path) -> Path:
    stampel = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for katalog in (utdata / "_logg", Path(tempfile.gettempdir())):
        try:
            katalog.mkdir(parents=True, exist_ok=True)
            fil = katalog / f"vbe-rapport-{stampel}-{os.getpid()}.log"
            fil.touch()
            return fil
        except OSError:
            continue
    return Path(tempfile.gettempdir()) / "vbe-rapport.log"


@app.command("rapport")
def rapport_kommando(
    ar: list[int] = typer.Option(..., "--ar", help="Planår (t.ex. 2021). Kan anges flera gånger."),
    namnd: Optional[list[str]] = typer.Option(None, "--namnd", help="Nämnd (slug eller namn). Kan anges flera gånger."),
    alla: bool = typer.Option(False, "--alla", help="Alla nämnder som finns under planåret."),
    data: Path = typer.Option(Path("data"), "--data", help="Mappen med indata."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar", help="Mappen med kommun.yml och namnder/."),
    utdata: Path = typer.Option(Path("outputs"), "--utdata", help="Mappen där rapporterna hamnar."),
    jobb: Optional[int] = typer.Option(None, "--jobb", min=1, help="Antal parallella processer (standard: antal kärnor)."),
    tidsgrans: float = typer.Option(600, "--tidsgrans", min=1, help="Tidsgräns i sekunder per notebookcell."),
    notebooks: Optional[Path] = typer.Option(None, "--notebooks", help="Mappen med lagesbild.ipynb (standard: projektets notebooks/)."),
    byggdatum: Optional[str] = typer.Option(None, "--byggdatum", help="Datum i rapporten, ÅÅÅÅ-MM-DD (standard: SOURCE_DATE_EPOCH eller i dag)."),
) -> None:
    """Bygg lägesbild (och uppföljning) som HTML och PDF per nämnd, med manifest."""
    loggfil: Path | None = None
    try:
        kod = _kor(ar, namnd or [], alla, data, parametrar, utdata, jobb, tidsgrans, notebooks, byggdatum)
    except AnvandarFel as exc:
        for rad in str(exc).splitlines():
            _fel(f"fel: {rad}")
        kod = 2
    except KeyboardInterrupt:
        _fel("Avbrutet. Tidigare publicerade rapporter är orörda.")
        kod = 130
    except Exception:  # noqa: BLE001 - never a traceback for the user
        loggfil = _loggfil(utdata)
        with contextlib.suppress(OSError):
            loggfil.write_text(traceback.format_exc(), encoding="utf-8")
        _fel(f"Oväntat fel – rapporterna kunde inte byggas. Detaljer finns i {loggfil}.")
        kod = 1
    raise typer.Exit(kod)


def _kor(ar: list[int], namnder: list[str], alla: bool, data: Path, parametrar: Path, utdata: Path,
         jobb: int | None, tidsgrans: float, notebooks: Path | None, byggdatum_text: str | None) -> int:
    from vbe_lib.batch import Jobb, Resultat, bygg, standard_byggdatum
    from vbe_lib.config import Konfiguration, KonfigurationsFel

    if not alla and not namnder:
        raise AnvandarFel("ange --namnd SLUG (en eller flera) eller --alla.")
    try:
        konf = Konfiguration.las(parametrar)
    except KonfigurationsFel as exc:
        raise AnvandarFel("\n".join(f"parametrarna: {m}" for m in exc.meddelanden)) from None
    for planar in ar:
        if not konf.planar_giltigt(planar):
            raise AnvandarFel(f"planår {planar} ligger utanför {konf.kommun.forsta_planar}–"
                              f"{konf.kommun.sista_planar} (kommun.yml).")
    val: dict[int, list[str]] = {}
    fel: list[str] = []
    for planar in ar:
        try:
            val[planar] = valj_namnder(konf, namnder, alla, planar)
        except AnvandarFel as exc:
            fel.extend(r for r in str(exc).splitlines() if r not in fel)
    if fel:
        raise AnvandarFel("\n".join(fel))
    if not data.is_dir():
        raise AnvandarFel(f"datamappen {data} finns inte – ange den med --data.")
    nbkat = notebooks or standard_notebooks()
    nbfiler = {t: nbkat / f"{t}.ipynb" for t in TYPER if (nbkat / f"{t}.ipynb").is_file()}
    if "lagesbild" not in nbfiler:
        raise AnvandarFel(f"{nbkat / 'lagesbild.ipynb'} finns inte – ange mappen med --notebooks.")
    if byggdatum_text:
        try:
            datum = dt.date.fromisoformat(byggdatum_text)
        except ValueError:
            raise AnvandarFel(f"--byggdatum '{byggdatum_text}' är inte ett datum ÅÅÅÅ-MM-DD.") from None
    else:
        datum = standard_byggdatum()
    exempel = _exempeldata(data)

    # validate data before executing anything
    hoppade: list[Resultat] = []
    allajobb: list[Jobb] = []
    for planar, slugs in val.items():
        problem = _validera(data, konf, planar)
        vagrade = _vagrade(problem, slugs, konf) if problem else {}
        for slug, meddelanden in vagrade.items():
            n = konf.namnder[slug]
            text = (f"{n.namn} ({slug}), planår {planar}: byggs inte på grund av fel i indata "
                    "(kör 'vbe validera' för alla detaljer):\n  " + "\n  ".join(meddelanden[:20]))
            if len(meddelanden) > 20:
                text += f"\n  … och {len(meddelanden) - 20} till."
            hoppade.append(Resultat(slug=slug, planar=planar, typer=list(nbfiler), status="hoppad",
                                    felmeddelande=text, fel=[{"typ": "indata", "antal": len(meddelanden)}]))
        for slug in slugs:
            if slug in vagrade:
                continue
            n = konf.namnder[slug]
            for typ, nb in nbfiler.items():
                allajobb.append(Jobb(
                    namnd=slug, planar=planar, notebook=nb, typ=typ,
                    render={
                        "titel": f"Handlingsplan mot våldsbejakande extremism {planar}",
                        "undertitel": undertitel(typ, planar),
                        "namnd_namn": n.namn,
                        "dnr": konf.dnr(slug, planar),
                        "exempeldata": exempel,
                        "kommun": konf.kommun.namn,
                    },
                ))

    for h in hoppade:
        _fel(h.felmeddelande or "")
    start = time.perf_counter()
    resultat = _bygg_med_framsteg(allajobb, hoppade, utdata, data, parametrar, jobb, tidsgrans, datum, konf)
    _sammanfattning(resultat, time.perf_counter() - start, konf)
    return 0 if resultat and all(r.status == "klar" for r in resultat) else 1


def _bygg_med_framsteg(allajobb, hoppade, utdata, data, parametrar, jobb, tidsgrans, datum, konf):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from vbe_lib.batch import bygg

    konsol = Console(stderr=True, highlight=False)
    nycklar: list[tuple[int, str]] = []
    for j in allajobb:
        if (j.planar, j.namnd) not in nycklar:
            nycklar.append((j.planar, j.namnd))
    flera_ar = len({k[0] for k in nycklar}) > 1
    with Progress(
        TextColumn("{task.description}"), BarColumn(bar_width=20), TextColumn("{task.fields[tillstand]}"),
        TimeElapsedColumn(), console=konsol, transient=False, disable=not nycklar,
    ) as prog:
        totalt = prog.add_task("[bold]Alla nämnder[/bold]", total=len(nycklar), tillstand="")
        uppgifter = {}
        for planar, slug in nycklar:
            etikett = konf.namnder[slug].namn + (f" {planar}" if flera_ar else "")
            uppgifter[(planar, slug)] = prog.add_task(etikett, total=1, tillstand="[dim]väntar[/dim]")
        klara: set[tuple[int, str]] = set()
        fel: list[str] = []

        def framsteg(slug: str, planar: int, tillstand: str, detalj: str) -> None:
            t = uppgifter.get((planar, slug))
            if t is None:
                return
            stil = TILLSTAND_STIL.get(tillstand, "")
            text = tillstand + (f" {detalj}" if detalj and tillstand in ("kör", "renderar") else "")
            prog.update(t, tillstand=f"[{stil}]{text}[/{stil}]" if stil else text)
            if tillstand in ("klar", "fel") and (planar, slug) not in klara:
                klara.add((planar, slug))
                prog.update(t, completed=1)
                prog.advance(totalt)
                if tillstand == "fel":
                    fel.append(detalj)

        resultat = bygg(allajobb, utdata, data, parametrar, antal_processer=jobb, tidsgrans=tidsgrans,
                        progress_callback=framsteg, byggdatum=datum, hoppade=hoppade)
    return resultat


def _sammanfattning(resultat, sekunder: float, konf) -> None:
    from rich.console import Console
    from rich.table import Table

    konsol = Console(highlight=False)
    for r in resultat:
        if r.status == "fel" and r.felmeddelande:
            for rad in r.felmeddelande.splitlines():
                _fel(f"fel: {rad}")
    tabell = Table(title="Sammanfattning", title_justify="left")
    tabell.add_column("Nämnd")
    tabell.add_column("Planår", justify="right")
    tabell.add_column("Status")
    tabell.add_column("Sekunder", justify="right")
    tabell.add_column("Filer")
    for r in sorted(resultat, key=lambda r: (r.planar, r.status == "klar", r.slug)):
        namn = konf.namnder[r.slug].namn if r.slug in konf.namnder else r.slug
        stil = TILLSTAND_STIL.get(r.status, "")
        filer = "\n".join(str(p) for p in r.filer if p.suffix in (".html", ".pdf")) or "–"
        tabell.add_row(namn, str(r.planar), f"[{stil}]{r.status}[/{stil}]",
                       f"{r.sekunder:.1f}".replace(".", ","), filer)
    konsol.print(tabell)
    klar = sum(r.status == "klar" for r in resultat)
    ovriga = len(resultat) - klar
    text = f"{klar} av {len(resultat)} nämnder klara på {sekunder:.1f} s".replace(".", ",")
    if ovriga:
        text += f"; {ovriga} misslyckades eller hoppades över."
    else:
        text += "."
    konsol.print(text)


def _fel(text: str) -> None:
    try:
        from rich.console import Console
        from rich.markup import escape

        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]{escape(text)}[/red]")
    except Exception:  # noqa: BLE001
        print(text, file=sys.stderr)
