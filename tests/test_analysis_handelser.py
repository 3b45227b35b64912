"""analysis.handelser: forms 1, 5, 3; IA; graffiti; concern reports."""
import pandas as pd
import pytest

from vbe_lib.parametrar import vocab
from vbe_lib.analys.saknas import Saknad
from vbe_lib.analys import handelser as h


@pytest.fixture
def blanketter():
    rows = [("sodermalm", 2018, "hoger", "propaganda", "egen")]
    rows += [("sodermalm", 2019, m, "hot_krankning", "egen") for m in ("hoger", "hoger", "vanster", "islamistisk", "annat")]
    rows += [("sodermalm", 2020, "hoger", "skadegorelse", "egen"), ("sodermalm", 2020, "hoger", "propaganda", "egen"),
             ("sodermalm", 2020, "annat", "otillaten_paverkan", "stad")]
    rows += [("kungsholmen", 2021, "hoger", "vald", "egen")]
    return pd.DataFrame(rows, columns=["namnd", "ar", "miljo", "handelsetyp", "avsandare"])


def test_forms_1_5_3(blanketter):
    s = h.blanketter_per_ar(blanketter, ["sodermalm"], till_ar=2020)
    assert s["ar"].tolist() == [2018, 2019, 2020]
    assert s["antal"].tolist() == [1, 5, 3]
    assert s["forandring"].tolist()[1:] == [4, -2]
    assert s["forandring_procent"].iloc[2] == pytest.approx(-0.4)


def test_covered_year_is_zero_uncovered_is_na(blanketter):
    s = h.per_ar(blanketter, "sodermalm", till_ar=2022)
    assert s["antal"].iloc[3] == 0          # 2021: the city has forms, Södermalm none
    assert pd.isna(s["antal"].iloc[4])      # 2022: no forms at all -> not covered
    s2 = h.per_ar(blanketter, "sodermalm", till_ar=2022, tackta_ar=[2022])
    assert s2["antal"].iloc[4] == 0


def test_per_kategori(blanketter):
    m = h.per_kategori(blanketter, ["sodermalm"], "miljo", 2020, vocab.MILJOER)
    assert m["miljo"].tolist() == ["hoger", "vanster", "islamistisk", "annat"]
    assert m["antal"].tolist() == [2, 0, 0, 1]
    assert m["andel"].iloc[0] == pytest.approx(2 / 3)
    assert m["etikett"].iloc[0] == "Våldsbejakande högerextremism"
    a = h.per_kategori(blanketter, ["sodermalm"], "avsandare", 2020, vocab.BLANKETT_AVSANDARE)
    assert dict(zip(a["avsandare"], a["antal"])) == {"egen": 2, "stad": 1, "samverkanspart": 0, "okand": 0}
    na = h.per_kategori(blanketter, ["sodermalm"], "miljo", 2030, vocab.MILJOER)
    assert na["antal"].isna().all() and na["andel"].isna().all()


def test_per_ar_och_kategori_and_korstabell(blanketter):
    t = h.per_ar_och_kategori(blanketter, "sodermalm", "miljo", vocab.MILJOER, till_ar=2020)
    hoger = t.loc[t["miljo"] == "hoger"]
    assert hoger["antal"].tolist() == [1, 2, 2] and hoger["forandring"].tolist()[1:] == [1, 0]
    k = h.korstabell(blanketter, "sodermalm", "miljo", "handelsetyp", 2019, vocab.MILJOER, vocab.HANDELSETYPER)
    assert len(k) == 4 * 9 and int(k["antal"].sum()) == 5
    assert k.loc[(k["miljo"] == "hoger") & (k["handelsetyp"] == "hot_krankning"), "antal"].item() == 2
    assert k["handelsetyp_etikett"].iloc[0] == "Hot och kränkningar"


