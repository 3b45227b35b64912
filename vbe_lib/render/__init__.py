"""Rendering of executed report notebooks: HTML (nbconvert, own template) and PDF (WeasyPrint).

    from vbe_lib.render import render_html, render_pdf, RenderFel
    html = render_html(nb, titel=..., undertitel=..., namnd_namn=..., byggdatum=date, dnr=None,
                       exempeldata=False, kommun="")
    pdf_bytes = render_pdf(html, "ut.pdf")
    docx_bytes = render_docx(nb, titel=..., ..., utfil="ut.docx")   # same arguments as render_html
"""
from __future__ import annotations

import importlib
from typing import Any

#: the package's names and the module each lives in, imported when first used: nbconvert
#: (through nbformat and jsonschema) takes seconds to import, and a build that reuses
#: every report, or writes only the index pages (``vbe_lib.render.index``), needs none of it
_MODUL = {
    "Rapportinfo": "html", "RenderFel": "html", "VbeHTMLExporter": "html", "forbered_utdata": "html",
    "render_html": "html", "DocxFel": "docx", "render_docx": "docx", "PdfFel": "pdf", "render_pdf": "pdf",
}


def __getattr__(namn: str) -> Any:
    if namn in _MODUL:
        return getattr(importlib.import_module(f"vbe_lib.render.{_MODUL[namn]}"), namn)
    raise AttributeError(f"module 'vbe_lib.render' has no attribute {namn!r}")


__all__ = [
    "DocxFel",
    "PdfFel",
    "Rapportinfo",
    "RenderFel",
    "VbeHTMLExporter",
    "forbered_utdata",
    "render_docx",
    "render_html",
    "render_pdf",
]
