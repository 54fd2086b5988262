"""The header's date does not exist on the calendar.

## What it checks
The date in the `#` header, once read (`2026-02-30`, `2026年02月29日`): its month
must be 1 to 12 and its day must exist in that month, leap years included
(`2028-02-29` exists, `2026-02-29` does not). A header without a readable date
is `missing-date` (DF102).

## Why
A date that does not exist cannot be filed, sorted or compared with the path
and the cards' times; it is almost always a typo for a nearby day, and the
publisher may file it anywhere or nowhere.

## Example
Bad:
```md
# AI 每日情报 | 2026-02-30
```
Good:
```md
# AI 每日情报 | 2026-02-28
```

## Fix
None: which day was meant must come from the author (the path usually says).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF401"
NAME = "invalid-date"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    date = digest.date
    if date is None or date.span is None or date.as_date() is not None:
        return
    if not 1 <= date.month <= 12:
        why = _("there is no month {month}").format(month=date.month)
    elif date.day < 1:
        why = _("there is no day 0")
    else:
        days = calendar.monthrange(date.year, date.month)[1]
        why = _("{month} has {days} days").format(month=f"{date.year:04d}-{date.month:02d}",
                                                  days=days)
    yield Problem(date.span, _("{date} is not a calendar date: {why}").format(date=date.raw,
                                                                               why=why))
