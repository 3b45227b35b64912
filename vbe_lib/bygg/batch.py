"""The batch run: execute report notebooks per committee and render them.

Every notebook runs in a fresh kernel through papermill's Python API, in
parallel worker processes (``spawn``). Kernels use IPC transport with a
connection folder of their own, so kernels started at the same moment cannot
race for TCP ports (papermill issue #511).

Everything of a committee is written to ``<utdata>/<Y>/.tmp-<slug>-<random>/``
on the same file system and moved into place (``os.replace`` per file) only when
all of its notebooks were executed and rendered. A failure, a time-out, a dead
kernel or Ctrl-C leaves the previous published files untouched; the temporary
folder is removed. The executed notebook of a failed run is kept for the
coordinator in ``<utdata>/<Y>/_internt/<slug>/misslyckad/``.

Layout::

    <utdata>/<Y>/<slug>/<typ>-<Y>-<slug>.html|.pdf|.docx   published
    <utdata>/<Y>/<slug>/manifest.json                 per committee
    <utdata>/<Y>/_internt/<slug>/<typ>.ipynb|.log     executed notebooks (may hold unit-level data)
    <utdata>/<Y>/manifest.json                        per run

Incremental builds: a committee's published files are reused, without executing
anything, when its manifest's ``beroenden.hash`` equals the hash of what its
reports depend on now (:func:`planera`: the input files that concern it, every
parameter file, the build parameters, the notebooks, the library's source and the
dependency versions) and every published file still has its recorded sha256.
``tving=True`` rebuilds regardless.
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import logging
import multiprocessing as mp
import os
import queue as queuemod
import secrets
import shutil
import signal
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from vbe_lib.bygg import manifest as mf

#: states reported to the progress callback
VANTAR, KOR, RENDERAR, KLAR, FEL, HOPPAD = "väntar", "kör", "renderar", "klar", "fel", "hoppad"

ProgressCallback = Callable[[str, int, str, str], None]
"""progress_callback(slug, planar, tillstand, detalj)"""


@dataclass(frozen=True)
class Jobb:
    """One notebook to execute for one committee and plan year.

    ``render``: keyword arguments of :func:`vbe_lib.render.render_html`
    (titel, undertitel, namnd_namn, dnr, exempeldata, kommun; byggdatum optional).
    ``parametrar``: extra notebook parameters besides the standard ones.
    """

    namnd: str
    planar: int
    notebook: Path
    typ: str = "lagesbild"
    render: dict[str, Any] = field(default_factory=dict)
    parametrar: dict[str, Any] = field(default_factory=dict)

    @property
    def namnd_namn(self) -> str:
        return str(self.render.get("namnd_namn") or self.namnd)


@dataclass
class Resultat:
    """The outcome of one committee (all its notebooks) in one plan year."""

    slug: str
    planar: int
    typer: list[str]
    status: str  # "klar" | "fel" | "hoppad"
    sekunder: float = 0.0
    filer: list[Path] = field(default_factory=list)
    felmeddelande: str | None = None
    tider: dict[str, float] = field(default_factory=dict)
    varningar: list[str] = field(default_factory=list)
    internt: list[Path] = field(default_factory=list)
    #: machine-readable failure per notebook (kind, cell, exception class; no data)
    fel: list[dict[str, Any]] = field(default_factory=list)
    #: True when the published files were reused (dependencies unchanged, nothing executed)
    ateranvand: bool = False

    @property
    def typ(self) -> str:
        return ", ".join(self.typer)


def standard_byggdatum() -> dt.date:
    """The build date: SOURCE_DATE_EPOCH if set (reproducible builds), else today."""
    sde = os.environ.get("SOURCE_DATE_EPOCH")
    if sde and sde.strip().isdigit():
        return dt.datetime.fromtimestamp(int(sde), tz=dt.timezone.utc).date()
    return dt.date.today()


def publicerat_filnamn(typ: str, planar: int, slug: str, andelse: str) -> str:
    """'lagesbild-2021-sodermalm.pdf'; the city summary (pseudo-committee ``_stad``)
    is 'sammanstallning-2021-stad.pdf'."""
    return f"{typ}-{planar}-{slug.lstrip('_')}.{andelse}"


# =========================================================================== worker side
_KO: Any = None  # progress queue of this worker process


def _init_arbetare(ko: Any, karnserver: str | None = None) -> None:
    """Initializer of a worker process (spawned: nothing inherited but this).
    ``karnserver``: socket of the batch's fork server (:func:`karnserver`), if any."""
    global _KO, _KARNSERVER
    _KO = ko
    _KARNSERVER = karnserver
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    _utan_rfc3987()
    logging.getLogger("papermill").setLevel(logging.WARNING)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    import sys

    if getattr(sys.modules.get("vbe_lib.bygg.arbetarstart"), "KLAR", False):
        return  # forked from the worker fork server: everything is loaded already
    # Import the renderers in the background: a worker mostly waits for its kernel
    # while a notebook runs, so these imports (about 1-2 s) overlap that wait.
    global _FORVARMNING
    _FORVARMNING = threading.Thread(target=_forvarm, name="vbe-forvarm", daemon=True)
    _FORVARMNING.start()


