"""The local police's text (Word or plain text) → ``polis/<Y>/<slug>.md``.

DOCX is read with python-docx: headings become Markdown headings one level below the
report's section heading (Heading 1 → ``###``), bulleted and numbered lists become
``-`` and ``1.`` items (nested by their list level), bold and italic runs keep their
emphasis, and simple tables become Markdown tables. Plain text keeps its paragraphs;
lines starting with a bullet (•, –, -, *) or a number ("1." or "1)") become list items.
The personal-data screening runs on the result and warns with the Markdown file's line
numbers.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from vbe_lib.indata.problem import Problem

#: Markdown level of a Word "Heading 1" (the report's section heading is ##).
FORSTA_RUBRIKNIVA = 3
_PUNKT = re.compile(r"^\s*([•●▪◦·\-–—*])\s+(.*)$")
_NUMMER = re.compile(r"^\s*(\d{1,2})[.)]\s+(.*)$")


class Polisfel(Exception):
    pass


def till_markdown(fil: Path) -> tuple[str, list[str]]:
    """The file as Markdown and notes for the preview (what was converted)."""
    suf = fil.suffix.lower()
    if suf == ".docx":
        return _docx(fil)
    if suf in (".txt", ".md", ".text", ""):
        return _text(fil)
    if suf == ".doc":
        raise Polisfel("filen är i det gamla Word-formatet (.doc) – spara den som .docx i Word och importera igen")
    raise Polisfel(f"filtypen {suf} kan inte läsas – förväntade en Word-fil (.docx) eller en textfil (.txt)")


# --------------------------------------------------------------------------- text
def _avkoda(data: bytes) -> str:
    for kod in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(kod)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _text(fil: Path) -> tuple[str, list[str]]:
    try:
        text = _avkoda(fil.read_bytes())
    except OSError as exc:
        raise Polisfel(f"filen kunde inte läsas ({exc.strerror or exc})") from None
    if "\x00" in text[:2000]:
        raise Polisfel("filen är inte en textfil – spara den som .txt (UTF-8) eller .docx")
    rader = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ut: list[str] = []
    listor = 0
    for r in rader:
        r = r.rstrip()
        m = _PUNKT.match(r)
        n = _NUMMER.match(r)
        if fil.suffix.lower() != ".md" and m:
            if ut and ut[-1] and not _ar_listpunkt(ut[-1]):
                ut.append("")
            ut.append(f"- {m.group(2).strip()}")
            listor += 1
        elif fil.suffix.lower() != ".md" and n:
            if ut and ut[-1] and not _ar_listpunkt(ut[-1]):
                ut.append("")
            ut.append(f"{n.group(1)}. {n.group(2).strip()}")
            listor += 1
        else:
            if r.strip() and ut and _ar_listpunkt(ut[-1]) and not r.startswith((" ", "\t")):
                ut.append("")
            ut.append(r)
    md = _stada("\n".join(ut))
    noter = [f"{listor} listpunkter" if listor else "inga listor"]
    return md, noter


def _ar_listpunkt(rad: str) -> bool:
    return bool(re.match(r"^\s*(- |\d+\. )", rad))


def _stada(md: str) -> str:
    md = re.sub(r"\n{3,}", "\n\n", md.strip("\n"))
    return md + "\n" if md else ""


# --------------------------------------------------------------------------- docx
def _docx(fil: Path) -> tuple[str, list[str]]:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise Polisfel("python-docx saknas – installera vbe:s beroenden") from None
    try:
        dok = docx.Document(str(fil))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise Polisfel(f"Word-filen kunde inte läsas ({type(exc).__name__}) – kontrollera att den är en .docx "
                       "som går att öppna i Word") from None
    except Exception as exc:  # noqa: BLE001
        raise Polisfel(f"Word-filen kunde inte läsas ({type(exc).__name__})") from None
    numformat = _numreringsformat(dok)
    block: list[str] = []
    rubriker = listpunkter = tabeller = 0
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    forra_lista = False
    nummer: dict[int, int] = {}
    for element in dok.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            block.append(_tabell(Table(element, dok)))
            tabeller += 1
            forra_lista = False
            continue
        if tag != "p":
            continue
        p = Paragraph(element, dok)
        text = _runs(p)
        if not text.strip():
            forra_lista = False
            continue
        stil = (p.style.name if p.style is not None else "") or ""
        niva = _rubrikniva(stil)
        lista = _listniva(p, stil, numformat)
        if niva is not None:
            block.append("#" * min(6, FORSTA_RUBRIKNIVA + niva - 1) + " " + _utan_betoning(text).strip())
            rubriker += 1
            forra_lista = False
        elif lista is not None:
            djup, numrerad = lista
            if not forra_lista:
                nummer = {}
            nummer = {d: n for d, n in nummer.items() if d <= djup}
            nummer[djup] = nummer.get(djup, 0) + 1
            punkt = f"{nummer[djup]}. " if numrerad else "- "
            rad = "   " * djup + punkt + text.strip()
            if forra_lista:
                block[-1] += "\n" + rad
            else:
                block.append(rad)
            forra_lista = True
            listpunkter += 1
        else:
            block.append(text.strip())
            forra_lista = False
    md = _stada("\n\n".join(block))
    noter = [f"{rubriker} rubriker, {listpunkter} listpunkter, {tabeller} tabeller"]
    return md, noter


def _rubrikniva(stil: str) -> int | None:
    s = stil.casefold()
    if s in ("title", "rubrik"):
        return 1
    m = re.match(r"^(heading|rubrik)\s*(\d)$", s)
    return int(m.group(2)) if m else None


def _numreringsformat(dok) -> dict[tuple[str, int], str]:
    """(numId, level) → numFmt ("bullet", "decimal", …) from the numbering part."""
    ut: dict[tuple[str, int], str] = {}
    try:
        num = dok.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return ut
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    abstrakta: dict[str, dict[int, str]] = {}
    for a in num.iter(f"{w}abstractNum"):
        nivaer = {}
        for lvl in a.iter(f"{w}lvl"):
            fmt = lvl.find(f"{w}numFmt")
            nivaer[int(lvl.get(f"{w}ilvl", "0"))] = fmt.get(f"{w}val") if fmt is not None else "bullet"
        abstrakta[a.get(f"{w}abstractNumId")] = nivaer
    for n in num.iter(f"{w}num"):
        ref = n.find(f"{w}abstractNumId")
        if ref is None:
            continue
        for niva, fmt in abstrakta.get(ref.get(f"{w}val"), {}).items():
            ut[(n.get(f"{w}numId"), niva)] = fmt
    return ut


def _listniva(p, stil: str, numformat: dict[tuple[str, int], str]) -> tuple[int, bool] | None:
    """(depth, numbered) for a list paragraph, None otherwise."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    ppr = p._p.pPr
    numpr = ppr.find(f"{w}numPr") if ppr is not None else None
    s = stil.casefold()
    stilnumrerad = any(x in s for x in ("list number", "numrerad lista", "numrerad"))
    stilpunkt = any(x in s for x in ("list bullet", "punktlista", "list paragraph", "liststycke"))
    if numpr is None and not (stilnumrerad or stilpunkt):
        return None
    djup = 0
    numrerad = stilnumrerad
    if numpr is not None:
        ilvl = numpr.find(f"{w}ilvl")
        numid = numpr.find(f"{w}numId")
        djup = int(ilvl.get(f"{w}val")) if ilvl is not None else 0
        if numid is not None and numid.get(f"{w}val") == "0":
            return None  # numbering switched off
        fmt = numformat.get((numid.get(f"{w}val") if numid is not None else "", djup))
        if fmt is not None:
            numrerad = fmt not in ("bullet", "none")
    else:
        m = re.search(r"(\d)$", s)
        djup = int(m.group(1)) - 1 if m else 0
    return djup, numrerad


