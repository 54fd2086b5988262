"""A card has no analysis sections at all, only its fields and summary.

## What it checks
Cards of a style that has sections (intel: `#### 🔹 核心技术/实现逻辑` and the
rest; brief: `**核心洞察：**` and `**内容简介：**`) must have at least one. Styles without required
sections, such as the older intel era (`intel-legacy`, files up to 2026-02-02, whose
cards are a `**摘要**:` paragraph), are not checked. A card with some but not all
required sections is `missing-section` (DF106).

## Why
In real archives this is the generator dropping a card's analysis (the
intel corpus has 17 such cards): the card still reads as complete, but the
part readers come for is gone. A warning, not an error: the card's fields and
summary are still correct, and some archives choose to keep such cards.

## Example
Bad:
```md
### 4. [MIT] Drifting Models: 单步生成新范式
**来源**: 量子位 | **时间**: 2026-02-05 19:20
**价值**: 🌟🌟🌟🌟🌟 **标签**: [生成模型]
**链接**: https://example.com/a

> 🎯 **一句话摘要**：将分布演化移至训练阶段，实现单步生成。

---
```
Good:
```md
### 4. [MIT] Drifting Models: 单步生成新范式
**来源**: 量子位 | **时间**: 2026-02-05 19:20
**价值**: 🌟🌟🌟🌟🌟 **标签**: [生成模型]
**链接**: https://example.com/a

> 🎯 **一句话摘要**：将分布演化移至训练阶段，实现单步生成。

#### 🔹 核心技术/实现逻辑
- 用训练轨迹驱动分布漂移。

#### 📊 实验数据/关键结论
- ImageNet 256 单步 FID 1.54。

#### 💡 独家洞察/局限性
- 训练成本更高。

---
```

## Fix
None: the analysis must come from the author (or the generator, re-run).
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF107"
NAME = "summary-only-card"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    profile = digest.profile
    if not profile.required_sections:  # a style whose sections are all optional
        return
    names = "、".join(s.heading for s in profile.sections if s.required)
    for card in digest.cards:
        if not card.sections and card.heading_span is not None:
            yield Problem(card.heading_span, _("card has no sections ({sections}): only its "
                                               "fields and summary").format(sections=names))