def mp_kontext() -> Any:
    """The multiprocessing context of the batch's workers.

    On Linux the "forkserver" method, with :mod:`vbe_lib.bygg.arbetarstart` preloaded: a
    server process imports papermill and the renderers once and every worker is
    forked from it (about 2-3 s of imports less per worker; the server starts in the
    background, see :func:`starta_arbetarserver`). Elsewhere, or with
    ``VBE_KARNSERVER=0``, plain "spawn" (each worker imports for itself)."""
    import sys

    if (sys.platform.startswith("linux") and "forkserver" in mp.get_all_start_methods()
            and os.environ.get("VBE_KARNSERVER", "1") != "0"):
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["vbe_lib.bygg.arbetarstart"])
        return ctx
    return mp.get_context("spawn")


def starta_arbetarserver() -> None:
    """Start the worker fork server now (it imports in the background) rather than
    when the first worker is needed."""
    ctx = mp_kontext()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with contextlib.suppress(Exception):
            forkserver.ensure_running()


_FORVARMNING: threading.Thread | None = None


def _utan_rfc3987() -> None:
    """Keep ``rfc3987_syntax`` out of this process. jsonschema imports it (when it is
    installed, e.g. with JupyterLab) for its optional "iri" format checks, and it
    builds a grammar at import time: about 1 s on every ``import nbformat``. The
    notebook schema uses no such format, so validation is unchanged."""
    import sys

    if "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import -> ImportError


def _forvarm() -> None:
    with contextlib.suppress(Exception):
        import weasyprint  # noqa: F401

        import vbe_lib.render.html  # noqa: F401
        from vbe_lib.render.pdf import render_pdf

        # the first PDF of a process pays for font discovery (fontconfig/Pango)
        render_pdf('<html lang="sv"><head><title>x</title></head><body><p>åäö</p></body></html>')


#: socket of the fork server this process's kernels come from (None: plain start)
_KARNSERVER: str | None = None
_KARNSERVER_REDO: dict[str, bool] = {}


@contextlib.contextmanager
def karnserver():
    """Start a kernel fork server (:mod:`vbe_lib.bygg.karnserver`) for the kernels of this
    process and of the workers given its socket; yields the socket path, or None
    where forking is not available. Its imports run in the background: the first
    kernel waits for them (:func:`_karnserver_redo`)."""
    from vbe_lib.bygg import karnserver as ks

    global _KARNSERVER
    if not ks.tillganglig():
        yield None
        return
    server = ks.Karnserver.starta()

    def bevaka() -> None:
        ok = server.vanta()
        with contextlib.suppress(OSError):
            Path(server.sokvag + (".redo" if ok else ".fel")).touch()

    vakt = threading.Thread(target=bevaka, name="vbe-karnserver", daemon=True)
    vakt.start()
    tidigare, _KARNSERVER = _KARNSERVER, server.sokvag
    try:
        yield server.sokvag
    finally:
        _KARNSERVER = tidigare
        server.stoppa()
        vakt.join(timeout=5)


def _karnserver_redo(sokvag: str, tidsgrans: float = 120) -> bool:
    """Wait until the fork server at ``sokvag`` takes requests; False if it failed
    (kernels then start the usual way)."""
    if sokvag in _KARNSERVER_REDO:
        return _KARNSERVER_REDO[sokvag]
    slut = time.monotonic() + tidsgrans
    ok = False
    while time.monotonic() < slut:
        if os.path.exists(sokvag + ".redo"):
            ok = True
            break
        if os.path.exists(sokvag + ".fel"):
            break
        time.sleep(0.02)
    if not ok:
        logging.getLogger("papermill").warning("vbe: kärnservern startade inte; kärnorna startas utan den")
    _KARNSERVER_REDO[sokvag] = ok
    return ok


def _rapportera(slug: str, planar: int, tillstand: str, detalj: str = "") -> None:
    if _KO is not None:
        with contextlib.suppress(Exception):
            _KO.put((slug, planar, tillstand, detalj))


