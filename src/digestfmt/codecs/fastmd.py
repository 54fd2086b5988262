"""A fast renderer for the Markdown subset card bodies are written in.

Rendering bodies through markdown-it-py and then nh3 was most of the cost of a
page or a book. This module renders the subset the digests use -- paragraphs,
ATX headings, pipe tables, tight lists (nested, bullet or ordered), and inline
text with ``*``/``_`` emphasis (CJK-friendly, as ``codecs/cjk.py`` amends it),
code spans, backslash escapes and inline links to http(s) URLs -- straight to
the HTML that ``render.block_html`` / ``inline_html`` give, i.e. markdown-it's
output as nh3 re-serialises it. It gives up (returns None) on anything it does
not model exactly: tabs, carriage returns, raw HTML and autolinks (``<``),
entities, strikethrough, images, reference definitions, quotes, code blocks,
rules, loose lists, lazy continuation lines, unusual tables or link targets.
The caller then asks markdown-it-py and nh3, which stay the reference;
tests/codecs/test_fastmd.py holds the two to byte-identical output.

The inline phase mirrors markdown-it's token stream (one token per delimiter
character, the delimiter pairing, the joining of text tokens), because the CJK
soft-break rule looks at neighbouring tokens' contents. Two shortcuts skip it
where it cannot matter: a line whose only markup is ``**`` pairs, and a link
target that needs no unescaping or normalising.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import isMdAsciiPunct
from markdown_it.helpers import parseLinkDestination, parseLinkTitle

from digestfmt.codecs.cjk import joins, scan_delims


class _GiveUp(Exception):
    """The text uses Markdown this renderer does not model exactly."""


# Characters an inline rule acts on; every other character is text.
_SPECIAL = re.compile(r"[\n\\`*_\[!<&~]")
# What markdown-it rewrites before parsing (CR LF, NUL).
_UNREAD = re.compile("[\r\x00]")
_SPECIAL_BUT_STAR = re.compile(r"[\n\\`_\[!<&~]")
_STARS = re.compile(r"\*+")
# A host any URL parser reads as a domain: dot-separated labels, an alphabetic top-level
# label (so not an IPv4 address), no IDNA "xn--" label to validate.
# A host mdurl keeps: no punycode, at most 255 characters (a longer one it drops).
_HOST = (r"(?![^/?#]*xn--)(?=[a-z0-9.-]{1,255}(?![a-z0-9.-]))"
         r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}")
# Link targets nh3 passes through untouched: http(s), a plain host, ASCII URL characters.
_SIMPLE_URL = re.compile(f"https?://{_HOST}" + r"(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?")
# A link label up to its "]", unless a nested "[" or a token that could hide one comes first.
_LABEL = re.compile(r"[^\]\[`<\\]*")
# Link destinations that markdown-it takes as they are (nothing to unescape, decode or
# percent-encode) and nh3 passes through: parsed here directly.
PLAIN_DESTINATION = f"https?://{_HOST}" + r"(?:[/?#][A-Za-z0-9\-._~:/?#@!$'*+,;=]*)?"
_PLAIN_DEST = re.compile(PLAIN_DESTINATION)
_BULLET = re.compile(r"([-+*])( {1,4})(?=[^ ])")
_ORDERED = re.compile(r"([0-9]{1,9})([.)])( {1,4})(?=[^ ])")
# A marker with nothing, or with five or more spaces, after it (empty items, code).
_ODD_ITEM = re.compile(r"(?:[-+*]|[0-9]{1,9}[.)])(?: *$| {5})")
# Lines that may be rules or setext underlines, ATX headings, fences.
_RULE_LIKE = re.compile(r"[-*_+= ]+$")
_ATX = re.compile(r"#{1,6}(?: |$)")
_HEADING = re.compile(r"(#{1,6}) +(.*[^# ]) *$")
_ODD_EDGE = re.compile(r"^ *[^\S\n ]|[^\S\n ] *$", re.M)
_TABLE_ROW = re.compile(r"\|.*\| *$")
_DELIMITER_ROW = re.compile(r"\|(?: *:?-+:? *\|)+ *$")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\xa0": "&nbsp;"})
_TEXT_SPECIAL = re.compile("[&<>\xa0]")
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", '"': "&quot;", "\xa0": "&nbsp;"})
_OPEN_TAGS = {"strong_open": "<strong>", "strong_close": "</strong>", "em_open": "<em>",
              "em_close": "</em>", "link_close": "</a>", "hardbreak": "<br>\n"}


# -- inline ----------------------------------------------------------------------------


class _Delim:
    __slots__ = ("close", "end", "length", "marker", "open", "token")

    def __init__(self, marker: str, length: int, token: int, can_open: bool,
                 can_close: bool) -> None:
        self.marker, self.length, self.token = marker, length, token
        self.end, self.open, self.close = -1, can_open, can_close


class _Inline:
    """One inline source tokenised as markdown-it would: [type, content, href, title]."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.tokens: list[list[str]] = []
        if not _SPECIAL.search(src):  # plain text, the common case
            if src:
                self.tokens.append(["text", src, "", ""])
            return
        self.lists: list[list[_Delim]] = []
        self.pending: list[str] = []
        self.last_runs: dict[int, int] | None = None
        self.last_close = src.rfind("]")  # a "[" after it cannot open a link
        self.tokenize(0, len(src))
        for delims in self.lists:
            if delims:
                _balance(delims)
                _emphasis(self.tokens, delims)
        self.tokens = _joined(self.tokens)

    def push(self, kind: str, content: str = "", href: str = "", title: str = "") -> None:
        self.push_pending()
        self.tokens.append([kind, content, href, title])

    def push_pending(self) -> None:
        if self.pending:
            if text := "".join(self.pending):
                self.tokens.append(["text", text, "", ""])
            self.pending = []

    def tokenize(self, pos: int, end: int) -> None:
        src = self.src
        delims: list[_Delim] = []
        self.lists.append(delims)
        while pos < end:
            m = _SPECIAL.search(src, pos, end)
            if m is None:
                self.pending.append(src[pos:end])
                break
            k = m.start()
            if k > pos:
                self.pending.append(src[pos:k])
            ch = src[k]
            if ch == "\n":
                pos = self.newline(k, end)
            elif ch == "\\":
                pos = self.escape(k, end)
            elif ch == "`":
                pos = self.backticks(k, end)
            elif ch in "*_":
                can_open, can_close, length = scan_delims(src, k, end, ch == "*")
                self.push_pending()
                tokens = self.tokens
                for _ in range(length):
                    tokens.append(["text", ch, "", ""])
                    delims.append(_Delim(ch, length, len(tokens) - 1, can_open, can_close))
                pos = k + length
            elif ch == "[":
                pos = self.link(k, end)
            elif ch == "!":
                if k + 1 < end and src[k + 1] == "[":
                    raise _GiveUp  # an image
                self.pending.append("!")
                pos = k + 1
            elif ch == "&":
                if k + 1 < end and (src[k + 1] == "#" or src[k + 1].isalnum()):
                    raise _GiveUp  # maybe an entity
                self.pending.append("&")
                pos = k + 1
            else:  # "<" (autolinks, HTML) and "~" (strikethrough)
                raise _GiveUp
        self.push_pending()

    def newline(self, k: int, end: int) -> int:
        text = "".join(self.pending)
        if text.endswith("  "):
            self.pending = [text.rstrip(" ")]
            self.push("hardbreak")
        else:
            self.pending = [text[:-1] if text.endswith(" ") else text]
            self.push("softbreak")
        return _skip_spaces(self.src, k + 1, end)

    def escape(self, k: int, end: int) -> int:
        if k + 1 >= end:
            self.pending.append("\\")
            return k + 1
        ch = self.src[k + 1]
        if ch == "\n":
            self.push("hardbreak")
            return _skip_spaces(self.src, k + 2, end)
        self.push("text_special", ch if isMdAsciiPunct(ord(ch)) else "\\" + ch)
        return k + 2

    def backticks(self, k: int, end: int) -> int:
        src = self.src
        pos = k + 1
        while pos < end and src[pos] == "`":
            pos += 1
        length = pos - k
        if self.last_runs is None:
            self.last_runs = _last_runs(src)
        if self.last_runs.get(length, -1) >= pos:
            match_end = pos
            while (match_start := src.find("`", match_end)) != -1 and match_start < end:
                match_end = match_start + 1
                while match_end < len(src) and src[match_end] == "`":
                    match_end += 1
                if match_end > end:
                    break
                if match_end - match_start == length:
                    content = src[pos:match_start].replace("\n", " ")
                    if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
                        content = content[1:-1]
                    self.push("code_inline", content)
                    return match_end
        self.pending.append(src[k:pos])
        return pos

    def link(self, k: int, end: int) -> int:
        """An inline link ``[text](url "title")``; a lone ``[`` is text, as no reference
        definitions exist where this renderer is used."""
        src = self.src
        if k > self.last_close:  # no "]" ahead: text (a flood of "[" stays linear here)
            self.pending.append("[")
            return k + 1
        label = _LABEL.match(src, k + 1, end)
        assert label is not None
        label_end = label.end()
        if label_end < end and src[label_end] != "]":
            raise _GiveUp  # nested brackets, or a token that could hide a "]"
        pos = label_end + 1
        if label_end >= end or pos >= end or src[pos] != "(":
            self.pending.append("[")
            return k + 1
        pos = _skip_blank(src, pos + 1, end)
        if pos >= end:
            raise _GiveUp
        plain = _PLAIN_DEST.match(src, pos, end)
        if plain and plain.end() < end and src[plain.end()] == ")":
            self.push("link_open", "", plain.group(), "")
            self.tokenize(k + 1, label_end)
            self.push("link_close")
            return plain.end() + 1
        dest = parseLinkDestination(src, pos, end)
        if not dest.ok:
            raise _GiveUp
        from digestfmt.codecs.render import markdown_it, safe_url  # a cycle at import time

        href = markdown_it().normalizeLink(dest.str)
        if not _SIMPLE_URL.fullmatch(href) or not safe_url(href):
            raise _GiveUp
        pos = start = dest.pos
        pos = _skip_blank(src, pos, end)
        title = ""
        found = parseLinkTitle(src, pos, end)
        if pos < end and start != pos and found.ok:
            title = found.str
            pos = _skip_blank(src, found.pos, end)
        if pos >= end or src[pos] != ")":
            raise _GiveUp
        self.push("link_open", "", href, title)
        self.tokenize(k + 1, label_end)
        self.push("link_close")
        return pos + 1

    def html(self) -> str:
        out = []
        tokens = self.tokens
        for i, (kind, content, href, title) in enumerate(tokens):
            if kind == "text":
                out.append(_escape_text(content))
            elif kind == "softbreak":
                prev = tokens[i - 1][1] if i else ""
                nxt = tokens[i + 1][1] if i + 1 < len(tokens) else ""
                out.append("" if joins(prev, nxt) else "\n")
            elif kind == "code_inline":
                out.append(f"<code>{_escape_text(content)}</code>")
            elif kind == "link_open":
                attrs = f' title="{title.translate(_ATTR_ESCAPES)}"' if title else ""
                out.append(f'<a href="{href.translate(_ATTR_ESCAPES)}"{attrs}'
                           ' rel="noopener noreferrer">')
            else:
                out.append(_OPEN_TAGS[kind])
        return "".join(out)

    def plain(self) -> str:
        return "".join(" " if kind == "softbreak" else content
                       for kind, content, _, _ in self.tokens
                       if kind in ("text", "code_inline", "softbreak")).strip()


