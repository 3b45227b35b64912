"""text: every sentence form with its exact string."""
import pandas as pd
import pytest

from vbe_lib.presentation import text as t
from vbe_lib.analys import brott

NB = "\u00a0"
S = "Antalet anmälda brott"


@pytest.mark.parametrize("fran, till, ut", [
    (25, 30, f"{S} ökade från 25 till 30 (+20{NB}%) mellan 2019 och 2020."),
    (30, 25, f"{S} minskade från 30 till 25 (\u221217{NB}%) mellan 2019 och 2020."),
    (30, 30, f"{S} var oförändrat (30) mellan 2019 och 2020."),
    (0, 0, f"{S} var 0 både 2019 och 2020."),
    (0, 3, f"{S} ökade från 0 till 3 mellan 2019 och 2020."),
    (3, 0, f"{S} minskade från 3 till 0 (\u2212100{NB}%) mellan 2019 och 2020."),
    (pd.NA, 3, f"{S} var 3 år 2020; uppgift för 2019 saknas."),
    (3, pd.NA, "Uppgift om antalet anmälda brott för 2020 saknas."),
    (None, None, "Uppgift om antalet anmälda brott för 2020 saknas."),
    (1000, 1001, f"{S} ökade från 1{NB}000 till 1{NB}001 (+0,1{NB}%) mellan 2019 och 2020."),
])
def test_forandring_mening(fran, till, ut):
    assert t.forandring_mening(S, fran, till, 2019, 2020) == ut


def test_forandring_forsta_gangen_and_genus():
    assert t.forandring_mening("Antalet blanketter", 0, 3, 2019, 2020, forsta_gangen=True) == \
        "Antalet blanketter ökade från 0 till 3 mellan 2019 och 2020 och var därmed för första gången större än 0."
    assert t.forandring_mening("antalet blanketter", None, 1, 2017, 2018, forsta_gangen=True) == \
        "Antalet blanketter redovisas för första gången för 2018 och var då 1."
    assert t.forandring_mening("Kunskapsnivån", 3, 3, 2019, 2020, genus="utrum") == \
        "Kunskapsnivån var oförändrad (3) mellan 2019 och 2020."
    assert t.forandring_mening("IA-anmälningarna", 2, 1, 2019, 2020).startswith("IA-anmälningarna minskade")


def test_helpers():
    assert t.uppraknad([]) == "" and t.uppraknad(["a"]) == "a" and t.uppraknad(["a", "b"]) == "a och b"
    assert t.uppraknad(["a", "b", "c"]) == "a, b och c"
    assert t.liten_forsta("IA-anmälningar") == "IA-anmälningar" and t.liten_forsta("Antalet") == "antalet"
    assert t.saknas_mening("orosanmälningar", 2020, "Farsta") == "Det finns inga uppgifter om orosanmälningar för Farsta för 2020."


def test_brott_stycke_seed():
    vals = {2010: 14, 2011: 11, 2012: 15, 2013: 19, 2014: 17, 2015: 16, 2016: 12, 2017: 26, 2018: 40, 2019: 25, 2020: 30}
    df = pd.DataFrame([("s", a, "hets_mot_folkgrupp", v) for a, v in vals.items()],
                      columns=["namnd", "ar", "kategori", "antal"])
    k = brott.nyckeltal(brott.serie(df, ["s"]))
    assert t.brott_stycke(k, "på Södermalm") == (
        "Under perioden 2010–2020 varierade antalet anmälda brott om hets mot folkgrupp på Södermalm från 11 (2011) "
        "till 40 (2018). Från 2016 till 2017 var ökningen mer än en fördubbling. "
        f"Antalet ökade från 25 till 30 (+20{NB}%) mellan 2019 och 2020.")
    assert t.serie_stycke("antalet blanketter", brott.nyckeltal(None)) == "Det finns inga uppgifter om antalet blanketter."


