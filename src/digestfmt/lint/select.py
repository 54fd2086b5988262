"""Choosing rules by code (DF201), prefix (DF2, DF) or name (rating-emoji).

The most specific matching selector wins, as in ruff: ``--select DF2
--ignore DF201`` runs every DF2xx rule but DF201, and ``--ignore DF2 --select
DF201`` runs just DF201 of that family.
"""

from __future__ import annotations

from collections.abc import Iterable

from digestfmt.lint.rule import Rule


def specificity(selector: str, rule: Rule) -> int:
    """How specifically ``selector`` names ``rule``: 0 when it does not."""
    if selector == rule.name:
        return 100
    if rule.code.startswith(selector.upper()):
        return len(selector)
    return 0


def known(selector: str, rules: Iterable[Rule]) -> bool:
    return selector.upper() == "ALL" or any(specificity(selector, r) for r in rules)


def enabled(rule: Rule, select: Iterable[str], ignore: Iterable[str]) -> bool:
    chosen = max((_score(s, rule) for s in select), default=0)
    dropped = max((_score(s, rule) for s in ignore), default=0)
    return chosen > dropped


def _score(selector: str, rule: Rule) -> int:
    return 1 if selector.upper() == "ALL" else specificity(selector, rule)
