"""A fork server for notebook kernels: import once, start every kernel as a copy.

Starting an IPython kernel and importing pandas, matplotlib, seaborn and vbe_lib
costs about 2 s of CPU per notebook, more than a third of a whole lägesbild. The
fork server (a "zygote") is one Python process that imports those modules once
and then, for every kernel the batch asks for, ``fork()``s a child that starts a
brand-new ``IPKernelApp`` on the connection file it was given.

Every notebook still runs in a fresh kernel: the server never executes notebook
code, so each child begins as an exact copy of a process that has only imported
modules – the same state a new ``python -m ipykernel_launcher`` reaches after the
same imports. Nothing a committee's notebook does can reach another committee's
kernel (they are separate processes, forked from the untouched server).

How a kernel is started (:func:`kernel_kommando`): jupyter_client launches a tiny
stdlib-only client (``karnklient.py``, run with ``python -I -S``) instead of
``ipykernel_launcher``. The client hands the server its argv, working directory,
environment and its stdin/stdout/stderr (file descriptors over the Unix socket),
receives the kernel's pid, forwards every signal it gets (interrupt, terminate)
to the kernel and exits with the kernel's exit code. jupyter_client therefore
manages an ordinary child process. If the client dies (e.g. SIGKILL from an
"immediate" shutdown), the server sees its socket close and kills the kernel; if
the server's owner dies, the server sees its stdin close, kills its kernels and
exits.

Used only on Linux (``fork`` without ``exec`` is not safe on macOS, and Windows
has no fork); elsewhere, or with ``VBE_KARNSERVER=0``, kernels start the usual way.
"""
from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

#: modules every report notebook imports (the kernel's own and the notebooks' imports;
#: the charts use ``matplotlib.figure`` directly, so no pyplot, seaborn or inline backend)
FORLADDA = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    # the kernel resolves its debugger class (and so imports debugpy's vendored pydevd)
    # while it starts: about 0.05-0.1 s per notebook when imported in the kernel
    "ipykernel.debugger",
    "IPython.display",
    "numpy",
    "pandas",
    "matplotlib",
    "highspy",
    "vbe_lib.rapporter.lagesbild",
    "vbe_lib.rapporter.sammanstallning",
    "vbe_lib.rapporter.uppfoljning",
    "vbe_lib.rapporter.handlingsplan",
    "vbe_lib.indata.revidera",
    # read or written by the follow-up and the plan (activity lists, the follow-up's
    # spreadsheet): about 0.1 s per notebook when imported in the kernel
    "openpyxl",
    "vbe_lib.render.xlsx",
    "mistune",
    "vbe_lib.parametrar.konfiguration",
)

KLIENT = Path(__file__).with_name("karnklient.py")
_KLAR = b"klar\n"


