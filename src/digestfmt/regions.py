"""The digest's inline text, region by region, with source positions and JSON pointers.

Rules that look inside text (links, emphasis, whitespace) need three things for
each piece of it: the text as the model holds it, where each character came from
in the file, and where it lives in the JSON form (so a fix can declare what it
``touches``). A ``Region`` bundles them; ``regions(digest)`` walks the model in
document order and never re-reads the file. Field values are inline text;
Markdown bodies are blocks, whose code blocks ``code_rows`` finds (see
digestfmt.markup: an exact pre-check, markdown-it only when a body may hold code).

The regions of a digest are computed once and shared by every rule that reads
them (digestfmt.memo), so they must not change it; a Region caches its own
positions and code rows.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial

from digestfmt.layout import field_groups
from digestfmt.markup import code_rows
from digestfmt.memo import per_digest
from digestfmt.model import Card, Digest, Field, Markdown, Section, Span

Pointer = tuple[str | int, ...]
Anchors = tuple[tuple[int, int, int], ...]

_QUOTE = re.compile(r"[ ]{0,3}>[ \t]?")


@dataclass(eq=False)  # not frozen: a frozen dataclass costs ~3x to build, and there are many
class Region:
    """A piece of the digest's text.

    ``anchors`` are ``(offset, line, column)``: the character at ``offset`` in
    ``text`` sits at source ``line``:``column``, and the characters after it on the
    same row follow on the same line. A row without an anchor has no position
    (text the parser made up, or a digest read from JSON). They are worked out
    (by ``locate``) only for the few regions a rule asks a position of.
    """

    text: str
    locate: Callable[[], Anchors]
    pointer: Pointer
    origin: str  # field | source | body | related | intro
    card: int | None = None
    field: Field | None = None
    section: int | None = None  # index of the section in its card
    block: bool = True  # Markdown blocks (may hold code blocks); False: one inline value

    @cached_property
    def anchors(self) -> Anchors:
        return self.locate()

    @cached_property
    def _offsets(self) -> list[int]:
        return [a[0] for a in self.anchors]

    def position(self, offset: int) -> tuple[int, int] | None:
        """Source (line, column) of the character at ``offset`` (or just past the end)."""
        i = bisect.bisect_right(self._offsets, offset) - 1
        if i < 0:
            return None
        start, line, column = self.anchors[i]
        rows = self._newlines  # a row break between anchor and offset: no position
        at = bisect.bisect_left(rows, start)
        if at < len(rows) and rows[at] < offset:
            return None
        return line, column + offset - start

    @cached_property
    def _newlines(self) -> list[int]:
        """Offsets of the row breaks of ``text`` (searching the text between an anchor and
        an offset for one, per position asked, was quadratic on a long row)."""
        return [m.start() for m in re.finditer("\n", self.text)]

    def span(self, start: int, end: int) -> Span | None:
        a, b = self.position(start), self.position(end)
        if a is None or b is None:
            return None
        return Span(a[0], a[1], b[0], b[1])

    def code_rows(self) -> frozenset[int]:
        """Rows (0-based, of ``text``) inside fenced or indented code blocks or HTML blocks."""
        return self._code_rows if self.block else frozenset()

    @cached_property
    def _code_rows(self) -> frozenset[int]:
        return code_rows(self.text)


def field_pointers(digest: Digest, index: int, card: Card) -> dict[int, Pointer]:
    """JSON pointer of each field of a card, by ``id`` of the Field."""
    if 0 <= index < len(digest.cards) and digest.cards[index] is card:
        return _all_field_pointers(digest)[index]
    return _field_pointers(digest, index, card)


@per_digest
def _all_field_pointers(digest: Digest) -> tuple[dict[int, Pointer], ...]:
    return tuple(_field_pointers(digest, index, card) for index, card in enumerate(digest.cards))


def _field_pointers(digest: Digest, index: int, card: Card) -> dict[int, Pointer]:
    groups = field_groups(digest.profile, card.fields)
    out: dict[int, Pointer] = {}
    for group in groups[:-1]:
        for f in group:
            assert f.key is not None
            out[id(f)] = ("cards", index, "fields", f.key)
    for n, f in enumerate(groups[-1]):
        out[id(f)] = ("cards", index, "extra_fields", n, "value")
    return out


def markdown_region(md: Markdown, pointer: Pointer, origin: str, card: int | None = None,
                    section: int | None = None) -> Region:
    return Region(md.text, partial(_markdown_anchors, md), pointer, origin, card,
                  section=section)


def _markdown_anchors(md: Markdown) -> Anchors:
    anchors = []
    offset = 0
    for row, text in enumerate(md.text.split("\n")):
        line = md.lines[row] if row < len(md.lines) else None
        if line is not None:
            anchors.append((offset, line, md.column(row)))
        offset += len(text) + 1
    return tuple(anchors)


def section_region(digest: Digest, md: Markdown, section: Section, pointer: Pointer,
                   card: int, index: int) -> Region:
    """A section body; the text after a section label on its own line gets its position."""
    if md.lines[:1] == (None,) and section.span:
        return Region(md.text, partial(_section_anchors, digest.source_lines, md, section),
                      pointer, "body", card, section=index)
    return markdown_region(md, pointer, "body", card, index)


def _section_anchors(lines: tuple[str, ...], md: Markdown, section: Section) -> Anchors:
    anchors = _markdown_anchors(md)
    first = md.text.split("\n", 1)[0]
    assert section.span is not None
    if first and section.span.line <= len(lines):
        source = lines[section.span.line - 1]
        at = source.find(first, section.span.column - 1 + len(section.heading_raw))
        if at >= 0:
            return ((0, section.span.line, at + 1), *anchors)
    return anchors


def field_region(digest: Digest, f: Field, pointer: Pointer, origin: str,
                 card: int | None) -> Region:
    """A field's value (``Field.raw``) with the source position of each of its rows."""
    return Region(f.raw, partial(_field_anchors, digest.source_lines, f), pointer, origin, card,
                  field=f, block=False)


