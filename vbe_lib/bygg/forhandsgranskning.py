"""``vbe forhandsgranska``: a local web server that shows one committee's reports, watches
the inputs and rebuilds on a saved change, and reloads the open page.

* The server (:class:`http.server.ThreadingHTTPServer`, bound to 127.0.0.1, port 0 = a
  free one) serves the wrapper page (:mod:`vbe_lib.render.granskningssida`) at ``/``, the
  preview folder's files at ``/rapport/<name>``, its state as JSON at ``/status`` and a
  Server-Sent Events stream at ``/handelser``: ``bygger`` when a rebuild starts, ``bygge``
  with the build's number when one has finished (the page then reloads), ``filer`` when
  the PDF and Word files of an unchanged page are ready (the page updates its links).
* The reports are built into ``<utdata>/_forhandsgranskning/`` (so
  ``<utdata>/_forhandsgranskning/<Y>/<slug>/``; the published ``<utdata>/<Y>/`` is never
  touched) by the same steps as ``vbe rapport --namnd SLUG --ar Y``
  (:func:`bygg_en_gang`): the jobs of :func:`vbe_lib.bygg.rapportjobb.namnd_jobb`, the
  plan with its reuse (:func:`vbe_lib.bygg.planera.planera`: an unchanged report is not
  rebuilt), the validation that refuses a committee with errors in its data
  (:func:`vbe_lib.indata.problem.problem_for_namnd`), and :func:`vbe_lib.bygg.batch.bygg`:
  every notebook in a fresh kernel forked from the kernel server. The kernel server and
  the workers are started once and kept for the whole session.
* A saved change is built in two passes, so that the page reloads as soon as possible: first
  the HTML only (:attr:`vbe_lib.bygg.jobb.Jobb.bara_html`; the page reloads), then, once
  nothing has been saved for :data:`VILA_S` seconds, the PDF and Word files (the notebook is
  executed again in a fresh kernel; the page reloads only if the HTML came out different).
* The kernels keep the charts they draw in ``<utdata>/_forhandsgranskning/_internt/.figurer/``
  (:mod:`vbe_lib.presentation.figurcache`, keyed by the chart's exact data and the code): a
  rebuild after a saved text draws only the charts whose data changed.
* ``data/`` (the committee texts in ``data/texter/`` included), ``parameters/`` and the
  notebook folder are watched with ``watchfiles`` (changes within
  :data:`SAMLA_MS` are taken together; the data cache, editors' lock and swap files are
  ignored); a change saved while a build runs starts one more build after it.
* A build that fails (validation problems, a failing cell, a parameter file that cannot
  be read) leaves the preview folder as it was, so the previous good report stays
  visible; the page shows the problems in Swedish with file, row and column.
* Ctrl-C (or SIGTERM/SIGHUP) stops the watcher and the server and, through the batch,
  a build in progress (its temporary folders removed, the run lock released).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import queue
import threading
import time
import traceback
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from vbe_lib.bygg.jobb import KLAR, publicerad_mapp, publicerat_filnamn
from vbe_lib.bygg.manifest import IGNORERADE_NAMN
from vbe_lib.bygg.rapportjobb import TYPER
from vbe_lib.render import granskningssida as gs

#: the preview's folder under the output folder
MAPP = "_forhandsgranskning"
#: changes within this many milliseconds of each other start one build
SAMLA_MS = 60
#: seconds between keep-alive comments on the event stream
PING_S = 15.0
#: seconds without a saved change before the PDF and Word files are built after the HTML
VILA_S = 2.0

_TYPER_FIL = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf",
              ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def forhandsmapp(utdata: str | Path) -> Path:
    """``<utdata>/_forhandsgranskning``: the batch's output folder for the preview."""
    return Path(utdata) / MAPP


# ------------------------------------------------------------------------------ building
@dataclass
class Byggutfall:
    """One rebuild: its problems (Swedish lines; empty = success), remarks, what was done."""

    problem: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    byggda: bool = False
    ateranvand: bool = False
    sekunder: float = 0.0


