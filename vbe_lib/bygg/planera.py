"""Planning a batch: what every report depends on (a hash over its inputs, parameters,
notebooks, library and versions) and which reports – and whole committees – can keep
their published files (:func:`planera`, then :func:`forfina`).

Two hashes per report (the manifest's ``beroenden.rapporter.<typ>``):

* ``filhash`` (cheap: file hashes only, nothing imported): every input file the report
  kind reads (:func:`indata_for_rapport`), whole;
* ``hash`` (needs the validated dataset, :func:`forfina`): the same, but instead of the
  city-wide tables and survey files (``data/brott.csv``, ``data/enkat/…``) the committee's
  slice of the normalised rows and what it shows of the other committees
  (:mod:`vbe_lib.bygg.utsnitt`).

A report is reused when its manifest records the same ``filhash`` – or the same ``hash``
(a row of another committee changed) – and every file it published is still there with
its recorded sha256; a committee whose reports are all reused keeps its whole folder. An
older manifest without per-report hashes means: rebuild."""
from __future__ import annotations

import contextlib
import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbe_lib.bygg import manifest as mf
from vbe_lib.bygg.utsnitt import ar_tabellkalla

from vbe_lib.bygg.jobb import KLAR, Jobb
from vbe_lib.parametrar.byggdatum import standard_byggdatum

#: data folders with one file per committee and plan year: ``<mapp>/<år>/<slug>.<ext>``
#: (``texter/<år>/<slug>.godkannande.yml`` too: the stem is the name up to the first dot)
PER_NAMND_MAPPAR = ("polis", "aktiviteter", "texter")


def indata_for_namnd(indata: dict[str, str], slug: str, konf: Any = None) -> dict[str, str]:
    """The input files a committee's reports depend on, from every input file.

    City-wide files (``data/brott.csv``, ``data/enkat/...``, ``data/datakalla.yml``, …) and
    every parameter file count for every committee. A per-committee file
    (``data/polis/<år>/<slug>.md``, ``data/aktiviteter/<år>/<slug>.xlsx``, the committee's text
    ``data/texter/<år>/<slug>.md`` and its approval) counts only for
    the committee it names and for its successors (``konf.linje``: the follow-up of a
    merged committee reads its predecessors' plans); a file whose name is no known
    committee (such as ``texter/<år>/_kommun.md``, common to all) counts for all. Without
    ``konf`` every file counts; for a pseudo-committee such as the city summary (``_stad``)
    every file but the committees' own texts (``data/texter/``: only lägesbilder carry them).
    """
    if konf is None:
        return dict(indata)
    if slug not in getattr(konf, "namnder", {}):
        return {rel: sha for rel, sha in indata.items() if not rel.startswith("data/texter/")}
    linje = set(konf.linje(slug)) | {slug}
    ut: dict[str, str] = {}
    for rel, sha in indata.items():
        delar = rel.split("/")
        if len(delar) == 4 and delar[0] == "data" and delar[1] in PER_NAMND_MAPPAR:
            stam = delar[3].split(".", 1)[0]
            agare = konf.hitta(stam) or konf.hitta(stam.replace("_", " "))
            if agare is not None and agare not in linje:
                continue
        ut[rel] = sha
    return ut


def indata_for_rapport(egna: dict[str, str], typ: str) -> dict[str, str]:
    """Of a committee's input files (:func:`indata_for_namnd`), the ones a report of kind
    ``typ`` reads: the follow-up reads only the activity files, ``datakalla.yml`` and the
    like – not the dataset's tables and survey, the police's text or the committee texts;
    the action plan shows the lägesbild's summary, not the police's text; the lägesbild and
    other kinds (the city summary) read everything."""
    if typ == "uppfoljning":
        return {k: v for k, v in egna.items()
                if not ar_tabellkalla(k) and not k.startswith(("data/polis/", "data/texter/"))}
    if typ == "handlingsplan":
        return {k: v for k, v in egna.items() if not k.startswith("data/polis/")}
    return dict(egna)


#: report kinds whose rows of the dataset are hashed as a slice (:func:`forfina`); the
#: others either read no table (the follow-up) or all of them (the city summary)
UTSNITTSTYPER = ("lagesbild", "handlingsplan")


