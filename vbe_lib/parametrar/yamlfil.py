"""Strict, bounded YAML loading for every YAML file the project reads (stdlib + PyYAML only,
cheap to import for the CLI).

PyYAML's ``safe_load`` constructs no Python objects beyond plain data, but it accepts a
key given twice in one mapping (the last one silently wins) and it expands aliases
without limit (a "billion laughs" document of a few hundred bytes expands to gigabytes
once the data are copied, validated or printed). :func:`las_yaml` refuses both:

* a duplicate key in a mapping is an error naming the line of both occurrences (merge
  keys ``<<:`` are allowed, and so are keys they override);
* the document is measured as it would be once every alias is expanded (counted on the
  composed node graph, which shares aliased nodes, so measuring costs nothing); more
  than :data:`MAX_NODER` nodes, or an alias that refers to itself, is refused;
* a file larger than :data:`MAX_BYTE` is refused before it is parsed.

Errors are :class:`YamlFel` with a Swedish message and the (1-based) line, where known.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

#: The largest YAML file read (parameters and activity lists are a few kB).
MAX_BYTE = 5 * 1024 * 1024
#: The largest document, counted in nodes (scalars, lists, mappings) with every alias
#: expanded. A committee file has about a hundred nodes, a plan of 200 activities ~5 000.
MAX_NODER = 200_000


class YamlFel(ValueError):
    """A YAML file that cannot be used: ``meddelande`` is Swedish, ``rad`` 1-based or None."""

    def __init__(self, meddelande: str, rad: int | None = None):
        self.meddelande = meddelande
        self.rad = rad
        super().__init__(f"rad {rad}: {meddelande}" if rad else meddelande)


class _UnikaNycklar:
    """Loader mixin that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: MappingNode, deep: bool = False):  # type: ignore[override]
        if isinstance(node, MappingNode):
            sett: dict[Any, int] = {}
            for nyckelnod, _ in node.value:
                if nyckelnod.tag == "tag:yaml.org,2002:merge":
                    continue
                nyckel = self.construct_object(nyckelnod, deep=True)
                try:
                    hash(nyckel)
                except TypeError:
                    continue  # the constructor reports unhashable keys itself
                rad = nyckelnod.start_mark.line + 1
                if nyckel in sett:
                    raise YamlFel(f"nyckeln '{nyckel}' förekommer två gånger (även på rad {sett[nyckel]}) – "
                                  "varje nyckel får bara finnas en gång; ta bort den ena", rad)
                sett[nyckel] = rad
        return super().construct_mapping(node, deep=deep)


class _StriktLaddare(_UnikaNycklar, yaml.SafeLoader):
    """SafeLoader (pure Python) that refuses a key given twice in one mapping."""


#: libyaml's parser where PyYAML was built with it (about ten times faster than the pure
#: Python one); the constructor, the resolver and the checks are the same Python code.
_CSafeLoader = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None

if _CSafeLoader is not None:
    class _SnabbLaddare(_UnikaNycklar, _CSafeLoader):  # type: ignore[misc,valid-type]
        """:class:`_StriktLaddare` on libyaml's parser."""


def _expanderad_storlek(rot: Node, grans: int) -> int:
    """Number of nodes of the document with every alias expanded (memoised per node, so
    linear in the composed graph); raises :class:`YamlFel` above ``grans`` or on a cycle."""
    storlek: dict[int, int] = {}
    pagar: set[int] = set()
    # iterative post-order walk (a deeply nested document must not exhaust the stack)
    stack: list[tuple[Node, bool]] = [(rot, False)]
    while stack:
        nod, klar = stack.pop()
        i = id(nod)
        if i in storlek:
            continue
        barn: list[Node] = []
        if isinstance(nod, SequenceNode):
            barn = list(nod.value)
        elif isinstance(nod, MappingNode):
            barn = [x for par in nod.value for x in par]
        if not klar:
            if i in pagar:
                raise YamlFel("ett alias (*namn) hänvisar till sig självt – en sådan struktur kan inte läsas",
                              nod.start_mark.line + 1)
            pagar.add(i)
            stack.append((nod, True))
            for b in barn:
                if id(b) in pagar:
                    raise YamlFel("ett alias (*namn) hänvisar till sig självt – en sådan struktur kan inte läsas",
                                  b.start_mark.line + 1)
                if id(b) not in storlek:
                    stack.append((b, False))
            continue
        pagar.discard(i)
        n = 1 + sum(storlek[id(b)] for b in barn)
        if n > grans:
            raise YamlFel(f"filen blir för stor när dess alias (*namn) expanderas (över {grans:,} värden)"
                          .replace(",", "\u00a0") + " – skriv ut värdena i stället för att upprepa alias",
                          nod.start_mark.line + 1)
        storlek[i] = n
    return storlek[id(rot)]


