"""Helpers shared by the command modules (so that no command imports another)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any


class AnvandarFel(Exception):
    """Wrong use of a command: Swedish message, exit code 2."""


def fel(text: str) -> None:
    """Print a Swedish error line to stderr (red on a terminal)."""
    try:
        from rich.console import Console
        from rich.markup import escape

        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]{escape(text)}[/red]")
    except Exception:  # noqa: BLE001
        print(text, file=sys.stderr)


def las_konfiguration(parametrar: Path) -> Any:
    """``Konfiguration.las``; problems become :class:`AnvandarFel` (one line each)."""
    from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel

    try:
        return Konfiguration.las(parametrar)
    except KonfigurationsFel as exc:
        raise AnvandarFel("\n".join(f"parametrarna: {m}" for m in exc.meddelanden)) from None


def kontrollera_planar(konf: Any, planar: int) -> None:
    if not konf.planar_giltigt(planar):
        raise AnvandarFel(f"planår {planar} ligger utanför {konf.kommun.forsta_planar}–"
                          f"{konf.kommun.sista_planar} (kommun.yml).")


def tolka_byggdatum(text: str | None) -> dt.date:
    """``--byggdatum ÅÅÅÅ-MM-DD``, or SOURCE_DATE_EPOCH / today when not given."""
    from vbe_lib.parametrar.byggdatum import standard_byggdatum

    if not text:
        return standard_byggdatum()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise AnvandarFel(f"--byggdatum '{text}' är inte ett datum ÅÅÅÅ-MM-DD.") from None


def namnd_for_ar(konf: Any, namn: str, planar: int) -> str:
    """The slug of a committee (slug or any name) that writes a plan for ``planar``;
    :class:`AnvandarFel` with a suggestion otherwise."""
    slug = konf.hitta(namn)
    if slug is None:
        msg = konf.okant_namn_meddelande(namn)
        raise AnvandarFel(msg if msg.endswith(("?", ".")) else msg + ".")
    n = konf.namnder[slug]
    if not n.finns_planar(planar):
        ny = konf.efterfoljare_planar(slug, planar)
        tips = f" – använd '{ny}' ({konf.namnder[ny].namn})" if ny and ny != slug else ""
        raise AnvandarFel(f"{n.namn} ({slug}) har ingen handlingsplan för {planar}{tips}.")
    return slug
