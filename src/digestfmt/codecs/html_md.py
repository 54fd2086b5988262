"""HTML elements -> Markdown, for parts of a page that were edited by hand.

An untouched element reads back from its ``data-md`` source; this converter is
the fallback when what the element shows no longer matches that source. It
covers what the renderer produces (paragraphs, headings, lists, block quotes,
code, tables, rules; strong, emphasis, strikethrough, code, links, breaks) and
reads anything else as its text. Text is escaped so it stays text.

Works on lxml.html elements and on xml.etree elements alike (the EPUB reader
parses XHTML with defusedxml).
"""

from __future__ import annotations

import re
from typing import Any

from digestfmt.codecs.render import block_html, inline_html, local, safe_url

_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table",
          "hr", "div", "section", "article", "main", "header", "footer", "aside", "nav",
          "figure", "dl", "dt", "dd", "li", "details", "summary", "address"}
_ESCAPE = re.compile(r"([\\`*\[\]<~])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


_SPACES = re.compile(r"\s+")
_LONE_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
_TO_ESCAPE = re.compile(r"[\\`*\[\]<~&_]|\s\s|[^\S ]")  # what the subs below would change


def _escape(text: str) -> str:
    if not _TO_ESCAPE.search(text):  # most text: nothing to escape or fold
        return text
    text = _SPACES.sub(" ", text)
    text = _ESCAPE.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub(r"\\&", text)
    # An underscore can only open or close emphasis next to a non-word character.
    return _LONE_UNDERSCORE.sub(r"\\_", text)


def _guard_line_start(text: str) -> str:
    """Escape what would turn a paragraph's first characters into block markup."""
    m = _LINE_START.match(text)
    if not m:
        return text
    marker = m[2]
    fixed = marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker
    return m[1] + fixed + text[m.end():]


# -- inline ------------------------------------------------------------------------------


def _wrap(mark: str, inner: str) -> str:
    core = inner.strip(" ")
    if not core:
        return inner
    lead = inner[:len(inner) - len(inner.lstrip(" "))]
    trail = inner[len(inner.rstrip(" ")):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _code_span(code: str) -> str:
    runs = [len(r) for r in re.findall(r"`+", code)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") or not code.strip() else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def _destination(url: str) -> str:
    if re.search(r"[\s<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"
    depth = 0
    for ch in url:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            break
    if depth != 0:
        url = url.replace("(", "\\(").replace(")", "\\)")
    return url


def _inline_children(el: Any) -> str:
    out = [_escape(el.text or "")]
    for child in el:
        if isinstance(child.tag, str):
            out.append(_inline_element(child))
        out.append(_escape(child.tail or ""))
    return "".join(out)


def _inline_element(el: Any) -> str:
    tag = local(el)
    if tag in ("strong", "b"):
        return _wrap("**", _inline_children(el))
    if tag in ("em", "i"):
        return _wrap("*", _inline_children(el))
    if tag in ("s", "del", "strike"):
        return _wrap("~~", _inline_children(el))
    if tag in ("code", "kbd", "samp", "tt"):
        return _code_span(re.sub(r"\s+", " ", "".join(el.itertext())))
    if tag == "br":
        return "\\\n"
    if tag == "a":
        text = _inline_children(el).strip()
        href = el.get("href") or ""
        if not safe_url(href):
            return text
        return f"[{text or _escape(href)}]({_destination(href)})"
    if tag == "img":
        src = el.get("src") or ""
        alt = _escape(el.get("alt") or "")
        return f"![{alt}]({_destination(src)})" if safe_url(src) else alt
    return _inline_children(el)


def inline(el: Any) -> str:
    """An element's content as one line of inline Markdown (field values, titles)."""
    text = _inline_children(el).replace("\\\n", " ")
    return _guard_line_start(re.sub(r" {2,}", " ", text).strip())


# -- blocks ------------------------------------------------------------------------------


def _paragraph(fragment: str) -> str:
    lines = [line.strip() for line in fragment.strip().split("\n")]
    text = "\n".join(line for line in lines if line).removesuffix("\\")
    return _guard_line_start(re.sub(r" {2,}", " ", text))


def _blocks(el: Any, tight: bool = False) -> list[str]:
    out: list[str] = []
    pending: list[str] = [_escape(el.text or "")]

    def flush() -> None:
        text = _paragraph("".join(pending))
        if text:
            out.append(text)
        pending.clear()

    for child in el:
        if not isinstance(child.tag, str):
            pending.append(_escape(child.tail or ""))
            continue
        if local(child) in _BLOCK:
            flush()
            out.extend(_block(child))
        else:
            pending.append(_inline_element(child))
        pending.append(_escape(child.tail or ""))
    flush()
    return out


def _block(el: Any) -> list[str]:
    tag = local(el)
    if tag == "p":
        text = _paragraph(_inline_children(el))
        return [text] if text else []
    if re.fullmatch(r"h[1-6]", tag):
        text = inline(el)
        return ["#" * int(tag[1]) + " " + text] if text else []
    if tag in ("ul", "ol"):
        return [_list(el)]
    if tag == "blockquote":
        inner = "\n\n".join(_blocks(el))
        return ["\n".join("> " + line if line else ">" for line in inner.split("\n"))] \
            if inner else []
    if tag == "pre":
        return [_fence(el)]
    if tag == "table":
        return [_table(el)]
    if tag == "hr":
        return ["---"]
    return _blocks(el)


def _list(el: Any) -> str:
    ordered = local(el) == "ol"
    start = int(el.get("start") or 1) if (el.get("start") or "1").isdigit() else 1
    items = [li for li in el if local(li) == "li"]
    loose = any(local(c) == "p" for li in items for c in li)
    out = []
    for index, li in enumerate(items):
        marker = f"{start + index}." if ordered else "-"
        body = ("\n\n" if loose else "\n").join(_blocks(li))
        pad = " " * (len(marker) + 1)
        lines = body.split("\n") if body else [""]
        out.append("\n".join([f"{marker} {lines[0]}".rstrip(),
                              *(pad + line if line else "" for line in lines[1:])]))
    return ("\n\n" if loose else "\n").join(out)


def _fence(el: Any) -> str:
    code = "".join(el.itertext()).removesuffix("\n")
    code_el = next((c for c in el if local(c) == "code"), None)
    lang = ""
    if code_el is not None:
        m = re.search(r"language-(\S+)", code_el.get("class") or "")
        lang = m[1] if m else ""
    runs = [len(r) for r in re.findall(r"^\s*(`{3,})", code, re.M)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return f"{fence}{lang}\n{code}\n{fence}"


def _table(el: Any) -> str:
    rows = [tr for tr in el.iter() if local(tr) == "tr"]
    if not rows:
        return ""
    grid = [[c for c in tr if local(c) in ("th", "td")] for tr in rows]
    width = max(len(r) for r in grid) or 1

    def cell(c: Any) -> str:
        return inline(c).replace("|", "\\|")

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells + [""] * (width - len(cells))) + " |"

    aligns = []
    for c in grid[0] + [None] * (width - len(grid[0])):
        cls = (c.get("class") or "") if c is not None else ""
        style = (c.get("style") or "") if c is not None else ""
        where = next((a for a in ("left", "center", "right") if a in cls or a in style), "")
        aligns.append({"left": ":---", "center": ":---:", "right": "---:"}.get(where, "---"))
    head = line([cell(c) for c in grid[0]])
    body = [line([cell(c) for c in row]) for row in grid[1:]]
    return "\n".join([head, "| " + " | ".join(aligns) + " |", *body])


def blocks(el: Any) -> str:
    """An element's content as Markdown blocks separated by one blank line."""
    return "\n\n".join(b for b in _blocks(el) if b)


def reads_back(source: str, inline_source: bool = False, rendered: str | None = None) -> bool:
    """Whether what ``source`` renders to (``rendered``, when the caller has it)
    converts back to ``source`` exactly: then a page need not carry the source in
    ``data-md`` (most bodies; issue 13 measured the copies at a third of a page), since
    the reader converts what it shows."""
    import lxml.html

    if inline_source:
        shown = inline_html(source) if rendered is None else rendered
        return inline(lxml.html.fragment_fromstring(f"<span>{shown}</span>")) == source
    shown = block_html(source) if rendered is None else rendered
    return blocks(lxml.html.fragment_fromstring(f"<div>\n{shown}\n</div>")) == source
