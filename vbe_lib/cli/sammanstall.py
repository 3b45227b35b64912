"""``vbe sammanstall``: the city-wide summary of a plan year (HTML and PDF).

The summary is built by the batch (:func:`vbe_lib.bygg.batch.bygg`) as a job of the
pseudo-committee ``_stad`` with the notebook ``sammanstallning.ipynb``, so it is
published like a committee's reports: ``<utdata>/<Y>/_stad/sammanstallning-<Y>-stad.html``
and ``.pdf`` with a manifest, written atomically. ``vbe rapport --alla`` builds it too,
through the same job (:func:`vbe_lib.bygg.rapportjobb.stadsjobb`).

Exit codes: 0 built (or unchanged), 1 the build failed or the data have errors that
concern a whole file, 2 wrong use (invalid parameters, plan year, missing folders).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vbe_lib.bygg.rapportjobb import STADSTYP, stadsjobb, standard_notebooks
from vbe_lib.cli import app
from vbe_lib.cli.gemensamt import (AnvandarFel, avbrottsrader, fel as _fel, kontrollera_planar, kontrollera_utdata,
                                   kor_kommando, las_konfiguration, publiceringsrader, tolka_byggdatum)
from vbe_lib.indata.datakalla import ar_exempeldata

NOTEBOOK = f"{STADSTYP}.ipynb"


@app.command("sammanstall")
def sammanstall_kommando(
    ar: int = typer.Option(..., "--ar", help="Planår (t.ex. 2021)."),
    data: Path = typer.Option(Path("data"), "--data", help="Mappen med indata."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar", help="Mappen med kommun.yml och namnder/."),
    utdata: Path = typer.Option(Path("outputs"), "--utdata", help="Mappen där rapporterna hamnar."),
    notebooks: Optional[Path] = typer.Option(None, "--notebooks",
                                             help="Mappen med sammanstallning.ipynb (standard: projektets notebooks/)."),
    tidsgrans: float = typer.Option(600, "--tidsgrans", min=1, help="Tidsgräns i sekunder per notebookcell."),
    byggdatum: Optional[str] = typer.Option(None, "--byggdatum",
                                            help="Datum i rapporten, ÅÅÅÅ-MM-DD (standard: SOURCE_DATE_EPOCH eller i dag)."),
    tving: bool = typer.Option(False, "--tving", help="Bygg om även om indata, parametrar och kod är oförändrade."),
    rensa: bool = typer.Option(False, "--rensa", help="Ta bort publicerade filer som ett tidigare bygge gjorde men som inte längre byggs."),
) -> None:
    """Bygg den stadsövergripande sammanställningen av alla nämnder ett planår (HTML och PDF)."""
    kod = kor_kommando(lambda: _kor(ar, data, parametrar, utdata, notebooks, tidsgrans, byggdatum, tving, rensa),
                       namn="sammanstall", utdata=utdata, vad="sammanställningen kunde inte byggas",
                       vid_avbrott=lambda a: avbrottsrader(a, lambda r: "sammanställningen", "sammanställningar"))
    raise typer.Exit(kod)


def _kor(planar: int, data: Path, parametrar: Path, utdata: Path, notebooks: Path | None, tidsgrans: float,
         byggdatum_text: str | None, tving: bool, rensa: bool = False) -> int:
    from vbe_lib.bygg.batch import bygg

    konf = las_konfiguration(parametrar)
    kontrollera_planar(konf, planar)
    if not data.is_dir():
        raise AnvandarFel(f"datamappen {data} finns inte – ange den med --data.")
    nb = (notebooks or standard_notebooks()) / NOTEBOOK
    if not nb.is_file():
        raise AnvandarFel(f"{nb} finns inte – ange mappen med --notebooks.")
    datum = tolka_byggdatum(byggdatum_text)
    kontrollera_utdata(utdata, [planar])

    # Validate once. Errors in a whole file stop the summary; errors that concern single
    # committees are reported (those rows are left out, as in the committees' reports).
    from vbe_lib.indata.validera import validera

    problem = [p for p in validera(data, konf, planar) if p.ar_fel]
    hela = [p for p in problem if getattr(p, "namnd", None) is None]
    if hela:
        for p in hela[:20]:
            _fel(f"fel: {p}")
        _fel(f"Sammanställningen för {planar} byggs inte på grund av fel i indata (kör 'vbe validera' för alla "
             "detaljer).")
        return 1
    if problem:
        from vbe_lib.presentation.fmt import tal

        namnder = sorted({konf.namnder[p.namnd].kortnamn if p.namnd in konf.namnder else str(p.namnd)
                          for p in problem})
        _fel(f"varning: {tal(len(problem))} fel i indata för {', '.join(namnder)}; de raderna räknas inte med i "
             "sammanställningen (kör 'vbe validera').")

    jobb = [stadsjobb(konf, planar, nb, ar_exempeldata(data))]

    def framsteg(slug: str, ar: int, tillstand: str, detalj: str) -> None:
        if tillstand in ("kör", "renderar", "klar"):
            typer.echo(f"Sammanställning {ar}: {tillstand}{f' ({detalj})' if detalj and tillstand == 'klar' else ''}",
                       err=True)

    resultat = bygg(jobb, utdata, data, parametrar, progress_callback=framsteg, antal_processer=1,
                    tidsgrans=tidsgrans, byggdatum=datum, konf=konf, tving=tving, rensa=rensa)
    from rich.console import Console

    publiceringsrader(resultat, lambda r: "Sammanställningen", Console(stderr=True, highlight=False))
    kod = 0
    for r in resultat:
        if r.status == "klar":
            for f in r.filer:
                if Path(f).suffix in (".html", ".pdf", ".docx", ".xlsx"):
                    typer.echo(str(f))
        else:
            kod = 1
            for rad in (r.felmeddelande or "okänt fel").splitlines():
                _fel(f"fel: {rad}")
    return kod
