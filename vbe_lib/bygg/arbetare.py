"""The worker side of the batch: worker processes (from a preloaded forkserver), the
kernel fork server they take kernels from, and the execution and rendering of one
notebook job (:func:`_kor_jobb`) in a fresh kernel.

The workers do not see the terminal's Ctrl-C or hang-up (:func:`vbe_lib.bygg.avbrott.i_barnprocess`):
the main process stops them (:meth:`Arbetare.avbryt`, SIGTERM), and a worker that gets
SIGTERM kills its kernel, removes the kernel's connection folder and exits without a word."""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import logging
import multiprocessing as mp
import os
import shutil
import threading
import time
import traceback
from pathlib import Path
from typing import Any


from vbe_lib.bygg import avbrott
from vbe_lib.bygg.jobb import FEL, KLAR, KOR, RENDERAR, publicerat_filnamn
from vbe_lib.bygg.stadning import karnkatalog

_KO: Any = None  # progress queue of this worker process


def _init_arbetare(ko: Any, karnserver: str | None = None, agare: int | None = None) -> None:
    """Initializer of a worker process (spawned: nothing inherited but this).
    ``karnserver``: socket of the batch's fork server (:func:`karnserver`), if any;
    ``agare``: pid of the batch's main process: if it dies (even ``kill -9``) the worker
    stops too (:func:`_vakta_agaren`) instead of waiting for work that never comes."""
    global _KO, _KARNSERVER
    _KO = ko
    _KARNSERVER = karnserver
    avbrott.i_barnprocess(_vid_sigterm)
    if agare is not None and os.name == "posix":
        threading.Thread(target=_vakta_agaren, args=(agare,), name="vbe-agare", daemon=True).start()
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


_TYST_SPARARE = "ignore::UserWarning:multiprocessing.resource_tracker"


def mp_kontext() -> Any:
    """The multiprocessing context of the batch's workers.

    On Linux the "forkserver" method, with :mod:`vbe_lib.bygg.arbetarstart` preloaded: a
    server process imports papermill and the renderers once and every worker is
    forked from it (about 2-3 s of imports less per worker; the server starts in the
    background, see :func:`starta_arbetarserver`). Elsewhere, or with
    ``VBE_KARNSERVER=0``, plain "spawn" (each worker imports for itself)."""
    import sys

    # multiprocessing's resource tracker (a process of its own, started with these
    # options) cleans up after a main process killed with kill -9 and then warns, in
    # English, in the user's terminal: the clean-up is all that is needed
    if _TYST_SPARARE not in sys.warnoptions:
        sys.warnoptions.append(_TYST_SPARARE)
    if (sys.platform.startswith("linux") and "forkserver" in mp.get_all_start_methods()
            and os.environ.get("VBE_KARNSERVER", "1") != "0"):
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["vbe_lib.bygg.arbetarstart"])
        return ctx
    return mp.get_context("spawn")


def starta_arbetarserver() -> None:
    """Start the worker fork server now (it imports in the background) rather than
    when the first worker is needed. It starts with the interrupt signals blocked
    (:mod:`vbe_lib.bygg.arbetarstart` moves it out of the terminal's reach first)."""
    ctx = mp_kontext()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with contextlib.suppress(Exception), avbrott.blockerade():
            forkserver.ensure_running()


def _vakta_agaren(agare: int, intervall: float = 1.0) -> None:
    """In a worker: stop like on SIGTERM once the batch's main process is gone (its
    queues would never report it: the worker holds both ends of them)."""
    import signal

    from vbe_lib.bygg.stadning import pid_lever

    while True:
        time.sleep(intervall)
        if not pid_lever(agare):
            _vid_sigterm(signal.SIGTERM, None)


#: kernel managers of this worker whose kernel may still run (for :func:`_vid_sigterm`)
_KARNOR: set[Any] = set()


def _vid_sigterm(signum: int, _frame: Any) -> None:
    """A worker told to stop (by the batch after an interrupt, or at shutdown): kill the
    kernel it runs, remove the kernel's connection folder and exit at once, quietly."""
    for km in list(_KARNOR):
        with contextlib.suppress(Exception):
            process = getattr(getattr(km, "provisioner", None), "process", None)
            if process is not None:
                process.kill()  # the kernel client: the kernel server then kills the kernel
        shutil.rmtree(getattr(km, "_vbe_katalog", ""), ignore_errors=True)
    os._exit(128 + signum)


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
        try:
            ok = server.vanta()
        except Exception:  # noqa: BLE001 - the server was stopped while it started
            ok = False
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


