"""Markdown text -> the document's top-level blocks, with line ranges.

The digest model only needs top-level block structure (headings, paragraphs,
blockquotes, lists, rules, ...) and the lines each covers; inline Markdown inside
field values and bodies is kept as source text. So markdown-it-py runs its block
phase only, which is the expensive half it can skip. This module is the single
place that turns tokens into blocks, and the oracle of the faster engine
(parse.fastblocks, comrak) that reads most digests instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "blockquote_open": "blockquote",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "hr": "hr",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
}


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # heading | paragraph | blockquote | list | table | hr | code | html | reference
    start: int  # first line, 0-based
    end: int  # line after the last non-blank line, 0-based, exclusive
    level: int = 0  # heading level
    content: str = ""  # heading text (inline source, stripped)


@cache
def block_parser() -> MarkdownIt:
    """CommonMark + GFM tables, raw HTML recognised, inline phase switched off.

    markdown-it-py is imported here, on first use: the engine
    (parse.fastblocks, comrak) reads most digests without it, so a one-file lint does not
    pay for importing it.
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.disable(["inline", "text_join"])
    return md


def top_level_blocks(text: str, lines: list[str]) -> list[Block]:
    tokens = block_parser().parse(text)
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = _KINDS.get(token.type)
        if token.level != 0 or kind is None or token.map is None:
            i += 1
            continue
        start, end = token.map
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        if kind == "heading":
            # A setext heading may span lines; as a heading it is one line (spec §2.2).
            content = " ".join(part.strip() for part in tokens[i + 1].content.split("\n"))
            blocks.append(Block(kind, start, end, int(token.tag[1]), content.strip()))
        else:
            blocks.append(Block(kind, start, end))
        i += 1
    return _with_uncovered(blocks, lines)


def _with_uncovered(blocks: list[Block], lines: list[str]) -> list[Block]:
    """Add blocks for non-blank lines no token covers (link reference definitions).

    markdown-it consumes ``[label]: url`` lines without emitting a token; the
    model keeps every line, so they become blocks of their own kind.
    """
    out: list[Block] = []
    line = 0
    for block in [*blocks, Block("end", len(lines), len(lines))]:
        gap = line
        while gap < block.start:
            if lines[gap].strip():
                end = gap
                while end < block.start and lines[end].strip():
                    end += 1
                out.append(Block("reference", gap, end))
                gap = end
            else:
                gap += 1
        if block.kind != "end":
            out.append(block)
            line = max(line, block.end)
    return out
