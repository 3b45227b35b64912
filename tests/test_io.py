"""Tests of the tolerant reader (vbe_lib.indata.lasning)."""
from __future__ import annotations

import datetime as dt
import string

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vbe_lib.parametrar import vocab
from vbe_lib.indata.lasning import folda_rubrik, read_table, tolka_datum, tolka_decimal, tolka_heltal, tolka_janej
from vbe_lib.indata.problem import Problem


# ------------------------------------------------------------------ headers and values
@pytest.mark.parametrize("raw, folded", [
    ("Fråga-id", "fraga_id"),
    ("  Antal tillfrågade ", "antal_tillfragade"),
    ("MILJÖ", "miljo"),
    ("Händelse / typ", "handelse_typ"),
    ("Antal\u00a0anställda", "antal_anstallda"),
    ("a -- b", "a_b"),
    ("Område", "omrade"),
])
def test_folda_rubrik(raw, folded):
    assert folda_rubrik(raw) == folded


@pytest.mark.parametrize("s, v", [("12", 12), ("1 700", 1700), ("1\u00a0700", 1700), ("1\u202f700", 1700),
                                  ("-3", -3), ("\u22123", None), ("12,0", 12), ("", None), ("  7 ", 7)])
def test_tolka_heltal(s, v):
    if s == "\u22123":
        assert tolka_heltal("\u22123") == -3
    else:
        assert tolka_heltal(s) == v


@pytest.mark.parametrize("s", ["2,5", "abc", "1.2.3", "12a", "--1"])
def test_tolka_heltal_fel(s):
    with pytest.raises(ValueError):
        tolka_heltal(s)


def test_tolka_decimal():
    assert tolka_decimal("3,07") == pytest.approx(3.07)
    assert tolka_decimal("3.07") == pytest.approx(3.07)
    assert tolka_decimal("1 700,5") == pytest.approx(1700.5)
    assert tolka_decimal("44 %", procent=True) == 44.0
    assert tolka_decimal("") is None
    with pytest.raises(ValueError):
        tolka_decimal("44 %")
    with pytest.raises(ValueError):
        tolka_decimal("tre")


def test_tolka_datum():
    assert tolka_datum("2020-03-05") == dt.date(2020, 3, 5)
    assert tolka_datum("2020-03-05 13:45") == dt.date(2020, 3, 5)
    assert tolka_datum("2020-03-05T13:45:10") == dt.date(2020, 3, 5)
    assert tolka_datum("") is None
    for fel in ("5/3/2020", "2020-02-30", "2020-13-01", "igår", "2020-03-05 25:00"):
        with pytest.raises(ValueError):
            tolka_datum(fel)


def test_tolka_janej():
    assert tolka_janej("Ja") == "ja"
    assert tolka_janej(" NEJ ") == "nej"
    assert tolka_janej("Vet ej") == "vet_ej"
    # other spellings only through the municipality's vocabulary (parameters/ordlistor/janej.yml)
    with pytest.raises(ValueError):
        tolka_janej("vet inte")
    assert tolka_janej("vet inte", vocab.JANEJ.med({"vet inte": "vet_ej"})) == "vet_ej"
    assert tolka_janej("") is None
    with pytest.raises(ValueError):
        tolka_janej("kanske")


# ------------------------------------------------------------------ read_table
TEXT = "Område,År,Antal\nSödermalm,2020,30\n Bromma , 2019 ,\"1 700\"\n"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "cp1252"])
def test_read_csv_varianter(tmp_path, sep, enc):
    p = tmp_path / "brott.csv"
    text = TEXT.replace(",", sep).replace('"1 700"', "1 700") if sep != "," else TEXT
    p.write_bytes(text.replace("\n", "\r\n").encode(enc))
    df, prob = read_table(p)
    assert prob == []
    assert list(df.columns) == ["omrade", "ar", "antal"]
    assert df.attrs["rubriker"]["omrade"] == "Område"
    assert df.loc[2, "omrade"] == "Södermalm"
    assert df.loc[3].tolist() == ["Bromma", "2019", "1 700"]
    assert list(df.index) == [2, 3]


