"""A rating of 🌟 has more than five stars.

## What it checks
A 价值 rating written only with 🌟 (U+1F31F) must have 1 to 5 of them, counted by
grapheme (spaces between stars are ignored here; `rating-text`, DF203, reports
them). An empty rating is `empty-field` (DF105), other star emoji are
`rating-emoji` (DF201) and ratings with text are `rating-text` (DF203).

## Why
The scale is 1 to 5 (the generator asks for a score from 1 to 5 and writes one
🌟 per point); a sixth star is a typo or a paste accident, and sorting, the JSON
form and every converter reject or misread a rating off the scale.

## Example
Bad:
```md
**价值**: 🌟🌟🌟🌟🌟🌟 **标签**: [发布]
```
Good:
```md
**价值**: 🌟🌟🌟🌟🌟 **标签**: [发布]
```

## Fix
None: whether 5 or another score was meant must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._common import graphemes
from digestfmt.model import Digest
from digestfmt.values import STAR

CODE = "DF202"
NAME = "rating-range"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for card in digest.cards:
        for field in card.fields:
            if field.key is None or field.kind != "rating" or field.well_formed \
                    or field.value_span is None or "\n" in field.raw.strip():
                continue
            stars = graphemes("".join(field.raw.split()))
            if stars and all(g == STAR for g in stars) and len(stars) > 5:
                yield Problem(field.value_span,
                              _("rating has {n} stars; the scale is 1 to 5").format(
                                  n=len(stars)))
