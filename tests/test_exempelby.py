"""A second municipality configured by files alone (tests/fixtures/exempelby, fictitious):
its reports' figures checked one by one against values computed here, with plain pandas
and Python, straight from the raw files – never with vbe_lib – and every caption and
sentence checked for words of Stockholm.

The fixture (see its README.md): Norra dalen and Södra dalen merged into Dalbygden on
1 January 2023; Skolnämnden is a specialist committee; every source has empty cells;
the files use Windows-1252, UTF-8 with BOM, UTF-8, semicolons, commas and tabs; the
municipality declares its own spellings (parameters/ordlistor/) and only a few words
(kommun.yml ord:), so the rest is neutral ("i hela kommunen", "Kommunens enkät").

Checks (each ``_kontroll`` below carries its number):
 1–5   hets mot folkgrupp of Dalbygden 2018–2022 (sum of the predecessors; 2021 missing because
       Södra dalen's cell is empty), its note, the sentence naming the part, range, change
 6–7   other crime categories 2022: a missing part named, zero said as zero
 8     hets 2022 → 2023 for Dalbygden's own year, with the percentage
 9–10  public gatherings 2021 and 2022 (one empty cell makes the 2022 sum missing)
11–13  concern reports 2022 (suppressed small sum) and cases (one miljö empty → missing, named)
14–15  concern reports and cases 2023 (own year)
16–19  forms 2021/2022 summed over predecessors, senders, a specialist committee's 0 → 1
20–23  IA: a predecessor without a single row → missing (named); own year; the municipality's
       total missing in 2022, 3 in 2023; the specialist committee's wrongly flagged (J/N)
24–27  graffiti 2022 by source (the municipality's owners and channels), total, empty
       Delområde, a year declared not delivered
28–29  web training sums with an empty cell (completed missing, in progress known)
30–36  survey: answers/asked, response rate, knowledge mean and median, managers' awareness
       (J/Ja/Nej), events with an empty count (cell, row and column totals missing), the
       specialist administration's units in the district, partners
37–38  follow-up: statuses outside the contract (Klart, Pågår, Genomförs löpande) counted
39–50  municipality summary 2023: forms, IA, graffiti, web training, follow-up, survey,
       knowledge, events, hets per district and for the whole municipality, the sums'
       missing parts named
51–54  municipality summary 2024: the same registers in the merged committee's own year
55–58  words: neutral and declared wording, no word of Stockholm anywhere, the data are
       marked as fictitious
"""
from __future__ import annotations

import io
import re
import statistics
from contextlib import redirect_stderr
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

ROT = Path(__file__).resolve().parents[1]
EXBY = ROT / "tests" / "fixtures" / "exempelby"
DATA, PARAM = EXBY / "data", EXBY / "parameters"

# ---------------------------------------------------------------- plain reading (no vbe_lib)
#: how each raw file is written (encoding, delimiter)
FILER = {"brott": ("cp1252", ";"), "sammankomster": ("utf-8-sig", ","), "orosanmalningar": ("utf-8", "\t"),
         "blanketter": ("utf-8", ";"), "ia": ("cp1252", ","), "klotter": ("utf-8", ";"),
         "webbutbildning": ("utf-8", ",")}
#: the spellings of committee names used in the files, by hand
NAMN = {"Norradalen": "Norra dalen", "Norra dalen": "Norra dalen", "Södra dalen": "Södra dalen",
        "Dalbygden": "Dalbygden", "Dalbygden (Exby)": "Dalbygden", "Skolnämnden": "Skolnämnden"}


def _ra(namn: str, under: str = "") -> pd.DataFrame:
    kod, sep = FILER.get(namn, ("utf-8", ";"))
    df = pd.read_csv(DATA / under / f"{namn}.csv", sep=sep, encoding=kod, dtype=str, keep_default_na=False)
    df = df[(df != "").any(axis=1)]  # empty rows are skipped, as the contract says
    for kol in ("Område", "Nämnd"):
        if kol in df.columns:
            df[kol] = df[kol].map(lambda v: NAMN.get(v, v))
    return df


def _tal(v: str):
    return None if v.strip() == "" else int(v)


def _summa(varden: list):
    """Missing as soon as one part is (the rule under test), else the sum."""
    return None if not varden or any(v is None for v in varden) else sum(varden)


def _ar(df: pd.DataFrame) -> pd.Series:
    return df["Datum"].str[:4].astype(int) if "Datum" in df.columns else df["År"].astype(int)


