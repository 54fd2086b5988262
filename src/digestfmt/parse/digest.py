"""Top-level blocks -> the digest model, generic over the style profile."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from sys import intern  # headings and labels repeat once a card: one string each

from digestfmt.dates import parse_date
from digestfmt.errors import DigestError
from digestfmt.layout import canonical_blocks, same_blocks
from digestfmt.model import (
    Card,
    Digest,
    DigestDate,
    Extra,
    Field,
    FieldBlocks,
    Group,
    HiddenCard,
    ItemMark,
    Markdown,
    Related,
    RelatedItem,
    Section,
    Span,
)
from digestfmt.parse.blocks import Block, top_level_blocks
from digestfmt.parse.detect import detect_profile
from digestfmt.parse.fastblocks import fast_blocks
from digestfmt.parse.fields import Line, content_lines, label_at, list_lines, split_fields
from digestfmt.parse.items import Item, card_items, item_lines, shifted
from digestfmt.profiles import Profile, SectionSpec
from digestfmt.values import parse_link

_RELATED_ITEM = re.compile(r"[-*+][ \t]+(\[.*\)) *")


def parse_text(text: str, *, path: str | None = None, profile: Profile | None = None,
               fast: bool = True) -> Digest:
    """Parse decoded digest text; the profile is detected from structure unless given.

    ``fast`` lets the line scanner find the blocks when it can; markdown-it-py is
    the fallback and, with ``fast=False``, the oracle the tests compare against.
    """
    lines = text.split("\n")
    # The lines hold the text now (the caller that decoded it keeps no reference): a
    # long digest's text, 4 bytes a character once it holds an emoji, is let go.
    del text
    blocks = _line_blocks(lines, fast)
    profile = profile or detect_profile(blocks, lines, path)
    return _Builder(profile, lines).digest(blocks, path)


def read_blocks(text: str, lines: list[str] | None = None, fast: bool = True) -> list[Block]:
    """The top-level blocks of Markdown text: the line scanner's when it can tell,
    else markdown-it-py's."""
    return _line_blocks(text.split("\n") if lines is None else lines, fast, text)


def _line_blocks(lines: list[str], fast: bool, text: str | None = None) -> list[Block]:
    """``read_blocks`` of the text of ``lines`` (``text``, or joined again from them
    only when markdown-it-py reads it)."""
    front = front_matter_end(lines)
    if front:  # the rest is read as if the front matter were blank lines
        lines = [""] * front + lines[front:]
        text = None
    blocks = fast_blocks(lines) if fast else None
    if blocks is None:
        blocks = top_level_blocks("\n".join(lines) if text is None else text, lines)
    return [Block("front_matter", 0, front), *blocks] if front else blocks


_FRONT_MATTER_KEY = re.compile(r"[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")


def front_matter_end(lines: list[str]) -> int | None:
    """The line after YAML front matter (Hugo, Jekyll) that opens the text, if any:
    ``---`` on the first line, a ``key:`` line next, and ``---`` or ``...`` closing it.
    Markdown would read it as a rule and a heading; every site generator strips it."""
    if len(lines) < 3 or lines[0].rstrip() != "---" or not _FRONT_MATTER_KEY.match(lines[1]):
        return None
    return next((i + 1 for i in range(2, len(lines)) if lines[i].rstrip() in ("---", "...")),
                None)


@dataclass
class _OpenSection:
    key: str | None
    heading: str
    heading_raw: str
    span: Span
    first_line: int
    ranges: list[tuple[int, int]] = field(default_factory=list)
    lead: str | None = None  # text after a section label on its own line
    body_start: str = "next-block"
    joined: bool = False
    paragraph_rest: tuple[int, int] | None = None  # lines after the label in its paragraph


