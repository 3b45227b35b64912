"""analysis.enkat on small hand-made survey frames."""
import pandas as pd
import pytest

from vbe_lib.presentation import fmt
from vbe_lib.analys import enkat

NIVAER_SODER = [2] * 7 + [3] * 12 + [4] * 7 + [5]          # seed 002: 27 answers, 3,07, median 3, 44 % at 3
AVD = ["Förskola och parklek"] * 12 + ["Sociala avdelningen"] * 11 + ["HR", "Stab och kansli", "Stadsmiljö", "HR"]


def _enheter(rows):
    return pd.DataFrame(rows, columns=["ar", "namnd", "omrade", "grupp", "avdelning", "enhet"])


def _svar(rows):
    df = pd.DataFrame(rows, columns=["ar", "namnd", "grupp", "enhet", "fraga_id", "matt", "typ", "varde", "vet_ej", "text"])
    df["varde"] = df["varde"].astype("Float64")
    df["vet_ej"] = df["vet_ej"].astype("boolean")
    return df


@pytest.fixture
def ds():
    enh, svar = [], []
    for i, (niva, avd) in enumerate(zip(NIVAER_SODER, AVD)):
        e = f"S{i:02d}"
        enh.append((2021, "sodermalm", "sodermalm", "intern", avd, e))
        svar.append((2021, "sodermalm", "intern", e, "K1", "kunskapsniva", "skala", niva, False, None))
        svar.append((2021, "sodermalm", "intern", e, "C1", "kannedom_chef:handlingsplan", "janej", 1.0, False, None))
        svar.append((2021, "sodermalm", "intern", e, "M1", "kannedom_medarbetare:handlingsplan", "andel",
                     70.0 if i % 2 else 80.0, False, None))
    # vägledning: 2 yes, 1 no, 1 "vet ej", rest blank
    for i, (v, vetej) in enumerate([(1.0, False), (1.0, False), (0.0, False), (0.0, True)]):
        svar.append((2021, "sodermalm", "intern", f"S{i:02d}", "C2", "kannedom_chef:vagledning", "janej", v, vetej, None))
    svar.append((2021, "sodermalm", "intern", "S00", "A1", "atgard:polisanmalan", "janej", 1.0, False, None))
    svar.append((2021, "sodermalm", "intern", "S01", "A1", "atgard:polisanmalan", "janej", 0.0, False, None))
    svar.append((2021, "sodermalm", "intern", "S00", "A2", "atgard:blankett", "janej", 1.0, False, None))
    svar.append((2021, "sodermalm", "intern", "S00", "V1", "samverkan:socialtjanst", "janej", 1.0, False, None))
    svar.append((2021, "sodermalm", "intern", "S01", "V1", "samverkan:socialtjanst", "janej", 0.0, False, None))
    svar.append((2021, "sodermalm", "intern", "S00", "F1", "fritext:saknas", "fritext", None, False, "Mer utbildning."))
    svar.append((2021, "sodermalm", "intern", "S01", "F1", "fritext:saknas", "fritext", None, False, "  "))
    svar.append((2021, "sodermalm", "intern", "S02", "F1", "fritext:saknas", "fritext", None, False, "En app."))
    # previous year: 30 units, one extra department
    for i in range(30):
        e = f"P{i:02d}"
        enh.append((2020, "sodermalm", "sodermalm", "intern", "Äldreomsorg" if i < 8 else "HR", e))
        svar.append((2020, "sodermalm", "intern", e, "K0", "kunskapsniva", "skala", 3.0, False, None))
    # external partners: 10 answers
    for i in range(10):
        enh.append((2021, "sodermalm", None, "extern", None, f"X{i}"))
        svar.append((2021, "sodermalm", "extern", f"X{i}", "K1", "kunskapsniva", "skala", [2, 3, 3, 3, 2, 3, 4, 5, 2, 2][i],
                     False, None))
    # specialist committees' units in Södermalm and elsewhere
    enh += [(2021, "utbildningsnamnden", "sodermalm", "intern", "Grundskola", "U1"),
            (2021, "utbildningsnamnden", "sodermalm", "intern", "Gymnasium", "U2"),
            (2021, "utbildningsnamnden", "kungsholmen", "intern", "Grundskola", "U3"),
            (2021, "socialnamnden", "sodermalm", "intern", None, "SO1"),
            (2021, "utbildningsnamnden", "sodermalm", "extern", "Fristående", "U4"),
            (2021, "kungsholmen", "sodermalm", "intern", None, "K1")]
    tillf = pd.DataFrame([
        (2021, "sodermalm", "intern", "Förskola och parklek", 15), (2021, "sodermalm", "intern", "Sociala avdelningen", 40),
        (2021, "sodermalm", "intern", "HR", 1), (2021, "sodermalm", "intern", "Stab och kansli", 1),
        (2021, "sodermalm", "intern", "Stadsmiljö", 1), (2021, "sodermalm", "extern", None, 40),
        (2021, "sodermalm", "intern", "Äldreomsorg", pd.NA),
    ], columns=["ar", "namnd", "grupp", "avdelning", "antal"]).astype({"antal": "Int64"})
    fragor = pd.DataFrame([
        (2021, "K1", "kunskapsniva", "Hur bedömer du kunskapsnivån?", "skala", "k"),
        (2021, "C1", "kannedom_chef:handlingsplan", "Känner du till handlingsplanen?", "janej", "c1"),
        (2021, "F1", "fritext:saknas", "Vad saknas i arbetet?", "fritext", "f1"),
        (2021, "F2", "fritext:annat", "Något annat?", "fritext", "f2"),
        (2020, "K0", "kunskapsniva", "Hur bedömer du kunskapen?", "skala", "k"),
        (2020, "C1", "kannedom_chef:handlingsplan", "Känner du till handlingsplanen?", "janej", "c1"),
    ], columns=["ar", "fraga_id", "matt", "fragetext", "typ", "kolumn"])
    hand = pd.DataFrame([
        (2021, "sodermalm", "intern", "S00", "hoger", "hot_krankning", 2),
        (2021, "sodermalm", "intern", "S01", "hoger", "asikter", 1),
        (2021, "sodermalm", "intern", "S01", "vanster", "hot_krankning", 1),
        (2021, "sodermalm", "intern", "S02", "islamistisk", "vald", 0),
        (2021, "sodermalm", "extern", "X1", "hoger", "skadegorelse", 5),
    ], columns=["ar", "namnd", "grupp", "enhet", "miljo", "handelsetyp", "antal"]).astype({"antal": "Int64"})
    return {"enheter": _enheter(enh), "svar": _svar(svar), "tillfragade": tillf, "fragor": fragor, "handelser": hand}


