"""Swedish for Typer's command-line layer: usage errors (a missing option, an invalid
value, an unknown option or command) are written from the error's own data, not by
translating English text, and the help screen's standard words are Swedish.

:class:`SvenskGrupp` is the ``vbe`` command group; :func:`svenska_kommandon` gives every
registered command the Swedish help option and usage line (also commands added later,
e.g. by a new module in this package). Unknown kinds of error keep Typer's text.
"""
from __future__ import annotations

import inspect
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

FLAGGOR = "[FLAGGOR]"
UNDERKOMMANDO = "KOMMANDO [ARGUMENT]..."
HJALP = "Visa den här hjälpen och avsluta."

#: the help screen's standard texts (typer.rich_utils)
_HJALPTEXTER = {
    "OPTIONS_PANEL_TITLE": "Flaggor",
    "COMMANDS_PANEL_TITLE": "Kommandon",
    "ARGUMENTS_PANEL_TITLE": "Argument",
    "ERRORS_PANEL_TITLE": "Fel",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljövariabel: {}]",
    "REQUIRED_LONG_STRING": "[krävs]",
    "DEPRECATED_STRING": "(föråldrad) ",
    "ABORTED_TEXT": "Avbrutet.",
    "RICH_HELP": "Skriv [blue]'{command_path} {help_option}'[/] för hjälp.",
}


def installera_hjalptexter() -> None:
    """The help screen's panel titles and notes in Swedish."""
    from typer import rich_utils

    for namn, text in _HJALPTEXTER.items():
        if hasattr(rich_utils, namn):
            setattr(rich_utils, namn, text)


class _Svensk:
    """Swedish usage line and help option text for a command or group."""

    def get_usage(self, ctx: Any) -> str:
        return super().get_usage(ctx).replace("Usage:", "Användning:", 1)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        opt = super().get_help_option(ctx)  # type: ignore[misc]
        if opt is not None:
            opt.help = HJALP
        return opt


class SvenskKommando(_Svensk, TyperCommand):
    """A ``vbe`` command."""


class SvenskGrupp(_Svensk, TyperGroup):
    """The ``vbe`` group: usage errors of every command are printed in Swedish."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                standalone_mode=False, **extra)
        installera_hjalptexter()
        try:
            rv = super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False,
                              **extra)
        except typer.Abort:
            _skriv("Avbrutet.")
            sys.exit(1)
        except typer.TyperException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()  # type: ignore[attr-defined]
                sys.exit(getattr(exc, "exit_code", 2))
            visa_anvandarfel(exc)
            sys.exit(getattr(exc, "exit_code", 2))
        sys.exit(rv if isinstance(rv, int) else 0)


def hjalptext(doc: str | None) -> str | None:
    """A command's docstring as its help text: the paragraphs' lines joined, so that the
    help screen wraps them to the terminal's width (Typer's Rich mode keeps every line
    break of the docstring, and an 80-column terminal then breaks each long line
    again). A paragraph starting with ``\\b`` keeps its lines."""
    if doc is None:
        return None
    stycken = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(st if st.startswith("\b") else " ".join(r.strip() for r in st.splitlines())
                       for st in stycken)


def svenska_kommandon(app: typer.Typer) -> None:
    """Give every registered command (that did not choose its own) the Swedish command
    class and usage placeholder, and its docstring as a help text that wraps."""
    for info in app.registered_commands:
        if info.help is None and info.callback is not None:
            info.help = hjalptext(info.callback.__doc__)
        if info.cls is None or info.cls is TyperCommand:
            info.cls = SvenskKommando
        if info.options_metavar == "[OPTIONS]":
            info.options_metavar = FLAGGOR


def _skriv(text: str) -> None:
    try:
        print(text, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _flagga(exc: Any) -> str:
    """The option an error is about: '--ar' (its first name), else its hint."""
    hint = getattr(exc, "param_hint", None)
    if isinstance(hint, str) and hint:
        return hint
    if isinstance(hint, (list, tuple)) and hint:
        return " / ".join(str(h) for h in hint)
    param = getattr(exc, "param", None)
    if param is not None:
        opts = list(getattr(param, "opts", None) or [])
        if opts:
            return max(opts, key=len)
        namn = getattr(param, "name", None)
        if namn:
            return str(namn).upper()
    return "värdet"


def _tal(v: Any) -> str:
    from vbe_lib.presentation.fmt import tal

    try:
        return tal(v, 0 if float(v).is_integer() else 2)
    except (TypeError, ValueError):
        return str(v)


def _pydantic(fel: dict[str, Any]) -> str | None:
    """One of pydantic's validation errors (Typer converts values with it) in Swedish."""
    typ, varde, ctx = fel.get("type"), fel.get("input"), fel.get("ctx") or {}
    visat = f"'{varde}'"
    if typ in ("int_parsing", "int_type", "int_from_float"):
        return f"{visat} är inte ett heltal"
    if typ in ("float_parsing", "float_type", "decimal_parsing"):
        return f"{visat} är inte ett tal"
    if typ in ("bool_parsing", "bool_type"):
        return f"{visat} är varken ja eller nej"
    if typ in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return f"{visat} är inte ett datum ÅÅÅÅ-MM-DD"
    if typ == "greater_than_equal":
        return f"{visat} är för litet – minsta tillåtna värde är {_tal(ctx.get('ge'))}"
    if typ == "greater_than":
        return f"{visat} är för litet – värdet ska vara större än {_tal(ctx.get('gt'))}"
    if typ == "less_than_equal":
        return f"{visat} är för stort – största tillåtna värde är {_tal(ctx.get('le'))}"
    if typ == "less_than":
        return f"{visat} är för stort – värdet ska vara mindre än {_tal(ctx.get('lt'))}"
    if typ in ("enum", "literal_error"):
        return f"{visat} är inte tillåtet – välj {ctx.get('expected', '')}".replace("' or '", "' eller '")
    return None


