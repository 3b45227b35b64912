"""`vbe revidera`: carry unfinished activities into next year's plan."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vbe_lib.render.xlsx import skriv_aktivitetsfil
from vbe_lib.indata.aktiviteter import las_namnd, ram
from vbe_lib.indata.revidera import overfor, revidera
from vbe_lib.cli import _registrera, app
from vbe_lib.parametrar.konfiguration import Konfiguration

ROT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def konf():
    return Konfiguration.las(ROT / "parameters")


def _plan(data: Path, slug: str, ar: int, rader) -> Path:
    df = ram([{"id": i, "grupp": "Förebyggande aktiviteter", "aktivitet": f"Aktivitet {i}", "ansvarig": "Samordnare",
               "tidplan": str(ar), "status": s, "kommentar": k, "ursprung": u, "historik": h}
              for i, s, k, u, h in rader])
    return skriv_aktivitetsfil(df, data / "aktiviteter" / str(ar) / f"{slug}.xlsx", dt.date(ar, 2, 1),
                               [f"Test {slug} {ar}"])


def _kor(*args):
    _registrera()
    return CliRunner().invoke(app, ["revidera", *args])


def test_overfor_regler():
    df = ram([
        {"id": "A", "status": "genomford", "kommentar": "Klart", "historik": ""},
        {"id": "B", "status": "pagaende", "kommentar": "Fortsätter", "ursprung": 2019, "historik": "2019: Påbörjad"},
        {"id": "C", "status": None, "kommentar": "", "historik": ""},
        {"id": "D", "status": "installd", "kommentar": "", "historik": ""},
        {"id": "E", "status": "ej_paborjad", "kommentar": "", "historik": ""},
    ])
    kvar, klara = overfor(df, 2021)
    assert kvar["id"].tolist() == ["B", "C", "E"] and klara["id"].tolist() == ["A", "D"]
    assert kvar["status"].tolist() == [None, None, None] and kvar["kommentar"].tolist() == ["", "", ""]
    assert kvar["ursprung"].tolist() == [2019, 2021, 2021]
    assert kvar["historik"].tolist() == ["2019: Påbörjad\n2021: Pågående – Fortsätter", "2021: ingen status",
                                         "2021: Ej påbörjad"]


def test_cli_for_over_och_vagrar_skriva_over(tmp_path, konf):
    _plan(tmp_path, "sodermalm", 2025, [
        ("SÖD-2025-01", "genomford", "Klart", None, ""),
        ("SÖD-2024-03", "pagaende", "Fortsätter", 2024, "2024: Påbörjad – Planering"),
        ("SÖD-2025-02", None, "", None, ""),
        ("SÖD-2025-03", "installd", "Ersatt", None, ""),
    ])
    r = _kor("--ar", "2025", "--namnd", "Södermalm", "--data", str(tmp_path), "--parametrar", str(ROT / "parameters"))
    assert r.exit_code == 0, r.output
    assert "Södermalms stadsdelsnämnd: 2 aktiviteter från handlingsplan 2025 fördes över" in r.output
    assert "2 genomförda eller inställda lämnades" in r.output
    ny = las_namnd(tmp_path, "sodermalm", 2026)
    assert ny is not None and not ny.problem, [str(p) for p in ny.problem]
    assert ny.df["id"].tolist() == ["SÖD-2024-03", "SÖD-2025-02"]
    assert ny.df["status"].tolist() == [None, None]
    assert ny.df["ursprung"].tolist() == [2024, 2025]
    assert ny.df["historik"].tolist() == ["2024: Påbörjad – Planering\n2025: Pågående – Fortsätter",
                                          "2025: ingen status"]
    fil = tmp_path / "aktiviteter" / "2026" / "sodermalm.xlsx"
    fore = fil.read_bytes()
    r2 = _kor("--ar", "2025", "--namnd", "sodermalm", "--data", str(tmp_path), "--parametrar", str(ROT / "parameters"))
    assert r2.exit_code == 1
    assert "finns redan" in r2.output and "--skriv-over" in r2.output
    assert fil.read_bytes() == fore
    r3 = _kor("--ar", "2025", "--namnd", "sodermalm", "--skriv-over", "--data", str(tmp_path),
              "--parametrar", str(ROT / "parameters"))
    assert r3.exit_code == 0, r3.output


def test_cli_argumentfel(tmp_path):
    r = _kor("--ar", "2025", "--data", str(tmp_path), "--parametrar", str(ROT / "parameters"))
    assert r.exit_code == 2 and "--alla" in r.output
    (tmp_path / "aktiviteter" / "2025").mkdir(parents=True)
    r = _kor("--ar", "2025", "--namnd", "Atlantis", "--data", str(tmp_path), "--parametrar", str(ROT / "parameters"))
    assert r.exit_code == 1 and "okänd nämnd" in r.output and "Atlantis" in r.output
    assert "Traceback" not in r.output


def test_sammanslagna_namnder_for_over_till_efterfoljaren(tmp_path, konf):
    _plan(tmp_path, "hagersten_liljeholmen", 2020, [("HÄGE-2020-01", "pagaende", "", None, "")])
    _plan(tmp_path, "alvsjo", 2020, [("ÄLV-2020-01", "paborjad", "Halvvägs", None, ""),
                                     ("ÄLV-2020-02", "genomford", "", None, "")])
    res = revidera(tmp_path, konf, 2020, ["alvsjo"], byggdatum=dt.date(2020, 12, 1))
    assert [(r.namnd, r.utfall, r.overforda) for r in res] == [("hagersten_alvsjo", "skriven", 2)]
    ny = las_namnd(tmp_path, "hagersten_alvsjo", 2021)
    assert sorted(ny.df["id"]) == ["HÄGE-2020-01", "ÄLV-2020-01"]
    assert "2020 (Älvsjö): Påbörjad – Halvvägs" in ny.df["historik"].tolist()


def test_fel_i_kallfilen_stoppar(tmp_path, konf):
    kat = tmp_path / "aktiviteter" / "2024"
    kat.mkdir(parents=True)
    (kat / "farsta.csv").write_text("Id;Grupp;Aktivitet;Status\nF-1;Förebyggande;X;Halvklar\n", encoding="utf-8")
    (res,) = revidera(tmp_path, konf, 2024, ["farsta"])
    assert res.utfall == "fel" and "Halvklar" in res.text()
    assert not (tmp_path / "aktiviteter" / "2025" / "farsta.xlsx").exists()


def test_revidera_sista_planaret_i_exempeldata(tmp_path, konf):
    """The acceptance check on the example data: all committees, then a refused second run."""
    import shutil

    shutil.copytree(ROT / "data" / "aktiviteter" / "2025", tmp_path / "aktiviteter" / "2025")
    res = revidera(tmp_path, konf, 2025, None, byggdatum=dt.date(2025, 12, 1))
    assert {r.namnd for r in res} == {n.slug for n in konf.namnder_planar(2026)}
    assert all(r.utfall == "skriven" and r.overforda > 0 for r in res)
    andra = revidera(tmp_path, konf, 2025, None)
    assert all(r.utfall == "finns" for r in andra)
