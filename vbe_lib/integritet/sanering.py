"""Allowlist sanitizing of every HTML fragment that reaches a published file.

Every fragment of a report (the project's own tables, figures and sentences, and the
texts that come from outside: the police's text today, committee texts and imported
documents later) is cleaned here with an **allowlist** by nh3 (the Rust sanitizer
*ammonia*, which parses like a browser, html5ever): only the elements, attributes and
URL forms listed below survive, everything else is removed. What the page holds is
exactly what the sanitizer wrote, never the input; the Content-Security-Policy of the
page (:func:`csp`) is the second line of defence in the browser.

Two profiles:

* :data:`TEXT` — text written by someone outside the project, as Markdown (the police's
  text ``data/polis/<Y>/<slug>.md``; committee texts; imported documents): paragraphs,
  headings, lists, emphasis, quotations, code, simple tables and links to web pages or
  e-mail addresses. No ``class``/``id``/``style``, no images, no forms, no frames, no
  scripts, no event handlers; a link must be ``https:``, ``http:``, ``mailto:`` or an
  anchor (``#…``).
* :data:`RAPPORT` — the project's own outputs (``Tabell``, ``Figur``, the sentences):
  :data:`TEXT` plus figures and images, ``class``/``id``/``scope``/``headers``/ARIA
  attributes; an image's ``src`` must be the project's own embedded picture
  (``data:image/png|jpeg|gif|webp|svg+xml;base64,…``). An SVG in ``<img>`` cannot run
  script.

Removed with their content: ``script``, ``style``, ``iframe``, ``object``, ``embed``,
``template``, ``noscript``, ``svg``, ``math``, ``textarea``, ``select`` and the like;
other elements that are not allowed (``form``, ``meta``, ``link``, ``base``, ``input``,
…) are removed and their text kept. Comments are removed.

:func:`granska_html` says *what* :func:`sanera_html` would remove, in Swedish, so that a
caller can refuse the input with a clear message (``vbe validera`` names file and line
via :func:`granska_markdown`; the renderer refuses an output). It reads the fragment
with the standard library's parser and the same tables; the publishing decision never
depends on it, only the message does.

Markdown is rendered by mistune (:func:`markdown_html`) with raw HTML passed on to the
sanitizer; :func:`markdown_till_html` is render + sanitize, the one function a feature
that publishes outside text calls. A text longer than :data:`MAX_TECKEN` characters is
refused (:func:`granska_markdown`).
"""
from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import NamedTuple

__all__ = [
    "MAX_TECKEN", "Profil", "TEXT", "RAPPORT", "Anmarkning", "TextFel", "sanera_html", "granska_html",
    "markdown_html", "markdown_till_html", "granska_markdown", "for_lang", "csp", "synlig_text", "stycken",
]

#: The longest text (characters) that is screened and published as one text.
MAX_TECKEN = 100_000

#: elements removed together with everything inside them
_MED_INNEHALL = frozenset({
    "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "noembed", "noframes", "xmp", "plaintext", "svg", "math", "textarea", "select",
    "title", "head",
})

_TEXTTAGGAR = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s", "del", "ins",
    "sub", "sup", "small", "mark", "abbr", "cite", "q", "code", "kbd", "pre", "blockquote", "ul", "ol", "li",
    "dl", "dt", "dd", "a", "span", "div", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})
_RAPPORTTAGGAR = _TEXTTAGGAR | {"figure", "figcaption", "img", "colgroup", "col", "time", "section"}

#: schemes a link may have (besides an anchor "#…")
_LANKSCHEMAN = frozenset({"https", "http", "mailto"})
#: the project's own embedded images
_EGEN_BILD = re.compile(r"data:image/(?:png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]*", re.I)


@dataclass(frozen=True, eq=False)
class Profil:
    """One allowlist: elements, attributes per element ("*": on every element),
    attribute prefixes allowed everywhere, and whether embedded images are allowed."""

    namn: str
    taggar: frozenset[str]
    attribut: dict[str, frozenset[str]]
    prefix: frozenset[str] = frozenset()
    bilder: bool = False

    def tillater_attribut(self, tagg: str, attr: str) -> bool:
        return (attr in self.attribut.get(tagg, ()) or attr in self.attribut.get("*", ())
                or any(attr.startswith(p) for p in self.prefix))


