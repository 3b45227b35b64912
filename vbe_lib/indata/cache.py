"""The data cache: normalised frames and plain data in a format that cannot run code.

``vbe rapport`` validates the data once and every notebook kernel then reads the
normalised :class:`~vbe_lib.indata.dataset.Dataset` from here, so reading must be fast;
and since anyone who can write the data folder can write the cache, reading it must not
be able to run code (a pickle can). An entry is one file ``<prefix>-<key>.vbecache``:

* a first line ``VBECACHE <version>``, then the length of the metadata (8 bytes,
  little-endian) and the metadata as JSON: the key, each frame's columns and dtypes, the
  categories of categorical columns, the distinct values of text columns, any other
  plain data (lists, dicts, strings, numbers) of the entry, and for every column part
  (codes, values, NA masks) its place in the data block and its numeric dtype;
* the data block: the column parts' raw bytes, read with :func:`numpy.frombuffer` with a
  dtype from a short list of plain numeric types – no object, no code.

Text columns are stored as integer codes into their list of distinct values (in JSON),
categorical columns as their codes, ``Int64`` as values plus an NA mask, datetimes as
int64 nanoseconds. Anything else raises :class:`EjCachebar` when writing (the entry is
then simply not written). A file that is not exactly such an entry – truncated, from
another version, written for another key, compressed, larger than it says, with a
frame whose columns do not match – is ignored, and the caller rebuilds and rewrites it.

Where: ``<data>/.cache/``, or when that cannot be written the user's own cache folder
(``$XDG_CACHE_HOME/vbe`` or ``~/.cache/vbe``, created with mode 0700, used only while it
belongs to the user and nobody else can write it) – never a shared temp folder.
"""
from __future__ import annotations

import functools
import json
import os
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

FORMAT = "vbe-cache-2"
MAGI = b"VBECACHE 2\n"
#: The only dtypes a column part may have (JSON names them; nothing else is accepted).
DTYPER = frozenset({"|b1", "|i1", "<i2", "<i4", "<i8", "<u8", "<f8", "<f4"})
SUFFIX = ".vbecache"
#: Largest cache entry read (the example data's dataset is ~3 MB).
MAX_BYTE = 2 * 1024 * 1024 * 1024


class EjCachebar(TypeError):
    """A value the cache format does not hold (the entry is not written)."""


# ---------------------------------------------------------------------------- folders
def anvandarkatalog() -> Path | None:
    """The user's own cache folder for vbe, created private (0700); ``None`` when it
    cannot be created or is not safe (owned by someone else, writable by others)."""
    bas = os.environ.get("XDG_CACHE_HOME")
    rot = Path(bas) if bas and os.path.isabs(bas) else Path.home() / ".cache"
    kat = rot / "vbe"
    try:
        kat.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return kat if _privat(kat) else None


def _privat(kat: Path) -> bool:
    try:
        st = kat.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def kataloger(data_dir: Path) -> list[Path]:
    """Where entries for ``data_dir`` are read and written, in order."""
    ut = [Path(data_dir) / ".cache"]
    egen = anvandarkatalog()
    if egen is not None:
        ut.append(egen)
    return ut


# ---------------------------------------------------------------------------- encoding
def _koda_ram(namn: str, df: pd.DataFrame, arrayer: dict[str, np.ndarray]) -> dict:
    if not isinstance(df.index, pd.RangeIndex) or df.index.start != 0 or df.index.step != 1:
        raise EjCachebar(f"{namn}: index är inte 0..n-1")
    kolumner = []
    for i, c in enumerate(df.columns):
        if not isinstance(c, str):
            raise EjCachebar(f"{namn}: kolumnnamn {c!r}")
        s = df[c]
        d = s.dtype
        bas = f"{namn}/{i}"
        post: dict[str, Any] = {"namn": c}
        if isinstance(d, pd.CategoricalDtype):
            kat = list(d.categories)
            if not all(isinstance(k, str) for k in kat):
                raise EjCachebar(f"{namn}.{c}: kategorier som inte är text")
            post.update(typ="kategori", kategorier=kat, ordnad=bool(d.ordered))
            arrayer[bas + "/koder"] = np.asarray(s.cat.codes.to_numpy())
        elif isinstance(d, pd.Int64Dtype):
            post["typ"] = "Int64"
            arrayer[bas + "/varden"] = s.to_numpy(dtype="int64", na_value=0)
            arrayer[bas + "/na"] = s.isna().to_numpy(dtype=bool)
        elif d == np.dtype("datetime64[ns]"):
            post["typ"] = "datetime64[ns]"
            arrayer[bas + "/varden"] = s.to_numpy().view("int64")
        elif isinstance(d, np.dtype) and d.kind in "biuf":
            post["typ"] = d.str
            arrayer[bas + "/varden"] = s.to_numpy()
        elif isinstance(d, pd.StringDtype) or d == np.dtype(object):
            koder, unika = pd.factorize(s, use_na_sentinel=True)
            unika = list(unika)
            if not all(isinstance(v, str) for v in unika):
                raise EjCachebar(f"{namn}.{c}: värden som inte är text")
            post.update(typ="text", dtype=str(d), unika=unika)
            arrayer[bas + "/koder"] = koder.astype(np.int32 if len(unika) < 2**31 else np.int64)
        else:
            raise EjCachebar(f"{namn}.{c}: dtype {d}")
        kolumner.append(post)
    return {"rader": len(df), "kolumner": kolumner}


