"""``vbe rapport``: build every chosen committee's reports (HTML and PDF) for a plan year.

Exit codes: 0 all built, 1 some committee failed or was refused, 2 wrong use
(unknown committee, invalid parameters, missing folders or notebooks, an output folder
that cannot be written), 130/143/129 interrupted (Ctrl-C, SIGTERM, SIGHUP: the message
says which committees were published before).

Nothing published is removed without being asked for: a file an earlier build
published that this one does not make is kept and named, ``--rensa`` removes it.

Incremental: a committee whose dependencies are unchanged keeps its published files
(see :mod:`vbe_lib.bygg.batch`); data are validated only when something is to be built,
once per run, and the validated dataset is cached for the notebooks' kernels.
``--tving`` rebuilds everything.

City summary: with ``--alla`` and a ``sammanstallning.ipynb`` in the notebook folder,
the run also builds the city-wide summary as a job of the pseudo-committee ``_stad``
(:mod:`vbe_lib.bygg.rapportjobb`); it depends on every input file.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Optional

import typer

from vbe_lib.bygg.rapportjobb import STADSTYP, TYPER, namnd_jobb, stadsjobb, standard_notebooks, visningsnamn
from vbe_lib.cli import app
from vbe_lib.cli.gemensamt import (AnvandarFel, avbrottsrader, fel as _fel, kontrollera_planar, kontrollera_utdata,
                                   kor_kommando, las_konfiguration, namnlista, publiceringsrader, tolka_byggdatum)
from vbe_lib.indata.datakalla import ar_exempeldata

TILLSTAND_STIL = {
    "väntar": "dim", "kör": "cyan", "renderar": "blue", "klar": "green", "fel": "red", "hoppad": "yellow",
}


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
            msg = konf.okant_namn_meddelande(namn, med_slug=True)
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


#: the dataset read once per run (every plan year's validation and the reports' slices
#: use it); emptied when a run starts, so that a process running several builds (the
#: preview, tests) never plans with the data of an earlier one
_DATASET: dict[str, Any] = {}


def _validera(data: Path, konf, planar: int) -> list[Any] | None:
    """Problems from ``vbe_lib.indata.validera`` if it exists, else None.

    The data are read and validated once per run (for every plan year) and the
    dataset is written to the cache (``data/.cache/``), where the notebooks' kernels
    find it instead of reading and validating again.
    """
    try:
        from vbe_lib.indata.dataset import las_data
        from vbe_lib.indata.validera import validera
    except ImportError:
        return None
    nyckel = str(Path(data).resolve())
    if nyckel not in _DATASET:
        _DATASET[nyckel] = las_data(data, konf, cache=True)
    return list(validera(data, konf, planar, ds=_DATASET[nyckel]))


def _vagrade(problem: list[Any], slugs: list[str], konf) -> dict[str, list[str]]:
    """Committees refused because of errors in the data their reports use: their own and
    their predecessors' rows, and every problem of a whole file of a source they use – a
    row whose committee name is unknown may belong to any committee, so it refuses every
    committee whose reports use that file, not only the one a "menade du" guess names
    (:func:`vbe_lib.indata.problem.problem_for_namnd`). The city summary is refused only
    by errors that concern no single committee."""
    from vbe_lib.indata.problem import problem_for_namnd

    ut: dict[str, list[str]] = {}
    for slug in slugs:
        fel = problem_for_namnd(problem, slug, konf)
        if fel:
            ut[slug] = [str(p) for p in fel]
    return ut


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
    tving: bool = typer.Option(False, "--tving", help="Bygg om allt, även nämnder vars indata, parametrar och kod är oförändrade."),
    rensa: bool = typer.Option(False, "--rensa", help="Ta bort publicerade filer som ett tidigare bygge gjorde men som inte längre byggs (annars ligger de kvar och nämns)."),
) -> None:
    """Bygg nämndernas rapporter (lägesbild, uppföljning, handlingsplan; med --alla också
    stadens sammanställning) som HTML, PDF, Word och Excel, med manifest.

    En nämnd vars indata, parametrar, notebooks, kod och paketversioner är oförändrade
    sedan förra bygget behåller sina publicerade filer (återanvänds); --tving bygger om.
    """
    _LAGE.clear()
    kod = kor_kommando(
        lambda: _kor(ar, namnd or [], alla, data, parametrar, utdata, jobb, tidsgrans, notebooks, byggdatum, tving,
                     rensa, _LAGE),
        namn="rapport", utdata=utdata, vad="rapporterna kunde inte byggas", vid_avbrott=_avbrottsrader)
    raise typer.Exit(kod)


#: what the running command knows so far: the configuration ("konf") and, once the batch
#: has returned, its results ("resultat"), for the message after an interrupt
_LAGE: dict[str, Any] = {}


def _avbrottsrader(a: Any) -> list[str]:
    """After an interrupt: what was published. An interrupt after the batch (while the
    summary is printed) has the batch's results: everything built was published."""
    if a.resultat is None:
        a.resultat = _LAGE.get("resultat")
    return avbrottsrader(a, lambda r: _resultatnamn(_LAGE.get("konf"), r, a.resultat))


