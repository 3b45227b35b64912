"""charts: PNG bytes, determinism, alt text with the key numbers, accessible palette."""
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from vbe_lib.presentation import charts, fmt
from vbe_lib.analys import enkat

NB = "\u00a0"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def serie():
    return pd.DataFrame({"ar": list(range(2010, 2021)),
                         "antal": pd.array([14, 11, 15, 19, 17, 16, 12, 26, 40, 25, 30], dtype="Int64")})


def test_palette_contrast_and_patterns():
    assert all(charts.kontrast(f) >= 3.0 for f in charts.FARGER)
    assert len(set(charts.MONSTER)) == len(charts.MONSTER) == len(charts.FARGER)
    assert charts.kontrast("#000000") == pytest.approx(21.0)
    assert charts.tema()["font.sans-serif"] == ["DejaVu Sans"]


def test_tidsserie(serie):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f1 = charts.tidsserie(serie, "anmälda brott om hets mot folkgrupp på Södermalm", "Brottsförebyggande rådet")
        f2 = charts.tidsserie(serie, "anmälda brott om hets mot folkgrupp på Södermalm", "Brottsförebyggande rådet")
    assert f1.png.startswith(PNG) and f1.png == f2.png
    assert f1.alt == ("Stapeldiagram över anmälda brott om hets mot folkgrupp på Södermalm 2010–2020. "
                      "Högst 40 år 2018, 30 år 2020; alla värden står i tabellen intill.")
    assert f1.bildtext == ("Anmälda brott om hets mot folkgrupp på Södermalm 2010–2020. "
                           "Det senaste året, 2020, är markerat.")
    assert f1.kalla == "Brottsförebyggande rådet"
    assert plt.get_fignums() == []                     # nothing left open


def test_tidsserie_missing_years(serie):
    s = serie.copy()
    s.loc[3, "antal"] = pd.NA
    s.loc[10, "antal"] = pd.NA
    f = charts.tidsserie(s, "x", "k")
    assert f.alt == ("Stapeldiagram över x 2010–2020. Högst 40 år 2018, uppgift saknas för 2020; "
                     "alla värden står i tabellen intill.")
    with pytest.raises(ValueError):
        charts.tidsserie(s.iloc[0:0], "x", "k")


def test_figur_html_no_png_repr(serie):
    f = charts.tidsserie(serie, "brott", "Brå & polisen")
    h = f._repr_html_()
    assert h.startswith('<figure class="figur"><img src="data:image/png;base64,iVBORw0KGgo')
    assert 'alt="Stapeldiagram över brott 2010–2020.' in h and "<figcaption>" in h and "Brå &amp; polisen" in h
    assert not hasattr(f, "_repr_png_")
    assert repr(f).startswith("Figur(")


def test_grupperade_staplar():
    df = pd.DataFrame({"ar": [2019] * 3 + [2020] * 3, "etikett": ["Höger", "Vänster", "Islamistisk"] * 2,
                       "antal": pd.array([2, 1, 1, 2, 0, pd.NA], dtype="Int64")})
    f = charts.grupperade_staplar(df, "ar", "etikett", "blanketter per miljö", "Förvaltningen")
    assert f.png.startswith(PNG) and f.png == charts.grupperade_staplar(df, "ar", "etikett", "blanketter per miljö",
                                                                        "Förvaltningen").png
    assert f.alt == ("Grupperat stapeldiagram över blanketter per miljö, en stapel per etikett (Höger, Vänster och "
                     "Islamistisk). Störst är höger för 2019, 2; alla värden står i tabellen intill.")
    many = pd.DataFrame({"x": ["a"] * 6, "g": list("ABCDEF"), "antal": range(6)})
    with pytest.raises(ValueError):
        charts.grupperade_staplar(many, "x", "g", "s", "k")


def test_radbryt_efter_snedstreck_aldrig_inne_i_ord():
    assert charts._radbryt("Högerextremt/nazistiskt", 18) == "Högerextremt/\nnazistiskt"
    assert charts._radbryt("Annat/oklart", 18) == "Annat/oklart"
    assert charts._radbryt("a / b", 18) == "a / b"
    assert charts._radbryt("Våldsbejakande islamistisk extremism", 18) == "Våldsbejakande\nislamistisk\nextremism"


def test_grupperade_staplar_etiketterna_kroks_inte(monkeypatch):
    """The graffiti chart's five environments: no two tick labels overlap (the long
    "Högerextremt/nazistiskt" ran into "Rasistiskt" before it wrapped after the slash)."""
    figurer = []
    monkeypatch.setattr(charts, "_spara", lambda fig, kalla: figurer.append(fig) or b"")
    miljoer = ["Högerextremt/nazistiskt", "Rasistiskt", "Vänsterautonomt", "Islamistiskt", "Annat/oklart"]
    kallor = ["SISAB (skolfastigheter)", "Trafikkontoret (appen Tyck till)", "Annan källa"]
    df = pd.DataFrame([{"miljo": m, "kalla": k, "antal": 1} for m in miljoer for k in kallor])
    charts.grupperade_staplar(df, "miljo", "kalla", "klotter", "Förvaltningen")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figurer[0])
    canvas.draw()
    fig, r = figurer[0], canvas.get_renderer()
    rutor = sorted((t.get_window_extent(r) for t in fig.axes[0].get_xticklabels()), key=lambda b: b.x0)
    assert len(rutor) == 5
    for a, b in zip(rutor, rutor[1:]):
        assert a.x1 < b.x0, (a, b)