def test_sammankomster_oros():
    assert t.sammankomster_mening(62, 5, 2020, "på Södermalm") == (
        "Under 2020 hölls 62 tillståndsgivna allmänna sammankomster på Södermalm. "
        "Dessutom förekom 5 sammankomster utan tillstånd.")
    assert t.sammankomster_mening(1, 0, 2020) == (
        "Under 2020 hölls 1 tillståndsgiven allmän sammankomst. Inga sammankomster utan tillstånd har noterats.")
    assert t.sammankomster_mening(pd.NA, None, 2020) == "Uppgift om allmänna sammankomster för 2020 saknas."
    assert t.oros_mening(0, 2, 2020) == (
        "Under 2020 kom det inte in några orosanmälningar om barn och unga kopplade till våldsbejakande extremism. "
        "Socialtjänsten hade 2 ärenden med sådan koppling.")
    assert t.oros_mening("färre än 3", 1, 2020) == (
        "Under 2020 kom det in färre än 3 orosanmälningar om barn och unga kopplade till våldsbejakande extremism. "
        "Socialtjänsten hade 1 ärende med sådan koppling.")
    assert t.oros_mening(None, None, 2020) == "Uppgift om orosanmälningar för 2020 saknas."
    assert t.oros_mening("x", "x", 2020) == (
        "Antalet orosanmälningar under 2020 redovisas inte, för att skydda enskilda personer. "
        "Antalet ärenden hos socialtjänsten redovisas inte, för att skydda enskilda personer.")


def test_blanketter_ia_klotter():
    av = pd.DataFrame({"etikett": ["Egna förvaltningen", "Annan förvaltning eller bolag i staden", "Okänd avsändare"],
                       "antal": pd.array([2, 1, 0], dtype="Int64")})
    k = {"senaste_ar": 2020, "senaste": 3, "foregaende_ar": 2019, "foregaende": 5}
    assert t.blanketter_stycke(k, av) == (
        "Under 2020 kom det in 3 blanketter för avidentifierad information, jämfört med 5 blanketter under 2019. "
        "Av dem kom 2 från egna förvaltningen och 1 från annan förvaltning eller bolag i staden.")
    assert t.blanketter_stycke({"senaste_ar": 2018, "senaste": 1, "foregaende_ar": 2017, "foregaende": None}) == \
        "Under 2018 kom det in 1 blankett för avidentifierad information."
    assert t.blanketter_stycke({"senaste_ar": 2021, "senaste": 0, "foregaende_ar": 2020, "foregaende": 1}) == \
        "Under 2021 kom det inte in någon blankett för avidentifierad information, jämfört med 1 blankett under 2020."
    assert t.blanketter_stycke({"senaste_ar": 2021, "senaste": 0, "foregaende_ar": 2020, "foregaende": 0}) == \
        "Under 2021 kom det inte in någon blankett för avidentifierad information, och inte heller under 2020."
    assert t.blanketter_stycke({"senaste_ar": 2021, "senaste": 2, "foregaende_ar": 2020, "foregaende": 0}) == \
        "Under 2021 kom det in 2 blanketter för avidentifierad information, jämfört med ingen under 2020."
    assert t.ia_mening({"antal": 3, "felmarkerade": 1, "staden": 104, "staden_felmarkerade": 35}, 2020, "hela staden") == (
        "Under 2020 kom det in 3 IA-anmälningar där VBE var ikryssat, varav 1 visade sig inte ha någon koppling "
        "till VBE. I hela staden gjordes 104 sådana anmälningar, varav 35 var felaktigt markerade.")
    assert t.ia_mening({"antal": 0, "staden": 1}, 2020, "hela staden") == (
        "Under 2020 kom det inte in någon IA-anmälan där VBE var ikryssat. I hela staden gjordes 1 sådan anmälan.")
    assert t.ia_mening({"antal": None}, 2020) == "Uppgift om IA-anmälningar för 2020 saknas."
    kk = pd.DataFrame({"etikett": ["SISAB (skolfastigheter)", "Trafikkontoret (appen Tyck till)"],
                       "antal": pd.array([4, 13], dtype="Int64")})
    kt = pd.DataFrame({"etikett": ["Högerextremt/nazistiskt", "Rasistiskt", "Vänsterautonomt", "Islamistiskt"],
                       "antal": pd.array([3, 2, 8, 0], dtype="Int64")})
    assert t.klotter_stycke(kk, kt, 2020) == (
        "Under 2020 kom det in 17 anmälningar om klotter: 4 från SISAB (skolfastigheter) och 13 från "
        "Trafikkontoret (appen Tyck till). Vanligast är vänsterautonomt klotter (8), följt av "
        "högerextremt/nazistiskt (3) och rasistiskt (2).")
    assert t.klotter_stycke(kk.assign(antal=pd.array([0, 0], dtype="Int64")), None, 2020) == \
        "Under 2020 kom det inte in några anmälningar om klotter."


