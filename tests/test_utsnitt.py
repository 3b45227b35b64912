"""Reuse at the level of what a report shows (vbe_lib/bygg/utsnitt.py, planera.py): a
committee's slice of the normalised dataset changes exactly when a row it uses changes,
and whenever a change of another committee's rows alters what its lägesbild prints (the
city-wide IA total, the years a source covers), its hash changes too. In process, on
the example data: no kernels."""
from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

from vbe_lib.bygg.planera import indata_for_namnd, indata_for_rapport
from vbe_lib.bygg.utsnitt import Utsnitt, ar_tabellkalla, rader
from vbe_lib.indata.dataset import las_data
from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.rapporter.lagesbild import Lagesbild

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def grund():
    konf = Konfiguration.las(REPO / "parameters")
    return konf, las_data(REPO / "data", konf, cache=True)


def _med(ds, **ramar):
    d = copy.copy(ds)
    for namn, df in ramar.items():
        setattr(d, namn, df.reset_index(drop=True))
    return d


_VISAT: dict[tuple[int, str], tuple[object, list[str]]] = {}
_UTSNITT: dict[int, tuple[object, Utsnitt]] = {}


def _visat(konf, ds, slug: str) -> list[str]:
    """Everything the committee's lägesbild shows, section by section (cached per dataset)."""
    if (id(ds), slug) not in _VISAT:  # the dataset is kept with it, so that its id stays its own
        _VISAT[(id(ds), slug)] = (ds, _visat_nu(konf, ds, slug))
    return _VISAT[(id(ds), slug)][1]


def _visat_nu(konf, ds, slug: str) -> list[str]:
    lb = Lagesbild.fran(konf, ds, slug, 2021)
    return [d._repr_html_() if hasattr(d, "_repr_html_") else repr(getattr(d, "data", d)) for d in lb.alla_avsnitt()]


def _hash(konf, ds, slug: str) -> dict[str, str]:
    if id(ds) not in _UTSNITT:
        _UTSNITT[id(ds)] = (ds, Utsnitt(ds, konf))
    return _UTSNITT[id(ds)][1].for_namnd(slug)


def test_en_annan_namnds_rad_andrar_inte_hashen(grund):
    konf, ds = grund
    b = ds.brott.copy()
    rad = b.index[(b["namnd"] == "farsta") & (b["ar"] == 2020) & (b["kategori"] == "hets_mot_folkgrupp")][0]
    b.loc[rad, "antal"] = int(b.loc[rad, "antal"]) + 7
    ny = _med(ds, brott=b)
    assert _hash(konf, ny, "sodermalm") == _hash(konf, ds, "sodermalm")
    assert _visat(konf, ny, "sodermalm") == _visat(konf, ds, "sodermalm")  # and it shows nothing of it
    fore, efter = _hash(konf, ds, "farsta"), _hash(konf, ny, "farsta")
    assert fore["brott"] != efter["brott"] and {k for k in fore if fore[k] != efter[k]} == {"brott"}


def test_stadens_ia_summa_i_lagesbilden_ingar_i_hashen(grund):
    """The lägesbild's IA section says "I hela staden gjordes N sådana anmälningar": one
    more IA report in Farsta changes Södermalm's lägesbild, so its hash."""
    konf, ds = grund
    ia = ds.ia
    ny_rad = ia[(ia["namnd"] == "farsta") & (ia["ar"] == 2020)].iloc[[0]]
    ny = _med(ds, ia=pd.concat([ia, ny_rad]))
    assert _visat(konf, ny, "sodermalm") != _visat(konf, ds, "sodermalm")
    assert _hash(konf, ny, "sodermalm") != _hash(konf, ds, "sodermalm")
    # one wrongly flagged more: "varav N var felaktigt markerade"
    ia2 = ia.copy()
    rad = ia2.index[(ia2["namnd"] == "farsta") & (ia2["ar"] == 2020) & ~ia2["felmarkerad"].astype(bool)][0]
    ia2.loc[rad, "felmarkerad"] = True
    ny2 = _med(ds, ia=ia2)
    assert _visat(konf, ny2, "sodermalm") != _visat(konf, ds, "sodermalm")
    assert _hash(konf, ny2, "sodermalm") != _hash(konf, ds, "sodermalm")


