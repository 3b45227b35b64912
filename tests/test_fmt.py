"""fmt: Swedish numbers, percentages, dates and table symbols."""
import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from vbe_lib.presentation import fmt

NB = "\u00a0"


@pytest.mark.parametrize("x, dec, ut", [
    (1700, 0, f"1{NB}700"), (1234567, 0, f"1{NB}234{NB}567"), (83 / 27, 2, "3,07"), (2.9, 2, "2,90"),
    (2.5, 0, "3"), (3.5, 0, "4"), (-17, 0, "\u221217"), (-0.2, 0, "0"), (np.int64(12), 0, "12"),
    (np.float64(2.6), 1, "2,6"), (Decimal("0.125"), 2, "0,13"), (True, 0, "1"),
])
def test_tal(x, dec, ut):
    assert fmt.tal(x, dec) == ut


@pytest.mark.parametrize("x", [None, pd.NA, np.nan, float("nan"), pd.NaT])
def test_missing(x):
    assert fmt.ar_saknas(x)
    assert fmt.tal(x) == ".." and fmt.cell(x) == ".." and fmt.procent(x) == ".." and fmt.datum(x) == ".."


def test_tal_rejects_text_and_inf():
    with pytest.raises(TypeError):
        fmt.tal("12")
    with pytest.raises(ValueError):
        fmt.tal(float("inf"))


def test_procent():
    assert fmt.procent(12 / 27) == f"44{NB}%"
    assert fmt.procent(0.25) == f"25{NB}%"
    assert fmt.procent(1) == f"100{NB}%"
    assert fmt.procent(0.4444, 1) == f"44,4{NB}%"
    assert fmt.procent_forandring(0.2) == f"+20{NB}%"
    assert fmt.procent_forandring(-5 / 30) == f"\u221217{NB}%"
    assert fmt.procent_forandring(0) == f"0{NB}%"


def test_tecken():
    assert [fmt.tecken(x) for x in (23, -4, -28, 0)] == ["+23", "\u22124", "\u221228", "0"]
    assert fmt.tecken(pd.NA) == ".."


def test_datum():
    assert fmt.datum(dt.date(2026, 11, 22)) == "22 november 2026"
    assert fmt.datum("2021-01-05") == "5 januari 2021"
    assert fmt.datum(pd.Timestamp("2020-07-01 12:00")) == "1 juli 2020"
    assert fmt.datum(dt.datetime(2023, 3, 9, 8, 0)) == "9 mars 2023"
    with pytest.raises(TypeError):
        fmt.datum(2023)


def test_cell():
    assert fmt.cell(0) == "\u2013" and fmt.cell(0.0) == "\u2013" and fmt.cell(np.int64(0)) == "\u2013"
    assert fmt.cell(1700) == f"1{NB}700"
    assert fmt.cell(0.4) == "0"                       # rounds to 0 but is not zero
    assert fmt.cell(3.07, 2) == "3,07"
    assert fmt.cell("färre än 3") == "färre än 3"


def test_antal_ord():
    assert fmt.antal_ord(1, "blankett", "blanketter") == "1 blankett"
    assert fmt.antal_ord(3, "blankett", "blanketter") == "3 blanketter"
    assert fmt.antal_ord(0, "blankett", "blanketter") == "0 blanketter"
    assert fmt.antal_ord(1700, "person", "personer") == f"1{NB}700 personer"
    assert fmt.antal_ord(3, "blankett", "blanketter", som_ord=True) == "tre blanketter"
    assert fmt.antal_ord(1, "ärende", "ärenden", som_ord=True, neutrum=True) == "ett ärende"
    assert fmt.antal_ord(13, "enhet", "enheter", som_ord=True) == "13 enheter"
    assert fmt.antal_ord(pd.NA, "enhet", "enheter") == ".. enheter"


def test_ar_intervall():
    assert fmt.ar_intervall(2010, 2020) == "2010\u20132020" and fmt.ar_intervall(2020, 2020) == "2020"