def _escape_text(text: str) -> str:
    """Text as nh3 serialises it (it writes quotes as they are, unlike markdown-it)."""
    return text.translate(_TEXT_ESCAPES) if _TEXT_SPECIAL.search(text) else text


def _skip_spaces(src: str, pos: int, end: int) -> int:
    while pos < end and src[pos] in " \t":
        pos += 1
    return pos


def _skip_blank(src: str, pos: int, end: int) -> int:
    while pos < end and src[pos] in " \t\n":
        pos += 1
    return pos


def _last_runs(src: str) -> dict[int, int]:
    """Each backtick run length -> where its last run starts (as markdown-it's rule keeps)."""
    runs: dict[int, int] = {}
    for m in re.finditer("`+", src):
        runs[m.end() - m.start()] = m.start()
    return runs


def _balance(delims: list[_Delim]) -> None:
    """Pair openers with closers: CommonMark's "process emphasis", as markdown-it does it
    (openers_bottom per marker, run length mod 3 and closer-can-open; the rule of 3)."""
    bottom: dict[str, list[int]] = {}
    header = 0
    last_token = -2
    jumps: list[int] = []
    for closer_idx, closer in enumerate(delims):
        jumps.append(0)
        if delims[header].marker != closer.marker or last_token != closer.token - 1:
            header = closer_idx
        last_token = closer.token
        if not closer.close:
            continue
        floors = bottom.setdefault(closer.marker, [-1] * 6)
        slot = (3 if closer.open else 0) + closer.length % 3
        opener_idx = header - jumps[header] - 1
        new_floor = opener_idx
        while opener_idx > floors[slot]:
            opener = delims[opener_idx]
            if opener.marker != closer.marker:
                opener_idx -= jumps[opener_idx] + 1
                continue
            if opener.open and opener.end < 0:
                odd = ((opener.close or closer.open)
                       and (opener.length + closer.length) % 3 == 0
                       and (opener.length % 3 != 0 or closer.length % 3 != 0))
                if not odd:
                    jump = jumps[opener_idx - 1] + 1 \
                        if opener_idx > 0 and not delims[opener_idx - 1].open else 0
                    jumps[closer_idx] = closer_idx - opener_idx + jump
                    jumps[opener_idx] = jump
                    closer.open = False
                    opener.end = closer_idx
                    opener.close = False
                    new_floor = -1
                    last_token = -2
                    break
            opener_idx -= jumps[opener_idx] + 1
        if new_floor != -1:
            floors[slot] = new_floor


