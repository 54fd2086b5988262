"""Text an author meant as a link that Markdown renders as something else.

CommonMark is strict where authors (and generators) are not: a space between ``]``
and ``(``, full-width ``（）【】：`` for ASCII markup, a mistyped scheme, CJK text
glued to a bare URL, a bare URL whose ``_`` or ``*`` closes the emphasis around it,
a space inside the 链接 field's URL. Each leaves the reader with no link, half a
link, or a link to the wrong address, and Markdown never says so.

``drifts(digest)`` walks the model's regions (never the file) and returns each such
place once, with the edits that restore the evident intent and whether that intent
is certain (a safe fix) or a guess (an unsafe one). Code spans and code blocks are
skipped. The DF32x rules each report one ``kind``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from digestfmt.links.extract import found_links, single_target
from digestfmt.links.scan import Found, code_spans, looks_like_url, paragraphs
from digestfmt.links.url import repair_scheme
from digestfmt.memo import per_digest
from digestfmt.model import Digest
from digestfmt.regions import Region, regions
from digestfmt.spans import Spans

Replacement = tuple[int, int, str]  # (start, end, text) in the region's text
_Add = Callable[[str, int, int, str, tuple[Replacement, ...], bool], None]
_ASCII = {"【": "[", "】": "]", "（": "(", "）": ")"}

# `[text] (target)`: CommonMark allows nothing between `]` and `(`.
_SPACED = re.compile(r"\[([^\[\]\n]*\S[^\[\]\n]*)\]([ \t]+|[ \t]*\n[ \t]*)\((\S+?)\)")
# `[text]（target）`, `【text】(target)`, `【text】（target）` (`[text](target）` is an
# unclosed link: DF303's).
_FULL_WIDTH = re.compile(
    r"(?P<open>[\[【])(?P<text>[^\[\]【】\n]*[^\s\[\]【】][^\[\]【】\n]*)(?P<close>[\]】])"
    r"(?P<paren>[(（])(?P<target>[^\s()（）]+)(?P<end>[)）])")
# Something that reads as an address: a scheme-like word, then `:` and slashes in any
# mix, then a host with a dot.
_ADDRESS = re.compile(
    r"(?<![A-Za-z0-9+.\-])([A-Za-z]{2,8})([:：]?)(/{1,3})"
    r"(?=[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)+)")
_URLISH = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
_GLUED = re.compile(r"[^\s<>\"`|\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20]+")
_PUNCTUATION = re.compile(r"[\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65"
                          r"\u2018-\u201F\u2026\u00B7]")


@dataclass(frozen=True)
class Drift:
    """One place where what renders differs from the evident intent."""

    kind: str  # spaced | full-width | glued | scheme | emphasis | split
    region: Region
    start: int  # what to point at, as offsets into the region's text
    end: int
    detail: str  # the mistake as written, for the message
    edits: tuple[Replacement, ...]  # what restores the intent
    safe: bool  # the intent is certain, not a guess


def drifts(digest: Digest) -> tuple[Drift, ...]:
    """Every drift in the digest, in document order (computed once per digest)."""
    return _drifts(digest)


@per_digest
def _drifts(digest: Digest) -> tuple[Drift, ...]:
    out: list[Drift] = []
    for region, found in zip(regions(digest), found_links(digest), strict=True):
        if _may_drift(region.text):
            parts = paragraphs(region.text, region.code_rows()) if region.block \
                else iter([(0, len(region.text))])
            starts = [f.start for f in found]  # in text order
            for start, end in parts:
                here = found[bisect_left(starts, start):bisect_left(starts, end)]
                out += _paragraph_drifts(region, start, end, here)
    return tuple(out)


def _may_drift(text: str) -> bool:
    """False only when no drift can be in ``text`` (every kind needs one of these)."""
    return "/" in text or "]" in text or "】" in text


def _paragraph_drifts(region: Region, start: int, end: int,
                      found: Sequence[Found]) -> list[Drift]:
    """The drifts in ``region.text[start:end]``, one paragraph (offsets are the region's)."""
    text = region.text
    taken: Spans[int] = Spans()  # what an earlier kind reported, so no place twice
    # Code spans, links and bare URLs, worked out at the first candidate: most
    # paragraphs have none (a pure function of the paragraph, so when is no matter).
    known: list[Spans[int]] = []

    def code() -> Spans[int]:
        if not known:
            known.append(Spans((start + a, start + b) for a, b in code_spans(text[start:end])))
            known.append(Spans((f.start, f.end) for f in found if f.kind != "bare"))
            known.append(Spans((f.start, f.end) for f in found if f.kind == "bare"))
        return known[0]

    def free(a: int, b: int, *, over_bare: bool = True) -> bool:
        """Whether ``a:b`` is outside code, links and earlier reports; a spaced or
        full-width link holds a bare URL, so only ``over_bare=False`` avoids those."""
        return not (code().hits(a, b) or taken.hits(a, b) or known[1].hits(a, b)
                    or (not over_bare and known[2].hits(a, b)))

    out: list[Drift] = []

    def add(kind: str, a: int, b: int, detail: str, edits: tuple[Replacement, ...],
            safe: bool) -> None:
        taken.add(a, b)
        out.append(Drift(kind, region, a, b, detail, edits, safe))

    for m in _SPACED.finditer(text, start, end):
        if free(m.start(), m.end()) and looks_like_url(m[3]):
            add("spaced", m.start(2) - 1, m.end(2) + 1, m[0], ((m.start(2), m.end(2), ""),), True)
    for m in _FULL_WIDTH.finditer(text, start, end) if _may_be_wide(text, start, end) else ():
        wide = [g for g in ("open", "close", "paren", "end") if m[g] in _ASCII]
        if not wide or wide == ["end"] or not free(m.start(), m.end()) \
                or not looks_like_url(m["target"]):
            continue
        edits = tuple((m.start(g), m.end(g), _ASCII[m[g]]) for g in wide)
        # `[t]（u）` can only be a link; `【t】(u)` may be a bracketed name and a URL
        add("full-width", m.start(), m.end(), m[0], edits, m["open"] == "[")
    field = region.field
    in_target = field is not None and field.kind == "url" and single_target(field.raw)
    for m in [] if in_target else _ADDRESS.finditer(text, start, end):  # else DF301's
        if not free(m.start(), m.end(), over_bare=False):
            continue
        rest = _URLISH.match(text, m.end(), end)
        written = text[m.start():rest.end() if rest else m.end()].rstrip(".,;:!?")
        repaired = repair_scheme(written)
        if repaired is None:
            continue
        fixed, certain = repaired
        add("scheme", m.start(), m.start() + len(written), written,
            ((m.start(), m.start() + len(written), fixed),), certain)
    for f in found:
        if f.kind == "bare" and not (code().hits(f.start, f.end) or taken.hits(f.start, f.end)):
            _bare_drift(region, end, f, add)
    return out


def _may_be_wide(text: str, start: int, end: int) -> bool:
    """False only when ``_FULL_WIDTH`` can match nothing to report in ``text[start:end]``:
    a full-width ``）`` alone is no drift, so one of ``【】（`` must be there."""
    return any(text.find(ch, start, end) >= 0 for ch in "【】（")


def _bare_drift(region: Region, end: int, f: Found, add: _Add) -> None:
    """A bare URL cut by emphasis, glued to text, or (in a url field) split by a space;
    ``end`` is where its paragraph ends."""
    text = region.text
    before = text[f.start - 1] if f.start else ""
    after = text[f.end] if f.end < end else ""
    delimiter = before if before in "*_" else ""
    if delimiter and delimiter in f.url:
        add("emphasis", f.start, f.end, f.url, ((f.start, f.end, f"<{f.url}>"),), True)
        return
    if after and not after.isspace() and after not in "<>\"`|" and not after.isascii():
        glued = _GLUED.match(text, f.end)
        whole = f.url + (glued[0] if glued else after)
        if glued is None:  # `，` `。` `）` end a sentence, not an address
            add("glued", f.start, f.end + 1, whole, ((f.start, f.end, f"<{f.url}>"),), True)
        elif f.url[-1] in "/=?&#-_":  # `/wiki/人工智能`: the text may be the address's
            add("glued", f.start, glued.end(), whole, ((f.start, glued.end(), f"<{whole}>"),),
                False)
        else:
            add("glued", f.start, f.end + 1, whole, ((f.start, f.end, f"<{f.url}>"),), False)
        return
    field = region.field
    if field is not None and field.kind == "url" and f.start == 0:
        rest = text[f.end:end]
        gap = len(rest) - len(rest.lstrip(" \t"))
        tail = rest[gap:]
        if gap and tail and _URLISH.fullmatch(tail) and not tail.startswith("("):
            add("split", f.start, end, text[f.start:end], ((f.end, f.end + gap, ""),),
                tail[0] in "/?&=#-_" or f.url[-1] in "/?&=#-_")
