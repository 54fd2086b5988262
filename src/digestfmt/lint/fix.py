"""Applying fixes, and refusing those that change more than they meant to.

Edits are applied bottom-up; the result is re-parsed and its JSON form compared
with the original's. Every difference must lie under a pointer the applied fixes
declared in ``Fix.touches``; otherwise the fixes are retried one at a time and
those that still overreach are refused.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from digestfmt.codecs.json_ import to_dict
from digestfmt.errors import DigestError
from digestfmt.lint.rule import Edit, Finding, Fix
from digestfmt.model import Digest
from digestfmt.parse import parse_text
from digestfmt.spans import Spans

Pointer = tuple[str | int, ...]


@dataclass
class FixResult:
    text: str
    applied: list[Finding]
    refused: list[Finding]


def apply_fixes(text: str, digest: Digest, findings: Sequence[Finding], unsafe: bool) -> FixResult:
    candidates = [f for f in findings if f.fix and (f.fix.safe or unsafe)]
    chosen = _without_overlaps(candidates)
    if not chosen:
        return FixResult(text, [], [])
    before = to_dict(digest)
    fixed = _apply(text, [f.fix for f in chosen if f.fix])
    if _verified(before, fixed, digest, chosen):
        return FixResult(fixed, chosen, [])
    applied: list[Finding] = []
    refused: list[Finding] = []
    current = text
    for finding in chosen:  # bottom-up, so earlier positions stay valid
        assert finding.fix is not None
        attempt = _apply(current, [finding.fix])
        if _verified(before, attempt, digest, [*applied, finding]):
            applied.append(finding)
            current = attempt
        else:
            refused.append(finding)
    return FixResult(current, applied, refused)


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Fixes whose edits do not overlap, last in the file first."""
    ordered = sorted(findings, key=lambda f: _first(f.fix), reverse=True)
    kept: list[Finding] = []
    taken: Spans[tuple[int, int]] = Spans()
    for finding in ordered:
        assert finding.fix is not None
        ranges = [((e.span.line, e.span.column), (e.span.end_line, e.span.end_column))
                  for e in finding.fix.edits]
        if any(taken.hits(a, b) for a, b in ranges):
            continue
        kept.append(finding)
        for a, b in ranges:
            taken.add(a, b)
    return kept


def _first(fix: Fix | None) -> tuple[int, int]:
    assert fix is not None
    return min((e.span.line, e.span.column) for e in fix.edits)


def _apply(text: str, fixes: Sequence[Fix]) -> str:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)

    def offset(line: int, column: int) -> int:
        return min(starts[line - 1] + column - 1, len(text)) if line <= len(starts) else len(text)

    edits: list[Edit] = sorted((e for fix in fixes for e in fix.edits),
                               key=lambda e: (e.span.line, e.span.column), reverse=True)
    places = [(offset(e.span.line, e.span.column), offset(e.span.end_line, e.span.end_column),
               e.text) for e in edits]
    # Applied bottom-up, one after another, as the edits are meant; written as one join
    # (a copy of the text per edit was quadratic), which gives the same text unless two
    # edits overlap: then, the slow way.
    places.reverse()  # top-down; insertions at one place in the order the slow way puts them
    if any(b > c for (_, b, _), (c, _, _) in pairwise(places)):
        for a, b, new in reversed(places):
            text = text[:a] + new + text[b:]
        return text
    out: list[str] = []
    at = 0
    for a, b, new in places:
        out += (text[at:a], new)
        at = b
    out.append(text[at:])
    return "".join(out)


def _verified(before: dict[str, Any], text: str, digest: Digest,
              findings: Sequence[Finding]) -> bool:
    try:
        after = to_dict(parse_text(text, path=digest.path, profile=digest.profile))
    except DigestError:  # a fix that makes the text unreadable is refused, never applied
        return False
    allowed = [t for f in findings if f.fix for t in f.fix.touches]
    return all(any(p[:len(t)] == t for t in allowed) for p in differences(before, after))


def differences(a: Any, b: Any, at: Pointer = ()) -> Iterator[Pointer]:
    """Pointers to where two JSON values differ (a changed list length: the list)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                yield (*at, key)
            else:
                yield from differences(a[key], b[key], (*at, key))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from differences(x, y, (*at, index))
    elif a != b:
        yield at
