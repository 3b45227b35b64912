"""A source table's own metadata, kept beside its contract file by ``vbe importera``.

``brott.csv`` imported from a statistics database gets ``brott.kalla.yml`` beside it with
the table's title, source, unit, footnotes and symbols, so that a report's source line
can name them. The file is optional; :func:`las_kallmetadata` returns None without it.
Keys (all optional): ``titel``, ``innehall``, ``kalla``, ``enhet``, ``fotnoter`` (list),
``symboler`` (symbol -> meaning), ``tabell`` (table id), ``uppdaterad``,
``importerad_fran`` (the export's file name), ``sha256`` (of the export).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: Suffix of the metadata file beside ``<bas>.csv``.
SUFFIX = ".kalla.yml"


def kallmetadata_fil(data_dir: str | Path, bas: str) -> Path:
    return Path(data_dir) / f"{bas}{SUFFIX}"


def las_kallmetadata(data_dir: str | Path, bas: str) -> dict[str, Any] | None:
    """The metadata of source ``bas`` (e.g. "brott"), or None when there is none or it
    cannot be read (a report then keeps its standard source line)."""
    p = kallmetadata_fil(data_dir, bas)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None
