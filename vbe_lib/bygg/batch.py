"""The batch run: execute report notebooks per committee and render them.

Every notebook runs in a fresh kernel through papermill's Python API, in
parallel worker processes (:mod:`vbe_lib.bygg.arbetare`). Kernels use IPC transport with a
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
reports depend on now (:func:`vbe_lib.bygg.planera.planera`: the input files that concern it, every
parameter file, the build parameters, the notebooks, the library's source and the
dependency versions) and every published file still has its recorded sha256.
``tving=True`` rebuilds regardless.
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import queue as queuemod
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbe_lib.bygg import godkannande
from vbe_lib.bygg import manifest as mf
from vbe_lib.bygg.arbetare import Arbetare, _kor_jobb, antal_processer_for
from vbe_lib.bygg.jobb import FEL, KLAR, VANTAR, Jobb, ProgressCallback, Resultat, publicerat_filnamn
from vbe_lib.parametrar.byggdatum import standard_byggdatum
from vbe_lib.bygg.planera import Plan, planera
from vbe_lib.bygg.sammanfogning import sammanfoga_plan
from vbe_lib.render.sammanfoga import SammanfogningsFel
from vbe_lib.bygg.publicera import _flytta_pa_plats, _manifestpost, _skriv_korningsmanifest, _spara_misslyckad


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
    arbetare: Arbetare | None = None,
) -> list[Resultat]:
    """Execute and render every job; return one :class:`Resultat` per committee and year.

    Committees are independent: one failing does not stop the others. Results
    are in the order of first appearance in ``jobb``; ``hoppade`` (committees
    refused before the run, e.g. by validation) are recorded in the run manifest
    and returned too. ``tidsgrans`` is the time limit per cell in seconds.

    A committee whose dependencies are unchanged keeps its published files
    (``Resultat.ateranvand``) unless ``tving``; ``konf`` (the configuration) lets a
    committee depend only on its own per-committee files
    (:func:`vbe_lib.bygg.planera.indata_for_namnd`); ``plan``: the result of
    :func:`vbe_lib.bygg.planera.planera` with the same arguments, if already made;
    ``arbetare``: workers started beforehand (:class:`Arbetare`, left running for the
    caller to close), else the batch starts and stops its own.
    """
    utdata = Path(utdata)
    data_dir, parametrar_dir = Path(data_dir).resolve(), Path(parametrar_dir).resolve()
    byggdatum = byggdatum or standard_byggdatum()
    if plan is None:
        plan = planera(jobb, utdata, data_dir, parametrar_dir, byggdatum, konf, tving)
    korning = _Korning(utdata=utdata, data_dir=data_dir, parametrar_dir=parametrar_dir, tidsgrans=tidsgrans,
                       byggdatum=byggdatum, plan=plan, meddela=progress_callback or (lambda *a: None))
    korning.dela_upp(jobb, tving)
    antal = arbetare.antal if arbetare is not None else antal_processer_for(antal_processer, len(korning.jobb))
    egna: Arbetare | None = None
    avbruten = False
    try:
        uppgifter = korning.forbered()
        if uppgifter:
            if arbetare is None:
                arbetare = egna = Arbetare(antal)
            korning.kor(uppgifter, arbetare)
    except BaseException:
        avbruten = True
        raise
    finally:
        if egna is not None:
            egna.stang()
        korning.stada()
        if not avbruten:
            korning.skriv_korningsmanifest(list(hoppade or []), antal)
    return list(korning.resultat.values()) + list(hoppade or [])


def _processfel(u: dict[str, Any], exc: BaseException) -> dict[str, Any]:
    """The answer of a job whose worker process died (the pool is broken)."""
    return {"namnd": u["namnd"], "planar": u["planar"], "typ": u["typ"], "status": FEL,
            "tider": {}, "filer": [], "varningar": [],
            "fel": {"typ": "process", "cell": None, "undantag": type(exc).__name__},
            "felmeddelande": f"{u['namnd_namn']} ({u['namnd']}), {Path(u['notebook']).name}: "
                             f"arbetsprocessen avslutades oväntat ({type(exc).__name__})."}


def _saknad_notebook(j: Jobb) -> dict[str, Any]:
    return {"namnd": j.namnd, "planar": j.planar, "typ": j.typ, "status": FEL,
            "tider": {}, "filer": [], "varningar": [],
            "fel": {"typ": "saknas", "cell": None, "undantag": None},
            "felmeddelande": f"{j.namnd_namn} ({j.namnd}): notebooken {j.notebook} finns inte."}


@dataclass
class _Korning:
    """One batch run: the committees to build, their temporary folders, the answers of
    their jobs as they come in, and one :class:`Resultat` per committee."""

    utdata: Path
    data_dir: Path
    parametrar_dir: Path
    tidsgrans: float
    byggdatum: dt.date
    plan: Plan
    meddela: ProgressCallback
    start: float = field(default_factory=time.perf_counter)
    jobb: list[Jobb] = field(default_factory=list)
    #: committees to build, with their jobs
    grupper: dict[tuple[int, str], list[Jobb]] = field(default_factory=dict)
    resultat: dict[tuple[int, str], Resultat] = field(default_factory=dict)
    tmp: dict[tuple[int, str], Path] = field(default_factory=dict)
    svar: dict[tuple[int, str], list[dict[str, Any]]] = field(default_factory=dict)
    kvar: dict[tuple[int, str], int] = field(default_factory=dict)
    ar: set[int] = field(default_factory=set)

    def dela_upp(self, jobb: list[Jobb], tving: bool) -> None:
        """Committees whose published files can be reused, and the ones to build."""
        alla: dict[tuple[int, str], list[Jobb]] = {}
        for j in jobb:
            alla.setdefault((j.planar, j.namnd), []).append(j)
        self.ar = {k[0] for k in alla}
        for (planar, slug), js in alla.items():
            typer = [j.typ for j in js]
            filer = None if tving else self.plan.ateranvand.get((planar, slug))
            if filer is not None:
                self.resultat[(planar, slug)] = Resultat(slug=slug, planar=planar, typer=typer, status=KLAR,
                                                         filer=list(filer), ateranvand=True)
                self.meddela(slug, planar, KLAR, "återanvänd")
                continue
            self.grupper[(planar, slug)] = js
            self.resultat[(planar, slug)] = Resultat(slug=slug, planar=planar, typer=typer, status=VANTAR)
            self.meddela(slug, planar, VANTAR, "")
        self.jobb = [j for j in jobb if (j.planar, j.namnd) in self.grupper]
        self.svar = {k: [] for k in self.grupper}
        self.kvar = {k: len(v) for k, v in self.grupper.items()}

    def forbered(self) -> list[tuple[tuple[int, str], dict[str, Any]]]:
        """A temporary folder per committee and the worker task of every job, longest
        first; committees without anything to run (a missing notebook) are finished."""
        for (planar, slug) in self.grupper:
            arkatalog = self.utdata / str(planar)
            arkatalog.mkdir(parents=True, exist_ok=True)
            tmp = arkatalog / f".tmp-{slug}-{secrets.token_hex(4)}"
            (tmp / "publicerat").mkdir(parents=True)
            (tmp / "internt").mkdir()
            self.tmp[(planar, slug)] = tmp
        uppgifter = []
        for j in self.jobb:
            nyckel = (j.planar, j.namnd)
            if not Path(j.notebook).is_file():
                self._svar(nyckel, _saknad_notebook(j))
                continue
            uppgifter.append((nyckel, self._uppgift(j)))
        # longest first, so that the last jobs are short and the workers finish
        # together: a pseudo-committee (the city summary, "_stad") reads every
        # committee's data and is the longest; then the lägesbilder; then the rest
        uppgifter.sort(key=lambda nu: (not nu[0][1].startswith("_"), nu[1]["typ"] != "lagesbild"))
        return uppgifter

    def _uppgift(self, j: Jobb) -> dict[str, Any]:
        nyckel = (j.planar, j.namnd)
        misslyckad = self.utdata / str(j.planar) / "_internt" / j.namnd / "misslyckad" / f"{j.typ}.ipynb"
        params = {
            "namnd": j.namnd, "planar": j.planar, "data_dir": str(self.data_dir),
            "parametrar_dir": str(self.parametrar_dir),
            "byggdatum": str(j.render.get("byggdatum") or self.byggdatum.isoformat()),
            # A notebook that publishes a spreadsheet (the follow-up) writes it here;
            # the others ignore the parameter.
            "excel_utdata": str((self.tmp[nyckel] / "publicerat"
                                 / publicerat_filnamn(j.typ, j.planar, j.namnd, "xlsx")).resolve()),
            **j.parametrar,
        }
        return {
            "namnd": j.namnd, "planar": j.planar, "typ": j.typ, "namnd_namn": j.namnd_namn,
            "notebook": str(Path(j.notebook).resolve()), "tmp": str(self.tmp[nyckel].resolve()),
            "misslyckad": str(misslyckad), "parametrar": params, "tidsgrans": self.tidsgrans,
            "render": dict(j.render), "byggdatum": self.byggdatum.isoformat(),
        }

    def kor(self, uppgifter: list[tuple[tuple[int, str], dict[str, Any]]], arbetare: Arbetare) -> None:
        """Run the tasks on the workers; a committee is published as soon as its last job is in."""
        framtider = {arbetare.executor.submit(_kor_jobb, u): (nyckel, u) for nyckel, u in uppgifter}
        vantande = set(framtider)
        while vantande:
            klara, vantande = cf.wait(vantande, timeout=0.1, return_when=cf.FIRST_COMPLETED)
            self._tom_ko(arbetare)
            for f in klara:
                nyckel, u = framtider[f]
                try:
                    s = f.result()
                except BaseException as exc:  # broken pool: a worker died
                    s = _processfel(u, exc)
                self._svar(nyckel, s)
        self._tom_ko(arbetare)

    def _tom_ko(self, arbetare: Arbetare) -> None:
        """Pass the workers' progress reports on to the callback."""
        while True:
            try:
                slug, planar, tillstand, detalj = arbetare.ko.get_nowait()
            except queuemod.Empty:
                return
            r = self.resultat.get((planar, slug))
            if r is not None and r.status not in (KLAR, FEL):
                r.status = tillstand
                self.meddela(slug, planar, tillstand, detalj)

    def _svar(self, nyckel: tuple[int, str], svar: dict[str, Any]) -> None:
        self.svar[nyckel].append(svar)
        self.kvar[nyckel] -= 1
        if self.kvar[nyckel] == 0:
            self.slutfor(nyckel)

    def slutfor(self, nyckel: tuple[int, str]) -> None:
        """All jobs of a committee are done: publish, or keep the old files."""
        planar, slug = nyckel
        r, js, tmp = self.resultat[nyckel], self.grupper[nyckel], self.tmp[nyckel]
        delar = sorted(self.svar[nyckel], key=lambda s: [j.typ for j in js].index(s["typ"]))
        r.tider = {f"{s['typ']}.{k}": round(v, 3) for s in delar for k, v in s["tider"].items()}
        r.sekunder = sum(s["tider"].get("totalt", 0.0) for s in delar)
        r.varningar = [f"{s['typ']}: {v}" for s in delar for v in s["varningar"]]
        arkatalog = self.utdata / str(planar)
        publicerat, internt = arkatalog / slug, arkatalog / "_internt" / slug
        try:
            fel = [s for s in delar if s["status"] != KLAR]
            if fel:
                r.status = FEL
                r.felmeddelande = "\n".join(s["felmeddelande"] or "okänt fel" for s in fel)
                r.internt = _spara_misslyckad(tmp, internt)
                r.fel = [s["fel"] for s in fel]
                self.meddela(slug, planar, FEL, r.felmeddelande.splitlines()[0])
                return
            try:
                sammanfogad = sammanfoga_plan(tmp / "publicerat", planar, slug, js[0].namnd_namn)
            except SammanfogningsFel as exc:
                r.status, r.felmeddelande = FEL, f"{js[0].namnd_namn} ({slug}): den sammanfogade PDF-filen: {exc}"
                r.fel = [{"typ": "sammanfogning", "cell": None, "undantag": None}]
                self.meddela(slug, planar, FEL, r.felmeddelande)
                return
            if sammanfogad:
                delar = delar + [{"typ": "sammanfogad", "filer": [sammanfogad], "tider": {}}]
            mf.skriv_json(tmp / "publicerat" / "manifest.json", self._namnd_manifest(nyckel, delar, r))
            flyttade = _flytta_pa_plats(tmp, publicerat, internt)
            r.filer = [p for p in flyttade if p.name != "manifest.json"] + [p for p in flyttade
                                                                             if p.name == "manifest.json"]
            r.internt = sorted(internt.glob("*.ipynb"))
            r.status = KLAR
            self.meddela(slug, planar, KLAR, "")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _namnd_manifest(self, nyckel: tuple[int, str], delar: list[dict[str, Any]], r: Resultat) -> dict[str, Any]:
        planar, slug = nyckel
        tmp = self.tmp[nyckel]
        filhash = {f: mf.sha256_fil(tmp / "publicerat" / f) for s in delar for f in s["filer"]}
        parametrar = {
            "namnd": slug, "planar": planar, "byggdatum": self.byggdatum.isoformat(),
            "data_dir": mf.visningssokvag(self.data_dir), "parametrar_dir": mf.visningssokvag(self.parametrar_dir),
            "tidsgrans": self.tidsgrans,
        }
        return mf.namnd_manifest(
            slug=slug, planar=planar, status=KLAR, sekunder=r.tider, parametrar=parametrar,
            indata=self.plan.namnd_indata.get(nyckel, self.plan.indata),
            notebooks={f"{j.typ}:{j.notebook.name}": self.plan.notebooks.get(str(j.notebook), "")
                       for j in self.grupper[nyckel]},
            filer=filhash, miljoinfo=self.plan.miljo, beroenden=self.plan.beroenden.get(nyckel),
            texter=godkannande.manifestdel(r.varningar, self.plan.namnd_indata.get(nyckel, {}), slug, planar),
        )

    def stada(self) -> None:
        for tmp in self.tmp.values():
            shutil.rmtree(tmp, ignore_errors=True)

    def skriv_korningsmanifest(self, hoppade: list[Resultat], antal_processer: int) -> None:
        sekunder = time.perf_counter() - self.start
        for planar in sorted(self.ar | {h.planar for h in hoppade}):
            poster = [_manifestpost(r) for r in list(self.resultat.values()) + hoppade if r.planar == planar]
            parametrar = {"data_dir": mf.visningssokvag(self.data_dir),
                          "parametrar_dir": mf.visningssokvag(self.parametrar_dir),
                          "byggdatum": self.byggdatum.isoformat(), "tidsgrans": self.tidsgrans,
                          "antal_processer": antal_processer}
            (self.utdata / str(planar)).mkdir(parents=True, exist_ok=True)
            _skriv_korningsmanifest(self.utdata / str(planar), planar, poster, sekunder, parametrar,
                                    self.plan.indata, self.plan.miljo)
