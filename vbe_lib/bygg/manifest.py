"""Build manifests: what was built, from what, with which software.

Per committee ``outputs/<Y>/<slug>/manifest.json`` and per run
``outputs/<Y>/manifest.json``. They hold only names, numbers, dates and sha256
hashes – never data values – so they can be published beside the reports.
Keys are sorted and the JSON is written the same way every time.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from functools import lru_cache
from importlib import metadata as im
from pathlib import Path
from typing import Any, Iterable

MANIFEST_VERSION = 1

#: packages whose versions are recorded
NYCKELPAKET = (
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupyter_client",
    "weasyprint",
    "babel",
    "vbe_lib",
)

#: folders and files under the data folder that are not inputs
IGNORERADE_NAMN = frozenset({".cache", "__pycache__", ".ipynb_checkpoints", ".DS_Store", ".git"})


def sha256_fil(sokvag: str | Path, blocksize: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(sokvag, "rb") as fh:
        while True:
            b = fh.read(blocksize)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def sha256_katalog(katalog: str | Path, prefix: str | None = None) -> dict[str, str]:
    """sha256 of every file under ``katalog`` (keys: ``prefix/relative/path``, sorted).

    ``.cache`` and other tool folders are skipped; symlinks to files are followed.
    """
    katalog = Path(katalog)
    prefix = katalog.name if prefix is None else prefix
    ut: dict[str, str] = {}
    if not katalog.is_dir():
        return ut
    for rot, kataloger, filer in os.walk(katalog):
        kataloger[:] = sorted(k for k in kataloger if k not in IGNORERADE_NAMN)
        for f in sorted(filer):
            if f in IGNORERADE_NAMN or f.startswith(".~lock") or f.startswith("~$"):
                continue
            p = Path(rot) / f
            if not p.is_file():
                continue
            rel = p.relative_to(katalog).as_posix()
            ut[f"{prefix}/{rel}" if prefix else rel] = sha256_fil(p)
    return dict(sorted(ut.items()))


#: the library's root folder (``vbe_lib/``; this module is in ``vbe_lib/bygg/``)
BIBLIOTEK = Path(__file__).resolve().parents[1]


def bibliotekshash(katalog: str | Path | None = None) -> str:
    """sha256 over every source file of the library (``vbe_lib/``: code, templates,
    fonts), by relative path and content; caches and compiled files are skipped."""
    katalog = Path(katalog) if katalog else BIBLIOTEK
    h = hashlib.sha256()
    for rel, sha in sha256_katalog(katalog, "").items():
        if rel.endswith((".pyc", ".pyo")) or "__pycache__" in rel.split("/"):
            continue
        h.update(f"{rel}\0{sha}\n".encode())
    return h.hexdigest()


def lasfil() -> Path | None:
    """The project's ``requirements.lock`` (next to the package), if there is one."""
    fil = BIBLIOTEK.parent / "requirements.lock"
    return fil if fil.is_file() else None


def beroendeversioner() -> dict[str, str | None]:
    """What the locked dependency versions amount to: the lock file's sha256 and the
    installed versions of the key packages (a reinstall without a lock change counts)."""
    fil = lasfil()
    return {
        "requirements.lock": sha256_fil(fil) if fil else None,
        **{k: v for k, v in paketversioner().items() if k != "vbe_lib"},
    }