def _kunskap():
    f = pd.DataFrame({"niva": [1, 2, 3, 4, 5], "antal": pd.array([0, 7, 12, 7, 1], dtype="Int64"),
                      "andel": pd.array([0, 7 / 27, 12 / 27, 7 / 27, 1 / 27], dtype="Float64")})
    return {"n": 27, "medel": 83 / 27, "median": 3.0, "fordelning": f}


def test_survey_sentences():
    assert t.svar_mening({"svar": 27, "tillfragade": 58, "andel": 27 / 58}) == \
        f"Enkäten besvarades av 27 enheter av 58 tillfrågade (47{NB}%)."
    assert t.svar_mening({"svar": 1, "tillfragade": None, "andel": None}) == \
        "Enkäten besvarades av 1 enhet; antalet tillfrågade är inte känt."
    assert t.svar_mening({"svar": 0}) == "Ingen enhet besvarade enkäten."
    assert t.kunskap_mening(_kunskap()) == (
        "Kunskapsnivån anges på en femgradig skala där 1 = ingen kunskap och 5 = mycket bra kunskap. "
        f"Medelvärdet är 3,07 och medianen 3 (27 svar). Vanligast är nivå 3, som 44{NB}% anger.")
    assert t.kunskap_mening({**_kunskap(), "median": 2.5}, med_skala=False).startswith(
        "Medelvärdet är 3,07 och medianen 2,5 (27 svar).")
    assert t.kunskap_mening({"n": 0}) == "Ingen enhet har svarat på frågan om kunskapsnivå."
    nu = _kunskap()
    assert t.kunskap_jamforelse_mening({"jamforbar": True, "ar_foreg": 2020, "nu": nu, "foreg": {"n": 30, "medel": 2.9}}) \
        == "Jämfört med 2020 har medelvärdet ökat från 2,90 till 3,07."
    assert t.kunskap_jamforelse_mening({"jamforbar": True, "ar_foreg": 2020, "nu": nu,
                                        "foreg": {"n": 30, "medel": 83 / 27}}) == "Medelvärdet är detsamma som 2020 (3,07)."
    assert t.kunskap_jamforelse_mening({"jamforbar": False, "ar_foreg": 2020, "nu": nu, "foreg": None,
                                        "orsak": "Frågan har ändrats sedan 2020 och jämförs därför inte."}) == \
        "Frågan har ändrats sedan 2020 och jämförs därför inte."


def test_kannedom_stycke():
    k = pd.DataFrame({"item": ["handlingsplan", "blankett", "vagledning", "webbutbildning"],
                      "etikett": ["Handlingsplanen", "Blanketten", "Vägledningen", "Webbutbildningen (genomförd)"],
                      "chef_andel": pd.array([1.0, 1.0, 0.5, pd.NA], dtype="Float64"),
                      "medarbetare_andel": pd.array([0.7, pd.NA, 0.6, 0.4], dtype="Float64")})
    assert t.kannedom_stycke(k) == (
        "Alla chefer som besvarat enkäten känner till handlingsplanen och blanketten för avidentifierad information. "
        f"Av cheferna känner 50{NB}% till vägledningen. "
        f"Bland medarbetarna känner i genomsnitt 70{NB}% till handlingsplanen och 60{NB}% till vägledningen. "
        f"I genomsnitt har 40{NB}% av medarbetarna genomfört webbutbildningen.")
    assert t.kannedom_stycke(k.iloc[0:0]) is None


