"""parse/digest.py: blocks -> the digest model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import digestfmt
from digestfmt.codecs import json_, markdown
from digestfmt.model import Span

CARD = """### {n}. [Org] 标题{n}
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟 **标签**: [发布]
**链接**: https://example.com/{n}

> 🎯 **一句话摘要**：摘要{n}。
"""
SECTIONS = """
#### 🔹 核心技术/实现逻辑

- 技术。

#### 📊 实验数据/关键结论

- 数据。

#### 💡 独家洞察/局限性

- 洞察。
"""


def intel(*cards: str, header: str = "# AI 每日情报 | 2026-02-20") -> str:
    return header + "\n\n" + "\n".join(cards)


BRIEF_CARD = """## 标题

> **分类：** 产品
> **来源：** 量子位

**核心洞察：** 洞察。
**内容简介：**

- 一点。

---
"""


def brief(tail: str) -> str:
    return "# AI行业速递 - 2026年02月20日\n\n" + BRIEF_CARD + "\n" + tail


def test_related_list_is_parsed_into_items() -> None:
    d = digestfmt.loads(brief("## 其他相关资讯\n\n- [一条 (新闻)](https://a.com/x_(y)?q=1#f)\n"
                              "- [二条](https://b.com)\n"))
    assert d.related is not None and d.related.body is None
    assert [(i.title, i.url) for i in d.related.items or ()] == [
        ("一条 (新闻)", "https://a.com/x_(y)?q=1#f"), ("二条", "https://b.com")]
    assert [i.span.line for i in d.related.items or () if i.span] == [17, 18]
    assert d.related.span == Span(15, 1, 15, len("## 其他相关资讯") + 1)


@pytest.mark.parametrize("tail", [
    "- [一条](https://a.com)\n- 没有链接的一条\n",
    "[一条](https://a.com)\n",
    "- [一条](https://a.com)\n\n另一段。\n",
    "- [一条](https://a.com)\n\n* [二条](https://b.com)\n",  # two lists (bullets differ)
])
def test_related_that_is_not_a_link_list_is_kept_as_body(tail: str) -> None:
    d = digestfmt.loads(brief("## 其他相关资讯\n\n" + tail))
    assert d.related is not None and d.related.items is None
    assert d.related.body is not None and d.related.body.text == tail.strip()
    assert markdown.dumps(d).endswith("## 其他相关资讯\n\n" + tail.strip() + "\n")


def test_related_heading_alone_is_an_empty_list() -> None:
    d = digestfmt.loads(brief("## 其他相关资讯\n"))
    assert d.related is not None and d.related.items == ()
    assert json_.to_dict(d)["related"] == {"items": []}
    assert markdown.dumps(d).endswith("---\n\n## 其他相关资讯\n")


def test_card_without_separator() -> None:
    d = digestfmt.loads(intel(CARD.format(n=1), CARD.format(n=2) + "\n---\n"))
    first, second = d.cards
    assert (first.separator, second.separator) == (False, True)
    assert first.separator_span is None and second.separator_span is not None
    assert first.span is not None and first.span.end_line == 8
    assert [c.title for c in d.cards] == ["标题1", "标题2"]
    assert "---" not in markdown.card_text(d.profile, first)


def test_extras_are_anchored_after_the_parts_before_them() -> None:
    text = intel(
        "### 1. 标题\n<!-- a -->\n\n"  # before the fields: after 0
        + CARD.split("\n", 1)[1].replace("\n\n>", "\n\n说明段落。\n\n| a | b |\n| - | - |\n"
                                              "| 1 | 2 |\n\n>")  # two blocks: after 1
        + "\n<!-- c -->\n" + SECTIONS + "\n---\n"  # before the sections: after 2
    )
    card = digestfmt.loads(text).cards[0]
    assert [(e.after, e.body.text) for e in card.extras] == [
        (0, "<!-- a -->"),
        (1, "说明段落。\n\n| a | b |\n| - | - |\n| 1 | 2 |"),
        (2, "<!-- c -->"),
    ]
    assert [s.key for s in card.sections] == ["tech", "data", "insight"]
    assert markdown.dumps(digestfmt.loads(markdown.dumps(digestfmt.loads(text)))) \
        == markdown.dumps(digestfmt.loads(text))


def test_blocks_after_a_section_heading_are_its_body() -> None:
    card = digestfmt.loads(intel(CARD.format(n=1) + SECTIONS + "\n<!-- x -->\n\n---\n")).cards[0]
    assert card.extras == ()
    assert card.sections[-1].body.text == "- 洞察。\n\n<!-- x -->"


@pytest.mark.parametrize(("heading", "key", "canonical"), [
    ("🔹 核心技术/实现逻辑", "tech", "🔹 核心技术/实现逻辑"),
    ("🔗相关资源", "resources", "🔗 相关资源"),
    ("💡 行业洞察", "insight", "💡 行业洞察"),  # renamed: the marker decides
    ("实验数据/关键结论", "data", "实验数据/关键结论"),  # the name decides
    ("🔹  技术解析", "tech", "🔹 技术解析"),
    ("附录", None, "附录"),
    ("🧪 附加实验", None, "🧪 附加实验"),
])
def test_section_is_mapped_by_name_then_marker(heading: str, key: str | None,
                                                canonical: str) -> None:
    card = digestfmt.loads(intel(CARD.format(n=1) + f"\n#### {heading}\n\n正文。\n")).cards[0]
    [section] = card.sections
    assert (section.key, section.heading, section.heading_raw) == (key, canonical, heading)
    assert section.body.text == "正文。"


@pytest.mark.parametrize(("date", "iso", "fmt"), [
    ("2026-02-20", "2026-02-20", "YYYY-MM-DD"),
    ("2026/2/3", "2026-02-03", "YYYY/M/D"),
        ("2026/02/03", "2026-02-03", "YYYY/MM/DD"),
    ("2026.02.20", "2026-02-20", "YYYY.MM.DD"),
    ("2026年2月20日", "2026-02-20", "YYYY年M月D日"),
        ("2026年02月20日", "2026-02-20", "YYYY年MM月DD日"),
    ("2026 年 02 月 20 日", "2026-02-20", "YYYY年MM月DD日"),
])
def test_header_date_forms(date: str, iso: str, fmt: str) -> None:
    header = f"# AI 每日情报 | {date}"
    d = digestfmt.loads(intel(CARD.format(n=1), header=header))
    assert d.date is not None and (d.date.iso, d.date.format, d.date.raw) == (iso, fmt, date)
    assert d.date.span == Span(1, header.index(date) + 1, 1, len(header) + 1)
    assert d.date_text is None
    assert d.title == "AI 每日情报"


@pytest.mark.parametrize(("header", "title", "date_text"), [
    ("# AI 每日情报 | 第一期", "AI 每日情报", "第一期"),
    ("# AI每日情报", "AI每日情报", None),
    ("# AI 每日情报 ｜ 2026-02-20", "AI 每日情报", None),
])
def test_header_without_a_date(header: str, title: str, date_text: str | None) -> None:
    d = digestfmt.loads(intel(CARD.format(n=1), header=header))
    assert d.title == title and d.date_text == date_text
    assert (d.date is None) == (date_text is not None or "2026" not in header)


def test_brief_overview_label_with_text_on_its_line() -> None:
    d = digestfmt.loads(brief("").replace("**内容简介：**", "**内容简介：** 引言。"))
    insight, overview = d.cards[0].sections
    assert (overview.key, overview.body.text) == ("overview", "引言。\n\n- 一点。")
    assert (overview.body_start, overview.joined) == ("same-line", True)
    assert overview.span is not None and overview.span.line == 9
    assert (insight.key, insight.body_start, insight.joined) == ("insight", "same-line", False)


def test_an_indented_label_line_opens_its_section_and_nothing_else() -> None:
    text = brief("").replace("**核心洞察：**", "  **核心洞察：**")
    [card] = digestfmt.loads(text).cards
    assert [s.key for s in card.sections] == ["insight", "overview"] and card.extras == ()
    assert card.sections[0].span is not None and card.sections[0].span.column == 3


def test_brief_insight_body_runs_until_the_next_label() -> None:
    """Several paragraphs, a bold lead-in, a numbered list; 内容简介 continuing the last
    paragraph (spec §5.4.2): the lead-ins are body text, and each body line maps back."""
    body = "洞察。\n续行。\n\n**故事线**：起因。\n\n1. **要点**：一。\n2. 二。\n\n**④ 结论**：三。"
    text = brief("").replace("**核心洞察：** 洞察。\n", f"**核心洞察：** {body}\n")
    d = digestfmt.loads(text)
    [card] = d.cards
    assert [f.key for f in card.fields] == ["category", "source"]
    insight, overview = card.sections
    assert insight.body.text == body
    lines = text.split("\n")
    start = lines.index("续行。")  # 0-based; the lead row has no line of its own
    assert insight.body.lines[:3] == (None, start + 1, None)
    assert overview.joined and overview.span is not None
    assert lines[overview.span.line - 1] == "**内容简介：**"


def test_preamble_intro_and_positions() -> None:
    text = "<!-- generated -->\n\n" + intel(CARD.format(n=1)).replace(
        "2026-02-20\n", "2026-02-20\n\n## 📊 今日情报\n", 1)
    d = digestfmt.loads(text)
    assert d.preamble is not None and d.preamble.text == "<!-- generated -->"
    assert d.intro is not None and d.intro.text == "## 📊 今日情报"
    assert d.header_span == Span(3, 1, 3, len("# AI 每日情报 | 2026-02-20") + 1)
    card = d.cards[0]
    assert card.heading_span is not None and card.heading_span.line == 7
    assert [f.span.line for f in card.fields if f.span] == [8, 8, 9, 9, 10, 12]


def test_seeds_parse_with_every_card_complete(seed_files: list[Path]) -> None:
    for path in seed_files:
        d = digestfmt.load(path)
        assert d.cards, path
        required = set(d.profile.required_fields)
        for card in d.cards:
            assert required <= {f.key for f in card.fields}, (path, card.title)
            assert all(f.well_formed for f in card.fields), (path, card.title)
        text = path.read_text("utf-8")
        # Canonical output is a fixed point, and JSON carries all of it.
        once = markdown.dumps(d)
        assert markdown.dumps(digestfmt.loads(once)) == once
        assert digestfmt.dumps(digestfmt.loads(digestfmt.dumps(d, "json")), "md") == once
        assert len(once) > 0.9 * len(text)


GROUPED = """# AI Daily News - 2026-02-09（周一）

