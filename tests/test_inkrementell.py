"""Incremental builds: reuse when nothing a committee depends on changed; rebuild
exactly the committee whose own input changed; ``tving``; manifests; summary line."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from vbe_lib.bygg.batch import bygg
from vbe_lib.bygg.jobb import Jobb, Resultat
from vbe_lib.bygg.planera import indata_for_namnd, planera
from vbe_lib.parametrar.konfiguration import Konfiguration

FIXTURER = Path(__file__).parent / "fixtures" / "notebooks"
REPO = Path(__file__).resolve().parents[1]
BYGGDATUM = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def konf():
    return Konfiguration.las(REPO / "parameters")


def test_indata_for_namnd(konf):
    indata = {
        "data/brott.csv": "a", "data/enkat/2021/svar.csv": "b", "data/datakalla.yml": "c",
        "data/polis/2021/sodermalm.md": "d", "data/polis/2021/farsta.md": "e",
        "data/aktiviteter/2020/sodermalm.xlsx": "f", "data/aktiviteter/2020/okand_namnd.xlsx": "g",
        "data/aktiviteter/2023/hagersten_alvsjo.xlsx": "h", "data/aktiviteter/2019/hagersten_liljeholmen.xlsx": "i",
        "parameters/kommun.yml": "j", "parameters/namnder/farsta.yml": "k",
    }
    s = indata_for_namnd(indata, "sodermalm", konf)
    assert "data/polis/2021/farsta.md" not in s
    assert {"data/brott.csv", "data/enkat/2021/svar.csv", "data/datakalla.yml", "data/polis/2021/sodermalm.md",
            "data/aktiviteter/2020/sodermalm.xlsx", "parameters/kommun.yml"} <= set(s)
    # an unknown committee's file and every parameter file count for everyone (conservative)
    assert "data/aktiviteter/2020/okand_namnd.xlsx" in s and "parameters/namnder/farsta.yml" in s
    # a merged committee depends on its predecessors' files
    ha = indata_for_namnd(indata, "hagersten_alvsjo", konf)
    assert "data/aktiviteter/2019/hagersten_liljeholmen.xlsx" in ha and "data/polis/2021/sodermalm.md" not in ha
    # the city summary and a build without configuration depend on everything
    assert indata_for_namnd(indata, "_stad", konf) == indata
    assert indata_for_namnd(indata, "sodermalm", None) == indata


def _render(namn: str) -> dict:
    return dict(titel="Handlingsplan mot våldsbejakande extremism 2021", undertitel="Bilaga: Lägesbild 2021",
                namnd_namn=namn, exempeldata=True)


def _jobb() -> list[Jobb]:
    return [Jobb("sodermalm", 2021, FIXTURER / "rapport.ipynb", "lagesbild", _render("Södermalms stadsdelsnämnd")),
            Jobb("farsta", 2021, FIXTURER / "rapport.ipynb", "lagesbild", _render("Farsta stadsdelsnämnd"))]


@pytest.fixture(scope="module")
def bygge(tmp_path_factory, konf):
    rot = tmp_path_factory.mktemp("inkr")
    data = rot / "data"
    (data / "polis" / "2021").mkdir(parents=True)
    (data / "brott.csv").write_text("Område;År;Antal\nSödermalm;2020;30\n", encoding="utf-8")
    for slug in ("sodermalm", "farsta"):
        (data / "polis" / "2021" / f"{slug}.md").write_text(f"Polisens text för {slug}.\n", encoding="utf-8")
    param = REPO / "parameters"
    ut = rot / "ut"
    forsta = bygg(_jobb(), ut, data, param, antal_processer=2, tidsgrans=60, byggdatum=BYGGDATUM, konf=konf)
    return {"rot": rot, "data": data, "param": param, "ut": ut, "forsta": {r.slug: r for r in forsta}}


pytestmark = pytest.mark.slow


def test_forsta_bygget_bygger_allt(bygge):
    assert all(r.status == "klar" and not r.ateranvand for r in bygge["forsta"].values())
    m = json.loads((bygge["ut"] / "2021" / "sodermalm" / "manifest.json").read_text(encoding="utf-8"))
    assert "data/polis/2021/sodermalm.md" in m["indata"] and "data/polis/2021/farsta.md" not in m["indata"]
    b = m["beroenden"]
    assert len(b["hash"]) == 64 and len(b["bibliotek"]) == 64 and "requirements.lock" in b["versioner"]
    assert m["parametrar"]["byggdatum"] == "2026-11-22"


def test_inget_andrat_ateranvands_utan_korning(bygge, konf):
    handelser: list[tuple] = []
    pub = bygge["ut"] / "2021" / "sodermalm"
    fore = {p.name: p.stat().st_mtime_ns for p in pub.iterdir()}
    res = bygg(_jobb(), bygge["ut"], bygge["data"], bygge["param"], antal_processer=2, byggdatum=BYGGDATUM,
               konf=konf, progress_callback=lambda *a: handelser.append(a))
    assert all(r.status == "klar" and r.ateranvand for r in res)
    assert not any(h[2] in ("kör", "renderar") for h in handelser)
    assert {p.name: p.stat().st_mtime_ns for p in pub.iterdir()} == fore
    k = json.loads((bygge["ut"] / "2021" / "manifest.json").read_text(encoding="utf-8"))
    assert all(n["ateranvand"] for n in k["namnder"])


def test_ny_byggdatum_tving_och_andrad_fil_bygger_om(bygge, konf):
    args = (_jobb(), bygge["ut"], bygge["data"], bygge["param"])
    assert not planera(*args, BYGGDATUM, konf).att_bygga
    assert len(planera(*args, BYGGDATUM, konf, tving=True).att_bygga) == 2
    assert len(planera(*args, dt.date(2026, 11, 23), konf).att_bygga) == 2
    # a published file edited by hand is not reused
    html = bygge["ut"] / "2021" / "farsta" / "lagesbild-2021-farsta.html"
    original = html.read_bytes()
    html.write_bytes(original + b" ")
    try:
        assert planera(*args, BYGGDATUM, konf).att_bygga == [(2021, "farsta")]
    finally:
        html.write_bytes(original)


def test_andrad_polistext_bygger_bara_den_namnden(bygge, konf):
    fil = bygge["data"] / "polis" / "2021" / "farsta.md"
    fil.write_text(fil.read_text(encoding="utf-8") + "Ny mening.\n", encoding="utf-8")
    res = {r.slug: r for r in bygg(_jobb(), bygge["ut"], bygge["data"], bygge["param"], antal_processer=2,
                                   byggdatum=BYGGDATUM, konf=konf)}
    assert res["sodermalm"].ateranvand and not res["farsta"].ateranvand
    assert res["farsta"].status == "klar"
    m = json.loads((bygge["ut"] / "2021" / "farsta" / "manifest.json").read_text(encoding="utf-8"))
    assert m["indata"]["data/polis/2021/farsta.md"] != json.loads(
        (bygge["ut"] / "2021" / "sodermalm" / "manifest.json").read_text(encoding="utf-8"))["indata"].get(
        "data/polis/2021/farsta.md")


def test_sammanfattningsrad():
    from vbe_lib.cli.rapport import sammanfattningsrad

    r = [Resultat("a", 2021, ["lagesbild"], "klar"), Resultat("b", 2021, ["lagesbild"], "klar", ateranvand=True),
         Resultat("c", 2021, ["lagesbild"], "klar", ateranvand=True)]
    # seconds rounded half away from zero, as all numbers (vbe_lib.presentation.fmt)
    assert sammanfattningsrad(r, 1.25) == "3 av 3 nämnder klara på 1,3 s: 1 byggd, 2 återanvända."
    assert sammanfattningsrad(r[:1], 0.5) == "1 av 1 nämnd klar på 0,5 s: 1 byggd, 0 återanvända."
    r.append(Resultat("d", 2021, ["lagesbild"], "fel"))
    assert sammanfattningsrad(r, 2.0).endswith("1 byggd, 2 återanvända; 1 misslyckades eller hoppades över.")


def test_behallna_filer_namns_vid_ateranvandning_och_rensa_bygger_om(bygge, konf):
    """A reused committee that keeps a file of an earlier build still says so; with
    ``rensa`` it is rebuilt, so that the file can be removed."""
    fil = bygge["ut"] / "2021" / "sodermalm" / "manifest.json"
    original = fil.read_text(encoding="utf-8")
    m = json.loads(original)
    m["behallna"] = {"uppfoljning-2021-sodermalm.xlsx": "0" * 64}
    fil.write_text(json.dumps(m), encoding="utf-8")
    try:
        args = (_jobb(), bygge["ut"], bygge["data"], bygge["param"], BYGGDATUM, konf)
        plan = planera(*args)
        assert (2021, "sodermalm") in plan.ateranvand
        assert plan.behallna == {(2021, "sodermalm"): ["uppfoljning-2021-sodermalm.xlsx"]}
        assert planera(*args, rensa=True).att_bygga == [(2021, "sodermalm")]
    finally:
        fil.write_text(original, encoding="utf-8")


def test_andrad_rad_och_polistext_bygger_bara_berorda_rapporter(tmp_path, konf):
    """Real notebooks on a copy of the example data, two committees and the city summary:
    one row of brott.csv changed for Södermalm and Farsta's police text changed → Södermalm's
    lägesbild and action plan (it shows the lägesbild's summary) and the summary are
    rebuilt, Södermalm's follow-up reused; Farsta's lägesbild only; the reused files keep
    their bytes and the summary line counts the reports."""
    import shutil

    from vbe_lib.bygg.rapportjobb import STADSTYP, TYPER, namnd_jobb, stadsjobb
    from vbe_lib.cli.rapport import sammanfattningsrad

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns(".cache"))
    # the real lägesbild (its HTML shows the changed row and text); what is rebuilt or
    # reused is decided by the plan, so the other reports are cheap stand-ins
    kort = REPO / "tests" / "fixtures" / "notebooks" / "kort.ipynb"
    nb = {t: REPO / "notebooks" / f"{t}.ipynb" if t == "lagesbild" else kort for t in TYPER}
    jobb = [j for s in ("sodermalm", "farsta") for j in namnd_jobb(konf, s, 2021, nb, True)]
    jobb.append(stadsjobb(konf, 2021, kort, True))
    ut, param = tmp_path / "ut", REPO / "parameters"

    def kor():
        return {r.slug: r for r in bygg(jobb, ut, data, param, antal_processer=2, byggdatum=BYGGDATUM, konf=konf)}

    forsta = kor()
    assert all(r.status == "klar" and r.byggda_rapporter == r.typer for r in forsta.values()), \
        [r.felmeddelande for r in forsta.values()]
    fore = {p.relative_to(ut).as_posix(): p.read_bytes() for p in (ut / "2021").rglob("*.*")
            if p.name != "manifest.json"}

    rader = (data / "brott.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, r in enumerate(rader) if r.startswith("Södermalms stadsdelsnämnd,2020,Hets mot folkgrupp,"))
    rader[i] = "Södermalms stadsdelsnämnd,2020,Hets mot folkgrupp,99\n"
    (data / "brott.csv").write_text("".join(rader), encoding="utf-8")
    with open(data / "polis" / "2021" / "farsta.md", "a", encoding="utf-8") as fh:
        fh.write("\nEtt tillägg från polisen.\n")

    andra = kor()
    assert all(r.status == "klar" for r in andra.values()), [r.felmeddelande for r in andra.values()]
    assert andra["sodermalm"].byggda_rapporter == ["lagesbild", "handlingsplan"]
    assert andra["sodermalm"].ateranvanda_rapporter == ["uppfoljning"]
    assert andra["farsta"].byggda_rapporter == ["lagesbild"]
    assert andra["farsta"].ateranvanda_rapporter == ["uppfoljning", "handlingsplan"]
    assert andra["_stad"].byggda_rapporter == ["sammanstallning"]
    efter = {p.relative_to(ut).as_posix(): p.read_bytes() for p in (ut / "2021").rglob("*.*")
             if p.name != "manifest.json"}
    assert set(efter) == set(fore)
    andrade = {n for n in fore if fore[n] != efter[n]}
    assert not any(n.startswith(("2021/sodermalm/uppfoljning", "2021/farsta/uppfoljning",
                                 "2021/farsta/handlingsplan-2021-farsta.")) for n in andrade), andrade
    assert {"2021/sodermalm/lagesbild-2021-sodermalm.html", "2021/farsta/lagesbild-2021-farsta.html"} <= andrade
    # the reused reports' executed notebooks were carried over with the folder
    assert (ut / "_internt" / "2021" / "farsta" / "handlingsplan.ipynb").is_file()
    m = json.loads((ut / "2021" / "farsta" / "manifest.json").read_text(encoding="utf-8"))
    assert set(m["beroenden"]["rapporter"]) == {"lagesbild", "uppfoljning", "handlingsplan"}
    # the slice hashes were computed beside the build (Farsta's police text changed, so none
    # could match before it), and every report's manifest entry has them for the next build
    rapp = m["beroenden"]["rapporter"]
    assert all(r.get("hash") for r in rapp.values()) and rapp["lagesbild"].get("ovrigt"), rapp
    assert sammanfattningsrad(list(andra.values()), 1.0).endswith("Rapporter: 4 byggda, 3 återanvända.")

    # nothing changed: every committee reused whole, nothing executed
    tredje = kor()
    assert all(r.ateranvand for r in tredje.values())


def test_bibliotekshashen_tacker_hela_biblioteket(tmp_path):
    """A change anywhere in vbe_lib/ (a report module, the HTML template's CSS), not only in
    vbe_lib/bygg/, changes the library hash and so rebuilds the reports."""
    import shutil

    import vbe_lib
    from vbe_lib.bygg import manifest as mf

    rot = Path(vbe_lib.__file__).resolve().parent
    assert mf.BIBLIOTEK == rot and mf.bibliotekshash() == mf.bibliotekshash(rot)
    kopia = tmp_path / "vbe_lib"
    shutil.copytree(rot, kopia, ignore=shutil.ignore_patterns("__pycache__"))
    fore = mf.bibliotekshash(kopia)
    css = kopia / "render" / "templates" / "vbe" / "vbe.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* ändrad */\n", encoding="utf-8")
    assert mf.bibliotekshash(kopia) != fore


def test_lasfilen_ar_projektets():
    """The locked dependency versions count: the lock file beside the package is found."""
    from vbe_lib.bygg import manifest as mf

    assert mf.lasfil() == Path(__file__).resolve().parents[1] / "requirements.lock"
    assert mf.beroendeversioner()["requirements.lock"] == mf.sha256_fil(mf.lasfil())


def test_forfina_raknar_inte_utsnitt_som_inte_kan_stamma(konf):
    """A report whose recorded "everything but the tables' rows" differs (a police text
    changed) cannot be reused by its slice: forfina leaves the slice to be computed beside
    the build; an unknown (older manifest) or equal one is compared first."""
    from vbe_lib.bygg.planera import Plan, _kan_ateranvandas

    nyckel = (2021, "farsta")
    plan = Plan(indata={}, notebooks={}, miljo={})
    plan.beroenden[nyckel] = {"rapporter": {"lagesbild": {"filhash": "f2", "hash": None, "ovrigt": "o2"},
                                            "uppfoljning": {"filhash": "u", "hash": "u"}}}
    for rec, vantat in (({"filhash": "f1", "hash": "h1", "ovrigt": "o1"}, False),
                        ({"filhash": "f1", "hash": "h1", "ovrigt": "o2"}, True),
                        ({"filhash": "f1", "hash": "h1"}, True)):
        plan._manifest[nyckel] = {"beroenden": {"rapporter": {"lagesbild": rec, "uppfoljning": {"filhash": "u"}}}}
        assert _kan_ateranvandas(plan, nyckel) is vantat, rec
    plan.ateranvanda_rapporter[nyckel] = {"lagesbild": ["x.html"]}
    assert _kan_ateranvandas(plan, nyckel) is False