def test_handelser_atgarder():
    pm = pd.DataFrame({"miljo": ["hoger", "vanster", "islamistisk", "annat"],
                       "etikett": ["Våldsbejakande högerextremism", "Våldsbejakande vänsterextremism",
                                   "Våldsbejakande islamistisk extremism", "Annat/oklart"],
                       "antal": pd.array([3, 1, 0, 0], dtype="Int64")})
    pt = pd.DataFrame({"etikett": ["Hot och kränkningar", "Våld"], "antal": pd.array([3, 1], dtype="Int64")})
    assert t.handelser_mening(pm, pt) == (
        "Enheterna har rapporterat 4 händelser, främst kopplade till våldsbejakande högerextremism (3). "
        "Vanligast är hot och kränkningar (3).")
    assert t.handelser_mening(pm.assign(antal=pd.array([2, 0, 0, 0], dtype="Int64"))) == \
        "Enheterna har rapporterat 2 händelser, alla kopplade till våldsbejakande högerextremism."
    assert t.handelser_mening(pm.assign(antal=pd.array([0, 0, 0, 0], dtype="Int64"))) == \
        "Inga händelser med koppling till våldsbejakande extremism har rapporterats."
    assert t.handelser_mening(pm.assign(antal=pd.array([pd.NA] * 4, dtype="Int64"))) == "Uppgift om händelser saknas."
    a = pd.DataFrame({"atgard": ["polisanmalan", "ia", "blankett", "orosanmalan"],
                      "etikett": ["Polisanmälan", "Anmälan i IA", "Blankett", "Orosanmälan"],
                      "ja": pd.array([1, 2, 1, 0], dtype="Int64")})
    assert t.atgarder_mening(a) == ("En enhet har gjort en polisanmälan, två enheter har gjort en anmälan i IA och "
                                    "en enhet har fyllt i blanketten för avidentifierad information.")
    assert t.atgarder_mening(a.assign(ja=pd.array([0, 0, 0, 0], dtype="Int64"))) == \
        "Ingen enhet har uppgett någon åtgärd efter händelser."


def test_webb_mening():
    k = {"ar": 2020, "genomforda": 152, "pagaende": 157, "anstallda": None, "andel_genomforda": None}
    assert t.webb_mening(k, "Södermalms stadsdelsförvaltning") == (
        "I Södermalms stadsdelsförvaltning hade vid slutet av 2020 totalt 152 personer genomfört "
        "webbutbildningen och 157 personer hade den pågående.")
    assert t.webb_mening({**k, "anstallda": 760, "andel_genomforda": 0.2}).endswith(
        f"Det motsvarar 20{NB}% av de anställda.")
    assert t.webb_mening({"ar": 2021, "genomforda": None, "pagaende": None}) == \
        "Uppgift om webbutbildningen för 2021 saknas."


def test_sammanfattning():
    hmf = {"senaste_ar": 2020, "senaste": 30, "foregaende_ar": 2019, "foregaende": 25, "forandring": 5,
           "procent": 0.2, "forsta_gangen": False}
    bl = {"senaste_ar": 2020, "senaste": 3, "foregaende_ar": 2019, "foregaende": 5, "forandring": -2,
          "procent": -0.4, "forsta_gangen": False}
    ia = {"senaste_ar": 2020, "senaste": 2, "foregaende_ar": 2019, "foregaende": 0, "forandring": 2,
          "procent": None, "forsta_gangen": True}
    pm = pd.DataFrame({"miljo": ["hoger", "vanster"], "etikett": ["Våldsbejakande högerextremism", "Vänster"],
                       "antal": pd.array([5, 3], dtype="Int64")})
    s = t.sammanfattning(
        {"antalet anmälda brott om hets mot folkgrupp": hmf, "antalet blanketter": bl, "antalet IA-anmälningar": ia},
        pm, _kunskap(), {"svar": 27, "tillfragade": 58, "andel": 27 / 58})
    assert s == (
        f"Antalet blanketter minskade från 5 till 3 (\u221240{NB}%) mellan 2019 och 2020. "
        "Antalet IA-anmälningar var för första gången större än 0 (2 år 2020). "
        "De flesta händelserna (5 av 8) rör våldsbejakande högerextremism. "
        "Kunskapsnivån i de egna verksamheterna har medelvärdet 3,07 och medianen 3 på en skala från 1 till 5. "
        f"Enkäten besvarades av 27 enheter av 58 tillfrågade (47{NB}%).")
    assert 3 <= s.count(". ") + 1 <= 6
    assert t.sammanfattning(ar=2021) == "Det finns inga uppgifter att sammanfatta för 2021."
    lang = t.sammanfattning({"a": hmf}, pm, _kunskap(), {"svar": 1}, nytt=["Ett.", "Två.", "Tre."])
    assert lang.count(".") == 6