def _sv(x) -> str:
    """A number as the reports write it: '..' missing, '–' zero, Swedish grouping."""
    if x is None:
        return ".."
    if x == 0:
        return "–"
    return f"{x:,}".replace(",", " ")


def _procent(x: float) -> str:
    return f"{int(Decimal(str(x * 100)).quantize(Decimal(1), ROUND_HALF_UP))} %"


def _tal1(x: float, d: int) -> str:
    return str(Decimal(str(x)).quantize(Decimal(1).scaleb(-d), ROUND_HALF_UP)).replace(".", ",")


# ---------------------------------------------------------------- the reports, in process
@pytest.fixture(scope="module")
def rapporter():
    """Every part of every report of plan years 2023 and 2024 (and Norra dalen 2022),
    built in process from the fixture (charts drawn but not encoded)."""
    from vbe_lib.presentation import charts
    from vbe_lib.indata.dataset import las_data
    from vbe_lib.parametrar.konfiguration import Konfiguration
    from vbe_lib.rapporter import uppfoljning
    from vbe_lib.rapporter.lagesbild import Lagesbild
    from vbe_lib.rapporter.sammanstallning import Sammanstallning

    mp = pytest.MonkeyPatch()
    mp.setattr(charts, "_spara", lambda fig, kalla: b"")
    konf = Konfiguration.las(PARAM)
    ds = las_data(DATA, konf, cache=False)
    assert not ds.fel, [str(p) for p in ds.fel]
    ut: dict[str, list] = {}
    with redirect_stderr(io.StringIO()):
        for ar, slugs in ((2022, ["norra_dalen"]), (2023, ["dalbygden", "skolnamnden"]),
                          (2024, ["dalbygden", "skolnamnden"])):
            for slug in slugs:
                ut[f"{slug}-{ar}"] = Lagesbild.fran(konf, ds, slug, ar).alla_avsnitt()
                u = uppfoljning.las_uppfoljning(DATA, konf, slug, ar)
                ut[f"{slug}-{ar}-uppf"] = [d for f in (uppfoljning.avsnitt_inledning, uppfoljning.avsnitt_status,
                                                       uppfoljning.avsnitt_tabeller, uppfoljning.avsnitt_forsenade,
                                                       uppfoljning.avsnitt_forandringar) for d in f(u)]
            ut[f"stad-{ar}"] = Sammanstallning.fran(konf, ds, ar, DATA).alla_avsnitt()
    mp.undo()
    return ut


def _texter(delar: list) -> str:
    """Every sentence, caption, note, source and alt text of a report, one string."""
    ut = []
    for d in delar:
        if hasattr(d, "rubrik") and hasattr(d, "df"):
            ut += [d.rubrik, *d.noter, d.kalla, *(" | ".join(map(str, r)) for r in _visad(d).itertuples(index=False)),
                   " | ".join(map(str, d.df.columns))]
        elif hasattr(d, "bildtext"):
            ut += [d.bildtext, d.alt, d.kalla]
        elif hasattr(d, "data"):
            ut.append(str(d.data))
        elif hasattr(d, "text"):
            ut.append(str(d.text))
    return re.sub(r"\s+", " ", "\n".join(ut).replace("\xa0", " "))


def _visad(t) -> pd.DataFrame:
    """A table's cells as shown (strings)."""
    return pd.DataFrame({c: [t.formatera(c, v).replace("\xa0", " ") for v in t.df[c]] for c in t.df.columns})


def _tabell(delar: list, borjar: str) -> pd.DataFrame:
    traffar = [d for d in delar if hasattr(d, "rubrik") and d.rubrik.startswith(borjar)]
    assert len(traffar) == 1, (borjar, [getattr(d, "rubrik", "") for d in delar])
    return _visad(traffar[0]).set_index(_visad(traffar[0]).columns[0])


def _noter(delar: list, borjar: str) -> list[str]:
    return [n.replace("\xa0", " ") for d in delar if hasattr(d, "rubrik") and d.rubrik.startswith(borjar)
            for n in d.noter]


KONTROLLER: list[int] = []


def _kontroll(nr: int, sant: bool, vad: str = "") -> None:
    KONTROLLER.append(nr)
    assert sant, f"kontroll {nr}: {vad}"


