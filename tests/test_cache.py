"""The data cache (vbe_lib.indata.cache): no pickle, a broken or foreign entry is rebuilt,
never a shared folder."""
from __future__ import annotations

import os
import pickle
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

from vbe_lib.indata import cache
from vbe_lib.indata.dataset import KOLUMNER, _cachenyckel, _hasha_filer, _Laddare, las_data
from vbe_lib.indata.problem import Problem
from vbe_lib.parametrar.konfiguration import Konfiguration

ROT = Path(__file__).resolve().parents[1]
GILTIG = ROT / "tests" / "felaktiga_filer" / "_giltig"


@pytest.fixture(scope="module")
def konf():
    return Konfiguration.las(ROT / "parameters")


@pytest.fixture
def datamapp(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    d = tmp_path / "data"
    shutil.copytree(GILTIG, d, ignore=shutil.ignore_patterns(".cache"))
    # a warning and a missing value, so that problems and NA go through the cache too
    (d / "brott.csv").write_text("Område,År,Brottskategori,Antal\nSödermalm,2020,Hets mot folkgrupp,30\n"
                                 "Södermalm,2019,Hets mot folkgrupp,\nBromma,2020,Hets mot folkgrupp,4",
                                 encoding="utf-8")
    return d


def _post(d: Path) -> Path:
    poster = list((d / ".cache").glob("dataset-*.vbecache"))
    assert len(poster) == 1, poster
    return poster[0]


class _Bomb:
    """Unpickling this creates a file: the proof that a pickle ran code."""

    def __init__(self, mal: Path):
        self.mal = mal

    def __reduce__(self):
        return (Path.touch, (self.mal,))


def test_rundresa_ger_samma_ramar_och_typer(datamapp, konf):
    ref = _Laddare(datamapp, konf).las()
    las_data(datamapp, konf, cache=True)
    ds = las_data(datamapp, konf, cache=True)  # from the cache
    for namn in KOLUMNER:
        pd.testing.assert_frame_equal(getattr(ds, namn), getattr(ref, namn), check_exact=True, obj=namn)
    assert [str(p) for p in ds.problem] == [str(p) for p in ref.problem]
    assert any("slutar mitt på sista raden" in str(p) for p in ds.problem)
    assert pd.isna(ds.brott["antal"]).sum() == 1
    assert ds.exempeldata == ref.exempeldata and ds.saknade_kallor == ref.saknade_kallor
    assert ds.filer and ds.data_dir == datamapp
    assert not list((datamapp / ".cache").glob("*.pkl"))
    assert _post(datamapp).read_bytes().startswith(cache.MAGI)


def test_pickle_i_cachen_kors_aldrig(datamapp, konf, tmp_path):
    las_data(datamapp, konf, cache=True)
    post = _post(datamapp)
    mal = tmp_path / "koden-kordes"
    bomb = pickle.dumps(_Bomb(mal))
    # a pickle under the new name, and under the old one
    post.write_bytes(bomb)
    (datamapp / ".cache" / post.name.replace(".vbecache", ".pkl")).write_bytes(bomb)
    ds = las_data(datamapp, konf, cache=True)
    assert not mal.exists()
    assert len(ds.brott) == 3 and not ds.fel
    assert _post(datamapp).read_bytes().startswith(cache.MAGI)  # rebuilt
    assert not list((datamapp / ".cache").glob("*.pkl"))  # the old entry is removed


@pytest.mark.parametrize("skada", ["avkortad", "främmande", "fel_dtype", "skrap"])
def test_trasig_eller_frammande_post_byggs_om(datamapp, konf, skada):
    ds1 = las_data(datamapp, konf, cache=True)
    post = _post(datamapp)
    data = post.read_bytes()
    if skada == "avkortad":
        post.write_bytes(data[: len(data) // 2])
    elif skada == "främmande":  # a valid entry of another key under this key's name
        annan = cache.skriv([datamapp / "annan"], "dataset", "0" * 32, {"x": pd.DataFrame({"a": [1]})}, {})
        post.write_bytes(annan.read_bytes())
    elif skada == "fel_dtype":  # the metadata say a column part is an object array
        post.write_bytes(data.replace(b'"dtype": "<i8"', b'"dtype": "|O8"', 1))
    else:
        post.write_bytes(os.urandom(len(data)))
    ds2 = las_data(datamapp, konf, cache=True)
    for namn in KOLUMNER:
        pd.testing.assert_frame_equal(getattr(ds2, namn), getattr(ds1, namn), obj=namn)
    assert cache.las([datamapp / ".cache"], "dataset", _cachenyckel(_hasha_filer(datamapp), konf)) is not None


def test_reservkatalogen_ar_anvandarens_egen(datamapp, konf, tmp_path):
    (datamapp / ".cache").write_text("inte en mapp")  # the data folder's cache cannot be written
    las_data(datamapp, konf, cache=True)
    egen = tmp_path / "xdg" / "vbe"
    assert list(egen.glob("dataset-*.vbecache"))
    assert stat.S_IMODE(egen.stat().st_mode) & 0o077 == 0
    # a folder that others may write is never used
    os.chmod(egen, 0o777)
    assert cache.anvandarkatalog() is None
    assert cache.kataloger(datamapp) == [datamapp / ".cache"]


def test_ingen_delad_tempkatalog(datamapp, monkeypatch):
    import tempfile

    monkeypatch.delenv("XDG_CACHE_HOME")
    for kat in cache.kataloger(datamapp):
        assert not kat.is_relative_to(tempfile.gettempdir()) or kat.is_relative_to(datamapp)
    assert Path(tempfile.gettempdir()) / "vbe-cache" not in cache.kataloger(datamapp)


def test_ej_cachebart_skrivs_inte(tmp_path):
    df = pd.DataFrame({"a": [object()]})
    assert cache.skriv([tmp_path], "x", "1", {"df": df}) is None
    assert not list(tmp_path.iterdir())


def test_aktivitetskontrollen_sparas_som_json(tmp_path, monkeypatch):
    from vbe_lib.indata.dataset import cachad_berakning
    from vbe_lib.indata.problem import fran_json, till_json

    anrop = []

    def berakna():
        anrop.append(1)
        return [Problem("a.csv", 3, "Antal", "x", "ett heltal", namnd="bromma")]

    args = (tmp_path, "prov", ["del"], [], berakna)
    forsta = cachad_berakning(*args, koda=till_json, avkoda=fran_json)
    andra = cachad_berakning(*args, koda=till_json, avkoda=fran_json)
    assert [str(p) for p in andra] == [str(p) for p in forsta] and len(anrop) == 1
    post = next((tmp_path / ".cache").glob("prov-*.vbecache"))
    post.write_bytes(pickle.dumps(_Bomb(tmp_path / "kordes")))
    tredje = cachad_berakning(*args, koda=till_json, avkoda=fran_json)
    assert len(anrop) == 2 and not (tmp_path / "kordes").exists() and str(tredje[0]) == str(forsta[0])


def test_rundresa_behaller_tolkningar_och_leveranser(tmp_path, monkeypatch):
    """Exempelby (fictitious): the municipality's readings of values outside the contract,
    ej_levererat and inga_handelser come back from the cache as they were read."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    exby = ROT / "tests" / "fixtures" / "exempelby"
    d = tmp_path / "data"
    shutil.copytree(exby / "data", d, ignore=shutil.ignore_patterns(".cache"))
    with (d / "datakalla.yml").open("a", encoding="utf-8") as fh:
        fh.write("inga_handelser:\n  ia: [Skolnämnden]\n")
    konf = Konfiguration.las(exby / "parameters")
    ref = _Laddare(d, konf).las()
    assert ref.tolkningar and ref.ej_levererat == {"klotter": {2021}} and ref.inga_handelser["ia"]
    las_data(d, konf, cache=True)
    ds = las_data(d, konf, cache=True)  # from the cache
    assert _post(d).is_file()
    assert [str(t) for t in ds.tolkningar] == [str(t) for t in ref.tolkningar]
    assert ds.ej_levererat == ref.ej_levererat and ds.inga_handelser == ref.inga_handelser


def test_polistext_och_aktiviteter_andrar_inte_nyckeln_men_tabellerna_gor(datamapp, konf):
    """The dataset reads only the names of the per-committee files (police texts,
    activities): editing one keeps the cache (the preview's rebuild after a saved police
    text does not read every table again); adding one, or editing a table, does not."""
    (datamapp / "polis" / "2021").mkdir(parents=True, exist_ok=True)
    polis = datamapp / "polis" / "2021" / "sodermalm.md"
    polis.write_text("Första versionen.\n", encoding="utf-8")
    forst = _cachenyckel(_hasha_filer(datamapp), konf)
    polis.write_text("Andra versionen, helt annan text.\n", encoding="utf-8")
    assert _cachenyckel(_hasha_filer(datamapp), konf) == forst
    (datamapp / "polis" / "2021" / "farsta.md").write_text("Ny fil.\n", encoding="utf-8")
    med_ny_fil = _cachenyckel(_hasha_filer(datamapp), konf)
    assert med_ny_fil != forst
    brott = datamapp / "brott.csv"
    brott.write_text(brott.read_text(encoding="utf-8").replace(",30\n", ",31\n"), encoding="utf-8")
    assert _cachenyckel(_hasha_filer(datamapp), konf) != med_ny_fil


def _lika(ds, ref) -> None:
    for namn in KOLUMNER:
        pd.testing.assert_frame_equal(getattr(ds, namn), getattr(ref, namn), check_exact=True, obj=namn)
    assert [str(p) for p in ds.problem] == [str(p) for p in ref.problem]
    assert [str(t) for t in ds.tolkningar] == [str(t) for t in ref.tolkningar]


def test_behallna_delar_ateranvands_bara_nar_filerna_ar_oforandrade(datamapp, konf, monkeypatch):
    """las_data(behall_ar=True), as the preview reads the dataset after every saved change:
    a survey year or city source whose files are unchanged is not read again, a changed
    one is, and the dataset is the same as a fresh reading every time (values, problems,
    readings)."""
    from vbe_lib.indata import dataset

    monkeypatch.setattr(dataset, "_BEHALLNA", {})
    lasta: list[int] = []
    kallor: list[str] = []
    original, original_kalla = _Laddare._enkat_ar, _Laddare._las_stadskalla

    def raknad(self, kat, ar):
        lasta.append(ar)
        return original(self, kat, ar)

    def raknad_kalla(self, kalla):
        kallor.append(kalla.namn)
        return original_kalla(self, kalla)

    monkeypatch.setattr(_Laddare, "_enkat_ar", raknad)
    monkeypatch.setattr(_Laddare, "_las_stadskalla", raknad_kalla)
    ds = las_data(datamapp, konf, cache=False, behall_ar=True)
    assert sorted(lasta) == [2020, 2021] and sorted(kallor) == sorted(dataset.STADSKALLOR)
    assert dataset.behallna_delar() == 2 + len(dataset.STADSKALLOR)
    _lika(ds, _Laddare(datamapp, konf).las())

    # one answer of 2021 changed: only 2021 is read again, and its new value is there
    svar = datamapp / "enkat" / "2021" / "svar.csv"
    text = svar.read_text(encoding="utf-8")
    assert "Förskolan Solen,3," in text
    svar.write_text(text.replace("Förskolan Solen,3,", "Förskolan Solen,5,"), encoding="utf-8")
    lasta.clear()
    kallor.clear()
    ds = las_data(datamapp, konf, cache=False, behall_ar=True)
    assert lasta == [2021] and kallor == []
    lasta.clear()
    ref = _Laddare(datamapp, konf).las()
    assert sorted(lasta) == [2020, 2021]  # without behall_ar: nothing kept, everything read
    _lika(ds, ref)
    s = ds.enkat_svar
    solen = s[(s["enhet"] == "Förskolan Solen") & (s["ar"] == 2021) & (s["matt"] == "kunskapsniva")]
    assert solen["varde"].tolist() == [5.0]

    # nothing changed: nothing read; a file added to 2020: 2020 read again
    lasta.clear()
    kallor.clear()
    _lika(las_data(datamapp, konf, cache=False, behall_ar=True), ref)
    assert lasta == [] and kallor == []
    (datamapp / "enkat" / "2020" / "handelser.csv").write_text(
        (datamapp / "enkat" / "2021" / "handelser.csv").read_text(encoding="utf-8"), encoding="utf-8")
    lasta.clear()
    ds = las_data(datamapp, konf, cache=False, behall_ar=True)
    assert lasta == [2020]
    _lika(ds, _Laddare(datamapp, konf).las())

    # one row of brott.csv changed: brott alone is read again; a frame the caller changes
    # in place does not change what is kept
    brott = datamapp / "brott.csv"
    brott.write_text(brott.read_text(encoding="utf-8").replace(",30\n", ",31\n"), encoding="utf-8")
    lasta.clear()
    kallor.clear()
    ds = las_data(datamapp, konf, cache=False, behall_ar=True)
    assert lasta == [] and kallor == ["brott"]
    ref = _Laddare(datamapp, konf).las()
    _lika(ds, ref)
    ds.brott.loc[:, "antal"] = 0
    _lika(las_data(datamapp, konf, cache=False, behall_ar=True), ref)

    # a source whose file disappears is missing again, not kept from before
    (datamapp / "klotter.csv").unlink()
    kallor.clear()
    ds = las_data(datamapp, konf, cache=False, behall_ar=True)
    assert kallor == ["klotter"] and ds.klotter.empty
    _lika(ds, _Laddare(datamapp, konf).las())
