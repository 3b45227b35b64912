"""File-system errors in Swedish: a read-only or full disk, a missing permission, a file
open in another program – named as such instead of "Oväntat fel"."""
from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

#: errno -> what it means for someone writing reports
_ORSAKER = {
    errno.ENOSPC: "disken är full",
    errno.EROFS: "mappen ligger på en skrivskyddad disk",
    errno.EACCES: "behörighet saknas (skrivskyddad mapp eller fil?)",
    errno.EPERM: "behörighet saknas (skrivskyddad mapp eller fil?)",
    errno.ENOENT: "finns inte",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EISDIR: "är en mapp, inte en fil",
    errno.EBUSY: "används av ett annat program",
    errno.ENAMETOOLONG: "sökvägen är för lång",
    errno.EMFILE: "för många öppna filer",
    errno.ENFILE: "för många öppna filer",
    errno.EIO: "läs- eller skrivfel på disken",
    errno.EXDEV: "ligger på en annan disk",
}
for _namn, _text in (("EDQUOT", "diskkvoten är slut"), ("ETXTBSY", "används av ett annat program")):
    if hasattr(errno, _namn):
        _ORSAKER[getattr(errno, _namn)] = _text

#: Windows error codes of a file that another program holds open
_WIN_LAST = {32: "filen är öppen i ett annat program", 33: "filen är låst av ett annat program"}


def orsak(exc: OSError) -> str:
    """Why ``exc`` happened, in Swedish (its own text when the kind is not known)."""
    winfel = getattr(exc, "winerror", None)
    if winfel in _WIN_LAST:
        return _WIN_LAST[winfel]
    if exc.errno in _ORSAKER:
        return _ORSAKER[exc.errno]
    return exc.strerror or type(exc).__name__


def sokvag(exc: OSError) -> str | None:
    """The path ``exc`` is about, if it names one."""
    namn = exc.filename if exc.filename not in (None, "") else exc.filename2
    return os.fsdecode(namn) if namn not in (None, "") else None


def beskriv(exc: OSError, vad: str = "kan inte skriva") -> str:
    """'kan inte skriva till outputs/2021: mappen ligger på en skrivskyddad disk'."""
    plats = sokvag(exc)
    return f"{vad} till {plats}: {orsak(exc)}" if plats else f"{vad}: {orsak(exc)}"


def ar_diskfel(exc: BaseException) -> bool:
    """A failure of the disk or folder itself (full, read-only, no permission), rather
    than of a report: worth naming as such."""
    return isinstance(exc, OSError) and (exc.errno in _ORSAKER or getattr(exc, "winerror", None) in _WIN_LAST)


def oppna_filer(mapp: Path) -> list[Path]:
    """The files in ``mapp`` (and below) that another program holds open so that they
    cannot be replaced: on Windows, a file open in Excel or Word refuses to be opened
    for writing. Elsewhere an open file never blocks a replacement: always empty."""
    if sys.platform != "win32":
        return []
    ut: list[Path] = []
    try:
        filer = sorted(p for p in mapp.rglob("*") if p.is_file())
    except OSError:
        return ut
    for f in filer:
        try:
            with open(f, "r+b"):
                pass
        except PermissionError:
            ut.append(f)
        except OSError:
            continue
    return ut


_ERRNO_TEXT = re.compile(r"^\[Errno (?P<nr>\d+)\] (?P<text>[^:]*)(?:: '(?P<fil>.*)')?")


def fran_undantagstext(namn: str, text: str) -> str | None:
    """A file-system error reported by a notebook cell as exception name and text
    (``OSError``, ``[Errno 28] No space left on device: '/x'``) in Swedish; None for
    other errors."""
    import builtins

    klass = getattr(builtins, str(namn), None)
    if not (isinstance(klass, type) and issubclass(klass, OSError)):
        return None
    m = _ERRNO_TEXT.match(str(text or ""))
    if m is None:
        return None
    exc = OSError(int(m["nr"]), m["text"], m["fil"]) if m["fil"] else OSError(int(m["nr"]), m["text"])
    return beskriv(exc) if ar_diskfel(exc) else None
