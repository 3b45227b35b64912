"""One PDF from several: the action plan followed by its appendices.

:func:`sammanfoga_pdf` appends tagged PDFs (as WeasyPrint and :mod:`vbe_lib.render.pdf`
make them) into one file that keeps what each part had:

* **pages** in order, each part with its own printed "Sida X (Y)" (the appendices are
  also attached on their own, and a reader who was told "Bilaga 1, sida 4" finds it in
  both files); the viewer's page labels say which part a page belongs to
  ("Bilaga 1: 4");
* **outline**: one entry per part (its title, e.g. "Bilaga 1. Lägesbild 2021") with the
  part's own bookmarks beneath;
* **structure tree** (PDF/UA): one ``/Document`` with a ``/Part`` per part holding that
  part's elements; the parent tree is renumbered (``/StructParents``,
  ``/StructParent``), element ids and table header references get a per-part prefix,
  role and class maps are merged;
* **links**: named destinations get a per-part prefix, so that the table of contents of
  each part still leads into that part;
* language, title (``/Title`` and the XMP ``dc:title``), ``DisplayDocTitle`` and the
  PDF/UA identification of the first part.

The result is deterministic: the same parts give the same bytes.
"""
from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class SammanfogningsFel(Exception):
    """The parts could not be joined (Swedish message)."""


@dataclass(frozen=True)
class Del:
    """One part of the combined PDF: its bytes (or file), its outline title and the
    prefix of its page labels ("" for the main document)."""

    pdf: bytes | Path
    titel: str
    sidprefix: str = ""


def _las(del_: Del) -> Any:
    import pikepdf

    try:
        data = del_.pdf.read_bytes() if isinstance(del_.pdf, Path) else bytes(del_.pdf)
        return pikepdf.open(io.BytesIO(data))
    except (OSError, pikepdf.PdfError) as exc:
        raise SammanfogningsFel(f"delen \"{del_.titel}\" gick inte att läsa som PDF ({exc}).") from None


def _trad(trad: Any, lov: str, nyckel: Any) -> list[tuple[Any, Any]]:
    """The (key, value) pairs of a PDF number tree (``lov`` ``/Nums``, ``nyckel`` int) or
    name tree (``/Names``, str), leaves and kids depth first."""
    ut: list[tuple[Any, Any]] = []
    if trad is None:
        return ut
    if lov in trad:
        par = list(trad[lov])
        ut.extend((nyckel(par[i]), par[i + 1]) for i in range(0, len(par) - 1, 2))
    for barn in trad.get("/Kids", []):
        ut.extend(_trad(barn, lov, nyckel))
    return ut


def _nummertrad(trad: Any) -> list[tuple[int, Any]]:
    """The (key, value) pairs of a PDF number tree, in key order."""
    return sorted(_trad(trad, "/Nums", int), key=lambda kv: kv[0])


def _namntrad(trad: Any) -> list[tuple[str, Any]]:
    """The (name, value) pairs of a PDF name tree."""
    return _trad(trad, "/Names", str)


def _strukturelement(rot: Any) -> list[Any]:
    """Every structure element under ``rot`` (depth first), each once."""
    import pikepdf

    ut, sett, stack = [], set(), [rot]
    while stack:
        e = stack.pop()
        if not isinstance(e, pikepdf.Dictionary):
            continue
        nyckel = e.objgen if e.is_indirect else id(e)
        if nyckel in sett:
            continue
        sett.add(nyckel)
        if "/S" in e:
            ut.append(e)
        k = e.get("/K")
        if isinstance(k, pikepdf.Array):
            stack.extend(reversed(list(k)))
        elif isinstance(k, pikepdf.Dictionary):
            stack.append(k)
    return ut


def _toppelement(pdf: Any) -> list[Any]:
    """The elements a part contributes: the kids of its /Document (or of the root)."""
    import pikepdf

    rot = pdf.Root.get("/StructTreeRoot")
    if rot is None:
        return []
    k = rot.get("/K")
    lista = list(k) if isinstance(k, pikepdf.Array) else ([k] if k is not None else [])
    if len(lista) == 1 and isinstance(lista[0], pikepdf.Dictionary) and lista[0].get("/S") == "/Document":
        inre = lista[0].get("/K")
        return list(inre) if isinstance(inre, pikepdf.Array) else ([inre] if inre is not None else [])
    return lista


