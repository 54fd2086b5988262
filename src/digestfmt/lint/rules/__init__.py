"""The rule catalogue: one module per rule, registered here by one line each."""

from __future__ import annotations

from functools import cache

from digestfmt.lint.rule import Rule
from digestfmt.lint.rules import (
    content_before_header,
    missing_field,
    missing_header,
    rating_emoji,
    unused_suppression,
)

_MODULES = [
    unused_suppression,
    missing_header,
    content_before_header,
    missing_field,
    rating_emoji,
]


@cache
def all_rules() -> dict[str, Rule]:
    """Every rule by code, in code order."""
    rules = [Rule.from_module(m) for m in _MODULES]
    return {r.code: r for r in sorted(rules, key=lambda r: r.code)}
