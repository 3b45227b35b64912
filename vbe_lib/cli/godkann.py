"""``vbe godkann``: approve a committee's own text as it stands, with the figures it cites."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from vbe_lib.cli import app
from vbe_lib.cli.gemensamt import AnvandarFel, fel as _fel, kontrollera_planar, las_konfiguration, namnd_for_ar


@app.command("godkann")
def godkann_kommando(
    ar: int = typer.Option(..., "--ar", help="Planår (t.ex. 2021)."),
    namnd: Optional[list[str]] = typer.Option(None, "--namnd", help="Nämnd (slug eller namn). Kan anges flera gånger."),
    alla: bool = typer.Option(False, "--alla", help="Alla nämnder med en text för planåret."),
    data: Path = typer.Option(Path("data"), "--data", help="Mappen med indata."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar", help="Mappen med kommun.yml och namnder/."),
    datum: Optional[str] = typer.Option(None, "--datum", help="Godkännandets datum, ÅÅÅÅ-MM-DD (standard: i dag)."),
) -> None:
    """Godkänn nämndens text (data/texter/ÅR/NÄMND.md och _kommun.md) så som den ser ut nu.

    Texternas kontrollsummor och värdena på de figurer texten citerar sparas i
    data/texter/ÅR/NÄMND.godkannande.yml. Till dess är nämndens lägesbild märkt "Utkast",
    och den blir det igen om texten ändras eller en citerad figur får ett annat värde.
    """
    try:
        kod = _godkann(ar, namnd or [], alla, data, parametrar, datum)
    except AnvandarFel as exc:
        for rad in str(exc).splitlines():
            _fel(f"fel: {rad}")
        kod = 2
    raise typer.Exit(kod)



def _godkann(ar: int, namnder: list[str], alla: bool, data: Path, parametrar: Path, datum_text: str | None) -> int:
    from vbe_lib.bygg.godkannande import godkann
    from vbe_lib.indata.dataset import las_data
    from vbe_lib.indata.texter import KOMMUN, MAPP, textfiler
    from vbe_lib.parametrar.byggdatum import standard_byggdatum

    if bool(namnder) == alla:
        raise AnvandarFel("ange --namnd SLUG (en eller flera) eller --alla.")
    try:
        datum = dt.date.fromisoformat(datum_text) if datum_text else standard_byggdatum()
    except ValueError:
        raise AnvandarFel(f"--datum '{datum_text}' är inte ett datum ÅÅÅÅ-MM-DD.") from None
    konf = las_konfiguration(parametrar)
    kontrollera_planar(konf, ar)
    if not data.is_dir():
        raise AnvandarFel(f"datamappen {data} finns inte – ange den med --data.")
    if alla:
        slugs = [n.slug for n in konf.namnder_planar(ar) if textfiler(data, n.slug, ar)]
        if not slugs:
            typer.echo(f"Ingen nämnd har en text för {ar} ({MAPP}/{ar}/<nämnd>.md eller {MAPP}/{ar}/{KOMMUN}.md).")
            return 0
    else:
        slugs = list(dict.fromkeys(namnd_for_ar(konf, n, ar) for n in namnder))
    ds = las_data(data, konf, cache=True)
    kod = 0
    for slug in slugs:
        namn = konf.namnder[slug].namn
        fel_i_data = ds.problem_for_namnd(slug, konf)
        if fel_i_data:
            _fel(f"{namn} ({slug}): {len(fel_i_data)} fel i indata – rätta dem först (vbe validera --ar {ar}); "
                 "texten godkändes inte.")
            kod = 1
            continue
        g = godkann(konf, ds, slug, ar, datum)
        if not g.texter:
            _fel(f"{namn} ({slug}) har ingen text för {ar}: varken {MAPP}/{ar}/{slug}.md eller "
                 f"{MAPP}/{ar}/{KOMMUN}.md finns.")
            kod = 1
            continue
        for p in g.varningar:
            typer.echo(str(p))
        if g.fel:
            for p in g.fel:
                _fel(f"fel: {p}")
            _fel(f"{namn} ({slug}): texten godkändes inte – rätta felen ovan.")
            kod = 1
            continue
        texter = " och ".join(g.texter)
        figurer = "; ".join(f"{n} = {v}" for n, v in g.figurer.items()).replace("\u00a0", " ")
        antal = f"{len(g.figurer)} {'figur' if len(g.figurer) == 1 else 'figurer'}"
        if g.redan:
            typer.echo(f"{namn} ({slug}): {texter} är redan godkänd och de citerade figurerna är oförändrade "
                       f"({antal}); inget ändrades.")
            continue
        for n, fore in g.tidigare.items():
            typer.echo(f"  {n}: {fore} när texten godkändes förra gången, nu {g.figurer.get(n)}".replace("\u00a0", " "))
        typer.echo(f"{namn} ({slug}): {texter} godkänd {datum.isoformat()} med {antal}"
                   + (f" ({figurer})" if figurer else "") + f". Godkännandet står i {MAPP}/{ar}/{g.fil.name}.")
        typer.echo(f"  Bygg om rapporten utan utkastmärkning: vbe rapport --namnd {slug} --ar {ar}")
    return kod