def bygg_en_gang(slug: str, planar: int, data: Path, parametrar: Path, notebooks: Path, utdata: Path,
                 arbetare: Any = None, byggdatum: dt.date | None = None, bara_html: bool = False) -> Byggutfall:
    """Build the committee's reports into ``forhandsmapp(utdata)`` as ``vbe rapport --namnd
    slug --ar planar`` would (``bara_html``: the HTML only; a report published with every
    format is reused); never raises for bad input (the problems are returned)."""
    from vbe_lib.bygg.batch import bygg
    from vbe_lib.bygg.planera import planera
    from vbe_lib.bygg.rapportjobb import namnd_jobb
    from vbe_lib.indata.datakalla import ar_exempeldata
    from vbe_lib.integritet.logg import undanhallna_rader
    from vbe_lib.indata.texter import textrader
    from vbe_lib.parametrar.byggdatum import standard_byggdatum
    from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel

    start = time.perf_counter()
    ut = Byggutfall()
    try:
        konf = _konfiguration(parametrar)
    except KonfigurationsFel as exc:
        ut.problem = [f"parametrarna: {m}" for m in exc.meddelanden]
        return ut
    if slug not in konf.namnder or not konf.namnder[slug].finns_planar(planar):
        ut.problem = [f"nämnden {slug} finns inte planår {planar} (parameters/namnder/)."]
        return ut
    nbfiler = {t: notebooks / f"{t}.ipynb" for t in TYPER}
    saknas = [p for p in nbfiler.values() if not p.is_file()]
    if saknas:
        ut.problem = [f"notebooken {p} finns inte." for p in saknas]
        return ut
    jobb = namnd_jobb(konf, slug, planar, nbfiler, ar_exempeldata(data))
    if bara_html:
        jobb = [replace(j, bara_html=True) for j in jobb]
    mal = forhandsmapp(utdata)
    datum = byggdatum or standard_byggdatum()
    # rensa: a file the new build does not make (the PDF of a report now built as HTML only)
    # is removed, never shown beside a newer page
    plan = planera(jobb, mal, data, parametrar, datum, konf, rensa=True)
    if plan.att_bygga:
        from vbe_lib.indata.dataset import las_data
        from vbe_lib.indata.problem import problem_for_namnd, samla_rader
        from vbe_lib.indata.validera import validera

        ds = las_data(data, konf, cache=True, behall_ar=True)
        # the committee's own texts are checked against its own figures only: other committees'
        # texts cannot refuse it (problem_for_namnd), and their catalogues cost seconds
        fel = problem_for_namnd(list(validera(data, konf, planar, ds=ds, namnder={slug})), slug, konf)
        if fel:
            # one line per kind of problem, naming every row (45 identical sentences help no one)
            ut.problem = samla_rader(fel)
            ut.sekunder = time.perf_counter() - start
            return ut
    mal.mkdir(parents=True, exist_ok=True)
    resultat = bygg(jobb, mal, data, parametrar, byggdatum=datum, konf=konf, plan=plan, arbetare=arbetare,
                    rensa=True)
    r = resultat[0]
    ut.sekunder = time.perf_counter() - start
    if r.status != KLAR:
        ut.problem = (r.felmeddelande or "bygget misslyckades").splitlines()
        return ut
    ut.ateranvand = r.ateranvand
    ut.byggda = not r.ateranvand
    undanhallna = undanhallna_rader(r.varningar)
    if undanhallna:
        ut.info.append(f"{len(undanhallna)} text(er) undanhölls eftersom de kunde innehålla personuppgifter:")
        ut.info.extend(undanhallna)
    ut.info.extend(rad for rad in textrader(r.varningar) if rad.startswith("utkast:"))
    return ut


_KONF: dict[str, Any] = {}


def _konfiguration(parametrar: Path) -> Any:
    """The parameters, read again only when a byte of a file under ``parametrar`` changed
    (reading and validating the YAML files is a tenth of a second of every rebuild)."""
    from vbe_lib.bygg.manifest import sammanfatta, sha256_katalog
    from vbe_lib.parametrar.konfiguration import Konfiguration

    nyckel = f"{parametrar.resolve()}:{sammanfatta(sha256_katalog(parametrar, ''))}"
    if nyckel not in _KONF:
        konf = Konfiguration.las(parametrar)  # raises KonfigurationsFel: nothing kept
        _KONF.clear()
        _KONF[nyckel] = konf
    return _KONF[nyckel]


