"""What a build leaves while it runs, and the clean-up of what an interrupted one left.

A running build holds a lock, ``<utdata>/_internt/.korning-<id>.las`` (an OS file lock,
released by the operating system even when the process is killed with ``kill -9``).
Everything it writes before publishing carries its ``<id>``:

* ``<utdata>/<Y>/.tmp-<slug>-<id>/`` a committee's publishable files being built (only
  files that may be published: never an executed notebook);
* ``<utdata>/_internt/<Y>/.tmp-<slug>-<id>/`` its executed notebooks and logs;
* ``<utdata>/<Y>/.gammal-<slug>-<id>/`` the previous published folder for the instant of
  the swap where the platform cannot exchange two folders in one step;
* ``<utdata>/<Y>/.manifest-<id>.json`` the run manifest being written;

and its kernels' connection folders in the system's temp folder are
``vbe-k-<pid>-…`` (a worker's kernels) and ``vbe-z-<pid>-…`` (the kernel fork server).

:func:`stada_avbrutna` (at the start of every build) removes what belongs to a build
that no longer runs (its lock is free, or its process is gone) – and puts back a
published folder whose swap was cut off half-way, so that a committee has all its old
or all its new files. It also moves executed notebooks that older versions kept in
``<utdata>/<Y>/_internt/`` to ``<utdata>/_internt/<Y>/``, away from the publishable folders.
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

#: the folder (under the output folder) of everything that is not for publication
INTERNT = "_internt"
#: a kernel folder of an older version (no owner in its name) is stale after this long
GAMMAL_SEKUNDER = 24 * 3600

_NAMN = re.compile(r"^\.(tmp|gammal)-(?P<slug>.+)-(?P<id>[0-9a-f]{8})$")
_MANIFEST = re.compile(r"^\.manifest-(?P<id>[0-9a-f]{8})\.json$")
_LAS = re.compile(r"^\.korning-(?P<id>[0-9a-f]{8})\.las$")
_KARNA = re.compile(r"^vbe-[kz]-(?:(?P<pid>\d+)-)?[a-z0-9_]{8}$")
#: a Unix socket's path may be at most 107 bytes on Linux (103 on macOS); with a margin
_SOCKEL_MAX = 100
#: where kernel folders go when the temp folder's path is too long for socket paths
_KORTA_BASER = ("/tmp", "/var/tmp")


def karnkatalog(prefix: str) -> str:
    """A fresh private folder for kernel sockets, named ``<prefix><pid>-…`` (``prefix``
    ``vbe-k-`` or ``vbe-z-``): in the temp folder, or in ``/tmp`` when the temp folder's
    path (a long ``TMPDIR``) would make the sockets' paths longer than the system allows."""
    bas = tempfile.gettempdir()
    prov = os.path.join(bas, f"{prefix}{os.getpid()}-abcdefgh", "kernel-ipc-99")
    if len(os.fsencode(prov)) > _SOCKEL_MAX:
        bas = next((k for k in _KORTA_BASER if os.path.isdir(k) and os.access(k, os.W_OK | os.X_OK)), bas)
    return tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=bas)


