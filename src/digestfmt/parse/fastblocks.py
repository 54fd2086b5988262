"""A line scanner for the top-level blocks of the Markdown digests are written in.

markdown-it-py's block phase is most of the cost of reading a digest, and the
model needs only top-level blocks and their lines. This scanner handles the
subset real digests use (ATX headings, paragraphs, plain blockquotes, lists,
rules, fenced and indented code, HTML comments) and gives up -- returns None --
on anything it does not model exactly (tabs, setext headings, tables, other raw
HTML, link reference definitions, fences or HTML inside lists or quotes); the
caller then asks markdown-it, which is also the oracle the tests compare this
scanner with.
"""

from __future__ import annotations

import re

from digestfmt.parse.blocks import Block

_ATX = re.compile(r"(#{1,6})(?:[ \t]|$)")
_HR = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)$")
_BULLET = re.compile(r"([-+*])(?: +|$)")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?: +|$)")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:")
_SETEXT = re.compile(r"(?:=+|-+)[ ]*$")
_HEADER_CELL = re.compile(r":?-+:?")
_REFERENCE = re.compile(r"\[[^\]]*\]:")
# Text that starts no block: its first character opens no heading, rule, fence,
# quote, HTML or list item (``**bold**`` neither: ``*`` needs a space or more ``*``).
_PLAIN = re.compile(r"[^#*\-_`~><+0-9 \t]|\*\*[^*\s]")


class GiveUp(Exception):
    """The text uses Markdown this scanner does not model exactly."""


def fast_blocks(lines: list[str]) -> list[Block] | None:
    try:
        scanner = _Scanner(lines)
        blocks = scanner.blocks()
    except GiveUp:
        return None
    return [scanner.trimmed(b) for b in blocks]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    return not line.strip()


_MARKUP_PREFIX = re.compile(r"[ >*+\-_=#~`\d.)]*")


