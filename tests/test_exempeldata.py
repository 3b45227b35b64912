"""The example data generator: determinism, coverage, variety and the published figures.

The published figures (seeds 000 and 002) are recomputed here directly from the raw CSV
files with plain pandas, independently of the library's importer and analysis code; only
the committee configuration (alias resolution) is shared.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.exempeldata import STANDARDFRO, generera

ROT = Path(__file__).resolve().parents[1]
PARAMETRAR = ROT / "parameters"
KOMMITTAD_DATA = ROT / "data"


@pytest.fixture(scope="session")
def konf() -> Konfiguration:
    return Konfiguration.las(PARAMETRAR)


@pytest.fixture(scope="session")
def data(tmp_path_factory, konf) -> Path:
    d = tmp_path_factory.mktemp("exempeldata") / "data"
    generera(d, konf, STANDARDFRO)
    return d


def _filer(d: Path) -> list[str]:
    """Data files under ``d`` (hidden caches such as .cache/ excluded)."""
    return sorted(str(p.relative_to(d)) for p in d.rglob("*")
                  if p.is_file() and not any(x.startswith(".") for x in p.relative_to(d).parts))


def _las(konf, fil: Path, *namnkolumner: str) -> pd.DataFrame:
    df = pd.read_csv(fil, dtype=str, keep_default_na=False, encoding="utf-8")
    for k in namnkolumner:
        slugs = df[k].map(lambda v: konf.hitta(v) if v != "" else "")
        okanda = df.loc[slugs.isna(), k].unique().tolist()
        assert not okanda, f"{fil.name}: okända namn i {k}: {okanda}"
        df[k + "_slug"] = slugs
    return df


def _antal(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.replace("", pd.NA), errors="coerce")


def _ar(df: pd.DataFrame) -> pd.Series:
    return df["Datum"].str[:4].astype(int)


def _enkat(konf, data: Path, ar: int):
    mapp = data / "enkat" / str(ar)
    fragor = pd.read_csv(mapp / "fragor.csv", dtype=str, keep_default_na=False)
    svar = _las(konf, mapp / "svar.csv", "Nämnd", "Område")
    return fragor, svar


def _kolumn(fragor: pd.DataFrame, matt: str) -> str:
    rad = fragor[fragor["Mått"] == matt]
    assert len(rad) == 1, matt
    return rad["Kolumn"].iloc[0]


def _ja_andel(svar: pd.DataFrame, kolumn: str) -> tuple[int, int]:
    v = svar[kolumn]
    besvarade = v[v != ""]
    return int((besvarade == "Ja").sum()), len(besvarade)


def _procent(ja: int, n: int) -> int:
    return round(100 * ja / n)


# ------------------------------------------------------------------ determinism
def test_regenerering_ger_identiska_filer(tmp_path, konf, data):
    andra = tmp_path / "igen"
    generera(andra, konf, STANDARDFRO)
    assert _filer(data) == _filer(andra)
    for rel in _filer(data):
        assert (data / rel).read_bytes() == (andra / rel).read_bytes(), rel
    # and writing over an existing example folder gives the same bytes again
    generera(andra, konf, STANDARDFRO)
    for rel in _filer(data):
        assert (data / rel).read_bytes() == (andra / rel).read_bytes(), rel


def test_annat_fro_ger_andra_data_men_samma_publicerade_siffror(tmp_path, konf, data):
    annan = tmp_path / "fro7"
    generera(annan, konf, 7, aktiviteter=False)
    assert (annan / "ia.csv").read_bytes() != (data / "ia.csv").read_bytes()
    svar = _las(konf, annan / "enkat" / "2021" / "svar.csv", "Nämnd")
    fragor = pd.read_csv(annan / "enkat" / "2021" / "fragor.csv", dtype=str)
    intern = svar[(svar["Nämnd_slug"] == "sodermalm") & (svar["Grupp"].str.lower() == "intern")]
    assert len(intern) == 27
    assert round(_antal(intern[_kolumn(fragor, "kunskapsniva")]).mean(), 2) == 3.07


def test_kommitterad_data_ar_aktuell(konf, data):
    """data/ in the repository is exactly what `vbe exempeldata` writes (activity files,
    owned by another generator, excepted)."""
    egna = [f for f in _filer(data) if not f.startswith("aktiviteter")]
    kommitterade = [f for f in _filer(KOMMITTAD_DATA) if not f.startswith("aktiviteter")]
    assert egna == kommitterade
    for rel in egna:
        assert filecmp.cmp(data / rel, KOMMITTAD_DATA / rel, shallow=False), f"data/{rel} är inte aktuell"


def test_format_utf8_lf_inga_tidsstamplar(data):
    total = 0
    for rel in _filer(data):
        b = (data / rel).read_bytes()
        total += len(b)
        if rel.endswith((".csv", ".md", ".yml")):
            assert b"\r" not in b, rel
            assert not b.startswith(b"\xef\xbb\xbf"), rel
            b.decode("utf-8")
    assert total < 5_000_000
    tidsstampel = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
    for rel in _filer(data):
        if rel.endswith((".csv", ".md", ".yml")):
            assert not tidsstampel.search((data / rel).read_text(encoding="utf-8")), rel


def test_vagrar_skriva_over_riktiga_data(tmp_path, konf):
    from vbe_lib.exempeldata import ExempeldataFel
    (tmp_path / "datakalla.yml").write_text("exempeldata: false\nbeskrivning: Riktiga data\n", encoding="utf-8")
    with pytest.raises(ExempeldataFel):
        generera(tmp_path, konf, STANDARDFRO)


# ------------------------------------------------------------------ marking and coverage
def test_datakalla_och_readme(data):
    dk = yaml.safe_load((data / "datakalla.yml").read_text(encoding="utf-8"))
    assert dk["exempeldata"] is True
    assert dk["beskrivning"].startswith("Fiktiva exempeldata")
    readme = (data / "README.md").read_text(encoding="utf-8")
    assert "fiktiva" in readme.lower() and "vbe exempeldata" in readme


def _vid_arets_slut(konf, ar: int, kalla: str) -> set[str]:
    slut = dt.date(ar, 12, 31)
    return {n.slug for n in konf.namnder.values() if n.finns_under_ar(ar) and kalla in n.kallor
            and (n.giltig_till is None or n.giltig_till >= slut)}


def test_brott_och_sammankomster_tacker_alla_stadsdelar_och_ar(konf, data):
    for fil in ("brott.csv", "sammankomster.csv"):
        df = _las(konf, data / fil, "Område")
        assert sorted(df["År"].astype(int).unique()) == list(range(2010, 2025))
        for ar in range(2010, 2025):
            namnder = set(df.loc[df["År"].astype(int) == ar, "Område_slug"])
            assert namnder == _vid_arets_slut(konf, ar, fil.split(".")[0]), (fil, ar)


def test_sammanslagningar_foljer_aret(konf, data):
    df = _las(konf, data / "brott.csv", "Område")
    per_ar = df.groupby(df["År"].astype(int))["Område_slug"].apply(set)
    assert {"hagersten_liljeholmen", "alvsjo"} <= per_ar[2019] and "hagersten_alvsjo" not in per_ar[2019]
    assert "hagersten_alvsjo" in per_ar[2020] and not {"hagersten_liljeholmen", "alvsjo"} & per_ar[2020]
    assert {"rinkeby_kista", "spanga_tensta", "norrmalm", "ostermalm"} <= per_ar[2022]
    assert {"jarva", "norra_innerstaden"} <= per_ar[2023]
    assert not {"rinkeby_kista", "spanga_tensta", "norrmalm", "ostermalm"} & per_ar[2023]


def test_enkat_tacker_namnderna_per_planar(konf, data):
    for ar in range(2018, 2026):
        fragor, svar = _enkat(konf, data, ar)
        forvantade = {n.slug for n in konf.namnder_planar(ar) if "enkat" in n.kallor}
        assert set(svar["Nämnd_slug"]) == forvantade, ar
        # every question column is in the export, and the catalogue's measures are known
        assert set(fragor["Kolumn"]) <= set(svar.columns)
        assert fragor["Fråga-id"].is_unique
        # answers never exceed units asked, per committee, group and department
        t = _las(konf, data / "enkat" / str(ar) / "tillfragade.csv", "Nämnd")
        t["antal"] = t["Antal tillfrågade"].astype(int)
        n_svar = svar.groupby(["Nämnd_slug", svar["Grupp"].str.lower(), "Avdelning"]).size()
        fragade = t.groupby(["Nämnd_slug", t["Grupp"].str.lower(), "Avdelning"])["antal"].sum()
        for nyckel, n in n_svar.items():
            assert nyckel in fragade.index, (ar, nyckel)
            assert fragade[nyckel] >= n, (ar, nyckel)
        # units unique per committee and group
        assert not svar.duplicated(["Nämnd_slug", "Grupp", "Enhet"]).any()
        # knowledge levels on 1–5
        k = _antal(svar[_kolumn(fragor, "kunskapsniva")]).dropna()
        assert k.between(1, 5).all()


def test_polistexter(konf, data):
    saknade = 0
    for ar in range(2019, 2026):
        for n in konf.namnder_planar(ar):
            fil = data / "polis" / str(ar) / f"{n.slug}.md"
            if not fil.exists():
                saknade += 1
                continue
            assert fil.read_text(encoding="utf-8").startswith("*Fiktiva exempeldata.*")
    assert 1 <= saknade <= 6
    for d in (data / "polis").iterdir():
        for f in d.iterdir():
            assert konf.namnder[f.stem].finns_planar(int(d.name)), f


# ------------------------------------------------------------------ variety
def test_namn_stavas_som_i_exporter(konf, data):
    df = _las(konf, data / "brott.csv", "Område")
    kortnamn = df["Område_slug"].map(lambda s: konf.namnder[s].kortnamn)
    andel_alias = (df["Område"] != kortnamn).mean()
    assert 0.1 < andel_alias < 0.9


def test_variation(konf, data):
    bl = _las(konf, data / "blanketter.csv", "Nämnd")
    assert "skarpnack" not in set(bl["Nämnd_slug"])  # the quiet district sent no forms
    assert _ar(bl).min() == 2018
    kl = _las(konf, data / "klotter.csv", "Nämnd")
    assert "hasselby_vallingby" not in set(kl["Nämnd_slug"])  # source missing
    wb = _las(konf, data / "webbutbildning.csv", "Nämnd")
    assert "farsta" not in set(wb["Nämnd_slug"])
    assert (wb["Antal anställda"] == "").any()
    br = pd.read_csv(data / "brott.csv", dtype=str, keep_default_na=False)
    assert (br["Antal"] == "").any()
    sk = pd.read_csv(data / "sammankomster.csv", dtype=str, keep_default_na=False)
    assert (sk["Antal"] == "").any()
    oros = _las(konf, data / "orosanmalningar.csv", "Nämnd")
    a = _antal(oros["Antal"])
    assert a.isin([1, 2]).any() and (a == 0).any() and a.isna().any()
    # busy inner city vs quiet district
    df = _las(konf, data / "brott.csv", "Område")
    hets = df[df["Brottskategori"] == "Hets mot folkgrupp"].assign(n=lambda x: _antal(x["Antal"]))
    per = hets.groupby("Område_slug")["n"].sum()
    assert per["norrmalm"] > 3 * per["skarpnack"]


def test_kunskapsfragan_bytte_2021(konf, data):
    f20, _ = _enkat(konf, data, 2020)
    f21, _ = _enkat(konf, data, 2021)
    id20 = f20.loc[f20["Mått"] == "kunskapsniva", "Fråga-id"].iloc[0]
    id21 = f21.loc[f21["Mått"] == "kunskapsniva", "Fråga-id"].iloc[0]
    assert id20 != id21
    assert "fritext:saknas" not in set(f20["Mått"]) and "fritext:saknas" in set(f21["Mått"])
    matt = set(f21["Mått"])
    for post in ("handlingsplan", "samordnare", "blankett", "vagledning", "rutin", "webbutbildning"):
        assert f"kannedom_chef:{post}" in matt and f"kannedom_medarbetare:{post}" in matt
    for a in ("polisanmalan", "ia", "blankett", "orosanmalan"):
        assert f"atgard:{a}" in matt
    assert {"samverkan:socialtjanst", "samverkan:polis", "fritext:samverkan", "fritext:paverkan",
            "fritext:ovrigt"} <= matt


def test_fritext_utan_personuppgifter(konf, data):
    monster = [re.compile(r"\b\d{6,8}[-+]?\d{4}\b"), re.compile(r"\b0\d{1,3}[- ]?\d{5,8}\b"),
               re.compile(r"[\w.+-]+@[\w-]+\.\w+")]
    texter = 0
    for ar in range(2018, 2026):
        fragor, svar = _enkat(konf, data, ar)
        for k in fragor.loc[fragor["Typ"] == "fritext", "Kolumn"]:
            for t in svar[k]:
                if t:
                    texter += 1
                    assert not any(m.search(t) for m in monster), t
    assert texter > 100


# ------------------------------------------------------------------ published figures (seed 002)
def test_sodermalm_hets_mot_folkgrupp(konf, data):
    df = _las(konf, data / "brott.csv", "Område")
    s = df[(df["Område_slug"] == "sodermalm") & (df["Brottskategori"] == "Hets mot folkgrupp")]
    serie = dict(zip(s["År"].astype(int), _antal(s["Antal"]).astype(int)))
    period = {a: serie[a] for a in range(2010, 2021)}
    assert serie[2011] == 11 and min(period.values()) == 11 and min(period, key=period.get) == 2011
    assert serie[2018] == 40 and max(period.values()) == 40
    assert serie[2019] == 25 and serie[2020] == 30
    assert serie[2017] > 2 * serie[2016] and serie[2017] < serie[2018]


def test_sodermalm_handelser_2020(konf, data):
    bl = _las(konf, data / "blanketter.csv", "Nämnd")
    sod = bl[bl["Nämnd_slug"] == "sodermalm"]
    per_ar = _ar(sod).value_counts()
    assert (per_ar.get(2018), per_ar.get(2019), per_ar.get(2020)) == (1, 5, 3)
    b20 = sod[_ar(sod) == 2020]
    from vbe_lib.parametrar.vocab import BLANKETT_AVSANDARE, MILJOER
    avs = b20["Avsändare"].map(konf.ordlistor.vok(BLANKETT_AVSANDARE).hitta).value_counts()
    assert avs.get("egen") == 2 and avs.get("stad") == 1
    assert (b20["Miljö"].map(konf.ordlistor.vok(MILJOER).hitta) == "hoger").sum() >= 2
    assert (b20["Datum"] >= "2020-07-01").all()

    ia = _las(konf, data / "ia.csv", "Nämnd")
    ia20 = ia[_ar(ia) == 2020]
    assert len(ia20) == 104
    assert abs((ia20["Felmarkerad"] == "Ja").sum() - 104 / 3) <= 2
    sod_ia = ia20[ia20["Nämnd_slug"] == "sodermalm"]
    assert len(sod_ia) == 3 and (sod_ia["Felmarkerad"] == "Ja").sum() == 1

    from vbe_lib.parametrar.vocab import KLOTTERKALLOR, KLOTTERTYPER
    kl = _las(konf, data / "klotter.csv", "Nämnd")
    kl20 = kl[_ar(kl) == 2020].assign(kalla=lambda x: x["Källa"].map(konf.ordlistor.vok(KLOTTERKALLOR).hitta),
                                      typ=lambda x: x["Typ"].map(konf.ordlistor.vok(KLOTTERTYPER).hitta))
    assert (kl20["kalla"] == "skolfastigheter").sum() == 39
    sod_kl = kl20[kl20["Nämnd_slug"] == "sodermalm"]
    assert (sod_kl["kalla"] == "skolfastigheter").sum() == 4
    tk = sod_kl[sod_kl["kalla"] == "felanmalan"]
    assert len(tk) == 13
    typer = tk["typ"].value_counts()
    assert typer.index[0] == "vansterautonomt" and typer.index[1] == "hoger_nazistiskt"
    assert typer.get("rasistiskt", 0) > 0 and typer.get("islamistiskt", 0) == 0
    assert set(tk.loc[tk["typ"] == "rasistiskt", "Delområde"]) == {"Östra Södermalm"}
    va = tk[tk["typ"] == "vansterautonomt"]["Delområde"].value_counts()
    assert va.index[0] == "Västra Södermalm"
    na = tk[tk["typ"] == "hoger_nazistiskt"]["Delområde"].value_counts()
    assert na.index[0] == "Östra Södermalm"

    sk = _las(konf, data / "sammankomster.csv", "Område")
    from vbe_lib.parametrar.vocab import OROS_TYPER, SAMMANKOMST_TILLSTAND
    rad = sk[(sk["Område_slug"] == "sodermalm") & (sk["År"] == "2020")
             & (sk["Tillstånd"].map(konf.ordlistor.vok(SAMMANKOMST_TILLSTAND).hitta) == "tillstand")]
    assert rad["Antal"].tolist() == ["62"]

    oros = _las(konf, data / "orosanmalningar.csv", "Nämnd")
    o = oros[(oros["Nämnd_slug"] == "sodermalm") & (oros["År"] == "2020")]
    o = o.assign(typ=o["Typ"].map(konf.ordlistor.vok(OROS_TYPER).hitta), miljo=o["Miljö"].map(konf.ordlistor.vok(MILJOER).hitta), n=_antal(o["Antal"]))
    assert o.loc[o["typ"] == "orosanmalan", "n"].sum() == 0
    assert o.loc[o["typ"] == "arende", "n"].sum() == 2
    assert o.loc[(o["typ"] == "arende") & (o["miljo"] == "hoger"), "n"].sum() == 2

    wb = _las(konf, data / "webbutbildning.csv", "Nämnd")
    w = wb[(wb["Nämnd_slug"] == "sodermalm") & (wb["År"] == "2020")]
    assert w[["Genomförda", "Pågående", "Antal anställda"]].values.tolist() == [["152", "157", "1700"]]


def test_sodermalm_enkat_2021(konf, data):
    fragor, svar = _enkat(konf, data, 2021)
    kunskap = _kolumn(fragor, "kunskapsniva")
    sod = svar[svar["Nämnd_slug"] == "sodermalm"]
    intern = sod[sod["Grupp"].str.lower() == "intern"]
    assert len(intern) == 27
    assert intern["Avdelning"].nunique() == 5
    k = _antal(intern[kunskap])
    assert k.value_counts().to_dict() == {2: 7, 3: 12, 4: 7, 5: 1}
    assert round(k.mean(), 2) == 3.07 and k.median() == 3
    for post in ("handlingsplan", "blankett", "vagledning", "rutin"):
        assert _ja_andel(intern, _kolumn(fragor, f"kannedom_chef:{post}")) == (27, 27), post
    for post, mal in (("handlingsplan", 70), ("blankett", 70), ("vagledning", 60), ("rutin", 60)):
        medel = _antal(intern[_kolumn(fragor, f"kannedom_medarbetare:{post}")]).mean()
        assert abs(medel - mal) <= 6, (post, medel)
    t = _las(konf, data / "enkat" / "2021" / "tillfragade.csv", "Nämnd")
    t_sod = t[t["Nämnd_slug"] == "sodermalm"]
    t_int = t_sod[t_sod["Grupp"].str.lower() == "intern"]
    soc = t_int[t_int["Avdelning"] == "Sociala avdelningen"]["Antal tillfrågade"].astype(int).sum()
    assert soc == 40 and 15 <= (intern["Avdelning"] == "Sociala avdelningen").sum() <= 25

    extern = sod[sod["Grupp"].str.lower() == "extern"]
    assert len(extern) == 10
    assert t_sod[t_sod["Grupp"].str.lower() == "extern"]["Antal tillfrågade"].astype(int).sum() == 40
    ke = _antal(extern[kunskap])
    assert round(ke.mean(), 1) == 2.9 and ke.median() == 3 and ke.min() == 2 and ke.max() == 5

    skolor = svar[(svar["Nämnd_slug"] == "utbildningsnamnden") & (svar["Område_slug"] == "sodermalm")]
    assert len(skolor) == 21
    ks = _antal(skolor[kunskap])
    assert round(ks.mean(), 1) == 3.1 and (ks >= 4).mean() > 0.25
    assert skolor["Avdelning"].value_counts().index[0] == "Kommunala grund- och grundsärskolor"
    # no events from the specialist administrations' units on Södermalm
    h = _las(konf, data / "enkat" / "2021" / "handelser.csv", "Nämnd")
    fack = svar[(svar["Nämnd_slug"].map(lambda s: konf.namnder[s].typ) == "facknamnd")
                & (svar["Område_slug"] == "sodermalm")]
    nycklar = set(zip(fack["Nämnd_slug"], fack["Grupp"], fack["Enhet"]))
    assert not [r for r in zip(h["Nämnd_slug"], h["Grupp"], h["Enhet"]) if r in nycklar]
    assert (h["Nämnd_slug"] == "sodermalm").any()


# ------------------------------------------------------------------ published figures (seed 000)
GRUND = "Kommunala grund- och grundsärskolor"
GYMN = "Kommunala gymnasie- och gymnasiesärskolor"
FRIST = "Fristående grund- och gymnasieskolor"


def test_utbildningsnamnden_svar_per_skolform(konf, data):
    forvantat = {2018: {GRUND: 57, GYMN: 26, FRIST: 64}, 2019: {GRUND: 80, GYMN: 22, FRIST: 36}}
    for ar, per_form in forvantat.items():
        _, svar = _enkat(konf, data, ar)
        utbn = svar[svar["Nämnd_slug"] == "utbildningsnamnden"]
        assert utbn["Avdelning"].value_counts().to_dict() == per_form, ar
    _, svar19 = _enkat(konf, data, 2019)
    utbn19 = svar19[svar19["Nämnd_slug"] == "utbildningsnamnden"]
    assert len(utbn19) == 138
    distrikt19 = {n.slug for n in konf.namnder_planar(2019, "stadsdelsnamnd")}
    assert set(utbn19["Område_slug"]) <= distrikt19 and len(set(utbn19["Område_slug"])) >= 10


def test_utbildningsnamnden_2019_andelar_och_kunskap(konf, data):
    fragor, svar = _enkat(konf, data, 2019)
    utbn = svar[svar["Nämnd_slug"] == "utbildningsnamnden"]
    grund, gymn = utbn[utbn["Avdelning"] == GRUND], utbn[utbn["Avdelning"] == GYMN]
    kunskap = _kolumn(fragor, "kunskapsniva")
    assert round(_antal(grund[kunskap]).mean(), 1) == 2.6
    assert round(_antal(gymn[kunskap]).mean(), 1) == 2.9
    assert (_antal(grund[kunskap]) == 1).sum() > 0 and (_antal(gymn[kunskap]) == 1).sum() == 0
    kommunala = pd.concat([grund, gymn])
    assert _procent(*_ja_andel(kommunala, _kolumn(fragor, "kannedom_chef:vagledning"))) == 90
    assert _procent(*_ja_andel(kommunala, _kolumn(fragor, "kannedom_chef:blankett"))) == 40
    hp = _kolumn(fragor, "kannedom_chef:handlingsplan")
    assert _procent(*_ja_andel(gymn, hp)) == 86 and _procent(*_ja_andel(grund, hp)) == 80
    soc, pol = _kolumn(fragor, "samverkan:socialtjanst"), _kolumn(fragor, "samverkan:polis")
    assert _procent(*_ja_andel(grund, soc)) == 75 and _procent(*_ja_andel(gymn, soc)) == 46
    assert _procent(*_ja_andel(grund, pol)) == 67 and _procent(*_ja_andel(gymn, pol)) == 50


# ------------------------------------------------------------------ the project's validator
def test_validatorn_hittar_inga_fel(konf, data):
    if importlib.util.find_spec("vbe_lib.indata.validera") is None:
        pytest.skip("vbe_lib.indata.validera finns inte ännu")
    from vbe_lib.indata.validera import validera
    for planar in (None, 2019, 2021, 2025):
        problem = validera(data, konf, planar, cache=True)
        fel = [str(p) for p in problem if getattr(p, "ar_fel", False)]
        assert not fel, (planar, fel[:20])


def test_cli(tmp_path):
    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app
    _registrera()
    res = CliRunner().invoke(app, ["exempeldata", "--data", str(tmp_path / "d"),
                                   "--parametrar", str(PARAMETRAR), "--seed", "3"])
    assert res.exit_code == 0, res.output
    assert "fiktiva exempeldata" in res.output
    assert (tmp_path / "d" / "enkat" / "2021" / "svar.csv").is_file()
    res = CliRunner().invoke(app, ["exempeldata", "--data", str(tmp_path / "d"),
                                   "--parametrar", str(tmp_path / "finnsinte")])
    assert res.exit_code == 1 and "Traceback" not in res.output


# ------------------------------------------------------------------ another municipality's words
def test_ordbyte_andrar_inget_for_stockholm(konf):
    from vbe_lib.exempeldata.ord import ordbyte

    text = ("Stadens enkät, stadens vägledning, i hela staden, stadsövergripande riktlinjer, "
            "stadsdelsområdet, stadsdelens TSR, stadsdelsförvaltningens verksamhetsberättelse, Stockholms län")
    assert ordbyte(konf)(text) == text


def test_ordbyte_ger_kommunens_ord():
    from vbe_lib.exempeldata.ord import distriktsord, ordbyte

    exby = Konfiguration.las(ROT / "tests" / "fixtures" / "exempelby" / "parameters")
    byt = ordbyte(exby)
    assert byt("Central samordning i staden skulle underlätta, enligt stadens vägledning.") == \
        "Central samordning i kommunen skulle underlätta, enligt kommunens vägledning."
    assert byt("Stadsdelsdirektör; i stadsdelsförvaltningens verksamhetsberättelse; stadsdelens TSR") == \
        "Kommundelsdirektör; i kommundelsförvaltningens verksamhetsberättelse; kommundelens TSR"
    assert byt("grundskolorna i stadsdelsområdet, stadsdelarnas lägesbilder, skolor, stadsdel och polis") == \
        "grundskolorna i kommundelen, kommundelarnas lägesbilder, skolor, kommundel och polis"
    assert byt("den stadsövergripande arbetsgruppen. Stadsövergripande.") == \
        "den kommunövergripande arbetsgruppen. Kommunövergripande."
    assert byt("det i Stockholms län finns; Jobbtorg Stockholm; Stockholms stads nämnder") == \
        "det i länet finns; Jobbtorg Exempelby; Exempelby kommuns nämnder"
    # whole words only: a word that merely contains one of Stockholm's is left alone
    assert byt("Innerstaden, Stadsmiljöavdelningen, stadgar") == "Innerstaden, Stadsmiljöavdelningen, stadgar"
    assert [distriktsord(x) for x in ("stadsdelsnämnd", "kommundelsnämnd", "områdesnämnd")] == \
        ["stadsdel", "kommundel", "område"]


@pytest.mark.slow
def test_annan_kommuns_exempeldata_har_inga_stockholmsord(tmp_path):
    """``vbe exempeldata`` for a municipality configured by files writes its own words in every
    free text (police texts, survey questions and answers, activity cells, the plan's texts)."""
    import openpyxl

    from test_exempelby import STOCKHOLM

    exby = Konfiguration.las(ROT / "tests" / "fixtures" / "exempelby" / "parameters")
    d = tmp_path / "data"
    filer = generera(d, exby, STANDARDFRO)
    texter = {}
    for f in filer:
        if f.suffix == ".xlsx":
            wb = openpyxl.load_workbook(f, read_only=True)
            texter[f] = " ".join(str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True)
                                 for v in r if v is not None)
        else:
            texter[f] = f.read_text(encoding="utf-8")
    assert any(f.suffix == ".xlsx" for f in texter) and any("polis" in f.parts for f in texter)
    alla = " ".join(texter.values())
    assert "kommunens vägledning" in alla and "kommundelsförvaltningens" in alla
    for f, t in texter.items():
        funna = sorted({w for w in STOCKHOLM if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", t)})
        assert not funna, f"{f.relative_to(d)}: {funna}"