def rapportfiler(mapp: Path, planar: int, slug: str) -> dict[str, dict[str, str]]:
    """Report kind -> format -> file name of the files in the preview folder."""
    ut: dict[str, dict[str, str]] = {}
    for typ in TYPER:
        for f in ("html", "pdf", "docx", "xlsx"):
            namn = publicerat_filnamn(typ, planar, slug, f)
            if (mapp / namn).is_file():
                ut.setdefault(typ, {})[f] = namn
    bilagor = f"handlingsplan-{planar}-{slug}-med-bilagor.pdf"
    if (mapp / bilagor).is_file():
        ut["med_bilagor"] = {"pdf": bilagor}
    return ut


# ------------------------------------------------------------------------------ the state
class Lage:
    """What the server shows, shared between the build loop and the request threads."""

    def __init__(self, namnd_namn: str, planar: int, slug: str, mapp: Path):
        self.namnd_namn, self.planar, self.slug, self.mapp = namnd_namn, planar, slug, mapp
        self.villkor = threading.Condition()
        self.bygge = 0
        self.bygger: str | None = "startar"
        self.problem: list[str] = []
        self.info: list[str] = []
        self.status = "Bygger rapporterna …"
        self.stoppad = False
        #: the number of the last full pass that left the HTML unchanged (the ``filer`` event)
        self.filer = 0

    def borjar(self, orsak: str) -> None:
        with self.villkor:
            self.bygger = orsak
            self.status = f"Bygger om: {orsak}"
            self.villkor.notify_all()

    def klart(self, utfall: Byggutfall, ny: bool) -> None:
        klockan = dt.datetime.now().strftime("%H:%M:%S")
        with self.villkor:
            self.bygger = None
            if ny:
                self.bygge += 1
            self.problem, self.info = list(utfall.problem), (list(utfall.info) if not utfall.problem else self.info)
            if utfall.problem:
                self.status = f"Bygget kl. {klockan} misslyckades – se felen nedan."
            else:
                vad = "oförändrad, återanvänd" if utfall.ateranvand else f"byggd på {utfall.sekunder:.1f} s".replace(".", ",")
                self.status = (f"Senast byggd kl. {klockan} ({vad}). Sidan laddas om när en sparad ändring har "
                               "byggts.")
            self.villkor.notify_all()

    def kompletterar(self) -> None:
        with self.villkor:
            self.bygger = "PDF och Word"
            self.status = "Bygger PDF- och Word-filerna …"
            self.villkor.notify_all()

    def kompletterat(self, utfall: Byggutfall, html_ny: bool) -> None:
        """The full pass after an HTML-only one: a new page when it failed or changed the
        HTML, otherwise only new links (the ``filer`` event)."""
        if utfall.problem or html_ny:
            return self.klart(utfall, True)
        klockan = dt.datetime.now().strftime("%H:%M:%S")
        with self.villkor:
            self.bygger = None
            self.filer += 1
            self.status = (f"PDF- och Word-filerna klara kl. {klockan}. Sidan laddas om när en sparad ändring har "
                           "byggts.")
            self.villkor.notify_all()

    def stoppa(self) -> None:
        with self.villkor:
            self.stoppad = True
            self.villkor.notify_all()

    def sidlage(self, visa: str) -> gs.Sidlage:
        with self.villkor:
            return gs.Sidlage(namnd_namn=self.namnd_namn, planar=self.planar, bygge=self.bygge, status=self.status,
                              filer=rapportfiler(self.mapp, self.planar, self.slug), problem=list(self.problem),
                              info=list(self.info), visa=visa)

    def som_json(self) -> dict[str, Any]:
        with self.villkor:
            return {"bygge": self.bygge, "bygger": self.bygger is not None, "problem": list(self.problem),
                    "status": self.status, "filer": self.filer}


