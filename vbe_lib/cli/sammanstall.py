"""``vbe sammanstall``: the city-wide summary of a plan year (HTML and PDF).

The summary is built by the batch (:func:`vbe_lib.bygg.batch.bygg`) as a job of the
pseudo-committee ``_stad`` with the notebook ``sammanstallning.ipynb``, so it is
published like a committee's reports: ``<utdata>/<Y>/_stad/sammanstallning-<Y>-stad.html``
and ``.pdf`` with a manifest, written atomically. ``vbe rapport --alla`` builds it too,
through :func:`stadsjobb`.

Exit codes: 0 built (or unchanged), 1 the build failed or the data have errors that
concern a whole file, 2 wrong use (invalid parameters, plan year, missing folders).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import traceback
from pathlib import Path
from typing import Any, Optional

import typer

from vbe_lib.cli import app
from vbe_lib.cli.rapport import _exempeldata, _fel

#: pseudo-committee of the city-wide summary and its notebook kind
STAD = "_stad"
STADSTYP = "sammanstallning"
NOTEBOOK = "sammanstallning.ipynb"


def titel(planar: int) -> str:
    return f"Handlingsplaner mot våldsbejakande extremism {planar}"


def undertitel(planar: int) -> str:
    return f"Stadsövergripande sammanställning {planar}"


def stadsjobb(konf: Any, planar: int, notebook: Path, exempeldata: bool):
    """The summary of plan year ``planar`` as a batch job (also used by ``vbe rapport --alla``)."""
    from vbe_lib.bygg.batch import Jobb

    return Jobb(
        namnd=STAD, planar=planar, notebook=Path(notebook), typ=STADSTYP,
        render={
            "titel": titel(planar),
            "undertitel": undertitel(planar),
            "namnd_namn": konf.kommun.namn,
            "dnr": None,
            "exempeldata": exempeldata,
            "kommun": konf.kommun.namn,
        },
    )


class _AnvandarFel(Exception):
    pass


def _standard_notebooks() -> Path:
    bredvid = Path(__file__).resolve().parents[2] / "notebooks"
    return bredvid if (bredvid / NOTEBOOK).is_file() else Path.cwd() / "notebooks"


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
) -> None:
    """Bygg den stadsövergripande sammanställningen av alla nämnder ett planår (HTML och PDF)."""
    try:
        kod = _kor(ar, data, parametrar, utdata, notebooks, tidsgrans, byggdatum, tving)
    except _AnvandarFel as exc:
        for rad in str(exc).splitlines():
            _fel(f"fel: {rad}")
        kod = 2
    except KeyboardInterrupt:
        _fel("Avbrutet. Tidigare publicerad sammanställning är orörd.")
        kod = 130
    except Exception:  # noqa: BLE001 - never a traceback for the user
        logg = Path(utdata) / "_logg" / f"vbe-sammanstall-{dt.datetime.now():%Y%m%d-%H%M%S}.log"
        with contextlib.suppress(OSError):
            logg.parent.mkdir(parents=True, exist_ok=True)
            logg.write_text(traceback.format_exc(), encoding="utf-8")
        _fel(f"Oväntat fel – sammanställningen kunde inte byggas. Detaljer finns i {logg}.")
        kod = 1
    raise typer.Exit(kod)


def _kor(planar: int, data: Path, parametrar: Path, utdata: Path, notebooks: Path | None, tidsgrans: float,
         byggdatum_text: str | None, tving: bool) -> int:
    from vbe_lib.bygg.batch import bygg, standard_byggdatum
    from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel

    try:
        konf = Konfiguration.las(parametrar)
    except KonfigurationsFel as exc:
        raise _AnvandarFel("\n".join(f"parametrarna: {m}" for m in exc.meddelanden)) from None
    if not konf.planar_giltigt(planar):
        raise _AnvandarFel(f"planår {planar} ligger utanför {konf.kommun.forsta_planar}–"
                           f"{konf.kommun.sista_planar} (kommun.yml).")
    if not data.is_dir():
        raise _AnvandarFel(f"datamappen {data} finns inte – ange den med --data.")
    nb = (notebooks or _standard_notebooks()) / NOTEBOOK
    if not nb.is_file():
        raise _AnvandarFel(f"{nb} finns inte – ange mappen med --notebooks.")
    if byggdatum_text:
        try:
            datum = dt.date.fromisoformat(byggdatum_text)
        except ValueError:
            raise _AnvandarFel(f"--byggdatum '{byggdatum_text}' är inte ett datum ÅÅÅÅ-MM-DD.") from None
    else:
        datum = standard_byggdatum()

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
        namnder = sorted({konf.namnder[p.namnd].kortnamn if p.namnd in konf.namnder else str(p.namnd)
                          for p in problem})
        _fel(f"varning: {len(problem)} fel i indata för {', '.join(namnder)}; de raderna räknas inte med i "
             "sammanställningen (kör 'vbe validera').")

    jobb = [stadsjobb(konf, planar, nb, _exempeldata(data))]
    kw: dict[str, Any] = {"antal_processer": 1, "tidsgrans": tidsgrans, "byggdatum": datum}
    params = inspect.signature(bygg).parameters
    if "konf" in params:
        kw["konf"] = konf
    if "tving" in params:
        kw["tving"] = tving

    def framsteg(slug: str, ar: int, tillstand: str, detalj: str) -> None:
        if tillstand in ("kör", "renderar", "klar"):
            typer.echo(f"Sammanställning {ar}: {tillstand}{f' ({detalj})' if detalj and tillstand == 'klar' else ''}",
                       err=True)

    resultat = bygg(jobb, utdata, data, parametrar, progress_callback=framsteg, **kw)
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
