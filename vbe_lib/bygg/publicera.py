"""Publishing a committee's finished files: its whole folder swapped into place in one
step together with its manifest, the files of a failed run kept for the coordinator,
and the run manifest of a plan year.

A committee's new files are built in ``<utdata>/<Y>/.tmp-<slug>-<id>/`` next to its
published folder ``<utdata>/<Y>/<slug>/`` (:mod:`vbe_lib.bygg.stadning`). When all of them
are done, :func:`publicera_namnd`

1. carries over into the new folder what the published one holds and the new build
   does not make: files someone put there, and files an earlier build published that
   this one no longer makes (kept and named in the manifest's ``behallna`` and in
   ``vbe rapport``'s output, unless the user asked for them to be removed, ``--rensa``);
2. writes the manifest into the new folder;
3. swaps the new folder for the published one with one rename: on Linux the two
   folders are exchanged atomically (``renameat2(RENAME_EXCHANGE)``), elsewhere the old
   folder is renamed aside and the new one into place, and a cut-off swap is put back
   by the next run; either way a reader finds all old or all new files, never a mix.

If the swap fails (on Windows: a file of the folder is open in Excel or Word), nothing
has changed; :class:`PubliceringsFel` names the file ("öppen i ett annat program?").
Ctrl-C, SIGTERM and SIGHUP are held off during the swap (:func:`vbe_lib.bygg.avbrott.uppskjut`).
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbe_lib.bygg import avbrott, filfel
from vbe_lib.bygg import manifest as mf
from vbe_lib.bygg.godkannande import textstatus_for

from vbe_lib.bygg.jobb import Resultat

#: set to False to use the two-rename swap (for tests of that path)
ATOMISKT_BYTE = True


class PubliceringsFel(Exception):
    """A committee's folder could not be swapped into place; its published files are unchanged."""


@dataclass
class Utfall:
    """What publishing a committee did."""

    #: the files this build made (manifest last)
    filer: list[Path] = field(default_factory=list)
    #: files an earlier build published that this one does not make, kept in the folder
    behallna: list[str] = field(default_factory=list)
    #: such files removed because the user asked for it (``--rensa``)
    borttagna: list[str] = field(default_factory=list)
    #: other remarks for the coordinator (Swedish)
    anmarkningar: list[str] = field(default_factory=list)


def tidigare_publicerade(publicerat: Path) -> set[str]:
    """Names of the files earlier builds published here (the manifest's ``filer`` and
    ``behallna``); names with a path separator are ignored."""
    try:
        m = json.loads((publicerat / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(m, dict):
        return set()
    namn: set[str] = set()
    for nyckel in ("filer", "behallna"):
        v = m.get(nyckel)
        if isinstance(v, dict):
            namn |= {n for n in v if isinstance(n, str) and "/" not in n and "\\" not in n and n not in ("", ".", "..")}
    return namn


# ---------------------------------------------------------------------------- the swap
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _byt_plats(a: Path, b: Path) -> bool:
    """Exchange two existing folders in one atomic step (Linux ``renameat2``); False
    where the system or the file system cannot (the caller then renames twice)."""
    if not ATOMISKT_BYTE or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        funktion = libc.renameat2
    except (OSError, AttributeError):
        return False
    funktion.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if funktion(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    fel = ctypes.get_errno()
    if fel in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)):
        return False
    raise OSError(fel, os.strerror(fel), str(b))


def byt_ut_mapp(ny: Path, mal: Path, gammal: Path) -> Path | None:
    """Put the folder ``ny`` at ``mal`` in one step. Returns where the previous ``mal``
    now is (for the caller to remove), None if there was none. ``gammal``: a free
    name next to ``mal`` for the old folder where no atomic exchange is possible.
    Raises OSError with ``mal`` unchanged."""
    if not os.path.lexists(mal):
        try:
            os.rename(ny, mal)
            return None
        except OSError as exc:
            if not os.path.lexists(mal) or exc.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR):
                raise
    if _byt_plats(ny, mal):
        return ny
    os.rename(mal, gammal)
    try:
        os.rename(ny, mal)
    except BaseException:
        os.rename(gammal, mal)
        raise
    return gammal


def _lanka(kalla: str, mal: str) -> None:
    """A hard link (the old folder goes away after the swap), a copy where links are not possible."""
    try:
        os.link(kalla, mal)
    except OSError:
        shutil.copy2(kalla, mal)


def _for_over(kalla: Path, mal: Path) -> None:
    if kalla.is_symlink():
        os.symlink(os.readlink(kalla), mal)
    elif kalla.is_dir():
        shutil.copytree(kalla, mal, symlinks=True, copy_function=_lanka)
    else:
        _lanka(str(kalla), str(mal))


def _ersattningsfel(exc: OSError, publicerat: Path) -> str:
    oppna = filfel.oppna_filer(publicerat)
    if oppna:
        namn = ", ".join(str(f) for f in oppna)
        den = "filen" if len(oppna) == 1 else "filerna"
        return f"kunde inte ersätta {namn} – öppen i ett annat program? Stäng {den} och bygg igen."
    if isinstance(exc, PermissionError) and sys.platform == "win32":
        return (f"kunde inte ersätta mappen {publicerat} ({filfel.orsak(exc)}) – är någon fil i den öppen i ett "
                "annat program? Stäng den och bygg igen.")
    return f"kunde inte ersätta mappen {publicerat}: {filfel.orsak(exc)}."


