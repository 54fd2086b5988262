"""Numbered cards are not numbered exactly 1, 2, …, N in order.

## What it checks
In a style whose card headings carry a number (`### 3. [OpenAI] …`: intel and
the older intel era), the cards must be numbered 1 to N from top to bottom: no
gaps, no repeats, none skipped or missing its number. One finding, at the first
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

from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Card, Digest, Span

CODE = "DF111"
NAME = "card-numbering"
SEVERITY = "error"

_HEADING = re.compile(r"(?P<lead> {0,3}#+[ \t]+)(?:(?P<number>\d+)\.[ \t]*)?")


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    if "number" not in digest.profile.card_pattern.groupindex:
        return
    wrong = [(i, card) for i, card in enumerate(digest.cards) if card.number != i + 1]
    if not wrong:
        return
    first_index, first = wrong[0]
    if first.heading_span is None:
        return
    expected = first_index + 1
    if first.number is None:
        message = f"card has no number; expected {expected}"
    else:
        message = f"card numbered {first.number}; expected {expected}"
    yield Problem(first.heading_span, f"{message} (cards are numbered 1..{len(digest.cards)} "
                                      "in order)", _fix(digest, wrong))


def _fix(digest: Digest, wrong: list[tuple[int, Card]]) -> Fix | None:
    edits = []
    touches: list[tuple[str | int, ...]] = []
    for index, card in wrong:
        m = _HEADING.match(card.heading_raw)
        if card.heading_span is None or not m:
            return None
        line = card.heading_span.line
        if m["number"] is not None:
            start, end, text = m.start("number"), m.end("number"), str(index + 1)
        else:
            start = end = m.end("lead")
            text = f"{index + 1}. "
        edits.append(Edit(Span(line, start + 1, line, end + 1), text))
        touches.append(("cards", index, "number"))
    return Fix(tuple(edits), f"renumber the cards 1..{len(digest.cards)}", safe=False,
               touches=tuple(touches))