def _ipc_kernel_manager_class():
    """A KernelManager using IPC transport, with a private connection folder."""
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        """Kernel manager whose sockets are files in a folder of its own.

        TCP ports picked by a client and bound later by the kernel can collide
        when many kernels start at once (papermill #511); IPC socket paths in a
        fresh temporary folder cannot.
        """

        def __init__(self, **kw: Any):
            self._vbe_katalog = tempfile.mkdtemp(prefix="vbe-k-")
            kw.setdefault("transport", "ipc")
            kw.setdefault("connection_file", os.path.join(self._vbe_katalog, "kernel.json"))
            super().__init__(**kw)

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            # the kernel's own stdout/stderr go to the notebook's log, not the terminal
            if _KARNLOGG.get("fil") is not None:
                kw.setdefault("stdout", _KARNLOGG["fil"])
                kw.setdefault("stderr", _KARNLOGG["fil"])
            if _KARNSERVER is not None and _karnserver_redo(_KARNSERVER):
                from vbe_lib.bygg.karnserver import kernel_kommando

                kernel_cmd = kernel_kommando(kernel_cmd, _KARNSERVER)
            await super()._async_launch_kernel(kernel_cmd, **kw)

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart:
                shutil.rmtree(self._vbe_katalog, ignore_errors=True)

    return IpcKernelManager


_KARNLOGG: dict[str, Any] = {}
_ENGINE_REGISTRERAD = False
_SENASTE_NB: dict[str, Any] = {}


def _registrera_engine() -> None:
    """A papermill engine that remembers the notebook being executed, so that a
    time-out or a dead kernel still leaves a partial executed notebook."""
    global _ENGINE_REGISTRERAD
    if _ENGINE_REGISTRERAD:
        return
    from papermill.engines import NBClientEngine, papermill_engines

    class VbeEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            _SENASTE_NB["nb"] = nb_man.nb
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register("vbe", VbeEngine)
    _ENGINE_REGISTRERAD = True


def _cell_som_korde(nb: Any) -> int | None:
    """1-based number of the cell that was running when execution stopped: the
    last cell papermill started (its metadata has a start time)."""
    if nb is None:
        return None
    senaste = None
    for i, c in enumerate(nb.cells):
        pm_meta = c.get("metadata", {}).get("papermill", {})
        if pm_meta.get("status") in ("running", "failed"):
            return i + 1
        if pm_meta.get("start_time"):
            senaste = i + 1
    return senaste


def kor_notebook(notebook: str | Path, utfil: str | Path, parametrar: dict[str, Any], tidsgrans: float = 600) -> Any:
    """Execute one notebook in a fresh kernel exactly as the batch does (papermill
    Python API, engine ``vbe``, IPC kernel in a private folder, cwd = the notebook's
    folder); returns the executed notebook. Raises papermill's exceptions."""
    import papermill as pm

    _registrera_engine()
    notebook = Path(notebook)
    return pm.execute_notebook(
        str(notebook),
        str(utfil),
        parameters=parametrar,
        kernel_name="python3",
        engine_name="vbe",
        cwd=str(notebook.parent),
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        execution_timeout=tidsgrans,
        # every output has arrived when the last cell is done: stop the kernel at
        # once instead of waiting for a polite shutdown (about 0.5 s per notebook)
        shutdown_kernel="immediate",
        kernel_manager_class=_ipc_kernel_manager_class(),
    )