def _emphasis(tokens: list[list[str]], delims: list[_Delim]) -> None:
    """Turn paired delimiter tokens into em/strong tags (markdown-it's postProcess)."""
    i = len(delims) - 1
    while i >= 0:
        start = delims[i]
        if start.end == -1:
            i -= 1
            continue
        end = delims[start.end]
        strong = (i > 0 and delims[i - 1].end == start.end + 1
                  and delims[i - 1].marker == start.marker
                  and delims[i - 1].token == start.token - 1
                  and delims[start.end + 1].token == end.token + 1)
        tag = "strong" if strong else "em"
        tokens[start.token][:2] = [tag + "_open", ""]
        tokens[end.token][:2] = [tag + "_close", ""]
        if strong:
            tokens[delims[i - 1].token][1] = ""
            tokens[delims[start.end + 1].token][1] = ""
            i -= 1
        i -= 1


def _joined(tokens: list[list[str]]) -> list[list[str]]:
    """Adjacent text (and escaped-character) tokens as one text token (each run joined
    once: adding to the last token's text, token by token, was quadratic in the run)."""
    out: list[list[str]] = []
    run: list[str] = []
    for token in tokens:
        if token[0] in ("text", "text_special"):
            run.append(token[1])
            continue
        if run:
            out.append(["text", "".join(run), "", ""])
            run = []
        out.append(token)
    if run:
        out.append(["text", "".join(run), "", ""])
    return out