def tillganglig() -> bool:
    """Whether kernels may be forked here (Linux, not switched off)."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and hasattr(socket, "AF_UNIX") and os.environ.get("VBE_KARNSERVER", "1") != "0")


def kernel_kommando(kernel_cmd: list[str], sokvag: str | os.PathLike[str]) -> list[str]:
    """The command that starts ``kernel_cmd`` through the server at ``sokvag``:
    only the standard IPython kernel (``-m ipykernel_launcher``) is forked; any
    other command is returned unchanged."""
    if len(kernel_cmd) >= 3 and kernel_cmd[1:3] == ["-m", "ipykernel_launcher"]:
        return [sys.executable, "-I", "-S", str(KLIENT), str(sokvag), "ipykernel_launcher", *kernel_cmd[3:]]
    return list(kernel_cmd)


class Karnserver:
    """Owner's handle of a running fork server (start with :meth:`starta`)."""

    def __init__(self, process: subprocess.Popen[bytes], katalog: str):
        self.process = process
        self.katalog = katalog
        self.sokvag = os.path.join(katalog, "s")
        self._redo = False

    @classmethod
    def starta(cls) -> "Karnserver":
        """Start a server in the background; its imports run while the caller goes on
        (:meth:`vanta` waits for them)."""
        # the owner's pid in the name: a later run removes it if this process was killed
        from vbe_lib.bygg.stadning import karnkatalog

        katalog = karnkatalog("vbe-z-")
        env = dict(os.environ)
        # what the batch's workers set for their kernels (vbe_lib.bygg.arbetare._init_arbetare):
        # variables read at import time come from the server's environment
        env.setdefault("MPLBACKEND", "Agg")
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        env.setdefault("PYTHONIOENCODING", "utf-8")
        # one thread per process: numpy's OpenBLAS would otherwise start a thread pool
        # in the server, and forking a multi-threaded process is unsafe in general
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        process = subprocess.Popen(
            [sys.executable, "-m", "vbe_lib.bygg.karnserver", os.path.join(katalog, "s")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=katalog,
            start_new_session=True,  # Ctrl-C in the terminal goes to the batch, not here
        )
        return cls(process, katalog)

    def vanta(self, tidsgrans: float = 120) -> bool:
        """Wait until the server listens; False if it died or did not get ready."""
        if self._redo:
            return self.process.poll() is None
        assert self.process.stdout is not None
        sel = selectors.DefaultSelector()
        sel.register(self.process.stdout, selectors.EVENT_READ)
        slut = time.monotonic() + tidsgrans
        try:
            while time.monotonic() < slut:
                if sel.select(timeout=max(0.0, slut - time.monotonic())):
                    self._redo = self.process.stdout.readline() == _KLAR
                    return self._redo and self.process.poll() is None
            return False
        finally:
            sel.close()

    def stoppa(self) -> None:
        """Stop the server (and any kernel it still has) and remove its folder."""
        if not self._redo:  # still importing, so no kernels yet: no need to be polite
            with contextlib.suppress(OSError):
                self.process.kill()
        with contextlib.suppress(Exception):
            if self.process.stdin is not None:
                self.process.stdin.close()  # EOF: the server kills its kernels and exits
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(Exception):
            if self.process.stdout is not None:
                self.process.stdout.close()
        import shutil

        shutil.rmtree(self.katalog, ignore_errors=True)

    def __enter__(self) -> "Karnserver":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stoppa()


# ============================================================================ server side
def _las_begaran(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """One request: a JSON line, sent together with the client's stdio descriptors."""
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
    buf = bytearray(data)
    while not buf.endswith(b"\n"):
        mer = conn.recv(1 << 16)
        if not mer:
            raise ConnectionError("klienten stängde förbindelsen")
        buf.extend(mer)
    return json.loads(buf.decode("utf-8")), list(fds)


def _barn(begaran: dict[str, Any], fds: list[int], stang: list[int]) -> None:
    """In the forked child: become the kernel. Never returns."""
    kod = 1
    try:
        os.setsid()
        for fd in stang:
            with contextlib.suppress(OSError):
                os.close(fd)
        signal.set_wakeup_fd(-1)
        for s in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for mal, fd in enumerate(fds[:3]):
            os.dup2(fd, mal)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(begaran["cwd"])
        os.environ.clear()
        os.environ.update(begaran["env"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())  # the kernel watches the server
        sys.argv = list(begaran["argv"])
        from ipykernel import kernelapp

        # as IPKernelApp.launch_instance, but the trait default read from
        # JPY_PARENT_PID was fixed when the server imported ipykernel: set it here
        app = kernelapp.IPKernelApp.instance()
        app.parent_handle = int(os.environ["JPY_PARENT_PID"])
        app.initialize(sys.argv[1:])
        app.start()
        kod = 0
    except SystemExit as exc:
        kod = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - report and leave
        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(kod)


def _skicka(conn: socket.socket, data: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps(data).encode("utf-8") + b"\n")


def serva(sokvag: str) -> None:
    """Import everything, then fork a kernel per request until stdin closes."""
    # like ipykernel_launcher: the server's folder is not the notebooks' import path
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    import importlib

    for namn in FORLADDA:
        with contextlib.suppress(ImportError):
            importlib.import_module(namn)

    lyssnare = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    lyssnare.bind(sokvag)
    lyssnare.listen(64)
    vakna_r, vakna_w = os.pipe()
    os.set_blocking(vakna_w, False)
    os.set_blocking(vakna_r, False)
    signal.set_wakeup_fd(vakna_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stopp: list[int] = []
    # SIGTERM (e.g. at shutdown): stop as when the owner goes, killing the kernels
    signal.signal(signal.SIGTERM, lambda signum, _f: stopp.append(signum))

    sel = selectors.DefaultSelector()
    sel.register(lyssnare, selectors.EVENT_READ, "lyssna")
    sel.register(sys.stdin.buffer, selectors.EVENT_READ, "agare")
    sel.register(vakna_r, selectors.EVENT_READ, "barn")
    barn: dict[int, socket.socket] = {}  # kernel pid -> its client's connection
    forbindelser: dict[socket.socket, int] = {}
    try:
        sys.stdout.buffer.write(_KLAR)
        sys.stdout.flush()
    except OSError:  # the owner is gone already (killed while this server started)
        with contextlib.suppress(OSError):
            os.unlink(sokvag)
        os._exit(0)

    def stada_barn() -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = barn.pop(pid, None)
            if conn is not None:
                _skicka(conn, {"kod": os.waitstatus_to_exitcode(status)})
                forbindelser.pop(conn, None)
                with contextlib.suppress(Exception):
                    sel.unregister(conn)
                conn.close()

    igang = True
    while igang and not stopp:
        for nyckel, _ in sel.select():
            slag = nyckel.data
            if slag == "agare":
                if not os.read(sys.stdin.fileno(), 4096):
                    igang = False
            elif slag == "barn":
                with contextlib.suppress(BlockingIOError):
                    while os.read(vakna_r, 512):
                        pass
                stada_barn()
            elif slag == "lyssna":
                conn, _ = lyssnare.accept()
                try:
                    begaran, fds = _las_begaran(conn)
                except (OSError, ValueError, ConnectionError):
                    conn.close()
                    continue
                sys.stdout.flush()
                sys.stderr.flush()
                stang = [lyssnare.fileno(), vakna_r, vakna_w, sys.stdin.fileno(), conn.fileno(),
                         *(c.fileno() for c in forbindelser)]
                pid = os.fork()
                if pid == 0:
                    sel.close()
                    _barn(begaran, fds, stang)
                for fd in fds:
                    os.close(fd)
                barn[pid] = conn
                forbindelser[conn] = pid
                _skicka(conn, {"pid": pid})
                sel.register(conn, selectors.EVENT_READ, "klient")
            else:  # a client closed its connection (it died or was killed): so does its kernel
                conn = nyckel.fileobj
                pid = forbindelser.pop(conn, None)  # type: ignore[arg-type]
                sel.unregister(conn)
                conn.close()  # type: ignore[union-attr]
                if pid is not None and pid in barn:
                    barn.pop(pid)
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
    for pid in list(barn):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while barn and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            pid, _ = os.waitpid(-1, 0)
            barn.pop(pid, None)
    with contextlib.suppress(OSError):
        os.unlink(sokvag)
    sys.stdout.flush()
    os._exit(0)  # skip tearing down pandas, matplotlib …: nothing to save


if __name__ == "__main__":
    try:
        serva(sys.argv[1])
    except BaseException:  # noqa: BLE001 - never a traceback in the user's terminal
        os._exit(1)
