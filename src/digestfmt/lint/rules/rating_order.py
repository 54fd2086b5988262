"""Cards are not sorted by rating, highest first, where the style sorts them so.

## What it checks
In a style whose cards are sorted by rating (intel and its older era: the
generator writes cards by score, highest first), each card's 🌟 count must not
exceed the count of the rated card before it. One finding per digest, at the
rating of the first card that is rated higher than the card before it. Cards
whose rating cannot be counted (DF201–DF203) are skipped.

## Why
Readers of a sorted digest stop reading when the ratings drop below what they
care about; a card out of order hides a better story below worse ones, and
usually means a card was added or re-rated by hand.

## Example
Bad:
```md
### 1. [OpenAI] GPT-5 发布
**价值**: 🌟🌟🌟 **标签**: [发布]

### 2. [Google] Gemini 更新
**价值**: 🌟🌟🌟🌟🌟 **标签**: [发布]
```
Good:
```md
### 1. [Google] Gemini 更新
**价值**: 🌟🌟🌟🌟🌟 **标签**: [发布]

### 2. [OpenAI] GPT-5 发布
**价值**: 🌟🌟🌟 **标签**: [发布]
```

## Fix
None: move the cards (and renumber them) by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Card, Digest

CODE = "DF204"
NAME = "rating-order"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    key = digest.profile.sorted_by
    if key is None:
        return
    previous: tuple[Card, int] | None = None
    for card in digest.cards:
        field = card.field(key)
        if field is None or not isinstance(field.value, int):
            continue
        if previous is not None and field.value > previous[1]:
            span = field.value_span or card.heading_span
            if span is not None:
                yield Problem(span, _("card rated {rating} comes after a card rated {earlier} "
                                      "({card}); cards are sorted by rating, highest first")
                              .format(rating=field.value, earlier=previous[1],
                                      card=_name(previous[0])))
            return
        previous = card, field.value


def _name(card: Card) -> str:
    return _("card {number}").format(number=card.number) if card.number is not None \
        else repr(card.title)
