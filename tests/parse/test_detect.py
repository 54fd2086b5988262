"""parse/detect.py: the style is judged by structure, not by the title."""

from __future__ import annotations

import pytest

import digestfmt
from digestfmt.errors import NotADigest
from digestfmt.parse import parse_text
from digestfmt.profiles import get_profile

INTEL = """# AI 每日情报 | 2026-02-20

### 1. [Org] 标题
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟 **标签**: [发布]
**链接**: https://example.com/a

> 🎯 **一句话摘要**：摘要。

#### 🔹 核心技术/实现逻辑

- 技术。

---
"""
LEGACY = """# AI 每日情报 | 2026-01-20

### 1. 标题
**来源**: 机器之心 | **时间**: 2026-01-20 07:39
**价值**: 🌟🌟 **标签**: [发布]
**链接**: https://example.com/a

**摘要**: 摘要。

---
"""
BRIEF = """# 🤖 AI行业速递 - 2026年02月20日

## 标题

> **分类：** 产品
> **来源：** 量子位

**核心洞察：** 洞察。
**内容简介：**

- 一点。

---
"""


@pytest.mark.parametrize(("text", "style"), [
    (INTEL, "intel"), (LEGACY, "intel-legacy"), (BRIEF, "brief"),
    # A summary-only intel card (no sections) is still intel: 一句话摘要 decides.
    (INTEL.split("#### ")[0] + "---\n", "intel"),
    # No header at all: the cards decide.
    (INTEL.split("\n", 2)[2], "intel"),
    (BRIEF.split("\n", 2)[2], "brief"),
])
def test_style_by_structure(text: str, style: str) -> None:
    assert digestfmt.loads(text).style == style


def test_title_of_one_style_over_cards_of_another() -> None:
    assert digestfmt.loads(BRIEF.replace("🤖 AI行业速递 - 2026年02月20日",
                                         "AI 每日情报 | 2026-02-20")).style == "brief"


@pytest.mark.parametrize("text", [
    "# digestfmt\n\nA tool.\n\n## Install\n\n- pip install digestfmt\n",
    # An unrelated report reusing the digest title.
    "# AI 每日情报 | 2026-02-20\n\n## 背景\n\n综述。\n\n### 1. 第一部分\n\n正文。\n",
    # Labels outside any card do not count.
    "# AI 每日情报 | 2026-02-20\n\n**来源**: 机器之心\n",
    # The empty-day text without the header, or with more after it.
    "今日无内容。\n",
    "# AI 每日情报 | 2026-02-20\n\n今日无内容。\n\n明天见。\n",
])
def test_not_a_digest(text: str) -> None:
    with pytest.raises(NotADigest, match="not a digest"):
        digestfmt.loads(text)


@pytest.mark.parametrize("header", ["# AI 每日情报 | 2026-02-20", "# AI 每日情报"])
def test_an_empty_day_is_intel(header: str) -> None:
    d = digestfmt.loads(f"{header}\n\n今日无内容。\n")
    assert (d.style, d.cards) == ("intel", ())
    assert d.intro is not None and d.intro.text == "今日无内容。"


def test_a_forced_profile_skips_detection() -> None:
    d = parse_text("# 随便什么\n\n## 一张卡\n\n正文。\n", profile=get_profile("brief"))
    assert d.style == "brief" and [c.title for c in d.cards] == ["一张卡"]