def _field_anchors(lines: tuple[str, ...], f: Field) -> Anchors:
    vs = f.value_span
    if vs is None or vs.end_line > len(lines):
        return ()
    first_source = lines[vs.line - 1]
    if vs.line == vs.end_line:  # most values: one row
        text = first_source[vs.column - 1:max(vs.column - 1, vs.end_column - 1)]
        if text.strip() != f.raw:
            return ()
        return ((0, vs.line, vs.column + len(text) - len(text.lstrip())),)
    quoted = _QUOTE.match(first_source) is not None
    rows: list[tuple[str, int, int]] = []  # (text, line, column of its first character)
    for line in range(vs.line, vs.end_line + 1):
        source = lines[line - 1]
        if line == vs.line:
            start = vs.column - 1
        else:
            m = _QUOTE.match(source) if quoted else None
            start = m.end() if m else 0
        end = vs.end_column - 1 if line == vs.end_line else len(source.rstrip())
        rows.append((source[start:max(start, end)], line, start + 1))
    joined = "\n".join(r[0] for r in rows)
    lead = len(joined) - len(joined.lstrip())
    if joined.strip() != f.raw:
        return ()
    anchors = []
    offset = 0
    for text, line, column in rows:
        row_end = offset + len(text)
        if row_end >= lead:
            skip = max(0, lead - offset)
            anchors.append((offset + skip - lead, line, column + skip))
        offset = row_end + 1
    return tuple(anchors)


def _lead_anchors(card: Card) -> Anchors:
    """The lead ends the card's first line."""
    span, lead = card.heading_span, card.lead or ""
    if span is None or not card.heading_raw.endswith(lead):
        return ()
    return ((0, span.line, len(card.heading_raw) - len(lead) + 1),)


def regions(digest: Digest) -> Iterator[Region]:
    """Every region of inline text in the digest, in document order."""
    return iter(_regions(digest))


@per_digest
def _regions(digest: Digest) -> tuple[Region, ...]:
    return tuple(_walk(digest))


def _walk(digest: Digest) -> Iterator[Region]:
    if digest.preamble:
        yield markdown_region(digest.preamble, ("preamble",), "intro")
    if digest.intro:
        yield markdown_region(digest.intro, ("intro",), "intro")
    for index, card in enumerate(digest.cards):
        yield from card_regions(digest, index, card)
    related = digest.related
    if related and related.items is None and related.body:
        yield markdown_region(related.body, ("related", "body"), "related")


def card_regions(digest: Digest, index: int, card: Card) -> Iterator[Region]:
    pointers = field_pointers(digest, index, card)
    parts: list[tuple[int, Region]] = []
    if card.lead:  # an item card's first line, after its title
        yield Region(card.lead, partial(_lead_anchors, card), ("cards", index, "lead"), "body",
                     index, block=False)
    for f in card.fields:
        origin = "source" if f.key == "source" or f.kind == "sources" else "field"
        region = field_region(digest, f, pointers[id(f)], origin, index)
        parts.append((f.span.line if f.span else 0, region))
    for k, s in enumerate(card.sections):
        region = section_region(digest, s.body, s, ("cards", index, "sections", k, "body"),
                                index, k)
        parts.append((s.span.line if s.span else 0, region))
    for k, e in enumerate(card.extras):
        region = markdown_region(e.body, ("cards", index, "extras", k, "markdown"), "body", index)
        parts.append((e.body.lines[0] if e.body.lines and e.body.lines[0] else 0, region))
    if all(line for line, _ in parts):
        parts.sort(key=lambda p: p[0])
    for _, region in parts:
        yield region
