"""analysis.brott: yearly series, NA vs 0, predecessors, key figures."""
import pandas as pd
import pytest

from vbe_lib.analys import brott
from vbe_lib.analys.saknas import Del, Saknad

# Södermalm, hets mot folkgrupp 2010–2020 (seed 002): 11 in 2011, 40 in 2018,
# more than doubled 2016 → 2017, 25 → 30 from 2019 to 2020.
SODER = {2010: 14, 2011: 11, 2012: 15, 2013: 19, 2014: 17, 2015: 16, 2016: 12,
         2017: 26, 2018: 40, 2019: 25, 2020: 30}


def _brott(rows):
    df = pd.DataFrame(rows, columns=["namnd", "ar", "kategori", "antal"])
    df["antal"] = df["antal"].astype("Int64")
    return df


@pytest.fixture
def soder():
    return _brott([("sodermalm", a, "hets_mot_folkgrupp", v) for a, v in SODER.items()]
                  + [("sodermalm", 2020, "hogmalsbrott", 0), ("kungsholmen", 2020, "hets_mot_folkgrupp", 99)])


def test_serie_columns_and_values(soder):
    s = brott.serie(soder, ["sodermalm"])
    assert list(s.columns) == ["ar", "antal", "forandring", "forandring_procent", "saknas"]
    assert set(s["saknas"]) == {()}
    assert str(s["antal"].dtype) == "Int64" and str(s["forandring"].dtype) == "Int64"
    assert list(s["ar"]) == list(range(2010, 2021))
    assert s["antal"].tolist() == list(SODER.values())
    last = s.iloc[-1]
    assert last["forandring"] == 5 and last["forandring_procent"] == pytest.approx(0.2)
    assert pd.isna(s["forandring"].iloc[0])


def test_nyckeltal_seed(soder):
    k = brott.nyckeltal(brott.serie(soder, ["sodermalm"]))
    assert (k["senaste_ar"], k["senaste"], k["foregaende"], k["forandring"]) == (2020, 30, 25, 5)
    assert k["procent"] == pytest.approx(0.2)
    assert k["hogsta"] == (2018, 40) and k["lagsta"] == (2011, 11)
    assert [(a, b) for a, b, _ in k["fordubblingar"]] == [(2016, 2017)]
    assert k["fordubblingar"][0][2] == pytest.approx(26 / 12)
    assert (k["ar_fran"], k["ar_till"], k["antal_ar"]) == (2010, 2020, 11)
    assert k["forsta_gangen"] is False


def test_ties_take_earliest_year():
    df = _brott([("a", 2015, "hets_mot_folkgrupp", 5), ("a", 2016, "hets_mot_folkgrupp", 9),
                 ("a", 2017, "hets_mot_folkgrupp", 5), ("a", 2018, "hets_mot_folkgrupp", 9)])
    k = brott.nyckeltal(brott.serie(df, ["a"]))
    assert k["hogsta"] == (2016, 9) and k["lagsta"] == (2015, 5)


def test_sum_over_predecessors_na_vs_zero():
    # merged district: predecessors until 2020, successor from 2020
    df = _brott([
        ("hl", 2018, "hets_mot_folkgrupp", 4), ("al", 2018, "hets_mot_folkgrupp", pd.NA),
        ("hl", 2019, "hets_mot_folkgrupp", pd.NA), ("al", 2019, "hets_mot_folkgrupp", pd.NA),
        ("hl", 2020, "hets_mot_folkgrupp", 0), ("al", 2020, "hets_mot_folkgrupp", 0),
        ("ha", 2020, "hets_mot_folkgrupp", 3), ("ha", 2022, "hets_mot_folkgrupp", 0),
    ])
    s = brott.serie(df, ["ha", "hl", "al"], till_ar=2023)
    assert list(s["ar"]) == [2018, 2019, 2020, 2021, 2022, 2023]
    vals = s["antal"].tolist()
    assert pd.isna(vals[0])        # one part NA, the other 4 -> NA (never 4: the blank is not zero)
    assert s["saknas"].iloc[0] == (Saknad("al", 2018),)
    assert pd.isna(vals[1])        # every part NA -> NA
    assert vals[2] == 3            # 0 + 0 + 3
    assert pd.isna(vals[3])        # no row at all -> NA, not 0
    assert vals[4] == 0            # zero stays zero
    assert pd.isna(vals[5])
    assert pd.isna(s["forandring"].iloc[3]) and pd.isna(s["forandring"].iloc[4])
    # change from 0 has no percentage
    df2 = _brott([("a", 2019, "hets_mot_folkgrupp", 0), ("a", 2020, "hets_mot_folkgrupp", 2)])
    s2 = brott.serie(df2, "a")
    assert s2["forandring"].iloc[1] == 2 and pd.isna(s2["forandring_procent"].iloc[1])
    k = brott.nyckeltal(s2)
    assert k["procent"] is None and k["forsta_gangen"] is True


