"""The ``vbe`` command line (Swedish user interface).

Each command lives in its own module in this package and registers itself on ``app``
when imported; ``main`` imports the command modules that exist.
"""
from __future__ import annotations

import importlib
import importlib.util

import typer

app = typer.Typer(
    name="vbe",
    help="Rapporter för handlingsplaner mot våldsbejakande extremism: lägesbild och uppföljning per nämnd.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

KOMMANDON = ("rapport", "validera", "exempeldata", "revidera", "sammanstall", "verifiera", "importera", "figurer",
             "godkann")


def _registrera() -> None:
    for namn in KOMMANDON:
        modul = f"{__name__}.{namn}"
        if importlib.util.find_spec(modul) is not None:
            importlib.import_module(modul)


def main() -> None:
    _registrera()
    app()
