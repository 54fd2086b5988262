"""Bullet digests: cards that are list items with a bold title (profile ``card.form: item``).

Positions are worked out by hand (columns in code points); the round trips and the
rendering invariant are checked on hand-made digests and, as properties, on generated
ones.
"""

from __future__ import annotations

import json
from pathlib import Path

from block_tree import block_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digestfmt
from digestfmt.lint.config import Config
from digestfmt.lint.run import lint_bytes
from digestfmt.model import ItemMark, Span
from digestfmt.schema import validate

PROFILE = str(Path(__file__).parents[1] / "fixtures" / "profiles" / "bullets.yaml")

DIGEST = """\
# AI 快讯 - 2026-03-10

今天的要闻。

## 大模型

- **OpenAI 发布 GPT-5**：推理能力大幅提升。
  - **来源**：机器之心
  - **链接**：https://example.com/gpt5
- **Google 发布 Gemini 3**
  - **来源**：量子位
  - **链接**：https://example.com/gemini

## 开源

1. **DeepSeek 开源 R2**：权重全部开放
   - **来源**：新智元
   - **链接**：https://example.com/r2

   **为什么重要**：开源追上闭源。

2. **Qwen 4**
   - **来源**：量子位
   - **链接**：https://example.com/qwen

以上。
"""


def _load(text: str) -> digestfmt.Digest:
    return digestfmt.loads(text, profile=PROFILE)


def test_each_item_is_a_card_with_its_title_lead_and_number() -> None:
    cards = _load(DIGEST).cards
    assert [(c.title, c.lead, c.number) for c in cards] == [
        ("OpenAI 发布 GPT-5", "：推理能力大幅提升。", None),
        ("Google 发布 Gemini 3", None, None),
        ("DeepSeek 开源 R2", "：权重全部开放", 1),
        ("Qwen 4", None, 2),
    ]
    assert [c.item for c in cards] == [ItemMark("-"), ItemMark("-"), ItemMark("1.", True),
                                       ItemMark("2.", True)]
    assert [c.group.heading if c.group else None for c in cards] == ["大模型", None, "开源", None]


def test_positions_are_where_the_indented_text_is() -> None:
    cards = _load(DIGEST).cards
    # `  - ` is 4 columns: the label of line 8 starts at 5; under `1. ` (3) and `- ` at 6.
    assert cards[0].fields[0].span == Span(8, 5, 8, 16)
    assert cards[2].fields[0].span == Span(17, 6, 17, 16)
    # `   **为什么重要**：` starts at column 4 of line 20.
    assert cards[2].sections[0].span is not None
    assert (cards[2].sections[0].span.line, cards[2].sections[0].span.column) == (20, 4)
    assert cards[0].span == Span(7, 1, 9, 36)


def test_blocks_after_the_last_item_are_its_trailer() -> None:
    digest = _load(DIGEST)
    trailer = digest.cards[-1].trailer
    assert trailer is not None and trailer.text == "以上。" and trailer.lines == (26,)


def test_a_list_with_an_item_that_is_no_card_stays_content() -> None:
    text = DIGEST.replace("- **Google 发布 Gemini 3**", "- Google 发布 Gemini 3")
    digest = _load(text)
    assert [c.title for c in digest.cards] == ["DeepSeek 开源 R2", "Qwen 4"]
    assert digestfmt.dumps(digest) == text


def test_markdown_json_html_and_back_lose_nothing() -> None:
    digest = _load(DIGEST)
    assert digestfmt.dumps(digest) == DIGEST
    as_json = digestfmt.dumps(digest, to="json")
    assert validate(json.loads(as_json)) == []
    assert digestfmt.dumps(digestfmt.loads(as_json, profile=PROFILE)) == DIGEST
    page = digestfmt.dumps(digest, to="html")
    assert digestfmt.dumps(digestfmt.loads(page, path="d.html", profile=PROFILE)) == DIGEST


def test_fmt_writes_one_space_after_the_marker_and_keeps_the_blocks() -> None:
    drifted = DIGEST.replace("- **OpenAI", "*   **OpenAI").replace(
        "  - **来源**：机器之心", "    - **来源**：机器之心").replace(
        "  - **链接**：https://example.com/gpt5", "    - **链接**：https://example.com/gpt5")
    out = digestfmt.dumps(_load(drifted))
    assert "* **OpenAI 发布 GPT-5**：推理能力大幅提升。\n  - **来源**：机器之心" in out
    assert block_tree(out) == block_tree(drifted)
    assert digestfmt.dumps(_load(out)) == out


def test_lint_reads_item_cards_and_their_lead() -> None:
    text = DIGEST.replace("  - **链接**：https://example.com/gpt5\n", "").replace(
        "推理能力大幅提升。", "详见[原文] (https://example.com/a)。")
    found = [(f.code, f.span.line, f.span.column)
             for f in lint_bytes(text.encode(), "d.md", Config(), profile=PROFILE).findings]
    # The card of line 7 lacks 链接; in its lead, `- **OpenAI 发布 GPT-5**：详见[原文]`
    # puts `]` at column 2 + 19 + 6 + 1 = 28.
    assert found == [("DF104", 7, 1), ("DF320", 7, 28)]


# -- generated bullet digests ------------------------------------------------------

_words = st.sampled_from(["模型", "开源", "OpenAI", "发布", "Gemini 3", "推理", "v1.2", "智能体"])
_phrase = st.lists(_words, min_size=1, max_size=3).map(" ".join)


@st.composite
def _card(draw: st.DrawFn, marker: str, loose: bool) -> list[str]:
    lead = draw(st.one_of(st.none(), _phrase.map(lambda s: "：" + s)))
    indent = " " * (len(marker) + 1)
    lines = [f"{marker} **{draw(_phrase)}**{lead or ''}",
             f"{indent}- **来源**：{draw(_phrase)}",
             f"{indent}- **链接**：https://example.com/{draw(st.integers(0, 99))}"]
    if loose and draw(st.booleans()):  # a section needs a blank line before it
        lines += ["", f"{indent}**为什么重要**：{draw(_phrase)}"]
    return lines


@st.composite
def bullet_digests(draw: st.DrawFn) -> str:
    out = ["# AI 快讯 - 2026-03-10", ""]
    for group in range(draw(st.integers(1, 3))):
        out += [f"## 主题 {group}", ""]
        ordered, loose = draw(st.booleans()), draw(st.booleans())
        for n in range(1, draw(st.integers(1, 4)) + 1):
            out += draw(_card(f"{n}." if ordered else "-", loose))
            if loose:
                out.append("")
        if not loose:
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bullet_digests())
def test_bullet_digests_round_trip_and_fmt_keeps_what_a_reader_sees(text: str) -> None:
    digest = _load(text)
    assert digest.cards, text
    out = digestfmt.dumps(digest)
    assert block_tree(out) == block_tree(text)
    assert digestfmt.dumps(_load(out)) == out
    as_json = digestfmt.dumps(digest, to="json")
    assert validate(json.loads(as_json)) == []
    assert digestfmt.dumps(digestfmt.loads(as_json, profile=PROFILE)) == out
    page = digestfmt.dumps(digest, to="html")
    assert digestfmt.dumps(digestfmt.loads(page, path="d.html", profile=PROFILE)) == out