def _kor_jobb(uppgift: dict[str, Any]) -> dict[str, Any]:
    """Execute and render one notebook (runs in a worker process)."""
    import nbformat

    slug, planar, typ = uppgift["namnd"], uppgift["planar"], uppgift["typ"]
    namn = uppgift["namnd_namn"]
    notebook = Path(uppgift["notebook"])
    tmp = Path(uppgift["tmp"])
    internt_nb = tmp / "internt" / f"{typ}.ipynb"
    logg = tmp / "internt" / f"{typ}.log"
    misslyckad = uppgift["misslyckad"]
    ut: dict[str, Any] = {"namnd": slug, "planar": planar, "typ": typ, "status": FEL, "tider": {},
                          "filer": [], "varningar": [], "fel": None, "felmeddelande": None}
    borjan = f"{namn} ({slug}), {notebook.name}"

    loggare = logging.getLogger("papermill")
    hanterare = logging.FileHandler(logg, encoding="utf-8")
    hanterare.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    loggare.addHandler(hanterare)
    loggare.setLevel(logging.INFO)
    t0 = time.perf_counter()
    karnlogg = open(logg, "a", encoding="utf-8")  # noqa: SIM115 - closed in finally
    _KARNLOGG["fil"] = karnlogg
    try:
        _rapportera(slug, planar, KOR, typ)
        import papermill as pm
        from papermill.exceptions import PapermillExecutionError

        _registrera_engine()
        _SENASTE_NB.clear()
        loggare.info("vbe: %s %s för %s, planår %s", typ, notebook.name, slug, planar)
        try:
            nb = kor_notebook(notebook, internt_nb, uppgift["parametrar"], uppgift["tidsgrans"])
        except PapermillExecutionError as exc:
            cell = exc.cell_index + 1
            ut["fel"] = {"typ": "cellfel", "cell": cell, "undantag": exc.ename}
            ut["felmeddelande"] = (
                f"{borjan}: cell {cell} gav ett fel – {exc.ename}: {exc.evalue}. "
                f"Den körda notebooken finns i {misslyckad}."
            )
            return ut
        except BaseException as exc:  # time-out, dead kernel, kernel start, interrupt
            partiell = _SENASTE_NB.get("nb")
            if partiell is not None:
                with contextlib.suppress(Exception):
                    nbformat.write(partiell, str(internt_nb))
            cell = _cell_som_korde(partiell)
            var = f" i cell {cell}" if cell else ""
            namn_exc = type(exc).__name__
            loggare.error("vbe: %s", "".join(traceback.format_exception(exc)))
            if namn_exc == "CellTimeoutError" or isinstance(exc, TimeoutError):
                ut["fel"] = {"typ": "tidsgrans", "cell": cell, "undantag": namn_exc}
                orsak = f"tidsgränsen på {uppgift['tidsgrans']} sekunder överskreds{var}"
            elif namn_exc == "DeadKernelError":
                ut["fel"] = {"typ": "karna", "cell": cell, "undantag": namn_exc}
                orsak = f"Python-kärnan dog{var} (t.ex. slut på minne)"
            elif isinstance(exc, KeyboardInterrupt):
                ut["fel"] = {"typ": "avbruten", "cell": cell, "undantag": namn_exc}
                orsak = f"körningen avbröts{var}"
            else:
                ut["fel"] = {"typ": "korning", "cell": cell, "undantag": namn_exc}
                orsak = f"notebooken kunde inte köras{var} – {namn_exc}: {exc}"
            plats = (f"Den körda notebooken finns i {misslyckad}." if partiell is not None
                     else f"Loggen finns i {Path(misslyckad).with_suffix('.log')}.")
            ut["felmeddelande"] = f"{borjan}: {orsak}. {plats}"
            return ut
        t1 = time.perf_counter()
        ut["tider"]["kor"] = t1 - t0

        _rapportera(slug, planar, RENDERAR, typ)
        if _FORVARMNING is not None:
            _FORVARMNING.join()
        from vbe_lib.render import PdfFel, RenderFel, render_html, render_pdf

        kw = dict(uppgift["render"])
        kw.setdefault("byggdatum", uppgift["byggdatum"])
        varningar: list[str] = []
        try:
            html = render_html(nb, varningar=varningar, **kw)
        except RenderFel as exc:
            ut["fel"] = {"typ": "rendering", "cell": None, "undantag": "RenderFel"}
            ut["felmeddelande"] = (
                f"{borjan}: rapporten kan inte publiceras – " + "; ".join(exc.meddelanden)
                + f". Den körda notebooken finns i {misslyckad}."
            )
            return ut
        t2 = time.perf_counter()
        ut["tider"]["html"] = t2 - t1
        namn_html = publicerat_filnamn(typ, planar, slug, "html")
        (tmp / "publicerat" / namn_html).write_text(html, encoding="utf-8", newline="\n")
        try:
            namn_pdf = publicerat_filnamn(typ, planar, slug, "pdf")
            render_pdf(html, tmp / "publicerat" / namn_pdf)
        except PdfFel as exc:
            ut["fel"] = {"typ": "pdf", "cell": None, "undantag": "PdfFel"}
            ut["felmeddelande"] = f"{borjan}: {exc}"
            return ut
        ut["tider"]["pdf"] = time.perf_counter() - t2
        from vbe_lib.render.docx import DocxFel, render_docx

        namn_docx = publicerat_filnamn(typ, planar, slug, "docx")
        try:
            render_docx(nb, utfil=tmp / "publicerat" / namn_docx, **kw)
        except DocxFel as exc:
            ut["fel"] = {"typ": "docx", "cell": None, "undantag": "DocxFel"}
            ut["felmeddelande"] = f"{borjan}: {exc}"
            return ut
        for v in varningar:
            loggare.warning("vbe: %s", v)
        ut["varningar"] = varningar
        ut["filer"] = [namn_html, namn_pdf, namn_docx]
        namn_xlsx = publicerat_filnamn(typ, planar, slug, "xlsx")
        if (tmp / "publicerat" / namn_xlsx).is_file():
            ut["filer"].append(namn_xlsx)
        ut["status"] = KLAR
        return ut
    except Exception as exc:  # unexpected: never lose the committee's message
        ut["fel"] = {"typ": "internt", "cell": None, "undantag": type(exc).__name__}
        ut["felmeddelande"] = f"{borjan}: oväntat fel – {type(exc).__name__}: {exc}. Se loggen {logg.name}."
        with contextlib.suppress(Exception):
            loggare.error("vbe: %s", "".join(traceback.format_exception(exc)))
        return ut
    finally:
        ut["tider"]["totalt"] = time.perf_counter() - t0
        loggare.removeHandler(hanterare)
        hanterare.close()
        _KARNLOGG.pop("fil", None)
        karnlogg.close()