def _inline(src: str) -> str:
    """Inline HTML of ``src``: text with no markup, or one line whose only markup is
    runs of two ``*`` (most paragraphs of the digests), directly; else through the
    token stream."""
    if not _SPECIAL.search(src):
        return _escape_text(src)
    if _SPECIAL_BUT_STAR.search(src):
        return _Inline(src).html()
    runs = []
    for m in _STARS.finditer(src):
        if m.end() - m.start() != 2:
            return _Inline(src).html()
        runs.append(m.start())
    # Runs of two: a closer takes the nearest unpaired opener, the two runs become
    # <strong> and </strong>, and unpaired runs stay text (CommonMark's
    # "process emphasis" once no run length can trigger the rule of 3).
    tags = ["**"] * len(runs)
    openers: list[int] = []
    for i, start in enumerate(runs):
        can_open, can_close, _ = scan_delims(src, start, len(src), True)
        if can_close and openers:
            opener = openers.pop()
            tags[opener], tags[i] = "<strong>", "</strong>"
        elif can_open:
            openers.append(i)
    escape = _escape_text if _TEXT_SPECIAL.search(src) else str
    out, pos = [], 0
    for start, tag in zip(runs, tags, strict=True):
        out.append(escape(src[pos:start]))
        out.append(tag)
        pos = start + 2
    out.append(escape(src[pos:]))
    return "".join(out)


