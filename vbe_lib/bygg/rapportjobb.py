"""Which reports the build makes: the notebook kinds of a committee, their titles,
and the city-wide summary as the pseudo-committee ``_stad``.

Used by ``vbe rapport``, ``vbe sammanstall`` and ``vbe verifiera`` alike, so that the
three build exactly the same jobs."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from vbe_lib.bygg.jobb import Jobb

#: notebook kinds of a committee, in build order; a kind is built when its notebook exists
TYPER = ("lagesbild", "uppfoljning", "handlingsplan")
#: pseudo-committee of the city-wide summary, and its notebook kind
STAD = "_stad"
STADSTYP = "sammanstallning"


def standard_notebooks() -> Path:
    """The repository's ``notebooks/``: next to the package, else in the working directory."""
    bredvid = Path(__file__).resolve().parents[2] / "notebooks"
    if (bredvid / "lagesbild.ipynb").is_file():
        return bredvid
    return Path.cwd() / "notebooks"


def undertitel(typ: str, planar: int) -> str:
    if typ == "handlingsplan":
        return f"Handlingsplan mot våldsbejakande extremism {planar}"
    if typ == "uppfoljning":
        return f"Bilaga: Uppföljning av handlingsplan {planar - 1}"
    return f"Bilaga: Lägesbild {planar}"


def namnd_jobb(konf: Any, slug: str, planar: int, nbfiler: dict[str, Path], exempel: bool) -> list[Jobb]:
    """The jobs (one per notebook kind) of one committee and plan year."""
    n = konf.namnder[slug]
    return [Jobb(
        namnd=slug, planar=planar, notebook=nb, typ=typ,
        render={
            "titel": f"Handlingsplan mot våldsbejakande extremism {planar}",
            "undertitel": undertitel(typ, planar),
            "namnd_namn": n.namn,
            "dnr": konf.dnr(slug, planar),
            "exempeldata": exempel,
            "kommun": konf.kommun.namn,
        },
        # the lägesbild's help for writing the committee's text is for JupyterLab, not for the batch
        parametrar={"texthjalp": False} if typ == "lagesbild" else {},
    ) for typ, nb in nbfiler.items()]


def stadsjobb(konf: Any, planar: int, notebook: Path, exempel: bool) -> Jobb:
    """The city-wide summary of plan year ``planar`` as a job of the pseudo-committee ``_stad``."""
    from vbe_lib.parametrar.ordlistor import ord_for

    return Jobb(
        namnd=STAD, planar=planar, notebook=Path(notebook), typ=STADSTYP,
        render={
            "titel": f"Handlingsplaner mot våldsbejakande extremism {planar}",
            "undertitel": f"{ord_for(konf).overgripande} sammanställning {planar}",
            "namnd_namn": konf.kommun.namn,
            "dnr": None,
            "exempeldata": exempel,
            "kommun": konf.kommun.namn,
        },
    )


def visningsnamn(konf: Any, slug: str) -> str:
    """The committee's name for messages; the city summary's for ``_stad``."""
    if slug == STAD:
        return f"{konf.kommun.namn}, sammanställning"
    return konf.namnder[slug].namn if slug in konf.namnder else slug