def _resultatnamn(konf: Any, r: Any, alla: list[Any] | None) -> str:
    namn = visningsnamn(konf, r.slug) if konf is not None else r.slug
    return f"{namn} {r.planar}" if alla and len({x.planar for x in alla}) > 1 else namn


def _kor(ar: list[int], namnder: list[str], alla: bool, data: Path, parametrar: Path, utdata: Path,
         jobb: int | None, tidsgrans: float, notebooks: Path | None, byggdatum_text: str | None,
         tving: bool = False, rensa: bool = False, konf_ref: dict[str, Any] | None = None) -> int:
    from vbe_lib.bygg.arbetare import karnserver

    # The kernel fork server imports the report libraries for a couple of seconds:
    # start it first, so that this overlaps reading the parameters, planning and
    # validating. It is stopped at once if nothing needs to be built.
    with karnserver() as sokvag:
        return _planera_och_kor(ar, namnder, alla, data, parametrar, utdata, jobb, tidsgrans, notebooks,
                                byggdatum_text, tving, sokvag, rensa, konf_ref if konf_ref is not None else {})


def _notebooks(nbkat: Path, alla: bool) -> dict[str, Path]:
    """The report notebooks of the folder; a missing one is an error (a kind of report
    would otherwise silently not be built)."""
    nbfiler = {t: nbkat / f"{t}.ipynb" for t in TYPER}
    saknas = [p for p in nbfiler.values() if not p.is_file()]
    if alla and not (nbkat / f"{STADSTYP}.ipynb").is_file():
        saknas.append(nbkat / f"{STADSTYP}.ipynb")
    if saknas:
        behovs = [f"{t}.ipynb" for t in TYPER] + ([f"{STADSTYP}.ipynb (med --alla)"] if alla else [])
        raise AnvandarFel("\n".join([f"notebooken {p} finns inte." for p in saknas]
                                    + [f"mappen med --notebooks ska innehålla {namnlista(behovs)}; ingen rapport "
                                       "byggdes och de publicerade är orörda."]))
    return nbfiler


