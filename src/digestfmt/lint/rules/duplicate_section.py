"""A card has the same section twice.

## What it checks
Within one card, each section the style knows (by name or by marker emoji) may
appear once: a second `#### 📊 实验数据/关键结论` (or a renamed `#### 📊 …`) is
reported at the repeat.

## Why
A repeated section is usually a paste accident or a generator that emitted a
part twice; readers cannot tell which one is meant, and tools that read a
card's sections by name keep only one of them.

## Example
Bad:
```md
#### 📊 实验数据/关键结论
- 基准提升 20%。

#### 📊 实验数据/关键结论
- 成本下降一半。
```
Good:
```md
#### 📊 实验数据/关键结论
- 基准提升 20%。
- 成本下降一半。
```

## Fix
None: merge or delete by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest, Span

CODE = "DF110"
NAME = "duplicate-section"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for card in digest.cards:
        seen: dict[str, Span | None] = {}
        for section in card.sections:
            if section.key is None or section.span is None:
                continue
            if section.key in seen:
                first = seen[section.key]
                where = _(" (first at line {line})").format(line=first.line) if first else ""
                yield Problem(section.span, _("section {heading} appears again{where}").format(
                    heading=section.heading, where=where))
            else:
                seen[section.key] = section.span
