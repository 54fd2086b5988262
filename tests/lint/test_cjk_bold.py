"""DF504 against markdown-it-py's full CommonMark parse: what it flags really renders
wrong, and what its fix writes really renders bold."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from digestfmt.lint.rules import cjk_bold
from digestfmt.lint.rules.cjk_bold import broken_pairs, flanking_failures

MD = MarkdownIt("commonmark")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "DF504.yml"
CASES = [c for c in yaml.safe_load(FIXTURES.read_text("utf-8")) if c["expect"]]


def renders_as_written(line: str) -> bool:
    """Every ``**`` pair became its own <strong>, none left literal, none nested."""
    body = re.sub(r"^\s*(?:>\s*)?(?:[-*+]\s+)?", "", line)
    html = re.sub(r"<code>.*?</code>", "", MD.render(body))
    pairs = len(re.findall(r"\*\*", re.sub(r"`[^`]*`", "", body))) // 2
    nested = re.search(r"<strong>(?:(?!</strong>).)*<strong>", html) is not None
    return "**" not in html and html.count("<strong>") == pairs and not nested


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_flagged_lines_render_wrong_and_fixed_lines_render_bold(case: dict[str, str]) -> None:
    before = case["input"].split("\n")
    after = case["fixed"].split("\n")
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed
    for old, new in changed:
        assert not renders_as_written(old), old
        assert renders_as_written(new), new
        assert "<strong>" in MD.render(re.sub(r"^\s*(?:>\s*)?(?:[-*+]\s+)?", "", new))


def test_a_single_flagged_pair_leaves_literal_asterisks() -> None:
    html = MD.render("**核心洞察：**文本")
    assert "**核心洞察：**文本" in html and "<strong>" not in html
    assert "<strong>核心洞察：</strong> 文本" in MD.render("**核心洞察：** 文本")


SIDES = ["", " ", "文", "A", "：", "（", "）", "“", "”", "。", "🎯", "1"]
INNER = ["核心", "：核心", "核心：", "（核心）", "“核心”", "核 心"]


@pytest.mark.parametrize("inner", INNER)
def test_flanking_matches_markdown_it_for_one_pair(inner: str) -> None:
    """Every combination of what stands before, inside and after one pair."""
    for before, after in itertools.product(SIDES, SIDES):
        line = f"{before}**{inner}**{after}"
        html = MD.renderInline(line)
        rendered = "<strong>" in html and "**" not in html
        if broken_pairs(line):
            assert not rendered, line
        elif inner.strip() == inner:
            assert rendered, line


# What can stand beside ``**``: letters and digits of several scripts, spaces of
# several kinds, ASCII and CJK punctuation, symbols, emoji, escapes and code.
PIECES = st.sampled_from(["**", "*", "***", "文", "A", "1", "_", " ", "\u3000", "\t", "：", "（",
                          "」", "。", "!", "$", "+", "🎯", "©", "\\", "`", "``", "\u00a0", "·"])


@given(st.lists(PIECES, max_size=14).map("".join))
@example("**核心洞察：**文本")
@example("文本**「引用」**")
@example("**a_**b")
@example("a**_b**")
@settings(max_examples=500)
def test_the_pre_check_skips_only_lines_without_a_failing_pair(line: str) -> None:
    assert broken_pairs(line) == flanking_failures(line)


def test_the_pre_checks_spaces_are_exactly_what_flanking_calls_a_space() -> None:
    spaces = re.compile(f"[{cjk_bold.SPACES}]")
    for code in range(0x110000):
        ch = chr(code)
        assert (spaces.match(ch) is not None) == cjk_bold._space(ch), hex(code)
