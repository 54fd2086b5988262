"""Numbered cards are not numbered exactly 1, 2, …, N in order.

## What it checks
In a style whose card headings carry a number (`### 3. [OpenAI] …`: intel and
the older intel era), the cards must be numbered 1 to N from top to bottom: no
gaps, no repeats, none skipped or missing its number. In a style whose profile
numbers cards per group (`groups: {numbering: per-group}`), numbering restarts at
1 under each group heading; with `numbering: either`, the digest may use one scheme
or the other, consistently. One finding, at the first
card whose number is not the expected one.

## Why
Readers and chat messages refer to cards by number ("see #3"); a gap or a
repeat makes such references ambiguous and usually means a card was deleted,
pasted twice or moved by hand.

## Example
Bad:
```md
### 1. [OpenAI] GPT-5 发布
### 3. [Google] Gemini 更新
### 3. [Meta] Llama 开源
```
Good:
```md
### 1. [OpenAI] GPT-5 发布
### 2. [Google] Gemini 更新
### 3. [Meta] Llama 开源
```

## Fix
Unsafe: renumber every card 1 to N in the order they stand. Unsafe because
numbers that others already cite change meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Card, Digest, Span

CODE = "DF111"
NAME = "card-numbering"
SEVERITY = "error"

_HEADING = re.compile(r"(?P<lead> {0,3}#+[ \t]+)(?:(?P<number>\d+)\.[ \t]*)?")


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    if "number" not in digest.profile.card_pattern.groupindex:
        return
    expected = _expected_numbers(digest)
    wrong = [(i, card) for i, card in enumerate(digest.cards) if card.number != expected[i]]
    if not wrong:
        return
    first_index, first = wrong[0]
    if first.heading_span is None:
        return
    if first.number is None:
        message = _("card has no number; expected {number}").format(
            number=expected[first_index])
    else:
        message = _("card numbered {number}; expected {expected}").format(
            number=first.number, expected=expected[first_index])
    scope = f"1..{len(digest.cards)}" if expected == _numbers(digest, False) \
        else _("from 1 in each group")
    yield Problem(first.heading_span, _("{message} (cards are numbered {scope} in order)")
                  .format(message=message, scope=scope),
                  _fix(digest, wrong, expected, scope))


def _expected_numbers(digest: Digest) -> list[int]:
    """1, 2, … across the digest, or restarting at each group where the style says so;
    where it allows either, the one the digest's numbers follow more closely."""
    schemes = {"global": [False], "per-group": [True], "either": [True, False]}
    candidates = [_numbers(digest, per_group)
                  for per_group in schemes[digest.profile.group_numbering]]
    return min(candidates, key=lambda expected: sum(
        card.number != number for card, number in zip(digest.cards, expected, strict=True)))


def _numbers(digest: Digest, per_group: bool) -> list[int]:
    out, number = [], 0
    for card in digest.cards:
        number = 1 if per_group and card.group is not None else number + 1
        out.append(number)
    return out


def _fix(digest: Digest, wrong: list[tuple[int, Card]], expected: list[int],
         scope: str) -> Fix | None:
    edits = []
    touches: list[tuple[str | int, ...]] = []
    for index, card in wrong:
        m = _HEADING.match(card.heading_raw)
        if card.heading_span is None or not m:
            return None
        line = card.heading_span.line
        if m["number"] is not None:
            start, end, text = m.start("number"), m.end("number"), str(expected[index])
        else:
            start = end = m.end("lead")
            text = f"{expected[index]}. "
        edits.append(Edit(Span(line, start + 1, line, end + 1), text))
        touches.append(("cards", index, "number"))
    return Fix(tuple(edits), _("renumber the cards {scope}").format(scope=scope), safe=False,
               touches=tuple(touches))
