"""`**bold**` that CommonMark will not render bold because of CJK punctuation beside it.

## What it checks
Pairs of `**` on a line of a field block, a section body, an extra block or the
intro (code spans and code blocks skipped), taken in order as the author meant
them. CommonMark opens bold only at a left-flanking `**` and closes it only at a
right-flanking one, and punctuation (Unicode P* and S*, so `：`, `，`, `」`, `🎯`)
counts against that where no space is written: a closing `**` after punctuation
and before a letter cannot close (`**核心洞察：**文本`), nor can an opening `**`
after a letter and before punctuation open (`文本**「引用」**`). Such a pair
shows as literal asterisks. Lines with an odd number of `**` or with longer runs
of `*` are skipped; so are pairs broken by a space inside the asterisks, which
are not a CJK matter.

## Why
Chinese text has no spaces, so the rule that suits English silently fails: the
reader sees `**核心洞察：**` with its asterisks. Generators and authors rarely
notice, because many editors' previews do not follow CommonMark here.

## Example
Bad:
```md
**核心洞察：**谷歌以推理能力翻倍但价格不变的策略重塑竞争。
```
Good:
```md
**核心洞察：** 谷歌以推理能力翻倍但价格不变的策略重塑竞争。
```

## Fix
Safe: a space is inserted after a closing `**` (before an opening one). When
the pair is a field's label, the label is rewritten in the profile's
`label_style` instead, which puts the space or moves the colon outside
(`**一句话摘要**：`) as the style does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from digestfmt.i18n import _
from digestfmt.links.scan import code_spans
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest, Field, Span
from digestfmt.regions import Pointer, field_pointers, regions

CODE = "DF504"
NAME = "cjk-bold"
SEVERITY = "warning"

_DOUBLE = re.compile(r"\*\*")

# The pre-check: a line whose pairs all flank for plain reasons. A pair cannot fail
# when its opening ``**`` follows a space (or the line's start) or precedes a letter,
# digit or space, and its closing ``**`` precedes a space (or the end) or follows a
# letter, digit or space. Letters and digits (``[^\W_]``) are never punctuation;
# ``SPACES`` are exactly what ``_space`` accepts (a test holds them to it).
SPACES = "\t\n\f\r \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_TEXT = r"(?:[^*]|\*(?!\*))*+"  # up to the next ``**``, never giving back (linear time)
_OPEN = rf"(?:(?<![^{SPACES}])\*\*|\*\*(?=[^\W_]|[{SPACES}]|$))"
_CLOSE = rf"(?:\*\*(?![^{SPACES}])|(?<=[^\W_])\*\*|(?<=[{SPACES}])\*\*)"
_PAIRS_FLANK = re.compile(rf"{_TEXT}(?:{_OPEN}{_TEXT}{_CLOSE}{_TEXT})*+")


def _space(ch: str) -> bool:
    return ch in "\t\n\f\r" or unicodedata.category(ch) == "Zs"


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


_SPACE, _PUNCT, _OTHER = 0, 1, 2
_KINDS: dict[str, int] = {}  # character -> its kind, as far as flanking is concerned


def _kind(ch: str) -> int:
    kind = _KINDS.get(ch)
    if kind is None:
        kind = _SPACE if _space(ch) else _PUNCT if _punct(ch) else _OTHER
        if len(_KINDS) < 65536:
            _KINDS[ch] = kind
    return kind


@dataclass(frozen=True)
class Broken:
    """A ``**…**`` pair that does not render; columns are 0-based in the line."""

    open: int
    close: int  # start of the closing ``**``
    open_fails: bool
    close_fails: bool


def broken_pairs(line: str) -> list[Broken]:
    """The author's ``**`` pairs on a line that CommonMark leaves as literal text."""
    if "`" not in line and "\\" not in line and "***" not in line \
            and _PAIRS_FLANK.fullmatch(line):
        return []  # the common case, at the cost of one match
    return flanking_failures(line)


def flanking_failures(line: str) -> list[Broken]:
    """``broken_pairs`` without its pre-check: every pair judged character by character."""
    masked = line
    if "`" in line or "\\" in line:
        chars = list(line)
        for start, end in code_spans(line):
            chars[start:end] = " " * (end - start)
        for m in re.finditer(r"\\.", line):
            chars[m.start():m.end()] = "  "
        masked = "".join(chars)
    if "***" in masked:
        return []  # a longer run of `*`: not a matter of pairs
    doubles = [m.start() for m in _DOUBLE.finditer(masked)]
    if len(doubles) % 2:
        return []
    out = []
    padded = f" {line} "  # the line's ends count as spaces; line[i] is padded[i + 1]
    for o, c in zip(doubles[::2], doubles[1::2], strict=True):
        inside_open, inside_close = _kind(padded[o + 3]), _kind(padded[c])
        if inside_open == _SPACE or inside_close == _SPACE:
            continue  # `** x**`: a space inside, not a CJK matter
        # Not left-flanking: punctuation inside, a letter outside; likewise the close.
        open_fails = inside_open == _PUNCT and _kind(padded[o]) == _OTHER
        close_fails = inside_close == _PUNCT and _kind(padded[c + 3]) == _OTHER
        if open_fails or close_fails:
            out.append(Broken(o, c, open_fails, close_fails))
    return out


