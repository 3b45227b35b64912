"""PDF from the report HTML, with WeasyPrint in process (no CLI, no LaTeX, no browser).

A4 with running header (committee, title) and footer "Sida X (Y)" come from the
``@page`` rules of the template's stylesheet. The PDF is tagged (PDF/UA-1 variant),
its language is taken from ``<html lang="sv">``, its title from ``<title>``, and
its creation/modification dates from ``<meta name="dcterms.created|modified">``,
which the template fills from the build date. Nothing is fetched: only ``data:``
URLs are allowed. Fonts are local (DejaVu Sans) and embedded as subsets.

After WeasyPrint, the structure tree is completed with pikepdf
(:func:`komplettera_tabeller`): every table header cell (``/TH``) gets
``/Scope`` (``/Column`` or ``/Row``, decided from the cells that WeasyPrint
associated with it, i.e. from the HTML ``scope`` attributes) and the header ids
that data cells refer to (``/Headers``) are registered in an ``/IDTree``.
WeasyPrint 70 writes neither, and PDF/UA checkers warn about it.

Two renders of the same HTML give identical bytes (no clock, no random ids: the
PDF/UA-1 variant of WeasyPrint writes neither; the file identifier is derived
from the content).
"""
from __future__ import annotations

import io
import logging
import struct
from pathlib import Path
from typing import Any

PDF_VARIANT = "pdf/ua-1"


class PdfFel(Exception):
    """The PDF could not be produced (Swedish message)."""


def _barn(element: Any) -> list[Any]:
    """Child structure elements (dictionaries with /S) of a structure element."""
    import pikepdf

    k = element.get("/K")
    if k is None:
        return []
    lista = list(k) if isinstance(k, pikepdf.Array) else [k]
    return [b for b in lista if isinstance(b, pikepdf.Dictionary) and "/S" in b]


def _rader(tabell: Any) -> list[tuple[str, Any]]:
    """(group, TR) of a /Table in order; group is /THead, /TBody, /TFoot or /Table."""
    ut: list[tuple[str, Any]] = []
    for b in _barn(tabell):
        s = str(b.S)
        if s == "/TR":
            ut.append(("/Table", b))
        elif s in ("/THead", "/TBody", "/TFoot"):
            ut.extend((s, tr) for tr in _barn(b) if str(tr.S) == "/TR")
    return ut


def _komplettera_tabell(pdf: Any, tabell: Any, ids: dict[str, Any]) -> int:
    import pikepdf

    rader = _rader(tabell)
    # which data cells refer to which header id, and in which row they sit
    rad_for_ref: dict[str, set[int]] = {}
    for r, (_, tr) in enumerate(rader):
        for cell in _barn(tr):
            a = cell.get("/A")
            if str(cell.S) == "/TD" and isinstance(a, pikepdf.Dictionary) and "/Headers" in a:
                for h in a.Headers:
                    rad_for_ref.setdefault(str(h), set()).add(r)
    antal = 0
    for r, (grupp, tr) in enumerate(rader):
        for cell in _barn(tr):
            if str(cell.S) != "/TH":
                continue
            a = cell.get("/A")
            if not isinstance(a, pikepdf.Dictionary):
                a = pikepdf.Dictionary(O=pikepdf.Name.Table)
                cell.A = a
            if "/Scope" in a:
                continue
            ident = str(cell.get("/ID", ""))
            refererande = rad_for_ref.get(ident)
            if refererande:
                # a row header is referred to by data cells of its own row only
                rad = refererande == {r}
            else:
                rad = grupp in ("/TBody", "/Table") and r > 0
            a.Scope = pikepdf.Name.Row if rad else pikepdf.Name.Column
            if ident:
                ids.setdefault(ident, cell)
            antal += 1
    return antal


def komplettera_tabeller(pdf: Any) -> int:
    """Give every /TH of the structure tree a /Scope and register /ID values in an
    /IDTree. Returns the number of header cells completed."""
    import pikepdf

    rot = pdf.Root.get("/StructTreeRoot")
    if rot is None:
        return 0
    ids: dict[str, Any] = {}
    antal = 0
    stack = _barn(rot)
    while stack:
        e = stack.pop()
        if str(e.S) == "/Table":
            antal += _komplettera_tabell(pdf, e, ids)
        stack.extend(_barn(e))
    if ids and "/IDTree" not in rot:
        namn = pikepdf.Array()
        for ident in sorted(ids, key=lambda s: s.encode("utf-8")):
            namn.append(pikepdf.String(ident))
            namn.append(ids[ident])
        rot.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=namn))
    return antal


