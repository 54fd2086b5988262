"""The engine (comrak) either gives up or finds exactly the blocks markdown-it-py finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from real_files import PUBLICATIONS, SHARED

from digestfmt.parse.blocks import top_level_blocks
from digestfmt.parse.digest import read_blocks
from digestfmt.parse.fastblocks import GIVE_UP, engine_blocks, fast_blocks

# Lines real digests are made of, plus the constructs the engine must give up on.
LINES = [
    "", "", "", "   ",
    "# AI 每日情报 | 2026-02-20", "## 📊 今日情报", "### 1. [Org] 标题", "#### 🔗相关资源",
    "### 标题 ###", "#5 not a heading", "####### seven",
    "**来源**: 机器之心 | **时间**: 2026-02-20 07:39", "**价值**: 🌟🌟🌟 **标签**: [a] [b]",
    "普通段落文字，含 **粗体** 与 `code`。", "continued text", "    indented text",
    "> 🎯 **一句话摘要**：摘要。", "> **分类：** 技术", ">", "> > nested", "> - quoted item",
    "- item", "- **要点**：说明", "  - nested item", "    - deeper", "* star item", "*   wide item",
    "+ plus item", "-", "- ", "1. first", "1.  wide first", "2. second", "2) paren", "10. ten",
    "   continuation in item", "      code in item",
    "---", "***", "___", "- - -", "===", "--", "----",
    "```", "```python", "~~~", "```js `x`", "    code line",
    "<!-- digestfmt: disable=DF301 -->", "<!-- open comment", "still comment -->",
    "<div>", "</div>", "<https://example.com>", "<br>",
    "| a | b |", "|---|---|", "| 1 | 2 |", "a | b", "- a | b", "> q | r", "|:-:|--|",
    "---|---", "| x \\| y |", "  | c | d |", "|-|", "# AI 每日情报 | 2026-02-20",
    "[ref]: https://example.com", "$$x^2$$",
    "\tTabbed", "-\ttab item", "text\twith tab",
    # nested markers, wide markers, containers the scanner must see through or give up on
    "- - nested on one line", "- - ", "- * * *", "1. - x", "- 2. x", "-     code in an item",
    "  -     deeper code", "   - wide", "    ```", "> > q", ">  >", "    > deep quote",
    "- | a | b |", "  |---|---|", ">| a | b |", ">|---|---|", "| a | b |  ", "|---|---|\t",
    "--->", "  2. # h", "  - # h", "      c",
    # what comrak reads otherwise (the engine gives up on these): tables, CRs, tabs
    "1. a | b", "a |", "|---", "#\tTabbed heading", "crlf\r", "lone\rcr", "    > four",
]
LINE = st.sampled_from(LINES)
# The lines no give-up rule stops on their own: the path the engine answers on.
ENGINE_LINE = st.sampled_from([line for line in LINES if not GIVE_UP.search("\n" + line)
                              and "\r" not in line])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=40))
@example(["- a", "b", "", "- c"])
@example(["> a", "b", "---"])
@example(["text", "---"])
@example(["- a", "", "  b", "c"])
@example(["- - ->  ", "]:"])
@example(["-     code", "y"])
@example(["- - > x", "y"])
@example(["1. - x", "y"])
@example([">  >", "    -"])
@example([">", "    >"])
@example([">| a | b |", ">|---|---|", "--->"])
@example(["- - ->", "  * ", "<https://x.y>"])
@example(["   - ===", "    ```"])
@example(["- | a | b |", "  |---|---|", "--->"])
@example(["| a | b |  ", "|---|---|\t"])
@example(["- a", "  - b", "", "      c", "d"])
@example(["   - wide", "    ```"])
@example(["> > q", "--->", "    - deeper"])
@example(["-", "   ", "   ", "-"])
@example(["# AI 每日情报 | 2026-02-20", "|:-:|--|"])
@example(["|---", "----"])
@example([">[a]: /u", "x  ", "* "])  # no lazy line continues a quoted definition
@example(["+ [a]: /u", "x  ", "* "])  # nor one in a list item
def test_scanner_agrees_with_markdown_it(lines: list[str]) -> None:
    _agrees_where_it_answers(lines)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ENGINE_LINE, max_size=25))
@example(["a", "", "1."])  # comrak reads a last "1." with no line feed as a paragraph
def test_engine_agrees_where_it_answers(lines: list[str]) -> None:
    _agrees_where_it_answers(lines)


def _agrees_where_it_answers(lines: list[str]) -> None:
    """Where ``fast_blocks`` answers (it gives up on what the engines read differently),
    its blocks are markdown-it-py's."""
    text = "\n".join(lines)
    fast = fast_blocks(text.split("\n"))
    if fast is not None:
        assert fast == top_level_blocks(text, text.split("\n"))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ENGINE_LINE, max_size=40))
@example(["```", "", "# AI 每日情报 | 2026-02-20", "```", "", "### 1. [Org] 标题"])
@example(["<!-- open comment", "", "## 📊 今日情报", "still comment -->", "", "## 📊 今日情报"])
@example(["- item", "", "### 1. [Org] 标题", "> q", "", "### 标题 ###", "text"])
def test_a_text_read_in_parts_has_the_blocks_of_the_whole(lines: list[str]) -> None:
    """Parts of one character cut before every heading that may open one: the blocks
    are those comrak finds in the whole text."""
    text = "\n".join(lines)
    assert engine_blocks(text, lines, part=1) == engine_blocks(text, lines)


# Where comrak and markdown-it-py read a construct differently, digestfmt follows
# markdown-it-py (spec §2.2): the engine gives up and markdown-it-py answers. Each case
# also checks the engines still differ, so a comrak that comes to agree is noticed.
DISAGREEMENTS = {
    "type-7 HTML continues a list item's paragraph": ["- - ", "1.  wide first", "<br>"],
    "link reference definition before an empty item": ["[ref]: https://example.com", "- "],
    "quote marker indented 4 spaces": ["--", ">", "    > deep quote"],
    "indented line after a nested quote": ["> > q", "    - deeper"],
    "empty item, two blank lines, item": ["-", "", "", "-"],
    "fence outdented from a wide item": ["   - wide", "    ```"],
    "table header without a pipe": ["#5 not a heading", "|-|"],
    "table header that is a heading": ["# AI 每日情报 | 2026-02-20", "|:-:|--|"],
    "delimiter row without a pipe": ["|---", "----"],
    "table interrupting a paragraph": ["---|---", "2) paren", "---|---", "---|---"],
}


@pytest.mark.parametrize("lines", DISAGREEMENTS.values(), ids=DISAGREEMENTS.keys())
def test_markdown_it_decides_where_the_engines_differ(lines: list[str]) -> None:
    text = "\n".join(lines)
    oracle = top_level_blocks(text, lines)
    assert fast_blocks(lines) is None
    assert read_blocks(text) == oracle
    assert engine_blocks(text, lines) != oracle


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present")
@pytest.mark.parametrize("path", PUBLICATIONS, ids=lambda p: "/".join(p.parts[-3:]))
def test_scanner_reads_every_real_file(path: Path) -> None:
    text = path.read_text("utf-8").replace("\r\n", "\n")
    fast = fast_blocks(text.split("\n"))
    assert fast is not None, "the scanner gave up on a real digest"
    assert fast == top_level_blocks(text, text.split("\n"))
