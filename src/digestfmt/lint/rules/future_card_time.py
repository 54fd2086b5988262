"""A card's time is later than the end of its digest's day.

## What it checks
Every card time that can be read (`YYYY-MM-DD HH:MM`) must not be later than
the end of the digest's day (midnight after it): the date in its header, or,
when the header has none, the date in its path. Card times carry no zone; they
are read, like the digest's day, in the configured `timezone` (Asia/Shanghai
unless set).

## Why
A story cannot be published after the digest that reports it: such a time is
a typo (wrong month or year), or the digest is dated a day too early.

## Example
Bad:
```md
# AI 每日情报 | 2026-02-20

### 1. [OpenAI] GPT-5 发布
**来源**: 机器之心 | **时间**: 2026-02-21 07:39
```
Good:
```md
# AI 每日情报 | 2026-02-20

### 1. [OpenAI] GPT-5 发布
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
```

## Fix
None: the right time must come from the author.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._common import card_time, digest_day, time_fields
from digestfmt.model import Digest

CODE = "DF405"
NAME = "future-card-time"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    day = digest_day(digest, ctx)
    if day is None:
        return
    tz = ctx.tz
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    for card in digest.cards:
        for field in time_fields(card):
            moment = card_time(field)
            if moment is None or field.value_span is None:
                continue
            if moment.replace(tzinfo=tz) >= end:
                yield Problem(field.value_span, _(
                    "card time {time} is after the digest's day {day} ({zone})").format(
                    time=field.raw, day=day.isoformat(), zone=ctx.timezone))