def _intern(ds, ar=2021):
    u = enkat.enheter_for(ds["enheter"], "sodermalm", ar, "intern")
    return u, enkat.svar_for(ds["svar"], u)


def test_kunskapsniva_sodermalm(ds):
    u, s = _intern(ds)
    assert len(u) == 27
    k = enkat.kunskapsniva(s)
    assert k["n"] == 27 and k["median"] == 3.0
    assert fmt.tal(k["medel"], 2) == "3,07"
    f = k["fordelning"]
    assert f["niva"].tolist() == [1, 2, 3, 4, 5]
    assert f["antal"].tolist() == [0, 7, 12, 7, 1]
    assert fmt.procent(f.loc[f["niva"] == 3, "andel"].item()) == "44\u00a0%"
    assert f["etikett"].iloc[0] == "1 – ingen kunskap"


def test_kunskapsniva_empty(ds):
    k = enkat.kunskapsniva(ds["svar"].iloc[0:0])
    assert k["n"] == 0 and k["medel"] is None and k["median"] is None
    assert k["fordelning"]["antal"].tolist() == [0] * 5 and k["fordelning"]["andel"].isna().all()


def test_extern_group(ds):
    u = enkat.enheter_for(ds["enheter"], "sodermalm", 2021, "extern")
    s = enkat.svar_for(ds["svar"], u)
    k = enkat.kunskapsniva(s)
    assert (k["n"], fmt.tal(k["medel"], 1), k["median"]) == (10, "2,9", 3.0)
    assert enkat.svarsfrekvens_totalt(u, ds["tillfragade"]) == {"svar": 10, "tillfragade": 40, "andel": 0.25}


