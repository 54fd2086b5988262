"""CJK-friendly emphasis for markdown-it-py: ``**核心洞察：**文本`` renders as bold.

CommonMark will not close ``**`` that has punctuation inside (``：``) and a letter
outside (``文``), so every ``**label：**text`` in the digests would show its
asterisks. The CJK-friendly amendment (github.com/tats-u/markdown-cjk-friendly,
``specification.md``) fixes this by not counting CJK punctuation as punctuation
in the flanking rules, and by letting a CJK character next to the run count like
whitespace or punctuation would.

Why not the PyPI plugin ``mdit-py-cjk-friendly``: it requires
``markdown-it-py<4``, which would downgrade the parser the whole project uses
(losing CommonMark 0.31.2 and 4.x's fixes for quadratic-time inputs), and it
patches ``StateInline.scanDelims`` for every parser in the process at import.
Here the amended scan is installed per parse state, only for parsers that use
this plugin, by wrapping the two rules that scan delimiter runs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from types import MethodType

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import emphasis, strikethrough
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

# Characters below U+1F000 that default to emoji presentation (UTS #51
# Emoji_Presentation); they are East Asian Wide but are not CJK text.
_EMOJI_BELOW_1F000 = frozenset(
    [0x231A, 0x231B, *range(0x23E9, 0x23ED), 0x23F0, 0x23F3, 0x25FD, 0x25FE, 0x2614, 0x2615,
     *range(0x2648, 0x2654), 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4,
     0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A,
     0x270B, 0x2728, 0x274C, 0x274E, 0x2753, 0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797,
     0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B55]
)
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))


def is_cjk(ch: str) -> bool:
    """A CJK character per the amendment: East Asian Wide/Fullwidth/Halfwidth and
    not an emoji (emoji blocks from U+1F000 count as emoji), or Hangul."""
    code = ord(ch)
    if code < 0x80 or 0x4E00 <= code <= 0x9FFF:  # the common cases, answered first
        return code >= 0x80
    if any(lo <= code <= hi for lo, hi in _HANGUL):
        return True
    if (code >= 0x1F000 and code <= 0x1FAFF) or code in _EMOJI_BELOW_1F000:
        return False
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def _punct(ch: str) -> bool:
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


_classes: dict[str, tuple[bool, bool, bool]] = {}


def _classify(ch: str) -> tuple[bool, bool, bool]:
    """(whitespace, punctuation, CJK) of a character, as the flanking rules ask; kept,
    since a digest's delimiter runs sit next to the same few hundred characters."""
    found = (isWhiteSpace(ord(ch)), _punct(ch), is_cjk(ch))
    if len(_classes) < 65536:
        _classes[ch] = found
    return found


def scan_delims(src: str, start: int, end: int, can_split_word: bool) -> Scanned:
    """``StateInline.scanDelims`` with the amended flanking definitions (§6.2), for the
    run at ``start`` of ``src`` read up to ``end``; the fast renderer shares it.

    Without a CJK character on either side it decides exactly as CommonMark does.
    """
    marker, pos = src[start], start
    while pos < end and src[pos] == marker:
        pos += 1
    before = src[start - 1] if start > 0 else " "
    if 0xFE00 <= ord(before) <= 0xFE0E and start > 1:  # a "sequence": look past the VS
        before = src[start - 2]
    after = src[pos] if pos < end else " "
    before_ws, before_punct, before_cjk = _classes.get(before) or _classify(before)
    after_ws, after_punct, after_cjk = _classes.get(after) or _classify(after)
    before_cjk = before_cjk or 0xE0100 <= ord(before) <= 0xE01EF
    left = not after_ws and (
        not (after_punct and not after_cjk) or before_ws or before_punct or before_cjk
    )
    right = not before_ws and (
        not (before_punct and not before_cjk) or after_ws or after_punct or after_cjk
    )
    if can_split_word:
        return Scanned(left, right, pos - start)
    return Scanned(left and (not right or before_punct), right and (not left or after_punct),
                   pos - start)


def _scan(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    return scan_delims(state.src, start, state.posMax, can_split_word)


_Rule = Callable[[StateInline, bool], bool]


def _with_cjk_scan(rule: _Rule) -> _Rule:
    def wrapped(state: StateInline, silent: bool) -> bool:
        if "scanDelims" not in vars(state):
            state.scanDelims = MethodType(_scan, state)  # type: ignore[method-assign]
        return rule(state, silent)

    return wrapped


def joins(prev: str, nxt: str) -> bool:
    """Whether a soft break between tokens with these contents renders as nothing."""
    return bool(prev) and bool(nxt) and is_cjk(prev[-1]) and is_cjk(nxt[0])


def _softbreak(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
               env: EnvType) -> str:
    """A line break between two CJK characters joins them: browsers would show a space."""
    prev = tokens[idx - 1].content if idx > 0 else ""
    nxt = tokens[idx + 1].content if idx + 1 < len(tokens) else ""
    return "" if joins(prev, nxt) else "\n"


def cjk_friendly(md: MarkdownIt) -> None:
    """markdown-it-py plugin: ``MarkdownIt(...).use(cjk_friendly)``."""
    md.inline.ruler.at("emphasis", _with_cjk_scan(emphasis.tokenize))
    md.inline.ruler.at("strikethrough", _with_cjk_scan(strikethrough.tokenize))
    md.add_render_rule("softbreak", _softbreak)
