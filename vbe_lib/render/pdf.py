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

The structure tree is then made to hold what PDF/UA-1 asks of it
(:func:`komplettera_struktur`), where WeasyPrint 70 leaves it short:

* running headers and footers (the ``@page`` margin boxes) are marked content whose
  structure elements WeasyPrint leaves outside the tree; they become
  ``/Artifact /Pagination`` in the page content and leave the parent tree
  (ISO 14289-1 §7.8);
* the table of contents (the ``ol`` with ``data-pdf-roll="TOC"``) becomes
  ``/TOC`` with one ``/TOCI`` per entry, each holding a ``/Reference`` with the
  entry's one ``/Link`` (the page number is text in the link; the dotted line is a
  background image, i.e. an artifact, see the template);
* a ``/Caption`` nested in a ``/Caption`` (the source line of a figure) is merged into
  it, and the grouping of a figure and its caption is a ``/Div``; the caption stays
  the figure's sibling, as the PDF Association recommends for PDF 1.7, because
  assistive technology reads a ``/Figure``'s ``/Alt`` and nothing inside it;
* an element whose HTML element has ``data-pdf-text`` gets it as ``/ActualText``:
  the spoken form of a table symbol ("–" is read "noll");
* link annotations get the Print flag (ISO 14289-1 §7.18.1 via PDF/A rules).

The HTML attributes reach the structure elements through a thin wrapper around
WeasyPrint's tag builder (:func:`_markera_taggar`), which copies them onto the
elements as private keys that the post-pass reads and removes.

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


# --------------------------------------------------------------------------- markers
#: private keys the tag-builder wrapper writes and the post-pass removes
_ROLL = "/VbeRoll"
_ID = "/VbeId"
_HTML_ROLLER = {"TOC"}

_TAGGAR_MARKERADE = False


def _markera_taggar() -> None:
    """Wrap WeasyPrint's structure builder so that an HTML element's
    ``data-pdf-roll`` (a structure role for the post-pass, e.g. ``TOC``) and
    ``data-pdf-text`` (``/ActualText``) reach the structure elements made for it.

    ``weasyprint.pdf.tags._build_box_tree`` is a generator that calls itself through
    the module global, so the wrapper sees every box. Installed once per process; if
    WeasyPrint's internals are not as expected nothing is wrapped and the post-pass
    finds no markers (the tests then fail on the table of contents).
    """
    global _TAGGAR_MARKERADE
    if _TAGGAR_MARKERADE:
        return
    _TAGGAR_MARKERADE = True
    try:
        import pydyf
        from weasyprint.pdf import tags
    except ImportError:  # pragma: no cover
        return
    original = getattr(tags, "_build_box_tree", None)
    if original is None or getattr(original, "_vbe", False):  # pragma: no cover
        return

    def _build_box_tree(box, *args, **kw):
        pdf = kw.get("pdf", args[1] if len(args) > 1 else None)
        for element in original(box, *args, **kw):
            el = getattr(getattr(box, "_box", box), "element", None)
            tagg = getattr(getattr(box, "_box", box), "element_tag", None) or ""
            if el is not None and pdf is not None and "VbeId" not in element:
                # one number per HTML element (and pseudo-element), in the order met: the
                # fragments of an element on several pages get the same number
                nummer = pdf.__dict__.setdefault("_vbe_id", {})
                element["VbeId"] = nummer.setdefault((id(el), tagg), len(nummer) + 1)
            if el is not None and "::" not in tagg and hasattr(el, "get"):
                roll = el.get("data-pdf-roll")
                if roll in _HTML_ROLLER and "VbeRoll" not in element:
                    element["VbeRoll"] = f"/{roll}"
                text = el.get("data-pdf-text")
                if text and element.get("S") == "/Span" and "ActualText" not in element:
                    element["ActualText"] = pydyf.String(text)
            yield element

    _build_box_tree._vbe = True
    tags._build_box_tree = _build_box_tree


# --------------------------------------------------------------------------- structure
def _kids(element: Any) -> list[Any]:
    """/K of a structure element as a list (struct elements, MCIDs, MCR/OBJR dicts)."""
    import pikepdf

    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _satt_kids(element: Any, kids: list[Any]) -> None:
    import pikepdf

    element.K = pikepdf.Array(kids)


def _ar_element(x: Any) -> bool:
    import pikepdf

    return isinstance(x, pikepdf.Dictionary) and "/S" in x


def _har_innehall(element: Any) -> bool:
    """True if the element holds marked content or annotations directly."""
    import pikepdf

    for k in _kids(element):
        if isinstance(k, int) or (isinstance(k, pikepdf.Dictionary) and k.get("/Type") in ("/MCR", "/OBJR")):
            return True
    return False