#: how often a stopped kernel's process is polled (jupyter_client: every 0.1 s)
_AVSLUT_INTERVALL = 0.005


def _snabb_klient_klass():
    """An AsyncKernelClient whose start-up handshake does not idle.

    jupyter_client's ``wait_for_ready`` ends by reading IOPub until it has been
    silent for 0.2 s – a fixed 0.2 s per notebook, half of the cost of starting a
    kernel from the fork server. Here the handshake is the same (a ``kernel_info``
    reply on shell, then one IOPub message to prove that IOPub is connected), and the
    flush only takes what has already arrived. Whatever the kernel still publishes
    about the ``kernel_info`` requests is ignored by nbclient, which reads only
    messages whose parent is the cell it executes.
    """
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient

    class SnabbKernelClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            slut = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    pass
                else:
                    if msg["msg_type"] == "kernel_info_reply":
                        try:
                            await self.iopub_channel.get_msg(timeout=0.2)
                        except Empty:
                            pass  # IOPub not connected yet: ask again
                        else:
                            self._handle_kernel_info_reply(msg)
                            break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > slut:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
            while True:  # what has arrived already, without waiting for silence
                try:
                    await self.iopub_channel.get_msg(timeout=0)
                except Empty:
                    break

    return SnabbKernelClient


