"""The index pages, ``<utdata>/<Y>/index.html`` and ``<utdata>/index.html``, made from the
manifests of the published folders (:mod:`vbe_lib.render.index` writes the HTML).

Written by every ``vbe rapport`` run at the end of the batch (:func:`skriv_index`),
atomically (a temporary file next to the page, then ``os.replace``). Only the manifests
and the configuration go in: the status of each committee comes from the run manifest
``<utdata>/<Y>/manifest.json`` (its latest build: klar, återanvänd, fel or refused, with
the kind of failure), its files, build date, withheld texts and the approval state of its
own text from its committee manifest ``<utdata>/<Y>/<slug>/manifest.json``. No clock, no
free text from a build (a failure's reason is said from its recorded kind), so the same
manifests give the same bytes. The published report files are not touched, and ``vbe
verifiera`` compares only the files a committee manifest lists.
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from vbe_lib.bygg.jobb import publicerat_filnamn
from vbe_lib.bygg.rapportjobb import STAD, STADSTYP, TYPER
from vbe_lib.presentation import fmt
from vbe_lib.render import index as rx

INDEX = "index.html"


def _las(fil: Path) -> dict[str, Any] | None:
    try:
        m = json.loads(fil.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) else None


def felorsak(fel: list[Any]) -> str:
    """A failure's reason in Swedish, from the run manifest's ``fel`` entries (kind, cell,
    exception class – never the message, which may quote data)."""
    delar: list[str] = []
    for f in fel if isinstance(fel, list) else []:
        if not isinstance(f, dict):
            continue
        typ, cell, undantag = f.get("typ"), f.get("cell"), f.get("undantag")
        i_cell = f" i cell {cell}" if isinstance(cell, int) else ""
        text = {
            "indata": "fel i indata"
                      + (f" ({fmt.antal_ord(f.get('antal'), 'problem', 'problem')})"
                         if isinstance(f.get("antal"), int) else "") + "; kör vbe validera",
            "cellfel": f"en cell i notebooken gav ett fel{i_cell}" + (f" ({undantag})" if undantag else ""),
            "tidsgrans": f"tidsgränsen överskreds{i_cell}",
            "karna": f"Python-kärnan dog{i_cell}",
            "avbruten": "bygget avbröts",
            "korning": f"notebooken kunde inte köras{i_cell}",
            "rendering": "rapporten innehöll något som inte får publiceras",
            "pdf": "PDF-filen kunde inte skapas",
            "docx": "Word-filen kunde inte skapas",
            "saknas": "en notebook saknas",
            "process": "arbetsprocessen avslutades oväntat",
            "sammanfogning": "den sammanfogade PDF-filen kunde inte skapas",
            "publicering": "de nya filerna kunde inte publiceras",
            "disk": "disken är full eller skrivskyddad",
            "minne": "slut på minne",
        }.get(typ, "oväntat fel")
        if text not in delar:
            delar.append(text)
    return "; ".join(delar) if delar else "okänt fel"


def _filer(m: dict[str, Any] | None, mapp: Path, planar: int, slug: str) -> tuple[dict[str, dict[str, str]], str | None]:
    """Report kind -> format -> file name of the files the manifest lists and that exist."""
    namn = set(m.get("filer", {})) if m and isinstance(m.get("filer"), dict) else set()
    namn |= set(m.get("behallna", {})) if m and isinstance(m.get("behallna"), dict) else set()
    ut: dict[str, dict[str, str]] = {}
    for typ in (*TYPER, STADSTYP):
        for f in rx.FORMAT:
            fil = publicerat_filnamn(typ, planar, slug, f)
            if fil in namn and (mapp / fil).is_file():
                ut.setdefault(typ, {})[f] = fil
    bilagor = f"handlingsplan-{planar}-{slug.lstrip('_')}-med-bilagor.pdf"
    return ut, bilagor if bilagor in namn and (mapp / bilagor).is_file() else None


def indexrad(arkatalog: Path, planar: int, slug: str, namn: str, post: dict[str, Any] | None) -> rx.Indexrad:
    """A committee's row: ``post`` is its line in the run manifest (None: never built by a
    run that left a run manifest)."""
    mapp = arkatalog / slug
    m = _las(mapp / "manifest.json")
    filer, bilagor = _filer(m, mapp, planar, slug)
    texter = m.get("texter") if m else None
    utkast = isinstance(texter, dict) and texter.get("status") == "utkast"
    anm: list[str] = []
    status_post = post.get("status") if post else None
    if status_post in ("fel", "hoppad"):
        status = rx.FEL
        anm.append(("Byggdes inte: " if status_post == "hoppad" else "Senaste bygget misslyckades: ")
                   + felorsak(post.get("fel", [])) + ".")  # type: ignore[union-attr]
        if m:
            anm.append("De tidigare publicerade filerna ligger kvar.")
    elif m is None:
        status = rx.EJ_BYGGD
    elif utkast:
        status = rx.UTKAST
        anm.append("Nämndens text saknar giltigt godkännande.")
        if post and post.get("ateranvand"):
            anm.append("Återanvänd: oförändrat sedan förra bygget.")
    elif post and post.get("ateranvand"):
        status = rx.ATERANVAND
    else:
        status = rx.KLAR
    undanhallna = m.get("undanhallna") if m else None
    antal = sum(v for v in undanhallna.values() if isinstance(v, int)) if isinstance(undanhallna, dict) else None
    byggdatum = (m.get("parametrar") or {}).get("byggdatum") if m else None
    return rx.Indexrad(slug=slug, namn=namn, status=status, anmarkningar=anm,
                       byggdatum=byggdatum if isinstance(byggdatum, str) else None,
                       filer=filer, med_bilagor=bilagor, undanhallna=antal)


def _namn(konf: Any, slug: str) -> str:
    if slug == STAD:
        return f"{konf.kommun.namn}, sammanställning" if konf is not None else "Sammanställning"
    if konf is not None and slug in konf.namnder:
        return konf.namnder[slug].namn
    return slug


def arsrader(utdata: Path, planar: int, konf: Any = None) -> tuple[list[rx.Indexrad], rx.Indexrad | None]:
    """The rows of a plan year's page: every committee of the year (from the configuration,
    in its order) and every other committee with a published folder or a run-manifest line,
    and the city summary's row (None if it was never built)."""
    arkatalog = utdata / str(planar)
    korning = _las(arkatalog / "manifest.json") or {}
    poster = {p.get("namnd"): p for p in korning.get("namnder", []) if isinstance(p, dict)}
    slugs: list[str] = []
    if konf is not None:
        with contextlib.suppress(Exception):
            slugs = [n.slug for n in konf.namnder_planar(planar)]
    ovriga = {p.parent.name for p in arkatalog.glob("*/manifest.json")} | {s for s in poster if isinstance(s, str)}
    slugs += sorted(s for s in ovriga if s not in slugs and s != STAD and not s.startswith("."))
    rader = [indexrad(arkatalog, planar, s, _namn(konf, s), poster.get(s)) for s in slugs]
    stad = None
    if STAD in poster or (arkatalog / STAD / "manifest.json").is_file():
        stad = indexrad(arkatalog, planar, STAD, _namn(konf, STAD), poster.get(STAD))
    return rader, stad


