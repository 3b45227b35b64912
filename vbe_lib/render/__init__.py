"""Rendering of executed report notebooks: HTML (nbconvert, own template) and PDF (WeasyPrint).

    from vbe_lib.render import render_html, render_pdf, RenderFel
    html = render_html(nb, titel=..., undertitel=..., namnd_namn=..., byggdatum=date, dnr=None,
                       exempeldata=False, kommun="")
    pdf_bytes = render_pdf(html, "ut.pdf")
    docx_bytes = render_docx(nb, titel=..., ..., utfil="ut.docx")   # same arguments as render_html
"""
from __future__ import annotations

from vbe_lib.render.html import Rapportinfo, RenderFel, VbeHTMLExporter, forbered_utdata, render_html
from vbe_lib.render.docx import DocxFel, render_docx
from vbe_lib.render.pdf import PdfFel, render_pdf

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
