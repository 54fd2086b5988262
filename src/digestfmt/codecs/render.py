"""The model's Markdown strings -> safe HTML, and what a reader of that HTML sees.

Every HTML-producing converter (page, EPUB, feeds) renders through here, so the
safety policy lives in one place and is applied twice: markdown-it-py runs with
raw HTML off and links limited to http/https/mailto, and nh3 then cleans its
output against an allowlist (no script or style, no event handlers, no style
attributes, no other URL schemes). Images render as links: a page that is opened
fetches nothing (no tracking pixels), and EPUB forbids remote images anyway.

Most bodies are written in a small subset of Markdown, which ``fastmd`` renders
straight to the sanitised HTML, several times faster; anything outside it goes
through markdown-it-py and nh3 (``*_reference``), which stay the reference the
fast path is tested against, byte for byte (tests/codecs/test_fastmd.py).

Renderings are cached by source text: converting one digest to several formats,
or writing a page and reading it back, renders each body once.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from digestfmt.codecs import fastmd
from digestfmt.codecs.cjk import cjk_friendly

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


def safe_url(url: str | None) -> bool:
    """True for an absolute http, https or mailto URL: the only links a page carries."""
    if not url:
        return False
    try:
        scheme = urlsplit(url.strip(_URL_EDGE)).scheme
    except ValueError:
        return False
    return scheme.lower() in SAFE_SCHEMES


def _image_as_link(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                   env: EnvType) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or "image"
    src = escapeHtml(str(token.attrGet("src") or ""))
    return f'<a href="{src}">🖼 {escapeHtml(alt)}</a>'


def _cell(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
          env: EnvType) -> str:
    """Table alignment as a class: style attributes are not allowed through."""
    token = tokens[idx]
    style = str(token.attrGet("style") or "")
    if style.startswith("text-align:"):
        token.attrs.pop("style")
        token.attrSet("class", "align-" + style.removeprefix("text-align:"))
    return self.renderToken(tokens, idx, options, env)


@cache
def markdown_it() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"]).use(cjk_friendly)
    md.validateLink = safe_url  # type: ignore[method-assign]
    md.add_render_rule("image", _image_as_link)
    md.add_render_rule("th_open", _cell)
    md.add_render_rule("td_open", _cell)
    return md


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        pattern = _LANGUAGE if tag == "code" else _ALIGN
        return value if pattern.fullmatch(value) else None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(SAFE_SCHEMES),
                     attribute_filter=_attribute_filter, strip_comments=True,
                     link_rel="noopener noreferrer")


@lru_cache(maxsize=8192)
def block_html(source: str) -> str:
    """Markdown blocks -> sanitised HTML: the fast renderer when the body is in its
    subset, else markdown-it-py and nh3 (the reference, which it is tested against)."""
    fast = fastmd.block_html(source)
    return block_html_reference(source) if fast is None else fast


def block_html_reference(source: str) -> str:
    return sanitize(markdown_it().render(source)).strip()


@lru_cache(maxsize=8192)
def inline_html(source: str) -> str:
    """One line of inline Markdown -> sanitised HTML (no paragraph around it)."""
    fast = fastmd.inline_html(source)
    return inline_html_reference(source) if fast is None else fast


def inline_html_reference(source: str) -> str:
    return sanitize(markdown_it().renderInline(source))


def plain_text(source: str) -> str:
    """The text a reader sees of one line of inline Markdown (for titles, feeds, JSON-LD)."""
    fast = fastmd.plain_text(source)
    return plain_text_reference(source) if fast is None else fast


def plain_text_reference(source: str) -> str:
    tokens = markdown_it().parseInline(source)
    out = []
    for token in tokens[0].children or [] if tokens else []:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "image":
            out.append(token.content)
    return "".join(out).strip()


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
