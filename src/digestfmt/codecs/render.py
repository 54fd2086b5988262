"""The model's Markdown strings -> safe HTML, and what a reader of that HTML sees.

Every HTML-producing converter (page, EPUB, feeds) renders through here, so the
safety policy lives in one place and is applied twice: comrak (the engine that reads
the blocks, ``markdown_to_html``: no Python tree, so nothing leaks) renders with GFM
tables and strikethrough and CJK-friendly emphasis, raw HTML escaped to text, and
drops ``javascript:``-like targets; nh3, the one sanitiser, then cleans its output
against an allowlist (no script or style, no event handlers, no style attributes,
links only to http, https and mailto). Images render as links: a page that is opened
fetches nothing (no tracking pixels), and EPUB forbids remote images anyway.
Where comrak's HTML differs from markdown-it-py's (the reference parser, spec §2.2)
is written in spec §9 and docs/engines.md and pinned in tests/codecs/test_render.py.

Renderings are cached by source text: converting one digest to several formats,
or writing a page and reading it back, renders each body once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import comrak
import nh3
from markdown_it import MarkdownIt

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# C0 controls and space, which URL parsers strip from both ends before reading a scheme.
_URL_EDGE = "".join(chr(c) for c in range(0x21))

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "s",
}
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"class"}, "td": {"class"},
               "code": {"class"}}
_ALIGN = re.compile(r"align-(?:left|center|right)")
_LANGUAGE = re.compile(r"language-[\w+#.-]{1,40}")

_EXTENSIONS = comrak.ExtensionOptions(table=True, strikethrough=True, subscript=True,
                                      cjk_friendly_emphasis=True)
_RENDER = comrak.RenderOptions(escape=True)
# comrak's markup the page writes otherwise. Raw HTML is escaped, so in comrak's output
# every "<" and every '"' outside a tag is an entity: these match only its own tags.
# A link to a target the page may not link to becomes its label (XHTML requires an
# href on <a>); an image, a link to it; a cell's alignment a class (the page allows no
# align or style attribute); strikethrough <s> (the tag the feeds allow as well).
# A single "~" is text (a range in Chinese: "1~2"), as in markdown-it-py and the GFM
# spec, but comrak strikes "~x~" through: its subscript extension takes those pairs
# instead, and their <sub> tags are written back as the "~" they were.
# (Every alternative opens with "<", which the regex engine then searches for.)
_ENGINE_MARKUP = re.compile(
    r'<(?:img src="([^"]*)" alt="([^"]*)"(?: title="[^"]*")? />|(t[hd]) align="(\w+)"'
    r'|(/?)del>|/?sub>|(a href="([^"]*)"(?: title="[^"]*")?>)(.*?)</a>)', re.S)
# One line rendered as a paragraph whose first character is U+00A0: not whitespace
# to the block parser (no heading, list, quote or code can open the line) and
# whitespace to the flanking rules, as the line's start is.
_INLINE_LEAD = "\xa0"
# A line break between two non-ASCII characters (whether both are CJK is asked of
# ``is_cjk``), or a code block, whose line breaks are kept as written.
_SOFT_BREAK = re.compile(r"(<pre[ >].*?</pre>)|([^\x00-\x7f])\n(?=([^\x00-\x7f]))", re.S)
# Characters below U+1F000 that default to emoji presentation (UTS #51
# Emoji_Presentation); they are East Asian Wide but are not CJK text.
_EMOJI_BELOW_1F000 = frozenset(
    [0x231A, 0x231B, *range(0x23E9, 0x23ED), 0x23F0, 0x23F3, 0x25FD, 0x25FE, 0x2614, 0x2615,
     *range(0x2648, 0x2654), 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4,
     0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A,
     0x270B, 0x2728, 0x274C, 0x274E, 0x2753, 0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797,
     0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B55]
)
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
# A line whose first 20 characters could each open a container (a quote marker, a list
# marker, indentation): one that opens none nests at most 20 blocks deep.
_MAY_NEST_DEEP = re.compile(r"^[ \t>*+\-\d.)]{20}", re.M)
# In comrak's HTML: an image (its alternative text shows), a single "~", any other tag.
_TAG = re.compile(r'<img [^>]*alt="([^"]*)"[^>]*>|(</?sub>)|<[^>]*>')


def safe_url(url: str | None) -> bool:
    """True for an absolute http, https or mailto URL: the only links a page carries."""
    if not url:
        return False
    try:
        scheme = urlsplit(url.strip(_URL_EDGE)).scheme
    except ValueError:
        return False
    return scheme.lower() in SAFE_SCHEMES


def is_cjk(ch: str) -> bool:
    """A CJK character as the CJK-friendly amendment counts one: East Asian Wide,
    Fullwidth or Halfwidth and not an emoji (emoji blocks from U+1F000), or Hangul."""
    code = ord(ch)
    if code < 0x80 or 0x4E00 <= code <= 0x9FFF:  # the common cases, answered first
        return code >= 0x80
    if any(lo <= code <= hi for lo, hi in _HANGUL):
        return True
    if 0x1F000 <= code <= 0x1FAFF or code in _EMOJI_BELOW_1F000:
        return False
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def _join_cjk(m: re.Match[str]) -> str:
    """A line break between two CJK characters joins them: browsers would show a space
    (comrak writes every soft break as a line feed)."""
    if m[1] is not None:
        return m[1]
    return m[2] if is_cjk(m[2]) and is_cjk(m[3]) else m[0]


def _page_markup(m: re.Match[str]) -> str:
    if m[6] is not None:  # a link: its label may hold an image, a strikethrough, ...
        label = _ENGINE_MARKUP.sub(_page_markup, m[8])
        return f"<{m[6]}{label}</a>" if safe_url(unescape(m[7])) else label
    if m[1] is not None:
        alt = f"🖼 {m[2] or 'image'}"
        return f'<a href="{m[1]}">{alt}</a>' if safe_url(unescape(m[1])) else alt
    if m[3]:
        return f'<{m[3]} class="align-{m[4]}"'
    return "~" if m[5] is None else f"<{m[5]}s>"


def _engine_html(source: str) -> str:
    html = comrak.markdown_to_html(source, _EXTENSIONS, None, _RENDER)
    return _SOFT_BREAK.sub(_join_cjk, html) if "\n" in source else html


@cache
def markdown_it() -> MarkdownIt:
    """The reference parser, as ``hidden_definitions`` reads it: a definition of a
    target a page may not link to defines nothing."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.validateLink = safe_url  # type: ignore[method-assign]
    return md


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        pattern = _LANGUAGE if tag == "code" else _ALIGN
        return value if pattern.fullmatch(value) else None
    if name == "href":  # nh3 passes relative targets through; a page links only out
        return value if safe_url(value) else None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(SAFE_SCHEMES),
                     attribute_filter=_attribute_filter, strip_comments=True,
                     link_rel="noopener noreferrer")


