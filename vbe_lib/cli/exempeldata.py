"""``vbe exempeldata``: write the fictitious example data (issue 3, part 5)."""
from __future__ import annotations

from pathlib import Path

import typer

from vbe_lib.cli import app
from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel
from vbe_lib.exempeldata import STANDARDFRO, ExempeldataFel, generera


@app.command("exempeldata")
def exempeldata(
    data: Path = typer.Option(Path("data"), "--data", help="Mapp som exempeldata skrivs till."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar",
                                    help="Mapp med kommun.yml och namnder/ (nämndernas inställningar)."),
    seed: int = typer.Option(STANDARDFRO, "--seed", help="Frö för slumptalen; samma frö ger samma filer."),
    exporter: Path = typer.Option(None, "--exporter", help="Skriv i stället fiktiva exporter (som källorna "
                                  "lämnar dem) av exempeldata i --data till den här mappen, för vbe importera."),
) -> None:
    """Skapa fiktiva exempeldata för alla nämnder och år (samma frö ger byte för byte samma filer)."""
    try:
        konf = Konfiguration.las(parametrar)
    except KonfigurationsFel as fel:
        for rad in fel.meddelanden:
            typer.echo(f"Fel i inställningarna: {rad}", err=True)
        raise typer.Exit(1) from None
    if exporter is not None:
        from vbe_lib.exempeldata.exporter import generera_exporter

        if not (data / "brott.csv").is_file():
            typer.echo(f"Fel: {data} har inga exempeldata att göra exporter av (brott.csv saknas).", err=True)
            raise typer.Exit(1)
        try:
            filer = generera_exporter(exporter, data, konf, seed)
        except OSError as fel:
            typer.echo(f"Fel: kunde inte skriva exporterna till {exporter}: {fel.strerror or fel}.", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"Skrev {len(filer)} fiktiva exporter till {exporter}/ (frö {seed}); se {exporter}/LÄSMIG.md.")
        return
    try:
        filer = generera(data, konf, seed)
    except ExempeldataFel as fel:
        typer.echo(f"Fel: {fel}", err=True)
        raise typer.Exit(1) from None
    except OSError as fel:
        typer.echo(f"Fel: kunde inte skriva exempeldata till {data}: {fel.strerror or fel}.", err=True)
        raise typer.Exit(1) from None
    from vbe_lib.presentation.fmt import antal_ord

    typer.echo(f"Skrev {antal_ord(len(filer), 'fil', 'filer')} med fiktiva exempeldata till {data}/ (frö {seed}).")
