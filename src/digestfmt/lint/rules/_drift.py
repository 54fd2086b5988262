"""Shared by the DF32x rules: each drift of one kind as a problem with its fix."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from digestfmt.links.drift import Drift, drifts
from digestfmt.lint.rule import Edit, Fix, Problem
from digestfmt.model import Digest


def drift_problems(digest: Digest, kind: str, message: Callable[[Drift], str],
                   fix_description: Callable[[Drift], str]) -> Iterator[Problem]:
    for drift in drifts(digest):
        if drift.kind != kind:
            continue
        region = drift.region
        span = region.span(drift.start, drift.end)
        if span is None:
            continue  # text the parser made up: no place to point at
        edits = [(region.span(a, b), text) for a, b, text in drift.edits]
        fix = None
        if all(s is not None for s, _ in edits):
            # A fix may turn text into a parsed value (a source list, the related
            # list's items), so it touches the whole field or list.
            pointer = ("related",) if region.origin == "related" else region.pointer
            fix = Fix(tuple(Edit(s, text) for s, text in edits if s is not None),
                      fix_description(drift), safe=drift.safe, touches=(pointer,))
        yield Problem(span, message(drift), fix)
