"""Field values by kind: text -> typed value, and typed value -> canonical text.

The two directions live together so that writing a value and reading it back
is the identity; the round-trip tests hold them to that.
"""

from __future__ import annotations

import re
from functools import cache

from digestfmt.model import FieldValue, Source

STAR = "\U0001F31F"  # 🌟, the only rating emoji
RATING = re.compile(f"(?:{STAR}){{1,5}}")
_TAG = re.compile(r"\[([^\[\]\n]+)\]")
_TAGS = re.compile(r"(?:\[[^\[\]\n]+\])(?:[ \t]*\[[^\[\]\n]+\])*")


def typed_value(kind: str, raw: str, joiner: str = "") -> FieldValue:
    """The value of a field's text as its kind, or the text itself when malformed."""
    if kind == "rating":
        return len(raw) if RATING.fullmatch(raw) else raw
    if kind == "tags":
        if not raw:
            return []
        return _TAG.findall(raw) if _TAGS.fullmatch(raw) else raw
    if kind == "sources":
        return parse_sources(raw, joiner.strip() or "、") or raw
    return raw


def parse_sources(raw: str, separator: str) -> list[Source] | None:
    """``[名](url) 、 名`` -> sources; None when an entry is neither a link nor a name."""
    items, brackets, parens, start = [], 0, 0, 0
    for m in _source_marks(separator).finditer(raw):  # only these characters matter
        ch = m[0]
        brackets += (ch == "[") - (ch == "]")
        if brackets == 0:  # a link's text may hold unbalanced parentheses; its URL may not
            parens += (ch == "(") - (ch == ")")
        if ch == separator and brackets == 0 and parens == 0:
            items.append(raw[start:m.start()])
            start = m.end()
    items.append(raw[start:])
    sources = []
    for item in (s.strip() for s in items):
        link = parse_link(item)
        if link:
            sources.append(Source(*link))
        elif item and not _NOT_A_NAME.search(item):
            sources.append(Source(item))
        else:
            return None
    return sources


@cache
def _source_marks(separator: str) -> re.Pattern[str]:
    """Brackets, parentheses and the separator: the characters that split sources."""
    return re.compile("[][()" + re.escape(separator) + "]" if len(separator) == 1 else "[][()]")


_NOT_A_NAME = re.compile(r"[][()<>\n]")
_BRACKET = re.compile(r"[][]")
_PAREN = re.compile(r"[()]")
_SPACE = re.compile(r"\s")  # what str.isspace() calls whitespace


def parse_link(text: str) -> tuple[str, str] | None:
    """``[text](url)`` exactly (text may hold balanced brackets) -> (text, url)."""
    if not text.startswith("[") or not text.endswith(")"):
        return None
    depth = 0
    for m in _BRACKET.finditer(text):
        depth += 1 if m[0] == "[" else -1
        if depth == 0:
            i = m.start()
            rest = text[i + 1:]
            if not rest.startswith("(") or i == 1:
                return None
            url = rest[1:-1]
            if not url or _SPACE.search(url) or not _balanced(url):
                return None
            return text[1:i], url
    return None


def _balanced(url: str) -> bool:
    depth = 0
    for m in _PAREN.finditer(url):
        depth += 1 if m[0] == "(" else -1
        if depth < 0:
            return False
    return depth == 0


def render_value(kind: str, value: FieldValue, joiner: str = "") -> str:
    """Canonical text of a typed value; raw (malformed) text is written as it is."""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return STAR * value
    if kind == "sources":
        return joiner.join(
            f"[{s.name}]({s.url})" if s.url else s.name for s in value if isinstance(s, Source)
        )
    return " ".join(f"[{tag}]" for tag in value)
