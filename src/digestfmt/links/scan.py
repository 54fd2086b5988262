"""Finding links in inline Markdown source, with offsets, and without rendering it.

The scanner follows CommonMark where a link is well-formed (``[text](url "title")``
with balanced brackets and parentheses, ``<scheme:…>`` autolinks, code spans and
backslash escapes taking precedence) and GFM-like rules for bare ``http(s)://``
URLs. Where Markdown silently gives up and shows the text, it still reports what
the author meant: an unclosed ``[text](url`` or a target Markdown rejects
(``[text](a b)``), so rules can say so. Offsets are into the text it is given.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>\x00-\x1f]*)>")
_BARE = re.compile(r"https?://", re.I)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_MANGLED = re.compile(r"(?:https?//|https?:/|www\.)", re.I)
_ENTITY_END = re.compile(r"&[A-Za-z0-9]+;$")
_TRAILING = "?!.,:*_~'\";"
MAX_LINK_TEXT = 1000  # bounds the bracket search so hostile input stays linear-ish
# Where the scans below can act; they skip everything else in one regex step (a
# character class, or ``_BARE``: two simple searches beat one with alternatives).
_NEXT_NO_BARE = re.compile(r"[\\`<\[]")
_NEXT_CODE = re.compile(r"[\\`]")
_NEXT_BRACKET = re.compile(r"[\\`\[\]]")
_NEXT_DESTINATION = re.compile(r"[\\()\x00-\x20\x7f]")


class Found(NamedTuple):
    """A link found in text; offsets are into the scanned text, end exclusive.

    (A named tuple: as immutable as a frozen dataclass, and four to five times
    cheaper to make, which counts at every link of every digest.)"""

    start: int
    end: int
    url: str
    url_start: int
    url_end: int
    kind: str  # inline | autolink | bare
    text: str | None = None
    title: str | None = None
    image: bool = False
    unclosed: bool = False
    empty_target: bool = False
    invalid: bool = False


def scan_blocks(text: str, skip_rows: frozenset[int] = frozenset()) -> list[Found]:
    """Links in Markdown blocks: paragraphs (see ``paragraphs``) scanned one at a time.

    (Callers ask ``may_link(text)`` first, before they work out ``skip_rows``.)
    """
    return [f for start, end in paragraphs(text, skip_rows)
            for f in scan_inline(text[start:end], start)]


def paragraphs(text: str, skip_rows: frozenset[int] = frozenset()) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each run of non-blank rows of ``text`` outside ``skip_rows``
    (code blocks): the units inline markup cannot cross."""
    offset, start, rows = 0, 0, 0
    for row, line in enumerate([*text.split("\n"), ""]):
        if row in skip_rows or not line.strip():
            if rows:
                yield start, offset - 1
            rows = 0
        else:
            if not rows:
                start = offset
            rows += 1
        offset += len(line) + 1


def scan_inline(s: str, base: int = 0, bare: bool = True) -> list[Found]:
    """Links in one run of inline text (a paragraph, a heading, a field value)."""
    if not may_link(s, bare):
        return []
    return _Scanner(s, base).run(0, len(s), bare)


def may_link(s: str, bare: bool = True) -> bool:
    """False only when ``s`` holds no link: an inline link (even a broken one) needs
    ``](``, an autolink ``<``, a bare URL ``http(s)://``."""
    return "](" in s or "<" in s or (bare and _BARE.search(s) is not None)


def looks_like_url(target: str) -> bool:
    """Whether text after ``](`` reads as an intended link target (for broken links)."""
    return bool(target) and bool(
        _SCHEME.match(target) or _MANGLED.match(target) or "://" in target
        or target.startswith(("/", "#"))
    )


