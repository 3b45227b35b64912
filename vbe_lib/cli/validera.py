"""``vbe validera``: check the input data and print one Swedish line per problem."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from vbe_lib.cli import app


@app.command("validera")
def validera_kommando(
    ar: Optional[int] = typer.Option(None, "--ar", help="Planår att kontrollera (t.ex. 2021). "
                                     "Utan --ar kontrolleras alla filer men inga planårskrav."),
    data: Path = typer.Option(Path("data"), "--data", help="Mappen med indata."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar", help="Mappen med kommun.yml och namnder/."),
) -> None:
    """Kontrollera indata: en rad per problem, fel först. Avslutas med kod 1 om något fel finns."""
    from vbe_lib.cli.gemensamt import kor_kommando

    kod = kor_kommando(lambda: _kor(ar, data, parametrar), namn="validera", utdata=None,
                       vad="kontrollen kunde inte göras")
    raise typer.Exit(kod)


def _kor(ar: int | None, data: Path, parametrar: Path) -> int:
    farg = sys.stdout.isatty()
    try:
        from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel
        from vbe_lib.indata.dataset import _hasha_filer
        from vbe_lib.indata.validera import sammanfattning, validera

        try:
            konf = Konfiguration.las(parametrar)
        except KonfigurationsFel as exc:
            for m in exc.meddelanden:
                _skriv(f"fel i parametrarna: {m}", "red" if farg else None)
            _skriv(f"{len(exc.meddelanden)} fel i parametrarna ({parametrar}).")
            return 1
        if not data.is_dir():
            _skriv(f"{data}: datamappen finns inte – ange den med --data.", "red" if farg else None)
            return 1
        problem = validera(data, konf, ar, personuppgifter=True)
        for p in problem:
            _skriv(str(p), ("red" if p.ar_fel else "yellow") if farg else None)
        antal = len(_hasha_filer(data))
        _skriv(sammanfattning(problem, antal), ("bold" if farg else None))
        return 1 if any(p.ar_fel for p in problem) else 0
    except Exception as exc:  # noqa: BLE001 – never a traceback for the user
        _skriv(f"Oväntat fel vid kontrollen ({type(exc).__name__}: {exc}). Kontrollera filerna i {data} "
               "och rapportera felet om det består.")
        return 1


def _skriv(text: str, stil: str | None = None) -> None:
    if stil:
        try:
            from rich.console import Console
            from rich.markup import escape

            Console(highlight=False, soft_wrap=True).print(f"[{stil}]{escape(text)}[/{stil}]")
            return
        except Exception:  # noqa: BLE001
            pass
    typer.echo(text)
