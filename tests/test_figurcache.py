"""The preview's chart cache (vbe_lib.presentation.figurcache): an unchanged chart is not
drawn again and has the same bytes as a fresh drawing; any change of its data draws it;
without the environment variable nothing is cached."""
from __future__ import annotations

import pandas as pd
import pytest

from vbe_lib.presentation import charts, figurcache


@pytest.fixture
def ritningar(monkeypatch):
    """Counts the charts actually drawn."""
    antal = []
    spara = charts._spara

    def raknad(fig, kalla):
        antal.append(kalla)
        return spara(fig, kalla)

    monkeypatch.setattr(charts, "_spara", raknad)
    return antal


def _serie(sista=30):
    return pd.DataFrame({"ar": [2018, 2019, 2020], "antal": [12, pd.NA, sista]})


def test_utan_miljovariabel_ritas_allt_och_inget_sparas(ritningar, tmp_path, monkeypatch):
    monkeypatch.delenv(figurcache.MILJO, raising=False)
    a = charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    b = charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    assert a.png == b.png and len(ritningar) == 2


def test_oforandrat_diagram_hamtas_med_samma_bytes(ritningar, tmp_path, monkeypatch):
    monkeypatch.delenv(figurcache.MILJO, raising=False)
    farsk = charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    monkeypatch.setenv(figurcache.MILJO, str(tmp_path / "figurer"))
    forsta = charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    andra = charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    assert len(ritningar) == 2, "the second call with the cache on is not drawn"
    assert forsta.png == andra.png == farsk.png
    assert forsta == andra
    assert len(list((tmp_path / "figurer").glob("*.png"))) == 1


@pytest.mark.parametrize("andring", [
    lambda: ((_serie(31), "anmälda brott", "Fiktiv källa"), {}),                       # one value
    lambda: ((_serie().astype({"antal": "Int64"}), "anmälda brott", "Fiktiv källa"), {}),  # dtype
    lambda: ((_serie(), "anmälda brott", "Annan källa"), {}),                          # the source line
    lambda: ((_serie(), "anmälda brott", "Fiktiv källa"), {"y_etikett": "Antal brott"}),
    lambda: ((_serie().rename(columns={"antal": "n"}), "anmälda brott", "Fiktiv källa"), {"varde": "n"}),
])
def test_varje_andring_ritas_om(ritningar, tmp_path, monkeypatch, andring):
    monkeypatch.setenv(figurcache.MILJO, str(tmp_path / "figurer"))
    charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    args, kwargs = andring()
    ny = charts.tidsserie(*args, **kwargs)
    assert len(ritningar) == 2
    monkeypatch.delenv(figurcache.MILJO)
    assert ny.png == charts.tidsserie(*args, **kwargs).png


def test_andrad_installning_ritas_om(ritningar, tmp_path, monkeypatch):
    import matplotlib

    monkeypatch.setenv(figurcache.MILJO, str(tmp_path / "figurer"))
    charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    with matplotlib.rc_context({"lines.linewidth": 3.0}):
        charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    assert len(ritningar) == 2


def test_trasig_post_och_obeskrivbart_argument_ritas(ritningar, tmp_path, monkeypatch):
    kat = tmp_path / "figurer"
    monkeypatch.setenv(figurcache.MILJO, str(kat))
    a = charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    (post,) = kat.glob("*.png")
    post.write_bytes(b"<html>inte en bild</html>")
    b = charts.tidsserie(_serie(), "anmälda brott", "Fiktiv källa")
    assert b.png == a.png and len(ritningar) == 2
    with pytest.raises(figurcache._EjNyckel):
        figurcache.nyckel(charts.tidsserie, (object(),), {})


def test_rensa_behaller_de_nyaste(tmp_path):
    import os

    for i in range(5):
        p = tmp_path / f"{i}.png"
        p.write_bytes(b"x")
        os.utime(p, (1000 + i, 1000 + i))
    (tmp_path / ".tmp-1-ab").write_bytes(b"x")
    assert figurcache.rensa(tmp_path, hogst=2) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["3.png", "4.png"]