# =========================================================================== parent side
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


#: data folders with one file per committee and plan year: ``<mapp>/<år>/<slug>.<ext>``
PER_NAMND_MAPPAR = ("polis", "aktiviteter")


def indata_for_namnd(indata: dict[str, str], slug: str, konf: Any = None) -> dict[str, str]:
    """The input files a committee's reports depend on, from every input file.

    City-wide files (``data/brott.csv``, ``data/enkat/...``, ``data/datakalla.yml``, …) and
    every parameter file count for every committee. A per-committee file
    (``data/polis/<år>/<slug>.md``, ``data/aktiviteter/<år>/<slug>.xlsx``) counts only for
    the committee it names and for its successors (``konf.linje``: the follow-up of a
    merged committee reads its predecessors' plans); a file whose name is no known
    committee counts for all. Without ``konf``, and for a pseudo-committee such as the
    city summary (``_stad``), every file counts.
    """
    if konf is None or slug not in getattr(konf, "namnder", {}):
        return dict(indata)
    linje = set(konf.linje(slug)) | {slug}
    ut: dict[str, str] = {}
    for rel, sha in indata.items():
        delar = rel.split("/")
        if len(delar) == 4 and delar[0] == "data" and delar[1] in PER_NAMND_MAPPAR:
            stam = delar[3].rsplit(".", 1)[0]
            agare = konf.hitta(stam) or konf.hitta(stam.replace("_", " "))
            if agare is not None and agare not in linje:
                continue
        ut[rel] = sha
    return ut


@dataclass
class Plan:
    """What a batch will do: per (plan year, committee) its dependencies, and which
    committees can keep their published files."""

    indata: dict[str, str]
    notebooks: dict[str, str]
    miljo: dict[str, Any]
    beroenden: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    namnd_indata: dict[tuple[int, str], dict[str, str]] = field(default_factory=dict)
    ateranvand: dict[tuple[int, str], list[Path]] = field(default_factory=dict)

    @property
    def att_bygga(self) -> list[tuple[int, str]]:
        return [k for k in self.beroenden if k not in self.ateranvand]


def _jobbparametrar(j: Jobb) -> dict[str, Any]:
    return {"typ": j.typ, "notebook": Path(j.notebook).name, "render": dict(sorted(j.render.items())),
            "parametrar": dict(sorted(j.parametrar.items()))}


