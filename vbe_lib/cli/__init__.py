"""The ``vbe`` command line (Swedish user interface).

Each command lives in its own module in this package and registers itself on ``app``
when imported; ``main`` imports the command modules that exist. Usage errors and the
help screen are Swedish (:mod:`vbe_lib.cli.svenska`) for every registered command.
"""
from __future__ import annotations

import importlib
import importlib.util

import typer

from vbe_lib.cli.svenska import FLAGGOR, UNDERKOMMANDO, SvenskGrupp, svenska_kommandon

app = typer.Typer(
    name="vbe",
    help="Rapporter för handlingsplaner mot våldsbejakande extremism: lägesbild, uppföljning och handlingsplan per nämnd.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=SvenskGrupp,
    options_metavar=FLAGGOR,
    subcommand_metavar=UNDERKOMMANDO,
)

KOMMANDON = ("rapport", "validera", "exempeldata", "revidera", "sammanstall", "verifiera", "importera", "figurer",
             "godkann", "forhandsgranska")


def _registrera() -> None:
    for namn in KOMMANDON:
        modul = f"{__name__}.{namn}"
        if importlib.util.find_spec(modul) is not None:
            importlib.import_module(modul)
    svenska_kommandon(app)


def _tyst_i_tradar_och_vid_avslut() -> None:
    """No traceback from a background thread or at interpreter shutdown (e.g. a thread
    still waiting for a worker when the build is interrupted): the details go to a
    log file in the temp folder; the command's own messages say what happened."""
    import sys
    import threading

    def logga(text: str) -> None:
        try:
            import datetime as dt
            import os
            import tempfile
            from pathlib import Path

            fil = Path(tempfile.gettempdir()) / f"vbe-{dt.date.today():%Y%m%d}-{os.getpid()}-bakgrund.log"
            with open(fil, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except Exception:  # noqa: BLE001
            pass

    def trad(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        import traceback

        logga("".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))

    def ohanterbar(u: object) -> None:
        import traceback

        exc = getattr(u, "exc_value", None)
        if exc is not None:
            logga(f"{getattr(u, 'err_msg', None) or 'Exception ignored'}: {getattr(u, 'object', None)!r}\n"
                  + "".join(traceback.format_exception(exc)))

    threading.excepthook = trad
    sys.unraisablehook = ohanterbar  # type: ignore[assignment]


def main() -> None:
    import signal
    import sys

    from vbe_lib.bygg.avbrott import SIGNALER, Avbrott

    def tidigt(signum: int, _frame: object) -> None:
        raise Avbrott(signum)

    # until a command takes over (vbe_lib.cli.gemensamt.kor_kommando), an interrupt while
    # the modules load ends the program with one line
    for s in SIGNALER:
        if s != signal.SIGINT:
            signal.signal(s, tidigt)
    try:
        _registrera()
        _tyst_i_tradar_och_vid_avslut()
        app()
    except KeyboardInterrupt as exc:
        from vbe_lib.bygg.avbrott import som_avbrott
        from vbe_lib.cli.gemensamt import fel

        a = som_avbrott(exc)
        fel(f"Avbrutet {a.orsak}; ingenting hann göras.")
        sys.exit(a.kod)
    finally:
        _stang_strommar()


def _stang_strommar() -> None:
    """Flush stdout and stderr now; a closed terminal (SIGHUP) or pipe is no error, and
    no 'Exception ignored' line at exit."""
    import os
    import sys

    for strom in (sys.stdout, sys.stderr):
        try:
            strom.flush()
        except Exception:  # noqa: BLE001
            try:
                fd = os.open(os.devnull, os.O_WRONLY)
                os.dup2(fd, strom.fileno())
                os.close(fd)
            except Exception:  # noqa: BLE001
                pass
