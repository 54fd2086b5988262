"""Where Markdown text holds code blocks and hard line breaks, cheaply and exactly.

Rules that look inside bodies skip code (``code_rows``) and leave hard breaks
alone (``hard_breaks``). markdown-it-py's block phase answers both exactly but
costs as much as reading the whole digest, so each question first runs a
pre-check that can only say "certainly none" (most bodies and files: no fence
markers, no ``<`` opening a line, no line indented four spaces where a block may
start, no tabs) and asks markdown-it only when the text *could* hold one. The
pre-checks are conservative by construction: a false "maybe" costs time, a
false "none" would be a bug, and tests/lint/test_fast_path.py holds them to the
oracle. ``oracle()`` switches the pre-checks off (always ask markdown-it), which
is how the tests compare the two paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

_FORCE_ORACLE = False

# Container markup a line may open with: indentation, ``>``, bullets, ``1.``/``1)``.
# Deliberately loose (a marker need not be followed by a space here).
_PREFIX = re.compile(r"[ ]*(?:(?:>|[-+*]|\d{1,9}[.)])[ ]*)*")
# A line whose content, after container markup, opens with ``<``: an HTML block may start.
_HTML_START = re.compile(r"^[ >*+\-\d.)]*<", re.M)
# A table delimiter row (``|---|:-:``), in any container.
_DELIMITER = re.compile(r"^[ >*+\-\d.)]*[|:\-][|:\- ]*$", re.M)
# What a paragraph's line cannot start with (after container markup): block starts,
# table rows, reference definitions.
_NOT_TEXT = frozenset("#>|<`~[")
_RULE_CHARS = frozenset("-*_=+ ")
# Container markers strictly (a marker is followed by a space or ends the line).
_MARKERS = re.compile(r"(?:[ ]*(?:>|[-+*](?=[ ]|$)|\d{1,9}[.)](?=[ ]|$)))*[ ]*")


@contextmanager
def oracle() -> Iterator[None]:
    """Within this block, always ask markdown-it (the pre-checks are bypassed)."""
    global _FORCE_ORACLE
    saved, _FORCE_ORACLE = _FORCE_ORACLE, True
    try:
        yield
    finally:
        _FORCE_ORACLE = saved


def oracle_forced() -> bool:
    return _FORCE_ORACLE


# -- code blocks -----------------------------------------------------------------


def code_rows(text: str) -> frozenset[int]:
    """Rows (0-based, of ``text``) inside fenced or indented code blocks or HTML blocks."""
    if not _FORCE_ORACLE and not may_hold_code(text):
        return frozenset()
    return code_rows_oracle(text)


def code_rows_oracle(text: str) -> frozenset[int]:
    from digestfmt.parse.blocks import block_parser

    rows: set[int] = set()
    for token in block_parser().parse(text):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            rows.update(range(*token.map))
    return frozenset(rows)


def may_hold_code(text: str) -> bool:
    """False only when markdown-it finds no fence, indented code or HTML block in ``text``.

    A fence needs three backticks or tildes; an HTML block a ``<`` opening a line's
    content; indented code four spaces of indentation (after any container markup)
    on a line that does not continue an open paragraph, because indented code cannot
    interrupt one. Tabs, carriage returns (markdown-it counts rows differently) and
    link reference definitions (``]:``, whose lines are not paragraph text) are left
    to markdown-it.
    """
    if ("```" in text or "~~~" in text or "\t" in text or "\r" in text or "]:" in text
            or _HTML_START.search(text)):
        return True
    if "    " not in text:
        return False
    table = "|" in text and _DELIMITER.search(text) is not None
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "    " not in line:
            continue
        prefix = _PREFIX.match(line)
        assert prefix is not None
        region = prefix.group()
        if "    " not in region:
            continue
        # Four spaces after a container marker (``-     x``, ``>     x``) open code in
        # the new container. Four spaces of the line's own indentation do too, unless
        # the line before leaves a paragraph open: indented code cannot interrupt a
        # paragraph, so the line continues it (lazily or not), or, when it opens a
        # list item or quote with less relative indentation, holds no code either.
        if "    " in region.lstrip(" "):
            return True
        if table or i == 0 or not _open_paragraph(lines[i - 1]):
            return True
    return False


def _open_paragraph(line: str) -> bool:
    """Whether ``line`` is paragraph text (so a paragraph is open after it).

    Called only on lines of a text with no HTML, fences, tabs, tables or reference
    definitions, and (the caller goes in order) on a line that is not indented code.
    """
    if not line.strip() or "|" in line:
        return False
    markers = _MARKERS.match(line)
    assert markers is not None
    content = line[markers.end():]
    if not content or content[0] in _NOT_TEXT:
        return False
    # Not a thematic break or a setext underline either.
    return not (content[0] in _RULE_CHARS and set(content) <= _RULE_CHARS)


# -- hard line breaks ------------------------------------------------------------


def hard_breaks(lines: Sequence[str]) -> frozenset[int]:
    """0-based lines whose trailing (2+) spaces break the line inside a paragraph.

    Only a line ending in two spaces with a non-blank line after it can be one; the
    paragraphs are then found from the top-level blocks (a line pair inside a
    top-level paragraph is one; inside a list or quote, markdown-it reads that block
    alone; elsewhere there is no paragraph).
    """
    candidates = [i for i in range(len(lines) - 1)
                  if lines[i].endswith("  ") and lines[i + 1].strip()]
    if not candidates:
        return frozenset()
    if _FORCE_ORACLE:
        return hard_breaks_oracle(lines)
    from digestfmt.parse.fastblocks import fast_blocks

    blocks = fast_blocks(list(lines))
    if blocks is None:
        return hard_breaks_oracle(lines)
    found: set[int] = set()
    inner: dict[int, frozenset[int]] = {}  # container block -> its breaks, read once
    at = 0
    for i in candidates:
        while at < len(blocks) and blocks[at].end <= i + 1:
            at += 1  # the first block that could hold lines i and i + 1
        if at == len(blocks) or blocks[at].start > i:
            continue
        block = blocks[at]
        if block.kind == "paragraph":
            found.add(i)
        elif block.kind in ("list", "blockquote"):
            if at not in inner:
                inner[at] = frozenset(block.start + j for j in
                                      hard_breaks_oracle(lines[block.start:block.end]))
            if i in inner[at]:
                found.add(i)
    return frozenset(found)


def hard_breaks_oracle(lines: Sequence[str]) -> frozenset[int]:
    from digestfmt.parse.blocks import block_parser

    found: set[int] = set()
    for token in block_parser().parse("\n".join(lines)):
        if token.type == "paragraph_open" and token.map:
            start, end = token.map
            found.update(i for i in range(start, end - 1)
                         if lines[i].endswith("  ") and lines[i + 1].strip())
    return frozenset(found)
