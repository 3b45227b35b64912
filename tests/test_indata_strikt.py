"""Hostile and broken inputs (issue 21): strict CSV structure, strict and bounded YAML,
XLSX read by content, size limits, memory, and what a problem stops in `vbe rapport`."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from vbe_lib.indata import aktiviteter, lasning
from vbe_lib.indata.dataset import las_data
from vbe_lib.indata.lasning import Grans, read_table
from vbe_lib.indata.validera import validera
from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel
from vbe_lib.parametrar.yamlfil import MAX_NODER, YamlFel, las_yaml, las_yaml_text

ROT = Path(__file__).resolve().parents[1]
KORPUS = ROT / "tests" / "felaktiga_filer"


@pytest.fixture(scope="module")
def konf():
    return Konfiguration.las(ROT / "parameters")


def _kopia(tmp_path: Path, fall: str) -> Path:
    d = tmp_path / fall
    shutil.copytree(KORPUS / fall, d, ignore=shutil.ignore_patterns(".cache"))
    return d


# ------------------------------------------------------------------ CSV structure
def test_oppet_citattecken_tappar_inga_rader_i_tysthet(tmp_path, konf):
    d = _kopia(tmp_path, "klotter_oppet_citattecken")
    ds = las_data(d, konf, cache=False)
    fel = [p for p in ds.fel if p.fil == "klotter.csv"]
    assert len(fel) == 1 and fel[0].rad == 3 and "824 rader" in str(fel[0])
    assert len(ds.klotter) == 1  # only the row before the quote; nothing swallowed is published
    assert any(p.ar_fel and p.fil == "klotter.csv" for p in validera(d, konf))


def test_citattecken_som_stangs_senare(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text('A,B,C\n1,2,3\n4,"5,6\n7,8,9\n10,11,12"\n13,14,15\n', encoding="utf-8")
    df, prob = read_table(p)
    assert [x.rad for x in prob] == [3] and "stängs först 2 rader längre ner" in str(prob[0])
    assert df.loc[4].tolist() == ["13", "14", "15"]  # the record after it is read


def test_radbrytning_inom_citat_ar_tillaten(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text('Nämnd,Text,Antal\nSödermalm,"rad ett, och\nrad två",3\n', encoding="utf-8")
    df, prob = read_table(p)
    assert prob == [] and df.loc[2, "text"] == "rad ett, och\nrad två"


def test_for_fa_falt_och_kapad_fil(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("A;B;C\n1;2;3\n4;5\n6;7;3", encoding="utf-8")
    df, prob = read_table(p)
    assert list(df.index) == [2, 4]
    assert [(x.rad, x.allvarlighet) for x in prob] == [(3, "fel"), (4, "varning")]
    assert "3 i stället för 30" in str(prob[1])


def test_for_langt_falt_far_svenskt_meddelande(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(b'A,B\n1,2\n3,"' + b"x," * 80_000 + b"\n")
    df, prob = read_table(p)
    assert len(prob) == 1 and prob[0].rad == 3
    assert "längre än 131\u00a0072 tecken" in str(prob[0]) and "field" not in str(prob[0])


def test_blandad_kodning_ett_meddelande(tmp_path, konf):
    d = _kopia(tmp_path, "brott_blandad_kodning")
    ds = las_data(d, konf, cache=False)
    om_filen = [p for p in ds.problem if p.fil == "brott.csv"]
    assert len(om_filen) == 1 and "rad 9 " in str(om_filen[0])
    # each line decoded in its own encoding: no mojibake, every name found
    assert len(ds.brott) == 21 and "hagersten_liljeholmen" in set(ds.brott.namnd)


def test_mest_cp1252_med_nagon_utf8_rad(tmp_path):
    text = "Område,År,Antal\n" + "Södermalm,2020,1\n" * 5
    p = tmp_path / "x.csv"
    p.write_bytes(text.encode("cp1252") + "Älvsjö,2020,2\n".encode("utf-8"))
    df, prob = read_table(p)
    assert len(prob) == 1 and "rad 7 är sparad som UTF-8" in str(prob[0])
    assert set(df["omrade"]) == {"Södermalm", "Älvsjö"}


def test_aktivitetsfil_har_samma_strikta_lasare(tmp_path):
    f = tmp_path / "sodermalm.csv"
    f.write_text("Id;Grupp;Aktivitet\nA-1;Förebyggande;Ett\nA-2;Förebyggande\nA-3;Förebyggande;Tre", encoding="utf-8")
    lista = aktiviteter.las_aktiviteter(f, namnd="sodermalm", planar=2021)
    assert list(lista.df["id"]) == ["A-1", "A-3"]
    assert [(p.rad, p.allvarlighet) for p in lista.problem] == [(3, "fel"), (4, "varning")]
    assert all(p.namnd == "sodermalm" for p in lista.problem)


# ------------------------------------------------------------------ YAML
def test_yaml_dubbla_nycklar_och_alias():
    with pytest.raises(YamlFel) as e:
        las_yaml_text("a:\n  b: 1\n  c: 2\n  b: 3\n")
    assert e.value.rad == 4 and "även på rad 2" in e.value.meddelande
    # merge keys and overriding them are not duplicates; ordinary aliases are fine
    assert las_yaml_text("m: &m {x: 1, y: 2}\nn:\n  <<: *m\n  x: 3\no: *m\n") == \
        {"m": {"x": 1, "y": 2}, "n": {"x": 3, "y": 2}, "o": {"x": 1, "y": 2}}
    with pytest.raises(YamlFel, match="hänvisar till sig självt"):
        las_yaml_text("a: &a [1, *a]\n")
    with pytest.raises(YamlFel, match="taggen"):
        las_yaml_text("a: !!python/object/apply:os.system [echo hej]\n")


def test_yaml_libyaml_och_python_ger_samma_varden(monkeypatch):
    """libyaml's parser (used where PyYAML has it) gives exactly what the pure-Python
    parser gives for every YAML file of the example's parameters and data, and for the
    cases above; a syntax error is parsed again in Python, so the message is the same."""
    from vbe_lib.parametrar import yamlfil

    if yamlfil._CSafeLoader is None:
        pytest.skip("PyYAML utan libyaml")
    rot = Path(__file__).resolve().parents[1]
    filer = sorted([*rot.glob("parameters/**/*.yml"), *rot.glob("data/**/*.yml")])
    assert len(filer) > 20
    texter = [f.read_text(encoding="utf-8") for f in filer]
    texter += ["m: &m {x: 1, y: 2}\nn:\n  <<: *m\n  x: 3\no: *m\n", "a: 0o17\nb: 1_000\nc: 2021-01-20\nd: ja\ne: ~\n"]
    anrop = []
    original = yamlfil._las
    monkeypatch.setattr(yamlfil, "_las", lambda laddare, *a, **k: (anrop.append(type(laddare)), original(laddare, *a, **k))[1])
    snabb = [las_yaml_text(t) for t in texter]
    assert set(anrop) == {yamlfil._SnabbLaddare}
    monkeypatch.setattr(yamlfil, "_CSafeLoader", None)
    assert snabb == [las_yaml_text(t) for t in texter]
    fel = "a: 1\nb: [1, 2\nc: 3\n"
    with pytest.raises(YamlFel) as python:
        las_yaml_text(fel)
    monkeypatch.undo()
    with pytest.raises(YamlFel) as libyaml:
        las_yaml_text(fel)
    assert (libyaml.value.meddelande, libyaml.value.rad) == (python.value.meddelande, python.value.rad)


def test_aliasbomb_stoppas_utan_att_expanderas():
    rader = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    rader += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    with pytest.raises(YamlFel, match="för stor när dess alias"):
        las_yaml_text("\n".join(rader) + "\n")  # 10^12 values: refused by counting, in no time
    las_yaml_text("\n".join(rader[:4]) + "\n")  # 10^4 values: fine
    assert MAX_NODER >= 10_000


def test_yaml_for_stor_fil_och_inte_utf8(tmp_path):
    p = tmp_path / "x.yml"
    p.write_bytes(b"a: " + b"x" * 200 + b"\n")
    with pytest.raises(YamlFel, match="större än gränsen"):
        las_yaml(p, max_byte=100)
    p.write_bytes("a: 1\nb: Söder\n".encode("cp1252"))
    with pytest.raises(YamlFel) as e:
        las_yaml(p)
    assert e.value.rad == 2 and "UTF-8" in e.value.meddelande


def test_parametrar_dubbel_nyckel_ger_fil_och_rad(tmp_path):
    shutil.copytree(KORPUS / "parametrar_dubbel_nyckel" / "parametrar", tmp_path / "p")
    with pytest.raises(KonfigurationsFel) as e:
        Konfiguration.las(tmp_path / "p")
    assert any("sodermalm.yml, rad " in m and "'namn' förekommer två gånger" in m for m in e.value.meddelanden)


def test_ignorerade_namn(tmp_path):
    d = _kopia(tmp_path, "brott_ignorerat_namn")
    konf = Konfiguration.las(d / "parametrar")
    assert konf.ignoreras("hela  STADEN") and not konf.ignoreras("Södermalm")
    ds = las_data(d, konf, cache=False)
    assert not ds.fel and list(ds.brott["namnd"]) == ["sodermalm"]
    # without the declaration the same rows are errors that stop every committee using the file
    konf2 = Konfiguration.las(ROT / "parameters")
    fel = [p for p in las_data(d, konf2, cache=False).fel if p.fil == "brott.csv"]
    assert [p.rad for p in fel] == [3, 4] and all(p.namnd is None and p.kalla == "brott" for p in fel)


def test_ignorerat_namn_far_inte_vara_en_namnd(tmp_path):
    p = tmp_path / "p"
    shutil.copytree(KORPUS / "brott_ignorerat_namn" / "parametrar", p)
    with open(p / "kommun.yml", "a", encoding="utf-8") as fh:
        fh.write("- Södermalms stadsdelsområde\n")
    with pytest.raises(KonfigurationsFel, match="kan inte ignoreras"):
        Konfiguration.las(p)


# ------------------------------------------------------------------ what a problem stops
def test_okant_namn_stoppar_alla_som_anvander_filen(konf):
    from vbe_lib.cli.rapport import _vagrade

    problem = validera(KORPUS / "brott_okant_namn_stoppar_alla", konf)
    brottsfel = [p for p in problem if p.ar_fel and p.fil == "brott.csv"]
    slugs = [n.slug for n in konf.namnder_planar(2021)] + ["_stad"]
    vagrade = _vagrade(brottsfel, slugs, konf)
    anvander = {n.slug for n in konf.namnder_planar(2021) if "brott" in n.kallor}
    assert set(vagrade) == anvander | {"_stad"}
    assert "arbetsmarknadsnamnden" not in vagrade and "sodermalm" in vagrade and "farsta" in vagrade


def test_rapport_vagrar_nar_forra_arets_aktivitetsfil_ar_tom(tmp_path):
    """A zero-byte activity file for last year: `vbe rapport` refuses the committee with
    exit 1 and the previous published files stay."""
    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app

    _registrera()
    data = _kopia(tmp_path, "aktiviteter_tom_fil_forra_aret")
    (data / "datakalla.yml").write_text("exempeldata: true\n", encoding="utf-8")
    nb = tmp_path / "nb"
    nb.mkdir()
    for typ in ("lagesbild", "uppfoljning", "handlingsplan"):
        shutil.copy(ROT / "tests" / "fixtures" / "notebooks" / "rapport.ipynb", nb / f"{typ}.ipynb")
    gammal = tmp_path / "ut" / "2021" / "sodermalm"
    gammal.mkdir(parents=True)
    (gammal / "uppfoljning-2021-sodermalm.xlsx").write_bytes(b"gammal arbetsbok")
    res = CliRunner().invoke(app, ["rapport", "--ar", "2021", "--namnd", "sodermalm", "--data", str(data),
                                   "--parametrar", str(ROT / "parameters"), "--utdata", str(tmp_path / "ut"),
                                   "--notebooks", str(nb), "--jobb", "1", "--byggdatum", "2021-01-15"])
    assert res.exit_code == 1, res.output
    assert "aktiviteter/2020/sodermalm.csv: filen är tom" in res.output and "Traceback" not in res.output
    assert (gammal / "uppfoljning-2021-sodermalm.xlsx").read_bytes() == b"gammal arbetsbok"


# ------------------------------------------------------------------ XLSX and size limits
def _xlsx(rader) -> bytes:
    wb = openpyxl.Workbook()
    for r in rader:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_deklarerad_dimension_ignoreras_minnet_racker(tmp_path):
    """The 5 kB workbook that declares A1:XFD1048576, read in a child process whose
    address space is limited to 1.5 GB (the old reader needed several GB)."""
    fil = KORPUS / "brott_xlsx_full_dimension" / "brott.xlsx"
    kod = ("import resource; resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20)); "
           "from vbe_lib.indata.lasning import read_table; "
           f"df, p = read_table({str(fil)!r}); print(len(df), len(df.columns), len(p))")
    r = subprocess.run([sys.executable, "-c", kod], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split() == ["2", "4", "0"]


def test_zipbomb_i_aktivitetsfil(tmp_path):
    f = tmp_path / "sodermalm.xlsx"
    data = bytearray(_xlsx([["Id", "Grupp", "Aktivitet"], ["A-1", "Förebyggande", "Ett"]]))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in zin.infolist():
            zout.writestr(i, zin.read(i.filename))
        zout.writestr("xl/media/fyllnad.bin", b"\0" * (aktiviteter.GRANS.max_uppackat + 1))
    f.write_bytes(buf.getvalue())
    assert f.stat().st_size < 1024 * 1024
    lista = aktiviteter.las_aktiviteter(f, namnd="sodermalm", planar=2021)
    assert len(lista.df) == 0 and "packas upp till" in str(lista.problem[0])


def test_storleksgrans_per_kalla(tmp_path, konf, monkeypatch):
    import dataclasses

    from vbe_lib.indata import scheman

    d = tmp_path / "d"
    d.mkdir()
    (d / "brott.csv").write_text("Område,År,Brottskategori,Antal\n" + "Södermalm,2020,Hets mot folkgrupp,1\n" * 50,
                                 encoding="utf-8")
    liten = dataclasses.replace(scheman.KALLOR["brott"], grans=Grans(max_byte=1000))
    monkeypatch.setitem(scheman.KALLOR, "brott", liten)
    ds = las_data(d, konf, cache=False)
    fel = [str(p) for p in ds.fel if p.fil == "brott.csv"]
    assert fel == ["brott.csv: filen är 2 kB – större än gränsen 1 kB för den här källan; kontrollera att det är "
                   "rätt fil eller dela upp den."]
    _, prob = read_table(d / "brott.csv", grans=Grans(max_rader=10))
    assert "fler än 10 rader" in str(prob[0])


def test_minnesfel_blir_ett_svenskt_meddelande(tmp_path, konf, monkeypatch):
    def slut(*a, **k):
        raise MemoryError

    p = tmp_path / "brott.csv"
    p.write_text("Område,År\nSödermalm,2020\n", encoding="utf-8")
    monkeypatch.setattr(lasning, "las_csv", slut)
    df, prob = read_table(p)
    assert len(df) == 0 and str(prob[0]).startswith("brott.csv: filen kunde inte läsas eftersom minnet tog slut")
    f = tmp_path / "sodermalm.csv"
    f.write_text("Id;Grupp;Aktivitet\nA;B;C\n", encoding="utf-8")
    monkeypatch.setattr(lasning, "las_csv_text", slut)
    lista = aktiviteter.las_aktiviteter(f, namnd="sodermalm")
    assert "minnet tog slut" in str(lista.problem[0]) and lista.problem[0].namnd == "sodermalm"


def test_olasbar_fil_ar_ett_fel(tmp_path, konf):
    d = tmp_path / "d"
    (d / "aktiviteter" / "2020").mkdir(parents=True)
    (d / "aktiviteter" / "2020" / "sodermalm.csv").mkdir()  # not a file: cannot be read
    (d / "brott.csv").mkdir()
    ds = las_data(d, konf, cache=False)
    assert any(p.fil == "brott.csv" and p.ar_fel for p in ds.problem)
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        f = d / "aktiviteter" / "2020" / "farsta.csv"
        f.write_text("Id;Grupp;Aktivitet\n", encoding="utf-8")
        f.chmod(0)
        assert any("farsta.csv" in p.fil and "behörighet" in str(p) for p in validera(d, konf, 2021))