def test_ia():
    ia = pd.DataFrame({"namnd": ["sodermalm"] * 3 + ["x"] * 101, "ar": [2020] * 104,
                       "felmarkerad": [True, False, False] + [True] * 34 + [False] * 67})
    k = h.ia_nyckeltal(ia, ["sodermalm"], 2020)
    assert k == {"antal": 3, "felmarkerade": 1, "vbe": 2, "staden": 104, "staden_felmarkerade": 35,
                 "staden_vbe": 69, "saknas": (), "staden_saknas": ()}
    assert h.ia_nyckeltal(ia, ["sodermalm"], 2019)["antal"] is None
    assert h.ia_per_ar(ia, "sodermalm", utan_felmarkerade=True)["antal"].tolist() == [2]


def test_klotter():
    kl = pd.DataFrame({"namnd": ["s"] * 6, "ar": [2020] * 6,
                       "kalla": ["trafikkontoret"] * 5 + ["sisab"],
                       "typ": ["vansterautonomt", "vansterautonomt", "hoger_nazistiskt", "rasistiskt", "vansterautonomt",
                               "rasistiskt"],
                       "delomrade": ["Västra", "Västra", "Östra", None, "Västra", "Östra"]})
    assert h.klotter_per_ar(kl, "s", kalla="trafikkontoret")["antal"].tolist() == [5]
    t = h.per_kategori(kl, "s", "typ", 2020, vocab.KLOTTERTYPER, filter={"kalla": "trafikkontoret"})
    assert dict(zip(t["typ"], t["antal"]))["islamistiskt"] == 0
    d = h.per_kategori(kl, "s", "delomrade", 2020)
    assert d["etikett"].tolist() == ["Västra", "Östra", "Uppgift saknas"]
    assert d["antal"].tolist() == [3, 2, 1]


def test_svensk_sortering():
    assert sorted(["Östra", "Ängby", "Åby", "Zeta"], key=h.svensk_sortering) == ["Zeta", "Åby", "Ängby", "Östra"]


def test_orosanmalningar_count_frame():
    miljoer = vocab.MILJOER.nycklar
    rader = [("s", 2019, "orosanmalan", m, 1 if m == "hoger" else 0) for m in miljoer]
    rader += [("s", 2020, "orosanmalan", m, 0) for m in miljoer]
    rader += [("s", 2020, "arende", m, 2 if m == "hoger" else 0) for m in miljoer]
    oros = pd.DataFrame(rader, columns=["namnd", "ar", "typ", "miljo", "antal"])
    oros["antal"] = oros["antal"].astype("Int64")
    s = h.oros_per_ar(oros, ["s"], till_ar=2021)
    assert s["antal"].tolist()[:2] == [1, 0] and pd.isna(s["antal"].iloc[2])
    a = h.oros_per_ar(oros, "s", typ="arende")
    assert a["ar"].tolist() == [2020] and a["antal"].tolist() == [2]
    # one miljö's cell empty (the others 0): the cases are missing, never "no cases"
    tom = oros.copy()
    tom.loc[(tom["typ"] == "arende") & (tom["miljo"] == "annat"), "antal"] = pd.NA
    a = h.oros_per_ar(tom, "s", typ="arende")
    assert pd.isna(a["antal"].iloc[0]) and a["saknas"].iloc[0] == (Saknad("annat/oklart", 2020),)
    # a miljö without a row is a missing part too
    utan = oros[~((oros["typ"] == "arende") & (oros["miljo"] == "vanster"))]
    a = h.oros_per_ar(utan, "s", typ="arende")
    assert pd.isna(a["antal"].iloc[0]) and a["saknas"].iloc[0] == (Saknad("våldsbejakande vänsterextremism", 2020),)
    m = h.per_kategori(utan, "s", "miljo", 2020, vocab.MILJOER, filter={"typ": "arende"})
    assert m["antal"].iloc[0] == 2 and pd.isna(m["antal"].iloc[1])   # no row -> NA, not 0
    assert m["andel"].isna().all()                                   # a share of an unknown total is unknown
