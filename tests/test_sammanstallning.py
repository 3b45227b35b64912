"""The city-wide summary (issue 7).

* cross-check: for every committee of plan years 2021 and 2024 (before/after the 2023
  reorganisation) the figures in the summary's per-committee table equal what that
  committee's own lägesbild shows (its sections' tables and sentences, built with a
  fresh ``Lagesbild.fran``) and its follow-up report's status table;
* the generated sentences;
* the charts added for the summary;
* the notebook executes for 2021 with only HTML/Markdown outputs.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from vbe_lib.presentation import fmt, text
from vbe_lib.rapporter import lagesbild
from vbe_lib.integritet import undertryckning
from vbe_lib.parametrar import vocab
from vbe_lib.analys import aktiviteter as aktanalys
from vbe_lib.presentation.charts import Figur, gra, sma_multiplar, varmekarta
from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.indata.dataset import las_data
from vbe_lib.rapporter.lagesbild import Lagesbild
from vbe_lib.rapporter.sammanstallning import SMALL_N, Sammanstallning, forandring_namnder_mening, kunskap_stad_mening, miljo_mening, sammanslagna_ar, svarsfrekvens_mening
from vbe_lib.presentation.tables import Tabell
from vbe_lib.parametrar.ordlistor import Kommunord

#: Stockholm's word for itself (parameters/kommun.yml ord:)
STADEN = Kommunord(kommunen="staden")

ROT = Path(__file__).resolve().parents[1]
NB = ROT / "notebooks" / "sammanstallning.ipynb"


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def konf():
    return Konfiguration.las(ROT / "parameters")


@pytest.fixture(scope="module")
def ds(konf):
    return las_data(ROT / "data", konf, cache=True)


_BYGGDA: dict[int, Sammanstallning] = {}


def _samman(konf, ds, planar: int) -> Sammanstallning:
    if planar not in _BYGGDA:
        _BYGGDA[planar] = Sammanstallning.fran(konf, ds, planar, ROT / "data")
    return _BYGGDA[planar]


@pytest.fixture(scope="module", params=[2021, 2024])
def samman(request, konf, ds):
    return _samman(konf, ds, request.param)


@pytest.fixture
def utan_diagram(monkeypatch):
    """The committee reports' charts are not compared: skip drawing them (speed)."""
    for namn in ("tidsserie", "grupperade_staplar", "kunskap_fordelning", "kannedom", "svarsfrekvens"):
        monkeypatch.setattr(lagesbild, namn, lambda *a, **k: None)
    # free-text answers hold no figures either
    monkeypatch.setattr(Lagesbild, "_fritext", lambda self, *a, **k: [])


def _texter(delar) -> str:
    return "\n".join(d.data for d in delar if hasattr(d, "data") and isinstance(d.data, str))


def _tabell(delar, borjan: str) -> Tabell | None:
    for d in delar:
        if isinstance(d, Tabell) and d.rubrik.startswith(borjan):
            return d
    return None


def _rad(t: Tabell, ar: int) -> pd.Series:
    return t.df.loc[t.df["År"] == ar].iloc[0]


def _lika(a, b) -> bool:
    if fmt.ar_saknas(a) or fmt.ar_saknas(b):
        return fmt.ar_saknas(a) and fmt.ar_saknas(b)
    return a == b


# ------------------------------------------------------------------ committees of the year
def test_namnderna_for_planaret(samman, konf):
    slugs = list(samman.nyckeltal["slug"])
    assert slugs == [n.slug for n in konf.namnder_planar(samman.planar)]
    if samman.planar == 2021:
        assert {"rinkeby_kista", "spanga_tensta", "norrmalm", "ostermalm", "hagersten_alvsjo"} <= set(slugs)
        assert "jarva" not in slugs and "norra_innerstaden" not in slugs
    else:
        assert {"jarva", "norra_innerstaden"} <= set(slugs)
        assert not {"rinkeby_kista", "spanga_tensta", "norrmalm", "ostermalm"} & set(slugs)