## AI芯片

### 1. TSMC 新工厂

**🔗 链接:** https://a.example/1 | **热度:** 87

**📝 内容摘要:**
摘要。

**📊 影响分析:**
影响。

---

## 空的分组

## AI模型

本组说明。

### 1. 新模型

**🔗 链接:** https://a.example/2

**📝 内容摘要:**
摘要。

**📊 影响分析:**
影响。

---

## 📊 统计信息

- 共 2 条
"""


GROUPED_PROFILE = r"""
name: grouped
description: "Topic groups of numbered cards, a weekday after the date"
header:
  pattern: '^(?P<title>\S.*?)\s*[-–—]\s*(?P<date>\d{4}-\d{1,2}-\d{1,2})(?P<note>（[^）]*）)?\s*$'
  template: ["{title}", " - {date}", "{note}"]
  date_format: "YYYY-MM-DD"
card:
  level: 3
  pattern: '^(?:(?P<number>\d+)\.\s*)?(?P<title>.*?)\s*$'
  template: ["{number}. ", "{title}"]
  fields_hug_heading: false
  separator: true
groups: {level: 2, numbering: per-group}
fields:
  link: {label: "🔗 链接", kind: url, required: true}
  heat: {label: "热度", kind: text, required: false}
layout:
  - container: paragraph
    label_style: "**{label}:** "
    lines:
      - {fields: [link, heat], joiner: " | "}