# ---------------------------------------------------------------- committees
def test_hets_sum_of_predecessors_missing_part(rapporter):
    b = _ra("brott")
    h = b[b["Brottskategori"] == "Hets mot folkgrupp"]
    per_ar = {a: _summa([_tal(v) for v in d["Antal"]]) for a, d in h.groupby(_ar(h)) if a <= 2022}
    lb = rapporter["dalbygden-2023"]
    t = _tabell(lb, "Hets mot folkgrupp. Brott anmälda i Dalbygden")
    _kontroll(1, list(t["Antal"]) == [_sv(per_ar[a]) for a in range(2018, 2023)], str(t["Antal"].tolist()))
    tom = h[h["Antal"] == ""]
    saknad = f"{tom['Område'].iloc[0]} {tom['År'].iloc[0]}"
    _kontroll(2, f"..: uppgift saknas för {saknad}." in _noter(lb, "Hets mot folkgrupp. Brott anmälda i Dalbygden"))
    text = _texter(lb)
    _kontroll(3, f"Antalet var {per_ar[2022]} år 2022; jämförelsen med 2021 kan inte göras eftersom uppgift saknas "
                 f"för {saknad}." in text)
    kanda = {a: v for a, v in per_ar.items() if v is not None}
    lag = min(kanda, key=lambda a: (kanda[a], a))
    hog = min(kanda, key=lambda a: (-kanda[a], a))
    _kontroll(4, f"från {kanda[lag]} ({lag}) till {kanda[hog]} ({hog})" in text)
    _kontroll(5, list(t["Förändring"])[1:3] == [_sv(per_ar[2019] - per_ar[2018]), f"+{per_ar[2020] - per_ar[2019]}"])


def test_other_crime_categories(rapporter):
    b = _ra("brott")
    b22 = b[(_ar(b) == 2022)]
    text = _texter(rapporter["dalbygden-2023"])
    terror = b22[b22["Brottskategori"] == "Terroristbrott"]
    tom = terror[terror["Antal"] == ""]["Område"].iloc[0]
    _kontroll(6, f"Antalet brott rubricerade som terroristbrott under 2022 kan inte anges: uppgift saknas för {tom} "
                 "2022." in text)
    hogmal = _summa([_tal(v) for v in b22[b22["Brottskategori"] == "Högmålsbrott"]["Antal"]])
    _kontroll(7, hogmal == 0 and "Inga brott rubricerade som högmålsbrott anmäldes under 2022." in text)


def test_hets_own_year(rapporter):
    b = _ra("brott")
    h = b[b["Brottskategori"] == "Hets mot folkgrupp"]
    fore = _summa([_tal(v) for v in h[_ar(h) == 2022]["Antal"]])
    nu = _summa([_tal(v) for v in h[_ar(h) == 2023]["Antal"]])
    _kontroll(8, f"Antalet ökade från {fore} till {nu} (+{_procent((nu - fore) / fore)[:-2]} %) mellan 2022 och 2023."
              in _texter(rapporter["dalbygden-2024"]))


def test_gatherings(rapporter):
    s = _ra("sammankomster")
    t = _tabell(rapporter["dalbygden-2023"], "Allmänna sammankomster i Dalbygden")
    for nr, ar in ((9, 2021), (10, 2022)):
        d = s[_ar(s) == ar]
        med = _summa([_tal(v) for v in d[d["Tillstånd"] == "Tillståndsgiven"]["Antal"]])
        utan = _summa([_tal(v) for v in d[d["Tillstånd"] == "Ej tillståndsgiven"]["Antal"]])
        _kontroll(nr, [t.loc[str(ar), "Tillståndsgiven"], t.loc[str(ar), "Ej tillståndsgiven"]] == [_sv(med), _sv(utan)],
                  str(t))


def _oros(ar: int, typ: str):
    o = _ra("orosanmalningar")
    d = o[(_ar(o) == ar) & (o["Typ"] == typ)]
    return _summa([_tal(v) for v in d["Antal"]]), d