def sammanfatta(varde: Any) -> str:
    """sha256 of a JSON value written canonically (sorted keys)."""
    text = json.dumps(varde, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def paketversioner(paket: Iterable[str] = NYCKELPAKET) -> dict[str, str | None]:
    ut: dict[str, str | None] = {"python": platform.python_version()}
    for p in paket:
        try:
            ut[p] = im.version(p)
        except im.PackageNotFoundError:
            ut[p] = None
    return ut


@lru_cache(maxsize=4)
def git_info(katalog: str | None = None) -> dict[str, Any]:
    """Commit of the project's git checkout, or ``None`` values if there is none."""
    katalog = katalog or str(Path(__file__).resolve().parent.parent)
    info: dict[str, Any] = {"commit": None, "andrad": None}
    try:
        r = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=katalog, capture_output=True, text=True, timeout=10
        )
        if r.returncode == 0:
            info["commit"] = r.stdout.strip()
            s = subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=katalog, capture_output=True, text=True, timeout=10,
            )
            if s.returncode == 0:
                info["andrad"] = bool(s.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def visningssokvag(p: str | Path) -> str:
    """A path for the manifest that does not reveal home folders: relative to the
    working directory when inside it, otherwise just the folder's name."""
    p = Path(p)
    try:
        absolut, cwd = p.resolve(), Path.cwd().resolve()
        if absolut.is_relative_to(cwd):
            return absolut.relative_to(cwd).as_posix() or "."
    except OSError:
        pass
    return p.name


def miljo() -> dict[str, Any]:
    return {
        "versioner": paketversioner(),
        "git": dict(git_info()),
        "plattform": platform.system(),
    }


def skriv_json(sokvag: str | Path, data: dict[str, Any]) -> None:
    """Write JSON deterministically (sorted keys, UTF-8, LF, trailing newline)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    Path(sokvag).write_text(text, encoding="utf-8", newline="\n")


def namnd_manifest(
    *,
    slug: str,
    planar: int,
    status: str,
    sekunder: dict[str, float],
    parametrar: dict[str, Any],
    indata: dict[str, str],
    notebooks: dict[str, str],
    filer: dict[str, str],
    felmeddelande: str | None = None,
    miljoinfo: dict[str, Any] | None = None,
    beroenden: dict[str, Any] | None = None,
    texter: dict[str, Any] | None = None,
    behallna: dict[str, str] | None = None,
    undanhallna: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The manifest of one committee's build.

    ``indata``: relative input path -> sha256 (the inputs the committee depends on);
    ``notebooks``: notebook name -> sha256; ``filer``: published file name -> sha256;
    ``sekunder``: step -> seconds; ``beroenden``: what the incremental build compares
    (``hash`` over inputs, parameters, notebooks, library source and dependency versions);
    ``texter``: the approval state of the committee's own text, when its reports carry one
    (:func:`vbe_lib.bygg.godkannande.manifestdel`: status, file hashes, names of figures that
    changed since approval – never values).
    ``behallna``: files an earlier build published that this one does not make, kept in
    the folder (name -> sha256; only written when there are any).
    ``undanhallna``: per report kind the number of texts withheld (privacy; counts only),
    shown on the index page.
    """
    extra: dict[str, Any] = {"beroenden": beroenden} if beroenden is not None else {}
    if texter is not None:
        extra["texter"] = texter
    if behallna:
        extra["behallna"] = dict(sorted(behallna.items()))
    if undanhallna is not None:
        extra["undanhallna"] = dict(sorted(undanhallna.items()))
    return {
        **extra,
        "manifestversion": MANIFEST_VERSION,
        "namnd": slug,
        "planar": planar,
        "status": status,
        "felmeddelande": felmeddelande,
        "sekunder": {k: round(v, 3) for k, v in sorted(sekunder.items())},
        "parametrar": parametrar,
        "indata": dict(sorted(indata.items())),
        "notebooks": dict(sorted(notebooks.items())),
        "filer": dict(sorted(filer.items())),
        "miljo": miljoinfo if miljoinfo is not None else miljo(),
    }


def korning_manifest(
    *,
    planar: int,
    resultat: list[dict[str, Any]],
    sekunder: float,
    parametrar: dict[str, Any],
    indata: dict[str, str],
    miljoinfo: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of a run (one plan year): every committee's status and files."""
    return {
        "manifestversion": MANIFEST_VERSION,
        "planar": planar,
        "sekunder": round(sekunder, 3),
        "antal": {
            s: sum(1 for r in resultat if r.get("status") == s) for s in ("klar", "fel", "hoppad")
        },
        "namnder": sorted(resultat, key=lambda r: r.get("namnd", "")),
        "parametrar": parametrar,
        "indata": dict(sorted(indata.items())),
        "miljo": miljoinfo if miljoinfo is not None else miljo(),
    }
