"""Example activity files: deterministic, realistic, covering every committee and year."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from vbe_lib.exempeldata import aktiviteter as exempel
from vbe_lib.indata.aktiviteter import las_namnd
from vbe_lib.parametrar.konfiguration import Konfiguration

ROT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def genererad(tmp_path_factory):
    konf = Konfiguration.las(ROT / "parameters")
    ut = tmp_path_factory.mktemp("akt")
    return konf, ut, exempel.generera(ut, konf, 2021)


def test_byte_identiska_med_incheckade_filer(genererad):
    """Regenerating with the default seed gives exactly the committed files."""
    konf, ut, filer = genererad
    incheckade = sorted((ROT / "data" / "aktiviteter").glob("*/*.xlsx"))
    assert [f.relative_to(ut / "aktiviteter") for f in filer] == \
        [f.relative_to(ROT / "data" / "aktiviteter") for f in incheckade]
    for ny, gammal in zip(filer, incheckade):
        assert ny.read_bytes() == gammal.read_bytes(), ny


def test_innehall(genererad):
    konf, ut, _ = genererad
    listor = {(n.slug, ar): las_namnd(ut, n.slug, ar, konf) for ar in range(2018, 2026)
              for n in konf.namnder_planar(ar)}
    assert all(v is not None for v in listor.values())
    problem = [p for v in listor.values() for p in v.problem]
    assert not [p for p in problem if p.ar_fel], [str(p) for p in problem if p.ar_fel][:5]
    # free wordings are read through Stockholm's vocabulary (parameters/ordlistor/statusar.yml)
    fria = Counter(t.varde for v in listor.values() for t in v.tolkningar if t.kolumn == "Status")
    assert {"Påbörjad och pågående", "Genomförs löpande"} <= set(fria)
    for (slug, ar), lista in listor.items():
        df = lista.df
        assert 4 <= len(df) <= (6 if slug == exempel.LUGN_NAMND else 16), (slug, ar, len(df))
        if ar <= 2024:
            assert df["status"].notna().all(), (slug, ar)
        else:
            assert df["status"].isna().all() and (df["kommentar"] == "").all()
    assert sum(len(v.df) for (s, _), v in listor.items() if s == exempel.LUGN_NAMND) / 8 < 6
    # a specialist committee with its own groups (seed 003)
    egen = listor[(exempel.EGNA_GRUPPER_NAMND, 2022)].df
    assert set(egen["grupp"]) <= set(exempel._EGNA) and egen["grupp_nyckel"].isna().all()
    # unfinished activities carry over with stable ids, done ones do not
    for n in konf.namnder_planar(2022):
        fore, nu = listor[(n.slug, 2022)].df, listor.get((n.slug, 2023))
        nu = nu.df if nu is not None else None
        if n.finns_planar(2023):
            ofardiga = set(fore.loc[~fore["status"].isin(["genomford", "installd"]), "id"])
            assert ofardiga == set(nu["id"]) & set(fore["id"])
            assert ofardiga <= set(nu["id"])
    # merged committees: Järva 2024 carries Rinkeby-Kista's and Spånga-Tensta's activities
    jarva = listor[("jarva", 2024)].df
    assert any(i.startswith("RIN-") for i in jarva["id"]) or any(i.startswith("SPÅ-") for i in jarva["id"])


def test_markt_som_fiktiva(genererad):
    from openpyxl import load_workbook

    _, ut, filer = genererad
    wb = load_workbook(filer[0], read_only=True)
    try:
        assert wb.sheetnames == ["Aktiviteter", "Om filen"]
        assert "Fiktiva exempeldata" in " ".join(str(r[0]) for r in wb["Om filen"].iter_rows(values_only=True))
        assert wb.properties.subject == "Fiktiva exempeldata"
    finally:
        wb.close()