@dataclass
class Plan:
    """What a batch will do: per (plan year, committee) its dependencies, and which
    reports and committees can keep their published files."""

    indata: dict[str, str]
    notebooks: dict[str, str]
    miljo: dict[str, Any]
    beroenden: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    namnd_indata: dict[tuple[int, str], dict[str, str]] = field(default_factory=dict)
    #: committees whose whole folder is reused: its files (manifest last)
    ateranvand: dict[tuple[int, str], list[Path]] = field(default_factory=dict)
    #: of the reusable committees, the files of earlier builds they keep (manifest ``behallna``)
    behallna: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    #: committees built in part: report kind -> the names of its reused published files
    ateranvanda_rapporter: dict[tuple[int, str], dict[str, list[str]]] = field(default_factory=dict)
    #: committees reused whole although a file they read changed (their rows did not):
    #: their manifest's hashes are brought up to date (:func:`vbe_lib.bygg.batch.bygg`)
    inaktuella: set[tuple[int, str]] = field(default_factory=set)
    #: True once :func:`forfina` compared the slices of the dataset
    forfinad: bool = False
    #: per committee the published manifest (for :func:`forfina`), when it has per-report hashes
    _manifest: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict, repr=False)
    _underlag: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict, repr=False)
    #: per committee the report kinds planned as HTML only (:attr:`Jobb.bara_html`)
    _bara_html: dict[tuple[int, str], set[str]] = field(default_factory=dict, repr=False)
    #: held while a committee's slice hashes are computed (:func:`rapporthashar_i_bakgrunden`)
    _las: Any = field(default_factory=threading.RLock, repr=False)
    _ds: Any = field(default=None, repr=False)
    _konf: Any = field(default=None, repr=False)
    _utsnitt: Any = field(default=None, repr=False)

    @property
    def att_bygga(self) -> list[tuple[int, str]]:
        return [k for k in self.beroenden if k not in self.ateranvand]

    def rapporter_att_bygga(self, nyckel: tuple[int, str]) -> list[str]:
        """The report kinds of a committee to execute (none when it is reused whole)."""
        if nyckel in self.ateranvand:
            return []
        delvis = self.ateranvanda_rapporter.get(nyckel, {})
        return [t for t in (self.beroenden.get(nyckel, {}).get("rapporter") or {}) if t not in delvis]


def _jobbparametrar(j: Jobb) -> dict[str, Any]:
    return {"typ": j.typ, "notebook": Path(j.notebook).name, "render": dict(sorted(j.render.items())),
            "parametrar": dict(sorted(j.parametrar.items()))}


