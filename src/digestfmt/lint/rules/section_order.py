"""A card's sections are not in their style's order.

## What it checks
The sections of a card that the style knows must come in the style's order:
for intel `🔹 核心技术/实现逻辑`, `📊 实验数据/关键结论`, `💡 独家洞察/局限性`,
then `🔗 相关资源`. Sections the style does not know are not placed. One
finding per card, at the first section that comes after one that belongs
later.

## Why
Readers of a daily digest learn where to look in every card (method, then
evidence, then judgement); converters and the canonical form write sections in
this order, so a card out of order also changes when formatted.

## Example
Bad:
```md
#### 💡 独家洞察/局限性
- 成本仍高。

#### 📊 实验数据/关键结论
- 基准提升 20%。
```
Good:
```md
#### 📊 实验数据/关键结论
- 基准提升 20%。

#### 💡 独家洞察/局限性
- 成本仍高。
```

## Fix
None: move the sections by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest, Section

CODE = "DF109"
NAME = "section-order"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    rank = {spec.key: i for i, spec in enumerate(digest.profile.sections)}
    for card in digest.cards:
        latest: Section | None = None
        for section in card.sections:
            if section.key is None or section.span is None:
                continue
            if latest is not None and rank[section.key] < rank[latest.key or ""]:
                yield Problem(section.span, _("section {heading} comes after {latest}; it belongs "
                                              "before it").format(heading=section.heading,
                                                                  latest=latest.heading))
                break
            if latest is None or rank[section.key] > rank[latest.key or ""]:
                latest = section
