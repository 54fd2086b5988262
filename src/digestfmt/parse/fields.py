"""Labelled lines (``**来源**: 机器之心 | **时间**: …``) -> fields with positions.

Real files write a label as ``**L**:``, ``**L**：``, ``**L：**`` or ``**L:**``, with or
without a space after; all are the same label, and a label the style knows needs no
colon at all (``**🔗 链接**``). A style may also write labels plainly, at the start of
list items (``*   🔗 [原文](…)``) or, with a colon, of blockquote lines (``> 来源：…``).
A line may hold several fields; a line that starts with no label continues the value
of the field before it, except that a list item without a label is no field at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from sys import intern

from digestfmt.model import Field, Span
from digestfmt.profiles import EMOJI, Profile
from digestfmt.values import typed_value

# The label does not end in a colon: else ``**注：**`` would read as the label "注："
# with no colon, not as the label "注".
LABEL = re.compile(
    r"\*\*(?P<label>[^*\s](?:[^*\n]{0,30}?[^*\s:：])?)[ \t]*(?P<inner>[:：])?[ \t]*\*\*"
    r"[ \t]*(?P<outer>[:：])?[ \t]*"
)
_QUOTE = re.compile(r"[ ]{0,3}>[ \t]?")
ITEM = re.compile(r"([-*+])([ ]{1,4})(?=\S)")
_NESTED = re.compile(r"[ \t]*(?:[-*+>#]|\d{1,9}[.)]|```|~~~)(?:[ \t]|$)")
MARKER = re.compile(f"{EMOJI}[ \t]*")  # a marker emoji such as 🎯 before a label


@dataclass
class Line:
    """A line of a field block with its container markup removed."""

    index: int  # 0-based source line
    offset: int  # code points removed from the start (``> ``, ``- ``, prefix)
    text: str
    item: bool = False  # opens a list item
    quoted: bool = False  # a line of a blockquote


def content_lines(lines: list[str], start: int, end: int, quoted: bool) -> list[Line]:
    out = []
    for index in range(start, end):
        text, offset = lines[index], 0
        if quoted and (m := _QUOTE.match(text)):
            text, offset = text[m.end():], m.end()
        out.append(Line(index, offset, text, quoted=quoted))
    return out


def list_lines(lines: list[str], start: int, end: int) -> list[Line] | None:
    """The content lines of a tight bullet list whose items are one paragraph each,
    else None: only such a list can be a field block, since its items can be written
    back one a line without changing what a reader sees."""
    out: list[Line] = []
    bullet, width = "", 0
    for index in range(start, end):
        text = lines[index]
        if m := ITEM.match(text):
            if bullet and m[1] != bullet:
                return None
            bullet, width = m[1], m.end()
            out.append(Line(index, m.end(), text[m.end():], item=True))
        elif not out or not text.strip() or _NESTED.match(text):
            return None  # a blank line (a loose list) or a nested block
        else:
            indent = min(len(text) - len(text.lstrip(" ")), width)
            out.append(Line(index, indent, text[indent:]))
    return out or None


def label_at(text: str, pos: int = 0, profile: Profile | None = None,
             item: bool = False, quoted: bool = False) -> re.Match[str] | None:
    """A label at ``pos`` (after an optional marker emoji), if one is written there: a
    bold one with a colon, or, given the profile, one of its labels without a colon,
    or one written plainly (``🔗 ``, ``来源：``) at the start of a list ``item``, or with
    a colon at the start of a ``quoted`` line."""
    m = MARKER.match(text, pos)
    label = LABEL.match(text, m.end() if m else pos)
    if label and (label["inner"] or label["outer"]):
        return label
    if profile is None:
        return None
    if label and (profile.field_key(label["label"]) or profile.section_by_name(label["label"])):
        return label
    plain = profile.plain_label.match(text, pos) if profile.plain_label and pos == 0 \
        and (item or quoted) else None
    return plain if plain and (item or plain["inner"]) else None


@dataclass
class _Open:
    key: str | None
    label: str
    markup: str
    start: tuple[int, int]  # (line index, column 0-based) of the label
    value_start: tuple[int, int]
    parts: list[str]
    end: tuple[int, int]


def split_fields(block: list[Line], profile: Profile, stop_at_sections: bool) -> tuple[
    list[Field], int | None
]:
    """Fields of a labelled block; also the block line where a section label starts.

    A block whose first line holds no label is no field block: ``([], None)``.

    With ``stop_at_sections``, scanning stops at the label of a section introduced
    by a bold label; the returned index is that line, else None.
    """
    fields: list[Field] = []
    current: _Open | None = None
    for row, line in enumerate(block):
        first = label_at(line.text, 0, profile, line.item, line.quoted)
        if first and stop_at_sections and profile.section_by_name(first["label"]):
            if current:
                fields.append(_close(current, profile))
            return fields, row
        if first is None:
            if current is None or line.item:  # text before any label: not a field block
                return [], None
            current.parts.append(line.text.rstrip())
            current.end = (line.index, line.offset + len(line.text.rstrip()))
            continue
        matches = [first, *_known_labels(line.text, first.end(), profile)]
        for n, m in enumerate(matches):
            if current:
                fields.append(_close(current, profile))
            stop = matches[n + 1].start() if n + 1 < len(matches) else len(line.text)
            value = line.text[m.end():stop]
            value = value.rstrip(profile.joiner_chars) if n + 1 < len(matches) \
                else value.rstrip()
            label_col = m.start()
            current = _Open(
                key=profile.field_key(m["label"]),
                label=m["label"],
                markup=line.text[label_col:m.end()],
                start=(line.index, line.offset + label_col),
                value_start=(line.index, line.offset + m.end()),
                parts=[value],
                end=(line.index, line.offset + m.end() + len(value)),
            )
    if current:
        fields.append(_close(current, profile))
    return fields, None


def _known_labels(text: str, pos: int, profile: Profile) -> list[re.Match[str]]:
    """Labels of the profile's fields from ``pos`` on, tried at every ``**``: a value
    with an unpaired ``**`` must not hide the label after it (``a **b | **时间**:``)."""
    found = []
    at = text.find("**", pos)
    while at != -1:
        m = LABEL.match(text, at)
        if m and (m["inner"] or m["outer"]) and profile.field_key(m["label"]) is not None:
            found.append(m)
            at = text.find("**", m.end())
        else:
            at = text.find("**", at + 1)
    return found


def _close(open_field: _Open, profile: Profile) -> Field:
    raw = "\n".join(open_field.parts).strip()
    spec = profile.fields.get(open_field.key) if open_field.key else None
    kind = spec.kind if spec else "text"
    (l0, c0), (v0, w0), (l1, c1) = open_field.start, open_field.value_start, open_field.end
    # One int for the line both spans start and end on, as most fields are written:
    # a line number past 256 is an object of its own, 28 bytes four times a field.
    line = l0 + 1
    end = line if l1 == l0 else l1 + 1
    value_line = line if v0 == l0 else v0 + 1
    return Field(
        key=open_field.key,
        label=intern(open_field.label),  # the same few labels in every card: one string each
        value=typed_value(kind, raw, spec.joiner if spec else ""),
        raw=raw,
        kind=kind,
        label_markup=intern(open_field.markup),
        span=Span(line, c0 + 1, end, c1 + 1),
        value_span=Span(value_line, w0 + 1, end, c1 + 1),
    )