sections:
  label_style: "**{label}:**"
  items:
    - {key: summary, name: "📝 内容摘要", required: true, body_start: next-line}
    - {key: impact, name: "📊 影响分析", required: true, body_start: next-line}
"""


def test_groups_notes_and_the_outro(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A group heading opens the group of the next card (spec §5.11); one with no card
    of its own leads into the next group; a heading above card level after the last card
    starts the outro; the weekday after the date is the note."""
    from digestfmt import profiles

    monkeypatch.setattr(profiles, "_REGISTERED", {})
    profile = tmp_path / "grouped.yaml"
    profile.write_text(GROUPED_PROFILE, "utf-8")
    d = digestfmt.loads(GROUPED, profile=str(profile))
    assert d.header_note == "（周一）" and d.date is not None and d.date.iso == "2026-02-09"
    first, second = d.cards
    assert first.group is not None and first.group.heading == "AI芯片" and first.group.body is None
    assert first.separator and first.extras == ()
    assert second.group is not None and second.group.heading == "AI模型"
    assert second.group.body is not None and second.group.body.text == "本组说明。"
    assert second.group.lead is not None and second.group.lead.text == "## 空的分组"
    assert (first.number, second.number) == (1, 1)
    assert d.outro is not None and d.outro.text == "## 📊 统计信息\n\n- 共 2 条"
    assert digestfmt.dumps(d) == GROUPED
    as_json = digestfmt.dumps(d, to="json")
    assert json.loads(as_json)["cards"][1]["group"] == {
        "lead": "## 空的分组", "heading": "AI模型", "body": "本组说明。"}
    assert digestfmt.dumps(digestfmt.loads(as_json)) == GROUPED
    page = digestfmt.dumps(d, to="html")
    assert digestfmt.dumps(digestfmt.loads(page, path="page.html")) == GROUPED


def test_a_sign_off_after_the_last_cards_rule_closes_the_digest() -> None:
    text = brief("\n*今天就到这里，欢迎投稿。*\n")
    d = digestfmt.loads(text)
    [card] = d.cards
    assert card.separator and card.extras == ()
    assert d.outro is not None and d.outro.text == "*今天就到这里，欢迎投稿。*"
    assert markdown.dumps(d) == text.replace("\n\n\n", "\n\n")


def test_a_note_after_a_cards_rule_stays_after_it() -> None:
    text = brief("\n*赞助内容*\n\n" + BRIEF_CARD)
    d = digestfmt.loads(text)
    first, second = d.cards
    assert first.separator and second.separator
    [extra] = first.extras
    assert extra.body.text == "*赞助内容*"
    assert markdown.dumps(d) == text.replace("\n\n\n", "\n\n")