TEXT = Profil(
    "text", _TEXTTAGGAR,
    {"*": frozenset({"lang"}), "a": frozenset({"href", "title"}), "abbr": frozenset({"title"}),
     "ol": frozenset({"start"}), "th": frozenset({"colspan", "rowspan"}), "td": frozenset({"colspan", "rowspan"})},
)
RAPPORT = Profil(
    "rapport", _RAPPORTTAGGAR,
    {"*": frozenset({"class", "id", "lang", "dir", "title", "role"}), "a": frozenset({"href"}),
     "ol": frozenset({"start", "reversed", "type"}), "img": frozenset({"src", "alt", "width", "height"}),
     "th": frozenset({"scope", "colspan", "rowspan", "headers", "abbr"}),
     "td": frozenset({"colspan", "rowspan", "headers"}), "col": frozenset({"span"}),
     "colgroup": frozenset({"span"}), "time": frozenset({"datetime"}),
     # a wide table's scroll region takes keyboard focus; a table symbol's spoken form for the PDF
     "div": frozenset({"tabindex"}), "span": frozenset({"data-pdf-text"})},
    prefix=frozenset({"aria-"}), bilder=True,
)


# --------------------------------------------------------------------------- URLs
_URL_BORT = re.compile(r"[\x00-\x20]")
_SCHEMA = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _url(varde: str) -> str:
    """A URL as a browser reads it: C0 controls and spaces removed (tab and newline
    inside a URL are ignored by the URL parser; leading/trailing ones are trimmed)."""
    return _URL_BORT.sub("", varde)


def _lank_tillaten(varde: str) -> bool:
    u = _url(varde)
    if u.startswith("#"):
        return True
    m = _SCHEMA.match(u)
    return bool(m) and m.group(1).lower() in _LANKSCHEMAN


def _bild_tillaten(varde: str) -> bool:
    return bool(_EGEN_BILD.fullmatch(varde.strip()))


def _attributfilter(profil: Profil):
    def filtrera(tagg: str, attr: str, varde: str) -> str | None:
        if attr == "href":
            return varde if _lank_tillaten(varde) else None
        if attr == "src":
            return varde if profil.bilder and tagg == "img" and _bild_tillaten(varde) else None
        return varde
    return filtrera


@lru_cache(maxsize=None)
def _rensare(profil: Profil):
    import nh3

    attribut = {t: set(a) for t, a in profil.attribut.items()}
    return nh3.Cleaner(
        tags=set(profil.taggar), clean_content_tags=set(_MED_INNEHALL - profil.taggar), attributes=attribut,
        attribute_filter=_attributfilter(profil), strip_comments=True, link_rel=None,
        generic_attribute_prefixes=set(profil.prefix) or None,
        url_schemes=set(_LANKSCHEMAN | ({"data"} if profil.bilder else set())),
    )


def sanera_html(fragment: str, profil: Profil = RAPPORT) -> str:
    """The fragment with everything that ``profil`` does not allow removed (module
    docstring). The result is nh3's serialisation (balanced, attributes quoted)."""
    return _rensare(profil).clean(fragment)


def synlig_text(fragment: str) -> str:
    """The text of an HTML fragment as a reader sees it: elements and comments removed
    (scripts and styles with their content), entities decoded."""
    import nh3

    return htmlmod.unescape(nh3.clean(fragment, tags=set(), clean_content_tags=set(_MED_INNEHALL)))


# --------------------------------------------------------------------------- what is removed
class Anmarkning(NamedTuple):
    """Something the sanitizer removes (``slag`` "html": an element or attribute; "url":
    a link or image) or a text too long to publish ("storlek"): the line of the source
    text where it stands (``None`` = unknown / the whole text) and a Swedish phrase."""

    rad: int | None
    text: str
    slag: str = "html"

    def mening(self) -> str:
        """The phrase with what the writer can do, as one Swedish sentence."""
        if self.slag != "html":
            return self.text + "."
        return (f"{self.text} – texten får bara innehålla vanlig Markdown: stycken, rubriker, listor, betoning "
                "och länkar till webbsidor.")


class TextFel(ValueError):
    """A text that cannot be published as written: one Swedish line per problem,
    naming the file and the line (``str()`` joins them with "; ")."""

    def __init__(self, fil: str, anmarkningar: Iterable[Anmarkning]):
        self.fil = fil
        self.meddelanden = [", ".join([fil] + ([f"rad {a.rad}"] if a.rad else [])) + ": " + a.mening()
                            for a in anmarkningar]
        super().__init__("; ".join(self.meddelanden))