def _pakka_upp(element: Any, typer: set[str]) -> None:
    """Replace child elements of the given types (holding no content of their own) by
    their children, recursively."""
    ny: list[Any] = []
    for k in _kids(element):
        if _ar_element(k) and str(k.S) in typer and not _har_innehall(k):
            _pakka_upp(k, typer)
            for kk in _kids(k):
                if _ar_element(kk):
                    kk.P = element
                ny.append(kk)
        else:
            ny.append(k)
    _satt_kids(element, ny)


def _gor_toc(pdf: Any, lista: Any) -> None:
    """An /L marked as a table of contents → /TOC, its /LI → /TOCI holding one
    /Reference with the entry (a nested list becomes a nested /TOC)."""
    import pikepdf

    lista.S = pikepdf.Name.TOC
    for k in _kids(lista):
        if not _ar_element(k):
            continue
        if str(k.S) == "/LI":
            k.S = pikepdf.Name.TOCI
            _pakka_upp(k, {"/LBody", "/NonStruct", "/Div", "/P", "/Span"})
            inre, under = [], []
            for kk in _kids(k):
                (under if _ar_element(kk) and str(kk.S) in ("/L", "/TOC") else inre).append(kk)
            nya: list[Any] = []
            if inre:
                ref = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Reference,
                                                           P=k, K=pikepdf.Array(inre)))
                if "/Pg" in k:
                    ref.Pg = k.Pg
                for kk in inre:
                    if _ar_element(kk):
                        kk.P = ref
                nya.append(ref)
            for u in under:
                _gor_toc(pdf, u)
                nya.append(u)
            _satt_kids(k, nya)
        elif str(k.S) in ("/L", "/TOC"):
            _gor_toc(pdf, k)


def _alla_element(rot: Any) -> list[Any]:
    ut, stack = [], [k for k in _kids(rot) if _ar_element(k)]
    while stack:
        e = stack.pop()
        ut.append(e)
        stack.extend(k for k in _kids(e) if _ar_element(k))
    return ut


def komplettera_struktur(pdf: Any) -> dict[str, int]:
    """Make the structure tree hold what PDF/UA-1 asks (see the module docstring).
    Returns counts of what was changed, for the tests."""
    import pikepdf

    rot = pdf.Root.get("/StructTreeRoot")
    antal = {"toc": 0, "bildtexter": 0, "figurgrupper": 0, "listpunkter": 0, "tomma": 0, "artefakter": 0, "lankar": 0}
    if rot is None:
        return antal
    # 1. roles from the HTML (table of contents)
    for e in _alla_element(rot):
        roll = e.get(_ROLL)
        if roll is not None:
            del e[_ROLL]
            if str(roll) == "/TOC" and str(e.S) == "/L":
                # nested lists of the table of contents are converted with it
                if not (_ar_element(e.get("/P")) and str(e.P.S) in ("/TOC", "/TOCI", "/Reference")):
                    _gor_toc(pdf, e)
                    antal["toc"] += 1
    for e in _alla_element(rot):  # markers of nested lists already converted
        if _ROLL in e:
            del e[_ROLL]
    # 2. captions: one per figure, no caption inside a caption; figure + caption grouped in a Div
    for e in _alla_element(rot):
        s = str(e.S)
        if s == "/Caption":
            fore = len(_kids(e))
            _pakka_upp(e, {"/Caption"})
            antal["bildtexter"] += fore != len(_kids(e))
        elif s == "/NonStruct":
            typer = [str(k.S) for k in _kids(e) if _ar_element(k)]
            if "/Figure" in typer and "/Caption" in typer:
                e.S = pikepdf.Name.Div
                antal["figurgrupper"] += 1
    # 3. list items: label and body (with markers inside the line, WeasyPrint puts the
    # item's text directly in the /LI)
    antal["listpunkter"] = _listkroppar(pdf, rot)
    # 4. elements with nothing in them (e.g. an element whose only content is a
    # background image, which is an artifact)
    antal["tomma"] = _rensa_tomma(rot)
    # 5. running headers and footers: marked content outside the tree → pagination artifacts
    antal["artefakter"] = _pagineringsartefakter(pdf, rot)
    # 6. link annotations are printed (and so the same for every reader)
    for sida in pdf.pages:
        for annot in sida.get("/Annots") or []:
            if annot.get("/Subtype") == "/Link":
                flaggor = int(annot.get("/F", 0))
                if not flaggor & 4:
                    annot.F = (flaggor | 4) & ~(1 | 2 | 32)
                    antal["lankar"] += 1
    return antal