def test_concern_reports_and_cases(rapporter):
    text = _texter(rapporter["dalbygden-2023"])
    oros, _ = _oros(2022, "Orosanmälan om barn och unga")
    _kontroll(11, 0 < oros < 5 and "Under 2022 kom det in färre än 5 orosanmälningar" in text)
    arenden, d = _oros(2022, "Ärende hos socialtjänsten")
    tom = d[d["Antal"] == ""].iloc[0]
    namn = f"{tom['Nämnd']}, {tom['Miljö'].lower()}"
    _kontroll(12, arenden is None and f"Antalet ärenden hos socialtjänsten under 2022 kan inte anges: uppgift saknas "
                                      f"för {namn} 2022." in text)
    t = _tabell(rapporter["dalbygden-2023"], "Orosanmälningar om barn och unga")
    _kontroll(13, t.loc["2022", "Ärenden"] == ".." and t.loc["2022", "Orosanmälningar"] == "färre än 5")
    text24 = _texter(rapporter["dalbygden-2024"])
    oros, _ = _oros(2023, "Orosanmälan om barn och unga")
    _kontroll(14, f"Under 2023 kom det in {oros} orosanmälningar" in text24)
    arenden, _ = _oros(2023, "Ärende hos socialtjänsten")
    _kontroll(15, 0 < arenden < 5 and "Socialtjänsten hade färre än 5 ärenden" in text24)


def _rader(namn: str, nämnder: list[str], ar: int) -> pd.DataFrame:
    df = _ra(namn)
    return df[df["Nämnd"].isin(nämnder) & (_ar(df) == ar)]


def test_forms(rapporter):
    fore = ["Norra dalen", "Södra dalen"]
    n22, n21 = len(_rader("blanketter", fore, 2022)), len(_rader("blanketter", fore, 2021))
    text = _texter(rapporter["dalbygden-2023"])
    _kontroll(16, f"Under 2022 kom det in {n22} blanketter för avidentifierad information, jämfört med {n21} "
                  "blanketter under 2021." in text)
    avs = _rader("blanketter", fore, 2022)["Avsändare"].value_counts()
    _kontroll(17, f"Av dem kom {avs['Egna förvaltningen']} från egna förvaltningen och "
                  f"{avs['Extern samverkanspart']} från extern samverkanspart." in text)
    t = _tabell(rapporter["dalbygden-2023"], "Blanketter för avidentifierad information per år och miljö")
    _kontroll(18, list(t["Totalt"]) == [_sv(n21), _sv(n22)])
    sk22, sk21 = len(_rader("blanketter", ["Skolnämnden"], 2022)), len(_rader("blanketter", ["Skolnämnden"], 2021))
    _kontroll(19, sk21 == 0 and f"Under 2022 kom det in {sk22} blankett för avidentifierad information, jämfört med "
                                "ingen under 2021." in _texter(rapporter["skolnamnden-2023"]))


def test_ia(rapporter):
    ia = _ra("ia")
    utan = [n for n in ("Norra dalen", "Södra dalen") if not (ia["Nämnd"] == n).any()]
    _kontroll(20, utan == ["Norra dalen"] and "Antalet IA-anmälningar där VBE var ikryssat under 2022 kan inte anges: "
                                              "det finns inga rader för Norra dalen i något år."
              in _texter(rapporter["dalbygden-2023"]))
    egna23, alla23 = len(_rader("ia", ["Dalbygden"], 2023)), len(ia[_ar(ia) == 2023])
    _kontroll(21, f"Under 2023 kom det in {egna23} IA-anmälningar där VBE var ikryssat. I hela kommunen gjordes "
                  f"{alla23} sådana anmälningar." in _texter(rapporter["dalbygden-2024"]))
    sk = _rader("ia", ["Skolnämnden"], 2022)
    fel = int((sk["Felmarkerad"].str.strip().str.upper().isin(["J", "JA"])).sum())
    text = _texter(rapporter["skolnamnden-2023"])
    _kontroll(22, f"Under 2022 kom det in {len(sk)} IA-anmälningar där VBE var ikryssat, varav {fel} visade sig inte "
                  "ha någon koppling till VBE." in text)
    _kontroll(23, "Antalet sådana anmälningar i hela kommunen kan inte anges: det finns inga rader för Norra dalen i "
                  "något år." in text)


