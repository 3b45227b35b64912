"""``vbe validera`` for the committees' own texts: every text file of ``texter/`` checked, and
every committee's texts against its lägesbild's sections and figures (a module of its own:
it builds :class:`~vbe_lib.rapporter.lagesbild.Lagesbild` objects, which
:mod:`vbe_lib.rapporter.texter` cannot import)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from vbe_lib.indata import texter as indata_texter
from vbe_lib.indata.problem import Problem
from vbe_lib.rapporter.lagesbild import Lagesbild
from vbe_lib.rapporter.texter import kontrollera

__all__ = ["kontrollera_texter"]


def kontrollera_texter(data_dir: str | Path, konf: Any, planar: int | None, ds: Any,
                       namnder: set[str] | None = None) -> list[Problem]:
    """``vbe validera``: the files of ``texter/`` (:func:`vbe_lib.indata.texter.kontrollera_filer`)
    and, for every committee of the plan year(s) with a text, its figures and sections
    against its report; ``namnder``: only these committees' figures (the preview builds
    one committee, and this check builds each committee's figure catalogue)."""
    rot = Path(data_dir) / indata_texter.MAPP
    if not rot.is_dir():
        return []
    ut = indata_texter.kontrollera_filer(data_dir, konf, planar)
    ar = [planar] if planar is not None else sorted(int(p.name) for p in rot.iterdir()
                                                    if p.is_dir() and p.name.isdigit() and len(p.name) == 4)
    sett = {str(p) for p in ut}
    for a in ar:
        if not konf.planar_giltigt(a):
            continue
        for n in konf.namnder_planar(a):
            if (namnder is not None and n.slug not in namnder) or not indata_texter.textfiler(data_dir, n.slug, a):
                continue
            lb = Lagesbild.fran(konf, ds, n.slug, a)
            for p in kontrollera(lb, indata_texter.las_namndtexter(data_dir, n.slug, a)):
                if str(p) not in sett:  # the files' own problems are already there
                    sett.add(str(p))
                    ut.append(p)
    return ut