def inline_html(source: str) -> str | None:
    """``render.inline_html(source)``, or None when the source is outside the subset."""
    if _UNREAD.search(source):
        return None
    try:
        return _inline(source)
    except _GiveUp:
        return None


def plain_text(source: str) -> str | None:
    """``render.plain_text(source)``, or None when the source is outside the subset."""
    if _UNREAD.search(source):
        return None
    try:
        return _Inline(source).plain()
    except _GiveUp:
        return None


# -- blocks ----------------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _marker(content: str) -> tuple[str, int, int] | None:
    """A list item marker opening ``content``: (kind, start number, content offset), where
    kind is the bullet character or the ordered delimiter."""
    first = content[:1]
    if first in ("-", "+", "*"):
        if m := _BULLET.match(content):
            return first, 0, m.end()
    elif "0" <= first <= "9":
        if m := _ORDERED.match(content):
            return m[2], int(m[1]), m.end()
    else:
        return None
    if _ODD_ITEM.match(content):
        raise _GiveUp
    return None


def _check_text(content: str) -> None:
    """Give up on a paragraph line that could open some other block."""
    first = content[0]
    if first in "#>|<`~=_-+*" and (
            _RULE_LIKE.match(content) or _ATX.match(content) or first in ">|<"
            or content.startswith(("```", "~~~"))):
        raise _GiveUp


def _blocks(lines: list[str], tight: bool, out: list[str]) -> None:
    i, n = 0, len(lines)
    after_paragraph = False
    while i < n:
        line = lines[i]
        if not line.strip(" "):
            if tight:
                raise _GiveUp  # a blank line inside a list item: a loose list
            i += 1
            continue
        indent = _indent(line)
        if indent >= 4:
            raise _GiveUp
        marker = _marker(line[indent:])
        if marker is None and not tight and i + 1 < n and _DELIMITER_ROW.match(lines[i + 1]):
            i = _table(lines, i, out)
        elif marker is None and not tight and (m := _HEADING.match(line)):
            out.append(f"<h{len(m[1])}>{_inline(m[2])}</h{len(m[1])}>\n")
            i += 1
        elif marker is None:
            i = _paragraph(lines, i, tight, out)
        else:
            if tight and i == 0:
                raise _GiveUp  # an item that opens with a list
            if tight and after_paragraph:
                out.append("\n")  # markdown-it's line feed after a hidden paragraph
            i = _list(lines, i, marker, out)
        after_paragraph = marker is None


def _table(lines: list[str], i: int, out: list[str]) -> int:
    """A pipe table whose every row starts and ends with ``|`` and has one cell per
    column, followed by a blank line or the end (markdown-it's table rule, on that
    subset)."""
    aligns = []
    for cell in lines[i + 1].strip(" ")[1:-1].split("|"):
        cell = cell.strip(" ")
        aligns.append(' class="align-center"' if cell[0] == ":" and cell[-1] == ":" else
                      ' class="align-right"' if cell[-1] == ":" else
                      ' class="align-left"' if cell[0] == ":" else "")
    out.append("<table>\n<thead>\n")
    out.append(_row(lines[i], "th", aligns))
    out.append("</thead>\n")
    j = i + 2
    if j < len(lines) and lines[j].strip(" "):
        out.append("<tbody>\n")
        while j < len(lines) and lines[j].strip(" "):
            out.append(_row(lines[j], "td", aligns))
            j += 1
        out.append("</tbody>\n")
    out.append("</table>\n")
    return j