def test_fackforvaltning_selection(ds):
    u = enkat.enheter_for(ds["enheter"], "sodermalm", 2021, "fackforvaltning",
                          facknamnder=["utbildningsnamnden", "socialnamnden"])
    assert sorted(u["enhet"]) == ["SO1", "U1", "U2"]          # not Kungsholmen's unit, not external, not a district
    assert set(u["namnd"]) == {"utbildningsnamnden", "socialnamnden"}
    r = enkat.svarsfrekvens(u, ds["tillfragade"], efter="namnd")
    assert dict(zip(r["namnd"], r["svar"])) == {"utbildningsnamnden": 2, "socialnamnden": 1}
    assert r["andel"].isna().all()
    assert enkat.svarsfrekvens_totalt(u, ds["tillfragade"])["andel"] is None


def test_facknamnder_from_konfiguration():
    from vbe_lib.parametrar.konfiguration import Konfiguration
    konf = Konfiguration.las("parameters")
    fack = enkat.facknamnder(konf, 2021)
    assert "utbildningsnamnden" in fack and "sodermalm" not in fack


def test_unknown_group(ds):
    with pytest.raises(ValueError, match="okänd grupp"):
        enkat.enheter_for(ds["enheter"], "sodermalm", 2021, "intärn")


def test_svarsfrekvens_per_avdelning(ds):
    u, _ = _intern(ds)
    r = enkat.svarsfrekvens(u, ds["tillfragade"])
    d = {a: (n, t) for a, n, t in zip(r["avdelning"], r["svar"], r["tillfragade"])}
    assert d["Förskola och parklek"] == (12, 15) and d["Sociala avdelningen"] == (11, 40) and d["HR"] == (2, 1)
    assert r.loc[r["avdelning"] == "Sociala avdelningen", "andel"].item() == pytest.approx(11 / 40)
    assert d["Äldreomsorg"][0] == 0 and pd.isna(d["Äldreomsorg"][1])       # asked unknown -> NA rate
    assert pd.isna(r.loc[r["avdelning"] == "Äldreomsorg", "andel"].item())
    tot = enkat.svarsfrekvens_totalt(u, ds["tillfragade"])
    # Äldreomsorg's units asked are unknown: so are all units asked (never 58, a rate too high)
    assert tot["svar"] == 27 and tot["tillfragade"] is None and tot["andel"] is None


def test_svarsfrekvens_total_unknown_when_a_department_lacks_number(ds):
    t = ds["tillfragade"].loc[ds["tillfragade"]["avdelning"] != "HR"]
    u, _ = _intern(ds)
    assert enkat.svarsfrekvens_totalt(u, t) == {"svar": 27, "tillfragade": None, "andel": None}


def test_jamforbarhet_changed_question(ds):
    j = enkat.jamforbarhet(ds["fragor"], "kunskapsniva", 2021, 2020)
    assert j == {"jamforbar": False, "fraga_id": None,
                 "orsak": "Frågan har ändrats sedan 2020 och jämförs därför inte."}
    u, s = _intern(ds)
    _, s0 = _intern(ds, 2020)
    c = enkat.jamfor_kunskapsniva(s, s0, ds["fragor"], 2021, 2020)
    assert c["jamforbar"] is False and c["foreg"] is None and c["nu"]["n"] == 27
    assert enkat.jamforbarhet(ds["fragor"], "kannedom_chef:handlingsplan", 2021, 2020)["jamforbar"] is True
    assert enkat.jamforbarhet(ds["fragor"], "fritext:saknas", 2021, 2020)["orsak"] == "Frågan ställdes inte 2020."
    assert enkat.jamforbarhet(ds["fragor"], "kunskapsniva", 2021, 2019)["orsak"] == \
        "Det finns ingen enkät från 2019 att jämföra med."
    assert enkat.jamforbarhet(ds["fragor"], "samverkan:polis", 2021, 2020)["orsak"] == "Frågan ställdes inte 2021."