def test_graffiti(rapporter):
    fore = ["Norra dalen", "Södra dalen"]
    k = _rader("klotter", fore, 2022)
    kanal = {"Skolfastigheter AB": "Exempelby Skolfastigheter AB", "Säg till": "Felanmälan (appen Säg till)"}
    per = k["Källa"].map(kanal).value_counts()
    text = _texter(rapporter["dalbygden-2023"])
    _kontroll(24, f"Under 2022 kom det in {len(k)} anmälningar om klotter: {per['Exempelby Skolfastigheter AB']} från "
                  f"Exempelby Skolfastigheter AB och {per['Felanmälan (appen Säg till)']} från Felanmälan (appen Säg "
                  "till)." in text)
    t = _tabell(rapporter["dalbygden-2023"], "Anmält klotter efter slag och källa")
    _kontroll(25, sum(int(v) if v != "–" else 0 for v in t["Totalt"]) == len(k))
    d = _tabell(rapporter["dalbygden-2023"], "Anmält klotter per del av området")
    _kontroll(26, d.loc["Uppgift saknas", "Antal"] == _sv(int((k["Delområde"] == "").sum())))
    import yaml
    ej = yaml.safe_load((DATA / "datakalla.yml").read_text(encoding="utf-8"))["ej_levererat"]["klotter"]
    _kontroll(27, ej == [2021] and len(_rader("klotter", ["Norra dalen"], 2021)) > 0
              and "Antalet anmälningar om klotter under 2021 kan inte anges: uppgifterna för 2021 har inte levererats."
              in _texter(rapporter["norra_dalen-2022"]))


def test_web_training(rapporter):
    w = _ra("webbutbildning")
    d = w[w["Nämnd"].isin(["Norra dalen", "Södra dalen"]) & (_ar(w) == 2022)]
    gen, pag = _summa([_tal(v) for v in d["Genomförda"]]), _summa([_tal(v) for v in d["Pågående"]])
    _kontroll(28, f"I Dalbygdens förvaltning hade vid slutet av 2022 totalt {gen} personer genomfört webbutbildningen "
                  f"och {pag} personer hade den pågående." in _texter(rapporter["dalbygden-2023"]))
    s = w[(w["Nämnd"] == "Skolnämnden") & (_ar(w) == 2022)]
    gen, pag = _summa([_tal(v) for v in s["Genomförda"]]), _summa([_tal(v) for v in s["Pågående"]])
    _kontroll(29, gen is None and f"I Skolförvaltningen hade vid slutet av 2022 {pag} personer webbutbildningen "
                                  "pågående; uppgift om hur många som genomfört den saknas."
              in _texter(rapporter["skolnamnden-2023"]))


def _enkat(namn: str) -> pd.DataFrame:
    return _ra(namn, "enkat/2023")


def test_survey(rapporter):
    svar, tf = _enkat("svar"), _enkat("tillfragade")
    intern = svar[(svar["Nämnd"] == "Dalbygden") & (svar["Grupp"] == "intern")]
    asked = sum(int(v) for v in tf[(tf["Nämnd"] == "Dalbygden") & (tf["Grupp"] == "intern")]["Antal tillfrågade"])
    text = _texter(rapporter["dalbygden-2023"])
    _kontroll(30, f"Enkäten besvarades av {len(intern)} enheter av {asked} tillfrågade "
                  f"({_procent(len(intern) / asked)})." in text)
    kun = [int(v) for v in intern["Kunskap"] if v != ""]
    _kontroll(31, f"Medelvärdet är {_tal1(statistics.mean(kun), 2)} och medianen "
                  f"{_tal1(statistics.median(kun), 1)} ({len(kun)} svar)." in text)
    ja = {"j": 1, "ja": 1, "n": 0, "nej": 0, "vet ej": 0}
    plan = [ja[v.strip().lower()] for v in intern["Känner till planen"] if v.strip()]
    _kontroll(32, f"Av cheferna känner {_procent(sum(plan) / len(plan))} till handlingsplanen." in text)
    h = _enkat("handelser")
    hi = h[(h["Nämnd"] == "Dalbygden") & (h["Grupp"] == "intern")]
    t = _tabell(rapporter["dalbygden-2023"], "Händelser som enheterna observerat, efter slag och miljö, internt")
    tom = hi[hi["Antal"] == ""].iloc[0]
    _kontroll(33, t.loc[tom["Händelsetyp"], "Våldsbejakande högerextremism"] == ".." and
              t.loc[tom["Händelsetyp"], "Totalt"] == ".." and t.loc["Totalt", "Totalt"] == "..")
    full = hi[hi["Antal"] != ""].iloc[0]
    _kontroll(34, t.loc[full["Händelsetyp"], "Totalt"] == full["Antal"])
    fack = svar[(svar["Nämnd"] == "Skolnämnden") & (svar["Område"] == "Dalbygden")]
    fk = [int(v) for v in fack["Kunskap"] if v != ""]
    _kontroll(35, f"{len(fack)} enheter i Dalbygden besvarade enkäten. Kunskapsnivån har medelvärdet "
                  f"{_tal1(statistics.mean(fk), 1)} och medianen {int(statistics.median(fk))} ({len(fk)} svar)." in text)
    ext = svar[(svar["Nämnd"] == "Dalbygden") & (svar["Grupp"] == "extern")]
    ext_tf = int(tf[(tf["Nämnd"] == "Dalbygden") & (tf["Grupp"] == "extern")]["Antal tillfrågade"].iloc[0])
    _kontroll(36, f"Enkäten besvarades av {len(ext)} enhet av {ext_tf} tillfrågade ({_procent(len(ext) / ext_tf)})."
              in text)


