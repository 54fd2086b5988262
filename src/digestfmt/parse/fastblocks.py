"""The top-level blocks of Markdown text, read from comrak's CommonMark XML.

markdown-it-py's block phase is most of the cost of reading a digest, and the model
needs only top-level blocks and their lines. comrak (the Rust CommonMark + GFM engine,
through the comrak-ext bindings) gives them with source positions several times
faster. They are read from its XML with ``sourcepos``, not from ``parse_document``:
that tree of Python objects costs more to build and is never freed (comrak-ext
0.2.8 leaks it, ~0.35 MiB for a large digest). markdown-it-py stays the reference
(spec §2.2): where the two engines read a construct differently, this module gives
up -- returns None -- and the caller asks markdown-it-py. ``GIVE_UP`` lists those
constructs (docs/engines.md says how each differs); the tests hold every other text
to markdown-it-py's blocks.
"""

from __future__ import annotations

import re

import comrak

from digestfmt.parse.blocks import Block

# Constructs comrak reads otherwise than markdown-it-py, found by a hypothesis
# property: raw HTML other than a comment or autolink (lazy continuation past type-7
# tags), link reference definitions (which lines a definition takes), a ``>`` indented
# 4+ spaces (markdown-it-py still continues a quote there), a line indented 4+ spaces
# in the run of lines after a quoted one (comrak continues a quoted paragraph lazily,
# markdown-it-py starts code), an empty list item followed by a blank line (whether
# the list goes on past more blank lines), a fence indented 4+ spaces (code, or a fence
# outdented from a wide list item) and a lone CR (a line break to both engines,
# not to ``str.split("\n")``). Tables are checked apart.
# Each alternative opens at a line start: the pattern runs over "\n" + text, so the
# search skips to newlines instead of trying every position (8x faster than ^ with M).
GIVE_UP = re.compile(
    r"\n(?:[ >*+\-\d.)]*(?:<(?!!--|[A-Za-z][A-Za-z0-9+.-]{1,31}:)|\[[^\]]*\]:)"
    r"| {4,}(?:>|```|~~~)| {0,3}>.*\n(?:[ \t]*\S.*\n)*? {4,}\S"
    r"|[ >]*(?:[-*+]|\d{1,9}[.)])[ \t]*\r?\n[ \t]*\r?(?:\n|$))"
)
_LONE_CR = re.compile(r"\r(?!\n)")
# A line that may be a table's delimiter row, at any indentation, in any container.
# Searched in "\n" + text, as GIVE_UP is.
_DELIMITER = re.compile(r"\n([ \t>]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?)[|:-][|: \t-]*\r?(?=\n|$)")
# A header row that opens no other block (markdown-it-py tries tables first).
_PLAIN_HEADER = re.compile(r"[^ \t>#*+\-_=`~<\d]")
_KINDS = {
    "heading": "heading",
    "paragraph": "paragraph",
    "block_quote": "blockquote",
    "list": "list",
    "table": "table",
    "thematic_break": "hr",
    "code_block": "code",
    "html_block": "html",
}
# A top-level node of comrak's CommonMark XML (indented two spaces; text inside is
# escaped, so no content line can look like one).
_TOP = re.compile(r'\n  <(\w+) sourcepos="(\d+):\d+-(\d+):\d+"(?: level="(\d)")?')
_RENDER = comrak.RenderOptions(sourcepos=True)
_OPTIONS = comrak.ExtensionOptions(table=True)


def fast_blocks(lines: list[str]) -> list[Block] | None:
    """The blocks markdown-it-py would give (``blocks.top_level_blocks``), or None
    when the text holds a construct the two engines read differently."""
    text = "\n".join(lines)
    if (GIVE_UP.search("\n" + text) or ("\r" in text and _LONE_CR.search(text))
            or not _plain_tables(text, lines)):
        return None
    return engine_blocks(text, lines)


