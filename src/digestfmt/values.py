"""Field values by kind: text -> typed value, and typed value -> canonical text.

The two directions live together so that writing a value and reading it back
is the identity; the round-trip tests hold them to that.
"""

from __future__ import annotations

import re

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
    for i, ch in enumerate(raw):
        brackets += (ch == "[") - (ch == "]")
        if brackets == 0:  # a link's text may hold unbalanced parentheses; its URL may not
            parens += (ch == "(") - (ch == ")")
        if ch == separator and brackets == 0 and parens == 0:
            items.append(raw[start:i])
            start = i + 1
    items.append(raw[start:])
    sources = []
    for item in (s.strip() for s in items):
        link = parse_link(item)
        if link:
            sources.append(Source(*link))
        elif item and not any(c in item for c in "[]()<>\n"):
            sources.append(Source(item))
        else:
            return None
    return sources


def parse_link(text: str) -> tuple[str, str] | None:
    """``[text](url)`` exactly (text may hold balanced brackets) -> (text, url)."""
    if not text.startswith("[") or not text.endswith(")"):
        return None
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "[") - (ch == "]")
        if depth == 0:
            rest = text[i + 1:]
            if not rest.startswith("(") or i == 1:
                return None
            url = rest[1:-1]
            if not url or any(c.isspace() for c in url) or not _balanced(url):
                return None
            return text[1:i], url
    return None


def _balanced(url: str) -> bool:
    depth = 0
    for ch in url:
        depth += (ch == "(") - (ch == ")")
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
