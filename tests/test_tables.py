"""tables: accessible HTML, Swedish symbols, no reprs."""
import pandas as pd

from vbe_lib.presentation.tables import Tabell

NB = "\u00a0"


def _tabell():
    df = pd.DataFrame({
        "Skolform": ["Kommunala grund- och grundsärskolor", "Kommunala gymnasie- och gymnasiesärskolor",
                     "Fristående grund- och gymnasieskolor"],
        "Antal svar 2018": pd.array([57, 26, 64], dtype="Int64"),
        "Antal svar 2019": pd.array([80, 22, 36], dtype="Int64"),
        "Förändring": pd.array([23, -4, -28], dtype="Int64"),
        "Andel": pd.array([0.5, 0.0, pd.NA], dtype="Float64"),
        "Personer": ["färre än 3", 0, 1700],
        "Kommentar": ["a<b", None, "c"],
    })
    return Tabell(df, "Antal svar per skolform 2018–2019", "Utbildningsförvaltningens enkät",
                  noter=["Färre än 3 visas inte."], procent=["Andel"], tecken=["Förändring"])


def test_html_structure():
    h = _tabell()._repr_html_()
    # a labelled region that scrolls sideways on a narrow screen
    assert h.startswith('<div class="tabell" role="region" aria-label="Antal svar per skolform 2018–2019" tabindex="0">'
                        '<table><caption>Antal svar per skolform 2018–2019</caption><thead><tr>')
    assert '<th scope="col">Skolform</th><th scope="col" class="tal">Antal svar 2018</th>' in h
    assert '<th scope="row">Kommunala grund- och grundsärskolor</th><td class="tal">57</td><td class="tal">80</td>' \
           '<td class="tal">+23</td>' in h
    assert '<td class="tal">\u22124</td>' in h and '<td class="tal">\u221228</td>' in h
    assert f'<td class="tal">50{NB}%</td>' in h
    # a symbol-only cell carries its spoken form (screen readers read "–" as nothing)
    noll = ('<span aria-hidden="true" data-pdf-text="noll">\u2013</span>'
            '<span class="lasartext">noll</span>')
    saknas = ('<span aria-hidden="true" data-pdf-text="uppgift saknas">..</span>'
              '<span class="lasartext">uppgift saknas</span>')
    assert f'<td class="tal">{noll}</td>' in h                       # zero
    assert f'<td class="tal">{saknas}</td>' in h                     # missing
    assert '<td class="tal">färre än 3</td>' in h and f'<td class="tal">1{NB}700</td>' in h
    assert "<td>a&lt;b</td>" in h and f"<td>{saknas}</td>" in h
    assert h.endswith('</tbody></table><p class="tabellnot">Färre än 3 visas inte.</p>'
                      '<p class="tabellkalla">Källa: Utbildningsförvaltningens enkät</p></div>')
    assert "<NA>" not in h and "nan" not in h and "dtype" not in h


def test_no_row_headers():
    t = Tabell(pd.DataFrame({"År": [2019, 2020], "Antal": [5, 3]}), "R", "K", radrubrik=False)
    h = t.html()
    assert 'scope="row"' not in h and '<td class="tal">2019</td>' in h


def test_to_dataframe_and_repr():
    t = _tabell()
    raw = t.to_dataframe()
    assert raw["Antal svar 2019"].tolist() == [80, 22, 36]
    f = t.to_dataframe(formaterad=True)
    assert f["Förändring"].tolist() == ["+23", "\u22124", "\u221228"]
    assert f["Andel"].tolist() == [f"50{NB}%", "\u2013", ".."]
    assert repr(t) == "Tabell('Antal svar per skolform 2018–2019')"
    assert not hasattr(t, "_repr_png_")


def test_kolumn_med_bara_undertryckta_varden_ar_hogerstalld():
    """A count column whose cells are all hidden or symbols ("x", "färre än 3", "–")
    is still a count column (right-aligned like the others); free text is not."""
    df = pd.DataFrame({"År": [2019, 2020, 2021], "Oros": ["x", "färre än 3", "–"], "Text": ["x", "ja", "nej"]})
    h = Tabell(df, "Rubrik", "Källa", ar=["År"])._repr_html_()
    assert '<th scope="col" class="tal">Oros</th>' in h and '<td class="tal">färre än 3</td>' in h
    assert '<th scope="col">Text</th>' in h


def test_symbolcell_uttal():
    from vbe_lib.presentation.tables import UTTAL, symbolcell

    assert UTTAL == {"\u2013": "noll", "..": "uppgift saknas", "x": "dolt"}
    assert symbolcell("x") == ('<span aria-hidden="true" data-pdf-text="dolt">x</span>'
                               '<span class="lasartext">dolt</span>')
    assert symbolcell("färre än 3") == "färre än 3" and symbolcell("a<b") == "a&lt;b"
    assert symbolcell("12") == "12"