def _kort(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


_TAGGNAMN = {"script": "skript (<script>)", "style": "CSS (<style>)", "img": "bilden (<img>)"}


class _Granskare(HTMLParser):
    """Reads a fragment and notes what the profile does not allow: (phrase, pattern that
    finds the place in the source text)."""

    def __init__(self, profil: Profil):
        super().__init__(convert_charrefs=True)
        self.profil = profil
        self.fynd: list[tuple[str, str, str]] = []

    def _not(self, text: str, monster: str, slag: str = "html") -> None:
        if all(text != f for f, _, _ in self.fynd):
            self.fynd.append((text, monster, slag))

    def handle_starttag(self, tagg: str, attrs: list[tuple[str, str | None]]) -> None:
        p = self.profil
        tagg_re = rf"<\s*{re.escape(tagg)}\b"
        if tagg not in p.taggar:
            if _tolererad_tagg(p, tagg, attrs):
                return
            if tagg == "img" and not p.bilder:
                src = next((v for k, v in attrs if k == "src"), "") or ""
                self._not(f'bilden "{_kort(_url(src))}" kan inte tas med – en bild i texten hämtas från nätet eller '
                          "en fil", tagg_re, "url")
                return
            namn = _TAGGNAMN.get(tagg, f"HTML-elementet <{tagg}>")
            self._not(f"{namn} är inte tillåtet", tagg_re)
            return
        for attr, varde in attrs:
            varde = varde or ""
            attr_re = rf"\b{re.escape(attr)}\s*="
            if attr in ("href", "src") and p.tillater_attribut(tagg, attr):
                if attr == "href" and not _lank_tillaten(varde):
                    self._not(f'länken "{_kort(_url(varde))}" är inte tillåten – bara webbadresser (https:, http:), '
                              "e-post (mailto:) och ankare (#)", _url_monster(varde), "url")
                elif attr == "src" and not _bild_tillaten(varde):
                    self._not(f'bilden "{_kort(_url(varde))}" hämtas från nätet eller en fil – bilder måste bäddas in '
                              "av rapporten själv", _url_monster(varde), "url")
            elif not p.tillater_attribut(tagg, attr):
                if _tolererat_attribut(p, tagg, attr, varde):
                    continue
                if attr.startswith("on"):
                    self._not(f"händelseattributet {attr} (skript) på <{tagg}> är inte tillåtet", attr_re)
                elif attr == "style":
                    self._not(f"attributet style (CSS) på <{tagg}> är inte tillåtet", attr_re)
                else:
                    self._not(f"attributet {attr} på <{tagg}> är inte tillåtet", attr_re)

    handle_startendtag = handle_starttag


def _url_monster(varde: str) -> str:
    u = _url(varde)
    m = _SCHEMA.match(u)
    return re.escape(m.group(0)) if m else re.escape(_kort(varde.strip(), 20).rstrip("…"))


#: what mistune itself writes for plain Markdown and the sanitizer removes without a word
_TEXTJUSTERING = re.compile(r"text-align:\s*(?:left|right|center);?")


def _tolererad_tagg(p: Profil, tagg: str, attrs: list[tuple[str, str | None]]) -> bool:
    # a task list item's checkbox ("- [x] klart")
    return tagg == "input" and ("class", "task-list-item-checkbox") in attrs


def _tolererat_attribut(p: Profil, tagg: str, attr: str, varde: str) -> bool:
    if attr == "class":  # task lists, fenced code ("language-…"): the class is dropped, nothing else
        return True
    return attr == "style" and tagg in ("th", "td") and bool(_TEXTJUSTERING.fullmatch(varde.strip()))


def granska_html(fragment: str, profil: Profil = RAPPORT) -> list[str]:
    """What :func:`sanera_html` removes from ``fragment``, one Swedish phrase each
    (e.g. "HTML-elementet <iframe> är inte tillåtet"); [] when nothing."""
    return [t for t, _, _ in _fynd(fragment, profil)]


#: a comment as a browser ends it (an unclosed one runs to the end), and the "bogus
#: comments" <?…> and <!…> (up to the next ">"): cut out before reading, since they are
#: removed anyway and html.parser rescans an unclosed one on every "<" (quadratic time)
_KOMMENTAR = re.compile(r"<!--(?:-?>|.*?(?:--!?>|\Z))|<[!?][^>]*+>?", re.S)


def _fynd(fragment: str, profil: Profil) -> list[tuple[str, str, str]]:
    g = _Granskare(profil)
    g.feed(_KOMMENTAR.sub("", fragment))
    g.close()
    return g.fynd


# --------------------------------------------------------------------------- Markdown
@lru_cache(maxsize=1)
def _markdown():
    import mistune

    # the plugins nbconvert's renderer used; raw HTML and every URL are passed on as
    # written, so that the sanitizer (and granska_html) see them
    renderer = mistune.HTMLRenderer(escape=False, allow_harmful_protocols=True)
    return mistune.create_markdown(renderer=renderer,
                                   plugins=["strikethrough", "table", "url", "task_lists", "def_list"])


def markdown_html(text: str) -> str:
    """Markdown → HTML (mistune), **not** sanitized: for :func:`granska_html`."""
    return _markdown()(text)


def markdown_till_html(text: str, profil: Profil = TEXT) -> str:
    """Markdown → sanitized HTML: the function every published Markdown goes through."""
    return sanera_html(markdown_html(text), profil)


def for_lang(text: str, max_tecken: int = MAX_TECKEN) -> str | None:
    """The Swedish phrase for a text longer than ``max_tecken`` characters, else None."""
    if len(text) <= max_tecken:
        return None
    from vbe_lib.presentation import fmt

    return (f"texten är {fmt.tal(len(text))} tecken lång – en text som publiceras får vara högst "
            f"{fmt.tal(max_tecken)} tecken")


def granska_markdown(text: str, profil: Profil = TEXT, max_tecken: int = MAX_TECKEN) -> list[Anmarkning]:
    """Everything that keeps a Markdown text from being published as written: a text
    longer than ``max_tecken`` characters, and each element, attribute or URL that the
    sanitizer would remove, with the line (1-based, as in the file) where it stands.

    The whole text is checked (what is published); each finding is then placed by
    checking paragraph by paragraph and searching the paragraph's lines."""
    lang = for_lang(text, max_tecken)
    if lang:
        return [Anmarkning(None, lang, "storlek")]
    hela = _fynd(markdown_html(text), profil)
    if not hela:
        return []
    ut: list[Anmarkning] = []
    for nr, stycke in stycken(text):
        rader = stycke.split("\n")
        for fras, monster, slag in _fynd(markdown_html(stycke), profil):
            ut.append(Anmarkning(nr + _radindex(rader, monster), fras, slag))
    placerade = {a.text for a in ut}
    ut += [Anmarkning(None, fras, slag) for fras, _, slag in hela if fras not in placerade]
    return list(dict.fromkeys(ut))


def _radindex(rader: list[str], monster: str) -> int:
    rx = re.compile(monster, re.I)
    for i, rad in enumerate(rader):
        if rx.search(rad) or rx.search(htmlmod.unescape(rad)) or rx.search(_url(htmlmod.unescape(rad))):
            return i
    return 0


_RADSLUT = re.compile(r"\r\n|\r|\n")


def stycken(text: str) -> list[tuple[int, str]]:
    """The paragraphs of a prose text (lines between blank lines), each with the line
    number of its first line in ``text`` (lines end at LF, CRLF or CR, as in an editor)."""
    ut: list[tuple[int, list[str]]] = []
    nytt = True
    for nr, rad in enumerate(_RADSLUT.split(text), start=1):
        if not rad.strip():
            nytt = True
        elif nytt:
            ut.append((nr, [rad]))
            nytt = False
        else:
            ut[-1][1].append(rad)
    return [(nr, "\n".join(r)) for nr, r in ut]


# --------------------------------------------------------------------------- CSP
def csp(stilar: Iterable[str]) -> str:
    """The page's Content-Security-Policy: nothing may be loaded or run except the
    page's own style elements (by hash) and embedded images; no frames, forms, base URL
    or plug-ins."""
    import base64
    import hashlib

    INGET = "'none'"
    hashar = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode('ascii')}'"
                      for s in stilar)
    return (f"default-src 'none'; style-src {hashar or INGET}; img-src data:; "
            "base-uri 'none'; form-action 'none'")
