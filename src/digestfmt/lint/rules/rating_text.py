"""A rating holds text besides its 🌟 stars, or is written as text.

## What it checks
A 价值 rating must be only 🌟 stars, written together: `🌟🌟🌟`. Reported when it
holds anything else: a score in words or digits (`4`, `4星`, `4/5`), an
annotation after the stars (`🌟🌟🌟 (3/5)`), other text, or spaces between the
stars. Ratings made only of star emoji are `rating-emoji` (DF201) and
`rating-range` (DF202); an empty rating is `empty-field` (DF105).

## Why
Tools, sorting and the JSON form read a rating as "the number of 🌟"; with text
in it the rating is kept only as text, so the card drops out of sorting and
statistics, and a reader must work out which of two scores is meant.

## Example
Bad:
```md
**价值**: 🌟🌟🌟 (3/5) **标签**: [发布]
```
Good:
```md
**价值**: 🌟🌟🌟 **标签**: [发布]
```

## Fix
Safe only when the score is certain: spaces between 1 to 5 🌟 are removed; an
annotation that restates the star count (`🌟🌟🌟 (3/5)`, `🌟🌟🌟 3星`) is dropped;
a score written as `N星`, `N颗星` or `N/5` with N from 1 to 5 becomes N × 🌟.
A bare number (`4`: out of 5 or of 10?), a score that disagrees with the stars
(`🌟🌟🌟 (4/5)`) or any other text: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.lint.rules._common import RUNS_ON, STARLIKE, graphemes, runs_on, shown
from digestfmt.model import Digest
from digestfmt.values import STAR

CODE = "DF203"
NAME = "rating-text"
SEVERITY = "error"

# A score out of five: 3星, 3 颗星, 3/5, (3/5), （3星）.
_SCORE = r"[(（]?\s*(?P<n>\d+)\s*(?:颗星|星|/\s*5)\s*[)）]?"
_STARS_THEN_SCORE = re.compile(f"(?P<stars>(?:{STAR}\\s*)+){_SCORE}")
_SCORE_ONLY = re.compile(_SCORE)


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for index, card in enumerate(digest.cards):
        for field in card.fields:
            if field.key is None or field.kind != "rating" or field.well_formed \
                    or field.value_span is None or not field.raw.strip():
                continue
            raw = field.raw
            if runs_on(field, digest.profile):
                yield Problem(field.value_span, _(RUNS_ON).format(label=field.label))
                continue
            marks = graphemes("".join(raw.split()))
            n: int | None = None
            if all(STARLIKE.match(g) for g in marks):
                if not all(g == STAR for g in marks) or not 1 <= len(marks) <= 5:
                    continue  # star emoji only: DF201 and DF202
                message, n = _("rating has spaces between its stars"), len(marks)
            elif m := _STARS_THEN_SCORE.fullmatch(raw):
                count = len(graphemes("".join(m["stars"].split())))
                message = _("rating holds text besides its stars: {text}").format(text=shown(raw))
                n = count if int(m["n"]) == count and 1 <= count <= 5 else None
            elif m := _SCORE_ONLY.fullmatch(raw):
                message = _("rating is written as text ({text}), not as 🌟").format(text=shown(raw))
                n = int(m["n"]) if 1 <= int(m["n"]) <= 5 else None
            elif any(STARLIKE.match(g) for g in marks):
                message = _("rating holds text besides its stars: {text}").format(text=shown(raw))
            else:
                message = _("rating is written as text ({text}), not as 🌟").format(text=shown(raw))
            fix = None
            if n is not None:
                fix = Fix((Edit(field.value_span, STAR * n),), _("write {n} × 🌟").format(n=n),
                          touches=(("cards", index, "fields", field.key),))
            yield Problem(field.value_span, message, fix)
