"""Helpers shared by the command modules (so that no command imports another)."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


class AnvandarFel(Exception):
    """Wrong use of a command: Swedish message, exit code 2."""


def fel(text: str) -> None:
    """Print a Swedish error line to stderr (red on a terminal). A closed terminal
    (after SIGHUP) is no error: the line is dropped."""
    try:
        from rich.console import Console
        from rich.markup import escape

        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]{escape(text)}[/red]")
        return
    except OSError:
        pass
    except Exception:  # noqa: BLE001
        pass
    with contextlib.suppress(Exception):
        print(text, file=sys.stderr, flush=True)


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
        msg = konf.okant_namn_meddelande(namn, med_slug=True)
        raise AnvandarFel(msg if msg.endswith(("?", ".")) else msg + ".")
    n = konf.namnder[slug]
    if not n.finns_planar(planar):
        ny = konf.efterfoljare_planar(slug, planar)
        tips = f" – använd '{ny}' ({konf.namnder[ny].namn})" if ny and ny != slug else ""
        raise AnvandarFel(f"{n.namn} ({slug}) har ingen handlingsplan för {planar}{tips}.")
    return slug


def kontrollera_utdata(utdata: Path, ar: list[int]) -> None:
    """That the reports can be written: the year folders and the internal folder can be
    created and written to. A read-only or full output folder is named as such before
    anything is built (:class:`AnvandarFel`)."""
    from vbe_lib.bygg import filfel
    from vbe_lib.bygg.stadning import INTERNT

    for mapp in [utdata / str(a) for a in sorted(set(ar))] + [utdata / INTERNT]:
        try:
            mapp.mkdir(parents=True, exist_ok=True)
            fd, namn = tempfile.mkstemp(dir=mapp, prefix=".vbe-skrivtest-")
            os.close(fd)
            os.unlink(namn)
        except OSError as exc:
            raise AnvandarFel(f"kan inte skriva i utdatamappen {mapp}: {filfel.orsak(exc)} – ange en annan mapp "
                              "med --utdata.") from None


def loggfil(utdata: Path | None, namn: str) -> Path:
    """A new log file for the details of an unexpected error: ``<utdata>/_logg/``, else
    the system's temp folder."""
    stampel = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kataloger = ([utdata / "_logg"] if utdata is not None else []) + [Path(tempfile.gettempdir())]
    for katalog in kataloger:
        try:
            katalog.mkdir(parents=True, exist_ok=True)
            fil = katalog / f"vbe-{namn}-{stampel}-{os.getpid()}.log"
            fil.touch()
            return fil
        except OSError:
            continue
    return Path(tempfile.gettempdir()) / f"vbe-{namn}.log"


def namnlista(namn: list[str]) -> str:
    """'A', 'A och B', 'A, B och C'."""
    return namn[0] if len(namn) == 1 else ", ".join(namn[:-1]) + " och " + namn[-1]


def avbrottsrader(a: Any, namn: Callable[[Any], str], vad: str = "rapporter") -> list[str]:
    """What an interrupt (:class:`vbe_lib.bygg.avbrott.Avbrott`) left: which committees
    this run published and which keep their earlier files. ``namn(resultat)``: a
    committee's name for the message."""
    rader = [f"Avbrutet {a.orsak}."]
    resultat = a.resultat
    if resultat is None:
        rader.append(f"Inga {vad} publicerades; tidigare publicerade {vad} är orörda.")
        return rader
    nya = [r for r in resultat if r.status == "klar" and not r.ateranvand]
    ej = [r for r in resultat if r.status != "klar"]
    if nya:
        rader.append(f"Publicerade i denna körning (nya filer): {namnlista([namn(r) for r in nya])}.")
    if ej:
        rader.append(f"Inte publicerade, de tidigare filerna är orörda: {namnlista([namn(r) for r in ej])}.")
    if not nya:
        rader.append(f"Inga nya {vad} publicerades; tidigare publicerade {vad} är orörda.")
    return rader