@pytest.mark.parametrize("kalla", ["blanketter", "klotter"])
def test_ar_som_kallan_tacker_ingar_i_hashen(grund, kalla):
    """A year the city-wide source covers (a row of any committee) is 0 for a committee
    without rows, not "uppgift saknas": a Farsta row in an earlier year changes what
    Södermalm's lägesbild shows (its series starts earlier), so its hash."""
    konf, ds = grund
    df = getattr(ds, kalla)
    rad = df[df["namnd"] == "farsta"].iloc[[0]].copy()
    forsta = int(pd.to_numeric(df["ar"]).min())
    rad["ar"] = forsta - 1
    rad["datum"] = pd.Timestamp(f"{forsta - 1}-06-01").date() if not hasattr(df["datum"], "dt") \
        else pd.Timestamp(f"{forsta - 1}-06-01")
    ny = _med(ds, **{kalla: pd.concat([df, rad.astype(df.dtypes.to_dict())])})
    if _visat(konf, ny, "sodermalm") != _visat(konf, ds, "sodermalm"):
        assert _hash(konf, ny, "sodermalm") != _hash(konf, ds, "sodermalm")
    assert _hash(konf, ny, "sodermalm")["_stad"] != _hash(konf, ds, "sodermalm")["_stad"]


def test_fackforvaltningens_enheter_i_distriktet_ingar(grund):
    """A district's lägesbild shows the specialist committees' units located in it: an
    answer of such a unit is in the district's slice, not only the owner's."""
    konf, ds = grund
    e = ds.enkat_enheter
    fack = e[(e["ar"] == 2021) & (e["omrade"] == "sodermalm") & (e["namnd"] != "sodermalm")
             & (e["grupp"] == "intern")].iloc[0]
    s = ds.enkat_svar.copy()
    m = (s["ar"] == 2021) & (s["namnd"] == fack["namnd"]) & (s["enhet"] == fack["enhet"]) & (s["matt"] == "kunskapsniva")
    assert m.any()
    s.loc[m, "varde"] = s.loc[m, "varde"].map(lambda v: 1.0 if v != 1.0 else 5.0)
    ny = _med(ds, enkat_svar=s)
    assert _hash(konf, ny, "sodermalm")["enkat_svar"] != _hash(konf, ds, "sodermalm")["enkat_svar"]
    assert _hash(konf, ny, fack["namnd"])["enkat_svar"] != _hash(konf, ds, fack["namnd"])["enkat_svar"]
    assert _hash(konf, ny, "farsta") == _hash(konf, ds, "farsta")


def test_serialiseringen_ar_kanonisk(grund):
    konf, ds = grund
    blandad = _med(ds, brott=ds.brott.sample(frac=1, random_state=3), enkat_svar=ds.enkat_svar.iloc[::-1])
    assert _hash(konf, blandad, "sodermalm") == _hash(konf, ds, "sodermalm")
    df = pd.DataFrame({"b": pd.array([1, None], dtype="Int64"), "a": [0.1, float("nan")], "c": ["x", None]})
    # columns in sorted order, missing as null, floats in a fixed format
    assert sorted(rader(df)) == sorted(['[{"f":"0.10000000000000001"},1,"x"]', '[null,null,null]'])


def test_indata_per_rapporttyp():
    konf = Konfiguration.las(REPO / "parameters")
    indata = {"data/brott.csv": "a", "data/enkat/2021/svar.csv": "b", "data/datakalla.yml": "c",
              "data/brott.kalla.yml": "m", "data/polis/2021/sodermalm.md": "d",
              "data/aktiviteter/2020/sodermalm.xlsx": "f", "data/texter/2021/sodermalm.md": "t",
              "parameters/kommun.yml": "j"}
    egna = indata_for_namnd(indata, "sodermalm", konf)
    assert indata_for_rapport(egna, "lagesbild") == egna
    assert set(indata_for_rapport(egna, "handlingsplan")) == set(egna) - {"data/polis/2021/sodermalm.md"}
    assert set(indata_for_rapport(egna, "uppfoljning")) == {"data/datakalla.yml", "data/brott.kalla.yml",
                                                            "data/aktiviteter/2020/sodermalm.xlsx",
                                                            "parameters/kommun.yml"}
    assert ar_tabellkalla("data/brott.csv") and ar_tabellkalla("data/enkat/2021/svar.csv")
    assert not ar_tabellkalla("data/brott.kalla.yml") and not ar_tabellkalla("data/polis/2021/brott.csv")


def test_forsta_namnden_ger_samma_hash_som_hela_serialiseringen(grund):
    """The first committee sliced serialises only its own rows; from the second on every
    row is serialised once. Both give the same hashes (a district with specialist
    administrations' units in it, a merged committee, a specialist committee)."""
    konf, ds = grund
    for slug in ("sodermalm", "norra_innerstaden", "socialnamnden"):
        if slug not in konf.namnder:
            continue
        ensam = Utsnitt(ds, konf).for_namnd(slug)
        u = Utsnitt(ds, konf)
        u.for_namnd("farsta")
        assert u._linjer is None
        andra = u.for_namnd(slug)
        assert u._linjer is not None
        assert ensam == andra, slug