@dataclass
class _Line:
    text: str
    line: int
    column: int  # source column of text[0]
    touches: tuple[Pointer, ...]
    labels: dict[int, str]  # 0-based column of a label's ``**`` -> canonical label markup
    markups: dict[int, str]  # ... -> label markup as written


def _field_lines(digest: Digest) -> Iterator[tuple[_Line, list[Broken]]]:
    profile = digest.profile
    source = digest.source_lines
    for index, card in enumerate(digest.cards):
        rows: set[int] = set()
        for f in card.fields:
            if f.span is not None:
                rows.update(range(f.span.line, f.span.end_line + 1))
        if profile.section_level is None:
            rows.update(s.span.line for s in card.sections if s.span is not None)
        broken = {line: pairs for line in sorted(rows)
                  if "**" in source[line - 1] and (pairs := broken_pairs(source[line - 1]))}
        if not broken:
            continue
        pointers = field_pointers(digest, index, card)
        by_line: dict[int, list[tuple[Field | None, Pointer]]] = {}
        for f in card.fields:
            if f.span is None:
                continue
            for line in range(f.span.line, f.span.end_line + 1):
                if line in broken:
                    by_line.setdefault(line, []).append((f, pointers[id(f)]))
        if profile.section_level is None:
            for k, s in enumerate(card.sections):
                if s.span is not None and s.span.line in broken:
                    by_line.setdefault(s.span.line, []).append(
                        (None, ("cards", index, "sections", k)))
        for line, owners in sorted(by_line.items()):
            labels, markups = {}, {}
            for owner, _pointer in owners:
                if owner and owner.key and owner.span and owner.span.line == line \
                        and owner.label_markup:
                    column = owner.span.column - 1
                    style = profile.container_of(owner.key).label_style
                    labels[column] = style.format(label=owner.label)
                    markups[column] = owner.label_markup
            yield (_Line(source[line - 1], line, 1,
                         tuple(dict.fromkeys(p for _, p in owners)), labels, markups),
                   broken[line])


def _body_lines(digest: Digest) -> Iterator[tuple[_Line, list[Broken]]]:
    for region in regions(digest):
        if not region.block or "**" not in region.text:
            continue
        offset = 0
        for row, text in enumerate(region.text.split("\n")):
            if "**" in text and (pairs := broken_pairs(text)) \
                    and row not in region.code_rows() and (where := region.position(offset)):
                yield _Line(text, where[0], where[1], (region.pointer,), {}, {}), pairs
            offset += len(text) + 1


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for line, pairs in [*_field_lines(digest), *_body_lines(digest)]:
        for pair in pairs:
            yield _problem(line, pair)


def _problem(line: _Line, pair: Broken) -> Problem:
    def at(col: int) -> int:
        return line.column + col

    n = line.line
    span = Span(n, at(pair.open), n, at(pair.close) + 2)
    canonical = line.labels.get(pair.open)
    markup = line.markups.get(pair.open, "")
    if canonical and pair.close + 2 <= pair.open + len(markup):
        edits: tuple[Edit, ...] = (
            Edit(Span(n, at(pair.open), n, at(pair.open) + len(markup)), canonical),)
    else:
        edits = ()
        if pair.open_fails:
            edits += (Edit(Span(n, at(pair.open), n, at(pair.open)), " "),)
        if pair.close_fails:
            edits += (Edit(Span(n, at(pair.close) + 2, n, at(pair.close) + 2), " "),)
    fix = Fix(edits, _("space the `**` off from the text beside it"), touches=line.touches)
    if pair.close_fails:
        c = pair.close
        reason = _("the closing `**` follows `{before}` and precedes `{after}`, so it cannot "
                   "close").format(before=line.text[c - 1], after=line.text[c + 2])
    else:
        o = pair.open
        reason = _("the opening `**` follows `{before}` and precedes `{after}`, so it cannot "
                   "open").format(before=line.text[o - 1], after=line.text[o + 2])
    return Problem(span, _("`**…**` does not render as written: {reason} "
                           "(CommonMark flanking rules)").format(reason=reason), fix)
