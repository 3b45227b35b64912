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
