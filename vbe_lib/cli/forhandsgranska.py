"""``vbe forhandsgranska``: one committee's reports in the browser, rebuilt and reloaded when a
watched file is saved (:mod:`vbe_lib.bygg.forhandsgranskning`).

Exit codes: 2 wrong use (unknown committee, missing folders or notebooks, a port that is
taken), 130/143/129 stopped with Ctrl-C, SIGTERM or SIGHUP – the normal way to end it.
"""
from __future__ import annotations

import errno
from pathlib import Path
from typing import Optional

import typer

from vbe_lib.bygg.rapportjobb import TYPER, standard_notebooks
from vbe_lib.cli import app
from vbe_lib.cli.gemensamt import (AnvandarFel, kontrollera_planar, kontrollera_utdata, kor_kommando,
                                   las_konfiguration, namnd_for_ar, namnlista, tolka_byggdatum)


@app.command("forhandsgranska")
def forhandsgranska_kommando(
    namnd: str = typer.Option(..., "--namnd", help="Nämnd (slug eller namn)."),
    ar: int = typer.Option(..., "--ar", help="Planår (t.ex. 2021)."),
    data: Path = typer.Option(Path("data"), "--data", help="Mappen med indata (bevakas)."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar", help="Mappen med kommun.yml och namnder/ (bevakas)."),
    notebooks: Optional[Path] = typer.Option(None, "--notebooks", help="Mappen med rapportnotebookarna (bevakas; standard: projektets notebooks/)."),
    utdata: Path = typer.Option(Path("outputs"), "--utdata", help="Utdatamappen; förhandsgranskningen byggs i dess _forhandsgranskning/."),
    port: int = typer.Option(0, "--port", min=0, max=65535, help="Port på 127.0.0.1 (standard 0: en ledig port)."),
    byggdatum: Optional[str] = typer.Option(None, "--byggdatum", help="Datum i rapporten, ÅÅÅÅ-MM-DD (standard: SOURCE_DATE_EPOCH eller i dag)."),
    vila: float = typer.Option(2.0, "--vila", min=0.1, max=600.0, help="Sekunder utan sparad ändring innan PDF- och Word-filerna byggs efter webbsidan (standard 2)."),
) -> None:
    """Visa nämndens rapporter i webbläsaren och bygg om dem när en fil sparas.

    En lokal webbserver (bara på den här datorn, 127.0.0.1) visar lägesbild, uppföljning
    och handlingsplan. data/ (med nämndernas texter), parameters/ och notebookarna
    bevakas; när en ändring sparas byggs rapporterna om som med vbe rapport, och sidan
    laddas om. Fel visas på sidan, ovanför den senaste rapporten som lyckades.
    Rapporterna byggs i UTDATA/_forhandsgranskning/ – de publicerade rörs inte.
    Avsluta med Ctrl-C.
    """
    kod = kor_kommando(lambda: _kor(namnd, ar, data, parametrar, notebooks, utdata, port, byggdatum, vila),
                       namn="forhandsgranska", utdata=utdata, vad="förhandsgranskningen stoppades",
                       vid_avbrott=lambda a: [f"Förhandsgranskningen avslutades {a.orsak}."])
    raise typer.Exit(kod)


def _kor(namnd: str, ar: int, data: Path, parametrar: Path, notebooks: Path | None, utdata: Path, port: int,
         byggdatum_text: str | None, vila: float = 2.0) -> int:
    from vbe_lib.bygg.forhandsgranskning import forhandsgranska, forhandsmapp

    konf = las_konfiguration(parametrar)
    kontrollera_planar(konf, ar)
    slug = namnd_for_ar(konf, namnd, ar)
    if not data.is_dir():
        raise AnvandarFel(f"datamappen {data} finns inte – ange den med --data.")
    nbkat = notebooks or standard_notebooks()
    saknas = [nbkat / f"{t}.ipynb" for t in TYPER if not (nbkat / f"{t}.ipynb").is_file()]
    if saknas:
        raise AnvandarFel("\n".join([f"notebooken {p} finns inte." for p in saknas]
                                    + [f"mappen med --notebooks ska innehålla "
                                       f"{namnlista([f'{t}.ipynb' for t in TYPER])}."]))
    datum = tolka_byggdatum(byggdatum_text)
    kontrollera_utdata(forhandsmapp(utdata), [ar])

    def meddela(rad: str) -> None:
        print(rad, flush=True)

    def klar(url: str) -> None:
        meddela(f"Förhandsgranskningen av {konf.namnder[slug].namn}, planår {ar}, finns på {url}")
        meddela("Öppna adressen i webbläsaren. Data, parametrar, texter och notebookar bevakas; avsluta med Ctrl-C.")

    try:
        forhandsgranska(slug, ar, data, parametrar, nbkat, utdata, port=port, meddela=meddela, klar=klar,
                        byggdatum=datum, vila=vila)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise AnvandarFel(f"porten {port} på 127.0.0.1 är upptagen – ange en annan med --port, eller ingen "
                              "så väljs en ledig.") from None
        raise
    return 0  # not reached: the preview runs until it is interrupted
