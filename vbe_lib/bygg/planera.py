"""Planning a batch: what every committee's reports depend on (a hash over its inputs,
parameters, notebooks, library and versions) and which committees can keep their
published files (:func:`planera`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbe_lib.bygg import manifest as mf

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
    #: of the reusable committees, the files of earlier builds they keep (manifest ``behallna``)
    behallna: dict[tuple[int, str], list[str]] = field(default_factory=dict)

    @property
    def att_bygga(self) -> list[tuple[int, str]]:
        return [k for k in self.beroenden if k not in self.ateranvand]


def _jobbparametrar(j: Jobb) -> dict[str, Any]:
    return {"typ": j.typ, "notebook": Path(j.notebook).name, "render": dict(sorted(j.render.items())),
            "parametrar": dict(sorted(j.parametrar.items()))}


def _ateranvandbara_filer(publicerat: Path, hash_: str,
                          rensa: bool = False) -> tuple[list[Path], list[str]] | None:
    """The published files of a committee, and the files of earlier builds it keeps
    (the manifest's ``behallna``), if its manifest records ``hash_`` and every file is
    still there with its recorded sha256; otherwise None. With ``rensa`` a committee
    that keeps files of earlier builds is rebuilt, so that they are removed."""
    import json

    fil = publicerat / "manifest.json"
    try:
        m = json.loads(fil.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(m, dict) or m.get("status") != KLAR or (m.get("beroenden") or {}).get("hash") != hash_:
        return None
    if rensa and m.get("behallna"):
        return None
    behallna = sorted(n for n in (m.get("behallna") or {}) if isinstance(n, str))
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
    return ut + [fil], behallna



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
    """Hash what every committee depends on and find the ones whose published files
    can be reused (cheap: file hashes only, nothing imported or executed); ``rensa``:
    see :func:`_ateranvandbara_filer`."""
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
            svar = _ateranvandbara_filer(utdata / str(planar) / slug, plan.beroenden[(planar, slug)]["hash"],
                                         rensa)
            if svar is not None:
                plan.ateranvand[(planar, slug)], kvar = svar
                if kvar:
                    plan.behallna[(planar, slug)] = kvar
    return plan