def _ateranvandbara_filer(publicerat: Path, hash_: str) -> list[Path] | None:
    """The published files of a committee if its manifest records ``hash_`` and every
    file is still there with its recorded sha256; otherwise None."""
    import json

    fil = publicerat / "manifest.json"
    try:
        m = json.loads(fil.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(m, dict) or m.get("status") != KLAR or (m.get("beroenden") or {}).get("hash") != hash_:
        return None
    filer = m.get("filer") or {}
    if not filer:
        return None
    ut: list[Path] = []
    for namn, sha in sorted(filer.items()):
        p = publicerat / namn
        try:
            if mf.sha256_fil(p) != sha:
                return None
        except OSError:
            return None
        ut.append(p)
    return ut + [fil]


def antal_processer_for(antal_processer: int | None, antal_notebooks: int) -> int:
    """Worker processes for a batch: as asked (default: the number of cores), never
    more than there are notebooks."""
    return max(1, min(antal_processer or os.cpu_count() or 1, antal_notebooks or 1))


def _ingenting() -> None:
    """A no-op job: submitting it makes the pool start its workers."""


def _arbetarinfo() -> dict[str, Any]:
    """What a worker process was started with (for the tests and for debugging)."""
    import sys

    return {"pid": os.getpid(), "karnserver": _KARNSERVER,
            "forladdad": bool(getattr(sys.modules.get("vbe_lib.bygg.arbetarstart"), "KLAR", False))}


class Arbetare:
    """The batch's worker processes and kernel fork server.

    Starting them costs a few seconds of imports (papermill and the renderers in
    each worker, the report libraries in the server) that run in the background:
    ``vbe rapport`` starts them before it validates the data, so that those imports
    overlap the validation. :func:`bygg` starts its own when given none.
    """

    def __init__(self, antal: int, karnserver_sokvag: str | None = None):
        """``karnserver_sokvag``: a kernel fork server started by the caller (see
        :func:`karnserver`); without it the workers get a server of their own."""
        self.antal = antal
        ctx = self._kontext = mp_kontext()
        self.ko = ctx.Queue()
        self._stack = contextlib.ExitStack()
        try:
            self.karnserver = karnserver_sokvag or self._stack.enter_context(karnserver())
            self.executor = cf.ProcessPoolExecutor(max_workers=antal, mp_context=ctx,
                                                   initializer=_init_arbetare, initargs=(self.ko, self.karnserver))
            # start the workers now, not at the first real job; in a thread, because
            # forking them waits for the worker fork server's imports
            self._start = threading.Thread(target=self.executor.submit, args=(_ingenting,),
                                           name="vbe-arbetare", daemon=True)
            self._start.start()
        except BaseException:
            self._stack.close()
            raise

    def stang(self) -> None:
        """Stop the workers (waiting for running jobs; queued ones are cancelled), then the server."""
        try:
            self._start.join()
            self.executor.shutdown(wait=True, cancel_futures=True)
        finally:
            self._stack.close()
            if self._kontext.get_start_method() == "forkserver":
                # stop the worker fork server too (Python keeps it until exit otherwise)
                from multiprocessing import forkserver

                with contextlib.suppress(Exception):
                    forkserver._forkserver._stop()
            with contextlib.suppress(Exception):
                self.ko.close()
                self.ko.join_thread()

    def __enter__(self) -> "Arbetare":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stang()


def planera(
    jobb: list[Jobb],
    utdata: str | Path,
    data_dir: str | Path,
    parametrar_dir: str | Path,
    byggdatum: dt.date | None = None,
    konf: Any = None,
    tving: bool = False,
) -> Plan:
    """Hash what every committee depends on and find the ones whose published files
    can be reused (cheap: file hashes only, nothing imported or executed)."""
    utdata = Path(utdata)
    data_dir, parametrar_dir = Path(data_dir).resolve(), Path(parametrar_dir).resolve()
    byggdatum = byggdatum or standard_byggdatum()
    indata = {**mf.sha256_katalog(data_dir, "data"), **mf.sha256_katalog(parametrar_dir, "parameters")}
    nb_hash = {str(p): mf.sha256_fil(p) for p in {j.notebook for j in jobb} if Path(p).is_file()}
    plan = Plan(indata=indata, notebooks=nb_hash, miljo=mf.miljo())
    bibliotek, versioner = mf.bibliotekshash(), mf.beroendeversioner()
    grupper: dict[tuple[int, str], list[Jobb]] = {}
    for j in jobb:
        grupper.setdefault((j.planar, j.namnd), []).append(j)
    for (planar, slug), js in grupper.items():
        egna = indata_for_namnd(indata, slug, konf)
        delar = {
            "indata": egna,
            "notebooks": {f"{j.typ}:{Path(j.notebook).name}": nb_hash.get(str(j.notebook), "") for j in js},
            "bibliotek": bibliotek,
            "versioner": versioner,
            "parametrar": {"namnd": slug, "planar": planar, "byggdatum": byggdatum.isoformat(),
                           "jobb": [_jobbparametrar(j) for j in js]},
        }
        plan.namnd_indata[(planar, slug)] = egna
        plan.beroenden[(planar, slug)] = {
            "hash": mf.sammanfatta(delar), "bibliotek": bibliotek, "versioner": versioner,
            "jobb": delar["parametrar"]["jobb"],
        }
        if not tving:
            filer = _ateranvandbara_filer(utdata / str(planar) / slug, plan.beroenden[(planar, slug)]["hash"])
            if filer is not None:
                plan.ateranvand[(planar, slug)] = filer
    return plan


def bygg(
    jobb: list[Jobb],
    utdata: str | Path,
    data_dir: str | Path,
    parametrar_dir: str | Path,
    antal_processer: int | None = None,
    tidsgrans: float = 600,
    progress_callback: ProgressCallback | None = None,
    byggdatum: dt.date | None = None,
    hoppade: list[Resultat] | None = None,
    konf: Any = None,
    tving: bool = False,
    plan: Plan | None = None,
    arbetare: "Arbetare | None" = None,
) -> list[Resultat]:
    """Execute and render every job; return one :class:`Resultat` per committee and year.

    Committees are independent: one failing does not stop the others. Results
    are in the order of first appearance in ``jobb``; ``hoppade`` (committees
    refused before the run, e.g. by validation) are recorded in the run manifest
    and returned too. ``tidsgrans`` is the time limit per cell in seconds.

    A committee whose dependencies are unchanged keeps its published files
    (``Resultat.ateranvand``) unless ``tving``; ``konf`` (the configuration) lets a
    committee depend only on its own per-committee files (:func:`indata_for_namnd`);
    ``plan``: the result of :func:`planera` with the same arguments, if already made;
    ``arbetare``: workers started beforehand (:class:`Arbetare`, left running for the
    caller to close), else the batch starts and stops its own.
    """
    start = time.perf_counter()
    utdata = Path(utdata)
    data_dir, parametrar_dir = Path(data_dir).resolve(), Path(parametrar_dir).resolve()
    byggdatum = byggdatum or standard_byggdatum()
    hoppade = list(hoppade or [])
    meddela = progress_callback or (lambda *a: None)

    if plan is None:
        plan = planera(jobb, utdata, data_dir, parametrar_dir, byggdatum, konf, tving)
    alla_grupper: dict[tuple[int, str], list[Jobb]] = {}
    for j in jobb:
        alla_grupper.setdefault((j.planar, j.namnd), []).append(j)
    ar_i_korningen = {k[0] for k in alla_grupper}

    indata, nb_hash, miljo = plan.indata, plan.notebooks, plan.miljo

    tmpkataloger: dict[tuple[int, str], Path] = {}
    resultat: dict[tuple[int, str], Resultat] = {}
    grupper: dict[tuple[int, str], list[Jobb]] = {}
    for (planar, slug), js in alla_grupper.items():
        filer = None if tving else plan.ateranvand.get((planar, slug))
        if filer is not None:
            resultat[(planar, slug)] = Resultat(slug=slug, planar=planar, typer=[j.typ for j in js], status=KLAR,
                                                filer=list(filer), ateranvand=True)
            meddela(slug, planar, KLAR, "återanvänd")
            continue
        grupper[(planar, slug)] = js
        resultat[(planar, slug)] = Resultat(slug=slug, planar=planar, typer=[j.typ for j in js], status=VANTAR)
        meddela(slug, planar, VANTAR, "")
    jobb = [j for j in jobb if (j.planar, j.namnd) in grupper]
    svar: dict[tuple[int, str], list[dict[str, Any]]] = {k: [] for k in grupper}

    def slutfor(nyckel: tuple[int, str]) -> None:
        """All jobs of a committee are done: publish or keep the old files."""
        planar, slug = nyckel
        r, js, tmp = resultat[nyckel], grupper[nyckel], tmpkataloger[nyckel]
        delar = sorted(svar[nyckel], key=lambda s: [j.typ for j in js].index(s["typ"]))
        r.tider = {f"{s['typ']}.{k}": round(v, 3) for s in delar for k, v in s["tider"].items()}
        r.sekunder = sum(s["tider"].get("totalt", 0.0) for s in delar)
        r.varningar = [f"{s['typ']}: {v}" for s in delar for v in s["varningar"]]
        arkatalog = utdata / str(planar)
        publicerat, internt = arkatalog / slug, arkatalog / "_internt" / slug
        try:
            fel = [s for s in delar if s["status"] != KLAR]
            if fel:
                r.status = FEL
                r.felmeddelande = "\n".join(s["felmeddelande"] or "okänt fel" for s in fel)
                r.internt = _spara_misslyckad(tmp, internt)
                r.fel = [s["fel"] for s in fel]
                meddela(slug, planar, FEL, r.felmeddelande.splitlines()[0])
                return
            filhash = {f: mf.sha256_fil(tmp / "publicerat" / f) for s in delar for f in s["filer"]}
            parametrar = {
                "namnd": slug, "planar": planar, "byggdatum": byggdatum.isoformat(),
                "data_dir": mf.visningssokvag(data_dir), "parametrar_dir": mf.visningssokvag(parametrar_dir),
                "tidsgrans": tidsgrans,
            }
            man = mf.namnd_manifest(
                slug=slug, planar=planar, status=KLAR, sekunder=r.tider, parametrar=parametrar,
                indata=plan.namnd_indata.get(nyckel, indata),
                notebooks={f"{j.typ}:{j.notebook.name}": nb_hash.get(str(j.notebook), "") for j in js},
                filer=filhash, miljoinfo=miljo, beroenden=plan.beroenden.get(nyckel),
            )
            mf.skriv_json(tmp / "publicerat" / "manifest.json", man)
            flyttade = _flytta_pa_plats(tmp, publicerat, internt)
            r.filer = [p for p in flyttade if p.name != "manifest.json"] + [p for p in flyttade if p.name == "manifest.json"]
            r.internt = sorted(internt.glob("*.ipynb"))
            r.status = KLAR
            meddela(slug, planar, KLAR, "")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    n = arbetare.antal if arbetare is not None else antal_processer_for(antal_processer, len(jobb))
    egna: Arbetare | None = None
    avbruten = False
    try:
        for (planar, slug), js in grupper.items():
            arkatalog = utdata / str(planar)
            arkatalog.mkdir(parents=True, exist_ok=True)
            tmp = arkatalog / f".tmp-{slug}-{secrets.token_hex(4)}"
            (tmp / "publicerat").mkdir(parents=True)
            (tmp / "internt").mkdir()
            tmpkataloger[(planar, slug)] = tmp

        uppgifter = []
        for j in jobb:
            nyckel = (j.planar, j.namnd)
            misslyckad = utdata / str(j.planar) / "_internt" / j.namnd / "misslyckad" / f"{j.typ}.ipynb"
            if not Path(j.notebook).is_file():
                svar[nyckel].append({"namnd": j.namnd, "planar": j.planar, "typ": j.typ, "status": FEL,
                                     "tider": {}, "filer": [], "varningar": [],
                                     "fel": {"typ": "saknas", "cell": None, "undantag": None},
                                     "felmeddelande": f"{j.namnd_namn} ({j.namnd}): notebooken {j.notebook} finns inte."})
                continue
            params = {
                "namnd": j.namnd, "planar": j.planar, "data_dir": str(data_dir),
                "parametrar_dir": str(parametrar_dir),
                "byggdatum": str(j.render.get("byggdatum") or byggdatum.isoformat()),
                # A notebook that publishes a spreadsheet (the follow-up) writes it here;
                # the others ignore the parameter.
                "excel_utdata": str((tmpkataloger[nyckel] / "publicerat"
                                     / publicerat_filnamn(j.typ, j.planar, j.namnd, "xlsx")).resolve()),
                **j.parametrar,
            }
            uppgifter.append((nyckel, {
                "namnd": j.namnd, "planar": j.planar, "typ": j.typ, "namnd_namn": j.namnd_namn,
                "notebook": str(Path(j.notebook).resolve()), "tmp": str(tmpkataloger[nyckel].resolve()),
                "misslyckad": str(misslyckad), "parametrar": params, "tidsgrans": tidsgrans,
                "render": {k: v for k, v in j.render.items()}, "byggdatum": byggdatum.isoformat(),
            }))

        kvar = {k: len(v) for k, v in grupper.items()}
        for nyckel, lista in svar.items():
            kvar[nyckel] -= len(lista)
        for nyckel in list(grupper):
            if kvar[nyckel] == 0:
                slutfor(nyckel)

        arb = arbetare

        def tom_ko() -> None:
            if arb is None:
                return
            while True:
                try:
                    slug, planar, tillstand, detalj = arb.ko.get_nowait()
                except queuemod.Empty:
                    return
                r = resultat.get((planar, slug))
                if r is not None and r.status not in (KLAR, FEL):
                    r.status = tillstand
                    meddela(slug, planar, tillstand, detalj)

        if uppgifter and arb is None:
            arb = egna = Arbetare(n)
        if uppgifter:
            assert arb is not None
            executor = arb.executor
            # longest first, so that the last jobs are short and the workers finish
            # together: a pseudo-committee (the city summary, "_stad") reads every
            # committee's data and is the longest; then the lägesbilder; then the rest
            uppgifter.sort(key=lambda nu: (not nu[0][1].startswith("_"), nu[1]["typ"] != "lagesbild"))
            framtider = {executor.submit(_kor_jobb, u): (nyckel, u) for nyckel, u in uppgifter}
            vantande = set(framtider)
            while vantande:
                klara, vantande = cf.wait(vantande, timeout=0.1, return_when=cf.FIRST_COMPLETED)
                tom_ko()
                for f in klara:
                    nyckel, u = framtider[f]
                    try:
                        s = f.result()
                    except BaseException as exc:  # broken pool: a worker died
                        s = {"namnd": u["namnd"], "planar": u["planar"], "typ": u["typ"], "status": FEL,
                             "tider": {}, "filer": [], "varningar": [],
                             "fel": {"typ": "process", "cell": None, "undantag": type(exc).__name__},
                             "felmeddelande": f"{u['namnd_namn']} ({u['namnd']}), {Path(u['notebook']).name}: "
                                              f"arbetsprocessen avslutades oväntat ({type(exc).__name__})."}
                    svar[nyckel].append(s)
                    kvar[nyckel] -= 1
                    if kvar[nyckel] == 0:
                        slutfor(nyckel)
            tom_ko()
    except BaseException:
        avbruten = True
        raise
    finally:
        if egna is not None:
            egna.stang()
        for tmp in tmpkataloger.values():
            shutil.rmtree(tmp, ignore_errors=True)
        if not avbruten:
            sekunder = time.perf_counter() - start
            for planar in sorted(ar_i_korningen | {h.planar for h in hoppade}):
                poster = [_manifestpost(r) for r in list(resultat.values()) + hoppade if r.planar == planar]
                parametrar = {"data_dir": mf.visningssokvag(data_dir),
                              "parametrar_dir": mf.visningssokvag(parametrar_dir),
                              "byggdatum": byggdatum.isoformat(), "tidsgrans": tidsgrans,
                              "antal_processer": n}
                (utdata / str(planar)).mkdir(parents=True, exist_ok=True)
                _skriv_korningsmanifest(utdata / str(planar), planar, poster, sekunder, parametrar, indata, miljo)
    return list(resultat.values()) + hoppade


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
    return post
