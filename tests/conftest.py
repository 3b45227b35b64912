"""Test-session ordering for ``pytest -n auto --dist loadfile`` (``make test``).

xdist's ``loadfile`` hands whole files to the workers in collection order, so a slow
file collected last keeps one worker busy while the other idles (on 2 cores the tail
was about two minutes). The slowest files, measured with ``--durations=0``
(sum of setup, call and teardown per file), are therefore collected first: longest
processing time first, the usual greedy rule for balancing work across workers.
The order only changes scheduling; every test still runs, and each file keeps its own
order.
"""
from __future__ import annotations

import pytest

# Slowest first; measured 4 December 2026 on 2 cores (seconds per file, all tests
# together about 630 s of worker time).
# A file not listed keeps its place after these, in the default order.
TUNGA_FILER = (
    "test_lagesbild.py",  # 78 s
    "test_e2e.py",  # 74 s
    "test_texter.py",  # 52 s
    "test_inkrementell.py",  # 51 s
    "test_reproducerbarhet.py",  # 44 s
    "test_lacka.py",  # 34 s
    "test_utsnitt.py",  # 34 s
    "test_fel_bygg.py",  # 32 s
    "test_exempeldata.py",  # 32 s
    "test_sammanstallning.py",  # 22 s
    "test_batch.py",  # 20 s
    "test_handlingsplan.py",  # 19 s
    "test_saknas_egenskaper.py",  # 15 s
    "test_karnserver.py",  # 14 s
    "test_forhandsgranskning.py",  # 13 s
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rang = {namn: i for i, namn in enumerate(TUNGA_FILER)}

    def nyckel(par: tuple[int, pytest.Item]) -> tuple[int, int]:
        plats, item = par
        return (rang.get(item.path.name, len(TUNGA_FILER)), plats)

    items[:] = [item for _plats, item in sorted(enumerate(items), key=nyckel)]
