"""The CommonMark block structure of a text: what a reader sees, without the words.

Spec §6.1: ``fmt`` keeps it. markdown-it-py (CommonMark, GFM tables, raw HTML)
parses the text; the tree keeps every block token's tag and nesting -- paragraphs
(and whether a list shows them tight), lists and items, headings by level,
quotes, tables, code, thematic breaks, HTML blocks -- and drops inline content.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from markdown_it import MarkdownIt

Tree = list[tuple[str, Any]]


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def block_tree(text: str) -> Tree:
    root: Tree = []
    stack = [root]
    for token in _parser().parse(text):
        if token.type == "inline":
            continue
        name = token.tag or token.type
        if token.type == "paragraph_open" and token.hidden:
            name = "p (tight)"
        if token.nesting == 1:
            children: Tree = []
            stack[-1].append((name, children))
            stack.append(children)
        elif token.nesting == -1:
            stack.pop()
        else:
            stack[-1].append((name, []))
    return root