def _ipc_kernel_manager_class():
    """A KernelManager using IPC transport, with a private connection folder."""
    from jupyter_client.manager import AsyncKernelManager

    klient = _snabb_klient_klass()

    class IpcKernelManager(AsyncKernelManager):
        """Kernel manager whose sockets are files in a folder of its own.

        TCP ports picked by a client and bound later by the kernel can collide
        when many kernels start at once (papermill #511); IPC socket paths in a
        fresh temporary folder cannot.
        """

        def __init__(self, **kw: Any):
            # the owner's pid in the name: a later run removes it if this process was killed
            self._vbe_katalog = karnkatalog("vbe-k-")
            _KARNOR.add(self)
            kw.setdefault("transport", "ipc")
            kw.setdefault("connection_file", os.path.join(self._vbe_katalog, "kernel.json"))
            super().__init__(**kw)
            self.client_factory = klient

        async def _async_wait(self, pollinterval: float = 0.1) -> None:
            # a killed kernel (shutdown_kernel="immediate") is gone within
            # milliseconds: do not sleep 0.1 s per check
            await super()._async_wait(pollinterval=min(pollinterval, _AVSLUT_INTERVALL))

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
                _KARNOR.discard(self)

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
    publicerat = Path(uppgift["publicerat"])
    internt_nb = Path(uppgift["internt"]) / f"{typ}.ipynb"
    logg = Path(uppgift["internt"]) / f"{typ}.log"
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
        from papermill.exceptions import PapermillExecutionError

        _registrera_engine()
        _SENASTE_NB.clear()
        loggare.info("vbe: %s %s för %s, planår %s", typ, notebook.name, slug, planar)
        try:
            nb = kor_notebook(notebook, internt_nb, uppgift["parametrar"], uppgift["tidsgrans"])
        except PapermillExecutionError as exc:
            cell = exc.cell_index + 1
            ut["fel"] = {"typ": "cellfel", "cell": cell, "undantag": exc.ename}
            from vbe_lib.bygg.filfel import fran_undantagstext

            disk = fran_undantagstext(exc.ename, exc.evalue)
            ut["felmeddelande"] = (
                f"{borjan}: cell {cell} gav ett fel – {disk or f'{exc.ename}: {exc.evalue}'}. "
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
                orsak = f"tidsgränsen på {_sekunder(uppgift['tidsgrans'])} överskreds{var}"
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
        (publicerat / namn_html).write_text(html, encoding="utf-8", newline="\n")
        if uppgift.get("bara_html"):  # the preview's first pass: PDF and DOCX follow in a full pass
            return _klar(ut, publicerat, typ, planar, slug, [namn_html], varningar, loggare)
        try:
            namn_pdf = publicerat_filnamn(typ, planar, slug, "pdf")
            render_pdf(html, publicerat / namn_pdf)
        except PdfFel as exc:
            ut["fel"] = {"typ": "pdf", "cell": None, "undantag": "PdfFel"}
            ut["felmeddelande"] = f"{borjan}: {exc}"
            return ut
        ut["tider"]["pdf"] = time.perf_counter() - t2
        from vbe_lib.render.docx import DocxFel, render_docx

        namn_docx = publicerat_filnamn(typ, planar, slug, "docx")
        try:
            render_docx(nb, utfil=publicerat / namn_docx, **kw)
        except DocxFel as exc:
            ut["fel"] = {"typ": "docx", "cell": None, "undantag": "DocxFel"}
            ut["felmeddelande"] = f"{borjan}: {exc}"
            return ut
        return _klar(ut, publicerat, typ, planar, slug, [namn_html, namn_pdf, namn_docx], varningar, loggare)
    except Exception as exc:  # unexpected: never lose the committee's message
        from vbe_lib.bygg import filfel

        ut["fel"] = {"typ": "internt", "cell": None, "undantag": type(exc).__name__}
        if filfel.ar_diskfel(exc):
            ut["fel"]["typ"] = "disk"
            ut["felmeddelande"] = f"{borjan}: {filfel.beskriv(exc)}."  # type: ignore[arg-type]
        elif isinstance(exc, MemoryError):
            ut["fel"]["typ"] = "minne"
            ut["felmeddelande"] = f"{borjan}: slut på minne när rapporten skapades (prova färre processer, --jobb 1)."
        else:
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



def _klar(ut: dict[str, Any], publicerat: Path, typ: str, planar: int, slug: str, filer: list[str],
          varningar: list[str], loggare: logging.Logger) -> dict[str, Any]:
    """The job's answer once its files are rendered (the spreadsheet, when the notebook wrote one)."""
    for v in varningar:
        loggare.warning("vbe: %s", v)
    ut["varningar"] = varningar
    ut["filer"] = list(filer)
    namn_xlsx = publicerat_filnamn(typ, planar, slug, "xlsx")
    if (publicerat / namn_xlsx).is_file():
        ut["filer"].append(namn_xlsx)
    ut["status"] = KLAR
    return ut


def _sekunder(tid: float) -> str:
    """'3 sekunder', '1 sekund', '2,5 sekunder' (:mod:`vbe_lib.presentation.fmt`)."""
    from vbe_lib.presentation.fmt import antal_ord, tal

    if float(tid).is_integer():
        return antal_ord(int(tid), "sekund", "sekunder")
    return f"{tal(tid, 1)} sekunder"


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
                                                   initializer=_init_arbetare,
                                                   initargs=(self.ko, self.karnserver, os.getpid()))
            # start the workers now, not at the first real job; in a thread, because
            # forking them waits for the worker fork server's imports
            self._start = threading.Thread(target=self._starta, name="vbe-arbetare", daemon=True)
            self._start.start()
        except BaseException:
            self._stack.close()
            raise
        self._stangd = False

    def _starta(self) -> None:
        # signals blocked: a spawned worker starts with them blocked (see vbe_lib.bygg.avbrott);
        # an error here (the pool stopped meanwhile) is the job's, not this thread's
        with contextlib.suppress(Exception), avbrott.blockerade():
            self.executor.submit(_ingenting)

    def avbryt(self) -> None:
        """Stop now: queued jobs are cancelled, running ones are not waited for – every
        worker is told to stop (SIGTERM: it kills its kernel and exits, see
        :func:`_vid_sigterm`). :meth:`stang` still stops the servers."""
        self._start.join(timeout=30)
        processer = list((getattr(self.executor, "_processes", None) or {}).values())
        with contextlib.suppress(Exception):
            self.executor.shutdown(wait=False, cancel_futures=True)
        for p in processer:
            with contextlib.suppress(Exception):
                p.terminate()
        for p in processer:
            with contextlib.suppress(Exception):
                p.join(timeout=5)
        with contextlib.suppress(Exception):
            self.executor.shutdown(wait=True)

    def stang(self) -> None:
        """Stop the workers (waiting for running jobs; queued ones are cancelled), then the server."""
        if self._stangd:
            return
        self._stangd = True
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

    def __exit__(self, typ: Any, *exc: Any) -> None:
        if typ is not None and issubclass(typ, KeyboardInterrupt):
            self.avbryt()  # interrupted before or after the batch: do not wait for the workers
        self.stang()
