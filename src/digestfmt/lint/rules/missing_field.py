"""A card lacks a field its style requires.

## What it checks
Every card has each required field of its style's profile: intel cards 来源,
时间, 价值, 标签, 链接 and 一句话摘要 (摘要 in the older era); brief cards 分类,
来源 and 核心洞察. A label the style does not know does not count.

## Why
Readers scan the fields to decide what to read; tools file, sort and link
cards by them. A card without its source or link cannot be checked at all.

## Example
Bad:
```md
### 1. [OpenAI] GPT-5 发布
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**链接**: https://example.com/a
```
Good:
```md
### 1. [OpenAI] GPT-5 发布
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟🌟🌟 **标签**: [发布]
**链接**: https://example.com/a
```

## Fix
None: the value must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF104"
NAME = "missing-field"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    profile = digest.profile
    for card in digest.cards:
        present = {f.key for f in card.fields}
        missing = [profile.fields[k].label for k in profile.required_fields if k not in present]
        if missing and card.heading_span:
            yield Problem(card.heading_span, _("card lacks required field(s): {fields}").format(
                fields="、".join(missing)))
