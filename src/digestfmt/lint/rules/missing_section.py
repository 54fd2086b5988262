"""A card with analysis sections lacks one its style requires.

## What it checks
In a card that has at least one section, every section the style requires:
intel cards `#### 🔹 核心技术/实现逻辑`, `#### 📊 实验数据/关键结论` and
`#### 💡 独家洞察/局限性` (`#### 🔗 相关资源` is optional: the generator writes it
only when the article cites GitHub or arXiv); brief cards `**核心洞察：**` and
`**内容简介：**`. A
section counts when its name or its marker emoji is the style's (`#### 💡 行业洞察`
is the insight section). A card with no sections at all is `summary-only-card`
(DF107).

## Why
Readers expect every analysed card to answer the same three questions (how it
works, what the evidence is, what it means); one missing part usually means the
generator cut the analysis short or an edit deleted it.

## Example
Bad:
```md
### 1. [OpenAI] GPT-5 发布
…
#### 🔹 核心技术/实现逻辑
- 新架构。

#### 💡 独家洞察/局限性
- 成本仍高。
```
Good:
```md
### 1. [OpenAI] GPT-5 发布
…
#### 🔹 核心技术/实现逻辑
- 新架构。

#### 📊 实验数据/关键结论
- 基准提升 20%。

#### 💡 独家洞察/局限性
- 成本仍高。
```

## Fix
None: the analysis must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF106"
NAME = "missing-section"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    profile = digest.profile
    for card in digest.cards:
        if not card.sections or card.heading_span is None:
            continue
        present = {s.key for s in card.sections}
        missing = [spec.heading for spec in profile.sections
                   if spec.required and spec.key not in present]
        if missing:
            yield Problem(card.heading_span,
                          _("card lacks required section(s): {sections}").format(
                              sections="、".join(missing)))