def test_jamfor_kunskapsniva_same_question(ds):
    fragor = ds["fragor"].copy()
    fragor.loc[fragor["fraga_id"] == "K0", "fraga_id"] = "K1"
    svar = ds["svar"].copy()
    svar.loc[svar["fraga_id"] == "K0", "fraga_id"] = "K1"
    _, s = _intern({**ds, "svar": svar})
    _, s0 = _intern({**ds, "svar": svar}, 2020)
    c = enkat.jamfor_kunskapsniva(s, s0, fragor, 2021, 2020)
    assert c["jamforbar"] is True and c["foreg"]["n"] == 30 and c["foreg"]["medel"] == 3.0
    assert c["forandring"] == pytest.approx(83 / 27 - 3)


def test_kannedom(ds):
    _, s = _intern(ds)
    k = enkat.kannedom(s)
    assert k["item"].tolist() == ["handlingsplan", "vagledning"]
    hp = k.iloc[0]
    assert (hp["chef_besvarade"], hp["chef_ja"], hp["chef_andel"]) == (27, 27, 1.0)
    assert hp["medarbetare_andel"] == pytest.approx((13 * 0.7 + 14 * 0.8) / 27)
    vl = k.iloc[1]
    assert (vl["chef_besvarade"], vl["chef_ja"]) == (4, 2) and vl["chef_andel"] == 0.5   # "vet ej" answered, not yes
    assert pd.isna(vl["medarbetare_andel"])
    assert len(enkat.kannedom(s, bara_stallda=False)) == 6
    per = enkat.kannedom(s, efter="avdelning")
    assert per.loc[(per["avdelning"] == "HR") & (per["item"] == "handlingsplan"), "chef_besvarade"].item() == 2


def test_kannedom_jamforelse(ds):
    _, s = _intern(ds)
    _, s0 = _intern(ds, 2020)
    j = enkat.kannedom_jamforelse(s, s0, ds["fragor"], 2021, 2020)
    assert j["jamforbar"].tolist() == [True, False]
    assert j["orsak"].iloc[1] == "Frågan ställdes inte 2021."


def test_handelser_and_atgarder(ds):
    u, s = _intern(ds)
    t = enkat.handelser(ds["handelser"], u)
    assert len(t) == 36 and int(t["antal"].sum()) == 4            # external 5 not counted
    assert t.loc[(t["miljo"] == "hoger") & (t["handelsetyp"] == "hot_krankning"), "antal"].item() == 2
    pm = enkat.handelser_per(ds["handelser"], u, "miljo")
    assert pm["antal"].tolist() == [3, 1, 0, 0] and pm["andel"].iloc[0] == 0.75
    med = enkat.enheter_med_handelser(ds["handelser"], u)
    assert med["enhet"].tolist() == ["S00", "S01"]
    a = enkat.atgarder(s)
    assert a["atgard"].tolist() == ["polisanmalan", "blankett"]
    assert a.iloc[0][["besvarade", "ja"]].tolist() == [2, 1] and a["andel"].iloc[0] == 0.5
    a2 = enkat.atgarder(s, bara_enheter=med.iloc[:1])
    assert a2.iloc[0][["besvarade", "ja"]].tolist() == [1, 1]
    empty = enkat.handelser(ds["handelser"], u.iloc[0:0])
    assert empty["antal"].isna().all()


