"""Approval of a committee's own text (``vbe godkann``) and its state in the build.

:func:`godkann` checks the committee's texts against its lägesbild (the same checks the
build makes) and records, beside the text, the hash of every text file it takes and the
value of every figure it cites, as the report shows them
(``data/texter/<Y>/<slug>.godkannande.yml``). The approval is an input like any data
file: it is in the committee's dependency hash, so approving rebuilds exactly that
committee, and ``vbe verifiera`` names it when it changed.

In a build, the report itself decides whether the text is approved and current
(:func:`vbe_lib.indata.texter.textstatus`) and says so on stderr; :func:`manifestdel`
turns that into the manifest's ``texter`` entry and :func:`textstatus_for` gives the
state of a committee, built or reused, for ``vbe rapport``'s summary.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbe_lib.indata import texter as indata_texter

__all__ = ["Godkant", "godkann", "manifestdel", "textstatus_for"]


def manifestdel(varningar: list[str], indata: dict[str, str], slug: str, planar: int) -> dict[str, Any] | None:
    """The committee manifest's ``texter`` entry: ``status`` ("godkänd" or "utkast"),
    ``inaktuella_figurer`` (names whose value changed since approval) and ``filer`` (the
    texts and the approval with their sha256, from the committee's inputs); None when its
    reports carry no committee text (the manifest then has no such entry)."""
    status = indata_texter.tolka_status(varningar)
    if status is None:
        return None
    bas = f"data/{indata_texter.MAPP}/{planar}/"
    egna = {f"{bas}{slug}.md", f"{bas}{indata_texter.KOMMUN}.md", f"{bas}{slug}{indata_texter.GODKANNANDE_SUFFIX}"}
    return {**status, "filer": {k: v for k, v in sorted(indata.items()) if k in egna}}


def textstatus_for(r: Any) -> str | None:
    """"utkast", "godkänd" or None (no committee text) for a committee's result: from the
    build's warnings, or for reused files from the published manifest."""
    status = indata_texter.tolka_status(getattr(r, "varningar", []) or [])
    if status is not None:
        return status["status"]
    if not getattr(r, "ateranvand", False):
        return None
    for p in getattr(r, "filer", []) or []:
        if Path(p).name == "manifest.json":
            try:
                m = json.loads(Path(p).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            t = m.get("texter") if isinstance(m, dict) else None
            return t.get("status") if isinstance(t, dict) else None
    return None


@dataclass
class Godkant:
    """The outcome of :func:`godkann` for one committee."""

    slug: str
    planar: int
    fil: Path | None = None                       # the approval written (None: not approved)
    texter: list[str] = field(default_factory=list)
    figurer: dict[str, str] = field(default_factory=dict)
    fel: list[Any] = field(default_factory=list)       # Problem: why it cannot be approved
    varningar: list[Any] = field(default_factory=list)
    redan: bool = False                                # already approved and current: nothing written
    tidigare: dict[str, str] = field(default_factory=dict)   # changed figures: name -> value at last approval


def godkann(konf: Any, ds: Any, slug: str, planar: int, datum: dt.date) -> Godkant:
    """Approve ``slug``'s texts for ``planar`` as they are now (see the module docstring).
    Nothing is written when the texts have errors, or when they are already approved and
    neither the texts nor a cited figure changed since."""
    from vbe_lib.rapporter.lagesbild import Lagesbild
    from vbe_lib.rapporter.texter import alla_anvanda, figurkatalog, kontrollera

    data_dir = Path(ds.data_dir)
    ut = Godkant(slug, planar)
    t = indata_texter.las_namndtexter(data_dir, slug, planar)
    if not t.finns:
        return ut
    ut.texter = list(t.filer)
    lb = Lagesbild.fran(konf, ds, slug, planar)
    problem = kontrollera(lb, t)
    ut.fel = [p for p in problem if p.ar_fel]
    ut.varningar = [p for p in problem if not p.ar_fel]
    if ut.fel:
        return ut
    katalog = figurkatalog(lb)
    citerade = indata_texter.figurnamn(alla_anvanda(lb, t))
    ut.figurer = {n: katalog[n].visat for _, _, n in citerade}
    status = indata_texter.textstatus(t, ut.figurer, citerade)
    if t.godkannande is not None:
        ut.tidigare = {n: t.godkannande.figurer[n] for n in status.inaktuella if n in t.godkannande.figurer}
    if status.godkand:
        ut.redan = True
        return ut
    ut.fil = indata_texter.godkannande_fil(data_dir, slug, planar)
    indata_texter.skriv_godkannande(ut.fil, slug, planar, datum, t.filer, ut.figurer)
    return ut
