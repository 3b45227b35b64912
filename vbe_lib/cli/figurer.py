"""``vbe figurer``: every figure of a committee's lägesbild by name, for its own text."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vbe_lib.cli import app
from vbe_lib.cli.gemensamt import AnvandarFel, fel as _fel, kontrollera_planar, las_konfiguration, namnd_for_ar



@app.command("figurer")
def figurer_kommando(
    namnd: str = typer.Option(..., "--namnd", help="Nämnd (slug eller namn)."),
    ar: int = typer.Option(..., "--ar", help="Planår (t.ex. 2021)."),
    avsnitt: Optional[str] = typer.Option(None, "--avsnitt", help="Bara ett avsnitt (rubriken, t.ex. \"Klotter\")."),
    data: Path = typer.Option(Path("data"), "--data", help="Mappen med indata."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar", help="Mappen med kommun.yml och namnder/."),
) -> None:
    """Lista figurerna i nämndens lägesbild: namn, värde som i rapporten och avsnitt.

    Skriv {{ namn }} i nämndens text (data/texter/ÅR/NÄMND.md) för att infoga en figur.
    Figurer som rapporten döljer för att skydda enskilda personer kan inte citeras.
    """
    try:
        kod = _lista(namnd, ar, avsnitt, data, parametrar)
    except AnvandarFel as exc:
        for rad in str(exc).splitlines():
            _fel(f"fel: {rad}")
        kod = 2
    raise typer.Exit(kod)


def _lista(namnd: str, ar: int, avsnitt: str | None, data: Path, parametrar: Path) -> int:
    from vbe_lib.indata.dataset import las_data
    from vbe_lib.indata.texter import AVSNITT, hitta_avsnitt
    from vbe_lib.rapporter.lagesbild import Lagesbild
    from vbe_lib.rapporter.texter import figurer

    konf = las_konfiguration(parametrar)
    kontrollera_planar(konf, ar)
    slug = namnd_for_ar(konf, namnd, ar)
    if not data.is_dir():
        raise AnvandarFel(f"datamappen {data} finns inte – ange den med --data.")
    nyckel = None
    if avsnitt is not None:
        nyckel = avsnitt if avsnitt in AVSNITT else hitta_avsnitt(avsnitt)
        if nyckel is None:
            raise AnvandarFel(f'okänt avsnitt "{avsnitt}" – avsnitten är ' + ", ".join(f'"{r}"' for r in AVSNITT.values()))
    lb = Lagesbild.fran(konf, las_data(data, konf, cache=True), slug, ar)
    df = figurer(lb, avsnitt=nyckel)
    n = konf.namnder[slug]
    typer.echo(f"Figurer i lägesbilden för {n.namn} {ar}: {len(df)}. Skriv {{{{ namn }}}} i texten "
               f"(data/texter/{ar}/{slug}.md) för att infoga en figur så som rapporten visar den.")
    for rubrik, grupp in df.groupby("avsnitt", sort=False):
        bredd = max(len(x) for x in grupp["namn"])
        vbredd = max(len(x) for x in grupp["värde"])
        typer.echo(f"\n{rubrik}")
        for r in grupp.itertuples():
            dold = "" if r.kan_citeras else " [dold i rapporten för att skydda enskilda personer: kan inte citeras]"
            typer.echo(f"  {r.namn:<{bredd}}  {r.värde.replace(chr(160), ' '):<{vbredd}}  {r.beskrivning}{dold}")
    return 0