class _Scanner:
    def __init__(self, s: str, base: int) -> None:
        self.s = s
        self.base = base
        self.n = len(s)
        runs: dict[int, list[int]] = {}
        if "`" in s:
            for m in re.finditer(r"`+", s):
                runs.setdefault(len(m[0]), []).append(m.start())
        self.runs = runs

    # -- helpers ---------------------------------------------------------------

    def code_span_end(self, i: int) -> int | None:
        """End of the code span opened by the backtick run at ``i``, or None."""
        end = i
        while end < self.n and self.s[end] == "`":
            end += 1
        length = end - i
        starts = self.runs.get(length, [])
        at = bisect.bisect_right(starts, i)
        return starts[at] + length if at < len(starts) else None

    def skip_space(self, i: int) -> int:
        """Spaces and tabs, including at most one line ending."""
        newline = False
        while i < self.n and self.s[i] in " \t\n":
            if self.s[i] == "\n":
                if newline:
                    break
                newline = True
            i += 1
        return i

    def close_bracket(self, i: int) -> int | None:
        depth, k, stop = 0, i, min(self.n, i + MAX_LINK_TEXT)
        find = _NEXT_BRACKET.search
        while k < stop:
            m = find(self.s, k, stop)
            if m is None:
                return None
            k = m.start()
            ch = self.s[k]
            if ch == "\\" and k + 1 < self.n and self.s[k + 1] in ASCII_PUNCT:
                k += 2
                continue
            if ch == "`":
                end = self.code_span_end(k)
                if end is not None:
                    k = end
                    continue
                while k < self.n and self.s[k] == "`":
                    k += 1
                continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return k
            k += 1
        return None

    # -- the scan ---------------------------------------------------------------

    def run(self, start: int, stop: int, bare: bool) -> list[Found]:
        s, out, i = self.s, [], start
        find = _NEXT_NO_BARE.search
        # An inline link needs a `](` after its `[`; with none ahead, a `[` is text.
        closers = s.find("](", start)
        url = self.next_bare(start, stop) if bare else stop  # where the next bare URL starts
        special = -1  # where the next `\\`, `` ` ``, `<` or `[` is, once searched for
        while i < stop:
            if special < i:  # searched again only once passed: a search may run to stop
                m = find(s, i, stop)
                special = m.start() if m else stop
            j = special
            if url < i:
                url = self.next_bare(i, stop)
            if url < j:
                j = url
            if j >= stop:
                break
            i = j
            ch = s[i]
            if ch == "\\" and i + 1 < stop and s[i + 1] in ASCII_PUNCT:
                i += 2
            elif ch == "`":
                end = self.code_span_end(i)
                if end is None:
                    while i < stop and s[i] == "`":
                        i += 1
                else:
                    i = end
            elif ch == "<" and (m := AUTOLINK.match(s, i)):
                out.append(Found(self.base + i, self.base + m.end(), m[1], self.base + i + 1,
                                 self.base + m.end() - 1, "autolink"))
                i = m.end()
            elif ch == "[":
                if closers != -1 and closers < i:
                    closers = s.find("](", i)
                if closers == -1:
                    i += 1
                    continue
                link = self.inline_link(i)
                if link is None:
                    i += 1
                    continue
                out.append(link)
                if link.text:  # images may sit inside link text; bare URLs there do not link
                    out += self.run(i + 1, i + 1 + len(link.text), bare=False)
                i = link.end - self.base
            elif bare and ch in "hH" and (m := _BARE.match(s, i)) and (
                    i == 0 or not (s[i - 1].isascii() and s[i - 1].isalnum())):
                end = _bare_end(s, m.end(), stop)
                out.append(Found(self.base + i, self.base + end, s[i:end], self.base + i,
                                 self.base + end, "bare"))
                i = max(end, m.end())
            else:
                i += 1
        return out

    def next_bare(self, i: int, stop: int) -> int:
        """Where the next bare URL starts (``http(s)://`` not after an ASCII letter or
        digit), or ``stop``."""
        s = self.s
        while (m := _BARE.search(s, i, stop)) is not None:
            at = m.start()
            if at == 0 or not (s[at - 1].isascii() and s[at - 1].isalnum()):
                return at
            i = at + 1
        return stop

    def inline_link(self, i: int) -> Found | None:
        s, n = self.s, self.n
        j = self.close_bracket(i)
        if j is None or j + 1 >= n or s[j + 1] != "(":
            return None
        image = i > 0 and s[i - 1] == "!" and not (i > 1 and s[i - 2] == "\\")
        head = _Head(i - 1 if image else i, s[i + 1:j], image)
        k = self.skip_space(j + 2)
        if k < n and s[k] == ")":
            return self.make(head, k, k, k + 1, empty_target=True)
        if k < n and s[k] == "<":
            g = k + 1
            while g < n and s[g] not in "<>\n":
                g += 2 if s[g] == "\\" else 1
            if g < n and s[g] == ">":
                q = self.skip_space(g + 1)
                if q < n and s[q] == ")":
                    return self.make(head, k + 1, g, q + 1, empty_target=g == k + 1)
            return self.broken(head, k)
        p, depth = k, 0
        while p < n:
            m = _NEXT_DESTINATION.search(s, p)
            if m is None:
                p = n
                break
            p = m.start()
            ch = s[p]
            if ch == "\\" and p + 1 < n and s[p + 1] in ASCII_PUNCT:
                p += 2
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif ch in " \t\n" or ord(ch) < 0x20 or ord(ch) == 0x7F:
                break
            p += 1
        if depth == 0:
            q = self.skip_space(p)
            if q < n and s[q] == ")":
                return self.make(head, k, p, q + 1)
            if q > p and q < n and s[q] in "\"'(":
                close = ")" if s[q] == "(" else s[q]
                t = q + 1
                while t < n and s[t] != close:
                    t += 2 if s[t] == "\\" else 1
                if t < n:
                    r = self.skip_space(t + 1)
                    if r < n and s[r] == ")":
                        return self.make(head, k, p, r + 1, title=s[q + 1:t])
        return self.broken(head, k)

    def make(self, head: _Head, url_start: int, url_end: int, end: int, *,
             title: str | None = None, unclosed: bool = False, empty_target: bool = False,
             invalid: bool = False) -> Found:
        b = self.base
        return Found(b + head.start, b + end, self.s[url_start:url_end], b + url_start,
                     b + url_end, "inline", head.text, title, head.image, unclosed,
                     empty_target, invalid)

    def broken(self, head: _Head, k: int) -> Found | None:
        """``[text](…`` that Markdown leaves as text: closed later on the line, or never."""
        s = self.s
        line_end = s.find("\n", k)
        line_end = self.n if line_end < 0 else line_end
        depth, close = 0, None
        for p in range(k, line_end):
            if s[p] == "(":
                depth += 1
            elif s[p] == ")":
                if depth == 0:
                    close = p
                    break
                depth -= 1
        rest = s[k:line_end]
        target = rest.split(None, 1)[0] if rest.strip() else ""
        if not looks_like_url(target.lstrip("<")):
            return None
        if close is not None:
            return self.make(head, k, k + len(s[k:close].rstrip()), close + 1, invalid=True)
        return self.make(head, k, k + len(target), k + len(target), unclosed=True)