def _row(line: str, tag: str, aligns: list[str]) -> str:
    if not _TABLE_ROW.match(line) or "\\" in line or "`" in line:
        raise _GiveUp
    cells = line.strip(" ")[1:-1].split("|")
    if len(cells) != len(aligns):
        raise _GiveUp
    out = ["<tr>\n"]
    for cell, align in zip(cells, aligns, strict=True):
        text = cell.strip(" ")
        if text and (text[0].isspace() or text[-1].isspace()):
            raise _GiveUp
        out.append(f"<{tag}{align}>{_inline(text)}</{tag}>\n")
    out.append("</tr>\n")
    return "".join(out)


def _paragraph(lines: list[str], i: int, tight: bool, out: list[str]) -> int:
    j = i + 1
    while j < len(lines) and lines[j].strip(" "):
        line = lines[j]
        indent = _indent(line)
        if indent < 4:
            content = line[indent:]
            marker = _marker(content)
            if marker is not None:
                if marker[0] in ".)" and marker[1] != 1:
                    raise _GiveUp  # only "1." interrupts a paragraph
                break
            _check_text(content)
        j += 1
    text = "\n".join(lines[i:j])
    if "|" in text:
        raise _GiveUp  # maybe a table
    _check_text(lines[i].lstrip(" "))
    text = _inline(text.strip())
    out.append(text if tight else f"<p>{text}</p>\n")
    return j


def _list(lines: list[str], i: int, marker: tuple[str, int, int], out: list[str]) -> int:
    kind, start, _ = marker
    tag = "ol" if kind in ".)" else "ul"
    out.append(f'<ol start="{start}">\n' if tag == "ol" and start != 1 else f"<{tag}>\n")
    n = len(lines)
    while True:
        line = lines[i]
        column = _indent(line) + marker[2]
        j = i + 1
        while j < n and lines[j].strip(" ") and _indent(lines[j]) >= column:
            j += 1
        if j == i + 1:  # a one-line item: a hidden paragraph, as _blocks would find it
            content = line[column:]
            if _marker(content) is not None or "|" in content:
                raise _GiveUp  # an item that opens with a list; maybe a table
            _check_text(content)
            out.append(f"<li>{_inline(content.strip())}</li>\n")
        else:
            out.append("<li>")
            _blocks([line[column:] for line in lines[i:j]], True, out)
            out.append("</li>\n")
        i = j
        if i >= n:
            break
        line = lines[i]
        if not line.strip(" "):
            while j < n and not lines[j].strip(" "):
                j += 1
            if j < n and (_indent(lines[j]) >= column or _same_list(lines[j], kind)):
                raise _GiveUp  # a loose list
            break
        if _indent(line) >= 4:
            raise _GiveUp
        next_marker = _marker(line.lstrip(" "))
        if next_marker is None:
            raise _GiveUp  # a lazy continuation line
        if next_marker[0] != kind:
            break
        marker = next_marker
    out.append(f"</{tag}>\n")
    return i


def _same_list(line: str, kind: str) -> bool:
    indent = _indent(line)
    if indent >= 4:
        return False
    marker = _marker(line[indent:])
    return marker is not None and marker[0] == kind


def block_html(source: str) -> str | None:
    """``render.block_html(source)``, or None when the source is outside the subset."""
    if "\t" in source or "]:" in source or _UNREAD.search(source):
        return None
    if _ODD_EDGE.search(source):
        return None  # other whitespace at a line's edge: markdown-it trims it differently
    lines = source.split("\n")
    out: list[str] = []
    try:
        _blocks(lines, False, out)
    except _GiveUp:
        return None
    return "".join(out).strip()