def _efterbearbeta(pdf_bytes: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if not komplettera_tabeller(pdf):
            return pdf_bytes
        ut = io.BytesIO()
        pdf.save(ut, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 min_version=pdf.pdf_version)
        return ut.getvalue()


def _idat(png: bytes) -> bytes | None:
    """The zlib stream (IDAT payload) of an 8-bit, non-interlaced RGB or greyscale PNG
    without transparency, i.e. exactly what a PDF image with ``/FlateDecode`` and
    PNG predictors (``/Predictor 15``) holds; ``None`` for any other PNG."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, delar, ihdr = 8, [], None
    while pos + 8 <= len(png):
        langd, typ = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + langd]
        if len(data) != langd:
            return None
        if typ == b"IHDR":
            ihdr = data
        elif typ == b"IDAT":
            delar.append(data)
        elif typ in (b"tRNS", b"PLTE"):
            return None
        elif typ == b"IEND":
            break
        pos += 12 + langd
    if ihdr is None or len(ihdr) != 13 or not delar:
        return None
    _b, _h, djup, fargtyp, komprimering, filtrering, interlace = struct.unpack(">IIBBBBB", ihdr)
    if djup != 8 or fargtyp not in (0, 2) or komprimering or filtrering or interlace:
        return None
    return b"".join(delar)


_PNG_DIREKT = False


def _png_utan_omkodning() -> None:
    """Let WeasyPrint embed suitable PNG images without decoding and re-encoding them.

    WeasyPrint 70 (``RasterImage.get_x_object``) decodes every PNG with Pillow,
    saves it again as PNG (zlib level 6) and keeps the IDAT payload as the PDF image
    stream. For an 8-bit RGB or greyscale PNG without transparency – such as every
    chart of :mod:`vbe_lib.presentation.charts` – the original IDAT payload is already that stream:
    same pixels, same PDF image dictionary, about 40 ms less per chart. Any other
    image (alpha, palette, 16-bit, interlaced, converted) takes WeasyPrint's own path.
    Installed once per process; a no-op if WeasyPrint's internals are not as expected.
    """
    global _PNG_DIREKT
    if _PNG_DIREKT:
        return
    _PNG_DIREKT = True
    try:
        from weasyprint.images import RasterImage
    except ImportError:  # pragma: no cover
        return
    original = RasterImage.__dict__.get("_get_png_data")
    if not isinstance(original, staticmethod):  # pragma: no cover - other WeasyPrint
        return
    weasy = original.__func__

    def _get_png_data(pillow_image: Any) -> bytes:
        fp = getattr(pillow_image, "fp", None)
        if (getattr(pillow_image, "format", None) == "PNG" and pillow_image.mode in ("RGB", "L")
                and isinstance(fp, io.BytesIO) and "transparency" not in pillow_image.info):
            data = _idat(fp.getvalue())
            if data is not None:
                return data
        return weasy(pillow_image)

    RasterImage._get_png_data = staticmethod(_get_png_data)


def render_pdf(html: str, utfil: str | Path | None = None) -> bytes:
    """Render the self-contained report HTML as a PDF; write it to ``utfil`` if given."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint logs CSS it ignores at WARNING; keep the batch log quiet about it.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    _png_utan_omkodning()
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    try:
        dokument = HTML(string=html, url_fetcher=fetcher, base_url=None, media_type="print")
        pdf = dokument.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    except Exception as exc:  # WeasyPrint raises many kinds
        raise PdfFel(f"PDF kunde inte skapas: {type(exc).__name__}: {exc}") from exc
    try:
        pdf = _efterbearbeta(pdf)
    except Exception as exc:
        raise PdfFel(f"PDF:ens struktur kunde inte kompletteras: {type(exc).__name__}: {exc}") from exc
    if utfil is not None:
        Path(utfil).write_bytes(pdf)
    return pdf
