"""A heading's leading emoji is not followed by a space.

## What it checks
Headings that start with an emoji marker glued to the text after it
(`#### 🔗相关资源`): the digest's `#` header, card headings (the title after any
number and `[机构]`), section headings, and headings inside section bodies, extra
blocks and the intro. Headings in code blocks are skipped.

## Why
The profile writes `marker + space + name`, and readers and search match
section names by that spelling. The intel generator's prompt itself spells
`🔗相关资源` without the space, so a third of real cards drift.

## Example
Bad:
```md
#### 🔗相关资源
```
Good:
```md
#### 🔗 相关资源
```

## Fix
Safe: a space is inserted after the emoji. `digestfmt fmt` writes section
headings the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest, Span
from digestfmt.profiles import EMOJI
from digestfmt.regions import Pointer, regions

CODE = "DF501"
NAME = "heading-emoji-space"
SEVERITY = "warning"

_GLUED = re.compile(f"({EMOJI})(?=[^\\s])")
_ATX = re.compile(r"( {0,3}#{1,6}[ \t]+)")


def _problem(line: int, column: int, emoji: str, touches: tuple[Pointer, ...]) -> Problem:
    at = column + len(emoji)
    fix = Fix((Edit(Span(line, at, line, at), " "),), _("insert a space after the emoji"),
              touches=touches)
    return Problem(Span(line, column, line, at),
                   _("no space after the heading's emoji {emoji}").format(emoji=emoji), fix)


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    profile = digest.profile
    m = _ATX.match(digest.header_raw)
    if digest.header_span and m and (glued := _GLUED.match(digest.header_raw, m.end())):
        yield _problem(digest.header_span.line, m.end() + 1, glued[1], (("title",),))
    for index, card in enumerate(digest.cards):
        if card.heading_span and (m := _ATX.match(card.heading_raw)):
            title = profile.card_pattern.match(card.heading_raw[m.end():])
            start = m.end() + (title.start("title") if title else 0)
            if glued := _GLUED.match(card.heading_raw, start):
                yield _problem(card.heading_span.line, start + 1, glued[1],
                               (("cards", index, "title"),))
        for section in card.sections:
            if section.span and (glued := _GLUED.match(section.heading_raw)):
                yield _problem(section.span.line, section.span.column, glued[1], ())
    for region in regions(digest):
        if not region.block:
            continue
        offset = 0
        for row, text in enumerate(region.text.split("\n")):
            m = _ATX.match(text)
            if m and (glued := _GLUED.match(text, m.end())) and row not in region.code_rows():
                where = region.position(offset + m.end())
                if where:
                    yield _problem(where[0], where[1], glued[1], (region.pointer,))
            offset += len(text) + 1