@lru_cache(maxsize=8192)
def block_html(source: str) -> str:
    """Markdown blocks -> sanitised HTML. (With a final line feed: comrak 0.59 reads a
    last line ``1.`` without one as a paragraph, not as an empty item.)

    comrak nests blocks without bound, and a page 10,000 quotes deep can be neither read
    back (libxml2 stops at 256) nor shown (browsers flatten past 512): a body that may
    nest deeper than markdown-it-py's limit (its ``maxNesting``, 20: a line opening with
    as many container markers) is rendered by markdown-it-py, which stops there."""
    if _MAY_NEST_DEEP.search(source):
        return sanitize(markdown_it().render(source)).strip()
    html = _engine_html(source + "\n")
    return sanitize(_ENGINE_MARKUP.sub(_page_markup, html)).strip()


def _inline_engine_html(source: str) -> str:
    """comrak's HTML of one line read as inline Markdown only (no paragraph around it)."""
    html = _engine_html(_INLINE_LEAD + source).removeprefix("<p>" + _INLINE_LEAD)
    # More than one line may open other blocks after the paragraph: those stay blocks.
    return html.removesuffix("</p>\n") if html.count("</p>") == 1 else html


@lru_cache(maxsize=8192)
def inline_html(source: str) -> str:
    """One line of inline Markdown -> sanitised HTML (no paragraph around it)."""
    return sanitize(_ENGINE_MARKUP.sub(_page_markup, _inline_engine_html(source)))


def plain_text(source: str) -> str:
    """The text a reader sees of one line of inline Markdown (for titles, feeds, JSON-LD):
    an image's alternative text, a line break as a space."""
    text = _TAG.sub(lambda m: m[1] or ("~" if m[2] else ""), _inline_engine_html(source))
    return " ".join(unescape(text).split("\n")).strip()


# -- what a reader sees: compared to decide whether an element was edited ------------


def signature(element: Any) -> str:
    """What a reader sees of an element's content: the elements inside it, each with the
    attributes rendering gives it (a link's target and title, a list's start, a cell's
    alignment), and its text, whitespace removed; comments are not shown.

    Whitespace is left out because re-indenting a page changes it without changing
    what a reader sees. The elements count, not only the text and the links: a
    ``data-md`` edited to add emphasis the page does not show renders the same text
    but not the same tree. (A walk without recursion: pages are read from anywhere.)
    """
    out = [_squash(element.text)]
    stack: list[tuple[Any, bool]] = [(child, False) for child in reversed(element)]
    while stack:
        node, closing = stack.pop()
        tag = local(node)
        if closing or not tag:  # an element's end, or a comment: then its tail
            out += (f"</{tag}>" if tag else "", _squash(node.tail))
            continue
        kept = _ATTRIBUTES.get(tag, ())
        attrs = "".join(f" {k}={v!r}" for k, v in sorted(node.attrib.items()) if k in kept)
        out += (f"<{tag}{attrs}>", _squash(node.text))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return "".join(out)


def _squash(text: str | None) -> str:
    return "".join(text.split()) if text else ""


def hidden_definitions(source: str, html: str) -> bool:
    """Whether ``source`` defines a link reference that its rendering ``html`` never
    uses: a definition shows nothing, so it must not come back from a page's
    ``data-md`` either (unless some link shows its target)."""
    if "]:" not in source:
        return False
    from lxml.html import fragment_fromstring

    env: dict[str, Any] = {}
    markdown_it().parse(source, env)
    shown = {a.get("href") for a in fragment_fromstring(html or "", create_parent="div").iter()
             if local(a) == "a"}
    return any(ref["href"] not in shown for ref in env.get("references", {}).values())


@lru_cache(maxsize=8192)
def rendered_signature(html: str) -> str:
    from lxml.html import fragment_fromstring

    return signature(fragment_fromstring(html or "", create_parent="div"))


def local(el: Any) -> str:
    """An element's tag without its namespace, lower-cased; "" for comments.

    The readers walk lxml.html trees (plain tags) and xml.etree trees from
    XHTML (namespaced tags) with the same code.
    """
    tag = el.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""