def test_empty_and_unknown():
    df = _brott([("a", 2020, "hets_mot_folkgrupp", 1)])
    assert len(brott.serie(df, ["x"])) == 0
    s = brott.serie(df, ["x"], till_ar=2020)
    assert len(s) == 1 and pd.isna(s["antal"].iloc[0])
    k = brott.nyckeltal(brott.serie(df, ["x"]))
    assert k["senaste"] is None and k["hogsta"] is None and k["fordubblingar"] == []
    k2 = brott.nyckeltal(s)
    assert k2["senaste_ar"] == 2020 and k2["senaste"] is None and k2["hogsta"] is None


def test_kategorier_ar(soder):
    k = brott.kategorier_ar(soder, ["sodermalm"], 2020)
    assert k["kategori"].tolist() == ["hets_mot_folkgrupp", "hogmalsbrott", "terroristbrott"]
    assert k["etikett"].tolist()[0] == "Hets mot folkgrupp"
    assert k["antal"].iloc[0] == 30 and k["antal"].iloc[1] == 0 and pd.isna(k["antal"].iloc[2])


def test_sammankomster():
    df = pd.DataFrame({"namnd": ["s"] * 4, "ar": [2019, 2019, 2020, 2020],
                       "tillstand": ["tillstand", "utan_tillstand", "tillstand", "utan_tillstand"],
                       "antal": pd.array([70, 2, 62, pd.NA], dtype="Int64")})
    s = brott.sammankomster(df, ["s"], "tillstand")
    assert s["antal"].tolist() == [70, 62] and s["forandring"].iloc[1] == -8
    alla = brott.sammankomster(df, ["s"])
    # both kinds summed: 2020 has an empty cell, so the sum is missing (never 62)
    assert alla["antal"].iloc[0] == 72 and pd.isna(alla["antal"].iloc[1])
    assert alla["saknas"].iloc[1] == (Saknad("ej tillståndsgiven", 2020),)
    ar = brott.sammankomster_ar(df, ["s"], 2020)
    assert ar["antal"].iloc[0] == 62 and pd.isna(ar["antal"].iloc[1])
    assert ar["etikett"].tolist() == ["Tillståndsgiven", "Ej tillståndsgiven"]


def test_predecessor_without_row_in_a_whole_year_is_a_missing_part():
    """With the parts' validity, a predecessor that existed all of 2019 but has no row
    makes the 2019 sum missing; in 2020 (merger on 1 July) the new committee's row is
    enough."""
    import datetime as dt

    delar = [Del("ha", "Hägersten-Älvsjö", dt.date(2020, 7, 1)),
             Del("hl", "Hägersten-Liljeholmen", giltig_till=dt.date(2020, 6, 30)),
             Del("al", "Älvsjö", giltig_till=dt.date(2020, 6, 30))]
    df = _brott([("hl", 2018, "hets_mot_folkgrupp", 4), ("al", 2018, "hets_mot_folkgrupp", 2),
                 ("hl", 2019, "hets_mot_folkgrupp", 5), ("ha", 2020, "hets_mot_folkgrupp", 3)])
    s = brott.serie(df, ["ha", "hl", "al"], delar=delar)
    assert s["antal"].iloc[0] == 6 and pd.isna(s["antal"].iloc[1]) and s["antal"].iloc[2] == 3
    assert s["saknas"].iloc[1] == (Saknad("Älvsjö", 2019),)
    k = brott.nyckeltal(s)
    assert k["saknas"] == (Saknad("Älvsjö", 2019),) and k["saknas_foregaende"] == (Saknad("Älvsjö", 2019),)
    assert pd.isna(s["forandring"].iloc[1]) and pd.isna(s["forandring"].iloc[2])