def _planera_och_kor(ar: list[int], namnder: list[str], alla: bool, data: Path, parametrar: Path,
                     utdata: Path, jobb: int | None, tidsgrans: float, notebooks: Path | None,
                     byggdatum_text: str | None, tving: bool, sokvag: str | None, rensa: bool = False,
                     konf_ref: dict[str, Any] | None = None) -> int:
    from vbe_lib.bygg.arbetare import Arbetare, antal_processer_for, starta_arbetarserver
    from vbe_lib.bygg.jobb import Jobb
    from vbe_lib.bygg.planera import planera
    from vbe_lib.bygg.stadning import stada_avbrutna

    if not alla and not namnder:
        raise AnvandarFel("ange --namnd SLUG (en eller flera) eller --alla.")
    _DATASET.clear()
    konf = las_konfiguration(parametrar)
    if konf_ref is not None:
        konf_ref["konf"] = konf
    for planar in ar:
        kontrollera_planar(konf, planar)
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
    nbfiler = _notebooks(nbkat, alla)
    datum = tolka_byggdatum(byggdatum_text)
    kontrollera_utdata(utdata, list(val))
    exempel = ar_exempeldata(data)

    # every job; then what can be reused (file hashes only) and validate only if needed
    allajobb: list[Jobb] = []
    for planar, slugs in val.items():
        for slug in slugs:
            allajobb.extend(namnd_jobb(konf, slug, planar, nbfiler, exempel))
        if alla:
            allajobb.append(stadsjobb(konf, planar, nbkat / f"{STADSTYP}.ipynb", exempel))
    # a build cut off half-way is put right first (all old or all new files), then planned
    stada_avbrutna(utdata)
    plan = planera(allajobb, utdata, data, parametrar, datum, konf, tving, rensa=rensa)
    att_bygga = set(plan.att_bygga)
    if not att_bygga:
        return _bygg_och_sammanfatta(allajobb, [], utdata, data, parametrar, jobb, tidsgrans, datum, konf,
                                     tving, plan, None, rensa)
    # workers and kernel server import in the background while the data are validated
    starta_arbetarserver()
    antal = antal_processer_for(jobb, sum(1 for j in allajobb if (j.planar, j.namnd) in att_bygga))
    with Arbetare(antal, sokvag) as arbetare:
        return _validera_och_bygg(allajobb, att_bygga, utdata, data, parametrar, jobb, tidsgrans, datum, konf,
                                  tving, plan, arbetare, rensa)


def _validera_och_bygg(allajobb, att_bygga, utdata, data, parametrar, jobb, tidsgrans, datum, konf, tving,
                       plan, arbetare, rensa=False) -> int:
    from vbe_lib.bygg.jobb import Resultat

    hoppade: list[Resultat] = []
    vagrade_alla: set[tuple[int, str]] = set()
    for planar in sorted({p for p, _ in att_bygga}):
        slugs = [s for p, s in plan.beroenden if p == planar and (p, s) in att_bygga]
        problem = _validera(data, konf, planar)
        vagrade = _vagrade(problem, slugs, konf) if problem else {}
        for slug, meddelanden in vagrade.items():
            text = (f"{visningsnamn(konf, slug)} ({slug}), planår {planar}: byggs inte på grund av fel i indata "
                    "(kör 'vbe validera' för alla detaljer):\n  " + "\n  ".join(meddelanden[:20]))
            if len(meddelanden) > 20:
                text += f"\n  … och {len(meddelanden) - 20} till."
            typer = [j.typ for j in allajobb if (j.planar, j.namnd) == (planar, slug)]
            hoppade.append(Resultat(slug=slug, planar=planar, typer=typer, status="hoppad",
                                    felmeddelande=text, fel=[{"typ": "indata", "antal": len(meddelanden)}]))
            vagrade_alla.add((planar, slug))
    allajobb = [j for j in allajobb if (j.planar, j.namnd) not in vagrade_alla]
    # the committees' slices of the validated dataset: a report whose rows did not change is reused
    from vbe_lib.bygg.planera import forfina

    forfina(plan, _DATASET.get(str(Path(data).resolve())), konf, tving=tving, rensa=rensa, utdata=utdata)

    for h in hoppade:
        _fel(h.felmeddelande or "")
    return _bygg_och_sammanfatta(allajobb, hoppade, utdata, data, parametrar, jobb, tidsgrans, datum, konf,
                                 tving, plan, arbetare, rensa)