def test_serie_stycke_several_doublings_in_one_sentence():
    k = {"senaste_ar": 2020, "senaste": 20, "foregaende_ar": 2019, "foregaende": 9, "antal_ar": 11,
         "ar_fran": 2010, "ar_till": 2020, "lagsta": (2010, 7), "hogsta": (2017, 34),
         "fordubblingar": [(2010, 2011, 15 / 7), (2016, 2017, 2.0), (2019, 2020, 20 / 9)]}
    assert t.serie_stycke("antalet anmälda brott", k, kort="antalet") == (
        "Under perioden 2010–2020 varierade antalet anmälda brott från 7 (2010) till 34 (2017). "
        "Ökningen var minst en fördubbling från 2010 till 2011, från 2016 till 2017 och från 2019 till 2020. "
        "Antalet ökade från 9 till 20 (+122\u00a0%) mellan 2019 och 2020.")


def test_handelser_mening_utan_dolda_tal():
    per_miljo = pd.DataFrame({"miljo": ["hoger", "vanster"], "etikett": ["Våldsbejakande högerextremism",
                              "Våldsbejakande vänsterextremism"], "antal": pd.array([4, 2], dtype="Int64")})
    per_typ = pd.DataFrame({"handelsetyp": ["asikter", "hot_krankning"], "etikett": [
        "Person som uttryckt våldsbejakande åsikter", "Hot och kränkningar"], "antal": pd.array([2, 1], dtype="Int64")})
    assert t.handelser_mening(per_miljo, per_typ) == (
        "Enheterna har rapporterat 6 händelser, främst kopplade till våldsbejakande högerextremism (4). "
        "Vanligast är person som uttryckt våldsbejakande åsikter (2).")
    assert t.handelser_mening(per_miljo, per_typ, dold_total=True, dolda_miljoer={"hoger"},
                              dolda_typer={"asikter"}) == (
        "Enheterna har rapporterat händelser, främst kopplade till våldsbejakande högerextremism. "
        "Alla antal redovisas inte, för att skydda enskilda personer.")
    assert t.handelser_mening(per_miljo, per_typ, dolda_miljoer={"vanster"}) == (
        "Enheterna har rapporterat 6 händelser, främst kopplade till våldsbejakande högerextremism (4). "
        "Vanligast är person som uttryckt våldsbejakande åsikter (2).")


def test_sammanfattning_utan_dolda_tal():
    miljoer = pd.DataFrame({"miljo": ["hoger", "vanster"], "etikett": ["Våldsbejakande högerextremism",
                            "Våldsbejakande vänsterextremism"], "antal": pd.array([7, 4], dtype="Int64")})
    assert "De flesta händelserna (7 av 11) rör våldsbejakande högerextremism." in t.sammanfattning(miljoer=miljoer)
    assert "De flesta händelserna rör våldsbejakande högerextremism." in t.sammanfattning(
        miljoer=miljoer, dolda_miljoer={"hoger"})
    assert "av 11" not in t.sammanfattning(miljoer=miljoer, dold_total=True)
