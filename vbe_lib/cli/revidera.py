"""``vbe revidera``: write next year's activity files with the unfinished activities."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vbe_lib.cli import app


@app.command("revidera")
def revidera_kommando(
    ar: int = typer.Option(..., "--ar", help="Planåret som revideras (Y); filerna för Y+1 skrivs."),
    namnd: Optional[list[str]] = typer.Option(
        None, "--namnd", help="Nämnd (slug eller namn); kan anges flera gånger."),
    alla: bool = typer.Option(False, "--alla", help="Alla nämnder med en handlingsplan för året."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Ersätt filer som redan finns."),
    data: Path = typer.Option(Path("data"), "--data", help="Datakatalogen."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar", help="Parameterkatalogen."),
) -> None:
    """För över ej genomförda aktiviteter från handlingsplan ÅR till handlingsplan ÅR+1.

    Status och kommentar töms, Ursprung behålls och Historik får en rad med förra årets
    status. Sammanslagna nämnder för över sina aktiviteter till efterföljaren. En fil som
    redan finns ersätts bara med --skriv-over.
    """
    from vbe_lib.cli.gemensamt import kor_kommando

    kod = kor_kommando(lambda: _kor(ar, namnd, alla, skriv_over, data, parametrar), namn="revidera", utdata=None,
                       vad="filerna för nästa år kunde inte skrivas")
    raise typer.Exit(kod)


def _kor(ar: int, namnd: list[str] | None, alla: bool, skriv_over: bool, data: Path, parametrar: Path) -> int:
    from vbe_lib.indata.revidera import RevideringsFel, revidera
    from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel

    if bool(namnd) == alla:
        typer.echo("Ange antingen --namnd SLUG (en eller flera gånger) eller --alla.", err=True)
        raise typer.Exit(2)
    try:
        konf = Konfiguration.las(parametrar)
    except KonfigurationsFel as e:
        for m in e.meddelanden:
            typer.echo(m, err=True)
        raise typer.Exit(1) from None
    if not (data / "aktiviteter" / str(ar)).is_dir():
        typer.echo(f"Det finns inga aktivitetsfiler för handlingsplan {ar} "
                   f"(mappen {data / 'aktiviteter' / str(ar)} saknas).", err=True)
        raise typer.Exit(1)
    try:
        resultat = revidera(data, konf, ar, None if alla else list(namnd), skriv_over=skriv_over)
    except RevideringsFel as e:
        for m in e.meddelanden:
            typer.echo(m, err=True)
        raise typer.Exit(1) from None
    for r in resultat:
        typer.echo(r.text())
    from vbe_lib.presentation.fmt import tal

    skrivna = sum(r.utfall == "skriven" for r in resultat)
    stoppade = [r for r in resultat if not r.ok]
    typer.echo(f"Klart: {tal(skrivna)} av {tal(len(resultat))} {'nämnds' if len(resultat) == 1 else 'nämnders'} "
               f"filer för handlingsplan {ar + 1} skrevs" + (f"; {tal(len(stoppade))} stoppades." if stoppade else "."))
    return 1 if stoppade else 0
