"""The batch run: execute report notebooks per committee and render them.

Every notebook runs in a fresh kernel through papermill's Python API, in
parallel worker processes (:mod:`vbe_lib.bygg.arbetare`). Kernels use IPC transport with a
connection folder of their own, so kernels started at the same moment cannot
race for TCP ports (papermill issue #511).

A run holds a lock and an id (:class:`vbe_lib.bygg.stadning.Korningslas`) and first
cleans up what interrupted runs left. A committee's publishable files are written to
``<utdata>/<Y>/.tmp-<slug>-<id>/`` and its executed notebooks and logs to
``<utdata>/_internt/<Y>/.tmp-<slug>-<id>/``; when all of its notebooks were executed and
rendered, the new folder replaces the published one in one step, manifest included
(:func:`vbe_lib.bygg.publicera.publicera_namnd`). A failure, a time-out, a dead kernel, a
folder that cannot be replaced, Ctrl-C, SIGTERM or SIGHUP leave the previous published
files untouched and the temporary folders are removed; an interrupt raises
:class:`vbe_lib.bygg.avbrott.Avbrott` with the results so far (which committees were
published). The executed notebook of a failed run is kept for the coordinator in
``<utdata>/_internt/<Y>/<slug>/misslyckad/``.

Layout::

    <utdata>/<Y>/<slug>/<typ>-<Y>-<slug>.html|.pdf|.docx   published
    <utdata>/<Y>/<slug>/manifest.json                 per committee
    <utdata>/<Y>/manifest.json                        per run
    <utdata>/_internt/<Y>/<slug>/<typ>.ipynb|.log     executed notebooks (may hold unit-level data)

Nothing published is removed: a file an earlier build published that this one does
not make is kept (and named) unless ``rensa``.

Incremental builds, per report: a report's published files are reused, without executing
anything, when its manifest's hash (``beroenden.rapporter.<typ>``) equals the hash of what
the report depends on now (:mod:`vbe_lib.bygg.planera`: the input files its kind reads,
with the city-wide tables replaced by the committee's slice of the normalised rows, every
parameter file, the build parameters, its notebook, the library's source and the
dependency versions) and every file it published still has its recorded sha256. A
committee whose reports are all reused keeps its folder untouched; otherwise only its
changed reports are executed, the reused ones are copied into the new folder (with their
executed notebooks and logs) and the folder is published as usual, the combined plan PDF
made anew. ``tving=True`` rebuilds regardless.
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import queue as queuemod
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbe_lib.bygg import avbrott, filfel, godkannande, index, stadning
from vbe_lib.bygg import manifest as mf
from vbe_lib.bygg.arbetare import Arbetare, _kor_jobb, antal_processer_for
from vbe_lib.bygg.jobb import (FEL, KLAR, VANTAR, Jobb, ProgressCallback, Resultat, intern_mapp, publicerad_mapp,
                               publicerat_filnamn)
from vbe_lib.parametrar.byggdatum import standard_byggdatum
from vbe_lib.bygg.planera import Plan, forfina, planera, rapporthashar, rapporthashar_i_bakgrunden
from vbe_lib.bygg.publicera import (PubliceringsFel, manifestpost, publicera_namnd, skriv_korningsmanifest,
                                    spara_misslyckad)
from vbe_lib.bygg.sammanfogning import sammanfoga_plan
from vbe_lib.render.sammanfoga import SammanfogningsFel


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
    rensa: bool = False,
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
    caller to close), else the batch starts and stops its own. ``rensa``: remove the
    files an earlier build published that this one does not make (else they are kept
    and named in ``Resultat.behallna``).

    Ctrl-C, SIGTERM or SIGHUP (:mod:`vbe_lib.bygg.avbrott`) stop the workers, remove the
    unfinished folders and raise :class:`~vbe_lib.bygg.avbrott.Avbrott` whose
    ``resultat`` tell which committees were published before it.
    """
    utdata = Path(utdata)
    data_dir, parametrar_dir = Path(data_dir).resolve(), Path(parametrar_dir).resolve()
    byggdatum = byggdatum or standard_byggdatum()
    hoppade = list(hoppade or [])
    korning: _Korning | None = None
    egna: Arbetare | None = None
    try:
        with stadning.Korningslas(utdata) as las:
            stadning.stada_avbrutna(utdata, {las.id})
            if plan is None:
                plan = planera(jobb, utdata, data_dir, parametrar_dir, byggdatum, konf, tving, rensa=rensa)
            if not plan.forfinad and konf is not None and plan.att_bygga:
                forfina(plan, _dataset(data_dir, konf), konf, tving=tving, rensa=rensa, utdata=utdata)
            korning = _Korning(utdata=utdata, data_dir=data_dir, parametrar_dir=parametrar_dir,
                               tidsgrans=tidsgrans, byggdatum=byggdatum, plan=plan,
                               meddela=progress_callback or (lambda *a: None), rensa=rensa, id=las.id,
                               konf=konf)
            korning.dela_upp(jobb, tving)
            antal = arbetare.antal if arbetare is not None else antal_processer_for(antal_processer,
                                                                                     len(korning.jobb))
            try:
                uppgifter = korning.forbered()
                if uppgifter:
                    if arbetare is None:
                        arbetare = egna = Arbetare(antal)
                    # the slice hashes the manifests need, computed while the notebooks run
                    with rapporthashar_i_bakgrunden(plan, list(korning.grupper)):
                        korning.kor(uppgifter, arbetare)
            except BaseException as exc:
                korning.avbryt(arbetare, isinstance(exc, KeyboardInterrupt), hoppade, antal)
                raise
            finally:
                if egna is not None:
                    egna.stang()
                korning.stada()
            korning.skriv_korningsmanifest(hoppade, antal)
    except KeyboardInterrupt as exc:
        a = avbrott.som_avbrott(exc)
        a.resultat = korning.alla_resultat(hoppade) if korning is not None else None
        if a is exc:
            raise
        raise a from None
    return korning.alla_resultat(hoppade)


