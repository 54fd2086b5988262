"""A field is present but its value is empty.

## What it checks
Every field of a card whose label the style knows (来源, 时间, 价值, 标签, 链接,
一句话摘要 / 摘要; 分类, 来源, 核心洞察) must have a value after its label: a label
followed by nothing, or only by the next field's label, is reported. Unknown
labels are `unknown-field` (DF113).

## Why
An empty field looks filled to a reader skimming labels and to a check that
only asks whether the field is there, but there is nothing to read, sort, file
or follow: it is a missing value hiding behind its label.

## Example
Bad:
```md
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟🌟🌟 **标签**:
**链接**: https://example.com/a
```
Good:
```md
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

CODE = "DF105"
NAME = "empty-field"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for card in digest.cards:
        for field in card.fields:
            if field.key is None or field.raw.strip() or field.span is None:
                continue
            yield Problem(field.span, _("field {label} is empty").format(label=field.label))