class _Builder:
    def __init__(self, profile: Profile, lines: list[str]) -> None:
        self.profile = profile
        self.lines = lines
        # Heading text -> its section: cards of one file repeat the same few headings.
        self.resolved: dict[str, tuple[SectionSpec | None, str]] = {}
        self.items: dict[int, Item] = {}  # first line -> the card item there (item form)
        # (start, end) of a block -> its fields, read up to a section label: see _fields.
        self.read: dict[tuple[int, int], tuple[list[Field], int | None]] = {}

    def digest(self, blocks: list[Block], path: str | None) -> Digest:
        p = self.profile
        front_matter = None
        if blocks and blocks[0].kind == "front_matter":
            front_matter, blocks = self.markdown(blocks[:1]), blocks[1:]
        if p.card_form == "item":
            blocks = self._item_blocks(blocks)
        card_at = [i for i, b in enumerate(blocks) if self._is_card_heading(b)]
        first_card = card_at[0] if card_at else len(blocks)
        header_at = next(
            (i for i, b in enumerate(blocks[:first_card]) if b.kind == "heading" and b.level == 1),
            None,
        )
        related_at = next(
            (i for i, b in enumerate(blocks)
             if i > (-1 if header_at is None else header_at) and self._is_related_heading(b)),
            len(blocks),
        )
        card_at = [i for i in card_at if i < related_at]
        outro_at = next((i for i in range(card_at[-1] + 1 if card_at else related_at, related_at)
                         if blocks[i].kind == "heading" and blocks[i].level < p.card_level),
                        related_at)
        if card_at and outro_at == related_at and p.separator:
            # A sign-off after the last card's `---` (spec §5.5) closes the digest.
            hr = _closing_rule(blocks[card_at[-1] + 1:related_at])
            if hr is not None and any(b.kind != "html" for b in blocks[card_at[-1] + hr + 2:
                                                                      related_at]):
                outro_at = card_at[-1] + hr + 2
        groups = self._groups(blocks, card_at, -1 if header_at is None else header_at)
        hidden = self._hidden_cards(blocks, card_at, header_at, related_at)
        starts = sorted([*card_at, *(start for start, _ in groups.values())])
        body_end = starts[0] if starts else related_at
        title, date, date_text, header_raw, header_span, note = "", None, None, "", None, None
        header_source = "heading"
        if header_at is None and p.front_matter and front_matter:
            title, date, date_text = self._front_matter_header(front_matter)
            header_source = "front-matter"
        if header_at is not None:
            header = blocks[header_at]
            title, date, date_text, note = self._header(header)
            header_raw = self.lines[header.start]
            header_span = self._line_span(header.start)
            preamble = self.markdown(blocks[:header_at])
            intro = self.markdown(blocks[header_at + 1:body_end])
        else:
            preamble, intro = self.markdown(blocks[:body_end]), None
        bounds = [*starts, outro_at]
        ends = {start: stop for start, stop in itertools.pairwise(bounds)}
        cards = tuple(
            self.card(blocks[start], blocks[start + 1:ends[start]],
                      self._group(blocks, groups[start], start) if start in groups else None)
            for start in card_at
        )
        related = self.related(blocks[related_at], blocks[related_at + 1:]) \
            if related_at < len(blocks) else None
        return Digest(
            profile=p, title=title, date=date, date_text=date_text, preamble=preamble,
            intro=intro, cards=cards, related=related,
            outro=self.markdown(blocks[outro_at:related_at]), path=path, header_raw=header_raw,
            header_span=header_span, source_lines=tuple(self.lines), header_note=note,
            header_source=header_source, front_matter=front_matter, hidden_cards=hidden,
        )

    # -- helpers -------------------------------------------------------------

    def _hidden_cards(self, blocks: list[Block], card_at: list[int], header_at: int | None,
                      end: int) -> tuple[HiddenCard, ...]:
        """Field blocks of the style's first container that no card heading opens (in
        the intro or the outro, or after a card's own), and card headings glued to the
        end of a line with such fields on the next."""
        headings = set(card_at)
        # "expect": after a card heading, before its fields; "fields": in a run of field
        # blocks (and HTML comments between them), a card's own; "other": anywhere else.
        state = "other"
        out = []
        for i in range((-1 if header_at is None else header_at) + 1, end):
            b = blocks[i]
            if i in headings:
                state = "expect"
            elif self._opens_card(b):
                if state == "other":
                    out.append(self._hidden_card(blocks[i - 1] if i else None, b))
                state = "fields"
            elif b.kind == "html" or state == "expect":
                continue
            else:
                state = "other"
                rows = range(b.start, b.end - 1) if b.kind in ("paragraph", "list") else ()
                for row in rows:  # a heading glued to a line, its fields run on
                    glued = self._glued_heading(row)
                    if glued and any(label in self.lines[row + 1] for label in self._first_labels):
                        out.append(HiddenCard(self._line_span(row + 1), glued))
        return tuple(out)

    def _opens_card(self, b: Block) -> bool:
        """Whether ``b`` holds two fields (or the only field) of the style's first field
        block, as a card opens: a cheap look for a label first, then the field reader."""
        p = self.profile
        if not p.layout or b.kind not in ("paragraph", "blockquote", "list"):
            return False
        # A label opens the block's first line, after container markup and a marker
        # emoji at most: prose that mentions 来源 is not looked at further.
        head = self.lines[b.start].lstrip(" \t>-*+")[:24]
        if not any(label in head for label in self._first_labels):
            return False
        lines = self._field_lines(b)
        if not lines:
            return False
        fields = self.read[b.start, b.end] = split_fields(lines, p, stop_at_sections=True)
        keys = set(p.layout[0].keys)
        return len({f.key for f in fields[0]} & keys) >= min(2, len(keys))

    def _fields(self, b: Block, stop_at_sections: bool) -> tuple[list[Field], int | None] | None:
        """``split_fields`` of a block that may hold fields (else None), reusing what
        ``_opens_card`` read of it (every card's first block): a read that met no
        section label is the same whether or not it would have stopped at one."""
        read = self.read.get((b.start, b.end))
        if read is not None and (stop_at_sections or read[1] is None):
            return read
        lines = self._field_lines(b)
        return None if lines is None else split_fields(lines, self.profile, stop_at_sections)

    @cached_property
    def _first_labels(self) -> tuple[str, ...]:
        p = self.profile
        specs = [p.fields[k] for k in p.layout[0].keys] if p.layout else []
        return tuple(label for s in specs for label in (s.label, *s.aliases))

    def _hidden_card(self, before: Block | None, fields: Block) -> HiddenCard:
        where = self._line_span(fields.start)
        if before is not None and before.kind == "heading":
            line = self.lines[before.start]
            column = len(line) - len(line.lstrip(" "))
            if line[column:column + before.level] == "#" * before.level:
                return HiddenCard(where, Span(before.start + 1, column + 1, before.start + 1,
                                              column + 1 + before.level), before.level)
        if before is not None and before.kind in ("paragraph", "list"):
            glued = self._glued_heading(before.end - 1)
            if glued is not None:
                return HiddenCard(where, glued)
        return HiddenCard(where)

    def _glued_heading(self, row: int) -> Span | None:
        """The ``#`` run of a card heading written at the end of line ``row``, after text."""
        p, line = self.profile, self.lines[row]
        mark = "#" * p.card_level + " "
        at = line.find(mark, 1)
        while at > 0:
            if line[at - 1] != "#" and p.card_pattern.match(line[at + len(mark):].strip()):
                return Span(row + 1, at + 1, row + 1, at + p.card_level + 1)
            at = line.find(mark, at + 1)
        return None

    def _groups(self, blocks: list[Block], card_at: list[int],
                after: int) -> dict[int, tuple[int, int]]:
        """Card index -> (where its group's region starts, its group heading), in styles
        with groups (spec §5.11). The heading of the group level nearest before a card
        opens its group; group headings before that one with no card of their own (an
        empty group) lead into it, so the card before them ends at the first."""
        level = self.profile.group_level
        if level is None or not card_at:
            return {}
        cards = set(card_at)
        headings = [i for i, b in enumerate(blocks[:card_at[-1]])
                    if i > after and b.kind == "heading" and b.level == level]
        out: dict[int, tuple[int, int]] = {}
        run: list[int] = []  # group headings since the last card
        for index in sorted([*headings, *card_at]):
            if index in cards:
                if run:
                    out[index] = (run[0], run[-1])
                run = []
            else:
                run.append(index)
        return out

    def _group(self, blocks: list[Block], region: tuple[int, int], card: int) -> Group:
        start, at = region
        heading = blocks[at]
        return Group(heading.content, self.markdown(blocks[at + 1:card]),
                     self._line_span(heading.start), self.markdown(blocks[start:at]))

    def _item_blocks(self, blocks: list[Block]) -> list[Block]:
        """``blocks`` with each list of card items split into one block an item."""
        out: list[Block] = []
        for b in blocks:
            items = card_items(self.lines, b.start, b.end, self.profile.card_pattern) \
                if b.kind == "list" else None
            if items is None:
                out.append(b)
                continue
            for item in items:
                self.items[item.start] = item
                out.append(Block("item", item.start, item.end, content=item.title))
        return out

    def _is_card_heading(self, b: Block) -> bool:
        """A heading of the card level that the card pattern reads (spec §5.1): a
        style whose cards are numbered leaves other headings of that level (``### For
        developers``) to the part they stand in."""
        if b.kind == "item":
            return True
        return b.kind == "heading" and b.level == self.profile.card_level \
            and self.profile.card_form == "heading" and not self._is_related_heading(b) \
            and bool(self.profile.card_pattern.match(b.content))

    def _is_related_heading(self, b: Block) -> bool:
        p = self.profile
        return p.related_heading is not None and b.kind == "heading" \
            and b.level == p.related_level and b.content == p.related_heading

    def _line_span(self, index: int, column: int = 0) -> Span:
        line = index + 1  # one int for both ends (see parse.fields._close)
        return Span(line, column + 1, line, len(self.lines[index]) + 1)

    def markdown(self, blocks: list[Block], lead: str | None = None,
                 ranges: list[tuple[int, int]] | None = None,
                 lead_lines: tuple[int | None, ...] = (None,)) -> Markdown | None:
        """Blocks as verbatim text joined by one blank line, with their line map.

        ``lead`` is text that opens the body before those blocks (a label section's
        first paragraph), ``lead_lines`` the source line of each of its rows."""
        chunks: list[str] = []
        line_map: list[int | None] = []
        if lead:
            chunks.append(lead)
            line_map.extend(lead_lines)
        for start, end in ranges if ranges is not None else [(b.start, b.end) for b in blocks]:
            if chunks:
                line_map.append(None)
            chunks.append("\n".join(self.lines[start:end]))
            line_map.extend(range(start + 1, end + 1))
        if not chunks:
            return None
        return Markdown("\n\n".join(chunks), tuple(line_map))

    def _header(self, header: Block) -> tuple[str, DigestDate | None, str | None, str | None]:
        """Title, date (or the text where it belongs) and note (``（周二）``) of the header."""
        m = self.profile.header_pattern.match(header.content)
        if not m:
            return header.content, None, None, None
        title, date_text, note = m["title"], m.groupdict().get("date"), m.groupdict().get("note")
        if date_text is None:
            return title, None, None, note
        parsed = parse_date(date_text, self.profile.date_forms)
        if parsed is None:
            return title, None, date_text, note
        line = self.lines[header.start]
        col = line.rfind(date_text)
        span = Span(header.start + 1, col + 1, header.start + 1, col + len(date_text) + 1)
        return title, DigestDate(*parsed, raw=date_text, span=span), None, note

    def _front_matter_header(self, front_matter: Markdown
                             ) -> tuple[str, DigestDate | None, str | None]:
        """Title, date (or the text where it belongs) from the profile's front-matter keys.

        Values are read as YAML strings (``BaseLoader``): a date stays as written, and
        a timestamp (``2026-03-01T08:00:00+08:00``) gives its date part."""
        import yaml

        from digestfmt.structured import load_yaml

        try:
            data = load_yaml(front_matter.text.split("\n", 1)[1].rsplit("\n", 1)[0], None,
                             yaml.BaseLoader)
        except DigestError:  # not YAML, or nested too deeply: no header there
            data = None
        if not isinstance(data, dict):
            return "", None, None
        keys = self.profile.front_matter
        title = data.get(keys.get("title", ""))
        raw = data.get(keys.get("date", ""))
        title = title if isinstance(title, str) else ""
        if not isinstance(raw, str):
            return title, None, None
        date_part = re.match(r"\d{4}-\d{2}-\d{2}(?=[T ]|$)", raw.strip())
        parsed = parse_date(date_part[0] if date_part else raw, self.profile.date_forms)
        if parsed is None:
            return title, None, raw
        span = None
        for line, number in zip(front_matter.text.split("\n"), front_matter.lines, strict=True):
            if line.startswith(keys["date"]) and (col := line.find(raw)) >= 0 and number:
                span = Span(number, col + 1, number, col + len(raw) + 1)
                break
        return title, DigestDate(*parsed, raw=raw, span=span), None

    # -- cards ---------------------------------------------------------------

    def card(self, heading: Block, blocks: list[Block], group: Group | None = None) -> Card:
        if heading.kind == "item":
            return self._item_card(self.items[heading.start], blocks, group)
        p = self.profile
        m = p.card_pattern.match(heading.content)
        groups = m.groupdict() if m else {"title": heading.content}
        number = groups.get("number")
        separator_span = None
        after_separator: list[Block] = []
        hr = _closing_rule(blocks)
        if hr is not None:
            separator_span = self._line_span(blocks[hr].start)
            blocks, after_separator = blocks[:hr], blocks[hr + 1:]
        fields: list[Field] = []
        sections: list[_OpenSection] = []
        extra_ranges: list[tuple[int, int]] = []
        written: list[tuple[str, tuple[int, ...]]] = []  # the field blocks as written
        labelled = p.section_level is None and bool(p.sections)
        previous: Block = heading
        for b in blocks:
            if p.section_level and b.kind == "heading" and b.level == p.section_level:
                sections.append(self._heading_section(b))
                previous = b
                continue
            rows = self._section_label_rows(b) if labelled else []  # label lines, scanned once
            if sections:
                if rows and rows[0] > 0:  # lines before the label end the open section
                    sections[-1].ranges.append((b.start, b.start + rows[0]))
                if rows:
                    sections += self._label_sections(b, rows, previous)
                else:
                    sections[-1].ranges.append((b.start, b.end))
            elif (read := self._fields(b, labelled and b.kind == "paragraph")) is not None:
                got, stop = read
                if b.kind == "list" and not _items_as_written(p, got):
                    got, stop = [], None  # kept as it is: written back, items would change
                if not got and stop is None:  # no label on its first line: not a field block
                    end = b.start + rows[0] if rows else b.end
                    if end > b.start:  # lines before a label line: an unrecognised block
                        extra_ranges.append((b.start, end))
                    sections += self._label_sections(b, rows, previous) if rows else []
                if got:
                    written.append((b.kind, tuple(range(len(fields), len(fields) + len(got)))))
                fields.extend(got)
                if stop is not None:
                    sections += self._label_sections(b, [stop, *(r for r in rows if r > stop)],
                                                     previous)
            else:
                extra_ranges.append((b.start, b.end))
            previous = b
        arrangement: FieldBlocks | None = tuple(written)
        if same_blocks(tuple(written), canonical_blocks(p, fields)):
            arrangement = None
        last = blocks[-1].end if blocks else heading.end
        if separator_span:
            last = after_separator[-1].end if after_separator else separator_span.line
        return Card(
            title=groups.get("title") or "",
            number=int(number) if number else None,
            org=groups.get("org"),
            fields=tuple(fields),
            sections=tuple(self._section(s) for s in sections),
            extras=self._extras(extra_ranges + [(b.start, b.end) for b in after_separator],
                                fields, arrangement, sections, separator_span),
            separator=separator_span is not None,
            heading_raw=self.lines[heading.start],
            span=Span(heading.start + 1, 1, last, len(self.lines[last - 1]) + 1),
            heading_span=self._line_span(heading.start),
            separator_span=separator_span,
            field_blocks=arrangement,
            group=group,
        )

    @cached_property
    def _unindented(self) -> tuple[_Builder, dict[int, int]]:
        """A builder over the text with every card item's lines taken off the item's
        indentation (items share no line, so one copy serves them all), and the columns
        taken off each (1-based) line."""
        lines, widths = list(self.lines), {}
        for item in self.items.values():
            own, taken = item_lines(self.lines, item)
            lines[item.start:item.end] = own
            widths.update(taken)
        return _Builder(self.profile, lines), widths

    def _item_card(self, item: Item, after: list[Block], group: Group | None) -> Card:
        """A card item: its content, read without the item's indentation as a heading
        card's is (the first line its heading), with every position moved back to
        the column it was read at; the blocks ``after`` it (at the top level, before
        the next card) are its trailer."""
        builder, widths = self._unindented
        inner = [Block(b.kind, b.start + item.start + 1, b.end + item.start + 1, b.level,
                       b.content)
                 for b in read_blocks("\n".join(builder.lines[item.start + 1:item.end]))]
        head = Block("heading", item.start, item.start + 1, self.profile.card_level, item.title)
        card = shifted(builder.card(head, inner, group), widths)
        m = self.profile.card_pattern.match(item.title)
        lead = m.groupdict().get("lead") if m else None
        number = card.number
        if number is None and item.marker[:-1].isdigit():
            number = int(item.marker[:-1])
        last = (after[-1].end if after else item.end)
        return replace(card, number=number, lead=lead or None,
                       item=ItemMark(item.marker, item.loose),
                       trailer=self.markdown(after) if after else None,
                       heading_raw=self.lines[item.start],
                       heading_span=self._line_span(item.start),
                       span=Span(item.start + 1, 1, last, len(self.lines[last - 1]) + 1))

    def _field_lines(self, b: Block) -> list[Line] | None:
        """The lines of a block that may hold fields, with their container markup
        removed: a paragraph's, a blockquote's, a simple list's (see ``list_lines``)."""
        if b.kind == "list":
            return list_lines(self.lines, b.start, b.end)
        if b.kind in ("paragraph", "blockquote"):
            return content_lines(self.lines, b.start, b.end, b.kind == "blockquote")
        return None

    def _heading_section(self, b: Block) -> _OpenSection:
        resolved = self.resolved.get(b.content)
        if resolved is None:
            resolved = self.resolved[b.content] = self.profile.resolve_section(b.content)
        spec, heading = resolved
        line = self.lines[b.start]
        col = line.find(b.content)
        return _OpenSection(
            key=spec.key if spec else None, heading=intern(heading), heading_raw=intern(b.content),
            span=self._line_span(b.start, max(col, 0)), first_line=b.start,
        )

    def _section_label_rows(self, b: Block) -> list[int]:
        """Rows of a paragraph (0-based, within it) that open a label section."""
        if b.kind != "paragraph":
            return []
        rows = []
        for row in range(b.end - b.start):
            text = self.lines[b.start + row]
            if "**" in text \
                    and (m := label_at(text, len(text) - len(text.lstrip(" ")), self.profile)) \
                    and self.profile.section_by_name(m["label"]):
                rows.append(row)
        return rows

    def _label_sections(self, b: Block, rows: list[int], previous: Block) -> list[_OpenSection]:
        """The label sections opened at ``rows`` of paragraph ``b``: each label line,
        the text after it on its line, and the paragraph's lines up to the next label."""
        out = []
        for n, row in enumerate(rows):
            index = b.start + row
            end = b.start + rows[n + 1] if n + 1 < len(rows) else b.end
            joined = row > 0
            out.append(self._label_section(index, end, joined, row == 0 and previous))
        return out

    def _label_section(self, index: int, end: int, joined: bool,
                       previous: Block | bool) -> _OpenSection:
        line = self.lines[index]
        indent = len(line) - len(line.lstrip(" "))
        label = label_at(line, indent, self.profile)
        assert label is not None
        spec = self.profile.section_by_name(label["label"])
        assert spec is not None
        col = line.index("**", indent)
        rest = line[label.end():].strip()
        if rest:
            body_start = "same-line"
        elif index + 1 < end:  # two trailing spaces: a hard line break a reader sees
            body_start = "next-line-break" if line.endswith("  ") else "next-line"
        else:
            body_start = "next-block"
        if not joined and isinstance(previous, Block) and previous.kind != "paragraph":
            joined = spec.joined  # nothing it could have continued: the style's way
        section = _OpenSection(
            key=spec.key, heading=intern(label["label"]),
            heading_raw=intern(label.group(0).strip()),
            span=Span(number := index + 1, col + 1, number, len(line.rstrip()) + 1),
            first_line=index, lead=rest or None, body_start=body_start, joined=joined,
        )
        if index + 1 < end:
            section.paragraph_rest = (index + 1, end)
        return section

    def _section(self, s: _OpenSection) -> Section:
        lead, lead_lines = s.lead, (None,)  # type: tuple[str | None, tuple[int | None, ...]]
        if s.paragraph_rest:  # the label's paragraph goes on: the body's first paragraph
            start, end = s.paragraph_rest
            rows = tuple(range(start + 1, end + 1))
            lead = "\n".join(self.lines[start:end]) if lead is None \
                else "\n".join([lead, *self.lines[start:end]])
            lead_lines = rows if s.lead is None else (None, *rows)
        body = self.markdown([], lead=lead, ranges=s.ranges, lead_lines=lead_lines)
        body = body or Markdown("")
        body_start, joined = s.body_start, s.joined
        spec = self.profile.section(s.key) if s.key else None
        if spec and not body.text:  # an empty body starts nowhere: the style's way
            body_start = spec.body_start
        return Section(key=s.key, heading=s.heading, body=body, heading_raw=s.heading_raw,
                       span=s.span, body_start=body_start, joined=joined)

    def _extras(self, ranges: list[tuple[int, int]], fields: list[Field],
                arrangement: FieldBlocks | None, sections: list[_OpenSection],
                separator: Span | None) -> tuple[Extra, ...]:
        """Anchor unrecognised blocks after the recognised parts that precede them.

        Parts are counted in the order the writer emits them (see codecs.markdown),
        so the anchors survive formatting. The blocks between two recognised parts
        form one Extra: the writer joins an Extra's blocks with one blank line, so
        splitting them per block would not read back what was written.
        """
        if not ranges:
            return ()
        blocks = canonical_blocks(self.profile, fields) if arrangement is None else arrangement
        starts = [min(span.line for n in members if (span := fields[n].span))
                  for _, members in blocks]
        starts += [s.first_line + 1 for s in sections]
        if separator:
            starts.append(separator.line)
        runs: dict[int, list[tuple[int, int]]] = {}
        for start, end in ranges:
            runs.setdefault(sum(1 for line in starts if line <= start), []).append((start, end))
        return tuple(
            Extra(after=after, body=self.markdown([], ranges=run) or Markdown(""))
            for after, run in runs.items()
        )

    # -- trailing list ------------------------------------------------------

    def related(self, heading: Block, blocks: list[Block]) -> Related:
        span = self._line_span(heading.start)
        items: list[RelatedItem] = []
        if not blocks:  # the heading alone: an empty list, as the writer writes one
            return Related(heading.content, (), span=span)
        if len(blocks) == 1 and blocks[0].kind == "list":
            for index in range(blocks[0].start, blocks[0].end):
                m = _RELATED_ITEM.fullmatch(self.lines[index])
                link = parse_link(m[1]) if m else None
                if link is None:
                    break
                items.append(RelatedItem(link[0], link[1], self._line_span(index)))
            else:
                return Related(heading.content, tuple(items), span=span)
        return Related(heading.content, None, self.markdown(blocks), span=span)


def _closing_rule(blocks: list[Block]) -> int | None:
    """The index of the `---` that closes a card (spec §5.5): its last thematic break
    with no heading after it. What follows it (a comment, a note) stays after it."""
    for i in range(len(blocks) - 1, -1, -1):
        if blocks[i].kind == "hr":
            return i
        if blocks[i].kind == "heading":
            return None
    return None


def _items_as_written(p: Profile, fields: list[Field]) -> bool:
    """Whether a list's fields share items as the writer would put them: two fields in
    one item exactly when the layout puts both known fields on one line."""
    line_of = {key: (n, m) for n, c in enumerate(p.layout)
               for m, line in enumerate(c.lines) for key in line.fields}
    for before, after in itertools.pairwise(fields):
        one_item = after.span is not None and before.span is not None \
            and after.span.line == before.span.end_line
        together = before.key is not None and after.key is not None \
            and line_of.get(before.key) == line_of.get(after.key)
        if one_item != together:
            return False
    return True