#: the follow-up statuses as this test reads them (the contract's and the municipality's)
STATUS = {"genomförd": "Genomförd", "klart": "Genomförd", "pågående": "Pågående", "pågår": "Pågående",
          "genomförs löpande": "Pågående", "påbörjad": "Påbörjad", "ej påbörjad": "Ej påbörjad",
          "inställd": "Inställd", "": "Ingen status"}


def _statusar(slugs: list[str]) -> pd.Series:
    delar = [pd.read_csv(DATA / "aktiviteter" / "2022" / f"{s}.csv", sep=";", dtype=str, keep_default_na=False)
             for s in slugs]
    return pd.concat(delar)["Status"].str.strip().str.lower().map(STATUS).value_counts()


def test_follow_up(rapporter):
    db = _statusar(["norra_dalen", "sodra_dalen"])
    t = _tabell(rapporter["dalbygden-2023-uppf"], "Antal aktiviteter per grupp och status")
    _kontroll(37, all(t.loc["Totalt", k] == _sv(int(db.get(k, 0))) for k in STATUS.values()
                      if k in t.columns) and t.loc["Totalt", "Totalt"] == _sv(int(db.sum())))
    sk = _statusar(["skolnamnden"])
    t = _tabell(rapporter["skolnamnden-2023-uppf"], "Antal aktiviteter per grupp och status")
    _kontroll(38, t.loc["Totalt", "Pågående"] == _sv(int(sk["Pågående"])) and t.loc["Totalt", "Totalt"] == _sv(3))