# ------------------------------------------------------------------ the cross-check
def test_samma_siffror_som_namndernas_rapporter(samman, konf, ds, utan_diagram):
    """Every figure of the summary equals what the committee's own report shows."""
    Y, D = samman.planar, samman.planar - 1
    kontrollerade = 0
    for r in samman.nyckeltal.itertuples(index=False):
        lb = Lagesbild.fran(konf, ds, r.slug, Y)  # a fresh report object, not the summary's
        vad = f"{r.slug} {Y}"

        # --- survey, internal group: answers, response rate, knowledge, awareness, events
        if lb.har_kalla("enkat"):
            # the report's own call for its internal group (as in avsnitt_enkat)
            enk = lb._enkat_grupp("intern", "Internt" if lb.ar_distrikt else "Egna verksamheter")
            txt = _texter(enk)
            if r.svar:
                andel = None if fmt.ar_saknas(r.svarsfrekvens) else float(r.svarsfrekvens)
                tf = None if fmt.ar_saknas(r.tillfragade) else int(r.tillfragade)
                assert text.svar_mening({"svar": int(r.svar), "tillfragade": tf, "andel": andel}) in txt, vad
            if not fmt.ar_saknas(r.kunskap_n) and r.kunskap_n:
                grupp = "internt" if lb.ar_distrikt else "egna verksamheter"
                t = _tabell(enk, f"Kunskapsnivå, {grupp},")
                assert t is not None, vad
                assert (f"(medelvärde {fmt.tal(r.kunskap_medel, 2)}, median {lagesbild._kort(r.kunskap_median)}, "
                        f"{r.kunskap_n} svar)") in t.rubrik, vad
                assert int(t.df["Antal enheter"].sum()) == r.kunskap_n, vad
                kt = _tabell(enk, f"Kännedom bland chefer och medarbetare, {grupp},")
                if kt is not None:
                    for etikett, andel in zip(kt.df["Känner till"], kt.df["Chefer, andel ja"]):
                        it = next(k for k in vocab.KANNEDOM.nycklar if vocab.KANNEDOM.etikett(k) == etikett)
                        assert _lika(getattr(r, f"kannedom_{it}"), andel), (vad, it)
            # events: the heat map row as published = the sum of the totals rows of the
            # report's own tables (internal units and partners); "x" where the report
            # hides one of them (events that describe a person)
            synlig = samman.handelser_visning()[0]
            rad_vis = synlig[synlig["Nämnd"] == r.namn].iloc[0]
            for m in vocab.MILJOER.nycklar:
                delar, dolt = [], False
                for grupp in ("intern", "extern"):
                    ht = lb.handelsetabell(grupp)
                    etikett = vocab.MILJOER.etikett(m)
                    if ht.visning is None or etikett not in ht.visning.columns:
                        continue
                    v = ht.visning[etikett].iloc[-1]
                    dolt |= undertryckning.ar_dold_cell(v)
                    delar.append(v)
                if lb._urval(None).empty:
                    assert fmt.ar_saknas(rad_vis[m]), vad
                elif dolt:
                    assert rad_vis[m] == undertryckning.DOLD_SEKUNDAR, (vad, m)
                else:
                    assert int(rad_vis[m]) == sum(int(v) for v in delar) == int(getattr(r, f"handelser_{m}")), \
                        (vad, m)

        # --- anonymised forms
        if lb.har_kalla("blanketter") and not fmt.ar_saknas(r.blanketter):
            bl = lb.avsnitt_blanketter()
            t = _tabell(bl, "Blanketter för avidentifierad information per år")
            if t is not None:
                assert _rad(t, D)["Totalt"] == r.blanketter, vad
                if (t.df["År"] == D - 1).any():
                    assert _lika(_rad(t, D - 1)["Totalt"], r.blanketter_foreg), vad
            else:
                fras = ("inte in någon blankett" if r.blanketter == 0
                        else f"kom det in {fmt.antal_ord(r.blanketter, 'blankett', 'blanketter')}")
                assert fras in _texter(bl), vad

        # --- IA reports and wrongly flagged
        if lb.har_kalla("ia") and not fmt.ar_saknas(r.ia):
            ia = lb.avsnitt_ia()
            t = _tabell(ia, "IA-anmälningar där VBE är ikryssat")
            if t is not None:
                rad = _rad(t, D)
                assert rad["Anmälningar med VBE ikryssat"] == r.ia, vad
                assert rad["Anmälningar med VBE ikryssat"] - rad["Varav med koppling till VBE"] == r.ia_felmarkerade
            txt = _texter(ia)
            if r.ia == 0:
                assert "inte in någon IA-anmälan" in txt, vad
            else:
                assert f"kom det in {fmt.antal_ord(r.ia, 'IA-anmälan', 'IA-anmälningar')}" in txt, vad
                if r.ia_felmarkerade:
                    assert f"varav {fmt.tal(r.ia_felmarkerade)} visade sig" in txt, vad

        # --- graffiti
        if lb.har_kalla("klotter") and not fmt.ar_saknas(r.klotter):
            kl = lb.avsnitt_klotter()
            t = _tabell(kl, "Anmält klotter efter slag och källa")
            if r.klotter:
                assert t is not None and int(t.df["Totalt"].sum()) == r.klotter, vad
                assert f"kom det in {fmt.antal_ord(r.klotter, 'anmälan', 'anmälningar')} om klotter" in _texter(kl)
            else:
                assert t is None and "inte in några anmälningar om klotter" in _texter(kl), vad

        # --- hets mot folkgrupp
        if lb.har_kalla("brott") and not fmt.ar_saknas(r.hets):
            t = _tabell(lb.avsnitt_brott(), "Hets mot folkgrupp. Brott anmälda")
            assert _rad(t, D)["Antal"] == r.hets, vad
            assert _lika(_rad(t, D - 1)["Antal"], r.hets_foreg), vad

        # --- web training (the report's sentence from the summary's numbers)
        if lb.har_kalla("webbutbildning") and not (fmt.ar_saknas(r.webb_genomforda) and fmt.ar_saknas(r.webb_pagaende)):
            k = {"ar": D, "genomforda": None if fmt.ar_saknas(r.webb_genomforda) else int(r.webb_genomforda),
                 "pagaende": None if fmt.ar_saknas(r.webb_pagaende) else int(r.webb_pagaende),
                 "anstallda": None if fmt.ar_saknas(r.webb_anstallda) else int(r.webb_anstallda),
                 "andel_genomforda": None if fmt.ar_saknas(r.webb_andel) else float(r.webb_andel)}
            assert text.webb_mening(k, lb.n.forvaltning) in _texter(lb.avsnitt_webbutbildning()), vad

        # --- concern reports and cases: same raw value where the report shows a number,
        #     suppressed in both where the report suppresses it
        if lb.har_kalla("orosanmalningar"):
            t = _tabell(lb.avsnitt_orosanmalningar(), "Orosanmälningar om barn och unga")
            if t is not None and (t.df["År"] == D).any():
                rad = _rad(t, D)
                for kol, varde in (("Orosanmälningar", r.oros), ("Ärenden", r.arenden)):
                    v = rad[kol]
                    if isinstance(v, str) and v.startswith("färre än"):
                        assert 1 <= int(varde) < lb.minsta_antal, (vad, kol)
                    elif not isinstance(v, str):
                        assert _lika(v, varde), (vad, kol)

        # --- follow-up of plan Y−1: the follow-up report's status table
        if "aktiviteter" in lb.n.kallor:
            # loaded as the follow-up notebook loads it (las_uppfoljning(data, konf, slug, Y));
            # the status table is the follow-up report's own (statusrakning)
            u = samman.uppfoljningar[r.slug]
            assert (u.namnd, u.planar, u.foljs_upp) == (r.slug, Y, Y - 1)
            assert u.uppfoljningsdatum == dt.date(Y, 1, 1)  # the notebook's default (uppfoljningsdatum None)
            if u.saknas:
                assert fmt.ar_saknas(r.aktiviteter), vad
            else:
                tot = aktanalys.statusrakning(u.df).loc["Totalt"]
                assert tot["Totalt"] == r.aktiviteter, vad
                for k_ in vocab.STATUSAR.nycklar:
                    assert tot[vocab.STATUSAR.etikett(k_)] == getattr(r, f"status_{k_}"), (vad, k_)
        kontrollerade += 1
    assert kontrollerade == len(konf.namnder_planar(Y))