def test_kunskap_fordelning():
    f = pd.DataFrame({"niva": [1, 2, 3, 4, 5], "etikett": list(enkat.NIVAETIKETTER.values()),
                      "antal": pd.array([0, 7, 12, 7, 1], dtype="Int64"),
                      "andel": pd.array([0, 7 / 27, 12 / 27, 7 / 27, 1 / 27], dtype="Float64")})
    fig = charts.kunskap_fordelning({"n": 27, "medel": 83 / 27, "median": 3.0, "fordelning": f}, "Enkät 2021")
    assert fig.png.startswith(PNG)
    assert fig.alt == ("Stapeldiagram över kunskapsnivå på en skala 1–5, 27 svar. Medelvärde 3,07, median 3; "
                       "alla värden står i tabellen intill.")


def test_kannedom_and_svarsfrekvens():
    k = pd.DataFrame({"etikett": ["Handlingsplanen", "Vägledningen"],
                      "chef_andel": pd.array([1.0, pd.NA], dtype="Float64"),
                      "medarbetare_andel": pd.array([0.7, 0.55], dtype="Float64")})
    f = charts.kannedom(k, "Enkät 2021")
    assert f.png.startswith(PNG)
    assert f.alt == ("Liggande stapeldiagram över kännedom bland chefer och medarbetare, andel chefer och andel "
                     f"medarbetare för 2 saker att känna till. Flest chefer, {fmt.procent(1.0)}, känner till handlingsplanen; "
                     "alla värden står i tabellen intill.")
    s = pd.DataFrame({"avdelning": ["Förskola", "Äldreomsorg"], "svar": pd.array([12, 3], dtype="Int64"),
                      "tillfragade": pd.array([15, pd.NA], dtype="Int64"), "andel": pd.array([0.8, pd.NA], dtype="Float64")})
    g = charts.svarsfrekvens(s, "Enkät 2021")
    assert g.png.startswith(PNG) and g.png == charts.svarsfrekvens(s, "Enkät 2021").png
    assert g.alt == ("Liggande stapeldiagram över svarsfrekvens per avdelning, 2 staplar. "
                     "Alla värden står i tabellen intill.")


def test_alttext_en_eller_tva_meningar_hogst_250_tecken():
    kort = charts.alttext("Stapeldiagram över brott 2019–2020", "högst 5 år 2020")
    assert kort == "Stapeldiagram över brott 2019–2020. Högst 5 år 2020; alla värden står i tabellen intill."
    assert kort.count(". ") == 1
    # a main point that does not fit is dropped; a subject that does not fit is shortened at a word
    lang = charts.alttext("Stapeldiagram över " + "mycket långa ord " * 10, "huvudsak " * 20)
    assert len(lang) <= charts.ALT_MAX and "huvudsak" not in lang and lang.endswith("Alla värden står i tabellen intill.")
    langst = charts.alttext("Stapeldiagram över " + "ord " * 100)
    assert len(langst) <= charts.ALT_MAX and langst.endswith(" ord … Alla värden står i tabellen intill.")


def _etikettproblem(fig) -> list[str]:
    """Tick labels that overlap their neighbour or reach outside the image, and value
    labels outside it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    r = canvas.get_renderer()
    bredd, hojd = fig.bbox.width, fig.bbox.height
    fel = []
    for ax in fig.axes:
        for axel, etiketter in (("x", ax.get_xticklabels()), ("y", ax.get_yticklabels())):
            rutor = sorted(((t.get_window_extent(r), t.get_text()) for t in etiketter if t.get_text()),
                           key=lambda bt: bt[0].x0 if axel == "x" else bt[0].y0)
            for (a, ta), (b, tb) in zip(rutor, rutor[1:]):
                if (a.x1 > b.x0 + 0.5) if axel == "x" else (a.y1 > b.y0 + 0.5):
                    fel.append(f"{axel}: {ta!r} och {tb!r} överlappar")
            fel += [f"{axel}: {t!r} utanför bilden" for b, t in rutor if b.x0 < -0.5 or b.x1 > bredd + 0.5]
        for t in ax.texts:
            b = t.get_window_extent(r)
            if b.x0 < -0.5 or b.x1 > bredd + 0.5 or b.y1 > hojd + 0.5:
                fel.append(f"värdet {t.get_text()!r} utanför bilden")
    return fel


@pytest.mark.slow
def test_diagrammens_etiketter_kroks_inte_och_ryms(monkeypatch):
    """Every chart of a lägesbild (Södermalm 2021: the graffiti chart's long environment
    names) and of the city summary 2023 (small multiples over 13 years, whose last year
    label reached past the right edge): no label overlaps another or leaves the image."""
    from vbe_lib.indata.dataset import las_data
    from vbe_lib.parametrar.konfiguration import Konfiguration
    from vbe_lib.rapporter.lagesbild import Lagesbild
    from vbe_lib.rapporter.sammanstallning import Sammanstallning
    from pathlib import Path

    rot = Path(__file__).resolve().parents[1]
    konf = Konfiguration.las(rot / "parameters")
    ds = las_data(rot / "data", konf)
    fel, antal = [], [0]

    def spara(fig, kalla):
        antal[0] += 1
        fel.extend(f"{kalla[:40]}: {f}" for f in _etikettproblem(fig))
        return b""

    monkeypatch.setattr(charts, "_spara", spara)
    Lagesbild.fran(konf, ds, "sodermalm", 2021).alla_avsnitt()
    Sammanstallning.fran(konf, ds, 2023, rot / "data").alla_avsnitt()
    assert antal[0] >= 10 and not fel, fel
