"""The digest model: what every rule and converter reads.

Text goes one way: text -> markdown-it tokens -> this model -> {rules, JSON,
Markdown, HTML, EPUB}. Every element carries the source position it came from
(``Span``, 1-based lines and columns) so a finding can point at ``path:line:col``;
elements built from JSON have no span. Nothing is dropped: content the profile
does not recognise is kept as ``Markdown`` blocks in order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from digestfmt.dates import render_date

if TYPE_CHECKING:
    from digestfmt.profiles import Profile


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A source range; columns count Unicode code points, 1-based, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Markdown:
    """Verbatim Markdown blocks, separated by one blank line.

    ``lines`` holds the source line of each line of ``text`` (None for a line the
    writer made up), so positions inside the text map back to the file.
    """

    text: str
    lines: tuple[int | None, ...] = ()
    # The source column each row starts at (1 where empty): text inside a list item
    # is held without the item's indentation.
    columns: tuple[int, ...] = ()

    def position(self, offset: int) -> tuple[int, int] | None:
        """Source (line, column) of a character offset into ``text``."""
        row = self.text.count("\n", 0, offset)
        if row >= len(self.lines) or self.lines[row] is None:
            return None
        start = self.text.rfind("\n", 0, offset) + 1
        line = self.lines[row]
        assert line is not None
        return line, offset - start + self.column(row)

    def column(self, row: int) -> int:
        return self.columns[row] if row < len(self.columns) else 1

    @property
    def first_line(self) -> int | None:
        """The source line the text starts on (the first it came from), if any."""
        return next((n for n in self.lines if n is not None), None)


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of a sources field: a name, optionally linked."""

    name: str
    url: str | None = None