def test_publicerade_figurer(samman):
    """Spot checks of the published values (seed 002: Södermalm 2021)."""
    nt = samman.nyckeltal.set_index("slug")
    if samman.planar == 2021:
        s = nt.loc["sodermalm"]
        assert (s["svar"], round(float(s["kunskap_medel"]), 2), s["kunskap_median"]) == (27, 3.07, 3)
        assert (s["hets_foreg"], s["hets"]) == (25, 30)
    # Every district of the year has a crime series; the specialist committees none
    assert nt.loc[nt["typ"] == "stadsdelsnamnd", "hets"].notna().all()
    assert nt.loc[nt["typ"] == "facknamnd", "hets"].isna().all()


@pytest.fixture(scope="module")
def samman_2024(konf, ds):
    return _samman(konf, ds, 2024)


def test_avsnitten(samman_2024, ds):
    """All sections for 2024 (2021 is rendered by the notebook test)."""
    samman = samman_2024
    delar = samman.alla_avsnitt()
    txt = _texter(delar)
    assert "## Sammanfattning" in txt and "fiktiva exempeldata" in txt
    figurer = [d for d in delar if isinstance(d, Figur)]
    assert len(figurer) == 2 and all(f.alt and f.kalla for f in figurer)
    # merged districts are summed and said so
    serier = samman.hets_serier()
    if samman.planar == 2024:
        assert "Järva bildades 1 juli 2023 av Rinkeby-Kista och Spånga-Tensta" in txt
        assert "Järva" in serier and "Rinkeby-Kista" not in serier
        j = serier["Järva"].set_index("ar")["antal"]
        rk = ds.brott[(ds.brott["kategori"] == "hets_mot_folkgrupp") & ds.brott["namnd"].isin(
            ["rinkeby_kista", "spanga_tensta"]) & (ds.brott["ar"] == 2019)]["antal"].sum()
        assert j[2019] == rk
    stad = serier["Hela staden"].set_index("ar")["antal"]
    alla = ds.brott[ds.brott["kategori"] == "hets_mot_folkgrupp"].groupby("ar")["antal"].sum()
    assert stad[samman.dataar] == alla[samman.dataar]
    # knowledge: never ranked (committee order), few answers flagged
    t = _tabell(delar, "Kunskapsnivå i de egna verksamheterna per nämnd")
    assert list(t.df["Nämnd"])[:-1] == list(samman.nyckeltal["namn"])
    for n, a in zip(t.df["Antal svar (n)"][:-1], t.df["Anmärkning"][:-1]):
        assert (f"färre än {SMALL_N} svar" in a.lower()) == (not fmt.ar_saknas(n) and 0 < n < SMALL_N)
    # privacy: no concern-report count between 1 and the threshold is shown as a number
    o = _tabell(delar, "Orosanmälningar och ärenden per nämnd")
    if o is not None:
        for kol in ("Orosanmälningar", "Ärenden"):
            for v in o.df[kol]:
                assert isinstance(v, str) or fmt.ar_saknas(v) or v == 0 or v >= 3