# Where comrak reads a long text in parts: past this many characters, at the next
# line that surely opens a top-level block (see ``_cut``). The XML of a part, with a
# source position on every node, is some 7 characters a character of Markdown, 4 bytes
# each once a digest holds an emoji: read whole, 8 MB of text took 450 MB at once.
PART = 65_536
# An ATX heading at column 0: it closes every open list, quote and paragraph, so only
# a top-level fence or HTML block that is still open can take it in.
_OPENS_BLOCK = re.compile(r"#{1,6}(?: |$)")


def engine_blocks(text: str, lines: list[str], part: int = PART) -> list[Block]:
    """comrak's top-level blocks, as ``blocks.top_level_blocks`` shapes them, whether
    or not markdown-it-py would agree. No line is left uncovered: markdown-it-py
    leaves only link reference definitions so, and ``fast_blocks`` gives up on those.

    A text longer than ``part`` is read a part at a time, each cut before a heading
    after a blank line; a part whose last block is a fence or HTML (which may run on
    past the cut) is read again with the next part added to it."""
    if len(text) <= part:
        return _part_blocks(text, lines, 0)
    blocks: list[Block] = []
    start = 0
    while start < len(lines):
        end = _cut(lines, start, part)
        found = _part_blocks("\n".join(lines[start:end]), lines, start)
        while end < len(lines) and found and found[-1].kind in ("code", "html"):
            end = _cut(lines, end, part)
            found = _part_blocks("\n".join(lines[start:end]), lines, start)
        blocks += found
        start = end
    return blocks


def _cut(lines: list[str], start: int, part: int) -> int:
    """The line to end a part that starts at ``start``: the first heading at column 0
    after a blank line once the part holds ``part`` characters (else the end)."""
    size, index = 0, start
    while index < len(lines) and size < part:
        size += len(lines[index]) + 1
        index += 1
    while index < len(lines) and (lines[index - 1].strip(" \t")
                                  or not _OPENS_BLOCK.match(lines[index])):
        index += 1
    return index


def _part_blocks(text: str, lines: list[str], offset: int) -> list[Block]:
    """The top-level blocks of ``text``, lines ``offset`` on of ``lines``."""
    blocks: list[Block] = []
    # with a final line feed: without one, comrak reads a last line "1." as a paragraph
    # (markdown-it-py, and comrak given the line feed: an empty list item)
    xml = comrak.markdown_to_xml(text + "\n", _OPTIONS, None, _RENDER)
    for m in _TOP.finditer(xml):
        name, first, last, level = m.groups()
        kind = _KINDS[name]
        start, end = int(first) - 1 + offset, int(last) + offset
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1  # comrak counts trailing whitespace-only lines in
        if kind == "heading":
            if end - start > 1:  # one line: its lines, each trimmed, joined by a space
                content = " ".join(line.strip() for line in lines[start:end - 1]).strip()
            else:
                content = _heading_content(lines[start].lstrip(" "), int(level))
            blocks.append(Block(kind, start, end, int(level), content))
        else:
            blocks.append(Block(kind, start, end))
    return blocks


def _plain_tables(text: str, lines: list[str]) -> bool:
    """Whether every table-like pair of lines opens a top-level table after a blank
    line, with pipes in both rows and a header that opens no other block: the GFM and
    markdown-it-py table rules differ on rows without a pipe, on a header that is a
    heading or list item, on tables interrupting a paragraph and in containers."""
    if "|" not in text:
        return True
    text = "\n" + text
    j = offset = 0
    for match in _DELIMITER.finditer(text):
        j += text.count("\n", offset, match.start())  # the line the match is on
        offset = match.start()
        if j == 0 or ("|" not in match[0] and "|" not in lines[j - 1]):
            continue
        header = lines[j - 1]
        if (match[1] or "|" not in match[0] or "|" not in header
                or not _PLAIN_HEADER.match(header) or (j > 1 and lines[j - 2].strip())):
            return False
    return True


def _heading_content(text: str, level: int) -> str:
    """An ATX heading's text as markdown-it-py takes it: closing #s dropped, trimmed."""
    rest = text[level:].rstrip(" \t")
    stripped = rest.rstrip("#")
    if len(stripped) < len(rest) and (not stripped or stripped.endswith(" ")):
        rest = stripped
    return rest.strip()