def _listkroppar(pdf: Any, rot: Any) -> int:
    """Give every /LI an /LBody: its kids other than /Lbl move into one."""
    import pikepdf

    antal = 0
    for e in _alla_element(rot):
        if str(e.S) != "/LI" or _har_innehall(e):
            continue
        kids = _kids(e)
        if any(_ar_element(k) and str(k.S) == "/LBody" for k in kids):
            continue
        etikett = [k for k in kids if _ar_element(k) and str(k.S) == "/Lbl"]
        ovrigt = [k for k in kids if not (_ar_element(k) and str(k.S) == "/Lbl")]
        if not ovrigt:
            continue
        kropp = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=e,
                                                     K=pikepdf.Array(ovrigt)))
        if "/Pg" in e:
            kropp.Pg = e.Pg
        for k in ovrigt:
            if _ar_element(k):
                k.P = kropp
        _satt_kids(e, etikett + [kropp])
        antal += 1
    return antal


#: elements that may go when empty (never a table cell: the grid must close)
_TOMMA_KAN_GA = {"/Span", "/NonStruct", "/Div"}


def _rensa_tomma(element: Any) -> int:
    """Remove descendant inline and grouping elements that hold nothing (no kids at
    all, after their own empty kids are removed); returns how many."""
    antal = 0
    ny: list[Any] = []
    for k in _kids(element):
        if _ar_element(k):
            antal += _rensa_tomma(k)
            if (not _kids(k) and str(k.S) in _TOMMA_KAN_GA and "/Alt" not in k
                    and "/ActualText" not in k):
                antal += 1
                continue
        ny.append(k)
    if len(ny) != len(_kids(element)):
        _satt_kids(element, ny)
    return antal


def _pagineringsartefakter(pdf: Any, rot: Any) -> int:
    """Turn marked content whose structure element is not in the tree into
    ``/Artifact <</Type /Pagination>>`` and drop it from the parent tree."""
    import pikepdf

    i_tradet = {e.objgen for e in _alla_element(rot)}
    parent = rot.get("/ParentTree")
    if parent is None or "/Nums" not in parent:
        if parent is not None and "/Kids" in parent:
            raise PdfFel("PDF:ens strukturträd har ett oväntat format (ParentTree med /Kids).")
        return 0
    nums = parent.Nums
    per_sida = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    totalt = 0
    for nr, sida in enumerate(pdf.pages):
        sp = sida.obj.get("/StructParents")
        if sp is None or int(sp) not in per_sida:
            continue
        arr = per_sida[int(sp)]
        if not isinstance(arr, pikepdf.Array):
            continue
        foraldralosa = {m for m, ref in enumerate(arr)
                        if isinstance(ref, pikepdf.Dictionary) and ref.objgen not in i_tradet}
        if not foraldralosa:
            continue
        hittade = set()
        ut = []
        for instr in pikepdf.parse_content_stream(sida):
            if isinstance(instr, pikepdf.ContentStreamInstruction) and str(instr.operator) == "BDC":
                operander = list(instr.operands)
                if len(operander) == 2 and isinstance(operander[1], pikepdf.Dictionary):
                    mcid = operander[1].get("/MCID")
                    if mcid is not None and int(mcid) in foraldralosa:
                        hittade.add(int(mcid))
                        instr = pikepdf.ContentStreamInstruction(
                            [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)],
                            pikepdf.Operator("BDC"))
            ut.append(instr)
        if hittade != foraldralosa:
            raise PdfFel(f"PDF:ens sida {nr + 1}: märkt innehåll utan plats i strukturträdet hittades inte "
                         "i sidans innehåll.")
        sida.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ut))
        for m in foraldralosa:
            arr[m] = None
        totalt += len(foraldralosa)
    return totalt


class _Foraldratrad:
    """Where the parent tree points at a structure element: (array, index) per element,
    so that content can move from one element to another."""

    def __init__(self, rot: Any):
        import pikepdf

        self.platser: dict[tuple[int, int], list[tuple[Any, int]]] = {}
        self.sida_for: dict[tuple[int, int], int] = {}
        parent = rot.get("/ParentTree")
        if parent is None or "/Nums" not in parent:
            return
        nums = parent.Nums
        for i in range(0, len(nums), 2):
            varde = nums[i + 1]
            if isinstance(varde, pikepdf.Array):
                for j, ref in enumerate(varde):
                    if isinstance(ref, pikepdf.Dictionary):
                        self.platser.setdefault(ref.objgen, []).append((varde, j))
            elif isinstance(varde, pikepdf.Dictionary):
                self.platser.setdefault(varde.objgen, []).append((nums, i + 1))

    def flytta(self, fran: Any, till: Any) -> None:
        for arr, j in self.platser.pop(fran.objgen, []):
            arr[j] = till
            self.platser.setdefault(till.objgen, []).append((arr, j))


