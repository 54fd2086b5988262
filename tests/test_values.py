"""values.py: the source and link parsers, which skip between the characters that
matter, read exactly what a plain character-by-character reading gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from digestfmt.model import Source
from digestfmt.values import parse_link, parse_sources

# Text made of the characters the parsers look at, in runs long enough to nest.
PIECES = st.sampled_from([
    "[", "]", "(", ")", "、", ",", " 、 ", "<", ">", "\n", " ", "\t", "\u3000", "名", "a",
    "https://a.cn/x", "[甲](https://a.cn)", "[乙 (b)](https://b.cn/x_(y))", "🌟", "⭐",
    "[标签]", " [发布]", "\\", "^", "-",
])
TEXT = st.lists(PIECES, max_size=12).map("".join)


def reading_sources(raw: str, separator: str) -> list[Source] | None:
    """The definition: split at separators outside brackets and a URL's parentheses."""
    items, brackets, parens, start = [], 0, 0, 0
    for i, ch in enumerate(raw):
        brackets += (ch == "[") - (ch == "]")
        if brackets == 0:
            parens += (ch == "(") - (ch == ")")
        if ch == separator and brackets == 0 and parens == 0:
            items.append(raw[start:i])
            start = i + 1
    items.append(raw[start:])
    sources = []
    for item in (s.strip() for s in items):
        link = reading_link(item)
        if link:
            sources.append(Source(*link))
        elif item and not any(c in item for c in "[]()<>\n"):
            sources.append(Source(item))
        else:
            return None
    return sources


def reading_link(text: str) -> tuple[str, str] | None:
    """The definition: ``[text](url)``, the text's brackets balanced, the URL's
    parentheses balanced and no whitespace in it."""
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
            parens = [url[:k].count("(") - url[:k].count(")") for k in range(len(url) + 1)]
            if not url or any(c.isspace() for c in url) or min(parens) < 0 or parens[-1]:
                return None
            return text[1:i], url
    return None


@given(TEXT, st.sampled_from(["、", ",", "-", "]", "(", "^", "\\", "ab"]))
@example("[甲](https://a.cn/x_(y)) 、 乙", "、")
@example("[甲](https://a.cn/x)(y)", "、")
@example("[a](b()", "、")
@example("[a](b)c)", "、")
@settings(max_examples=1000)
def test_sources_and_links_read_as_the_definition_reads_them(raw: str, separator: str) -> None:
    assert parse_sources(raw, separator) == reading_sources(raw, separator)
    assert parse_link(raw) == reading_link(raw)
