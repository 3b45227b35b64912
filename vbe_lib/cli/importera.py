"""``vbe importera KÄLLA FIL``: an export in the source's own layout → the contract file."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from vbe_lib.cli import app

_KALLOR = "brott, sammankomster, orosanmalningar, blanketter, ia, klotter, webbutbildning, enkat, " \
          "tillfragade, handelser, polis"


@app.command("importera")
def importera_kommando(
    kalla: str = typer.Argument(..., metavar="KÄLLA", help=f"Vilken källa filen är: {_KALLOR}."),
    fil: Path = typer.Argument(..., metavar="FIL", help="Exporten: Excel (.xlsx), CSV, PC-Axis (.px), "
                               "JSON-stat (.json), Word (.docx) eller text (.txt)."),
    ar: Optional[int] = typer.Option(None, "--ar", help="Planåret (krävs för enkat, tillfragade, handelser och "
                                     "polis, som skrivs per år)."),
    namnd: Optional[str] = typer.Option(None, "--namnd", help="Polisens text: nämnden texten gäller "
                                        "(annars filnamnet)."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Ersätt en fil som redan finns."),
    byt_ar: bool = typer.Option(False, "--byt-ar", help="Stadsövergripande tabeller: ersätt bara exportens år i "
                                "en fil som redan finns och behåll filens övriga år."),
    forhandsgranska: bool = typer.Option(False, "--forhandsgranska", help="Visa bara förhandsgranskningen; "
                                         "skriv ingenting."),
    ny_katalog: bool = typer.Option(False, "--ny-katalog", help="Enkät: föreslå en frågekatalog "
                                    "(enkat/<år>/fragor.csv) ur exportens frågor i stället för att läsa svaren."),
    mappning: Optional[Path] = typer.Option(None, "--mappning", help="En mappningsfil i stället för "
                                            "parameters/import/<källa>.yml."),
    data: Path = typer.Option(Path("data"), "--data", help="Datamappen som filerna skrivs till."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar", help="Mappen med kommun.yml, namnder/ "
                                    "och import/."),
) -> None:
    """Läs en export i källans egen form och skriv datakontraktets fil.

    Först visas en förhandsgranskning (rader som lästs och hoppats över, namn och värden
    som översatts). Sedan skrivs filen – bara om inget fel hittades, och en fil som redan
    finns ersätts bara med --skriv-over – och kontrolleras som med vbe validera.
    """
    raise typer.Exit(_kor(kalla, fil, ar, namnd, skriv_over, forhandsgranska, ny_katalog, mappning, data,
                          parametrar, byt_ar))


def _kor(kalla, fil, ar, namnd, skriv_over, forhandsgranska, ny_katalog, mappning, data, parametrar,
         byt_ar=False) -> int:
    from vbe_lib.cli.gemensamt import AnvandarFel, fel, las_konfiguration

    try:
        from vbe_lib.indata.importera import ImportFel, importera
        from vbe_lib.indata.problem import sortera

        konf = las_konfiguration(parametrar)
        try:
            res = importera(kalla.strip().casefold(), fil, konf, data, parametrar, ar=ar, skriv_over=skriv_over,
                            bara_forhandsvisning=forhandsgranska, mappning_fil=mappning, namnd=namnd,
                            ny_katalog=ny_katalog, byt_ar=byt_ar)
        except ImportFel as exc:
            for m in exc.meddelanden:
                fel(m)
            return 2
        if res.slutforda:
            typer.echo("En tidigare import avbröts medan filerna byttes ut; den är nu slutförd: "
                       + ", ".join(str(data / r) for r in res.slutforda) + ".")
        fv = res.forhandsvisning
        for rad in fv.rader():
            typer.echo(rad)
        problem = sortera(fv.problem)
        for p in problem:
            _skriv(str(p), "red" if p.ar_fel else "yellow")
        if fv.fel:
            typer.echo(f"Ingenting skrevs: {_antal(len(fv.fel), 'fel', 'fel')} i exporten. Rätta exporten "
                       "eller mappningen och kör kommandot igen.")
            return 1
        if res.skrivning is None:
            typer.echo("Förhandsgranskning: ingenting skrevs." if forhandsgranska else "Ingenting skrevs.")
            return 0
        s = res.skrivning
        mal = ", ".join(str(data / r) for r in fv.utfiler)
        if s.utfall == "oforandrad":
            typer.echo(f"{mal}: finns redan med samma innehåll – ingenting ändrades.")
            return 0
        if s.utfall == "finns":
            typer.echo(f"{', '.join(str(data / r) for r in s.befintliga)} finns redan – ingenting ändrades. "
                       "Kör med --skriv-over för att ersätta.")
            return 1
        for p in s.problem:
            _skriv(str(p), "red" if p.ar_fel else "yellow")
        fel_antal = sum(p.ar_fel for p in s.problem)
        varn = len(s.problem) - fel_antal
        if s.utfall == "fel":
            typer.echo(f"Ingenting skrevs: kontrollen (som vbe validera) hittade {_antal(fel_antal, 'fel', 'fel')} "
                       f"i det som skulle skrivas.")
            return 1
        ersatt = " (ersatte den tidigare)" if s.befintliga else ""
        if s.borttagna:
            typer.echo("Tog bort " + ", ".join(str(data / r) for r in s.borttagna) + ".")
        skrivna = ", ".join(str(data / r) for r in s.skrivna) or mal
        typer.echo(f"Skrev {skrivna}{ersatt}. Kontrollen: {fel_antal} fel och "
                   f"{_antal(varn, 'varning', 'varningar')}.")
        return 0
    except AnvandarFel as exc:
        fel(str(exc))
        return 2
    except KeyboardInterrupt:
        from vbe_lib.indata.importjournal import slutfor_avbrutna

        klara = slutfor_avbrutna(data) if data.is_dir() else []
        if klara:  # cut off while the files were being moved in: finished now, never half
            fel("Avbrutet medan filerna byttes ut – bytet slutfördes: " + ", ".join(str(data / r) for r in klara) + ".")
        else:
            fel("Avbrutet – ingenting skrevs (en fil ersätts bara när den är färdig).")
        return 130
    except Exception as exc:  # noqa: BLE001 – never a traceback for the user
        fel(f"Oväntat fel vid importen ({type(exc).__name__}: {exc}). Ingen fil i {data} har ändrats om inte "
            "meddelandet ovan säger det; rapportera felet om det består.")
        return 1


def _antal(n: int, en: str, flera: str) -> str:
    return f"{n} {en if n == 1 else flera}"


def _skriv(text: str, stil: str) -> None:
    if sys.stdout.isatty():
        try:
            from rich.console import Console
            from rich.markup import escape

            Console(highlight=False, soft_wrap=True).print(f"[{stil}]{escape(text)}[/{stil}]")
            return
        except Exception:  # noqa: BLE001
            pass
    typer.echo(text)
