"""Activities of the action plans (aktiviteter): data, validation, follow-up, revision.

* :mod:`.las`       load and validate activity files (``data/aktiviteter/<Y>/<slug>.xlsx``)
* :mod:`.analys`    the follow-up: status counts, tables, past timelines, changes, sentences
* :mod:`.excel`     Excel export of the follow-up tables (deterministic bytes)
* :mod:`.revidera`  carry unfinished activities of plan Y into plan Y+1
* :mod:`.exempel`   fictitious example activity files

The file format is documented in ``docs/aktiviteter.md``.
"""
from __future__ import annotations

from .las import (  # noqa: F401
    KOLUMNER,
    Aktivitetslista,
    Problem,
    hitta_fil,
    las_aktiviteter,
    las_namnd,
    validera,
)