def _skriv(fil: Path, text: str, korning_id: str) -> None:
    """Write ``text`` to ``fil`` atomically (a ``.tmp-index-<id>`` next to it, which the
    clean-up of interrupted runs removes, then ``os.replace``)."""
    tmp = fil.parent / f".tmp-index-{korning_id}"
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, fil)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _ar(utdata: Path) -> list[int]:
    return sorted(int(p.name) for p in utdata.iterdir()
                  if p.is_dir() and p.name.isdigit() and (p / "manifest.json").is_file()) if utdata.is_dir() else []


def skriv_index(utdata: str | Path, ar: list[int], konf: Any = None, korning_id: str = "00000000") -> list[Path]:
    """Write ``<utdata>/<Y>/index.html`` for every plan year in ``ar`` and the overview
    ``<utdata>/index.html``; returns the pages written."""
    utdata = Path(utdata)
    from vbe_lib.parametrar.ordlistor import ord_for

    kommun = konf.kommun.namn if konf is not None else ""
    # "Stadens sammanställning" / "Kommunens sammanställning": the municipality's words
    sammanstallning = f"{ord_for(konf).Kommunens} sammanställning"
    overgripande = ord_for(konf).overgripande
    skrivna = []
    lasta: dict[int, Any] = {}  # each year's manifests read once, for its page and the overview
    for planar in sorted(set(ar)):
        arkatalog = utdata / str(planar)
        if not arkatalog.is_dir():
            continue
        rader, stad = lasta[planar] = arsrader(utdata, planar, konf)
        _skriv(arkatalog / INDEX, rx.arssida(planar, kommun, rader, stad, sammanstallning, overgripande), korning_id)
        skrivna.append(arkatalog / INDEX)
    alla = []
    for planar in _ar(utdata):
        rader, stad = lasta.get(planar) or arsrader(utdata, planar, konf)
        html = stad.filer.get(STADSTYP, {}).get("html") if stad else None
        alla.append(rx.Arsrad(
            planar=planar, namnder=len(rader),
            klara=sum(r.status in (rx.KLAR, rx.ATERANVAND, rx.UTKAST) for r in rader),
            fel=sum(r.status == rx.FEL for r in rader), utkast=sum(r.status == rx.UTKAST for r in rader),
            sammanstallning=f"{STAD}/{html}" if html else None))
    if utdata.is_dir():
        _skriv(utdata / INDEX, rx.oversikt(kommun, alla, sammanstallning), korning_id)
        skrivna.append(utdata / INDEX)
    return skrivna
