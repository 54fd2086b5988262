"""List items that open cards, in styles whose cards are list items (a bullet digest).

With ``card: {form: item}`` a profile's cards are the items of a top-level list whose
first line the card pattern reads (``- **Title**：lead``); what is indented under an
item is the card's content. A list is a list of cards only when every item of it
opens one: any other list stays ordinary content. markdown-it-py finds the items and
whether their list is loose; nothing here re-implements list parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, TypeVar

from digestfmt.model import Markdown, Span
from digestfmt.parse.blocks import block_parser
from digestfmt.profiles import Profile

T = TypeVar("T")

_MARKER = re.compile(r" {0,3}([-*+]|\d{1,9}[.)])( {1,4}|$)")


@dataclass(frozen=True)
class Item:
    """One card item: its lines (0-based, end exclusive, trailing blank lines left
    out), its marker as written and how far its content is indented."""

    start: int
    end: int
    marker: str  # "-", "*", "+", "3.", "3)"
    width: int  # columns of the indentation, the marker and the spaces after it
    loose: bool  # whether its list is loose
    title: str  # the first line's text after the marker


def card_items(lines: list[str], start: int, end: int,
               pattern: re.Pattern[str]) -> list[Item] | None:
    """The items of the list block ``lines[start:end]`` when every one opens a card:
    its first line, after the marker, read by ``pattern`` (the profile's card pattern)."""
    tokens = block_parser().parse("\n".join(lines[start:end]))
    spans = [t.map for t in tokens if t.type == "list_item_open" and t.level == 1 and t.map]
    loose = any(t.type == "paragraph_open" and t.level == 2 and not t.hidden for t in tokens)
    items = []
    for first, last in spans:
        m = _MARKER.match(lines[start + first])
        if m is None or not pattern.match(lines[start + first][m.end():]):
            return None
        stop = start + last
        while stop > start + first + 1 and not lines[stop - 1].strip():
            stop -= 1
        items.append(Item(start + first, stop, m[1], m.end(), loose,
                          lines[start + first][m.end():]))
    return items or None


def item_lines(lines: list[str], item: Item) -> tuple[list[str], dict[int, int]]:
    """The item's lines without its indentation (the first without its marker), and for
    each (1-based) source line how many columns were taken off."""
    out, widths = [], {}
    for row in range(item.start, item.end):
        text = lines[row]
        width = item.width if row == item.start \
            else min(item.width, len(text) - len(text.lstrip(" ")))
        out.append(text[width:])
        widths[row + 1] = width
    return out, widths


def opens_card(profile: Profile, line: str) -> bool:
    """Whether a list item's first line reads as a card's (its text after the marker)."""
    m = _MARKER.match(line)
    return m is not None and profile.card_pattern.match(line[m.end():]) is not None


def shifted(value: T, widths: dict[int, int]) -> T:
    """``value`` (a part of the model) with every position on a line of ``widths``
    (1-based line -> columns taken off its start) moved right by that many columns."""
    return _shifted(value, widths)  # type: ignore[no-any-return]


def _shifted(value: Any, widths: dict[int, int]) -> Any:
    if isinstance(value, Span):
        return Span(value.line, value.column + widths.get(value.line, 0), value.end_line,
                    value.end_column + widths.get(value.end_line, 0))
    if isinstance(value, Markdown):
        return replace(value, columns=tuple(1 + widths.get(line or 0, 0)
                                            for line in value.lines))
    if isinstance(value, (tuple, list)):
        return type(value)(_shifted(v, widths) for v in value)
    if is_dataclass(value) and not isinstance(value, type) and not isinstance(value, Profile):
        return replace(value, **{f.name: _shifted(getattr(value, f.name), widths)
                                 for f in fields(value)})
    return value