def test_per_kategori_from_one_cross_tabulation_equals_handelser_per(ds):
    """The lägesbild cross-tabulates a group's events once and derives both dimensions
    from it: the same tables as handelser_per, for a selection with units, with a
    missing count and with none; the cross-tabulation itself is left as it was."""
    u, _ = _intern(ds)
    med_saknad = ds["handelser"].copy()
    med_saknad["antal"] = pd.array(med_saknad["antal"], dtype="Int64")
    med_saknad.loc[med_saknad.index[0], "antal"] = pd.NA
    for h in (ds["handelser"], med_saknad):
        for urval in (u, u.iloc[0:0]):
            kors = enkat.handelser(h, urval)
            fore = kors.copy()
            for kolumn in ("miljo", "handelsetyp"):
                pd.testing.assert_frame_equal(enkat.per_kategori(kors, kolumn, har_urval=bool(len(urval))),
                                              enkat.handelser_per(h, urval, kolumn))
            pd.testing.assert_frame_equal(kors, fore)
    assert enkat.per_kategori(enkat.handelser(med_saknad, u), "miljo")["antal"].isna().any()


def test_samverkan(ds):
    _, s = _intern(ds)
    v = enkat.samverkan(s)
    assert v.columns.tolist() == ["partner", "etikett", "besvarade", "ja", "andel"]
    assert v.iloc[0].tolist()[:4] == ["socialtjanst", "Socialtjänsten", 2, 1]
    v2 = enkat.samverkan(s, efter="avdelning")
    assert v2.columns.tolist()[:3] == ["avdelning", "partner", "etikett"]


def test_fritext(ds):
    _, s = _intern(ds)
    f = enkat.fritext(s, ds["fragor"])
    assert [(q.fraga_id, q.fragetext, q.svar) for q in f] == [
        ("F1", "Vad saknas i arbetet?", ["Mer utbildning.", "En app."]), ("F2", "Något annat?", [])]
    assert f[0].amne == "saknas"
    assert [q.fraga_id for q in enkat.fritext(s, ds["fragor"], bara_besvarade=True)] == ["F1"]


def test_utbildningsnamnden_by_school_form():
    forms = ["Kommunala grund- och grundsärskolor", "Kommunala gymnasie- och gymnasiesärskolor",
             "Fristående grund- och gymnasieskolor"]
    rows, svar = [], []
    for ar, counts in ((2018, (57, 26, 64)), (2019, (80, 22, 36))):
        for form, n in zip(forms, counts):
            for i in range(n):
                e = f"{ar}-{form}-{i}"
                rows.append((ar, "utbildningsnamnden", "sodermalm", "intern", form, e))
    # knowledge 2019: grund mean 2,6 ; gymnasie mean 2,9
    grund = [2] * 40 + [3] * 32 + [4] * 8       # (80+96+32)/80 = 2.6
    gym = [2] * 6 + [3] * 12 + [4] * 4           # (12+36+16)/22 = 2.909
    for vals, form in ((grund, forms[0]), (gym, forms[1])):
        for i, v in enumerate(vals):
            svar.append((2019, "utbildningsnamnden", "intern", f"2019-{form}-{i}", "K", "kunskapsniva", "skala", v,
                         False, None))
    enh = _enheter(rows)
    j = enkat.svar_per_avdelning_jamforelse(enh, "utbildningsnamnden", 2019, 2018)
    assert j["avdelning"].tolist() == forms
    assert j["svar_foreg"].tolist() == [57, 26, 64] and j["svar"].tolist() == [80, 22, 36]
    assert [fmt.tecken(x) for x in j["forandring"]] == ["+23", "\u22124", "\u221228"]
    assert j.attrs == {"ar": 2019, "ar_foreg": 2018}
    u = enkat.enheter_for(enh, "utbildningsnamnden", 2019, "intern")
    per = enkat.kunskapsniva_per(enkat.svar_for(_svar(svar), u), "avdelning")
    assert [fmt.tal(m, 1) for m in per["medel"]] == ["2,6", "2,9"]
    # a year without any answers is NA, not 0
    j2 = enkat.svar_per_avdelning_jamforelse(enh, "utbildningsnamnden", 2019, 2017)
    assert j2["svar_foreg"].isna().all() and j2["forandring"].isna().all()