@functools.lru_cache(maxsize=256)
def _kategorityp(kategorier: tuple[str, ...], ordnad: bool) -> pd.CategoricalDtype:
    if not all(isinstance(k, str) for k in kategorier):
        raise ValueError("kategorier som inte är text")
    return pd.CategoricalDtype(list(kategorier), ordered=ordnad)


def _avkoda_ram(namn: str, meta: dict, arrayer: dict[str, np.ndarray], dtyper: dict[str, Any] | None = None
                ) -> pd.DataFrame:
    n = int(meta["rader"])
    dtyper = dtyper or {}
    ut: dict[str, Any] = {}
    for i, post in enumerate(meta["kolumner"]):
        bas = f"{namn}/{i}"
        typ = post["typ"]
        if typ == "kategori":
            koder = arrayer[bas + "/koder"]
            kand = dtyper.get(post["namn"])
            if not (isinstance(kand, pd.CategoricalDtype) and bool(kand.ordered) == bool(post["ordnad"])
                    and list(kand.categories) == post["kategorier"]):
                kand = _kategorityp(tuple(post["kategorier"]), bool(post["ordnad"]))
            if len(koder) and (koder.max(initial=-1) >= len(kand.categories) or koder.min(initial=0) < -1):
                raise ValueError("ogiltiga kategorikoder")
            v = pd.Categorical.from_codes(koder, dtype=kand, validate=False)
        elif typ == "Int64":
            v = pd.arrays.IntegerArray(arrayer[bas + "/varden"].astype("int64", copy=False),
                                       arrayer[bas + "/na"].astype(bool, copy=False))
        elif typ == "datetime64[ns]":
            v = arrayer[bas + "/varden"].astype("int64", copy=False).view("datetime64[ns]")
        elif typ == "text":
            koder = arrayer[bas + "/koder"]
            unika = post["unika"]
            if not isinstance(unika, list) or (len(koder) and (koder.max(initial=-1) >= len(unika)
                                                               or koder.min(initial=0) < -1)):
                raise ValueError("ogiltiga textkoder")
            if post["dtype"] == "object":
                if not all(isinstance(x, str) for x in unika):
                    raise ValueError("värden som inte är text")
                v = np.array(unika + [None], dtype=object)[koder]  # -1 picks the trailing None
            else:  # the distinct values through the string dtype's checks, then taken by code
                kand = dtyper.get(post["namn"])
                dtyp = kand if kand is not None and str(kand) == post["dtype"] else post["dtype"]
                v = pd.array(np.array(unika, dtype=object), dtype=dtyp).take(koder, allow_fill=True)
        else:
            dtyp = np.dtype(typ)
            if dtyp.kind not in "biuf":
                raise ValueError(f"okänd typ {typ}")
            v = arrayer[bas + "/varden"].astype(dtyp, copy=False)
        if len(v) != n:
            raise ValueError("fel antal rader")
        ut[post["namn"]] = v
    df = pd.DataFrame(ut, index=pd.RangeIndex(n), copy=False)
    if list(df.columns) != [p["namn"] for p in meta["kolumner"]]:
        raise ValueError("kolumnerna stämmer inte")
    return df


def _json_varde(v: Any) -> Any:
    """numpy scalars (a row number from a frame) as plain JSON numbers; anything else is
    not cacheable."""
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, np.bool_):
        return bool(v)
    raise EjCachebar(f"värdet {type(v).__name__} kan inte sparas i cachen")


