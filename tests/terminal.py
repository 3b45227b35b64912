"""Helpers for tests that interrupt a ``vbe`` process as a terminal's Ctrl-C does."""
from __future__ import annotations

import signal


def som_forgrundsprocess() -> None:
    """``preexec_fn`` for a child that a test stops with SIGINT: Ctrl-C and Ctrl-\\ at
    their defaults, as for a command started in the foreground of a terminal.

    A shell without job control starts background commands with SIGINT and SIGQUIT
    ignored, and a child inherits that; Python then installs no KeyboardInterrupt
    handler, so ``vbe`` (rightly, as any program started that way) does not react to
    SIGINT. Without this, a ctrl-c test fails whenever the test run itself was started
    in the background (``make test &`` from a script)."""
    for s in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(s, signal.SIG_DFL)