def _bygg_och_sammanfatta(allajobb, hoppade, utdata, data, parametrar, jobb, tidsgrans, datum, konf, tving,
                          plan, arbetare, rensa=False) -> int:
    start = time.perf_counter()
    resultat = _bygg_med_framsteg(allajobb, hoppade, utdata, data, parametrar, jobb, tidsgrans, datum, konf,
                                  tving, plan, arbetare, rensa)
    _LAGE["resultat"] = resultat
    _sammanfattning(resultat, time.perf_counter() - start, konf)
    return 0 if resultat and all(r.status == "klar" for r in resultat) else 1


def _bygg_med_framsteg(allajobb, hoppade, utdata, data, parametrar, jobb, tidsgrans, datum, konf,
                       tving=False, plan=None, arbetare=None, rensa=False):
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from vbe_lib.bygg.batch import bygg

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
            etikett = visningsnamn(konf, slug) + (f" {planar}" if flera_ar else "")
            uppgifter[(planar, slug)] = prog.add_task(etikett, total=1, tillstand="[dim]väntar[/dim]")
        klara: set[tuple[int, str]] = set()
        fel: list[str] = []

        def framsteg(slug: str, planar: int, tillstand: str, detalj: str) -> None:
            t = uppgifter.get((planar, slug))
            if t is None:
                return
            stil = TILLSTAND_STIL.get(tillstand, "")
            text = tillstand + (f" {detalj}" if detalj and tillstand in ("kör", "renderar") else "")
            if tillstand == "klar" and detalj == "återanvänd":
                stil, text = "green", "återanvänd"
            prog.update(t, tillstand=f"[{stil}]{text}[/{stil}]" if stil else text)
            if tillstand in ("klar", "fel") and (planar, slug) not in klara:
                klara.add((planar, slug))
                prog.update(t, completed=1)
                prog.advance(totalt)
                if tillstand == "fel":
                    fel.append(detalj)

        resultat = bygg(allajobb, utdata, data, parametrar, antal_processer=jobb, tidsgrans=tidsgrans,
                        progress_callback=framsteg, byggdatum=datum, hoppade=hoppade, konf=konf, tving=tving,
                        plan=plan, arbetare=arbetare, rensa=rensa)
    return resultat


def _sammanfattning(resultat, sekunder: float, konf) -> None:
    from rich.console import Console
    from rich.table import Table

    from vbe_lib.presentation.fmt import tal

    konsol = Console(highlight=False)
    for r in resultat:
        if r.status == "fel" and r.felmeddelande:
            for rad in r.felmeddelande.splitlines():
                _fel(f"fel: {rad}")
    _undanhallna(resultat, konf, konsol)
    _texter(resultat, konf, konsol)
    publiceringsrader(resultat, lambda r: visningsnamn(konf, r.slug), konsol)
    tabell = Table(title="Sammanfattning", title_justify="left")
    tabell.add_column("Nämnd")
    tabell.add_column("Planår", justify="right")
    tabell.add_column("Status")
    tabell.add_column("Sekunder", justify="right")
    tabell.add_column("Filer")
    for r in sorted(resultat, key=lambda r: (r.planar, r.status == "klar", r.slug)):
        namn = visningsnamn(konf, r.slug)
        stil = TILLSTAND_STIL.get(r.status, "")
        filer = "\n".join(str(p) for p in r.filer if p.suffix in (".html", ".pdf")) or "–"
        status = "återanvänd" if getattr(r, "ateranvand", False) else r.status
        tabell.add_row(namn, str(r.planar), f"[{stil}]{status}[/{stil}]", tal(r.sekunder, 1), filer)
    konsol.print(tabell)
    konsol.print(sammanfattningsrad(resultat, sekunder, konf))


