"""The fast body renderer (codecs/fastmd.py) against its reference, markdown-it-py + nh3.

Whenever the fast path answers (not None), its output must be the reference's,
byte for byte: on generated Markdown full of the cases that break renderers,
on every body, inline value and title of the real corpus and the samples, and
on the sample bodies the fast path must answer at all (else it is not the fast
path the pages take).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from codec_helpers import REAL, SAMPLES, parsed, real_id
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import body, inline_line

from digestfmt.codecs import fastmd, html
from digestfmt.codecs.render import (
    block_html_reference,
    inline_html_reference,
    markdown_it,
    plain_text_reference,
    safe_url,
)
from digestfmt.model import Digest

# Pieces of inline Markdown, chosen for the rules they exercise: delimiter runs of
# each length next to CJK text and punctuation (the CJK-friendly flanking rules),
# escapes, entities, code spans, links (titles, odd destinations, unsafe schemes),
# autolinks, raw HTML, brackets, images, line breaks, odd whitespace.
ATOMS = [
    "*", "**", "***", "****", "_", "__", "___", "~", "~~", "`", "``", "```",
    "\\", "\\*", "\\_", "\\`", "\\[", "\\\\", "\\a", "\\文",
    "&", "&amp;", "&copy;", "&#35;", "&#x4e2d;", "&nosuch;", "& ",
    "[", "]", "(", ")", "[]", "[x]", "[x][y]", "[x]:", "![", "!",
    "[a](http://a.com)", "[**粗**](https://a.com/x_y)", '[t](https://a.com/p "ti&tle")',
    "[t](https://a.com/p 'q\"t')", "[t](<https://a.com/a b>)", "[t](https://例子.com/路径)",
    "[t](javascript:alert(1))", "[t](mailto:a@b.c)", "[t](/relative)", "[t](https://a.com/(x))",
    "[t]( https://a.com )", "[t](https://a.com\n)", "[t](https://a.com/%zz)", "[t]()",
    "<https://a.com>", "<a@b.c>", "<b>", "</b>", "<!-- c -->", "<",
    ">", '"', "'", "\n", "  \n", " \n", "\\\n", "\n ", "\n\n", " ", "  ",
    "\xa0", "\u3000", "\t", "\r", "\x00", "\ufe0f", "\u200b",
    "：", "，", "。", "（", "）", "「", "」", "“", "”", "、", "！", "？", "《", "》",
    "文", "字", "中文", "한", "カ", "ｶ", "Ａ", "🎯", "🌟", "⭐", "a", "b", "x1", "snake_case",
    "2026", "1.", "1. ", "- ", "* ", "+ ", "# ", "> ", "| ", ":", "=", "-", "---",
]
_CJK = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E10), min_size=1,
               max_size=3)
inline_sources = st.lists(st.one_of(st.sampled_from(ATOMS), _CJK), max_size=14).map("".join)

# Line prefixes for blocks: indentation, list markers, block starts.
PREFIXES = ["", "", "", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "  - ", "    - ", "   * ",
            "  ", "    ", "      ", "-    ", "-     x", "> ", "# ", "## ", "| ", "|---|",
            "| --- | :-: |", "***", "---", "===", "```", "~~~", "-", "1.", "[x]: https://a.com"]


@st.composite
def block_sources(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        prefix = draw(st.sampled_from(PREFIXES))
        text = draw(st.one_of(inline_sources.map(lambda s: s.replace("\n", " ")),
                              inline_line(4), st.just("")))
        lines.append(prefix + text)
    return "\n".join(lines)


@st.composite
def tables(draw: st.DrawFn) -> str:
    cols = draw(st.integers(1, 3))
    cell = st.one_of(inline_line(2), st.sampled_from(["", " ", "**b**", "`c`", "x\\|y", "中"]))

    def row() -> str:
        cells = draw(st.lists(cell, min_size=cols - 1, max_size=cols + 1))
        return draw(st.sampled_from(["| ", "|", ""])) + " | ".join(cells) + \
            draw(st.sampled_from([" |", "|", "", " | "]))

    header = row()
    align = "|" + "|".join(draw(st.sampled_from(["---", ":-", "-:", ":-:", " - "]))
                           for _ in range(cols)) + "|"
    rest = [row() for _ in range(draw(st.integers(0, 3)))]
    after = draw(st.sampled_from(["", "\n", "\n\n- x", "\ntext", "\n\n文"]))
    return "\n".join([header, align, *rest]) + after


# Lines whose only markup is "**" (the fast path most paragraphs take), next to every
# kind of character the flanking rules tell apart.
strong_sources = st.lists(st.one_of(
    st.sampled_from(["**", "**", "**", "*", "***", " ", "\xa0", "\u3000", "a", "1", "：", "，",
                     "（", "）", "“", "”", "。", "!", ".", "(", ")", "\"", "'", "%", "🎯", "\ufe0f",
                     ">", "&", "文", "한", "ｶ"]),
    _CJK), max_size=16).map("".join)
# Text with links whose destinations take the plain-destination shortcut, or nearly.
link_sources = st.builds(
    lambda before, label, url, tail, after: f"{before}[{label}]({url}{tail}{after}",
    st.sampled_from(["", "见", "**粗**", "a "]), st.sampled_from(["", "文", "**b**", "x y"]),
    st.from_regex(fastmd.PLAIN_DESTINATION, fullmatch=True),
    st.sampled_from([")", " )", ' "t")', "&a)", "%41)", "(x))", "", ")**"]),
    st.sampled_from(["", "。", "**", " [y](http://a.com)"]))


def assert_same(source: str) -> None:
    fast = fastmd.block_html(source)
    if fast is not None:
        assert fast == block_html_reference(source), source
    fast = fastmd.inline_html(source)
    if fast is not None:
        assert fast == inline_html_reference(source), source
    fast = fastmd.plain_text(source)
    if fast is not None:
        assert fast == plain_text_reference(source), source


_SETTINGS = settings(max_examples=600, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(inline_sources)
def test_inline_markdown_renders_as_the_reference(source: str) -> None:
    assert_same(source)


@_SETTINGS
@given(strong_sources)
def test_strong_only_lines_render_as_the_reference(source: str) -> None:
    assert_same(source)
    assert_same(f"- {source}\n- x")


@_SETTINGS
@given(link_sources)
def test_links_render_as_the_reference(source: str) -> None:
    assert_same(source)


@_SETTINGS
@given(st.from_regex(fastmd.PLAIN_DESTINATION, fullmatch=True))
def test_plain_destinations_need_no_normalising(url: str) -> None:
    assert markdown_it().normalizeLink(url) == url
    assert safe_url(url)


@_SETTINGS
@given(block_sources())
def test_block_markdown_renders_as_the_reference(source: str) -> None:
    assert_same(source)


@_SETTINGS
@given(tables())
def test_tables_render_as_the_reference(source: str) -> None:
    assert_same(source)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body(4))
def test_generated_bodies_render_as_the_reference(source: str) -> None:
    assert_same(source)


# -- real digests -------------------------------------------------------------------


def markdown_of(digest: Digest) -> Iterator[tuple[str, str]]:
    """Every Markdown string a page renders, as ("blocks" | "inline", source)."""
    view = html.layout_view(digest)
    for text in (view.preamble, view.intro, view.related.body if view.related else None):
        if text:
            yield "blocks", text
    for card in view.cards:
        yield "inline", card.card.title
        for part in card.parts:
            if part.kind in ("section", "extra"):
                yield "blocks", part.body
            for f in part.fields:
                if f.show == "inline":
                    yield "inline", f.value


@pytest.mark.parametrize("path", REAL, ids=real_id)
def test_real_bodies_render_as_the_reference(path: Path) -> None:
    sources = list(markdown_of(parsed(path)))
    assert sources
    for _, source in sources:
        assert_same(source)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name)
def test_sample_bodies_take_the_fast_path(path: Path) -> None:
    for kind, source in markdown_of(parsed(path)):
        fast = fastmd.block_html(source) if kind == "blocks" else fastmd.inline_html(source)
        assert fast is not None, source
        reference = block_html_reference(source) if kind == "blocks" \
            else inline_html_reference(source)
        assert fast == reference


def test_the_subset_gives_up_outside_it() -> None:
    for source in ["Title\n===", "# closed #", "> quote", "```\ncode\n```", "<b>x</b>",
                   "a &copy; b", "- a\n\n- b", "- a\nlazy", "![i](https://a.com/i.png)", "~~s~~",
                   "[x]: https://a.com\n\n[x]", "a\tb\n- c"]:
        assert fastmd.block_html(source) is None, source


def test_a_host_longer_than_mdurl_keeps_is_no_plain_destination() -> None:
    """mdurl drops a hostname over 255 characters, so such a target is normalised: the
    fast path must leave it to markdown-it (found by hypothesis)."""
    host = "0." * 120 + "aaaaaaaaaaaaaaa"  # 255 characters
    assert re.fullmatch(fastmd.PLAIN_DESTINATION, f"http://{host}")
    assert markdown_it().normalizeLink(f"http://{host}") == f"http://{host}"
    longer = f"http://0.{host}"
    assert not re.fullmatch(fastmd.PLAIN_DESTINATION, longer)
    assert markdown_it().normalizeLink(longer) != longer
