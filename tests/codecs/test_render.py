"""The body renderer (codecs/render.py: comrak, then nh3) against markdown-it-py + nh3.

markdown-it-py stays the reference parser (spec §2.2). The renderer must show what
the reference shows (the same elements, attributes and text: ``rendered_signature``)
on generated Markdown full of the cases that break renderers and on every body,
inline value and title of the real corpus and the samples, except where digestfmt
follows comrak by design (docs/engines.md lists the constructs; ``by_design`` and
``assert_same`` recognise them, and a test below pins each). The main one: emphasis
whose delimiter run touches CJK text next to punctuation (``amended``), which the
renderer reads CJK-friendly and the reference, without the amendment, does not.
"""

from __future__ import annotations

import re
import resource
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from codec_helpers import REAL, SAMPLES, parsed, real_id
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from strategies import body, inline_line
from test_example_profiles import CASES as OTHER_STYLES

import digestfmt
from digestfmt import profiles
from digestfmt.codecs import html
from digestfmt.codecs.render import (
    block_html,
    inline_html,
    is_cjk,
    markdown_it,
    plain_text,
    rendered_signature,
    safe_url,
    sanitize,
)
from digestfmt.model import Digest
from digestfmt.parse.fastblocks import fast_blocks

# -- the reference: markdown-it-py with the page's policy, then the same nh3 ----------


def _image_as_link(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                   env: EnvType) -> str:
    alt = self.renderInlineAsText(tokens[idx].children or [], options, env) or "image"
    return f'<a href="{escapeHtml(str(tokens[idx].attrGet("src") or ""))}">🖼 {escapeHtml(alt)}</a>'


def _cell(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
          env: EnvType) -> str:
    token = tokens[idx]
    style = str(token.attrGet("style") or "")
    if style.startswith("text-align:"):
        token.attrs.pop("style")
        token.attrSet("class", "align-" + style.removeprefix("text-align:"))
    return self.renderToken(tokens, idx, options, env)


@cache
def reference() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.validateLink = safe_url  # type: ignore[method-assign]
    md.add_render_rule("image", _image_as_link)
    md.add_render_rule("th_open", _cell)
    md.add_render_rule("td_open", _cell)
    return md


def reference_blocks(source: str) -> str:
    return sanitize(reference().render(source)).strip()


def reference_inline(source: str) -> str:
    return sanitize(reference().renderInline(source))


def reference_plain(source: str) -> str:
    tokens = reference().parseInline(source)
    kinds = {"text", "code_inline", "image"}
    return "".join(" " if t.type in ("softbreak", "hardbreak") else t.content
                   for t in tokens[0].children or [] if t.type in kinds | {"softbreak"}).strip()


# -- where the renderer differs by design ---------------------------------------------


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def amended(source: str) -> bool:
    """Whether CJK-friendly emphasis may read some delimiter run of ``source`` otherwise
    than CommonMark: a run with a CJK character or a variation selector on one side
    and punctuation on one side."""
    for run in re.finditer(r"\*+|_+|~+", source):
        near = source[max(run.start() - 2, 0):run.start()] + source[run.end():run.end() + 1]
        if any(is_cjk(c) or 0xFE00 <= ord(c) <= 0xFE0F or ord(c) >= 0xE0100 for c in near) \
                and any(_punct(c) for c in near):
            return True
    return False


def _html_line(source: str) -> bool:
    return any(line.lstrip(" >*+-0123456789.)").startswith("<") for line in source.split("\n"))


# A link target with non-ASCII characters: comrak percent-encodes the host, markdown-it
# writes it in punycode (the same address to a browser, not the same attribute).
_IRI = re.compile(r"\]\(<?[^)\s>]*[^\x00-\x7f]")
_SINGLE_TILDE = re.compile("(?<!~)~(?!~)")
# A backslash, then spaces, at a line's end: CommonMark (comrak) reads the backslash as
# text and the spaces as a hard break; markdown-it-py reads no hard break.
_BACKSLASH_SPACES = re.compile(r"\\ +$", re.M)
# Whitespace other than space and tab at a line's edge or in a fence's info string:
# markdown-it-py strips it as Python does, CommonMark (comrak) keeps it as text.
_ODD_SPACE = re.compile(r"^[^\S\n \t]|[^\S\n \t]$|^[ >*+\-\d.)]*(?:```|~~~).*[^\S\n \t]", re.M)