class _Scanner:
    def __init__(self, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            prefix = _MARKUP_PREFIX.match(line) if "]:" in line else None
            if prefix is not None and _REFERENCE.match(line, prefix.end()):
                # A definition is no paragraph: which lines go on lazily after one, in a
                # quote or an item, is markdown-it's to say (no real digest has one).
                raise GiveUp("link reference definition")
            if "\t" not in line:
                continue
            prefix = _MARKUP_PREFIX.match(line)  # a tab matters in indentation or markup
            if prefix is not None and "\t" in line[:prefix.end() + 1]:
                raise GiveUp("tab in indentation or markup")
            if "|" in line or (i and "|" in lines[i - 1]):
                raise GiveUp("tab in what may be a table row")
        self.lines = lines
        # Each line's indentation and blankness, worked out once: most lines are asked
        # about both several times (block starts, list items, lazy continuations).
        self.indent = [len(line) - len(line.lstrip(" ")) for line in lines]
        self.blank = [not line.strip() for line in lines]

    def trimmed(self, block: Block) -> Block:
        """Without trailing blank lines, as blocks.top_level_blocks gives them."""
        end = block.end
        while end > block.start + 1 and self.blank[end - 1]:
            end -= 1
        return block if end == block.end else Block(block.kind, block.start, end, block.level,
                                                      block.content)

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        i, n = 0, len(self.lines)
        while i < n:
            if self.blank[i]:
                i += 1
                continue
            indent = self.indent[i]
            if indent >= 4:
                block, i = self._indented_code(i)
            else:
                block, i = self._block(i, self.lines[i][indent:])
            out.append(block)
        return out

    # -- one block starting at line i ------------------------------------------

    def _block(self, i: int, text: str) -> tuple[Block, int]:
        if _table_at(self.lines, i):
            return self._table(i)
        if m := _ATX.match(text):
            return Block("heading", i, i + 1, len(m[1]), _heading_content(text, len(m[1]))), i + 1
        if _HR.match(text):
            return Block("hr", i, i + 1), i + 1
        if _is_fence(text):
            m = _FENCE.match(text)
            assert m is not None
            return self._fence(i, m)
        if text.startswith("<") and not _AUTOLINK.match(text):
            if text.startswith("<!--"):
                return self._comment(i)
            raise GiveUp("raw HTML block")
        if text.startswith(">"):
            return self._quote(i)
        if _list_marker(text):
            return self._list(i)
        return self._paragraph(i)

    def _table(self, i: int) -> tuple[Block, int]:
        j = i + 2
        while j < len(self.lines):
            if self.blank[j] or self.indent[j] >= 4 or _interrupts(self.lines[j], any_list=True):
                break
            j += 1
        return Block("table", i, j), j

    def _indented_code(self, i: int) -> tuple[Block, int]:
        end = j = i + 1
        while j < len(self.lines) and (self.blank[j] or self.indent[j] >= 4):
            if not self.blank[j]:
                end = j + 1
            j += 1
        return Block("code", i, end), end

    def _fence(self, i: int, opening: re.Match[str]) -> tuple[Block, int]:
        marker = opening[1]
        closing = re.compile(re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ ]*$")
        for j in range(i + 1, len(self.lines)):
            if self.indent[j] < 4 and closing.match(self.lines[j], self.indent[j]):
                return Block("code", i, j + 1), j + 1
        return Block("code", i, len(self.lines)), len(self.lines)

    def _comment(self, i: int) -> tuple[Block, int]:
        for j in range(i, len(self.lines)):
            if "-->" in (self.lines[j][self.lines[j].index("<!--") + 4:] if j == i
                         else self.lines[j]):
                return Block("html", i, j + 1), j + 1
        return Block("html", i, len(self.lines)), len(self.lines)

    def _quote(self, i: int) -> tuple[Block, int]:
        open_paragraph = False
        j = i
        while j < len(self.lines):
            line = self.lines[j]
            text = line.lstrip(" ")
            if _table_at(self.lines, j) or (j > i and _table_at(self.lines, j - 1)):
                raise GiveUp("table inside or next to a blockquote")
            if text.startswith(">"):  # markdown-it continues a quote at any indentation
                inner = text[1:]
                inner = inner[1:] if inner.startswith(" ") else inner
                if "|" in inner and j + 1 < len(self.lines) and "-" in self.lines[j + 1] \
                        and set(self.lines[j + 1].strip()) <= set("|-: >"):
                    raise GiveUp("table inside a blockquote")
                if _blank(inner):
                    open_paragraph = False
                elif _starts_block(inner.lstrip(" ")) or _indent(inner) >= 4:
                    if not _ATX.match(inner.lstrip(" ")):
                        raise GiveUp("nested block inside a blockquote")
                    open_paragraph = False
                else:
                    if open_paragraph and _SETEXT.match(inner.lstrip(" ")):
                        raise GiveUp("setext heading inside a blockquote")
                    open_paragraph = True
            elif open_paragraph and not self.blank[j] and not _interrupts(line, any_list=True):
                pass  # lazy continuation of the quoted paragraph
            else:
                break
            j += 1
        return Block("blockquote", i, j), j

    def _list(self, i: int) -> tuple[Block, int]:
        """A top-level list: its extent is all the model needs.

        Lines indented to the item's content column stay in the list whatever they
        hold; what else may stay is decided by whether a paragraph is open (lazy
        continuation) and by list markers. The paragraph state is True, False, or
        None when nested items make it depend on columns this scanner does not
        track; None is fine until a line's fate depends on it, which gives up.
        """
        kind = _list_marker(self.lines[i][self.indent[i]:])
        assert kind is not None
        paragraph: bool | None  # None: open or closed, depending on columns not tracked
        width, paragraph, nested = self._item(i)  # nested: an inner item may be open
        paragraph_nested = nested  # the open paragraph may sit in such an item
        end = j = i + 1
        previous_blank = False
        while j < len(self.lines):
            line = self.lines[j]
            if self.blank[j]:
                previous_blank = True
                paragraph = False
                j += 1
                continue
            if "|" in line and (_table_at(self.lines, j) or _table_at(self.lines, j - 1)
                                or _looks_like_table(self.lines, j)
                                or _looks_like_table(self.lines, j - 1)):
                raise GiveUp("table inside a list")
            indent = self.indent[j]
            text = line[indent:]
            if indent >= width:
                inner, stripped = line[width:], text
                if _is_fence(stripped) or stripped.startswith((">", "<")):
                    raise GiveUp("fence, quote or HTML inside a list item")
                if paragraph is not False and _SETEXT.match(stripped):
                    raise GiveUp("setext underline inside a list item")
                if indent - width >= 4:
                    # Code in the item, or the open paragraph continued; but relative
                    # to a nested item it may be text or a block of its own.
                    if (paragraph is False and nested) or \
                            (paragraph and paragraph_nested and _starts_block(stripped)):
                        paragraph = None
                else:
                    marker = _list_marker(stripped) if not _HR.match(stripped) else None
                    if marker and not _interrupts(inner):  # empty item, or numbered from 2
                        if paragraph is None or (paragraph and paragraph_nested):
                            paragraph = None  # a new item, or text of the open paragraph
                        elif not paragraph:
                            paragraph, _ = _opens_paragraph(stripped)
                            nested = paragraph_nested = True
                    elif marker or _starts_block(stripped):
                        paragraph, _ = _opens_paragraph(stripped)
                        if marker:
                            nested = True
                        paragraph_nested = nested
                    elif paragraph is not True:  # plain text: continued or a new paragraph
                        paragraph = True
                        paragraph_nested = nested
            elif indent < 4 and (marker := _list_marker(text)) and not _HR.match(text):
                if marker != kind:
                    break  # any list marker ends the item; another kind ends the list
                width, paragraph, nested = self._item(j)
                paragraph_nested = nested
            elif previous_blank or _interrupts(line):
                break
            elif indent >= 4 and _starts_block(text):
                raise GiveUp("a block start outdented from a wide list item")
            elif paragraph is None:
                raise GiveUp("lazy line after a paragraph that may be closed")
            elif paragraph:
                if _SETEXT.match(text) or _HR.match(text):
                    raise GiveUp("underline after a list paragraph")
                # otherwise a lazy continuation of the item's paragraph
            else:
                break
            previous_blank = False
            end = j + 1
            j += 1
        return Block("list", i, end), end

    def _item(self, i: int) -> tuple[int, bool, bool]:
        """A list item opening at line ``i``: its content column, whether it leaves a
        paragraph open, and whether it opens an inner item too (``- - text``)."""
        line, indent = self.lines[i], self.indent[i]
        width = _content_indent(line, indent)
        content = line[width:].lstrip(" ") if len(line) > width else ""
        if _is_fence(content) or content.startswith((">", "<")):
            raise GiveUp("fence, quote or HTML inside a list item")
        paragraph, markers = _opens_paragraph(line[indent:])
        if not paragraph and i + 1 < len(self.lines) and self.blank[i + 1]:
            raise GiveUp("list item starting with a blank line")
        return width, paragraph, markers > 1

    def _paragraph(self, i: int) -> tuple[Block, int]:
        j = i + 1
        while j < len(self.lines):
            if self.blank[j]:
                break
            line = self.lines[j]
            text = line[self.indent[j]:]
            if self.indent[j] < 4:
                if _SETEXT.match(text):
                    raise GiveUp("setext heading")
                if _table_at(self.lines, j) or _interrupts(line):
                    break
            j += 1
        return Block("paragraph", i, j), j


def _table_at(lines: list[str], i: int) -> bool:
    """Whether a GFM table starts at line ``i``: markdown-it-py's table rule, exactly."""
    if i + 2 > len(lines) or "|" not in lines[i] or _indent(lines[i]) >= 4:
        return False
    delimiter = lines[i + 1]
    if _indent(delimiter) >= 4:
        return False
    row = delimiter.lstrip(" ")
    if len(row) < 2 or row[0] not in "|-:" or (row[1] not in "|-: " or (row[0] == "-"
                                                                     and row[1] == " ")):
        return False
    if any(ch not in "|-: " for ch in row[2:]):
        return False
    cells = row.split("|")
    aligns = 0
    for index, cell in enumerate(cells):
        cell = cell.strip()
        if not cell:
            if index in (0, len(cells) - 1):
                continue
            return False
        if not _HEADER_CELL.fullmatch(cell):
            return False
        aligns += 1
    columns = _escaped_split(lines[i].strip())
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return bool(columns) and len(columns) == aligns


def _looks_like_table(lines: list[str], i: int) -> bool:
    """A delimiter-like row after a line with a pipe, at any indentation."""
    return i + 1 < len(lines) and "|" in lines[i + 1] and set(lines[i + 1].strip()) <= set("|-: ")


def _escaped_split(text: str) -> list[str]:
    """Cells split at pipes not escaped by a backslash (markdown-it's escapedSplit)."""
    cells, current, escaped = [], "", False
    for ch in text:
        if ch == "|" and not escaped:
            cells.append(current)
            current = ""
        elif ch == "|":
            current = current[:-1] + ch
        else:
            current += ch
        escaped = ch == "\\"
    cells.append(current)
    return cells


def _heading_content(text: str, level: int) -> str:
    """The heading text as markdown-it-py takes it: closing #s dropped, trimmed."""
    rest = text[level:].rstrip(" \t")
    stripped = rest.rstrip("#")
    if len(stripped) < len(rest) and (not stripped or stripped.endswith(" ")):
        rest = stripped
    return rest.strip()


def _list_marker(text: str) -> tuple[str, str] | None:
    """("bullet", "-") or ("ordered", ".") for a list item line, else None."""
    if _PLAIN.match(text):
        return None
    if m := _BULLET.match(text):
        return "bullet", m[1]
    if m := _ORDERED.match(text):
        return "ordered", m[2]
    return None


def _content_indent(line: str, indent: int) -> int:
    """Column where a list item's content starts (CommonMark's W + N rule); ``indent``:
    the line's indentation."""
    text = line[indent:]
    m = _BULLET.match(text) or _ORDERED.match(text)
    assert m is not None
    marker = len(m.group(0).rstrip(" "))
    spaces = len(m.group(0)) - marker
    if spaces == 0 or spaces > 4 or not text[m.end():]:
        return indent + marker + 1
    return indent + marker + spaces


def _is_fence(text: str) -> bool:
    if not text.startswith(("`", "~")):
        return False
    m = _FENCE.match(text)
    return bool(m) and not (m is not None and m[1][0] == "`" and "`" in m[2])


def _opens_paragraph(text: str) -> tuple[bool, int]:
    """Whether a line of a list item (``text``: from its first non-space character,
    less than 4 columns into its container) leaves a paragraph open, following list
    markers (``- - text``) down to the content; also how many markers it opens.
    Items opening with indented code, a fence, a quote or HTML are not modelled."""
    markers = 0
    if _PLAIN.match(text):
        return True, markers
    while not _HR.match(text) and (m := _BULLET.match(text) or _ORDERED.match(text)):
        rest = text[m.end():]
        markers += 1
        if not rest:
            return False, markers  # an empty item
        if len(m[0]) - len(m[0].rstrip(" ")) > 4:
            raise GiveUp("indented code opening a list item")
        text = rest
        if _PLAIN.match(text):
            return True, markers
    if markers and (_is_fence(text) or text.startswith((">", "<"))):
        raise GiveUp("fence, quote or HTML inside a list item")
    return not _starts_block(text), markers


def _starts_block(text: str) -> bool:
    if _PLAIN.match(text):
        return False
    return bool(_ATX.match(text) or _HR.match(text) or _is_fence(text)
                or text.startswith((">", "<")) or _list_marker(text))


def _interrupts(line: str, any_list: bool = False) -> bool:
    """Whether a line ends a paragraph that it follows (CommonMark's interruptions).

    At the top level only a non-empty bullet or an ordered item numbered 1 may
    interrupt a paragraph; after a quoted paragraph (``any_list``) any item does.
    """
    text = line.lstrip(" ")
    if len(line) - len(text) >= 4 or _PLAIN.match(text):
        return False
    if _ATX.match(text) or _HR.match(text) or _is_fence(text) or text.startswith(">"):
        return True
    if text.startswith("<") and not _AUTOLINK.match(text):
        if text.startswith("<!--"):
            return True
        raise GiveUp("raw HTML next to a paragraph")
    if m := _BULLET.match(text):
        return any_list or bool(text[m.end():].strip())
    if m := _ORDERED.match(text):
        return any_list or (m[1] == "1" and bool(text[m.end():].strip()))
    return False
