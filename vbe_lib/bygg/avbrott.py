"""Interrupts of a build: Ctrl-C (SIGINT), SIGTERM (e.g. the computer shutting down) and
SIGHUP (the terminal closed) are one exception, :class:`Avbrott`, in the main process.

Only the main process acts on them. Its worker processes and their kernels are kept
out of the terminal's signals (:func:`blockerade` while they are started, then
:func:`i_barnprocess`: a session of their own, SIGINT and SIGHUP ignored, SIGTERM a
quiet clean-up and exit), so an interrupt never prints a traceback from a child; the
main process stops them (:meth:`vbe_lib.bygg.arbetare.Arbetare.avbryt`), removes the
unfinished files and says what was published (:func:`vbe_lib.bygg.batch.bygg` raises
:class:`Avbrott` with the results so far). While a committee's folder is swapped into
place the signals are held off (:func:`uppskjut`), so that a committee is published
whole or not at all.
"""
from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

#: the signals that interrupt a build (those this platform has)
SIGNALER: tuple[int, ...] = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


class Avbrott(KeyboardInterrupt):
    """A build interrupted by a signal. ``resultat``: the committees' results so far
    (set by the batch: which were published, which not), None before the batch ran."""

    def __init__(self, signum: int = signal.SIGINT, resultat: list[Any] | None = None):
        super().__init__(signalnamn(signum))
        self.signum = signum
        self.resultat = resultat

    @property
    def kod(self) -> int:
        """The exit code (128 + the signal's number, as a shell reports it)."""
        return 128 + int(self.signum)

    @property
    def orsak(self) -> str:
        """How it was interrupted, in Swedish, to follow "Avbrutet": 'med Ctrl-C',
        'av signalen SIGTERM (t.ex. när datorn stängs av)'."""
        if self.signum == signal.SIGINT:
            return "med Ctrl-C"
        if self.signum == getattr(signal, "SIGHUP", None):
            return "av signalen SIGHUP (terminalen stängdes)"
        if self.signum == signal.SIGTERM:
            return "av signalen SIGTERM (t.ex. när datorn stängs av)"
        return f"av signalen {signalnamn(self.signum)}"


def signalnamn(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return str(signum)


def som_avbrott(exc: BaseException) -> Avbrott:
    """A KeyboardInterrupt as an :class:`Avbrott` (Ctrl-C when it is a plain one)."""
    return exc if isinstance(exc, Avbrott) else Avbrott(signal.SIGINT)


def _i_huvudtraden() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def som_undantag() -> Iterator[None]:
    """In a command's main process: SIGTERM and SIGHUP raise :class:`Avbrott`, as Ctrl-C
    raises KeyboardInterrupt, so that the same clean-up runs for all three."""
    if not _i_huvudtraden():
        yield
        return

    def hanterare(signum: int, _frame: Any) -> None:
        raise Avbrott(signum)

    tidigare = {s: signal.signal(s, hanterare) for s in SIGNALER if s != signal.SIGINT}
    try:
        yield
    finally:
        for s, h in tidigare.items():
            signal.signal(s, h)


@contextlib.contextmanager
def uppskjut(hoj: bool = True) -> Iterator[list[int]]:
    """Hold off the interrupt signals for the block (main thread only); the first one
    received is raised as :class:`Avbrott` afterwards when ``hoj`` (else dropped: the
    caller is already stopping). Yields the list of signals received."""
    mottagna: list[int] = []
    if not _i_huvudtraden():
        yield mottagna
        return
    tidigare = {s: signal.signal(s, lambda signum, _f: mottagna.append(signum)) for s in SIGNALER}
    try:
        yield mottagna
    finally:
        for s, h in tidigare.items():
            signal.signal(s, h)
        if mottagna and hoj:
            raise Avbrott(mottagna[0])


@contextlib.contextmanager
def blockerade() -> Iterator[None]:
    """Block the interrupt signals in this thread while child processes are started:
    a child starts with them blocked and sets its own handling (:func:`i_barnprocess`)
    before it unblocks them, so a Ctrl-C during its start-up cannot interrupt its
    imports. A signal that arrives meanwhile is delivered when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    tidigare = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALER)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, tidigare)


def i_barnprocess(vid_sigterm: Callable[[int, Any], None] | None = None) -> None:
    """In a child process of the build (a worker, the workers' fork server): a session of
    its own, so that the terminal's Ctrl-C and hang-up reach only the main process,
    which stops the children itself; SIGINT and SIGHUP ignored; SIGTERM (sent by the
    main process, or to every process at shutdown) calls ``vid_sigterm``, else the
    default (a silent end). Then the signals blocked by :func:`blockerade` are unblocked."""
    if hasattr(os, "setsid"):
        with contextlib.suppress(OSError):
            os.setsid()
    for s in SIGNALER:
        if s != signal.SIGTERM:
            signal.signal(s, signal.SIG_IGN)
    if vid_sigterm is not None:
        signal.signal(signal.SIGTERM, vid_sigterm)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALER)
