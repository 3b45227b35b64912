"""The journal of ``vbe importera``'s last step: its validated files being moved into the
data folder (:func:`vbe_lib.indata.importera.gemensam.skriv_filer`).

Each file is replaced atomically; a journal written before the first rename and removed
after the last makes the set of files atomic too: a process killed in between leaves the
journal and its staged files, :func:`slutfor_avbrutna` (the next ``vbe importera``) moves
the rest into place, and until then :func:`avbrutna_importer` lets the dataset report the
unfinished import as an error (:mod:`vbe_lib.indata.dataset`). No other vbe module is
imported here, so that reading the data does not load the importers.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

#: the journal of an import whose files are being moved into place (``<JOURNAL>-<stage>.json``)
JOURNAL = ".importera-pagaende"


def skriv_journal(data_dir: Path, stage: Path, filer: list[str], ta_bort: list[str]) -> Path:
    journal = journalfil(data_dir, stage)
    tmp = journal.with_name(journal.name + ".tmp")
    tmp.write_text(json.dumps({"stage": stage.name, "filer": filer, "ta_bort": ta_bort}, ensure_ascii=False),
                   encoding="utf-8")
    os.replace(tmp, journal)
    return journal


def journalfil(data_dir: Path, stage: Path) -> Path:
    return data_dir / f"{JOURNAL}-{stage.name}.json"


def _inom(data_dir: Path, rel: object) -> str:
    """``rel`` when it is a path inside ``data_dir`` (a journal is input like any file in
    ``data/``: it never moves or removes anything outside it)."""
    text = str(rel)
    rot = data_dir.resolve()
    if not text or Path(text).is_absolute() or ".." in Path(text).parts or \
            not (rot / text).resolve().is_relative_to(rot):
        raise ValueError(f"journalen pekar utanför datamappen: {text!r}")
    return text


def slutfor(data_dir: Path, journal: Path) -> list[str]:
    """Move the journal's staged files into place (those not moved yet), remove its stale
    files, then the journal and the staging folder; returns the removed files. Raises
    ValueError for a journal that names anything but a staging folder and files inside
    the data folder."""
    j = json.loads(journal.read_text(encoding="utf-8"))
    namn = str(j["stage"])
    if not namn.startswith(".importera-") or "/" in namn or "\\" in namn or namn in (".", ".."):
        raise ValueError(f"journalen pekar inte på en importmapp: {namn!r}")
    stage = data_dir / namn
    filer = [_inom(data_dir, r) for r in j["filer"]]
    ta_bort = [_inom(data_dir, r) for r in j.get("ta_bort") or []]
    for rel in filer:
        if (stage / rel).is_file():
            mal = data_dir / rel
            mal.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / rel, mal)
    borttagna = []
    for rel in ta_bort:
        with contextlib.suppress(FileNotFoundError):
            (data_dir / rel).unlink()
            borttagna.append(rel)
    journal.unlink()
    shutil.rmtree(stage, ignore_errors=True)
    return borttagna


def avbrutna_importer(data_dir: str | Path) -> list[tuple[str, list[str]]]:
    """Unfinished imports in ``data_dir``: (journal file name, the files it writes)."""
    ut = []
    for journal in sorted(Path(data_dir).glob(f"{JOURNAL}-*.json")):
        try:
            filer = [str(f) for f in json.loads(journal.read_text(encoding="utf-8")).get("filer", [])]
        except (OSError, ValueError, AttributeError):
            filer = []
        ut.append((journal.name, filer))
    return ut


def slutfor_avbrutna(data_dir: str | Path) -> list[str]:
    """Finish the imports a killed ``vbe importera`` left half moved; returns the files
    they wrote. A journal that cannot be read is left (the validation keeps naming it)."""
    klara: list[str] = []
    for namn, filer in avbrutna_importer(data_dir):
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            slutfor(Path(data_dir), Path(data_dir) / namn)
            klara += filer
    return klara
