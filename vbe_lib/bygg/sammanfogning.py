"""The combined PDF of a committee's action plan: the plan, then "Bilaga 1. Lägesbild"
and "Bilaga 2. Uppföljning", made from the committee's rendered PDFs before they are
published (``handlingsplan-<Y>-<slug>-med-bilagor.pdf``, :mod:`vbe_lib.render.sammanfoga`)."""
from __future__ import annotations

from pathlib import Path

from vbe_lib.bygg.jobb import publicerat_filnamn


def sammanfogat_filnamn(planar: int, slug: str) -> str:
    return f"handlingsplan-{planar}-{slug.lstrip('_')}-med-bilagor.pdf"


def sammanfoga_plan(katalog: Path, planar: int, slug: str, namnd_namn: str) -> str | None:
    """Write the combined PDF into ``katalog`` (the committee's files of this build) when
    its action plan was rendered; returns the file's name, or None (no plan)."""
    from vbe_lib.rapporter.handlingsplan import bilaga_lagesbild, bilaga_uppfoljning
    from vbe_lib.render.sammanfoga import Del, sammanfoga_pdf

    plan = katalog / publicerat_filnamn("handlingsplan", planar, slug, "pdf")
    if not plan.is_file():
        return None
    delar = [Del(plan, f"Handlingsplan mot våldsbejakande extremism {planar}")]
    for typ, titel, prefix in (("lagesbild", bilaga_lagesbild(planar), "Bilaga 1: "),
                               ("uppfoljning", bilaga_uppfoljning(planar), "Bilaga 2: ")):
        fil = katalog / publicerat_filnamn(typ, planar, slug, "pdf")
        if fil.is_file():
            delar.append(Del(fil, titel, prefix))
    namn = sammanfogat_filnamn(planar, slug)
    sammanfoga_pdf(delar, f"{namnd_namn}: handlingsplan mot våldsbejakande extremism {planar} med bilagor",
                   katalog / namn)
    return namn
