"""Validation: the bad-input corpus, Problem messages, and the `vbe validera` command."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel
from vbe_lib.indata.problem import Problem, problem_for_namnd, samla_rader, sortera
from vbe_lib.indata.validera import validera
from vbe_lib.indata.validera import sammanfattning

ROT = Path(__file__).resolve().parents[1]
KORPUS = Path(__file__).parent / "felaktiga_filer"
GILTIG = KORPUS / "_giltig"
FALL = sorted(d.name for d in KORPUS.iterdir() if d.is_dir() and not d.name.startswith("_"))


@pytest.fixture(scope="module")
def konf():
    return Konfiguration.las(ROT / "parameters")


def test_korpus_ar_stor_nog():
    assert len(FALL) >= 30
    for f in FALL:
        assert (KORPUS / f / "forvantat.txt").is_file(), f


@pytest.mark.parametrize("fall", FALL)
def test_felaktiga_filer(fall, konf):
    """Every case directory: ``forvantat.txt`` lines must each be (part of) a message.

    Optional: ``planar.txt`` (the plan year validated), ``parametrar/`` (the case's own
    parameters folder instead of the project's: a parameters error is then expected),
    ``stoppar.txt`` (one committee slug a line whose reports the expected problems must
    stop in ``vbe rapport``; ``!slug`` for one they must not stop)."""
    d = KORPUS / fall
    planar = int((d / "planar.txt").read_text()) if (d / "planar.txt").is_file() else None
    if (d / "parametrar").is_dir():
        try:
            konf = Konfiguration.las(d / "parametrar")
        except KonfigurationsFel as exc:
            problem = [Problem("parametrar", meddelande=m) for m in exc.meddelanden]
        else:
            problem = validera(d, konf, planar)
    else:
        problem = validera(d, konf, planar)
    rader = [str(p) for p in problem]
    for forvantat in (d / "forvantat.txt").read_text(encoding="utf-8").splitlines():
        if not forvantat.strip():
            continue
        assert any(forvantat in r for r in rader), f"{fall}: väntade\n  {forvantat}\nfick\n  " + "\n  ".join(rader)
    if not any(line.startswith("varning:") for line in (d / "forvantat.txt").read_text(encoding="utf-8").splitlines()):
        assert any(p.ar_fel for p in problem), fall
    for p in problem:  # one line each, Swedish sentence
        assert "\n" not in str(p) and str(p).rstrip().endswith((".", "?"))
    if (d / "stoppar.txt").is_file():  # what the expected problems stop (vbe rapport's rule)
        vantade = [f for f in (d / "forvantat.txt").read_text(encoding="utf-8").splitlines() if f.strip()]
        traffar = [p for p in problem if any(f in str(p) for f in vantade)]
        for rad in (d / "stoppar.txt").read_text(encoding="utf-8").split():
            slug = rad.lstrip("!")
            stoppas = bool(problem_for_namnd(traffar, slug, konf))
            assert stoppas == (not rad.startswith("!")), f"{fall}: {slug} {'stoppas' if stoppas else 'stoppas inte'}"


def test_giltig_mangd_har_inga_fel(konf):
    assert [str(p) for p in validera(GILTIG, konf, 2021) if p.ar_fel] == []


def test_problem_text():
    p = Problem("brott.csv", 14, "Antal", "-3", "ett heltal ≥ 0")
    assert str(p) == 'brott.csv, rad 14, kolumn "Antal": värdet "-3" är inte tillåtet – förväntade ett heltal ≥ 0.'
    assert str(Problem("brott.csv", 3, "Antal", "", "ett heltal ≥ 0")) == \
        'brott.csv, rad 3, kolumn "Antal": värdet saknas – förväntade ett heltal ≥ 0.'
    assert str(Problem("x.csv", forvantat="filen saknas", allvarlighet="varning")) == "varning: x.csv: filen saknas."
    assert str(Problem("x.csv", 2, meddelande="okänd nämnd 'A' – menade du 'B'?")) == \
        "x.csv, rad 2: okänd nämnd 'A' – menade du 'B'?"


def test_sortera_och_sammanfattning():
    ps = [Problem("b.csv", 3, forvantat="x", allvarlighet="varning"), Problem("a.csv", 5, forvantat="y"),
          Problem("a.csv", 2, forvantat="z")]
    assert [p.rad for p in sortera(ps)] == [2, 5, 3]
    assert sammanfattning(ps, 11) == "2 fel och 1 varning i 11 filer."
    assert sammanfattning([], 1) == "0 fel och 0 varningar i 1 fil."


def test_samla_rader_en_rad_per_slags_problem():
    saknas = [Problem("data/brott.csv", r, "Antal", "", "ett heltal ≥ 0") for r in (2, 3, 4, 9, 11, 12)]
    annat = Problem("data/brott.csv", 5, "Antal", "x", "ett heltal ≥ 0")
    tva = [Problem("data/klotter.csv", r, "År", "", "ett år") for r in (7, 8)]
    hel = Problem("data/ia.csv", None, None, None, "filen saknas")
    varning = [Problem("data/brott.csv", r, "Antal", "", "ett heltal ≥ 0", allvarlighet="varning") for r in (2, 3, 4)]
    ut = samla_rader([saknas[0], annat, *saknas[1:], *tva, hel, *varning])
    assert ut == [
        'data/brott.csv, rad 2–4, 9 och 11–12 (6 rader), kolumn "Antal": värdet saknas – förväntade ett heltal ≥ 0.',
        'data/brott.csv, rad 5, kolumn "Antal": värdet "x" är inte tillåtet – förväntade ett heltal ≥ 0.',
        # fewer than three rows: one line each, as the validation prints them
        'data/klotter.csv, rad 7, kolumn "År": värdet saknas – förväntade ett år.',
        'data/klotter.csv, rad 8, kolumn "År": värdet saknas – förväntade ett år.',
        "data/ia.csv: filen saknas.",
        # a warning is never folded into an error with the same text
        'varning: data/brott.csv, rad 2–4 (3 rader), kolumn "Antal": värdet saknas – förväntade ett heltal ≥ 0.',
    ]
    assert samla_rader([]) == []
    # one row named twice (two checks found it): counted once
    dubbel = [Problem("a.csv", r, "K", "", "x") for r in (2, 2, 3, 4)]
    assert samla_rader(dubbel) == ['a.csv, rad 2–4 (3 rader), kolumn "K": värdet saknas – förväntade x.']


def test_problem_for_namnd(konf):
    ps = [Problem("a.csv", 2, forvantat="x", namnd="alvsjo"), Problem("a.csv", 3, forvantat="y", namnd="bromma"),
          Problem("b.csv", forvantat="z", namnd=None), Problem("c.csv", forvantat="w", allvarlighet="varning")]
    assert [p.rad for p in problem_for_namnd(ps, "hagersten_alvsjo", konf)] == [2, None]
    assert [p.rad for p in problem_for_namnd(ps, "kungsholmen", konf)] == [None]


def test_planar_utanfor_kommunens_ar(konf):
    assert any('"--ar"' not in str(p) and "2040" in str(p) for p in validera(GILTIG, konf, 2040))


# ------------------------------------------------------------------ CLI
def _kor(*args):
    from vbe_lib.cli import _registrera, app

    _registrera()
    return CliRunner().invoke(app, ["validera", *args])


def test_cli_fel_ger_kod_1_utan_traceback():
    r = _kor("--data", str(KORPUS / "enkat_likert_utanfor"), "--parametrar", str(ROT / "parameters"))
    assert r.exit_code == 1, r.output
    assert 'enkat/2021/svar.csv, rad 3, kolumn "Kunskapsnivå": värdet "6" är inte tillåtet' in r.output
    assert "Traceback" not in r.output
    rader = r.output.strip().splitlines()
    assert rader[0].startswith("enkat/2021/svar.csv")  # errors first
    assert rader[-1].startswith("1 fel och ")


def test_cli_binar_fil():
    r = _kor("--data", str(KORPUS / "brott_binar_fil"), "--parametrar", str(ROT / "parameters"))
    assert r.exit_code == 1 and "Traceback" not in r.output and "inte en textfil" in r.output


def test_cli_giltig_ger_kod_0():
    r = _kor("--ar", "2021", "--data", str(GILTIG), "--parametrar", str(ROT / "parameters"))
    assert r.exit_code == 0, r.output
    assert r.output.strip().splitlines()[-1].startswith("0 fel och ")


def test_cli_saknad_datamapp_och_trasiga_parametrar(tmp_path):
    r = _kor("--data", str(tmp_path / "finns_inte"), "--parametrar", str(ROT / "parameters"))
    assert r.exit_code == 1 and "datamappen finns inte" in r.output and "Traceback" not in r.output
    (tmp_path / "p").mkdir()
    r = _kor("--data", str(GILTIG), "--parametrar", str(tmp_path / "p"))
    assert r.exit_code == 1 and "kommun.yml" in r.output and "Traceback" not in r.output


def test_cli_subprocess_utan_traceback(tmp_path):
    import subprocess
    import sys

    d = tmp_path / "data"
    shutil.copytree(KORPUS / "brott_okant_omrade", d)
    r = subprocess.run([sys.executable, "-c", "from vbe_lib.cli import main; main()", "validera", "--data", str(d),
                        "--parametrar", str(ROT / "parameters")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "menade du 'Södermalms stadsdelsnämnd'?" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


# ------------------------------------------------------------------ the committed example data
EXEMPEL = ROT / "data"


@pytest.mark.skipif(not (EXEMPEL / "brott.csv").is_file(), reason="exempeldata (data/) saknas")
def test_exempeldata_ar_giltiga(konf):
    from vbe_lib.indata.dataset import las_data

    ds = las_data(EXEMPEL, konf, cache=True)
    assert [str(p) for p in ds.fel] == []
    assert ds.exempeldata is True
    for planar in range(2019, 2026):
        fel = [str(p) for p in validera(EXEMPEL, konf, planar, ds=ds) if p.ar_fel]
        assert fel == [], (planar, fel[:10])