def las_yaml_text(text: str, max_noder: int = MAX_NODER) -> Any:
    """Parse one YAML document strictly (see the module docstring); ``None`` for an empty one.

    A document is parsed with libyaml when it is available; a document libyaml refuses is
    parsed again with the pure-Python parser, whose messages :func:`_syntaxfel` translates."""
    if _CSafeLoader is not None:
        try:
            return _las(_SnabbLaddare(text), max_noder, oversatt=False)
        except yaml.YAMLError:
            pass  # the pure-Python parser says what is wrong, in the words _SYNTAX knows
    return _las(_StriktLaddare(text), max_noder, oversatt=True)


def _las(laddare: Any, max_noder: int, oversatt: bool) -> Any:
    """Compose, measure and construct; PyYAML's errors become :class:`YamlFel` when
    ``oversatt``, else they are raised as they are (for the caller to parse again)."""
    try:
        try:
            nod = laddare.get_single_node()
        except yaml.YAMLError as exc:
            if not oversatt:
                raise
            raise _syntaxfel(exc) from None
        if nod is None:
            return None
        _expanderad_storlek(nod, max_noder)
        try:
            return laddare.construct_document(nod)
        except yaml.YAMLError as exc:
            if not oversatt:
                raise
            raise _syntaxfel(exc) from None
    except RecursionError:
        raise YamlFel("filen är för djupt nästlad för att kunna läsas") from None
    except MemoryError:
        raise YamlFel("filen är för stor för att läsas (minnet tog slut)") from None
    finally:
        laddare.dispose()


#: PyYAML's (English) problems -> what the user should look for, in Swedish.
_SYNTAX = (
    (r"mapping values are not allowed", "ett kolon (:) står där det inte får stå – sätt texten inom citattecken"),
    (r"found character '\\t'", "tabbtecken får inte användas för indrag – använd mellanslag"),
    (r"found character '(.)' that cannot start", "tecknet {0} kan inte inleda ett värde – sätt värdet inom citattecken"),
    (r"found unexpected end of stream", "ett citattecken stängs aldrig"),
    (r"found undefined alias '([^']*)'", "aliaset *{0} finns inte (inget &{0} före det)"),
    (r"expected ',' or '\]'", "en lista [ … ] stängs inte"),
    (r"expected ',' or '\}'", "en samling {{ … }} stängs inte"),
    (r"could not determine a constructor for the tag '([^']*)'", "taggen {0} är inte tillåten"),
    (r"expected <block end>", "indraget stämmer inte med raderna ovanför"),
    (r"could not find expected ':'", "ett kolon (:) saknas efter en nyckel"),
    (r"expected the node content", "ett värde saknas"),
)


def _syntaxfel(exc: yaml.YAMLError) -> YamlFel:
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or "")
    if "end of stream" in problem or "<stream end>" in problem:  # name the line where it began
        mark = getattr(exc, "context_mark", None) or mark
    text = "oväntat tecken eller oväntad struktur"
    for monster, svenska in _SYNTAX:
        m = re.search(monster, problem)
        if m:
            text = svenska.format(*m.groups())
            break
    return YamlFel(f"ogiltig YAML: {text}", mark.line + 1 if mark else None)


def las_yaml(fil: str | Path, max_byte: int = MAX_BYTE, kodning: str = "utf-8") -> Any:
    """Read and parse a YAML file strictly. Raises :class:`YamlFel` (Swedish message) for
    a file too large, not UTF-8, invalid, with a duplicate key or an alias bomb; ``OSError``
    when it cannot be read at all."""
    fil = Path(fil)
    storlek = fil.stat().st_size
    if storlek > max_byte:
        raise YamlFel(f"filen är {_mb(storlek)} – större än gränsen {_mb(max_byte)} för en YAML-fil")
    data = fil.read_bytes()
    if len(data) > max_byte:  # grew while we looked
        raise YamlFel(f"filen är större än gränsen {_mb(max_byte)} för en YAML-fil")
    try:
        text = data.decode(kodning)
    except UnicodeDecodeError as exc:
        rad = data[:exc.start].count(b"\n") + 1
        raise YamlFel("filen är inte sparad som UTF-8", rad) from None
    return las_yaml_text(text.removeprefix("\ufeff"))


def _mb(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} kB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