class _Head(NamedTuple):
    start: int  # the ``[`` (or ``!`` of an image)
    text: str
    image: bool


def _bare_end(s: str, i: int, stop: int) -> int:
    """End of a bare URL whose scheme ends at ``i``: GFM's rules, and CJK text ends it too."""
    end = i
    while end < stop and not _ends_bare(s[end]):
        end += 1
    while end > i:  # (offsets into ``s``: a slice of it per URL made a long line quadratic)
        last = s[end - 1]
        if last == ";" and (m := _ENTITY_END.search(s, i, end)):
            end = m.start()
        elif last in _TRAILING or _unbalanced(s, i, end, last):
            end -= 1
        else:
            break
    return end


def _unbalanced(url: str, start: int, end: int, last: str) -> bool:
    """A closing ``)`` or ``]`` that opens nowhere in the URL belongs to the text."""
    pairs = {")": "(", "]": "["}
    return last in pairs and url.count(pairs[last], start, end) < url.count(last, start, end)


def _ends_bare(ch: str) -> bool:
    if ch.isspace() or ch in "<>\"`|":
        return True
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF  # CJK radicals, punctuation 。，「」, kana, ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，；）：
        or 0x2018 <= code <= 0x201F  # curly quotes
        or code in (0x2026, 0x00B7, 0x3000)
    )


def code_spans(s: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every code span in one run of inline text, backticks included."""
    if "`" not in s:
        return []
    scanner, out, i = _Scanner(s, 0), [], 0
    while i < len(s):
        m = _NEXT_CODE.search(s, i)
        if m is None:
            break
        i = m.start()
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in ASCII_PUNCT:
            i += 2
        elif s[i] == "`":
            end = scanner.code_span_end(i)
            if end is None:
                while i < len(s) and s[i] == "`":
                    i += 1
            else:
                out.append((i, end))
                i = end
        else:
            i += 1
    return out
