"""What a batch runs and what it returns: :class:`Jobb` (one notebook of one committee
and plan year) and :class:`Resultat` (one committee), with the states reported to the
progress callback."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable



#: states reported to the progress callback
VANTAR, KOR, RENDERAR, KLAR, FEL, HOPPAD = "väntar", "kör", "renderar", "klar", "fel", "hoppad"

ProgressCallback = Callable[[str, int, str, str], None]
"""progress_callback(slug, planar, tillstand, detalj)"""


@dataclass(frozen=True)
class Jobb:
    """One notebook to execute for one committee and plan year.

    ``render``: keyword arguments of :func:`vbe_lib.render.render_html`
    (titel, undertitel, namnd_namn, dnr, exempeldata, kommun; byggdatum optional).
    ``parametrar``: extra notebook parameters besides the standard ones.
    ``bara_html``: render the HTML only, no PDF or DOCX (the preview's first pass, so that
    the page reloads sooner; :mod:`vbe_lib.bygg.forhandsgranskning`). It is not part of the
    report's hash: a report published with every format serves an HTML-only job, and one
    published as HTML only is never reused by a full job (:mod:`vbe_lib.bygg.planera`).
    """

    namnd: str
    planar: int
    notebook: Path
    typ: str = "lagesbild"
    render: dict[str, Any] = field(default_factory=dict)
    parametrar: dict[str, Any] = field(default_factory=dict)
    bara_html: bool = False

    @property
    def namnd_namn(self) -> str:
        return str(self.render.get("namnd_namn") or self.namnd)


@dataclass
class Resultat:
    """The outcome of one committee (all its notebooks) in one plan year."""

    slug: str
    planar: int
    typer: list[str]
    status: str  # "klar" | "fel" | "hoppad"
    sekunder: float = 0.0
    filer: list[Path] = field(default_factory=list)
    felmeddelande: str | None = None
    tider: dict[str, float] = field(default_factory=dict)
    varningar: list[str] = field(default_factory=list)
    internt: list[Path] = field(default_factory=list)
    #: machine-readable failure per notebook (kind, cell, exception class; no data)
    fel: list[dict[str, Any]] = field(default_factory=list)
    #: True when the published files were reused (dependencies unchanged, nothing executed)
    ateranvand: bool = False
    #: files an earlier build published that this one does not make, kept (names)
    behallna: list[str] = field(default_factory=list)
    #: such files removed because the user asked for it (``rensa``)
    borttagna: list[str] = field(default_factory=list)
    #: remarks on the publication for the coordinator (Swedish)
    anmarkningar: list[str] = field(default_factory=list)
    #: report kinds executed in this run, and the ones whose published files were reused
    #: (:mod:`vbe_lib.bygg.planera`); both empty for a result made outside a batch
    byggda_rapporter: list[str] = field(default_factory=list)
    ateranvanda_rapporter: list[str] = field(default_factory=list)

    @property
    def typ(self) -> str:
        return ", ".join(self.typer)


def publicerad_mapp(utdata: str | Path, planar: int, slug: str) -> Path:
    """``<utdata>/<Y>/<slug>/``: a committee's published files (everything there may be published)."""
    return Path(utdata) / str(planar) / slug


def intern_mapp(utdata: str | Path, planar: int, slug: str) -> Path:
    """``<utdata>/_internt/<Y>/<slug>/``: its executed notebooks and logs (they may hold
    unit-level data: never beside the published folders)."""
    return Path(utdata) / "_internt" / str(planar) / slug


def publicerat_filnamn(typ: str, planar: int, slug: str, andelse: str) -> str:
    """'lagesbild-2021-sodermalm.pdf'; the city summary (pseudo-committee ``_stad``)
    is 'sammanstallning-2021-stad.pdf'."""
    return f"{typ}-{planar}-{slug.lstrip('_')}.{andelse}"
