"""A section has a heading but no content.

## What it checks
Every section of a card (`#### 📊 实验数据/关键结论`, `**内容简介：**`) must have
some text between its heading and the next section, separator or card; blank
lines do not count.

## Why
An empty section promises analysis that is not there; readers jump to it and
find nothing, and it usually means the generator or an edit lost its body.

## Example
Bad:
```md
#### 📊 实验数据/关键结论

#### 💡 独家洞察/局限性
- 成本仍高。
```
Good:
```md
#### 📊 实验数据/关键结论
- 基准提升 20%。

#### 💡 独家洞察/局限性
- 成本仍高。
```

## Fix
None: the content must come from the author (or delete the heading).
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF108"
NAME = "empty-section"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for card in digest.cards:
        for section in card.sections:
            if section.span is not None and not section.body.text.strip():
                yield Problem(section.span, _("section {heading} is empty").format(
                    heading=section.heading))