def _las_fil(fh) -> bool:
    """Take the lock of an open file without waiting; False if another process has it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)  # the same byte in every process
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


class Korningslas:
    """The lock and id of one running build (see the module docstring)."""

    def __init__(self, utdata: str | Path):
        self.utdata = Path(utdata)
        self.id = secrets.token_hex(4)
        katalog = self.utdata / INTERNT
        katalog.mkdir(parents=True, exist_ok=True)
        self.fil = katalog / f".korning-{self.id}.las"
        if sys.platform == "win32":
            # an open file can be neither renamed nor removed there: lock it under its name
            self._fh = open(self.fil, "x", encoding="utf-8")  # noqa: SIM115 - held until stang()
            self._fh.write(f"{os.getpid()}\n")
            self._fh.flush()
            _las_fil(self._fh)
            return
        # locked under a temporary name and then renamed: a clean-up never sees the
        # final name unlocked while this build is starting
        tmp = katalog / f".korning-{self.id}.las.ny"
        self._fh = open(tmp, "w", encoding="utf-8")  # noqa: SIM115 - held until stang()
        try:
            self._fh.write(f"{os.getpid()}\n")
            self._fh.flush()
            _las_fil(self._fh)
            os.replace(tmp, self.fil)
        except BaseException:
            self._fh.close()
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

    def stang(self) -> None:
        if self._fh.closed:
            return
        # POSIX: removed while still locked, so nobody finds it unlocked; Windows cannot
        # remove an open file, so there it goes after closing
        with contextlib.suppress(OSError):
            self.fil.unlink()
        self._fh.close()
        with contextlib.suppress(OSError):
            self.fil.unlink()

    def __enter__(self) -> "Korningslas":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stang()


def _korning_lever(utdata: Path, id_: str, egna: set[str]) -> bool:
    """Whether the build ``id_`` still runs (its lock file exists and is held)."""
    if id_ in egna:
        return True
    fil = utdata / INTERNT / f".korning-{id_}.las"
    try:
        fh = open(fil, "r+", encoding="utf-8")  # noqa: SIM115 - never creates it
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: leave it alone
    with fh:
        return not _las_fil(fh)


def _ta_bort(p: Path) -> bool:
    try:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()
        return True
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _flytta_gammalt_internt(arkatalog: Path, mal: Path) -> None:
    """``<utdata>/<Y>/_internt/<slug>/`` (older versions) -> ``<utdata>/_internt/<Y>/<slug>/``."""
    gammalt = arkatalog / INTERNT
    if not gammalt.is_dir() or gammalt.is_symlink():
        return
    mal.mkdir(parents=True, exist_ok=True)
    for p in sorted(gammalt.iterdir()):
        if p.name.startswith("."):
            _ta_bort(p)
            continue
        if not (mal / p.name).exists():
            with contextlib.suppress(OSError):
                os.replace(p, mal / p.name)
                continue
        _ta_bort(p)  # a newer copy is already in place
    with contextlib.suppress(OSError):
        gammalt.rmdir()


def stada_avbrutna(utdata: str | Path, egna: set[str] | None = None) -> list[str]:
    """Clean up after builds that were interrupted (see the module docstring); returns
    the paths removed or restored. ``egna``: ids of builds of this process (kept)."""
    utdata = Path(utdata)
    egna = set(egna or ())
    gjort: list[str] = []
    if not utdata.is_dir():
        return gjort
    internt = utdata / INTERNT
    ar_mappar = [p for p in utdata.iterdir() if p.name.isdigit() and p.is_dir()]
    for arkatalog in sorted(ar_mappar):
        _flytta_gammalt_internt(arkatalog, internt / arkatalog.name)
        kandidater = sorted(arkatalog.glob(".*")) + sorted((internt / arkatalog.name).glob(".tmp-*"))
        # a half-done swap first: put the old folder back if the published one is gone
        for p in kandidater:
            m = _NAMN.match(p.name)
            if m and p.name.startswith(".gammal-") and not _korning_lever(utdata, m["id"], egna):
                publicerad = arkatalog / m["slug"]
                if not publicerad.exists():
                    with contextlib.suppress(OSError):
                        os.replace(p, publicerad)
                        gjort.append(str(publicerad))
                        continue
                if _ta_bort(p):
                    gjort.append(str(p))
        for p in kandidater:
            m = _NAMN.match(p.name) or _MANIFEST.match(p.name)
            if m is None or p.name.startswith(".gammal-") or not p.exists():
                continue
            if not _korning_lever(utdata, m["id"], egna) and _ta_bort(p):
                gjort.append(str(p))
    if internt.is_dir():
        for p in sorted(internt.glob(".korning-*")):
            m = _LAS.match(p.name)
            if m is not None and not _korning_lever(utdata, m["id"], egna) and _ta_bort(p):
                gjort.append(str(p))
            elif p.name.endswith(".las.ny") and time.time() - _mtime(p) > 3600 and _ta_bort(p):
                gjort.append(str(p))
    gjort += stada_karnfiler()
    return gjort


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return time.time()


def pid_lever(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, killed but not yet reaped, does not)."""
    if sys.platform == "win32":
        return True  # no cheap, safe check: such folders are left to the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def stada_karnfiler(katalog: str | Path | None = None) -> list[str]:
    """Remove kernel connection folders (``vbe-k-<pid>-…``, ``vbe-z-<pid>-…`` in the temp
    folder, or in ``katalog``; see :func:`karnkatalog`) whose process is gone, and folders of older versions (no pid in the name)
    untouched for a day. Only this user's folders; a folder of a running process stays."""
    if katalog is None:
        baser = dict.fromkeys([tempfile.gettempdir(), *(k for k in _KORTA_BASER if os.path.isdir(k))])
        return [x for bas in baser for x in stada_karnfiler(bas)]
    katalog = Path(katalog)
    gjort: list[str] = []
    try:
        poster = list(os.scandir(katalog))
    except OSError:
        return gjort
    for e in poster:
        m = _KARNA.match(e.name)
        if m is None:
            continue
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        if not e.is_dir(follow_symlinks=False) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            continue
        if m["pid"] is not None:
            inaktuell = not pid_lever(int(m["pid"]))
        else:
            inaktuell = time.time() - st.st_mtime > GAMMAL_SEKUNDER
        if inaktuell and _ta_bort(Path(e.path)):
            gjort.append(e.path)
    return gjort