def publicera_namnd(ny: Path, ny_internt: Path, publicerat: Path, internt: Path, korning_id: str,
                    manifest: Callable[[dict[str, str]], dict[str, Any]], rensa: bool = False) -> Utfall:
    """Publish a committee whose files are complete in ``ny`` (and its executed notebooks
    in ``ny_internt``): see the module docstring. ``manifest(behallna)`` gives the
    manifest, ``behallna`` being the kept files of earlier builds (name -> sha256).
    Raises :class:`PubliceringsFel` (nothing changed) if the folder cannot be swapped."""
    utfall = Utfall()
    nya = sorted(p.name for p in ny.iterdir())
    upptagna = set(nya) | {"manifest.json"}
    vbe_filer = tidigare_publicerade(publicerat)
    behallna: dict[str, str] = {}
    for_over: list[Path] = []
    if publicerat.is_dir() and not publicerat.is_symlink():
        for p in sorted(publicerat.iterdir()):
            if p.name in upptagna:
                continue
            if p.name in vbe_filer:
                if rensa:
                    utfall.borttagna.append(p.name)
                    continue
                if p.is_file():
                    behallna[p.name] = mf.sha256_fil(p)
            for_over.append(p)
    utfall.behallna = sorted(behallna)
    mf.skriv_json(ny / "manifest.json", manifest(behallna))
    for p in for_over:
        _for_over(p, ny / p.name)
    slug = publicerat.name
    gamla: list[Path] = []
    with avbrott.uppskjut():
        try:
            g = byt_ut_mapp(ny, publicerat, publicerat.parent / f".gammal-{slug}-{korning_id}")
        except OSError as exc:
            raise PubliceringsFel(_ersattningsfel(exc, publicerat)) from exc
        if g is not None:
            gamla.append(g)
        try:
            g = byt_ut_mapp(ny_internt, internt, internt.parent / f".gammal-{slug}-{korning_id}")
            if g is not None:
                gamla.append(g)
        except OSError as exc:
            utfall.anmarkningar.append(f"de körda notebookarna kunde inte flyttas till {internt}: "
                                       f"{filfel.orsak(exc)}.")
    for g in gamla:
        shutil.rmtree(g, ignore_errors=True)  # what is left is removed by the next run
    utfall.filer = [publicerat / n for n in nya if n != "manifest.json"] + [publicerat / "manifest.json"]
    return utfall


def spara_misslyckad(ny_internt: Path, internt: Path) -> list[Path]:
    """Keep the executed notebooks and logs of a failed committee for the coordinator
    (``<internt>/misslyckad/``); the committee's published files are not touched."""
    filer = sorted(ny_internt.iterdir()) if ny_internt.is_dir() else []
    if not filer:
        return []
    mal = internt / "misslyckad"
    mal.mkdir(parents=True, exist_ok=True)
    ut = []
    for f in filer:
        os.replace(f, mal / f.name)
        ut.append(mal / f.name)
    return ut


def skriv_korningsmanifest(arkatalog: Path, planar: int, poster: list[dict[str, Any]], sekunder: float,
                           parametrar: dict[str, Any], indata: dict[str, str], miljo: dict[str, Any],
                           korning_id: str) -> None:
    """The run manifest of a plan year: this run's committees, and the earlier runs'
    lines of the committees this run did not build."""
    fil = arkatalog / "manifest.json"
    tidigare: list[dict[str, Any]] = []
    if fil.is_file():
        with contextlib.suppress(Exception):
            tidigare = json.loads(fil.read_text(encoding="utf-8")).get("namnder", [])
    byggda = {p["namnd"] for p in poster}
    alla = [p for p in tidigare if p.get("namnd") not in byggda] + poster
    data = mf.korning_manifest(planar=planar, resultat=alla, sekunder=sekunder, parametrar=parametrar,
                               indata=indata, miljoinfo=miljo)
    tmpfil = arkatalog / f".manifest-{korning_id}.json"
    try:
        mf.skriv_json(tmpfil, data)
        os.replace(tmpfil, fil)
    except BaseException:
        with contextlib.suppress(OSError):
            tmpfil.unlink()
        raise


def manifestpost(r: Resultat) -> dict[str, Any]:
    """A committee's line in the run manifest: no free text that could carry data."""
    post: dict[str, Any] = {
        "namnd": r.slug,
        "status": r.status,
        "typer": list(r.typer),
        "sekunder": round(r.sekunder, 3),
        "tider": dict(sorted(r.tider.items())),
        "filer": {p.name: mf.sha256_fil(p) for p in r.filer if p.is_file()},
        "ateranvand": r.ateranvand,
    }
    if r.byggda_rapporter or r.ateranvanda_rapporter:
        post["rapporter"] = {"byggda": list(r.byggda_rapporter), "ateranvanda": list(r.ateranvanda_rapporter)}
    if r.fel:
        post["fel"] = r.fel
    texter = textstatus_for(r)  # "utkast"/"godkänd" when the lägesbild carries the committee's own text
    if texter is not None:
        post["texter"] = texter
    return post
