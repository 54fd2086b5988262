"""parse/fields.py: labelled lines -> fields, with their positions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digestfmt.model import Source, Span
from digestfmt.parse.fields import content_lines, label_at, split_fields
from digestfmt.profiles import get_profile

INTEL = get_profile("intel")
BRIEF = get_profile("brief")


def fields_of(text: str, profile=INTEL, quoted: bool = False, stop=frozenset()):  # type: ignore[no-untyped-def]
    lines = text.split("\n")
    return split_fields(content_lines(lines, 0, len(lines), quoted), profile, stop)


@pytest.mark.parametrize("markup", [
    "**来源**: ", "**来源**：", "**来源：** ", "**来源:** ", "**来源**:", "**来源：**",
    "**来源** : ", "**来源 ：**  ", "**来源**：  ",
])
def test_every_label_spelling_is_the_same_label(markup: str) -> None:
    m = label_at(markup + "机器之心")
    assert m is not None and m["label"] == "来源"
    fields, stop = fields_of(markup + "机器之心")
    assert stop is None
    [f] = fields
    assert (f.key, f.label, f.raw, f.value) == ("source", "来源", "机器之心", "机器之心")
    assert f.label_markup == markup
    assert f.span == Span(1, 1, 1, len(markup) + 5)
    assert f.value_span == Span(1, len(markup) + 1, 1, len(markup) + 5)


@pytest.mark.parametrize("text", ["**出处** 机器之心", "来源: 机器之心", "**来源*: x",
                                  "** 来源**: x"])
def test_not_a_label(text: str) -> None:
    assert label_at(text) is None
    assert fields_of(text) == ([], None)


def test_a_known_label_needs_no_colon_an_unknown_one_does() -> None:
    assert label_at("**来源** 机器之心") is None  # without a profile, only the colon tells
    [f] = fields_of("**来源** 机器之心")[0]
    assert (f.key, f.label, f.raw) == ("source", "来源", "机器之心")
    assert f.value_span == Span(1, len("**来源** ") + 1, 1, len("**来源** 机器之心") + 1)


def test_one_character_label() -> None:
    # The label is 注, not 注： (which would leave no colon and no label at all).
    m = label_at("**注：** 见原文")
    assert m is not None and (m["label"], m["inner"]) == ("注", "：")
    [f] = fields_of("**注：** 见原文")[0]
    assert (f.key, f.label, f.raw) == (None, "注", "见原文")


def test_several_fields_on_one_line() -> None:
    line = "**来源**: 机器之心 | **时间**: 2026-02-20 07:39"
    source, time = fields_of(line)[0]
    assert (source.key, source.raw) == ("source", "机器之心")
    assert (time.key, time.raw) == ("time", "2026-02-20 07:39")
    assert source.span == Span(1, 1, 1, len("**来源**: 机器之心") + 1)
    assert time.span == Span(1, line.index("**时间") + 1, 1, len(line) + 1)
    assert line[time.span.column - 1:].startswith("**时间**")
    rating, tags = fields_of("**价值**: 🌟🌟🌟 **标签**: [发布] [研究]")[0]
    assert (rating.value, tags.value) == (3, ["发布", "研究"])


def test_full_width_joiner_and_label_spellings_mix() -> None:
    source, time = fields_of("**来源：** 量子位 ｜ **时间：**2026-02-20 07:39")[0]
    assert (source.raw, time.raw) == ("量子位", "2026-02-20 07:39")


def test_an_unpaired_bold_marker_in_a_value_does_not_hide_the_next_label() -> None:
    source, time = fields_of("**来源**: a **b | **时间**: 2026-02-20 07:39")[0]
    assert (source.raw, time.raw) == ("a **b", "2026-02-20 07:39")


def test_bold_text_that_is_no_known_label_stays_in_the_value() -> None:
    [summary] = fields_of("**一句话摘要**：采用 **GRPO**: 在线强化学习")[0]
    assert summary.raw == "采用 **GRPO**: 在线强化学习"


def test_continuation_lines_join_the_field_before() -> None:
    [f] = fields_of("**一句话摘要**：第一行\n第二行  \n第三行")[0]
    assert f.raw == "第一行\n第二行\n第三行"
    assert f.span == Span(1, 1, 3, 4)
    assert f.value_span == Span(1, 11, 3, 4)


def test_text_before_any_label_is_not_a_field_block() -> None:
    assert fields_of("前言\n**来源**: x") == ([], None)


def test_spans_in_a_blockquote_with_a_marker_prefix() -> None:
    line = "> 🎯 **一句话摘要**：本文梳理了推理技术。"
    [f] = fields_of(line, quoted=True)[0]
    assert (f.key, f.raw, f.label_markup) == ("summary", "本文梳理了推理技术。", "**一句话摘要**：")
    # Columns count code points in the source line, quote marker and emoji included.
    assert f.span == Span(1, 5, 1, len(line) + 1)
    assert line[f.span.column - 1:].startswith("**一句话摘要**")
    assert line[f.value_span.column - 1:f.value_span.end_column - 1] == "本文梳理了推理技术。"


def test_brief_blockquote_sources() -> None:
    text = ("> **分类：** 产品与商业模式\n"
            "> **来源：** [极客公园](https://x.cn/a_(b)) 、 量子位 、 [Rocks (evjang.com)](https://e.com)")
    category, source = fields_of(text, BRIEF, quoted=True)[0]
    assert category.value == "产品与商业模式"
    assert source.value == [Source("极客公园", "https://x.cn/a_(b)"), Source("量子位"),
                            Source("Rocks (evjang.com)", "https://e.com")]
    assert source.span == Span(2, 3, 2, len(text.split("\n")[1]) + 1)


def test_a_section_label_stops_the_field_scan() -> None:
    text = "**分类：** 产品\n**内容简介：**"
    fields, stop = fields_of(text, BRIEF, stop=frozenset({"内容简介"}))
    assert [f.key for f in fields] == ["category"] and stop == 1


@given(st.lists(st.sampled_from([
    "**分类：** 产品", "**内容简介：**", "正文一行", "**来源**: 机器之心", "**标签**: [发布]",
    "- **分类：** x", "**时间**: 2026-02-20 07:39 | **价值**: 🌟🌟",
]), min_size=1, max_size=5))
def test_a_read_that_meets_no_section_label_is_the_read_without_stopping(
        rows: list[str]) -> None:
    """What lets the parser reuse a block's fields read with ``stop_at_sections`` (to
    see whether it opens a card) for a card that reads it without stopping."""
    stopped = fields_of("\n".join(rows), BRIEF, stop=True)
    if stopped[1] is None:
        assert stopped == fields_of("\n".join(rows), BRIEF, stop=False)


def test_malformed_values_are_kept_as_text() -> None:
    rating, tags = fields_of("**价值**: ⭐⭐⭐ **标签**: 发布, 研究")[0]
    assert (rating.value, rating.well_formed) == ("⭐⭐⭐", False)
    assert (tags.value, tags.well_formed) == ("发布, 研究", False)
