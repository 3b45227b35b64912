"""Publishing a committee's finished files: moved into place with its manifest, the
files of a failed run kept for the coordinator, and the run manifest of a plan year."""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import threading
from pathlib import Path
from typing import Any

from vbe_lib.bygg import manifest as mf
from vbe_lib.bygg.godkannande import textstatus_for

from vbe_lib.bygg.jobb import Resultat

@contextlib.contextmanager
def _uppskjut_avbrott():
    """Defer Ctrl-C while files are moved into place (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    mottagen: list[Any] = []
    tidigare = signal.signal(signal.SIGINT, lambda s, f: mottagen.append(s))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, tidigare)
        if mottagen:
            raise KeyboardInterrupt


def _tidigare_publicerade(publicerat: Path) -> set[str]:
    """Names of the files the previous build published here (its manifest's list)."""
    import json

    try:
        filer = json.loads((publicerat / "manifest.json").read_text(encoding="utf-8")).get("filer", {})
    except (OSError, ValueError, AttributeError):
        return set()
    return {n for n in filer if isinstance(n, str) and "/" not in n and "\\" not in n} if isinstance(filer, dict) \
        else set()


def _flytta_pa_plats(tmp: Path, publicerat: Path, internt: Path) -> list[Path]:
    """Move a complete committee into place, file by file; manifest last. Files the
    previous build published that this build does not make (e.g. a follow-up that
    no longer has tables for Excel) are removed, so that no stale report can be
    attached by mistake; other files in the folder are left alone."""
    publicerat.mkdir(parents=True, exist_ok=True)
    internt.mkdir(parents=True, exist_ok=True)
    flyttade: list[Path] = []
    tidigare = _tidigare_publicerade(publicerat)
    with _uppskjut_avbrott():
        for f in sorted((tmp / "internt").iterdir()):
            os.replace(f, internt / f.name)
        filer = sorted((tmp / "publicerat").iterdir(), key=lambda p: (p.name == "manifest.json", p.name))
        for f in filer:
            mal = publicerat / f.name
            os.replace(f, mal)
            flyttade.append(mal)
        for namn in sorted(tidigare - {f.name for f in filer}):
            with contextlib.suppress(OSError):
                (publicerat / namn).unlink()
        shutil.rmtree(internt / "misslyckad", ignore_errors=True)
    return flyttade


def _spara_misslyckad(tmp: Path, internt: Path) -> list[Path]:
    """Keep the executed notebooks and logs of a failed committee for the coordinator."""
    kalla = tmp / "internt"
    filer = sorted(kalla.iterdir()) if kalla.is_dir() else []
    if not filer:
        return []
    mal = internt / "misslyckad"
    mal.mkdir(parents=True, exist_ok=True)
    ut = []
    for f in filer:
        os.replace(f, mal / f.name)
        ut.append(mal / f.name)
    return ut


def _skriv_korningsmanifest(arkatalog: Path, planar: int, poster: list[dict[str, Any]], sekunder: float,
                            parametrar: dict[str, Any], indata: dict[str, str], miljo: dict[str, Any]) -> None:
    fil = arkatalog / "manifest.json"
    tidigare: list[dict[str, Any]] = []
    if fil.is_file():
        import json

        with contextlib.suppress(Exception):
            tidigare = json.loads(fil.read_text(encoding="utf-8")).get("namnder", [])
    byggda = {p["namnd"] for p in poster}
    alla = [p for p in tidigare if p.get("namnd") not in byggda] + poster
    data = mf.korning_manifest(planar=planar, resultat=alla, sekunder=sekunder, parametrar=parametrar,
                               indata=indata, miljoinfo=miljo)
    tmpfil = arkatalog / f".manifest-{secrets.token_hex(4)}.json"
    mf.skriv_json(tmpfil, data)
    os.replace(tmpfil, fil)



def _manifestpost(r: Resultat) -> dict[str, Any]:
    """A committee's line in the run manifest: no free text that could carry data."""
    post: dict[str, Any] = {
        "namnd": r.slug,
        "status": r.status,
        "typer": list(r.typer),
        "sekunder": round(r.sekunder, 3),
        "tider": dict(sorted(r.tider.items())),
        "filer": {p.name: mf.sha256_fil(p) for p in r.filer if p.is_file()},
        "ateranvand": r.ateranvand,
    }
    if r.fel:
        post["fel"] = r.fel
    texter = textstatus_for(r)  # "utkast"/"godkänd" when the lägesbild carries the committee's own text
    if texter is not None:
        post["texter"] = texter
    return post