def _runs(p) -> str:
    ut = []
    for r in p.runs:
        t = r.text
        if not t:
            continue
        t = t.replace("*", r"\*")
        kant = re.match(r"^(\s*)(.*?)(\s*)$", t, re.S)
        fore, karna, efter = kant.group(1), kant.group(2), kant.group(3)
        if karna and r.bold and r.italic:
            karna = f"***{karna}***"
        elif karna and r.bold:
            karna = f"**{karna}**"
        elif karna and r.italic:
            karna = f"*{karna}*"
        ut.append(fore + karna + efter)
    return "".join(ut).replace("\u00a0", " ")


def _utan_betoning(t: str) -> str:
    return re.sub(r"(?<!\\)\*+", "", t)


def _tabell(tbl) -> str:
    """A Word table as a Markdown table. A cell merged across columns is written once (its
    text in the first column, the others empty; python-docx repeats it in every column it
    spans); a cell merged down the rows keeps its text in the first row only."""
    rader = []
    ovan: list[Any] = []
    for r in tbl.rows:
        rad, sedda = [], set()
        for k, c in enumerate(r.cells):
            upprepad = id(c._tc) in sedda or (k < len(ovan) and ovan[k] is c._tc)
            sedda.add(id(c._tc))
            rad.append("" if upprepad else " ".join(c.text.split()).replace("|", r"\|"))
        ovan = [c._tc for c in r.cells]
        rader.append(rad)
    rader = [r for r in rader if any(r)]
    if not rader:
        return ""
    n = max(len(r) for r in rader)
    rader = [r + [""] * (n - len(r)) for r in rader]
    ut = ["| " + " | ".join(rader[0]) + " |", "|" + "---|" * n]
    ut += ["| " + " | ".join(r) + " |" for r in rader[1:]]
    return "\n".join(ut)


# --------------------------------------------------------------------------- screening
def granska(md: str, rel: str, skyddade_namn: list[str]) -> list[Problem]:
    """Warnings (line numbers of the Markdown file) for paragraphs the report will withhold."""
    from vbe_lib.integritet import granskning

    delar = granskning.stycken(md)
    g = granskning.granska_fritext([s for _, s in delar], skyddade_namn)
    return [Problem(rel, rad=delar[pos][0], allvarlighet="varning",
                    forvantat=f"stycket kan innehålla personuppgifter ({skal}) och visas inte i rapporten")
            for pos, (_, skal) in zip(g.positioner, g.traffar)]