# A field value: typed when the text is well-formed for its kind, else the raw text.
FieldValue: TypeAlias = str | int | list[str] | list[Source]


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled line of a card (来源, 时间, ...): its value typed by the field's kind."""

    key: str | None  # profile key; None for a label the profile does not know
    label: str  # label text as written, without markup (e.g. 来源)
    value: FieldValue
    raw: str  # value text as written
    kind: str = "text"
    label_markup: str = ""  # e.g. "**来源**: " or "**分类：** "; empty when built from JSON
    span: Span | None = None  # from label start to value end
    value_span: Span | None = None

    @property
    def well_formed(self) -> bool:
        """False when the text did not parse as its kind (the value is then the raw text)."""
        return not (self.kind in {"rating", "tags", "sources"} and isinstance(self.value, str))


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a card (a heading or a label line) and its verbatim body."""

    key: str | None  # profile key; None when neither name nor marker is known
    heading: str  # heading text in canonical spacing (e.g. "🔗 相关资源")
    body: Markdown
    heading_raw: str = ""  # heading text exactly as written
    span: Span | None = None  # the heading (or label line)
    # A label section only (spec §5.4.2): where its body starts (same-line |
    # next-line | next-block), and whether its label line continues the paragraph
    # before it. Both are what a reader sees, so fmt keeps them as written.
    body_start: str = "next-block"
    joined: bool = False


@dataclass(frozen=True, slots=True)
class Extra:
    """Unrecognised blocks inside a card, placed after ``after`` recognised parts."""

    after: int
    body: Markdown


@dataclass(frozen=True, slots=True)
class Group:
    """A topic heading between cards (``## AI Agent``) and the blocks after it, before the
    first card it groups; held by that card."""

    heading: str
    body: Markdown | None = None
    span: Span | None = None  # the heading
    lead: Markdown | None = None  # blocks before the heading: groups with no card of their own


# The field blocks of a card as written: each block's container kind (paragraph or
# blockquote) and the indices of its fields in ``Card.fields`` (see digestfmt.layout).
FieldBlocks: TypeAlias = tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True, slots=True)
class ItemMark:
    """How an item card's list item is written: its marker (``-``, ``*``, ``3.``) and
    whether its list is loose (blank lines between items and between their blocks)."""

    marker: str
    loose: bool = False


@dataclass(frozen=True, slots=True)
class Card:
    """One news item: its heading's parts, fields, sections and anything unrecognised."""

    title: str
    number: int | None = None
    org: str | None = None
    fields: tuple[Field, ...] = ()
    sections: tuple[Section, ...] = ()
    extras: tuple[Extra, ...] = ()
    separator: bool = True
    heading_raw: str = ""
    span: Span | None = None  # whole card, heading to last line
    heading_span: Span | None = None
    separator_span: Span | None = None
    # None: the fields sit in the blocks the profile's layout gives them; else the
    # blocks they were written in, which fmt keeps (spec §6.4).
    field_blocks: FieldBlocks | None = None
    group: Group | None = None  # the group this card opens, in styles with groups
    # Item cards (profile card form "item"): the text after the title on the item's
    # first line, how the item is written, and the top-level blocks after it
    lead: str | None = None
    item: ItemMark | None = None
    trailer: Markdown | None = None

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """One linked entry of the trailing news list."""

    title: str
    url: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Related:
    """The trailing news list (brief style): parsed items, or verbatim body."""

    heading: str
    items: tuple[RelatedItem, ...] | None
    body: Markdown | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class DigestDate:
    """The digest's date as written: its parts and format, so it is rewritten alike."""

    year: int
    month: int
    day: int
    format: str  # one of dates.DATE_FORMATS
    raw: str = ""
    span: Span | None = None

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date | None:
        """The calendar date, or None when it does not exist (2026-02-30)."""
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    def render(self) -> str:
        return render_date(self.format, self.year, self.month, self.day)


@dataclass(frozen=True, slots=True)
class HiddenCard:
    """Another card's field block inside a card (or the intro): the reader sees a
    card, the parser a part of the one before, because its heading is missing, of
    another level than cards (or not of the card pattern), or glued to the end of the
    line before. Positions only; the text stays where it was read (spec §5.1)."""

    fields: Span  # the first line of its field block
    heading: Span | None = None  # the ``#`` run of its heading, where it has one
    level: int | None = None  # that heading's level; None for a heading glued to a line


@dataclass(frozen=True, slots=True, weakref_slot=True)  # digestfmt.memo holds weak refs
class Digest:
    """A whole digest: header, intro, cards and trailing list, with its style and lines."""

    profile: Profile
    title: str
    date: DigestDate | None = None
    date_text: str | None = None  # header text where a date belongs but none could be read
    preamble: Markdown | None = None  # blocks before the header
    intro: Markdown | None = None  # blocks between the header and the first card
    # blocks after the cards, from a heading above card level (a closing summary)
    outro: Markdown | None = None
    cards: tuple[Card, ...] = ()
    related: Related | None = None
    path: str | None = None
    header_raw: str = ""
    header_span: Span | None = None
    header_note: str | None = None  # header text after the date the style keeps (a weekday)
    # where the title and date are written: a level-1 "heading", or the "front-matter"
    # (then no heading is written)
    header_source: str = "heading"
    front_matter: Markdown | None = None  # YAML front matter (``---`` ... ``---``), verbatim
    source_lines: tuple[str, ...] = field(default=(), repr=False)
    hidden_cards: tuple[HiddenCard, ...] = field(default=(), repr=False)

    @property
    def style(self) -> str:
        return self.profile.name

    def line_span(self, line: int) -> Span:
        """The whole of source line ``line`` (1-based), where a finding about a block
        that starts there points."""
        width = len(self.source_lines[line - 1]) if line <= len(self.source_lines) else 0
        return Span(line, 1, line, width + 1)

    @property
    def is_empty_day(self) -> bool:
        """The style's day with no stories (spec §2.5): its empty-day text alone."""
        text = self.profile.empty_day
        return (text is not None and not self.cards and self.related is None
                and self.intro is not None and self.intro.text.strip() == text)
