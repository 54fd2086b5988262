"""A card's time is on an earlier day than its digest's.

## What it checks
Every card time that can be read (`YYYY-MM-DD HH:MM`) must fall on the digest's
day: the date in its header, or, when the header has none, the date in its
path. A time more than `tolerance-days` days before that day is reported (by
calendar day: with the default 0, any earlier day). Times after the digest's
day are `future-card-time` (DF405).

In the real intel archive studied (27 files, 2026-01-31 to 2026-02-28, 399 cards) every
card's time is on its digest's day, so the default reports no real card; a
publisher whose digests collect the previous evening's news can set
`tolerance-days = 1`.

## Why
A digest reports one day's news; a card from another day is a story carried
over or re-run by mistake, or a digest filed under the wrong day.

## Example
Bad:
```md
# AI 每日情报 | 2026-02-20

### 1. [OpenAI] GPT-5 发布
**来源**: 机器之心 | **时间**: 2026-02-17 07:39
```
Good:
```md
# AI 每日情报 | 2026-02-20

### 1. [OpenAI] GPT-5 发布
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
```

## Fix
None: whether the card or its time is wrong must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import ngettext
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._common import card_time, digest_day, time_fields
from digestfmt.model import Digest

CODE = "DF404"
NAME = "card-date-mismatch"
SEVERITY = "warning"
OPTIONS = {"tolerance-days": 0}


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    day = digest_day(digest, ctx)
    if day is None:
        return
    tolerance = max(0, int(ctx.options.get("tolerance-days", 0)))  # a negative one means 0
    for card in digest.cards:
        for field in time_fields(card):
            moment = card_time(field)
            if moment is None or field.value_span is None:
                continue
            behind = (day - moment.date()).days
            if behind > tolerance:
                allowed = ngettext(" (tolerance {n} day)", " (tolerance {n} days)",
                                   tolerance).format(n=tolerance) if tolerance else ""
                yield Problem(field.value_span, ngettext(
                    "card time is {n} day before the digest's day {day}{allowed}",
                    "card time is {n} days before the digest's day {day}{allowed}", behind,
                ).format(n=behind, day=day.isoformat(), allowed=allowed))
