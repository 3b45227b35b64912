"""``data/datakalla.yml``: what the data folder says about itself (stdlib + PyYAML only,
cheap to import for the CLI)."""
from __future__ import annotations

from pathlib import Path


def ar_exempeldata(data_dir: str | Path) -> bool:
    """True when ``datakalla.yml`` says ``exempeldata: true``, or when the file exists
    but cannot be read (better to mark real data as fictitious than the other way)."""
    fil = Path(data_dir) / "datakalla.yml"
    if not fil.is_file():
        return False
    try:
        from vbe_lib.parametrar.yamlfil import las_yaml

        innehall = las_yaml(fil) or {}
        v = innehall.get("exempeldata", False) if isinstance(innehall, dict) else True
        return v if isinstance(v, bool) else True
    except Exception:  # noqa: BLE001
        return True
