"""Benchmark of the batch (issue 8): ``make bench`` or ``python benchmarks/bench.py [--ar 2021]``.

On a copy of the example data (the repository's ``data/`` is never touched) and a
snapshot of the code (``vbe_lib/``, ``notebooks/``, ``parameters/``, ``requirements.lock``
copied to a temporary folder and put first on ``PYTHONPATH``, so that edits in the
working tree during the run cannot change the library hash between runs) it measures,
in one run, so that the ratios hold on a noisy machine:

(a) the naive pipeline: per notebook the ``papermill`` CLI, the ``jupyter nbconvert``
    CLI (HTML, no input) and the ``weasyprint`` CLI (PDF), serially. To keep the
    benchmark bounded only a sample of committees is timed (``--prov``) and the time
    is extrapolated linearly per notebook kind; the output says so. It runs last, with
    the dataset cache warm (the notebooks' own ``las_data`` cache): the naive figure
    holds no data validation;
(b) ``vbe rapport --alla`` cold (no outputs, no dataset cache) with ``--jobb`` = cores;
(c) the same again with nothing changed;
(d) again after changing one committee's police text;
(g) again after changing one row of ``brott.csv`` for one district: the reports rebuilt
    (only that district's reports that show crimes – lägesbild and action plan – and the
    city summary; its follow-up and every other committee reused) and seconds;
(e) the floor: a notebook holding only the report notebooks' imports, executed in a
    fresh kernel through the project's own engine (kernels forked from its kernel
    server, as in a batch), times the number of notebooks;
(f) the peak memory (RSS) of the largest single process during (b)-(d) and the
    scaling runs (all child processes included, sampled with psutil);
(h) the preview (``vbe forhandsgranska``, issue 18) of one committee (``--forhand``,
    default Södermalm) on its own copy of the data: after its first build, a change of
    the committee's police text is saved and the seconds until the server's reload
    event (``bygge`` on ``/handelser``) arrives are measured (:func:`forhandsgranskning`),
    then the same for one survey answer of the committee (``enkat/<Y>/svar.csv``);
plus the scaling: (b) again with ``--jobb 1`` (cold as well), against (b) with
``--jobb 2``; ``--skalning N`` measures only N committees instead (both forced, on
the warm dataset cache: quicker, but the fixed costs weigh more).

Prints the figures and ratios and exits with 1 when a target is missed:
(b) <= 0.25 x (a); jobb 2 <= 0.6 x jobb 1 (only checked with >= 2 cores);
(c) <= 2 s and no notebook executed; (d) rebuilds exactly the changed committee
(and the city summary when it exists); (f) <= 350 MB; (g) rebuilds exactly the changed
district's reports that show the row and the city summary; (h) <= 2 s for both changes;
(b) <= 25 s (issue 18's absolute target for a cold year).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BYGGDATUM = "2026-01-15"
MAL_MB = 350


KOD: Path = REPO  # the snapshot of the code (set in main)
MILJO: dict[str, str] = dict(os.environ)


def _kommando(namn: str) -> str:
    p = BIN / namn
    return str(p) if p.exists() else (shutil.which(namn) or namn)


class Minnesvakt:
    """Samples the RSS of a process and all its descendants; keeps each one's peak."""

    def __init__(self, pid: int, intervall: float = 0.05):
        self.rot = psutil.Process(pid)
        self.intervall = intervall
        self.topp: dict[int, tuple[int, str]] = {}
        self.karnor = 0
        self._sett_karnor: set[int] = set()
        self._stopp = threading.Event()
        self._trad = threading.Thread(target=self._kor, daemon=True)
        self._trad.start()

    def _kor(self) -> None:
        while not self._stopp.is_set():
            try:
                procs = [self.rot, *self.rot.children(recursive=True)]
            except psutil.Error:
                procs = []
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    if p.pid not in self.topp or rss > self.topp[p.pid][0]:
                        namn = " ".join(p.cmdline()[:4])[-80:]
                        self.topp[p.pid] = (rss, namn)
                    if p.pid not in self._sett_karnor and "ipykernel" in " ".join(p.cmdline()):
                        self._sett_karnor.add(p.pid)
                        self.karnor += 1
                except psutil.Error:
                    continue
            self._stopp.wait(self.intervall)

    def stoppa(self) -> tuple[int, str]:
        self._stopp.set()
        self._trad.join()
        return max(self.topp.values(), default=(0, ""))