def _dataset(data_dir: Path, konf: Any) -> Any:
    """The validated dataset for the slices of :func:`~vbe_lib.bygg.planera.forfina` (from
    the data cache, as the kernels read it); None when it cannot be read (then only the
    file hashes decide)."""
    try:
        from vbe_lib.indata.dataset import las_data

        return las_data(data_dir, konf, cache=True)
    except Exception:  # noqa: BLE001 - a broken dataset only means: compare files
        return None


def _aterlast_varningar(logg: Path) -> list[str]:
    """The warnings a report's build wrote to its log (``… WARNING vbe: <text>``), for a
    reused report: the lines about withheld texts and the committee text's approval."""
    import re

    try:
        text = logg.read_text(encoding="utf-8")
    except OSError:
        return []
    return re.findall(r"^\S+ \S+ WARNING vbe: (.*)$", text, flags=re.MULTILINE)


def _undanhallna(varningar: list[str], typer: list[str]) -> dict[str, int]:
    """Per report kind the number of texts its build withheld (for the manifest and the index)."""
    from vbe_lib.integritet.logg import undanhallna_rader

    return {t: len(undanhallna_rader(v for v in varningar if v.startswith(f"{t}: "))) for t in typer}


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
    rensa: bool = False
    #: the configuration (committee names on the index pages), if given
    konf: Any = None
    #: the run's id (:class:`vbe_lib.bygg.stadning.Korningslas`), in its temporary names
    id: str = ""
    start: float = field(default_factory=time.perf_counter)
    jobb: list[Jobb] = field(default_factory=list)
    #: committees to build, with all their jobs (those executed: ``jobb``)
    grupper: dict[tuple[int, str], list[Jobb]] = field(default_factory=dict)
    #: of the committees to build, the reports reused: kind -> names of its published files
    ateranvanda: dict[tuple[int, str], dict[str, list[str]]] = field(default_factory=dict)
    resultat: dict[tuple[int, str], Resultat] = field(default_factory=dict)
    #: per committee its temporary folders: (publishable files, executed notebooks and logs)
    tmp: dict[tuple[int, str], tuple[Path, Path]] = field(default_factory=dict)
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
                                                         filer=list(filer), ateranvand=True,
                                                         behallna=list(self.plan.behallna.get((planar, slug), [])),
                                                         ateranvanda_rapporter=list(typer))
                if (planar, slug) in self.plan.inaktuella:
                    self._uppdatera_manifest((planar, slug))
                self.meddela(slug, planar, KLAR, "återanvänd")
                continue
            delvis = {} if tving else dict(self.plan.ateranvanda_rapporter.get((planar, slug), {}))
            if not [t for t in typer if t not in delvis]:
                delvis = {}  # nothing left to run but the folder is not intact: build it all
            self.grupper[(planar, slug)] = js
            self.ateranvanda[(planar, slug)] = delvis
            self.resultat[(planar, slug)] = Resultat(
                slug=slug, planar=planar, typer=typer, status=VANTAR,
                byggda_rapporter=[t for t in typer if t not in delvis],
                ateranvanda_rapporter=[t for t in typer if t in delvis])
            self.meddela(slug, planar, VANTAR, "")
        self.jobb = [j for j in jobb if (j.planar, j.namnd) in self.grupper
                     and j.typ not in self.ateranvanda[(j.planar, j.namnd)]]
        self.svar = {k: [] for k in self.grupper}
        self.kvar = {k: sum(1 for j in v if j.typ not in self.ateranvanda[k]) for k, v in self.grupper.items()}

    def _uppdatera_manifest(self, nyckel: tuple[int, str]) -> None:
        """A committee reused whole on its rows although a file it reads changed: record the
        current hashes in its manifest (written aside and renamed into place), so that the
        next build finds it unchanged from the file hashes alone. Failing is harmless."""
        import json
        import os

        fil = publicerad_mapp(self.utdata, *nyckel) / "manifest.json"
        tmp = fil.with_name(f".manifest-{self.id}.json")
        with contextlib.suppress(OSError, ValueError):
            m = json.loads(fil.read_text(encoding="utf-8"))
            m["beroenden"] = rapporthashar(self.plan, nyckel)
            m["indata"] = dict(sorted(self.plan.namnd_indata.get(nyckel, {}).items()))
            mf.skriv_json(tmp, m)
            os.replace(tmp, fil)
        with contextlib.suppress(OSError):
            tmp.unlink()

    def alla_resultat(self, hoppade: list[Resultat]) -> list[Resultat]:
        return list(self.resultat.values()) + list(hoppade)

    def forbered(self) -> list[tuple[tuple[int, str], dict[str, Any]]]:
        """Temporary folders per committee and the worker task of every job, longest
        first; committees without anything to run (a missing notebook) are finished."""
        for (planar, slug) in self.grupper:
            pub, intern = publicerad_mapp(self.utdata, planar, slug), intern_mapp(self.utdata, planar, slug)
            ny, ny_internt = pub.parent / f".tmp-{slug}-{self.id}", intern.parent / f".tmp-{slug}-{self.id}"
            self.tmp[(planar, slug)] = (ny, ny_internt)
            ny.mkdir(parents=True)
            ny_internt.mkdir(parents=True)
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
        ny, ny_internt = self.tmp[nyckel]
        misslyckad = intern_mapp(self.utdata, j.planar, j.namnd) / "misslyckad" / f"{j.typ}.ipynb"
        params = {
            "namnd": j.namnd, "planar": j.planar, "data_dir": str(self.data_dir),
            "parametrar_dir": str(self.parametrar_dir),
            "byggdatum": str(j.render.get("byggdatum") or self.byggdatum.isoformat()),
            # A notebook that publishes a spreadsheet (the follow-up) writes it here;
            # the others ignore the parameter.
            "excel_utdata": str((ny / publicerat_filnamn(j.typ, j.planar, j.namnd, "xlsx")).resolve()),
            **j.parametrar,
        }
        return {
            "namnd": j.namnd, "planar": j.planar, "typ": j.typ, "namnd_namn": j.namnd_namn,
            "notebook": str(Path(j.notebook).resolve()), "publicerat": str(ny.resolve()),
            "internt": str(ny_internt.resolve()), "misslyckad": str(misslyckad), "parametrar": params,
            "tidsgrans": self.tidsgrans, "render": dict(j.render), "byggdatum": self.byggdatum.isoformat(),
            "bara_html": j.bara_html,
        }

    def kor(self, uppgifter: list[tuple[tuple[int, str], dict[str, Any]]], arbetare: Arbetare) -> None:
        """Run the tasks on the workers; a committee is published as soon as its last job is in."""
        with avbrott.blockerade():  # a worker started now begins with the signals blocked
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
            except (OSError, EOFError, ValueError):  # the queue broke: a worker was killed
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
        r, js = self.resultat[nyckel], self.grupper[nyckel]
        ny, ny_internt = self.tmp[nyckel]
        publicerat, internt = publicerad_mapp(self.utdata, planar, slug), intern_mapp(self.utdata, planar, slug)
        svar = list(self.svar[nyckel])
        if all(s["status"] == KLAR for s in svar):
            svar += self._ateranvand_delar(nyckel, publicerat, internt, ny, ny_internt)
        delar = sorted(svar, key=lambda s: [j.typ for j in js].index(s["typ"]))
        r.tider = {f"{s['typ']}.{k}": round(v, 3) for s in delar for k, v in s["tider"].items()}
        r.sekunder = sum(s["tider"].get("totalt", 0.0) for s in delar)
        r.varningar = [f"{s['typ']}: {v}" for s in delar for v in s["varningar"]]
        try:
            fel = [s for s in delar if s["status"] != KLAR]
            if fel:
                r.status = FEL
                r.felmeddelande = "\n".join(s["felmeddelande"] or "okänt fel" for s in fel)
                r.internt = spara_misslyckad(ny_internt, internt)
                r.fel = [s["fel"] for s in fel]
                self.meddela(slug, planar, FEL, r.felmeddelande.splitlines()[0])
                return
            try:
                # HTML only (the preview's first pass): no PDFs to combine, the full pass makes it
                sammanfogad = None if any(j.bara_html for j in js) else \
                    sammanfoga_plan(ny, planar, slug, js[0].namnd_namn)
            except SammanfogningsFel as exc:
                r.status, r.felmeddelande = FEL, f"{js[0].namnd_namn} ({slug}): den sammanfogade PDF-filen: {exc}"
                r.fel = [{"typ": "sammanfogning", "cell": None, "undantag": None}]
                self.meddela(slug, planar, FEL, r.felmeddelande)
                return
            if sammanfogad:
                delar = delar + [{"typ": "sammanfogad", "filer": [sammanfogad], "tider": {}}]
            # an interrupt waits until the folder is in place *and* recorded as published, so
            # that the summary never says "not published" about a folder that was swapped in
            with avbrott.uppskjut():
                utfall = publicera_namnd(ny, ny_internt, publicerat, internt, self.id,
                                         lambda behallna: self._namnd_manifest(nyckel, delar, r, behallna),
                                         self.rensa)
                r.filer, r.behallna, r.borttagna = utfall.filer, utfall.behallna, utfall.borttagna
                r.anmarkningar = utfall.anmarkningar
                r.internt = sorted(internt.glob("*.ipynb"))
                r.status = KLAR
                self.meddela(slug, planar, KLAR, "")
        except (PubliceringsFel, OSError) as exc:
            orsak = str(exc) if isinstance(exc, PubliceringsFel) else filfel.beskriv(exc) + "."
            r.status = FEL
            r.felmeddelande = f"{js[0].namnd_namn} ({slug}): {orsak} De tidigare publicerade filerna är orörda."
            r.fel = [{"typ": "publicering", "cell": None, "undantag": type(exc.__cause__ or exc).__name__}]
            with contextlib.suppress(OSError):
                r.internt = spara_misslyckad(ny_internt, internt)
            self.meddela(slug, planar, FEL, r.felmeddelande.splitlines()[0])
        finally:
            shutil.rmtree(ny, ignore_errors=True)
            shutil.rmtree(ny_internt, ignore_errors=True)

    def _ateranvand_delar(self, nyckel: tuple[int, str], publicerat: Path, internt: Path, ny: Path,
                          ny_internt: Path) -> list[dict[str, Any]]:
        """Copy the reused reports' published files (bytes unchanged) and their executed
        notebooks and logs into the committee's new folders; their answers as if built.
        A file that cannot be copied fails the committee (its published files stay)."""
        ut = []
        for typ, namn in self.ateranvanda.get(nyckel, {}).items():
            try:
                for n in namn:
                    shutil.copy2(publicerat / n, ny / n)
                for n in (f"{typ}.ipynb", f"{typ}.log"):
                    if (internt / n).is_file():
                        shutil.copy2(internt / n, ny_internt / n)
            except OSError as exc:
                namnd_namn = self.grupper[nyckel][0].namnd_namn
                ut.append({"typ": typ, "status": FEL, "filer": [], "tider": {}, "varningar": [],
                           "fel": {"typ": "ateranvandning", "cell": None, "undantag": type(exc).__name__},
                           "felmeddelande": f"{namnd_namn} ({nyckel[1]}): de publicerade filerna av {typ} kunde "
                                            f"inte återanvändas – {filfel.orsak(exc)}."})
                continue
            ut.append({"typ": typ, "status": KLAR, "filer": list(namn), "tider": {},
                       "varningar": _aterlast_varningar(ny_internt / f"{typ}.log"), "ateranvand": True})
        return ut

    def _namnd_manifest(self, nyckel: tuple[int, str], delar: list[dict[str, Any]], r: Resultat,
                        behallna: dict[str, str]) -> dict[str, Any]:
        planar, slug = nyckel
        ny = self.tmp[nyckel][0]
        filhash = {f: mf.sha256_fil(ny / f) for s in delar for f in s["filer"]}
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
            filer=filhash, miljoinfo=self.plan.miljo, beroenden=rapporthashar(self.plan, nyckel),
            texter=godkannande.manifestdel(r.varningar, self.plan.namnd_indata.get(nyckel, {}), slug, planar),
            behallna=behallna, undanhallna=_undanhallna(r.varningar, [j.typ for j in self.grupper[nyckel]]),
        )

    def avbryt(self, arbetare: Arbetare | None, avbrott_: bool, hoppade: list[Resultat], antal: int) -> None:
        """The run stops early: stop the workers and their kernels now (not after their
        jobs), remove the unfinished folders; after an interrupt also record the
        committees that were finished in the run manifest. Further interrupts are held
        off meanwhile, so that the clean-up is not cut short."""
        with avbrott.uppskjut(hoj=False):
            if arbetare is not None:
                with contextlib.suppress(Exception):
                    arbetare.avbryt()
            self.stada()
            if avbrott_:
                with contextlib.suppress(Exception):
                    self.skriv_korningsmanifest(hoppade, antal, bara_avslutade=True)

    def stada(self) -> None:
        for mappar in self.tmp.values():
            for m in mappar:
                shutil.rmtree(m, ignore_errors=True)

    def skriv_korningsmanifest(self, hoppade: list[Resultat], antal_processer: int,
                               bara_avslutade: bool = False) -> None:
        """The run manifest of every plan year; ``bara_avslutade``: only the committees that
        were finished (after an interrupt: the others keep their earlier lines)."""
        sekunder = time.perf_counter() - self.start
        for planar in sorted(self.ar | {h.planar for h in hoppade}):
            poster = [manifestpost(r) for r in self.alla_resultat(hoppade)
                      if r.planar == planar and (not bara_avslutade or r.status in (KLAR, FEL, "hoppad"))]
            if bara_avslutade and not poster:
                continue
            parametrar = {"data_dir": mf.visningssokvag(self.data_dir),
                          "parametrar_dir": mf.visningssokvag(self.parametrar_dir),
                          "byggdatum": self.byggdatum.isoformat(), "tidsgrans": self.tidsgrans,
                          "antal_processer": antal_processer}
            (self.utdata / str(planar)).mkdir(parents=True, exist_ok=True)
            skriv_korningsmanifest(self.utdata / str(planar), planar, poster, sekunder, parametrar,
                                   self.plan.indata, self.plan.miljo, self.id)
        # the index pages over the published folders (issue 18), from the manifests just written
        index.skriv_index(self.utdata, sorted(self.ar | {h.planar for h in hoppade}), self.konf, self.id)