def test_sammanslagna_ar(konf, ds):
    assert sammanslagna_ar(ds.brott, konf, "jarva", 2023) == list(range(2010, 2023))
    assert sammanslagna_ar(ds.brott, konf, "hagersten_alvsjo", 2020) == list(range(2010, 2020))
    assert sammanslagna_ar(ds.brott, konf, "sodermalm", 2023) == []


# ------------------------------------------------------------------ sentences
def _miljotabell(rader: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame({n: pd.array(v, dtype="Int64") for n, v in rader.items()},
                        index=vocab.MILJOER.nycklar).T


def test_miljo_mening_dominerar():
    t = _miljotabell({"A": [5, 1, 0, 0], "B": [3, 0, 2, 0], "C": [0, 4, 0, 0], "D": [pd.NA] * 4})
    m = miljo_mening(t)
    assert m.startswith("De flesta av händelserna som enheterna observerade (8 av 15) rör våldsbejakande "
                        "högerextremism, följt av våldsbejakande vänsterextremism (5).")
    assert "ensam vanligast i två av tre nämnder" in m


def test_miljo_mening_flest_lika_annat_inget():
    assert miljo_mening(_miljotabell({"A": [3, 2, 2, 0]})).startswith("Flest av händelserna")
    assert "Lika många händelser (3 var av 6) rör våldsbejakande högerextremism och våldsbejakande " \
           "vänsterextremism." == miljo_mening(_miljotabell({"A": [3, 3, 0, 0]}))
    assert "kan inte knytas till någon av de tre miljöerna" in miljo_mening(_miljotabell({"A": [1, 0, 0, 4]}))
    assert miljo_mening(_miljotabell({"A": [0, 0, 0, 0]}), ord=STADEN) == \
        "Ingen enhet i staden har rapporterat någon händelse i enkäten."
    assert miljo_mening(_miljotabell({"A": [0, 0, 0, 0]})) == \
        "Ingen enhet i kommunen har rapporterat någon händelse i enkäten."
    # a committee with answers but one missing count: which miljö leads is not known
    assert miljo_mening(_miljotabell({"A": [3, pd.NA, 0, 0]})).startswith("Vilken miljö")
    assert miljo_mening(_miljotabell({"A": [pd.NA] * 4})).startswith("Det finns inga uppgifter")


def test_forandring_namnder_mening():
    df = pd.DataFrame({"namn": ["A", "B", "C", "D", "E"], "foregaende": [25, 10, 4, 0, pd.NA],
                       "senaste": [30, 4, 4, 3, 9]})
    m = forandring_namnder_mening(df.iloc[:4], "antalet anmälda brott", 2019, 2020)
    assert m == ("Mellan 2019 och 2020 ökade antalet anmälda brott mest i A (från 25 till 30, +20\u00a0%) och D "
                 "(från 0 till 3); det minskade mest i B (från 10 till 4, \u221260\u00a0%).")
    # E's figure for 2019 is missing: which committee changed most is not known
    assert forandring_namnder_mening(df, "antalet anmälda brott", 2019, 2020) == (
        "Mellan 2019 och 2020 kan det inte anges var antalet anmälda brott ökade eller minskade mest: uppgift "
        "saknas för E.")
    # a committee the source does not apply to is no part
    assert forandring_namnder_mening(df.assign(galler=[True] * 4 + [False]), "antalet anmälda brott", 2019,
                                     2020) == m
    assert forandring_namnder_mening(df.iloc[[2]], "antalet", 2019, 2020) == \
        "Mellan 2019 och 2020 var antalet oförändrat i samtliga nämnder med uppgifter."
    assert forandring_namnder_mening(df.iloc[[4]], "antalet", 2019, 2020) is None
    # only decreases: the subject moves into the clause
    m = forandring_namnder_mening(df.iloc[[1]], "antalet blanketter", 2019, 2020)
    assert m == "Mellan 2019 och 2020 minskade antalet blanketter mest i B (från 10 till 4, \u221260\u00a0%)."


def test_svarsfrekvens_mening():
    df = pd.DataFrame({"namn": ["A", "B", "C", "D", "E", "F"], "svar": [27, 12, 3, 0, 9, 4],
                       "tillfragade": [58, 30, 4, 10, pd.NA, pd.NA],
                       "andel": [27 / 58, 0.4, 0.75, 0.0, pd.NA, pd.NA]})
    m = svarsfrekvens_mening(df)
    assert m.startswith("Svarsfrekvensen är för låg för att dra slutsatser (under 50\u00a0% eller färre än 5 svar) "
                        "för A (47\u00a0%), B (40\u00a0%), C (75\u00a0%, 3 svar) och F (4 svar).")
    assert "Ingen enhet besvarade enkäten i D." in m
    assert "För E är antalet tillfrågade enheter inte känt" in m
    ok = svarsfrekvens_mening(pd.DataFrame({"namn": ["A"], "svar": [30], "tillfragade": [40], "andel": [0.75]}))
    assert ok.startswith("Ingen nämnd med svar har för låg svarsfrekvens")


def test_kunskap_stad_mening():
    m = kunskap_stad_mening({"n": 597, "medel": 3.0737, "median": 3.0}, ["Skarpnäck", "Socialnämnden"], ord=STADEN)
    assert m.startswith("Kunskapsnivån i stadens egna verksamheter har medelvärdet 3,07 och medianen 3")
    assert "597 svar" in m and "rangordnas inte" in m
    assert "för Skarpnäck och Socialnämnden bygger de på färre än 10 svar" in m
    assert kunskap_stad_mening({"n": 0}, [], ord=STADEN) == "Ingen enhet i staden har svarat på frågan om kunskapsnivå."
    assert kunskap_stad_mening({"n": 0}, []) == "Ingen enhet i kommunen har svarat på frågan om kunskapsnivå."


# ------------------------------------------------------------------ charts
def test_varmekarta_siffror_och_gratoner():
    t = pd.DataFrame({"Högerextremism": pd.array([4, 0, pd.NA], dtype="Int64"),
                      "Vänsterextremism": pd.array([1, 12, pd.NA], dtype="Int64")}, index=["A", "B", "C"])
    f = varmekarta(t, "händelser per nämnd och miljö", "Enkäten")
    assert f.png.startswith(b"\x89PNG") and f.png == varmekarta(t, "händelser per nämnd och miljö", "Enkäten").png
    # a short alt text: the sums and the missing row are in the table beside the chart
    assert f.alt == ("Värmekarta över händelser per nämnd och miljö, 3 rader och 2 kolumner där en mörkare ruta "
                     "betyder fler. Högst värde, 12, har B (vänsterextremism); alla värden står i tabellen intill.")
    # the scale is one hue whose grey value falls as the count grows (readable in grayscale)
    from matplotlib import colormaps

    from vbe_lib.presentation.charts import VARMESKALA
    cm = colormaps[VARMESKALA]
    graa = [gra("#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in cm(x)[:3]))) for x in (0.1, 0.4, 0.7, 0.9)]
    assert graa == sorted(graa, reverse=True)


def test_varmekarta_med_dolda_celler():
    """Hidden cells ("x") are drawn without colour and written "x"; the totals are the
    published ones, never sums that would give a hidden cell away."""
    t = pd.DataFrame({"Högerextremism": pd.array([4, 0], dtype="object"),
                      "Vänsterextremism": pd.array(["x", 12], dtype="object")}, index=["A", "B"])
    t.iloc[0, 0] = "x"
    f = varmekarta(t, "händelser", "Enkäten", summor=["x", 12], kolumnsummor=["x", "x"])
    assert f.png.startswith(b"\x89PNG")
    assert "Högst visat värde, 12, har B (vänsterextremism)" in f.alt and len(f.alt) <= 250
    with pytest.raises(ValueError):
        varmekarta(t, "händelser", "Enkäten")


def test_miljo_mening_utan_tal():
    t = pd.DataFrame({"hoger": pd.array([4, 3], dtype="Int64"), "vanster": pd.array([1, 1], dtype="Int64"),
                      "islamistisk": pd.array([0, 0], dtype="Int64"), "annat": pd.array([0, 0], dtype="Int64")},
                     index=["A", "B"])
    assert "(7 av 9)" in miljo_mening(t)
    m = miljo_mening(t, utan_tal=True)
    assert m == ("De flesta av händelserna som enheterna observerade rör våldsbejakande högerextremism. Alla antal "
                 "redovisas inte, för att skydda enskilda personer.")


def test_stadens_tabell_doljer_det_namndernas_rapporter_doljer(samman):
    """A committee whose report hides events that describe a person: the city table
    shows "x" there, and the city's sums of those columns are hidden too."""
    vis, noter = samman.handelser_visning()
    sista = vis.iloc[-1]
    assert sista["Nämnd"] == "Hela staden"
    for slug, (_, rad) in zip(samman.nyckeltal["slug"], vis.iloc[:-1].iterrows()):
        d = samman.rapporter[slug].dolda_handelser()
        for m in vocab.MILJOER.nycklar:
            assert (rad[m] == "x") == (m in d.dolda_miljoer), (slug, m)
            if m in d.dolda_miljoer:
                assert sista[m] == "x"
        assert (rad["Totalt"] == "x") == d.dold_total
    if any(v == "x" for v in vis.iloc[:-1].to_numpy().ravel()):
        assert noter and sista["Totalt"] == "x"


def test_sma_multiplar():
    s = pd.DataFrame({"ar": [2019, 2020, 2021], "antal": pd.array([2, pd.NA, 5], dtype="Int64")})
    f = sma_multiplar({"A": s, "B*": s, "Hela staden": s}, "anmälda brott", "Brå",
                      fore_sammanslagning={"B*": 2021}, egen_skala=("Hela staden",))
    assert f.png.startswith(b"\x89PNG")
    assert f.alt == ("Små stapeldiagram, ett per område (3 områden), över anmälda brott. Hela staden 5 år 2021; "
                     "alla värden står i tabellen intill.")


# ------------------------------------------------------------------ notebook
def test_notebook_sparad_utan_utdata():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    koder = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(koder) == len(nb["cells"])  # no markdown cells
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in koder)
    assert "parameters" in koder[0]["metadata"]["tags"]
    src = "".join(koder[0]["source"])
    for p in ("planar = 2021", 'data_dir = "../data"', 'parametrar_dir = "../parameters"', "byggdatum = None"):
        assert p in src


@pytest.mark.slow
def test_notebook_kor_2021(tmp_path):
    papermill = pytest.importorskip("papermill")
    ut = tmp_path / "ut.ipynb"
    papermill.execute_notebook(str(NB), str(ut), cwd=str(NB.parent), kernel_name="python3", progress_bar=False,
                               parameters={"namnd": "_stad", "planar": 2021, "byggdatum": "2021-03-01"})
    nb = nbformat.read(ut, as_version=4)
    html = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o["output_type"] == "display_data", (c.source, o)
            typer = set(o["data"]) - {"text/plain"}
            assert typer and typer <= {"text/html", "text/markdown"}, (c.source, set(o["data"]))
            html.append(o["data"].get("text/html") or o["data"].get("text/markdown"))
    text_ = "\n".join(html)
    assert "Sammanfattning" in text_ and "<table" in text_ and text_.count("<img") == 2
    assert "Hägersten-Älvsjö bildades 1 juli 2020" in text_