def publiceringsrader(resultat, namn, konsol) -> None:
    """Say what the publication kept or removed besides the new files: files an earlier
    build published that this one no longer makes (kept unless --rensa), and other
    remarks. ``namn(resultat)``: the committee's name."""
    from rich.markup import escape

    from vbe_lib.presentation.fmt import antal_ord

    for r in sorted(resultat, key=lambda r: (r.planar, r.slug)):
        borjan = f"{escape(namn(r))}, planår {r.planar}"
        if r.behallna:
            n = len(r.behallna)
            konsol.print(f"[yellow]{borjan}: {antal_ord(n, 'fil', 'filer')} från ett tidigare bygge "
                         "byggs inte längre men ligger kvar bland de publicerade: "
                         f"{escape(', '.join(r.behallna))}. Ta bort {'den' if n == 1 else 'dem'} med --rensa."
                         "[/yellow]", soft_wrap=True)
        if r.borttagna:
            n = len(r.borttagna)
            konsol.print(f"{borjan}: {antal_ord(n, 'fil', 'filer')} från ett tidigare bygge togs bort (--rensa): "
                         f"{escape(', '.join(r.borttagna))}.", soft_wrap=True)
        for a in r.anmarkningar:
            konsol.print(f"[yellow]{borjan}: {escape(a)}[/yellow]", soft_wrap=True)


def kor_kommando(arbete: Callable[[], int], *, namn: str, utdata: Path | None, vad: str,
                 vid_avbrott: Callable[[Any], list[str]] | None = None) -> int:
    """Run a command's work and return its exit code; never a traceback.

    SIGTERM and SIGHUP interrupt like Ctrl-C (:func:`vbe_lib.bygg.avbrott.som_undantag`);
    ``vid_avbrott(avbrott)`` gives the lines that say what was published (exit code
    128 + the signal). :class:`AnvandarFel`: its lines, exit code 2. A full or
    read-only disk, or no permission, is named as such; a MemoryError is "slut på
    minne"; anything else is "Oväntat fel" with the details in a log file
    (:func:`loggfil`). ``vad``: what could not be done, e.g. "rapporterna kunde inte byggas".
    """
    import typer

    from vbe_lib.bygg import avbrott, filfel

    with avbrott.som_undantag():
        try:
            return arbete()
        except (typer.Exit, typer.Abort):
            raise
        except AnvandarFel as exc:
            for rad in str(exc).splitlines():
                fel(f"fel: {rad}")
            return 2
        except KeyboardInterrupt as exc:
            a = avbrott.som_avbrott(exc)
            with avbrott.uppskjut(hoj=False):
                rader = vid_avbrott(a) if vid_avbrott is not None else [f"Avbrutet {a.orsak}."]
                for rad in rader:
                    fel(rad)
            return a.kod
        except MemoryError:
            fel(f"Slut på minne – {vad}. Prova med färre parallella processer (--jobb 1) eller färre nämnder "
                "åt gången.")
            return 1
        except OSError as exc:
            if not filfel.ar_diskfel(exc):
                return _ovantat(utdata, namn, vad)
            fel(f"fel: {filfel.beskriv(exc)} – {vad}. En nämnd vars nya filer inte hann publiceras har kvar sina "
                "tidigare filer.")
            return 1
        except Exception:  # noqa: BLE001 - never a traceback for the user
            return _ovantat(utdata, namn, vad)


def _ovantat(utdata: Path | None, namn: str, vad: str) -> int:
    try:
        detaljer = traceback.format_exc()
    except MemoryError:
        detaljer = "MemoryError\n"
    logg = loggfil(utdata, namn)
    with contextlib.suppress(Exception):
        logg.write_text(detaljer, encoding="utf-8")
    fel(f"Oväntat fel – {vad}. Detaljer finns i {logg}.")
    return 1
