"""codecs/markdown.py: the canonical writer, against hand-written expected text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from strategies import valid_documents

import digestfmt
from digestfmt.codecs import json_, markdown
from digestfmt.model import Extra, Markdown


def fmt(text: str) -> str:
    return markdown.dumps(digestfmt.loads(text))


INTEL_CANONICAL = """# AI 每日情报 | 2026-02-20

## 📊 今日情报

### 1. [DeepSeek/Eric Jang] DeepSeek-R1: 在线强化学习
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟🌟🌟 **标签**: [深度分析] [强化学习]
**链接**: https://evjang.com/2026/02/04/rocks.html

> 🎯 **一句话摘要**：梳理从 AlphaGo 到 R1 的推理演化。

#### 🔹 核心技术/实现逻辑

- **推理范式**：
  - 演绎推理。

- **训练管线**：`R1-Zero (RL)` -> `R1 (RL)`。

#### 📊 实验数据/关键结论

| 模型 | 分数 |
| --- | --- |
| R1 | 79.8 |

#### 💡 独家洞察/局限性

$$
E = mc^2
$$

#### 🔗 相关资源

- 原文：[Rocks (evjang.com)](https://evjang.com/2026/02/04/rocks.html)

---
"""


def test_canonical_intel_is_a_fixed_point() -> None:
    assert fmt(INTEL_CANONICAL) == INTEL_CANONICAL


def test_intel_drift_is_rewritten() -> None:
    drifted = (
        "\ufeff# AI 每日情报 | 2026-02-20\r\n\r\n\r\n## 📊 今日情报\r\n\r\n"
        "###  1.  [DeepSeek/Eric Jang] DeepSeek-R1: 在线强化学习\r\n\r\n"
        "**来源：** 机器之心 ｜ **时间:** 2026-02-20 07:39\r\n"
        "**价值**：🌟🌟🌟🌟  **标签**: [深度分析]  [强化学习]\r\n"
        "**链接**:https://evjang.com/2026/02/04/rocks.html\r\n\r\n"
        "> 🎯**一句话摘要**: 梳理从 AlphaGo 到 R1 的推理演化。\r\n\r\n"
        "#### 🔹核心技术/实现逻辑\r\n\r\n"
        "- **推理范式**：\r\n  - 演绎推理。\r\n\r\n"
        "- **训练管线**：`R1-Zero (RL)` -> `R1 (RL)`。\r\n"
        "\r\n\r\n#### 📊 实验数据/关键结论\r\n"
        "| 模型 | 分数 |\r\n| --- | --- |\r\n| R1 | 79.8 |\r\n\r\n"
        "####  💡 独家洞察/局限性\r\n\r\n$$\r\nE = mc^2\r\n$$\r\n\r\n"
        "#### 🔗相关资源\r\n"
        "- 原文：[Rocks (evjang.com)](https://evjang.com/2026/02/04/rocks.html)\r\n\r\n\r\n"
        "* * *"
    )
    assert fmt(drifted) == INTEL_CANONICAL


BRIEF_CANONICAL = """# 🤖 AI行业速递 - 2026年02月20日

## Gemini 3.1 Pro发布：推理能力翻倍

> **分类：** 产品与商业模式
> **来源：** [极客公园](https://mp.qq.com/s/3d) 、 [量子位](https://mp.qq.com/s/_n) 、 机器之心

**核心洞察：** 竞争正从「技术指标竞赛」转向「性能-成本优化」。
**内容简介：**

- 核心技术突破：ARC-AGI-2 得分 77.1%。
- 商业策略：价格不变。

---

## 其他相关资讯

- [OpenViking：字节开源的上下文管理框架](https://mp.weixin.qq.com/s/Zhu)
- [World Labs获10亿美元融资](https://mp.weixin.qq.com/s/4J2)
"""


def test_canonical_brief_is_a_fixed_point() -> None:
    assert fmt(BRIEF_CANONICAL) == BRIEF_CANONICAL


def test_brief_drift_is_rewritten() -> None:
    drifted = BRIEF_CANONICAL.replace(
        "> **分类：** ", "> **分类**: ").replace(
        "[极客公园](https://mp.qq.com/s/3d) 、 [量子位]",
        "[极客公园](https://mp.qq.com/s/3d)、[量子位]").replace(
        "、 机器之心", "、机器之心").replace(
        "**核心洞察：** ", "**核心洞察**：").replace(
        "\n**内容简介：**\n\n- 核心", "\n**内容简介:**\n- 核心").replace(
        "* [World", "- [World")
    assert drifted != BRIEF_CANONICAL
    assert fmt(drifted) == BRIEF_CANONICAL


def test_brief_label_layouts_a_reader_sees_are_kept() -> None:
    """Spec §6.1: text after the 内容简介 label stays on its line; a label opening its own
    paragraph keeps it; the 核心洞察 body may start on the next line."""
    for before, after in [
        ("**内容简介：**\n\n- 核心", "**内容简介：** 要点如下。\n\n- 核心"),
        ("。\n**内容简介：**", "。\n\n**内容简介：**"),
        ("**核心洞察：** 竞争", "**核心洞察：**\n竞争"),
        ("**核心洞察：** 竞争", "**核心洞察：**  \n竞争"),  # a hard line break, kept
    ]:
        text = BRIEF_CANONICAL.replace(before, after, 1)
        assert text != BRIEF_CANONICAL
        assert fmt(text) == text
        assert fmt(text.replace("**内容简介：**", "**内容简介**:")) == text


def test_bold_lead_ins_inside_the_insight_are_body_text() -> None:
    text = BRIEF_CANONICAL.replace(
        "**内容简介：**", "**注：** 转载\n\n**故事线**：从原型到发售。\n**内容简介：**", 1)
    card = digestfmt.loads(text).cards[0]
    assert [f.label for f in card.fields] == ["分类", "来源"]
    assert card.sections[0].body.text.endswith(
        "。\n**注：** 转载\n\n**故事线**：从原型到发售。")
    assert fmt(text) == text


def test_extras_keep_their_order_when_they_share_an_anchor() -> None:
    d = digestfmt.loads(INTEL_CANONICAL)
    card = d.cards[0]
    from dataclasses import replace

    card = replace(card, extras=(Extra(0, Markdown("<!-- a -->")),
                                 Extra(0, Markdown("<!-- b -->")),
                                 Extra(1, Markdown("<!-- c -->"))))
    text = markdown.card_text(d.profile, card)
    assert text.startswith(
        "### 1. [DeepSeek/Eric Jang] DeepSeek-R1: 在线强化学习\n<!-- a -->\n\n<!-- b -->\n\n"
        "**来源**: 机器之心")
    assert "**链接**: https://evjang.com/2026/02/04/rocks.html\n\n<!-- c -->\n\n> 🎯" in text


def test_unrecognised_blocks_between_parts_survive_fmt_in_order() -> None:
    text = INTEL_CANONICAL.replace("在线强化学习\n", "在线强化学习\n<!-- a -->\n\n<!-- b -->\n\n")
    assert fmt(text) == text
    assert fmt(fmt(text)) == text


def test_repeated_and_unknown_fields_are_written_as_written() -> None:
    text = INTEL_CANONICAL.replace(
        "> 🎯 **一句话摘要**：梳理从 AlphaGo 到 R1 的推理演化。\n",
        "> 🎯 **一句话摘要**：梳理从 AlphaGo 到 R1 的推理演化。\n\n"
        "**标签**: [a]  [b]\n**备注：** 转载自 机器之心\n")
    assert fmt(text) == text.replace("**备注：** 转载", "**备注**: 转载")


def test_date_format_and_empty_day() -> None:
    text = INTEL_CANONICAL.replace("2026-02-20\n", "2026/02/20\n", 1)
    assert fmt(text).startswith("# AI 每日情报 | 2026/02/20\n")
    assert fmt("#  AI 每日情报 |2026-02-20\n\n\n今日无内容。") \
        == "# AI 每日情报 | 2026-02-20\n\n今日无内容。\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_documents())
def test_the_chunks_convert_writes_are_the_text(doc: dict[str, object]) -> None:
    digest = json_.from_dict(doc)
    assert b"".join(markdown.dump_chunks(digest)) == markdown.dumps(digest).encode()