def by_design(source: str) -> bool:
    return (amended(source) or _unlinked(source)
            or bool(_IRI.search(source)) or _comrak_code_spans(source) or "~~~" in source
            or _tilde_pair_across_emphasis(source) or bool(_ODD_SPACE.search(source))
            or bool(_BACKSLASH_SPACES.search(source)))


def _tilde_pair_across_emphasis(source: str) -> bool:
    """Two single "~" and an emphasis delimiter: the "~" pair the renderer keeps as text
    is still a pair to comrak, and a "*" inside it cannot pair with one outside."""
    return len(_SINGLE_TILDE.findall(source)) > 1 and bool(re.search("[*_]", source))


@cache
def any_target() -> MarkdownIt:
    """The reference parser taking every link target, to find those the page unlinks."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _unlinked(source: str) -> bool:
    """A link or image to a target other than http, https or mailto: the renderer shows
    its label (``test_a_link_to_another_scheme_shows_its_label_unlinked``)."""
    return any(child.type in ("link_open", "image")
               and not safe_url(str(child.attrGet("href") or child.attrGet("src") or ""))
               for token in [*any_target().parse(source), *any_target().parseInline(source)]
               for child in token.children or [])


def _comrak_code_spans(source: str) -> bool:
    """Backtick runs of more than one length: comrak 0.59 leaves code spans after an
    unmatched longer run as text (``test_code_spans_after_an_unmatched_run``)."""
    return len({len(run) for run in re.findall("`+", source)}) > 1


def assert_same(source: str) -> None:
    ours = block_html(source)
    if not (by_design(source) or _html_line(source)
            or fast_blocks(source.split("\n")) is None):
        assert rendered_signature(ours) == rendered_signature(reference_blocks(source)), source
    one_line = source.replace("\n", " ")
    ours = inline_html(one_line)
    if not by_design(one_line):
        assert rendered_signature(ours) == rendered_signature(reference_inline(one_line)), \
            one_line
        assert plain_text(one_line).split() == reference_plain(one_line).split(), one_line


# -- generated Markdown ----------------------------------------------------------------

# Pieces of inline Markdown, chosen for the rules they exercise: delimiter runs of
# each length next to CJK text and punctuation, escapes, entities, code spans, links
# (titles, odd destinations, unsafe schemes), autolinks, raw HTML, brackets, images,
# line breaks, odd whitespace, single and double tildes.
ATOMS = [
    "*", "**", "***", "_", "__", "~", "~~", "`", "``", "\\", "\\*", "\\_", "\\`", "\\[",
    "\\\\", "\\a", "\\文", "&", "&amp;", "&copy;", "&#35;", "&#x4e2d;", "&nosuch;",
    "[", "]", "(", ")", "[x]", "[x][y]", "![", "!", "[a](http://a.com)",
    "[**粗**](https://a.com/x_y)", '[t](https://a.com/p "ti&tle")', "[t](<https://a.com/a b>)",
    "[t](https://例子.com/路径)", "[t](javascript:alert(1))", "[t](mailto:a@b.c)",
    "[t](/relative)", "[t](https://a.com/(x))", "![i](https://a.com/i.png)", "![*a* `b`](x.png)",
    "<https://a.com>", "<a@b.c>", "<b>", "<!-- c -->", "<", ">", '"', "'", "\n", "  \n",
    "\\\n", " ", "\xa0", "\u3000", "\t", "：", "，", "。", "（", "）", "「", "」", "“", "”",
    "文", "中文", "한", "カ", "ｶ", "🎯", "a", "x1", "snake_case", "2026", "1~2", "1.", "- ", "# ",
    "> ", "| ", ":", "-", "---",
]
_CJK = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E10), min_size=1,
               max_size=3)
inline_sources = st.lists(st.one_of(st.sampled_from(ATOMS), _CJK), max_size=14).map("".join)
PREFIXES = ["", "", "", "- ", "* ", "1. ", "2) ", "  - ", "    - ", "  ", "    ", "> ", "# ",
            "## ", "| ", "|---|", "| --- | :-: |", "***", "---", "===", "```", "~~~",
            "[x]: https://a.com"]


@st.composite
def block_sources(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        text = draw(st.one_of(inline_sources.map(lambda s: s.replace("\n", " ")),
                              inline_line(4), st.just("")))
        lines.append(draw(st.sampled_from(PREFIXES)) + text)
    return "\n".join(lines)


_SETTINGS = settings(max_examples=400, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(inline_sources)
def test_inline_markdown_shows_what_the_reference_shows(source: str) -> None:
    assert_same(source)


@_SETTINGS
@given(block_sources())
def test_block_markdown_shows_what_the_reference_shows(source: str) -> None:
    assert_same(source)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body(4))
def test_generated_bodies_show_what_the_reference_shows(source: str) -> None:
    assert_same(source)


# -- the real digests -------------------------------------------------------------------


def markdown_of(digest: Digest) -> Iterator[str]:
    """Every Markdown string a page renders."""
    view = html.layout_view(digest)
    for text in (view.preamble, view.intro, view.related.body if view.related else None):
        if text:
            yield text
    for card in view.cards:
        yield card.card.title
        for part in card.parts:
            if part.kind in ("section", "extra"):
                yield part.body
            yield from (f.value for f in part.fields if f.show == "inline")


@pytest.mark.parametrize("path", REAL, ids=real_id)
def test_real_bodies_show_what_the_reference_shows(path: Path) -> None:
    sources = list(markdown_of(parsed(path)))
    assert sources
    for source in sources:
        assert_same(source)


@pytest.mark.skipif(not OTHER_STYLES, reason="no third-party real files beside the project")
@pytest.mark.parametrize(("profile", "path"), OTHER_STYLES,
                         ids=[f"{p.stem}/{f.name}" for p, f in OTHER_STYLES])
def test_third_party_bodies_show_what_the_reference_shows(profile: Path, path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiles, "_REGISTERED", {})  # the profile stays this test's
    digest = digestfmt.loads(path.read_text("utf-8"), profile=str(profile))
    for source in markdown_of(digest):
        assert_same(source)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name)
def test_sample_bodies_show_what_the_reference_shows(path: Path) -> None:
    for source in markdown_of(parsed(path)):
        assert_same(source)


# -- the constructs decided one way, pinned -------------------------------------------


def test_cjk_friendly_emphasis_where_commonmark_refuses() -> None:
    assert inline_html("**核心洞察：**文本") == "<strong>核心洞察：</strong>文本"
    assert inline_html("文本**「引用」**文本") == "文本<strong>「引用」</strong>文本"
    assert inline_html("*强调。*后文") == "<em>强调。</em>后文"
    assert amended("**核心洞察：**文本")
    # The reference (plain CommonMark) shows the asterisks: the reason the amendment exists.
    assert reference_inline("**核心洞察：**文本") == "**核心洞察：**文本"
    # Without CJK nothing changes.
    assert inline_html('a**"foo"**') == 'a**"foo"**'


def test_a_single_tilde_is_text_and_two_strike_through() -> None:
    assert block_html("从1:4~1:8升至1:1~1:2") == "<p>从1:4~1:8升至1:1~1:2</p>"
    assert inline_html("H~2~O ~~旧~~新") == "H~2~O <s>旧</s>新"
    assert block_html("```\na~b~c\n```") == "<pre><code>a~b~c\n</code></pre>"


def test_a_link_to_another_scheme_shows_its_label_unlinked() -> None:
    for target in ["javascript:alert(1)", "/relative", "(https://a.com/x)", "data:text/html,x"]:
        assert inline_html(f"见[**说明**]({target})") == "见<strong>说明</strong>", target
        assert reference_inline(f"见[说明]({target})") == f"见[说明]({target})"
    assert block_html("![图](javascript:x)") == "<p>🖼 图</p>"
    assert block_html("[![图](/i.png) ~~旧~~](https://a.com)") == \
        '<p><a href="https://a.com" rel="noopener noreferrer">🖼 图 <s>旧</s></a></p>'


def test_a_line_of_html_shows_as_escaped_text_outside_a_paragraph() -> None:
    assert block_html("<div>x</div>") == "&lt;div&gt;x&lt;/div&gt;"
    assert reference_blocks("<div>x</div>") == "<p>&lt;div&gt;x&lt;/div&gt;</p>"
    # Inline, raw HTML is text as in the reference.
    assert inline_html("a <b>x</b> <!-- c -->") == "a &lt;b&gt;x&lt;/b&gt; &lt;!-- c --&gt;"


def test_cjk_lines_join_outside_code_only() -> None:
    assert block_html("中文\n中文") == "<p>中文中文</p>"
    assert block_html("中文\n🎯 a") == "<p>中文\n🎯 a</p>"
    assert block_html("    中文\n    中文") == "<pre><code>中文\n中文\n</code></pre>"


def test_inline_sources_never_open_blocks() -> None:
    for source in ["# 标题", "- 项", "1. 项", "> 引", "---", "    代码", "[x]: https://a.com",
                   "```", "<div>", "| a |"]:
        shown = inline_html(source)
        assert "<" not in shown.replace("&lt;", ""), source
        assert plain_text(source) == source.strip(), source


def test_plain_text_is_what_a_reader_sees() -> None:
    assert plain_text("**粗** `代码` [链接](https://a.com) ![图](https://a.com/i.png)") == \
        "粗 代码 链接 图"
    assert plain_text("a &amp; &lt;b&gt; \\*") == "a & <b> *"


def test_the_reference_parser_keeps_safe_links_only() -> None:
    """``hidden_definitions`` reads definitions through ``markdown_it``: an unsafe
    target defines nothing, as it links nothing."""
    env: EnvType = {}
    markdown_it().parse("[a]: /relative\n\n[b]: https://a.com", env)
    assert [ref["href"] for ref in env["references"].values()] == ["https://a.com"]


def test_rendering_keeps_no_memory() -> None:
    """comrak-ext's ``parse_document`` leaks its tree; ``markdown_to_html`` must not:
    rendering a large body 300 times grows the process by less than its 300 copies."""
    source = "\n\n".join(f"- **第{i}项**：正文 [链接](https://a.com/{i}) `代码`"
                         for i in range(2000))
    block_html.__wrapped__(source)  # type: ignore[attr-defined]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(300):
        block_html.__wrapped__(source)  # type: ignore[attr-defined]
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib * 1024 < 300 * len(source.encode()) // 4


def test_code_spans_after_an_unmatched_run() -> None:
    """comrak 0.59 reads only the first code span after an unmatched longer backtick run
    (CommonMark and markdown-it-py read both); fails once comrak agrees."""
    assert inline_html("``a `b` c `d`") == "``a <code>b</code> c `d`"
    assert reference_inline("``a `b` c `d`") == "``a <code>b</code> c <code>d</code>"


def test_a_non_ascii_target_is_percent_encoded() -> None:
    assert inline_html("[t](https://例子.com/路径)") == \
        '<a href="https://%E4%BE%8B%E5%AD%90.com/%E8%B7%AF%E5%BE%84"' \
        ' rel="noopener noreferrer">t</a>'


def test_strikethrough_closes_with_a_run_as_long_as_it_opened() -> None:
    """GFM (comrak): "~~~a~~" strikes nothing; markdown-it-py strikes "a" after one "~"."""
    assert inline_html("~~~a~~ b") == "~~~a~~ b"
    assert reference_inline("~~~a~~ b") == "~<s>a</s> b"


def test_a_last_empty_item_is_a_list() -> None:
    assert block_html("a\n\n1.") == reference_blocks("a\n\n1.") == \
        "<p>a</p>\n<ol>\n<li></li>\n</ol>"


def test_a_pair_of_single_tildes_holds_emphasis_inside_it() -> None:
    assert inline_html("~*ab~cd*ef") == "~*ab~cd*ef"
    assert reference_inline("~*ab~cd*ef") == "~<em>ab~cd</em>ef"


def test_only_spaces_and_tabs_are_trimmed_from_a_paragraph() -> None:
    assert block_html("\xa0a\u3000") == "<p>&nbsp;a\u3000</p>"
    assert reference_blocks("\xa0a\u3000") == "<p>a</p>"


def test_a_backslash_before_trailing_spaces_is_text_then_a_hard_break() -> None:
    assert block_html("a\\  \nb") == "<p>a\\<br>\nb</p>"
    assert reference_blocks("a\\  \nb") == "<p>a\\ \nb</p>"


@pytest.mark.parametrize("marker", ["> ", "- ", "1. "])
def test_a_body_nested_past_markdown_its_limit_renders_no_deeper(marker: str) -> None:
    """comrak nests without bound; a body that may nest past markdown-it-py's 20 levels
    is rendered by markdown-it-py, which stops there (a page 10,000 deep cannot be read
    back or shown)."""
    if marker == "> ":
        deep = "> " * 400 + "x\n"
    else:  # each item indented under the one before
        deep = "".join(f"{' ' * len(marker) * level}{marker}x\n" for level in range(400))
    html = block_html(deep)
    depth = deepest = 0
    for tag in re.finditer(r"<(/?)(?:blockquote|ul|ol|li)\b", html):
        depth += -1 if tag[1] else 1
        deepest = max(deepest, depth)
    assert 10 <= deepest <= 42, deepest  # ul + li per list level; a quote per quote level
    assert block_html("> " * 5 + "x") == "<blockquote>\n" * 5 + "<p>x</p>" \
        + "\n</blockquote>" * 5  # shallow: comrak, as before