# ---------------------------------------------------------------------------- files
def skriv(katalog_lista: list[Path], prefix: str, nyckel: str, ramar: dict[str, pd.DataFrame],
          data: Any = None) -> Path | None:
    """Write an entry (atomically: a temporary file, then a rename) into the first folder
    that takes it and remove older entries of the same prefix there. ``data`` is any
    JSON value. Returns the file, or ``None`` when nothing could be written."""
    try:
        arrayer: dict[str, np.ndarray] = {}
        ramar_meta = {n: _koda_ram(n, df, arrayer) for n, df in ramar.items()}
        delar: dict[str, dict] = {}
        block = bytearray()
        for del_namn, arr in arrayer.items():
            arr = np.ascontiguousarray(arr)
            if arr.dtype.str not in DTYPER or arr.ndim != 1:
                raise EjCachebar(f"{del_namn}: dtype {arr.dtype}")
            block.extend(b"\0" * (-len(block) % 8))
            delar[del_namn] = {"dtype": arr.dtype.str, "start": len(block), "antal": int(arr.shape[0])}
            block.extend(arr.tobytes())
        meta = {"format": FORMAT, "prefix": prefix, "nyckel": nyckel, "data": data, "ramar": ramar_meta,
                "delar": delar, "blockstorlek": len(block)}
        metabytes = json.dumps(meta, ensure_ascii=False, allow_nan=True, default=_json_varde).encode("utf-8")
    except (EjCachebar, TypeError, ValueError):
        return None
    huvud = MAGI + len(metabytes).to_bytes(8, "little") + metabytes
    huvud += b"\0" * (-len(huvud) % 8)
    namn = f"{prefix}-{nyckel}{SUFFIX}"
    for kat in katalog_lista:
        tmp = kat / f".{namn}.{os.getpid()}.tmp"
        try:
            kat.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(huvud)
                fh.write(block)
            os.replace(tmp, kat / namn)
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass
            continue
        for gammal in list(kat.glob(f"{prefix}-*{SUFFIX}")) + list(kat.glob(f"{prefix}-*.pkl")):
            if gammal.name != namn:
                try:
                    gammal.unlink()
                except OSError:
                    pass
        return kat / namn
    return None


def las(katalog_lista: list[Path], prefix: str, nyckel: str, dtyper: dict[str, dict[str, Any]] | None = None
        ) -> tuple[dict[str, pd.DataFrame], Any] | None:
    """The frames and data of the entry ``prefix``/``nyckel``, or ``None`` when there is no
    valid entry (a broken or foreign file is ignored; the caller rebuilds it).
    ``dtyper`` (frame -> column -> dtype): the dtypes the caller expects; an equal stored
    dtype is replaced by the caller's object, which makes checking and using it cheaper."""
    namn = f"{prefix}-{nyckel}{SUFFIX}"
    for kat in katalog_lista:
        p = kat / namn
        try:
            with open(p, "rb") as fh:
                storlek = os.fstat(fh.fileno()).st_size
                if storlek > MAX_BYTE:
                    continue
                innehall = bytearray(storlek)
                if fh.readinto(innehall) != storlek:
                    continue
            return _las_post(innehall, prefix, nyckel, dtyper)
        except Exception:  # noqa: BLE001 - any broken entry is rebuilt, never trusted
            continue
    return None


def _las_post(innehall: bytearray, prefix: str, nyckel: str, dtyper: dict[str, dict[str, Any]] | None = None
              ) -> tuple[dict[str, pd.DataFrame], Any]:
    if not innehall.startswith(MAGI):
        raise ValueError("inte en cachepost")
    n = int.from_bytes(innehall[len(MAGI):len(MAGI) + 8], "little")
    start = len(MAGI) + 8
    if start + n > len(innehall):
        raise ValueError("avkortad cachepost")
    meta = json.loads(bytes(innehall[start:start + n]).decode("utf-8"))
    if meta.get("format") != FORMAT or meta.get("prefix") != prefix or meta.get("nyckel") != nyckel:
        raise ValueError("en annan cachepost")
    blockstart = start + n + (-(start + n) % 8)
    if blockstart + int(meta["blockstorlek"]) != len(innehall):
        raise ValueError("fel storlek")
    block = memoryview(innehall)[blockstart:]
    arrayer: dict[str, np.ndarray] = {}
    for del_namn, d in meta["delar"].items():
        dtyp = d["dtype"]
        if dtyp not in DTYPER:
            raise ValueError(f"otillåten dtype {dtyp}")
        antal, forsta = int(d["antal"]), int(d["start"])
        storlek = np.dtype(dtyp).itemsize * antal
        if forsta < 0 or antal < 0 or forsta + storlek > len(block):
            raise ValueError("utanför blocket")
        arrayer[del_namn] = np.frombuffer(block, dtype=dtyp, count=antal, offset=forsta)
    ramar = {n: _avkoda_ram(n, m, arrayer, (dtyper or {}).get(n)) for n, m in meta["ramar"].items()}
    return ramar, meta.get("data")