def meddelande(exc: Any) -> str:
    """The Swedish text of a usage error raised by Typer (without 'fel: ')."""
    namn = type(exc).__name__
    if namn == "MissingParameter":
        param = getattr(exc, "param", None)
        if getattr(param, "param_type_name", "option") == "argument":
            return f"argumentet {_flagga(exc)} saknas."
        return f"flaggan {_flagga(exc)} saknas (den måste anges)."
    if namn == "NoSuchOption":
        flagga = getattr(exc, "option_name", "")
        forslag = sorted(getattr(exc, "possibilities", None) or [])
        text = f"det finns ingen flagga {flagga}"
        if len(forslag) == 1:
            text += f" – menade du {forslag[0]}?"
        elif forslag:
            text += f" – menade du någon av {', '.join(forslag)}?"
        return text + ("" if text.endswith("?") else ".")
    if namn == "BadOptionUsage":
        flagga = getattr(exc, "option_name", "")
        text = str(getattr(exc, "message", ""))
        if "requires" in text:
            return f"flaggan {flagga} behöver ett värde."
        if "does not take a value" in text:
            return f"flaggan {flagga} tar inget värde."
        return f"fel användning av flaggan {flagga}: {text}"
    if namn == "BadParameter":
        orsak = getattr(exc, "__cause__", None)
        svensk = None
        if orsak is not None and hasattr(orsak, "errors"):
            try:
                fel = orsak.errors()
            except Exception:  # noqa: BLE001
                fel = []
            svensk = _pydantic(fel[0]) if fel else None
        return f"ogiltigt värde för {_flagga(exc)}: {svensk or getattr(exc, 'message', '')}."
    text = str(getattr(exc, "message", "") or exc)
    if text.startswith("Got unexpected extra argument"):
        extra = text[text.rfind(" (") + 2:text.rfind(")")] if " (" in text else ""
        return f"oväntade argument: {extra} (flaggor börjar med --)."
    if text.startswith("No such command"):
        kommando = text[len("No such command"):].strip().rstrip(".")
        return f"det finns inget kommando {kommando}."
    if text.startswith("Missing command"):
        return "ange ett kommando."
    return exc.format_message() if hasattr(exc, "format_message") else text


def visa_anvandarfel(exc: Any) -> None:
    """Print a usage error: the usage line, 'fel: …' and where to find help."""
    from vbe_lib.cli.gemensamt import fel

    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        try:
            _skriv(ctx.get_usage())
        except Exception:  # noqa: BLE001
            pass
    fel(f"fel: {meddelande(exc)}")
    if ctx is None:  # e.g. an option without its value: the parser knows no command yet
        _skriv("Skriv 'vbe --help' eller 'vbe KOMMANDO --help' för hjälp.")
        return
    try:
        if ctx.command.get_help_option(ctx) is not None:
            _skriv(f"Skriv '{ctx.command_path} {ctx.help_option_names[0]}' för hjälp.")
    except Exception:  # noqa: BLE001
        pass
