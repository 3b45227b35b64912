"""The build-log channel for withheld texts (stdlib only, so that the CLI, the
renderer and the workers can use it without importing pandas).

A report that withholds a text (:mod:`vbe_lib.integritet.undertryckning`) prints one line per text to
stderr, starting with :data:`LOGGPREFIX`: file, row, column and the kind of hit,
never the content. The HTML renderer moves such lines out of the executed notebook
into the build's warnings, marked with :data:`VARNINGSPREFIX`; the batch writes them
to the notebook's log and ``vbe rapport`` prints them after the build
(:func:`undanhallna_rader`).
"""
from __future__ import annotations

import sys
from collections.abc import Iterable

__all__ = ["LOGGPREFIX", "VARNINGSPREFIX", "skriv_logg", "undanhallna_rader"]

#: Start of a line a report prints (to stderr) about a withheld text.
LOGGPREFIX = "vbe-integritet: "
#: Start of the build warning made from such a line.
VARNINGSPREFIX = "personuppgifter: "


def skriv_logg(rader: Iterable[str]) -> None:
    """Print build-log lines about withheld texts to stderr (never shown in a report)."""
    for r in rader:
        print(LOGGPREFIX + r, file=sys.stderr)


def undanhallna_rader(varningar: Iterable[str]) -> list[str]:
    """The lines about withheld texts among a build's warnings ("<typ>: personuppgifter: …"
    or "personuppgifter: …"), without duplicates, in order."""
    ut = []
    for v in varningar:
        for rest in (v, v.partition(": ")[2]):
            if rest.startswith(VARNINGSPREFIX):
                ut.append(rest[len(VARNINGSPREFIX):])
                break
    return list(dict.fromkeys(ut))