def _cpu_barn() -> float:
    """CPU seconds (user + system) of every finished child process and its descendants
    (0 where the ``resource`` module does not exist, i.e. on Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def kor(cmd: list[str], vakt: bool = True, **kw) -> dict:
    """Run a command; wall seconds, CPU seconds (the whole process tree), exit code,
    peak RSS of its largest process."""
    cpu0 = _cpu_barn()
    t0 = time.perf_counter()
    kw.setdefault("env", MILJO)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    v = Minnesvakt(proc.pid) if vakt else None
    utdata, _ = proc.communicate()
    sek = time.perf_counter() - t0
    topp, namn = v.stoppa() if v else (0, "")
    return {"sek": sek, "cpu": _cpu_barn() - cpu0, "kod": proc.returncode, "utdata": utdata, "topp": topp,
            "topp_namn": namn, "karnor": v.karnor if v else 0, "belastning": belastning()}


def rapport(args, data: Path, ut: Path, jobb: int, extra: list[str] | None = None) -> dict:
    cmd = [_kommando("vbe"), "rapport", "--alla", "--ar", str(args.ar), "--data", str(data),
           "--parametrar", str(KOD / "parameters"), "--notebooks", str(KOD / "notebooks"),
           "--utdata", str(ut), "--jobb", str(jobb), "--byggdatum", BYGGDATUM, *(extra or [])]
    r = kor(cmd, env={**MILJO, "COLUMNS": "200"})
    if r["kod"] not in (0, 1) or not (ut / str(args.ar) / "manifest.json").is_file():
        print(r["utdata"][-3000:], file=sys.stderr)
        raise SystemExit(f"vbe rapport misslyckades (kod {r['kod']}): {' '.join(cmd)}")
    m = json.loads((ut / str(args.ar) / "manifest.json").read_text(encoding="utf-8"))
    r["misslyckade"] = sorted(n["namnd"] for n in m["namnder"] if n["status"] != "klar")
    if r["misslyckade"]:
        print(f"    varning: inte klara: {', '.join(r['misslyckade'])}", file=sys.stderr, flush=True)
    r["byggda"] = sorted(n["namnd"] for n in m["namnder"] if n["status"] == "klar" and not n.get("ateranvand"))
    r["ateranvanda"] = sorted(n["namnd"] for n in m["namnder"] if n.get("ateranvand"))
    # per report (run manifests of older versions have no "rapporter": the committee's kinds)
    r["byggda_rapporter"] = sorted(f"{n['namnd']}:{t}" for n in m["namnder"] if n["status"] == "klar"
                                   for t in ((n.get("rapporter") or {}).get("byggda", n.get("typer", []))
                                             if not n.get("ateranvand") else []))
    r["rad"] = next((ln for ln in r["utdata"].splitlines() if "nämnder klara" in ln), "")
    return r


#: the report kinds that show a district's crime figures (the follow-up does not)
G_TYPER = ("lagesbild", "handlingsplan")


def _andra_brottsrad(data: Path, slugs: list[str], utom: str, ar: int) -> tuple[str, str]:
    """(g): change the count of one row of ``brott.csv`` for one district (not the one
    whose police text (d) changed): the last row of the year the plan's lägesbild reports
    (``ar`` − 1) that names a district of the plan year. Returns (slug, the row's line number)."""
    from vbe_lib.parametrar.konfiguration import Konfiguration

    konf = Konfiguration.las(KOD / "parameters")
    fil = data / "brott.csv"
    rader = fil.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    for i in range(len(rader) - 1, 0, -1):
        falt = rader[i].rstrip("\r\n").split(",")
        if len(falt) != 4 or not falt[3].strip().isdigit() or falt[1].strip() != str(ar - 1):
            continue
        slug = konf.hitta(falt[0])
        if slug in slugs and slug != utom and konf.namnder[slug].typ == "stadsdelsnamnd":
            falt[3] = str(int(falt[3]) + 1)
            rader[i] = ",".join(falt) + "\n"
            fil.write_text("".join(rader), encoding="utf-8")
            return slug, f"rad {i + 1}"
    raise SystemExit("(g): ingen rad i brott.csv för en stadsdelsnämnd hittades")


def namnder_och_notebooks(ar: int) -> tuple[list[str], dict[str, Path], Path | None]:
    from vbe_lib.bygg.rapportjobb import STADSTYP, TYPER
    from vbe_lib.parametrar.konfiguration import Konfiguration

    konf = Konfiguration.las(KOD / "parameters")
    slugs = [n.slug for n in konf.namnder_planar(ar)]
    nb = {t: KOD / "notebooks" / f"{t}.ipynb" for t in TYPER if (KOD / "notebooks" / f"{t}.ipynb").is_file()}
    stad = KOD / "notebooks" / f"{STADSTYP}.ipynb"
    return slugs, nb, stad if stad.is_file() else None


def naiv(args, data: Path, rot: Path, slugs: list[str], nb: dict[str, Path], stad: Path | None) -> dict:
    """(a): papermill CLI -> jupyter nbconvert CLI -> weasyprint CLI, serially, on a sample."""
    prov = [slugs[round(i * (len(slugs) - 1) / max(1, args.prov - 1))] for i in range(args.prov)] if args.prov > 1 \
        else slugs[:1]
    prov = list(dict.fromkeys(prov))
    tider: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    antal = {t: len(slugs) for t in nb}
    jobb = [(s, t, p) for s in prov for t, p in nb.items()]
    if stad is not None:
        jobb.append(("_stad", "sammanstallning", stad))
        antal["sammanstallning"] = 1
    for slug, typ, notebook in jobb:
        kat = rot / "naiv" / slug
        kat.mkdir(parents=True, exist_ok=True)
        ipynb, html, pdf = kat / f"{typ}.ipynb", kat / f"{typ}.html", kat / f"{typ}.pdf"
        params = ["-p", "namnd", slug, "-p", "planar", str(args.ar), "-p", "data_dir", str(data),
                  "-p", "parametrar_dir", str(KOD / "parameters"), "-p", "byggdatum", BYGGDATUM]
        if typ == "uppfoljning":
            params += ["-p", "excel_utdata", str(kat / f"{typ}.xlsx")]
        t0, c0 = time.perf_counter(), _cpu_barn()
        steg = [
            [_kommando("papermill"), str(notebook), str(ipynb), "-k", "python3", "--cwd", str(notebook.parent),
             "--no-progress-bar", *params],
            [_kommando("jupyter"), "nbconvert", "--to", "html", "--no-input", str(ipynb), "--output-dir", str(kat)],
            [_kommando("weasyprint"), str(html), str(pdf)],
        ]
        for cmd in steg:
            r = subprocess.run(cmd, capture_output=True, text=True, env=MILJO)
            if r.returncode != 0:
                raise SystemExit(f"naiv kedja misslyckades: {' '.join(cmd[:3])}\n{r.stderr[-2000:]}")
        tider.setdefault(typ, []).append(time.perf_counter() - t0)
        cpu.setdefault(typ, []).append(_cpu_barn() - c0)
        print(f"  naiv: {slug} {typ}: {tider[typ][-1]:.1f} s", flush=True)
    totalt = sum(statistics.mean(v) * antal[t] for t, v in tider.items())
    cpu_totalt = sum(statistics.mean(v) * antal[t] for t, v in cpu.items())
    return {"sek": totalt, "cpu": cpu_totalt, "matta": sum(len(v) for v in tider.values()),
            "notebooks": sum(antal.values()), "prov": prov, "belastning": belastning()}


def golv(args, rot: Path, nb: dict[str, Path], antal: int) -> dict:
    """(e): the report notebooks' imports only, in a fresh kernel through vbe's engine."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    rader: list[str] = []
    for p in nb.values():
        for c in nbformat.read(p, as_version=4).cells:
            if c.cell_type != "code" or "parameters" in c.metadata.get("tags", []):
                continue
            for ln in c.source.splitlines():
                if ln.startswith(("import ", "from ")) and ln not in rader:
                    rader.append(ln)
    kat = rot / "golv"
    kat.mkdir()
    golvnb = kat / "golv.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("\n".join(rader))],
                                metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}}), golvnb)
    # as the batch runs a notebook: its kernel fork server (started and ready
    # before the clock starts, as it is while a batch runs), a fresh kernel each time
    kod = (
        "import sys, time, json\n"
        "from vbe_lib.bygg.arbetare import _karnserver_redo, _utan_rfc3987, karnserver, kor_notebook\n"
        "_utan_rfc3987()\n"
        "import papermill\n"
        "t = []\n"
        "with karnserver() as sokvag:\n"
        "    if sokvag:\n"
        "        _karnserver_redo(sokvag)\n"
        f"    for i in range({args.golv_upprepningar}):\n"
        "        t0 = time.perf_counter()\n"
        f"        kor_notebook({str(golvnb)!r}, {str(kat / 'ut.ipynb')!r}, {{}})\n"
        "        t.append(time.perf_counter() - t0)\n"
        "print(json.dumps(t))\n"
    )
    r = subprocess.run([sys.executable, "-c", kod], capture_output=True, text=True, cwd=str(rot),
                       env={**MILJO, "MPLBACKEND": "Agg"})
    if r.returncode != 0:
        raise SystemExit(f"golvmätningen misslyckades:\n{r.stderr[-2000:]}")
    tider = json.loads(r.stdout.strip().splitlines()[-1])
    per = statistics.median(tider)
    return {"per": per, "sek": per * antal, "importer": rader}


def forhandsgranskning(args, rot: Path) -> dict:
    """(h): start ``vbe forhandsgranska`` on a copy of the data, wait for its first build,
    save a change of the committee's police text and time until the reload event."""
    import http.client
    import signal

    kat = rot / "forhand"
    data = kat / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns(".cache"))
    cmd = [_kommando("vbe"), "forhandsgranska", "--namnd", args.forhand, "--ar", str(args.ar), "--data", str(data),
           "--parametrar", str(KOD / "parameters"), "--notebooks", str(KOD / "notebooks"),
           "--utdata", str(kat / "ut"), "--byggdatum", BYGGDATUM]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=MILJO, cwd=kat,
                            start_new_session=True)
    try:
        rad = proc.stdout.readline()
        if "http://127.0.0.1:" not in rad:
            raise SystemExit(f"vbe forhandsgranska startade inte: {rad}{proc.stderr.read()[-2000:]}")
        port = int(rad.split("http://127.0.0.1:")[1].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        conn.request("GET", "/handelser")
        svar = conn.getresponse()  # kept: its file closes with it
        strom = svar.fp
        t_start = time.perf_counter()

        def nasta_bygge(vilken: str = "bygge") -> int:
            handelse = None
            while True:
                ln = strom.readline().decode("utf-8")
                if not ln:
                    raise SystemExit("händelseströmmen stängdes")
                if ln.startswith("event: "):
                    handelse = ln[7:].strip()
                elif ln.startswith("data: ") and handelse == vilken:
                    return int(ln[6:])

        while nasta_bygge() < 1:  # the first event is the current build number (0 before the first build)
            pass
        forsta = time.perf_counter() - t_start
        # the first build's PDF and Word files (the full pass after the HTML), so that the
        # measured save finds the preview idle, as an analyst's next save would
        nasta_bygge("filer")
        time.sleep(1.0)  # let the watcher settle
        polis = data / "polis" / str(args.ar) / f"{args.forhand}.md"
        t0 = time.perf_counter()
        with open(polis, "a", encoding="utf-8") as fh:
            fh.write("\nTillägg för förhandsgranskningens mätning.\n")
        nasta_bygge()
        sek = time.perf_counter() - t0
        # then one survey answer of the committee (its year of the survey is read again)
        nasta_bygge("filer")
        time.sleep(1.0)
        t0 = time.perf_counter()
        andrad = _andra_enkatsvar(data, args.ar, args.forhand)
        nasta_bygge()
        sek_enkat = time.perf_counter() - t0
        conn.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
    utskrift = proc.stdout.read()
    return {"sek": sek, "sek_enkat": sek_enkat, "enkatrad": andrad, "forsta": forsta, "kod": proc.returncode,
            "rader": [ln for ln in utskrift.splitlines() if ln.startswith(("HTML klar", "PDF och Word klara"))]}


def _andra_enkatsvar(data: Path, ar: int, slug: str) -> str:
    """Save a change of one answer (the knowledge level) of the committee's first unit in
    ``enkat/<ar>/svar.csv``, as an analyst correcting a figure would; returns its unit."""
    import csv
    import io

    from vbe_lib.parametrar.konfiguration import Konfiguration

    konf = Konfiguration.las(KOD / "parameters")
    fil = data / "enkat" / str(ar) / "svar.csv"
    rader = fil.read_text(encoding="utf-8").splitlines(keepends=True)
    rubrik = next(csv.reader([rader[0]]))
    kol = next(i for i, r in enumerate(rubrik) if "kunskapsnivå" in r.casefold())
    for i, rad in enumerate(rader[1:], start=1):
        varden = next(csv.reader([rad]))
        if konf.hitta(varden[0]) == slug and varden[kol].strip().isdigit():
            varden[kol] = "4" if varden[kol].strip() == "5" else str(int(varden[kol]) + 1)
            ut = io.StringIO()
            csv.writer(ut, lineterminator=rad[len(rad.rstrip("\r\n")):] or "\n").writerow(varden)
            rader[i] = ut.getvalue()
            fil.write_text("".join(rader), encoding="utf-8")
            return varden[4]
    raise SystemExit(f"inget enkätsvar för {slug} i {fil}")


def belastning() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "okänd"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ar", type=int, default=2021, help="planår (standard 2021)")
    ap.add_argument("--jobb", type=int, default=os.cpu_count() or 1, help="processer för (b)-(d) (standard: kärnor)")
    ap.add_argument("--prov", type=int, default=2, help="nämnder i provet för den naiva kedjan (standard 2)")
    ap.add_argument("--skalning", type=int, default=0,
                    help="0 (standard): (b) igen, kallt, med --jobb 1; N > 0: bara N nämnder, --jobb 1 och 2 "
                         "(snabbare, men de fasta kostnaderna väger tyngre); -1 = hoppa över")
    ap.add_argument("--golv-upprepningar", type=int, default=3)
    ap.add_argument("--behall", action="store_true", help="behåll den tillfälliga mappen")
    ap.add_argument("--forhand", default="sodermalm", help="nämnden i förhandsgranskningens mätning (h)")
    ap.add_argument("--bara-forhand", action="store_true", help="mät bara (h), förhandsgranskningen")
    args = ap.parse_args()

    global KOD, MILJO
    karnor = os.cpu_count() or 1
    rot = Path(tempfile.mkdtemp(prefix="vbe-bench-"))
    KOD = rot / "kod"
    skrap = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    for namn in ("vbe_lib", "notebooks", "parameters"):
        shutil.copytree(REPO / namn, KOD / namn, ignore=skrap)
    if (REPO / "requirements.lock").is_file():
        shutil.copy2(REPO / "requirements.lock", KOD / "requirements.lock")
    MILJO = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(KOD), os.environ.get("PYTHONPATH")]))}
    sys.path.insert(0, str(KOD))
    slugs, nb, stad = namnder_och_notebooks(args.ar)
    antal_nb = len(slugs) * len(nb) + (1 if stad else 0)
    data = rot / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns(".cache"))
    print(f"vbe bench: planår {args.ar}, {len(slugs)} nämnder, {antal_nb} notebooks"
          f"{' (med stadens sammanställning)' if stad else ''}, {karnor} kärnor, belastning {belastning()}",
          flush=True)
    if args.bara_forhand:
        try:
            print(f"(h) förhandsgranskning av {args.forhand}: sparad polistext -> omladdning …", flush=True)
            h = forhandsgranskning(args, rot)
        finally:
            if not args.behall:
                shutil.rmtree(rot, ignore_errors=True)
        print(f"  (h) förhandsgranskning, sparad ändring -> omladdning: polistext {h['sek']:.2f} s, enkätsvar "
              f"{h['sek_enkat']:.2f} s (första bygget {h['forsta']:.1f} s; {'; '.join(h['rader'])})")
        ok = h["sek"] <= 2.0 and h["sek_enkat"] <= 2.0
        print(f"  {'OK    ' if ok else 'MISSAT'} (h) ≤ 2 s: polistext {h['sek']:.2f} s, enkätsvar {h['sek_enkat']:.2f} s")
        return 0 if ok else 1
    try:
        print("(b) kallt bygge …", flush=True)
        b = rapport(args, data, rot / "ut", args.jobb)
        print(f"    {b['sek']:.1f} s – {b['rad']}", flush=True)
        print("(c) inget ändrat …", flush=True)
        c = rapport(args, data, rot / "ut", args.jobb)
        print(f"    {c['sek']:.2f} s – {c['rad']}", flush=True)
        andrad = slugs[len(slugs) // 2]
        polis = data / "polis" / str(args.ar) / f"{andrad}.md"
        with open(polis, "a", encoding="utf-8") as fh:
            fh.write("\nTillägg för prestandamätningen.\n")
        print(f"(d) polistexten för {andrad} ändrad …", flush=True)
        d = rapport(args, data, rot / "ut", args.jobb)
        print(f"    {d['sek']:.1f} s – {d['rad']}", flush=True)
        g_namnd, g_rad = _andra_brottsrad(data, slugs, andrad, args.ar)
        print(f"(g) en rad i brott.csv ändrad för {g_namnd} ({g_rad}) …", flush=True)
        g = rapport(args, data, rot / "ut", args.jobb)
        print(f"    {g['sek']:.1f} s – {g['rad']}", flush=True)

        skal: dict[int, dict] = {}
        if args.skalning == 0:
            # the target as the issue states it: (b) with --jobb 1 against (b) with --jobb 2,
            # both cold (no outputs, no dataset cache)
            print("(b) igen, kallt, med --jobb 1 …", flush=True)
            shutil.rmtree(data / ".cache", ignore_errors=True)
            skal[1] = rapport(args, data, rot / "ut1", 1)
            skal[2] = b
            print(f"    {skal[1]['sek']:.1f} s – {skal[1]['rad']}", flush=True)
        elif args.skalning > 0:
            delmangd = [s for s in slugs[: args.skalning]]
            for n in (1, 2):
                print(f"skalning: {len(delmangd)} nämnder med --jobb {n} …", flush=True)
                ut = rot / f"skal{n}"
                extra = ["--tving"] + [x for s in delmangd for x in ("--namnd", s)]
                r = kor([_kommando("vbe"), "rapport", "--ar", str(args.ar), "--data", str(data),
                         "--parametrar", str(KOD / "parameters"), "--notebooks", str(KOD / "notebooks"),
                         "--utdata", str(ut), "--jobb", str(n), "--byggdatum", BYGGDATUM, *extra])
                if r["kod"] != 0:
                    raise SystemExit(f"skalningsbygget misslyckades:\n{r['utdata'][-2000:]}")
                skal[n] = r
                print(f"    {r['sek']:.1f} s", flush=True)

        print("(a) naiv kedja (CLI) på ett prov …", flush=True)
        a = naiv(args, data, rot, slugs, nb, stad)
        print("(e) golv: bara importerna i en ny kärna …", flush=True)
        e = golv(args, rot, nb, antal_nb)
        print(f"(h) förhandsgranskning av {args.forhand}: sparad polistext -> omladdning …", flush=True)
        h = forhandsgranskning(args, rot)
    finally:
        if not args.behall:
            shutil.rmtree(rot, ignore_errors=True)

    topp = max([(r["topp"], r["topp_namn"]) for r in (b, c, d, g, *skal.values())])
    mb = topp[0] / 2**20
    forvantade = sorted([andrad] + (["_stad"] if stad else []))
    mal: list[tuple[str, bool, str]] = []
    mal.append(("(b) ≤ 0,25 × (a)", b["sek"] <= 0.25 * a["sek"], f"{b['sek'] / a['sek']:.3f}"))
    if 1 in skal and 2 in skal:
        kvot = skal[2]["sek"] / skal[1]["sek"]
        mal.append(("jobb 2 ≤ 0,6 × jobb 1", kvot <= 0.6 if karnor >= 2 else True,
                    f"{kvot:.3f}" + ("" if karnor >= 2 else " (en kärna: kontrolleras inte)")))
    mal.append(("(c) ≤ 2 s", c["sek"] <= 2.0, f"{c['sek']:.2f} s"))
    mal.append(("(c) ingen notebook körd", not c["byggda"] and c["karnor"] == 0,
                f"{len(c['byggda'])} byggda, {c['karnor']} kärnor startade"))
    mal.append(("(d) bara den ändrade nämnden byggs", d["byggda"] == forvantade,
                f"byggda: {', '.join(d['byggda']) or 'inga'} (förväntat {', '.join(forvantade)})"))
    g_forvantade = sorted([f"{g_namnd}:{t}" for t in G_TYPER if t in nb]
                          + (["_stad:sammanstallning"] if stad else []))
    mal.append(("(g) en rad i brott.csv: bara distriktets berörda rapporter och sammanställningen byggs",
                g["byggda_rapporter"] == g_forvantade,
                f"{len(g['byggda_rapporter'])} byggda ({', '.join(g['byggda_rapporter']) or 'inga'}; förväntat "
                f"{', '.join(g_forvantade)}), {len(g['ateranvanda'])} nämnder helt återanvända, {g['sek']:.1f} s"))
    mal.append((f"(f) ≤ {MAL_MB} MB per process", mb <= MAL_MB, f"{mb:.0f} MB ({topp[1]})"))
    mal.append(("(h) förhandsgranskning, sparad polistext ≤ 2 s", h["sek"] <= 2.0, f"{h['sek']:.2f} s"))
    mal.append(("(h) förhandsgranskning, sparat enkätsvar ≤ 2 s", h["sek_enkat"] <= 2.0,
                f"{h['sek_enkat']:.2f} s ({h['enkatrad']})"))
    # issue 18's absolute target, stated for 2 cores; counted like the preview's 2 s
    mal.append(("(b) hela året kallt ≤ 25 s (issue 18)", b["sek"] <= 25.0,
                f"{b['sek']:.1f} s, CPU {b['cpu']:.0f} s, {karnor} kärnor"))

    print()
    print(f"Resultat, planår {args.ar}, {antal_nb} notebooks, {karnor} kärnor, belastning efteråt {belastning()}")
    print(f"  (a) naiv kedja, seriellt:        {a['sek']:8.1f} s  CPU {a['cpu']:7.1f} s  (uppmätt på {a['matta']} "
          f"notebooks för {', '.join(a['prov'])}, linjärt uppskattat till {a['notebooks']}; belastning "
          f"{a['belastning']})")
    print(f"  (b) vbe rapport --alla, kallt:   {b['sek']:8.1f} s  CPU {b['cpu']:7.1f} s  (--jobb {args.jobb}; "
          f"{len(b['byggda'])} byggda; belastning {b['belastning']})")
    print(f"  (c) inget ändrat:                {c['sek']:8.2f} s  CPU {c['cpu']:7.2f} s  "
          f"({len(c['ateranvanda'])} återanvända)")
    print(f"  (d) en polistext ändrad:         {d['sek']:8.1f} s  CPU {d['cpu']:7.1f} s  "
          f"(byggda: {', '.join(d['byggda'])})")
    print(f"  (g) en rad i brott.csv ändrad:   {g['sek']:8.1f} s  CPU {g['cpu']:7.1f} s  "
          f"({len(g['byggda_rapporter'])} rapporter byggda: {', '.join(g['byggda_rapporter'])})")
    print(f"  (e) golv, importer × {antal_nb}:       {e['sek']:8.1f} s  ({e['per']:.2f} s per notebook; "
          f"/ {args.jobb} processer = {e['sek'] / args.jobb:.1f} s)")
    print(f"  (f) största process, topp-RSS:   {mb:8.0f} MB")
    print(f"  (h) förhandsgranskning:          {h['sek']:8.2f} s  (sparad polistext -> omladdningshändelse; "
          f"första bygget {h['forsta']:.1f} s)")
    print(f"      sparat enkätsvar:            {h['sek_enkat']:8.2f} s  (ett svar för {h['enkatrad']} i "
          f"enkat/{args.ar}/svar.csv -> omladdningshändelse)")
    if skal:
        omfang = ("hela året, kallt" if args.skalning == 0 else f"{args.skalning} nämnder, --tving")
        print(f"  skalning ({omfang}): jobb 1 {skal[1]['sek']:.1f} s "
              f"(CPU {skal[1]['cpu']:.1f} s), jobb 2 {skal[2]['sek']:.1f} s (CPU {skal[2]['cpu']:.1f} s)")
    print(f"  CPU-kvot (oberoende av belastningen): (b)/(a) = {b['cpu'] / max(a['cpu'], 1e-9):.3f}, dvs. med {args.jobb} "
          f"fria kärnor väntat (b)/(a) ≈ {b['cpu'] / args.jobb / a['sek']:.3f}")
    print(f"  kvoter: (b)/(a) = {b['sek'] / a['sek']:.3f}; (b)/((e)/{args.jobb}) = "
          f"{b['sek'] / (e['sek'] / args.jobb):.2f}; (c)/(b) = {c['sek'] / b['sek']:.3f}; "
          f"(d)/(b) = {d['sek'] / b['sek']:.3f}")
    print(f"  mål 60 s för hela året på 2 kärnor: {'uppnått' if b['sek'] < 60 else 'inte uppnått'} "
          f"({b['sek']:.1f} s)")
    print()
    missade = 0
    for namn, ok, varde in mal:
        print(f"  {'OK    ' if ok else 'MISSAT'} {namn}: {varde}")
        missade += not ok
    return 1 if missade else 0


if __name__ == "__main__":
    sys.exit(main())