# ---------------------------------------------------------------- the municipality's summary
def test_summary_2023(rapporter):
    s = rapporter["stad-2023"]
    fore = ["Norra dalen", "Södra dalen"]
    t = _tabell(s, "Blanketter, IA-anmälningar med VBE ikryssat och anmält klotter per nämnd, 2022")
    bl = {a: len(_rader("blanketter", fore, a)) for a in (2021, 2022)}
    sk = {a: len(_rader("blanketter", ["Skolnämnden"], a)) for a in (2021, 2022)}
    _kontroll(39, [t.loc["Dalbygden", c] for c in t.columns] == [_sv(bl[2021]), _sv(bl[2022]), "..", "..",
                                                                  _sv(len(_rader("klotter", fore, 2022)))])
    ia_sk = _rader("ia", ["Skolnämnden"], 2022)
    _kontroll(40, [t.loc["Skolnämnden", c] for c in t.columns] == [
        _sv(sk[2021]), _sv(sk[2022]), _sv(len(ia_sk)), _sv(int((ia_sk["Felmarkerad"] == "J").sum())), ".."])
    _kontroll(41, [t.loc["Summa för nämnderna", c] for c in t.columns] == [
        _sv(bl[2021] + sk[2021]), _sv(bl[2022] + sk[2022]), "..", "..", _sv(len(_rader("klotter", fore, 2022)))])
    _kontroll(42, ".. i summan: uppgift saknas för Dalbygden." in _noter(s, "Blanketter, IA-anmälningar"))
    w = _ra("webbutbildning")
    w22 = w[_ar(w) == 2022]
    t = _tabell(s, "Webbutbildningen per nämnd")
    _kontroll(43, t.loc["Summa för nämnderna", "Pågående"] == _sv(sum(int(v) for v in w22["Pågående"]))
              and t.loc["Summa för nämnderna", "Genomförda"] == ".."
              and ".. i summan: uppgift saknas för Skolnämnden." in _noter(s, "Webbutbildningen per nämnd"))
    t = _tabell(s, "Antal aktiviteter per status och nämnd")
    alla = _statusar(["norra_dalen", "sodra_dalen", "skolnamnden"])
    _kontroll(44, t.loc["Hela kommunen", "Totalt"] == _sv(int(alla.sum()))
              and t.loc["Hela kommunen", "Genomförd"] == _sv(int(alla["Genomförd"])))
    svar, tf = _enkat("svar"), _enkat("tillfragade")
    intern = svar[svar["Grupp"] == "intern"]
    t = _tabell(s, "Svar och svarsfrekvens i de egna verksamheterna per nämnd")
    asked = sum(int(v) for v in tf[tf["Grupp"] == "intern"]["Antal tillfrågade"])
    _kontroll(45, [t.loc["Hela kommunen", c] for c in ("Svar", "Tillfrågade", "Svarsfrekvens")] ==
              [_sv(len(intern)), _sv(asked), _procent(len(intern) / asked)])
    kun = [int(v) for v in intern["Kunskap"] if v]
    t = _tabell(s, "Kunskapsnivå i de egna verksamheterna per nämnd")
    _kontroll(46, t.loc["Hela kommunen", "Medelvärde"] == _tal1(statistics.mean(kun), 2)
              and t.loc["Hela kommunen", "Antal svar (n)"] == _sv(len(kun)))
    h = _enkat("handelser")
    t = _tabell(s, "Händelser som enheterna observerat per nämnd och miljö")
    sk_h = h[h["Nämnd"] == "Skolnämnden"]
    _kontroll(47, t.loc["Skolnämnden", "Totalt"] == _sv(sum(int(v) for v in sk_h["Antal"]))
              and t.loc["Dalbygden", "Våldsbejakande högerextremism"] == ".." and t.loc["Dalbygden", "Totalt"] == "..")
    _kontroll(48, t.loc["Hela kommunen", "Totalt"] == ".." and t.loc["Hela kommunen", "Annat/oklart"] == _sv(
        sum(int(v) for v in h[h["Miljö"] == "Annat/oklart"]["Antal"])))
    b = _ra("brott")
    hets = b[b["Brottskategori"] == "Hets mot folkgrupp"]
    t = _tabell(s, "Hets mot folkgrupp. Brott anmälda per kommundel 2021 och 2022")
    h22 = _summa([_tal(v) for v in hets[_ar(hets) == 2022]["Antal"]])
    _kontroll(49, [t.loc["Dalbygden", "2021"], t.loc["Dalbygden", "2022"]] == ["..", _sv(h22)]
              and [t.loc["Hela kommunen", "2021"], t.loc["Hela kommunen", "2022"]] == ["..", _sv(h22)])
    _kontroll(50, "Antalet anmälda brott om hets mot folkgrupp i hela kommunen var 8 år 2022; jämförelsen med 2021 "
                  "kan inte göras eftersom uppgift saknas för Södra dalen 2021." in _texter(s))


def test_summary_2024(rapporter):
    s = rapporter["stad-2024"]
    t = _tabell(s, "Blanketter, IA-anmälningar med VBE ikryssat och anmält klotter per nämnd, 2023")
    db = [len(_rader("blanketter", ["Norra dalen", "Södra dalen"], 2022)), len(_rader("blanketter", ["Dalbygden"], 2023)),
          len(_rader("ia", ["Dalbygden"], 2023)), 0, len(_rader("klotter", ["Dalbygden"], 2023))]
    _kontroll(51, [t.loc["Dalbygden", c] for c in t.columns] == [_sv(v) for v in db])
    sk = [len(_rader("blanketter", ["Skolnämnden"], 2022)), len(_rader("blanketter", ["Skolnämnden"], 2023)),
          len(_rader("ia", ["Skolnämnden"], 2023)), 0]
    _kontroll(52, [t.loc["Summa för nämnderna", c] for c in t.columns] ==
              [_sv(a + b) for a, b in zip(db, sk)] + [_sv(db[4])])
    ia = _ra("ia")
    _kontroll(53, f"I hela kommunen gjordes {len(ia[_ar(ia) == 2023])} IA-anmälningar där VBE var ikryssat."
              in _texter(s))
    w = _ra("webbutbildning")
    w23 = w[_ar(w) == 2023]
    gen, anst = sum(int(v) for v in w23["Genomförda"]), sum(int(v) for v in w23["Antal anställda"])
    t = _tabell(s, "Webbutbildningen per nämnd")
    _kontroll(54, [t.loc["Summa för nämnderna", c] for c in ("Genomförda", "Anställda", "Andel genomförda")] ==
              [_sv(gen), _sv(anst), _procent(gen / anst)])


