"""Accessible HTML tables with Swedish table symbols.

``Tabell(df, rubrik, kalla, noter=[...])`` renders (``_repr_html_``)::

    <div class="tabell">
      <table>
        <caption>rubrik</caption>
        <thead><tr><th scope="col">…</th>…</tr></thead>
        <tbody><tr><th scope="row">…</th><td class="tal">1&nbsp;700</td>…</tr></tbody>
      </table>
      <p class="tabellnot">Not …</p>
      <p class="tabellkalla">Källa: …</p>
    </div>

Cells go through :func:`vbe_lib.presentation.fmt.cell`: 0 → "–", missing → "..", numbers with
Swedish separators; text (e.g. a suppressed "färre än 3") is shown as given.

A cell that holds only a table symbol ("–", "..", "x") is read as nothing, or as
"dash", by common screen readers at their default settings. Such a cell carries its
spoken form (:data:`UTTAL`: "noll", "uppgift saknas", "dolt"): the symbol is
``aria-hidden`` and followed by the spoken form as screen-reader-only text; the
attribute ``data-pdf-text`` makes the PDF renderer give the symbol the spoken form
as ``/ActualText`` (:mod:`vbe_lib.render.pdf`), and the Word renderer names the
symbols in the table's description (:mod:`vbe_lib.render.docx`).

The table sits in a labelled region (``role="region"``, ``aria-label`` = the
caption, ``tabindex="0"``) that scrolls sideways on a narrow screen, so a wide table
never makes the whole page scroll.
Columns listed in ``procent`` hold shares 0–1 and are shown as "44 %"; columns in
``tecken`` are changes shown with sign ("+23", "−4"); year columns (``ar``, and any
column named "År") are shown without thousands separator.
"""
from __future__ import annotations

import html
import numbers
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from vbe_lib.presentation import fmt
from vbe_lib.integritet.undertryckning import DOLD_SEKUNDAR, ar_dold_cell

__all__ = ["Tabell", "UTTAL", "symbolcell"]

#: the spoken form of a cell holding only a table symbol
UTTAL = {fmt.NOLL: "noll", fmt.SAKNAS: "uppgift saknas", DOLD_SEKUNDAR: "dolt"}


def symbolcell(text: str) -> str:
    """The escaped HTML content of a cell: a table symbol with its spoken form, any
    other text as it is."""
    uttal = UTTAL.get(text.strip())
    if uttal is None:
        return html.escape(text)
    return (f'<span aria-hidden="true" data-pdf-text="{uttal}">{html.escape(text.strip())}</span>'
            f'<span class="lasartext">{uttal}</span>')


def _ar_tal(v: Any) -> bool:
    return isinstance(v, (numbers.Number, Decimal)) and not isinstance(v, bool)


class Tabell:
    """A table ready for the report (HTML now, DataFrame for Excel export)."""

    def __init__(
        self,
        df: pd.DataFrame,
        rubrik: str,
        kalla: str,
        noter: Sequence[str] = (),
        radrubrik: bool = True,
        decimaler: int | Mapping[str, int] = 0,
        procent: Sequence[str] = (),
        tecken: Sequence[str] = (),
        ar: Sequence[str] = (),
    ) -> None:
        self.df = df.reset_index(drop=True).copy()
        self.rubrik = rubrik
        self.kalla = kalla
        self.noter = list(noter)
        self.radrubrik = radrubrik
        self.decimaler = decimaler
        self.procent = set(procent)
        self.tecken = set(tecken)
        #: year columns: shown without thousands separator ("2020", not "2 020")
        self.ar = set(ar) | {c for c in self.df.columns if str(c).strip().casefold() in ("ar", "år")}

    # ------------------------------------------------------------ cells
    def _dec(self, kol: str) -> int:
        return self.decimaler.get(kol, 0) if isinstance(self.decimaler, Mapping) else int(self.decimaler)

    def formatera(self, kol: str, v: Any) -> str:
        """The text of one cell of column ``kol``."""
        if isinstance(v, str):
            return v
        if fmt.ar_saknas(v):
            return fmt.SAKNAS
        if _ar_tal(v) and v == 0 and (kol in self.procent or kol in self.tecken):
            return fmt.NOLL
        if kol in self.ar and _ar_tal(v):
            return str(int(v))
        if kol in self.procent:
            return fmt.procent(v, self._dec(kol))
        if kol in self.tecken:
            return fmt.tecken(v, self._dec(kol))
        if _ar_tal(v):
            return fmt.cell(v, self._dec(kol))
        return str(v)

    def _numerisk(self, kol: str) -> bool:
        s = self.df[kol]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            return True
        # mixed columns: numbers plus text such as a suppressed "färre än 3"; a column
        # holding only suppression symbols and table symbols is a count column too
        vals = [v for v in s if not fmt.ar_saknas(v) and not isinstance(v, str)]
        if vals:
            return all(_ar_tal(v) for v in vals)
        texter = [v for v in s if isinstance(v, str)]
        return bool(texter) and all(ar_dold_cell(v.strip()) or v.strip() in (fmt.NOLL, fmt.SAKNAS) for v in texter)

    # ------------------------------------------------------------ output
    def html(self) -> str:
        kol = [str(c) for c in self.df.columns]
        num = {c: self._numerisk(c) for c in self.df.columns}
        e = html.escape
        ut = [f'<div class="tabell" role="region" aria-label="{e(self.rubrik, quote=True)}" tabindex="0">', "<table>", f"<caption>{e(self.rubrik)}</caption>", "<thead><tr>"]
        for c, namn in zip(self.df.columns, kol):
            klass = ' class="tal"' if num[c] and not (self.radrubrik and c == self.df.columns[0]) else ""
            ut.append(f'<th scope="col"{klass}>{e(namn)}</th>')
        ut.append("</tr></thead>")
        ut.append("<tbody>")
        for _, rad in self.df.iterrows():
            ut.append("<tr>")
            for i, c in enumerate(self.df.columns):
                text = symbolcell(self.formatera(c, rad[c]))
                if i == 0 and self.radrubrik:
                    ut.append(f'<th scope="row">{text}</th>')
                elif num[c]:
                    ut.append(f'<td class="tal">{text}</td>')
                else:
                    ut.append(f"<td>{text}</td>")
            ut.append("</tr>")
        ut.append("</tbody></table>")
        for n in self.noter:
            ut.append(f'<p class="tabellnot">{e(n)}</p>')
        ut.append(f'<p class="tabellkalla">Källa: {e(self.kalla)}</p>')
        ut.append("</div>")
        return "".join(ut)

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"Tabell({self.rubrik!r})"

    def to_dataframe(self, formaterad: bool = False) -> pd.DataFrame:
        """The table for export: raw values (default) or the formatted cell texts."""
        if not formaterad:
            return self.df.copy()
        return pd.DataFrame({c: [self.formatera(c, v) for v in self.df[c]] for c in self.df.columns})