def _las_manifest(publicerat: Path) -> dict[str, Any] | None:
    import json

    try:
        m = json.loads((publicerat / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) and m.get("status") == KLAR else None


def _filer_intakta(publicerat: Path, filer: dict[str, str], sett: dict[str, str | None] | None = None) -> bool:
    """Every file still has its recorded sha256 (``sett``: hashes already computed, by name)."""
    sett = {} if sett is None else sett
    for namn, sha in filer.items():
        if namn not in sett:
            try:
                sett[namn] = mf.sha256_fil(publicerat / namn)
            except OSError:
                sett[namn] = None
        if sett[namn] != sha:
            return False
    return True


def rapportens_filer(typ: str, planar: int, slug: str, filer: Any) -> dict[str, str]:
    """The published files of one report among a committee's (``<typ>-<Y>-<slug>.<ext>``)."""
    from vbe_lib.bygg.jobb import publicerat_filnamn

    stam = publicerat_filnamn(typ, planar, slug, "")
    return {n: sha for n, sha in (filer or {}).items() if isinstance(n, str) and n.startswith(stam)
            and "." not in n[len(stam):]}


def _ateranvandbara(plan: Plan, nyckel: tuple[int, str], publicerat: Path, rensa: bool) -> None:
    """Decide, from the published manifest, which reports of a committee are reused
    (their recorded ``filhash`` – or, after :func:`forfina`, ``hash`` – equals the current
    one and their files are intact), and whether the whole folder is."""
    planar, slug = nyckel
    m = plan._manifest.get(nyckel)
    rapporter = plan.beroenden[nyckel]["rapporter"]
    if m is None:
        return
    inspelade = (m.get("beroenden") or {}).get("rapporter") or {}
    filer = m.get("filer") or {}
    if not isinstance(inspelade, dict) or not isinstance(filer, dict) or not filer:
        return
    ateranvanda: dict[str, list[str]] = {}
    sett: dict[str, str | None] = {}
    for typ, nu in rapporter.items():
        rec = inspelade.get(typ)
        if not isinstance(rec, dict):
            continue
        lika = rec.get("filhash") == nu["filhash"] or (
            nu.get("hash") is not None and rec.get("hash") is not None and rec.get("hash") == nu["hash"])
        egna = rapportens_filer(typ, planar, slug, filer)
        # a report published as HTML only (the preview's first pass) serves only an HTML-only job
        komplett = typ in plan._bara_html.get(nyckel, ()) or any(n.endswith(".pdf") for n in egna)
        if lika and egna and komplett and _filer_intakta(publicerat, egna, sett):
            ateranvanda[typ] = sorted(egna)
    if len(ateranvanda) == len(rapporter) and set(inspelade) == set(rapporter) \
            and not (rensa and m.get("behallna")) and _filer_intakta(publicerat, filer, sett):
        plan.ateranvand[nyckel] = [publicerat / n for n in sorted(filer)] + [publicerat / "manifest.json"]
        if any((inspelade.get(t) or {}).get("filhash") != r["filhash"] for t, r in rapporter.items()):
            plan.inaktuella.add(nyckel)
        kvar = sorted(n for n in (m.get("behallna") or {}) if isinstance(n, str))
        if kvar:
            plan.behallna[nyckel] = kvar
        plan.ateranvanda_rapporter.pop(nyckel, None)
    elif ateranvanda:
        plan.ateranvanda_rapporter[nyckel] = ateranvanda


def _sammanfatta_namnd(rapporter: dict[str, dict[str, Any]]) -> str:
    return mf.sammanfatta({t: r.get("hash") or r["filhash"] for t, r in sorted(rapporter.items())})


def planera(
    jobb: list[Jobb],
    utdata: str | Path,
    data_dir: str | Path,
    parametrar_dir: str | Path,
    byggdatum: dt.date | None = None,
    konf: Any = None,
    tving: bool = False,
    rensa: bool = False,
) -> Plan:
    """Hash what every report depends on, file by file, and find the reports and
    committees whose published files can be reused (cheap: file hashes only, nothing
    imported or executed); :func:`forfina` then compares the dataset's slices of the
    others. ``rensa``: a committee that keeps files of earlier builds is rebuilt, so that
    they are removed."""
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
        nyckel = (planar, slug)
        egna = indata_for_namnd(indata, slug, konf)
        gemensamt = {"bibliotek": bibliotek, "versioner": versioner,
                     "namnd": slug, "planar": planar, "byggdatum": byggdatum.isoformat()}
        rapporter: dict[str, dict[str, Any]] = {}
        underlag: dict[str, Any] = {}
        for j in js:
            delar = {**gemensamt, "jobb": _jobbparametrar(j),
                     "notebook": nb_hash.get(str(j.notebook), "")}
            filer = indata_for_rapport(egna, j.typ)
            rapporter[j.typ] = {"filhash": mf.sammanfatta({**delar, "indata": filer}), "hash": None}
            if j.typ in UTSNITTSTYPER and konf is not None and slug in getattr(konf, "namnder", {}):
                underlag[j.typ] = {**delar, "indata": {k: v for k, v in filer.items() if not ar_tabellkalla(k)}}
                # everything but the tables' rows: when it differs from the manifest's, the
                # slice hash cannot match, and forfina need not compute it before the build
                rapporter[j.typ]["ovrigt"] = mf.sammanfatta(underlag[j.typ])
            else:  # no table, or every table whole: the file hash is the report's hash
                rapporter[j.typ]["hash"] = rapporter[j.typ]["filhash"]
        plan.namnd_indata[nyckel] = egna
        plan._underlag[nyckel] = underlag
        plan._bara_html[nyckel] = {j.typ for j in js if j.bara_html}
        plan.beroenden[nyckel] = {
            "hash": _sammanfatta_namnd(rapporter), "bibliotek": bibliotek, "versioner": versioner,
            "jobb": [_jobbparametrar(j) for j in js], "rapporter": rapporter,
        }
        if not tving:
            m = _las_manifest(utdata / str(planar) / slug)
            if m is not None:
                plan._manifest[nyckel] = m
                _ateranvandbara(plan, nyckel, utdata / str(planar) / slug, rensa)
    return plan


def forfina(plan: Plan, ds: Any, konf: Any, nycklar: Any = None, tving: bool = False, rensa: bool = False,
            utdata: str | Path | None = None) -> Plan:
    """Complete the reports' ``hash`` with the committee's slice of the validated dataset
    ``ds`` (:class:`vbe_lib.bygg.utsnitt.Utsnitt`) for every committee not reused whole that
    has a published manifest (``nycklar``: only these), and reuse the reports whose
    recorded slice hash is the same. The other committees' hashes are completed when their
    manifests are written (:func:`rapporthashar`), while the workers run."""
    plan.forfinad = True
    plan._ds, plan._konf = ds, konf
    valda = [k for k in plan.beroenden if k not in plan.ateranvand and (nycklar is None or k in nycklar)
             and plan._underlag.get(k) and k in plan._manifest and _kan_ateranvandas(plan, k)]
    if ds is None:
        return plan
    for nyckel in valda:
        planar, slug = nyckel
        rapporthashar(plan, nyckel)
        if not tving and utdata is not None:
            _ateranvandbara(plan, nyckel, Path(utdata) / str(planar) / slug, rensa)
    return plan


def _kan_ateranvandas(plan: Plan, nyckel: tuple[int, str]) -> bool:
    """Whether a report of the committee not yet reused could be by its slice hash: its
    recorded ``ovrigt`` (everything but the tables' rows) is the current one, or unknown."""
    inspelade = (plan._manifest[nyckel].get("beroenden") or {}).get("rapporter") or {}
    if not isinstance(inspelade, dict):
        return False
    delvis = plan.ateranvanda_rapporter.get(nyckel, {})
    for typ, nu in plan.beroenden[nyckel]["rapporter"].items():
        rec = inspelade.get(typ)
        if typ in delvis or "ovrigt" not in nu or not isinstance(rec, dict):
            continue
        if rec.get("ovrigt") in (None, nu["ovrigt"]):
            return True
    return False


@contextlib.contextmanager
def rapporthashar_i_bakgrunden(plan: Plan, nycklar: list[tuple[int, str]]):
    """While the block runs (the workers execute the notebooks), compute the slice hashes
    of ``nycklar`` in a thread: the manifests need them when each committee is published,
    and :func:`rapporthashar` waits for a committee being computed. On leaving the block the
    thread stops after its current committee and is joined (no thread outlives the batch)."""
    kvar = [k for k in nycklar if plan._underlag.get(k)]
    if not kvar or plan._ds is None:
        yield
        return
    stopp = threading.Event()

    def kor() -> None:
        for k in kvar:
            if stopp.is_set():
                return
            with contextlib.suppress(Exception):  # the manifest's own call computes it then
                rapporthashar(plan, k)

    t = threading.Thread(target=kor, name="vbe-rapporthashar", daemon=True)
    t.start()
    try:
        yield
    finally:
        stopp.set()
        t.join()


def rapporthashar(plan: Plan, nyckel: tuple[int, str]) -> dict[str, Any] | None:
    """The committee's dependencies (``plan.beroenden``) with every report's slice hash,
    computed once from the dataset :func:`forfina` was given (without one the reports
    that read the tables have no ``hash``: the next build compares ``filhash`` only)."""
    from vbe_lib.bygg.utsnitt import Utsnitt

    with plan._las:
        b = plan.beroenden.get(nyckel)
        underlag = plan._underlag.get(nyckel)
        if b is None or not underlag or plan._ds is None:
            return b
        if plan._utsnitt is None:
            plan._utsnitt = Utsnitt(plan._ds, plan._konf)
        skiva = plan._utsnitt.for_namnd(nyckel[1])
        for typ, delar in underlag.items():
            b["rapporter"][typ]["hash"] = mf.sammanfatta({**delar, "utsnitt": skiva})
        b["hash"] = _sammanfatta_namnd(b["rapporter"])
        plan._underlag.pop(nyckel, None)
        return b
