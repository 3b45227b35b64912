"""analysis.webb: completed, in progress, share of staff where known."""
import pandas as pd
import pytest

from vbe_lib.analys import webb


@pytest.fixture
def df():
    return pd.DataFrame({
        "namnd": ["sodermalm", "sodermalm", "utbildningsnamnden", "utbildningsnamnden"],
        "ar": [2019, 2020, 2020, 2020],
        "forvaltning": [None, None, "Grundskola", "Gymnasium"],
        "genomforda": pd.array([100, 152, 40, 10], dtype="Int64"),
        "pagaende": pd.array([90, 157, 5, 1], dtype="Int64"),
        "anstallda": pd.array([pd.NA, pd.NA, 200, pd.NA], dtype="Int64"),
    })


def test_sodermalm_seed(df):
    k = webb.nyckeltal(df, ["sodermalm"], 2020)
    assert k == {"ar": 2020, "genomforda": 152, "pagaende": 157, "anstallda": None,
                 "andel_genomforda": None, "andel_pagaende": None}
    assert webb.per_ar(df, "sodermalm")["genomforda"].tolist() == [100, 152]


def test_share_only_where_staff_known(df):
    p = webb.per_forvaltning(df, "utbildningsnamnden", 2020)
    assert p["forvaltning"].tolist() == ["Grundskola", "Gymnasium"]
    assert p["andel_genomforda"].iloc[0] == pytest.approx(0.2) and pd.isna(p["andel_genomforda"].iloc[1])
    k = webb.nyckeltal(df, "utbildningsnamnden", 2020)
    assert k["genomforda"] == 50 and k["anstallda"] is None and k["andel_genomforda"] is None
    k2 = webb.nyckeltal(df.iloc[:3], "utbildningsnamnden", 2020)
    assert k2["anstallda"] == 200 and k2["andel_genomforda"] == pytest.approx(0.2)


def test_missing_year(df):
    k = webb.nyckeltal(df, "sodermalm", 2021)
    assert k["genomforda"] is None and k["pagaende"] is None