def test_read_tomma_rader_behaller_radnummer(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("A;B\n1;2\n;\n\n3;4\n;;\n", encoding="utf-8")
    df, prob = read_table(p)
    assert prob == []
    assert list(df.index) == [2, 5]
    assert df.loc[5, "a"] == "3"


def test_read_for_manga_falt(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("A,B\n1,2\n3,4,5\n6,7,,\n", encoding="utf-8")
    df, prob = read_table(p)
    assert list(df.index) == [2, 4]
    assert len(prob) == 1 and prob[0].rad == 3 and "3 fält" in str(prob[0])


def test_read_citerade_falt(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text('Nämnd;Text\nSödermalm;"ett; två\ntre"\n', encoding="utf-8")
    df, prob = read_table(p)
    assert prob == []
    assert df.loc[2, "text"] == "ett; två\ntre"


@pytest.mark.parametrize("innehall, text", [
    (b"", "filen är tom"),
    (b"   \n\n", "filen är tom"),
    (b"\x00\x01\x02\xff" * 100, "inte en textfil"),
    (b"PK\x03\x04trasig zip", "Excel-filen kunde inte läsas"),
])
def test_read_oanvandbara_filer(tmp_path, innehall, text):
    p = tmp_path / "brott.csv"
    p.write_bytes(innehall)
    df, prob = read_table(p)
    assert len(df) == 0
    assert len(prob) == 1 and prob[0].allvarlighet == "fel"
    assert text in str(prob[0])
    assert str(prob[0]).startswith("brott.csv: ")


def test_read_bara_rubrik(tmp_path):
    p = tmp_path / "brott.csv"
    p.write_text("Område,År,Antal\n", encoding="utf-8")
    df, prob = read_table(p)
    assert list(df.columns) == ["omrade", "ar", "antal"] and len(df) == 0
    assert prob[0].allvarlighet == "varning"


def test_read_saknad_fil(tmp_path):
    df, prob = read_table(tmp_path / "finns_inte.csv")
    assert len(df) == 0 and "kunde inte läsas" in str(prob[0])


def test_read_dubbel_rubrik(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("Antal,ANTAL\n1,2\n", encoding="utf-8")
    df, prob = read_table(p)
    assert list(df.columns) == ["antal"] and df.loc[2, "antal"] == "1"
    assert "två gånger" in str(prob[0])


def _xlsx(path, blad):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for namn, rader in blad.items():
        ws = wb.create_sheet(namn)
        for r in rader:
            ws.append(r)
    wb.save(path)


def test_read_xlsx(tmp_path):
    p = tmp_path / "brott.xlsx"
    _xlsx(p, {"Första": [["Område ", "År", "Antal", "Datum", "Andel"],
                         ["Södermalm", 2020, 30, dt.datetime(2020, 3, 5), 3.5],
                         [None, None, None, None, None],
                         ["Bromma", 2019, None, dt.datetime(2020, 3, 5, 13, 45), True]],
              "Andra": [["X"], ["y"]]})
    df, prob = read_table(p)
    assert prob == []
    assert list(df.columns) == ["omrade", "ar", "antal", "datum", "andel"]
    assert df.loc[2].tolist() == ["Södermalm", "2020", "30", "2020-03-05", "3.5"]
    assert df.loc[4].tolist() == ["Bromma", "2019", "", "2020-03-05 13:45", "Ja"]
    df2, prob2 = read_table(p, sheet="Andra")
    assert prob2 == [] and df2.loc[2, "x"] == "y"
    _, prob3 = read_table(p, sheet="Tredje")
    assert 'bladet "Tredje" finns inte' in str(prob3[0])


def test_read_xlsx_med_csv_namn(tmp_path):
    p = tmp_path / "brott.csv"
    _xlsx(p, {"Blad1": [["Område", "Antal"], ["Södermalm", 3]]})
    df, prob = read_table(p)
    assert prob == [] and df.loc[2, "antal"] == "3"


# ------------------------------------------------------------------ property-based
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_read_table_slumpbytes(tmp_path, data):
    for namn in ("x.csv", "x.xlsx"):
        p = tmp_path / namn
        p.write_bytes(data)
        df, prob = read_table(p)
        assert all(isinstance(x, Problem) for x in prob)
        for x in prob:
            str(x)
        assert all(df[c].map(lambda v: isinstance(v, str)).all() for c in df.columns)


_cell = st.text(alphabet=string.ascii_letters + string.digits + " åäöÅÄÖ,;\t\"'-/%\u00a0\r\n", max_size=12)
_rubrik = st.sampled_from(["Område", " område ", "ÅR", "År", "Antal", "antal ", "Brottskategori", "Fråga-id",
                           "Nämnd", "Miljö", "", "x/y", "Antal tillfrågade"])


@st.composite
def csv_filer(draw):
    sep = draw(st.sampled_from([",", ";", "\t"]))
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    ncol = draw(st.integers(1, 6))
    rubriker = [draw(_rubrik) for _ in range(ncol)]
    rader = draw(st.lists(st.lists(_cell, min_size=0, max_size=ncol + 2), max_size=8))
    nl = draw(st.sampled_from(["\n", "\r\n"]))

    def rad(celler):
        return sep.join('"' + c.replace('"', '""') + '"' if any(x in c for x in f'{sep}"\r\n') else c
                        for c in celler)

    text = nl.join([rad(rubriker)] + [rad(r) for r in rader]) + nl
    return text.encode(enc, errors="replace")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=csv_filer())
def test_read_table_slumpcsv(tmp_path, data):
    p = tmp_path / "x.csv"
    p.write_bytes(data)
    df, prob = read_table(p)
    assert all(isinstance(x, Problem) for x in prob)
    assert all(isinstance(i, int) and i >= 2 for i in df.index)
    assert all(df[c].map(lambda v: isinstance(v, str) and v == v.strip()).all() for c in df.columns)


@pytest.mark.parametrize("dtype", [None, object, "str"])
def test_per_varde_ger_samma_serie_som_map_med_ett_anrop_per_varde(dtype):
    """per_varde is s.map with the function called once per distinct value: same values,
    dtype and index (bool checks, floats with missing, strings, dates), for short and long
    columns."""
    import pandas as pd

    from vbe_lib.indata.lasning import per_varde

    celler = ["3", "", "2,5", "3", "ja", "2021-03-01"] * 20
    fall = [
        lambda v: v != "",
        lambda v: tolka_decimal(v, procent=True) if v not in ("ja", "2021-03-01") else None,
        lambda v: tolka_janej(v) if v in ("", "ja") else None,
        lambda v: tolka_datum(v) if v == "2021-03-01" else None,
    ]
    for n in (5, len(celler)):
        s = pd.Series(celler[:n], index=range(7, 7 + n), dtype=dtype, name="kol")
        for f in fall:
            anrop: list[object] = []

            def raknad(v, f=f):
                anrop.append(v)
                return f(v)

            pd.testing.assert_series_equal(per_varde(s, raknad), s.map(f))
            if n > 32:
                assert len(anrop) == len(set(celler))
