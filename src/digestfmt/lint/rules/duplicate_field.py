"""A card has the same field twice.

## What it checks
Within one card, each field the style knows (来源, 时间, 价值, …) may be written
once; a second `**来源**:` (or a second label that means the same field) is
reported at the repeat.

## Why
With two values, readers cannot tell which is right, and tools keep one and
drop the other silently (the JSON form keeps the first as the field and the
repeat only as an extra). It usually means two cards were merged or a line was
pasted twice.

## Example
Bad:
```md
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**来源**: 量子位
```
Good:
```md
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
```

## Fix
None: which value is right must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest, Span

CODE = "DF114"
NAME = "duplicate-field"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for card in digest.cards:
        seen: dict[str, Span | None] = {}
        for field in card.fields:
            if field.key is None or field.span is None:
                continue
            if field.key in seen:
                first = seen[field.key]
                where = _(" (first at line {line})").format(line=first.line) if first else ""
                yield Problem(field.span, _("field {label} appears again{where}").format(
                    label=field.label, where=where))
            else:
                seen[field.key] = field.span
