"""Drawn charts kept between the preview's rebuilds (``vbe forhandsgranska`` only).

Drawing a chart is most of the time a report's notebook takes; a saved police text or
committee text changes none of them. When the environment variable :data:`MILJO` names a
folder (the preview sets it for its kernels; ``vbe rapport`` and ``vbe verifiera`` never
do, so a published report's charts are always drawn), a public chart function wrapped in
:func:`cachad` looks its PNG up by a key over

* the function's module and name,
* every argument, exactly (tables by :func:`pandas.util.hash_pandas_object` with their
  column names, dtypes and index; mappings and sequences in their order; floats by
  ``repr``) – an argument of any other type means: draw, no cache,
* the source of the whole ``vbe_lib`` package, the versions of matplotlib, numpy,
  pandas and Pillow and matplotlib's current settings (``rcParams``),

and draws only when it is not there. The PNG bytes are the same as a fresh drawing's
(the same inputs, the same code, the same libraries); only the PNG is kept, the caption
and the text alternative are computed every time. An entry is written atomically and is
only used when it is a PNG; :func:`rensa` keeps the folder to :data:`HOGST` entries.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
import secrets
from pathlib import Path
from typing import Any, Callable, TypeVar

#: the folder of the cache; unset: no cache
MILJO = "VBE_FIGURCACHE"
#: entries kept by :func:`rensa` (the newest)
HOGST = 4000

_PNG = b"\x89PNG\r\n\x1a\n"
_aktuell: contextvars.ContextVar[tuple[Path, str, list[int]] | None] = contextvars.ContextVar(
    "vbe_figurcache", default=None)
_KOD: list[str] = []

F = TypeVar("F", bound=Callable[..., Any])


class _EjNyckel(Exception):
    """An argument the key cannot describe exactly: the chart is drawn."""


def _kodversion() -> str:
    if not _KOD:
        h = hashlib.sha256()
        bas = Path(__file__).resolve().parents[1]
        for p in sorted(bas.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".css", ".yml", ".yaml", ".j2"):
                h.update(p.relative_to(bas).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
        from importlib.metadata import version

        for paket in ("matplotlib", "numpy", "pandas", "pillow"):
            with contextlib.suppress(Exception):
                h.update(f"{paket}={version(paket)}\n".encode())
        _KOD.append(h.hexdigest())
    return _KOD[0]


def _kanon(x: Any, h: "hashlib._Hash") -> None:
    import numpy as np
    import pandas as pd

    if x is None or isinstance(x, (bool, int, str)):
        h.update(f"{type(x).__name__}:{x!r};".encode())
    elif isinstance(x, float):
        h.update(f"float:{x!r};".encode())
    elif isinstance(x, np.generic):
        h.update(f"np.{type(x).__name__}:".encode())
        _kanon(x.item(), h)
    elif x is pd.NA or x is pd.NaT:
        h.update(f"{x!r};".encode())
    elif isinstance(x, (pd.DataFrame, pd.Series)):
        ram = x.to_frame() if isinstance(x, pd.Series) else x
        h.update(f"{type(x).__name__}:{list(map(repr, ram.columns))!r}:{[str(t) for t in ram.dtypes]!r}:"
                 f"{[repr(n) for n in ram.index.names]!r}:{len(ram)};".encode())
        try:
            h.update(pd.util.hash_pandas_object(ram, index=True).to_numpy().tobytes())
        except TypeError as exc:  # an unhashable cell (a list, a dict)
            raise _EjNyckel(str(exc)) from exc
    elif isinstance(x, dict):
        h.update(f"dict:{len(x)}(".encode())
        for k, v in x.items():
            _kanon(k, h)
            _kanon(v, h)
        h.update(b")")
    elif isinstance(x, (list, tuple)):
        h.update(f"{type(x).__name__}:{len(x)}(".encode())
        for v in x:
            _kanon(v, h)
        h.update(b")")
    else:
        raise _EjNyckel(type(x).__name__)


def nyckel(funktion: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """The cache key of one call (raises :class:`_EjNyckel` when an argument cannot be described)."""
    import matplotlib

    h = hashlib.sha256()
    h.update(f"{_kodversion()}\0{funktion.__module__}.{funktion.__qualname__}\0".encode())
    # the settings under the chart's own theme (a notebook could change one)
    h.update(repr(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items())).encode())
    _kanon(list(args), h)
    _kanon(dict(sorted(kwargs.items())), h)
    return h.hexdigest()


def cachad(funktion: F) -> F:
    """Wrap a public chart function: its drawings (:func:`png`) are looked up in the cache."""

    @functools.wraps(funktion)
    def omslag(*args: Any, **kwargs: Any) -> Any:
        kat = os.environ.get(MILJO)
        if not kat or _aktuell.get() is not None:
            return funktion(*args, **kwargs)
        try:
            n = nyckel(funktion, args, kwargs)
        except _EjNyckel:
            return funktion(*args, **kwargs)
        token = _aktuell.set((Path(kat), n, [0]))
        try:
            return funktion(*args, **kwargs)
        finally:
            _aktuell.reset(token)

    return omslag  # type: ignore[return-value]


def png(rita: Callable[[], bytes]) -> bytes:
    """The PNG of the current chart: from the cache inside a :func:`cachad` call with the
    cache on, otherwise (and when missing) ``rita()``."""
    c = _aktuell.get()
    if c is None:
        return rita()
    kat, n, raknare = c
    fil = kat / f"{n}-{raknare[0]}.png"  # a function that draws more than once: one entry each
    raknare[0] += 1
    with contextlib.suppress(OSError):
        data = fil.read_bytes()
        if data.startswith(_PNG):
            return data
    data = rita()
    with contextlib.suppress(OSError):
        kat.mkdir(parents=True, exist_ok=True)
        tmp = kat / f".tmp-{os.getpid()}-{secrets.token_hex(4)}"
        tmp.write_bytes(data)
        os.replace(tmp, fil)
    return data


def rensa(kat: str | Path, hogst: int = HOGST) -> int:
    """Keep the newest ``hogst`` entries of the cache folder (and no temporary files);
    returns how many were removed."""
    kat = Path(kat)
    if not kat.is_dir():
        return 0
    poster = []
    borta = 0
    for p in kat.iterdir():
        with contextlib.suppress(OSError):
            if p.name.startswith(".tmp-"):
                p.unlink()
                borta += 1
            elif p.suffix == ".png":
                poster.append((p.stat().st_mtime, p.name, p))
    for _, _, p in sorted(poster, reverse=True)[hogst:]:
        with contextlib.suppress(OSError):
            p.unlink()
            borta += 1
    return borta