def _undanhallna(resultat, konf, konsol) -> None:
    """Tell the coordinator which texts were withheld, so that they can be reviewed
    in the source files (the report itself only says how many)."""
    from rich.markup import escape

    from vbe_lib.integritet.logg import undanhallna_rader
    from vbe_lib.presentation.fmt import antal_ord

    for r in sorted(resultat, key=lambda r: (r.planar, r.slug)):
        rader = undanhallna_rader(getattr(r, "varningar", []) or [])
        if not rader:
            continue
        n = len(rader)
        konsol.print(f"[yellow]{escape(visningsnamn(konf, r.slug))}, planår {r.planar}: "
                     f"{antal_ord(n, 'text', 'texter')} undanhölls i rapporterna eftersom "
                     f"{'den' if n == 1 else 'de'} kunde innehålla personuppgifter. Granska i källfilerna:[/yellow]")
        for rad in rader:
            konsol.print(f"  {escape(rad)}", soft_wrap=True)


def _texter(resultat, konf, konsol) -> None:
    """The approval state of the committees' own texts (built reports only: a reused
    report's state is in its manifest): why a report is marked "Utkast", and which cited
    figures changed since the text was approved."""
    from rich.markup import escape

    from vbe_lib.indata.texter import textrader

    godkanda = 0
    for r in sorted(resultat, key=lambda r: (r.planar, r.slug)):
        rader = textrader(getattr(r, "varningar", []) or [])
        if rader and all(rad.startswith("godkänd:") for rad in rader):
            godkanda += 1  # approved and current: counted, not listed
            continue
        for rad in rader:
            stil = "yellow" if rad.startswith("utkast:") else "green"
            konsol.print(f"[{stil}]{escape(visningsnamn(konf, r.slug))}, planår {r.planar}: {escape(rad)}[/{stil}]",
                         soft_wrap=True)
    if godkanda:
        from vbe_lib.presentation.fmt import antal_ord

        konsol.print(f"[green]Texterna är godkända och aktuella i {antal_ord(godkanda, 'byggd nämnd', 'byggda nämnder')}.[/green]")


def sammanfattningsrad(resultat, sekunder: float, konf=None) -> str:
    """'18 av 18 nämnder klara på 3,1 s: 1 byggd, 17 återanvända. Rapporter: 2 byggda,
    53 återanvända.' (the reports: when the results say which were executed; a committee
    counts as built when any of its reports was) (and, when a report
    carries a committee text that is not approved, which are marked "Utkast")."""
    from vbe_lib.presentation.fmt import antal_ord, tal

    klar = sum(r.status == "klar" for r in resultat)
    ateranvanda = sum(r.status == "klar" and getattr(r, "ateranvand", False) for r in resultat)
    byggda = klar - ateranvanda
    ovriga = len(resultat) - klar
    text = (f"{tal(klar)} av {antal_ord(len(resultat), 'nämnd', 'nämnder')} {'klar' if klar == 1 else 'klara'} "
            f"på {tal(sekunder, 1)} s")
    text += f": {antal_ord(byggda, 'byggd', 'byggda')}, {antal_ord(ateranvanda, 'återanvänd', 'återanvända')}"
    if ovriga:
        text += f"; {tal(ovriga)} misslyckades eller hoppades över."
    else:
        text += "."
    klara = [r for r in resultat if r.status == "klar"]
    if any(getattr(r, "byggda_rapporter", None) or getattr(r, "ateranvanda_rapporter", None) for r in klara):
        rb = sum(len(getattr(r, "byggda_rapporter", []) or []) for r in klara)
        ra = sum(len(getattr(r, "ateranvanda_rapporter", []) or []) for r in klara)
        text += (f" Rapporter: {antal_ord(rb, 'byggd', 'byggda')}, "
                 f"{antal_ord(ra, 'återanvänd', 'återanvända')}.")
    from vbe_lib.bygg.godkannande import textstatus_for

    utkast = [r for r in resultat if r.status == "klar" and textstatus_for(r) == "utkast"]
    if utkast:
        namn = [visningsnamn(konf, r.slug) if konf is not None else r.slug for r in utkast]
        text += (f" Märkta Utkast (nämndens text saknar giltigt godkännande): {', '.join(namn)}."
                 if len(namn) > 1 else f" Märkt Utkast (nämndens text saknar giltigt godkännande): {namn[0]}.")
    return text