def _flytta_innehall(fran: Any, till: Any, ft: _Foraldratrad) -> None:
    """Append the kids of ``fran`` to ``till`` (marked content of another page as MCR)."""
    import pikepdf

    nya = []
    for k in _kids(fran):
        if isinstance(k, int) and fran.get("/Pg") is not None and till.get("/Pg") is not None \
                and fran.Pg.objgen != till.Pg.objgen:
            k = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=fran.Pg, MCID=k)
        elif isinstance(k, int) and fran.get("/Pg") is not None and till.get("/Pg") is None:
            k = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=fran.Pg, MCID=k)
        elif _ar_element(k):
            k.P = till
        nya.append(k)
    _satt_kids(till, _kids(till) + nya)
    ft.flytta(fran, till)


def _th_i_ordning(grupp: Any) -> list[Any]:
    return [c for tr in _kids(grupp) if _ar_element(tr) for c in _kids(tr) if _ar_element(c) and str(c.S) == "/TH"]


def _sla_ihop_tabell(tabell: Any, ft: _Foraldratrad) -> int:
    """A table split over pages is one table: the row groups of the later fragments join
    the first ones; a repeated header (THead) leaves the tree, so that its marked content
    becomes an artifact, and data cells that referred to its cells refer to the first
    header's cells instead."""
    import pikepdf

    forsta: dict[tuple[Any, str], Any] = {}
    nya: list[Any] = []
    id_karta: dict[str, Any] = {}
    bort = 0
    for k in _kids(tabell):
        if not _ar_element(k) or str(k.S) not in ("/THead", "/TBody", "/TFoot") or _ID not in k:
            nya.append(k)
            continue
        nyckel = (int(k[_ID]), str(k.S))
        if nyckel not in forsta:
            forsta[nyckel] = k
            nya.append(k)
        elif str(k.S) == "/TBody":
            _flytta_innehall(k, forsta[nyckel], ft)
            bort += 1
        else:  # a repeated header or footer row group
            for gammal, ny in zip(_th_i_ordning(k), _th_i_ordning(forsta[nyckel])):
                if "/ID" in gammal and "/ID" in ny:
                    id_karta[bytes(gammal.ID)] = ny.ID
            bort += 1
    _satt_kids(tabell, nya)
    if id_karta:
        stack = list(_kids(tabell))
        while stack:
            e = stack.pop()
            if not _ar_element(e):
                continue
            a = e.get("/A")
            if str(e.S) == "/TD" and isinstance(a, pikepdf.Dictionary) and "/Headers" in a:
                a.Headers = pikepdf.Array([id_karta.get(bytes(h), h) for h in a.Headers])
            stack.extend(_kids(e))
    return bort


def sla_ihop_fragment(pdf: Any) -> int:
    """WeasyPrint builds the structure tree page by page, so an element that runs over
    several pages (the main part, a section, a long table or list) becomes one element
    per page. Fragments of the same HTML element that follow each other are joined into
    one element (recursively), and a table's fragments into one table
    (:func:`_sla_ihop_tabell`). Returns the number of fragments joined."""
    rot = pdf.Root.get("/StructTreeRoot")
    if rot is None:
        return 0
    ft = _Foraldratrad(rot)
    antal = 0

    def sla_ihop(element: Any) -> None:
        nonlocal antal
        nya: list[Any] = []
        for k in _kids(element):
            if _ar_element(k) and nya and _ar_element(nya[-1]) and _ID in k and _ID in nya[-1] \
                    and int(k[_ID]) == int(nya[-1][_ID]) and str(k.S) == str(nya[-1].S):
                _flytta_innehall(k, nya[-1], ft)
                antal += 1
            else:
                nya.append(k)
        _satt_kids(element, nya)
        for k in nya:
            if _ar_element(k):
                if str(k.S) == "/Table":
                    antal += _sla_ihop_tabell(k, ft)
                sla_ihop(k)

    sla_ihop(rot)
    for e in _alla_element(rot):
        if _ID in e:
            del e[_ID]
    return antal


def _efterbearbeta(pdf_bytes: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        sla_ihop_fragment(pdf)
        komplettera_tabeller(pdf)
        komplettera_struktur(pdf)
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
    _markera_taggar()
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
