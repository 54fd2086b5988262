"""A card's time is not `YYYY-MM-DD HH:MM`, or names a moment that does not exist.

## What it checks
Every 时间 field: it must be written exactly `YYYY-MM-DD HH:MM` (zero-padded,
one space, 24-hour clock, no seconds or zone) and name a real moment: month
1–12, a day that exists in that month, hour 0–23, minute 0–59 (`25:61` and
`2026-13-01` are reported). An empty time is `empty-field` (DF105).

## Why
Card times are how readers judge freshness and how tools check a card against
its digest's day (DF404, DF405); a time in another shape cannot be read by
them, and an impossible one is a typo that hides the real time.

## Example
Bad:
```md
**来源**: 机器之心 | **时间**: 2026/2/20 7:39
```
Good:
```md
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
```

## Fix
Safe when only the writing differs and the moment is certain: `/` or `.` as
date separators, `T` or several spaces between date and time, missing zero
padding (`2026/2/20 7:39` → `2026-02-20 07:39`). Times with seconds, a zone,
AM/PM or an impossible moment: none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.lint.rules._common import CARD_TIME, RUNS_ON, runs_on, shown, time_fields
from digestfmt.model import Digest

CODE = "DF402"
NAME = "invalid-time"
SEVERITY = "error"

_LOOSE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ \t]+|T)(\d{1,2}):(\d{2})")


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for index, card in enumerate(digest.cards):
        for field in time_fields(card):
            raw = field.raw
            if not raw.strip() or field.value_span is None:
                continue
            if m := CARD_TIME.fullmatch(raw):
                moment = _moment(*(int(x) for x in m.groups()))
                if moment is None:
                    yield Problem(field.value_span,
                                  _("{time} is not a possible time").format(time=raw))
                continue
            if runs_on(field, digest.profile):
                yield Problem(field.value_span, _(RUNS_ON).format(label=field.label))
                continue
            fix = None
            message = _("time {time} is not written YYYY-MM-DD HH:MM").format(time=shown(raw))
            loose = _LOOSE.fullmatch(raw.strip())
            if loose:
                year, _sep, month, day, hour, minute = loose.groups()
                moment = _moment(int(year), int(month), int(day), int(hour), int(minute))
                if moment is None:
                    message = _("time {time} is not written YYYY-MM-DD HH:MM, nor is it a "
                                "possible time").format(time=shown(raw))
                else:
                    text = moment.strftime("%Y-%m-%d %H:%M")
                    fix = Fix((Edit(field.value_span, text),), _("write {text}").format(text=text),
                              touches=(("cards", index, "fields", field.key or "time"),))
            yield Problem(field.value_span, message, fix)


def _moment(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime | None:
    try:
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None