# ------------------------------------------------------------------------------ the server
class _Hanterare(BaseHTTPRequestHandler):
    server_version = "vbe-forhandsgranska"
    lage: Lage  # set on the subclass made by :func:`starta_server`

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - no request log on the terminal
        pass

    def _skicka(self, kod: int, kropp: bytes, typ: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(kod)
        self.send_header("Content-Type", typ)
        self.send_header("Content-Length", str(len(kropp)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(kropp)

    def _saknas(self) -> None:
        self._skicka(HTTPStatus.NOT_FOUND, "Sidan finns inte.\n".encode(), "text/plain; charset=utf-8")

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path == "/":
            visa = parse_qs(url.query).get("visa", ["lagesbild"])[0]
            html = gs.sida(self.lage.sidlage(visa)).encode("utf-8")
            self._skicka(HTTPStatus.OK, html, "text/html; charset=utf-8", {"Content-Security-Policy": gs.csp()})
        elif url.path == "/status":
            self._skicka(HTTPStatus.OK, json.dumps(self.lage.som_json(), ensure_ascii=False).encode("utf-8"),
                         "application/json; charset=utf-8")
        elif url.path == "/handelser":
            self._handelser()
        elif url.path.startswith("/rapport/"):
            self._fil(url.path[len("/rapport/"):])
        else:
            self._saknas()

    def _fil(self, namn: str) -> None:
        # only a file of the preview folder by its plain name: no path, no hidden file
        if not namn or "/" in namn or "\\" in namn or namn.startswith(".") or namn == "manifest.json":
            return self._saknas()
        fil = self.lage.mapp / namn
        typ = _TYPER_FIL.get(fil.suffix)
        try:
            kropp = fil.read_bytes() if typ else None
        except OSError:
            kropp = None
        if kropp is None or typ is None:
            return self._saknas()
        self._skicka(HTTPStatus.OK, kropp, typ)

    def _handelser(self) -> None:
        """Server-Sent Events: the current build number at once, then ``bygger``/``bygge``."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        lage = self.lage

        def skriv(text: str) -> None:
            self.wfile.write(text.encode("utf-8"))
            self.wfile.flush()

        try:
            with lage.villkor:
                bygge, bygger, filer = lage.bygge, lage.bygger, lage.filer
            skriv(f"retry: 1000\nevent: bygge\ndata: {bygge}\n\n")
            if bygger:
                skriv(f"event: bygger\ndata: {_en_rad(bygger)}\n\n")
            while True:
                with lage.villkor:
                    lage.villkor.wait_for(lambda: lage.stoppad or lage.bygge != bygge or lage.bygger != bygger
                                          or lage.filer != filer, timeout=PING_S)
                    if lage.stoppad:
                        return
                    nytt, nu_bygger, nya_filer = lage.bygge, lage.bygger, lage.filer
                if nytt != bygge:
                    bygge = nytt
                    skriv(f"event: bygge\ndata: {bygge}\n\n")
                elif nya_filer != filer:
                    filer = nya_filer
                    skriv(f"event: filer\ndata: {filer}\n\n")
                elif nu_bygger != bygger and nu_bygger:
                    skriv(f"event: bygger\ndata: {_en_rad(nu_bygger)}\n\n")
                else:
                    skriv(": håller förbindelsen öppen\n\n")
                bygger = nu_bygger
        except (OSError, ValueError):
            return  # the page was closed or reloaded


def _en_rad(text: str) -> str:
    return " ".join(str(text).split())


def starta_server(lage: Lage, port: int = 0) -> ThreadingHTTPServer:
    """The server on 127.0.0.1:``port`` (0: a free port), serving in a background thread."""
    hanterare = type("Hanterare", (_Hanterare,), {"lage": lage})
    server = ThreadingHTTPServer(("127.0.0.1", port), hanterare)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="vbe-server",
                     daemon=True).start()
    return server


# ------------------------------------------------------------------------------ watching
def _bevakad(sokvag: str) -> bool:
    """A change that can matter: not the data cache, not a tool's folder, not an
    editor's lock, swap or backup file."""
    p = Path(sokvag)
    if any(d in IGNORERADE_NAMN for d in p.parts):
        return False
    n = p.name
    return not (n.startswith((".~lock", "~$", ".#", ".tmp-")) or n.endswith(("~", ".swp", ".swx", ".tmp", ".part"))
                or n == "4913")


def bevaka(kataloger: list[Path], ko: "queue.Queue[list[str]]", stopp: threading.Event, bas: Path) -> threading.Thread:
    """Watch ``kataloger`` in a background thread; each batch of changes is put on ``ko``
    as paths relative to ``bas`` (where possible)."""
    import watchfiles

    def relativ(s: str) -> str:
        with contextlib.suppress(ValueError):
            return Path(s).resolve().relative_to(bas).as_posix()
        return s

    def kor() -> None:
        with contextlib.suppress(Exception):
            for andringar in watchfiles.watch(*[k for k in kataloger if k.is_dir()], stop_event=stopp,
                                              watch_filter=lambda _c, s: _bevakad(s), debounce=1600, step=SAMLA_MS,
                                              yield_on_timeout=False, raise_interrupt=False, rust_timeout=500):
                typer: dict[str, set[Any]] = {}
                for c, s in andringar:
                    typer.setdefault(s, set()).add(c)
                # a file made and removed again at once (an editor's or sed's temporary file) is no change
                kvar = [s for s, c in typer.items() if Path(s).exists() or watchfiles.Change.added not in c]
                if kvar:
                    ko.put(sorted({relativ(s) for s in kvar}))

    t = threading.Thread(target=kor, name="vbe-bevakning", daemon=True)
    t.start()
    return t


# ------------------------------------------------------------------------------ the session
def forhandsgranska(slug: str, planar: int, data: Path, parametrar: Path, notebooks: Path, utdata: Path,
                    port: int = 0, meddela: Callable[[str], None] = print,
                    klar: Callable[[str], None] | None = None, byggdatum: dt.date | None = None,
                    vila: float = VILA_S) -> None:
    """Run the preview until interrupted (KeyboardInterrupt/:class:`~vbe_lib.bygg.avbrott.Avbrott`
    propagates after everything is stopped). ``meddela``: a Swedish line for the terminal;
    ``klar(url)``: called once the server listens (the first build then starts); ``vila``:
    seconds without a saved change before the PDF and Word files follow the HTML."""
    from vbe_lib.bygg.arbetare import Arbetare, antal_processer_for, karnserver, starta_arbetarserver
    from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel

    try:
        namn = Konfiguration.las(parametrar).namnder[slug].namn
    except (KonfigurationsFel, KeyError):
        namn = slug
    mapp = publicerad_mapp(forhandsmapp(utdata), planar, slug)
    lage = Lage(namn, planar, slug, mapp)
    bas = Path.cwd().resolve()
    stopp = threading.Event()
    ko: queue.Queue[list[str]] = queue.Queue()
    # the preview's kernels keep unchanged charts between rebuilds (never vbe rapport's)
    from vbe_lib.presentation import figurcache

    figurer = forhandsmapp(utdata) / "_internt" / ".figurer"
    figurcache.rensa(figurer)
    fore_miljo = os.environ.get(figurcache.MILJO)
    os.environ[figurcache.MILJO] = str(figurer.resolve())
    server = starta_server(lage, port)
    bevakning: threading.Thread | None = None
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        (klar or (lambda u: None))(url)
        bevakning = bevaka([data.resolve(), parametrar.resolve(), notebooks.resolve()], ko, stopp, bas)
        with karnserver() as sokvag:
            starta_arbetarserver()
            with Arbetare(antal_processer_for(None, len(TYPER)), sokvag) as arbetare:
                orsak, komplettera = "start", False
                while True:
                    if komplettera:
                        lage.kompletterar()
                        meddela("Bygger PDF och Word …")
                        fore = _html_avtryck(mapp)
                    else:
                        lage.borjar(orsak)
                        meddela(f"Bygger ({orsak}) …")
                    try:
                        utfall = bygg_en_gang(slug, planar, data, parametrar, notebooks, utdata, arbetare, byggdatum,
                                              bara_html=not komplettera)
                    except KeyboardInterrupt:
                        raise
                    except Exception as exc:  # noqa: BLE001 - the session goes on; details in a log
                        utfall = Byggutfall(problem=[_ovantat(utdata, exc)])
                    if komplettera:
                        lage.kompletterat(utfall, _html_avtryck(mapp) != fore)
                    else:
                        lage.klart(utfall, utfall.byggda or bool(utfall.problem) or bool(lage.problem)
                                   or lage.bygge == 0)
                    if utfall.problem:
                        meddela("Bygget misslyckades:")
                        for rad in utfall.problem:
                            meddela(f"  {rad}")
                    elif komplettera:
                        meddela(f"PDF och Word klara på {utfall.sekunder:.1f} s.".replace(".", ",", 1))
                    else:
                        meddela("Oförändrat – rapporterna återanvändes." if utfall.ateranvand else
                                f"HTML klar på {utfall.sekunder:.1f} s; sidan laddas om.".replace(".", ",", 1))
                    # after an HTML-only pass that built something: the full pass once the saving stops
                    vantar = not komplettera and utfall.byggda and not utfall.problem
                    komplettera = False
                    if vantar:
                        # once, while the analyst looks at the first page: every source and
                        # survey year into memory, so that a saved change re-reads its part only
                        t_forvarm = time.monotonic()
                        _forvarm_dataset(data, parametrar)
                        andringar = _inom(ko, max(0.0, vila - (time.monotonic() - t_forvarm)))
                        if not andringar:
                            komplettera = True
                            continue
                    else:
                        andringar = _nasta(ko)
                    while True:
                        with contextlib.suppress(queue.Empty):
                            andringar += ko.get(timeout=SAMLA_MS / 1000)
                            continue
                        break
                    orsak = ", ".join(dict.fromkeys(andringar)) if len(andringar) <= 3 else \
                        f"{len(set(andringar))} ändrade filer"
    finally:
        stopp.set()
        lage.stoppa()
        server.shutdown()
        server.server_close()
        if bevakning is not None:
            # The watcher waits in Rust code with the GIL released; a daemon thread still there
            # when the interpreter finalises is unwound through Rust frames, and the process
            # aborts ("FATAL: exception not rethrown", SIGABRT) instead of exiting with 130.
            # It sees the stop event within rust_timeout + step.
            bevakning.join(timeout=10)
        if fore_miljo is None:
            os.environ.pop(figurcache.MILJO, None)
        else:
            os.environ[figurcache.MILJO] = fore_miljo


def _forvarm_dataset(data: Path, parametrar: Path) -> None:
    """Read the dataset once with ``behall_ar`` unless its parts are kept already (the
    first build usually comes from the data cache and reads no file); about 1 s, once."""
    from vbe_lib.indata import dataset

    if dataset.behallna_delar():
        return
    try:
        dataset.las_data(data, _konfiguration(parametrar), cache=False, behall_ar=True)
    except Exception:  # noqa: BLE001 - only a speed-up: the next build reads everything
        pass


def _inom(ko: "queue.Queue[list[str]]", sekunder: float) -> list[str]:
    """The next saved change within ``sekunder`` (in short steps, for Ctrl-C), or []."""
    slut = time.monotonic() + sekunder
    while (kvar := slut - time.monotonic()) > 0:
        with contextlib.suppress(queue.Empty):
            return ko.get(timeout=min(0.5, kvar))
    return []


def _html_avtryck(mapp: Path) -> dict[str, str]:
    """The preview folder's HTML files by name -> their sha256."""
    from vbe_lib.bygg.manifest import sha256_fil

    ut = {}
    for f in sorted(mapp.glob("*.html")) if mapp.is_dir() else []:
        with contextlib.suppress(OSError):
            ut[f.name] = sha256_fil(f)
    return ut


def _nasta(ko: "queue.Queue[list[str]]") -> list[str]:
    """Wait for the next saved change (in short steps, so that Ctrl-C is seen at once)."""
    while True:
        with contextlib.suppress(queue.Empty):
            return ko.get(timeout=0.5)


def _ovantat(utdata: Path, exc: BaseException) -> str:
    """An unexpected error of a rebuild: one Swedish line; the details go to a log file."""
    logg = forhandsmapp(utdata) / "_logg" / f"forhandsgranska-{dt.datetime.now():%Y%m%d-%H%M%S}.log"
    with contextlib.suppress(OSError):
        logg.parent.mkdir(parents=True, exist_ok=True)
        logg.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    from vbe_lib.bygg import filfel

    if filfel.ar_diskfel(exc):
        return f"{filfel.beskriv(exc)}."  # type: ignore[arg-type]
    return f"oväntat fel när rapporterna byggdes ({type(exc).__name__}); detaljer finns i {logg}."