def _kopiera(ut: Any, v: Any) -> Any:
    """``v`` from another PDF into ``ut``: indirect objects through the copier (so that
    references to already copied pages and elements stay the same), direct arrays and
    dictionaries member by member."""
    import pikepdf

    if isinstance(v, pikepdf.Object) and v.is_indirect:
        return ut.copy_foreign(v)
    if isinstance(v, pikepdf.Array):
        return pikepdf.Array([_kopiera(ut, x) for x in v])
    if isinstance(v, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _kopiera(ut, x) for k, x in v.items()})
    return v


_ID_TECKEN = re.compile(r"[^A-Za-z0-9_-]")


def sammanfoga_pdf(delar: Sequence[Del], titel: str, utfil: str | Path | None = None) -> bytes:
    """Join ``delar`` into one tagged PDF titled ``titel``; returns its bytes (and writes
    ``utfil`` if given). Raises :class:`SammanfogningsFel` when a part is unreadable."""
    import pikepdf

    if not delar:
        raise SammanfogningsFel("inga delar att foga samman.")
    kallor = [_las(d) for d in delar]
    ut = pikepdf.new()
    ut.Root.Lang = kallor[0].Root.get("/Lang", pikepdf.String("sv"))
    ut.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    ut.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)

    dokument = ut.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document,
                                                   K=pikepdf.Array()))
    struktur = ut.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([dokument])))
    dokument.P = struktur
    rollkarta, klasskarta = pikepdf.Dictionary(), pikepdf.Dictionary()
    foralder: list[tuple[int, Any]] = []
    idnamn: list[tuple[str, Any]] = []
    destinationer: list[tuple[str, Any]] = []
    sidetiketter: list[tuple[int, Any]] = []
    disposition: list[tuple[Del, int, list[Any]]] = []  # part, first page index, its outline items
    nasta_nyckel = 0

    for n, (del_, kalla) in enumerate(zip(delar, kallor), start=1):
        prefix = f"d{n}-"
        forsta = len(ut.pages)
        sidor_fore = {p.objgen: i for i, p in enumerate(kalla.pages)}
        # outline of the part, read before its objects are copied (page index + rest of the dest)
        with kalla.open_outline() as o:
            bokmarken = [_las_bokmarke(b, kalla, sidor_fore) for b in o.root]
        # renumber the parent tree keys of the part
        rot = kalla.Root.get("/StructTreeRoot")
        gamla = _nummertrad(rot.get("/ParentTree")) if rot is not None else []
        forskjutning = nasta_nyckel
        for p in kalla.pages:
            if "/StructParents" in p:
                p.StructParents = int(p.StructParents) + forskjutning
            for a in p.get("/Annots", []):
                if "/StructParent" in a:
                    a.StructParent = int(a.StructParent) + forskjutning
                if isinstance(a.get("/Dest"), pikepdf.String):
                    a.Dest = pikepdf.String(prefix + str(a.Dest))
                akt = a.get("/A")
                if isinstance(akt, pikepdf.Dictionary) and isinstance(akt.get("/D"), pikepdf.String):
                    akt.D = pikepdf.String(prefix + str(akt.D))
        if gamla:
            nasta_nyckel = forskjutning + max(k for k, _ in gamla) + 1
        # ids of structure elements and the header references of table cells
        for e in _strukturelement(rot) if rot is not None else []:
            if "/ID" in e:
                e.ID = pikepdf.String(prefix + _ID_TECKEN.sub("_", str(e.ID)))
            attr = e.get("/A")
            for a in (list(attr) if isinstance(attr, pikepdf.Array) else [attr]):
                if isinstance(a, pikepdf.Dictionary) and "/Headers" in a:
                    a.Headers = pikepdf.Array([pikepdf.String(prefix + _ID_TECKEN.sub("_", str(h)))
                                               for h in a.Headers])
        # copy pages, then everything that refers to them (one copier per source)
        with warnings.catch_warnings():
            # named destinations are carried over below, with the part's prefix
            warnings.simplefilter("ignore")
            ut.pages.extend(kalla.pages)
        del_element = ut.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Part,
                                                          P=dokument, K=pikepdf.Array(),
                                                          T=pikepdf.String(del_.titel)))
        for e in _toppelement(kalla):
            kopia = _kopiera(ut, e)
            if isinstance(kopia, pikepdf.Dictionary):
                kopia.P = del_element
            del_element.K.append(kopia)
        dokument.K.append(del_element)
        for k, v in gamla:
            foralder.append((k + forskjutning, _kopiera(ut, v)))
        if rot is not None:
            for namn, varde in _namntrad(rot.get("/IDTree")):
                idnamn.append((prefix + _ID_TECKEN.sub("_", namn), _kopiera(ut, varde)))
            for namn, varde in (rot.get("/RoleMap") or {}).items():
                rollkarta[namn] = _kopiera(ut, varde)
            for namn, varde in (rot.get("/ClassMap") or {}).items():
                klasskarta[namn] = _kopiera(ut, varde)
        names = kalla.Root.get("/Names")
        if names is not None and "/Dests" in names:
            for namn, varde in _namntrad(names.Dests):
                destinationer.append((prefix + namn, _kopiera(ut, varde)))
        etikett = pikepdf.Dictionary(S=pikepdf.Name.D)
        if del_.sidprefix:
            etikett.P = pikepdf.String(del_.sidprefix)
        sidetiketter.append((forsta, etikett))
        disposition.append((del_, forsta, bokmarken))

    # parents of the copied marked content refer to the copied elements: reparent the
    # top elements of each part (done above) and write the merged trees
    struktur.ParentTree = ut.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(
        [x for k, v in sorted(foralder, key=lambda kv: kv[0]) for x in (k, v)])))
    struktur.ParentTreeNextKey = nasta_nyckel
    if idnamn:
        struktur.IDTree = ut.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(
            [x for k, v in sorted(idnamn, key=lambda kv: kv[0]) for x in (pikepdf.String(k), v)])))
    if len(rollkarta):
        struktur.RoleMap = rollkarta
    if len(klasskarta):
        struktur.ClassMap = klasskarta
    ut.Root.StructTreeRoot = struktur
    if destinationer:
        ut.Root.Names = pikepdf.Dictionary(Dests=ut.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(
            [x for k, v in sorted(destinationer, key=lambda kv: kv[0]) for x in (pikepdf.String(k), v)]))))
    ut.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(
        [x for k, v in sidetiketter for x in (k, v)]))

    with ut.open_outline() as o:
        for del_, forsta, bokmarken in disposition:
            topp = pikepdf.OutlineItem(del_.titel, forsta)
            topp.children.extend(_ny_bokmarke(b, forsta) for b in bokmarken)
            o.root.append(topp)

    _metadata(ut, kallor[0], titel)
    buf = io.BytesIO()
    ut.save(buf, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    data = buf.getvalue()
    if utfil is not None:
        Path(utfil).write_bytes(data)
    return data


@dataclass
class _Bokmarke:
    titel: str
    sida: int | None
    rest: list[Any]
    barn: list["_Bokmarke"]


def _las_bokmarke(b: Any, pdf: Any, sidor: dict[tuple[int, int], int]) -> _Bokmarke:
    import pikepdf

    dest = b.destination
    sida, rest = None, []
    if isinstance(dest, pikepdf.Array) and len(dest):
        mal = dest[0]
        if isinstance(mal, pikepdf.Dictionary) and mal.is_indirect:
            sida = sidor.get(mal.objgen)
        elif isinstance(mal, int):
            sida = int(mal)
        rest = [dest[i] for i in range(1, len(dest))]
    return _Bokmarke(b.title, sida, rest, [_las_bokmarke(c, pdf, sidor) for c in b.children])


def _ny_bokmarke(b: _Bokmarke, forsta: int) -> Any:
    import pikepdf

    sida = forsta + (b.sida or 0)
    typ = str(b.rest[0]).lstrip("/") if b.rest and isinstance(b.rest[0], pikepdf.Name) else "Fit"
    kw: dict[str, float] = {}
    if typ == "XYZ" and len(b.rest) >= 3:
        kw = {"left": float(b.rest[1]), "top": float(b.rest[2])}
    item = pikepdf.OutlineItem(b.titel, sida, typ if typ in ("XYZ", "Fit", "FitH") else "Fit", **kw)
    item.children.extend(_ny_bokmarke(c, forsta) for c in b.barn)
    return item


def _metadata(ut: Any, forsta: Any, titel: str) -> None:
    """Title and XMP of the combined file: the first part's, with the new title."""
    import pikepdf

    info = forsta.trailer.get("/Info")
    ut.docinfo = ut.make_indirect(pikepdf.Dictionary())
    for nyckel in ("/Author", "/Creator", "/Producer", "/Subject", "/Keywords", "/CreationDate", "/ModDate"):
        if info is not None and nyckel in info:
            ut.docinfo[nyckel] = pikepdf.String(str(info[nyckel]))
    ut.docinfo.Title = pikepdf.String(titel)
    if "/Metadata" in forsta.Root:
        ut.Root.Metadata = _kopiera(ut, forsta.Root.Metadata)
    with ut.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = titel