# ---------------------------------------------------------------- words
#: words and names of Stockholm that must not appear in another municipality's reports
STOCKHOLM = ["Stockholm", "Sthlm", "staden", "Staden", "stadens", "Stadens", "stadsdel", "Stadsdel",
             "stadsövergripande", "Stadsövergripande", "SISAB", "Trafikkontoret", "Tyck till", "Brommaplan"]


def test_words(rapporter):
    from vbe_lib.parametrar.konfiguration import Konfiguration

    alla = " ".join(_texter(d) for d in rapporter.values())
    _kontroll(55, "i hela kommunen" in alla and "Kommunens enkät om våldsbejakande extremism" in alla
              and "Kommunens incidentrapportering (IA)" in alla)
    _kontroll(56, "per kommundel" in alla and "en kommundelsnämnd och en facknämnd" in alla
              and "Exempelby Skolfastigheter AB och appen Säg till, anmält klotter" in alla)
    sthlm = Konfiguration.las(ROT / "parameters")
    ord_ = STOCKHOLM + [n.kortnamn for n in sthlm.namnder.values()] + [n.namn for n in sthlm.namnder.values()]
    funna = sorted({w for w in ord_ if re.search(rf"(?<!\w){re.escape(w)}", alla)})
    _kontroll(57, not funna, f"Stockholms ord i Exempelbys rapporter: {funna}")
    readme = (EXBY / "README.md").read_text(encoding="utf-8")
    _kontroll(58, "påhittat" in readme and "Fiktiva exempeldata" in (DATA / "datakalla.yml").read_text(encoding="utf-8")
              and "fiktiva exempeldata" in alla.lower())


def test_validera_names_file_committee_and_readings():
    """``vbe validera``: the committee without rows in an event list, and how each value
    outside the contract was read, per file."""
    from vbe_lib.indata.validera import sammanfattning, validera
    from vbe_lib.parametrar.konfiguration import Konfiguration

    konf = Konfiguration.las(PARAM)
    problem = validera(DATA, konf, cache=False)
    rader = [str(p) for p in problem]
    assert not [p for p in problem if p.ar_fel], rader
    assert any(r.startswith("varning: ia.csv: inga rader för Norra dalen något år") for r in rader), rader
    assert 'tolkning: ia.csv, kolumn "Felmarkerad": "J" lästes som "Ja" (rad 3 och 7).' in rader
    assert any('aktiviteter/2022/norra_dalen.csv, kolumn "Status": "Klart" lästes som "Genomförd" (rad 2)' in r
               for r in rader)
    assert any('klotter.csv, kolumn "Källa": "Säg till" lästes som "Felanmälan (appen Säg till)"' in r for r in rader)
    assert "lästes genom kommunens ordlistor" in sammanfattning(problem, 18)


def test_summary_refuses_a_committee_with_errors(tmp_path):
    """A committee whose data have an error gets no report; in the summary its figures are
    missing – never what is left of its data once the bad row is dropped."""
    import shutil

    from vbe_lib.indata.dataset import las_data
    from vbe_lib.parametrar.konfiguration import Konfiguration
    from vbe_lib.rapporter.sammanstallning import Sammanstallning

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".cache"))
    fil = data / "blanketter.csv"
    fil.write_text(fil.read_text(encoding="utf-8").replace(
        "Skolnämnden;2023-01-20;Våldsbejakande högerextremism", "Skolnämnden;2023-01-20;Våldsbejakande högerextremismm"),
        encoding="utf-8")
    konf = Konfiguration.las(PARAM)
    ds = las_data(data, konf, cache=False)
    assert [p.namnd for p in ds.fel] == ["skolnamnden"]
    with redirect_stderr(io.StringIO()):
        s = Sammanstallning.fran(konf, ds, 2024, data)
        delar = s.alla_avsnitt()
    t = _tabell(delar, "Blanketter, IA-anmälningar med VBE ikryssat och anmält klotter per nämnd, 2023")
    assert list(t.loc["Skolnämnden"]) == ["..", "..", "..", "..", ".."]
    assert t.loc["Summa för nämnderna", "Blanketter 2023"] == ".."
    assert "Uppgifterna för Skolnämnden innehåller fel och redovisas inte" in _texter(delar)
