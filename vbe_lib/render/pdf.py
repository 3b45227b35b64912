"""PDF from the report HTML, with WeasyPrint in process (no CLI, no LaTeX, no browser).

A4 with running header (committee, title) and footer "Sida X (Y)" come from the
``@page`` rules of the template's stylesheet. The PDF is tagged (PDF/UA-1 variant),
its language is taken from ``<html lang="sv">``, its title from ``<title>``, and
its creation/modification dates from ``<meta name="dcterms.created|modified">``,
which the template fills from the build date. Nothing is fetched: only ``data:``
URLs are allowed. Fonts are local (DejaVu Sans) and embedded as subsets.

Two renders of the same HTML give identical bytes (no clock, no random ids: the
PDF/UA-1 variant of WeasyPrint writes neither; the file identifier is left out).
"""
from __future__ import annotations

import logging
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"


class PdfFel(Exception):
    """The PDF could not be produced (Swedish message)."""


def render_pdf(html: str, utfil: str | Path | None = None) -> bytes:
    """Render the self-contained report HTML as a PDF; write it to ``utfil`` if given."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint logs CSS it ignores at WARNING; keep the batch log quiet about it.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    try:
        dokument = HTML(string=html, url_fetcher=fetcher, base_url=None, media_type="print")
        pdf = dokument.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    except Exception as exc:  # WeasyPrint raises many kinds
        raise PdfFel(f"PDF kunde inte skapas: {type(exc).__name__}: {exc}") from exc
    if utfil is not None:
        Path(utfil).write_bytes(pdf)
    return pdf
