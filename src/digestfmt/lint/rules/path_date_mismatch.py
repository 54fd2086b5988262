"""The header's date differs from the date in the file's path.

## What it checks
When the file's path names a date (`output/2026-02-20/daily_report.md`,
`ai/2026/02/20.md`, `2026-02-20-digest.md`), the date in the `#` header must be
the same day. Files whose path names no date are not checked, nor headers
whose date is missing (DF102) or does not exist (DF401).

## Why
Archives are filed by path, and publishers take the date from the header: when
the two disagree, the digest is listed under one day and says it is another,
and links to "the digest of 2026-02-20" lead to the wrong news.

## Example
Bad (in `output/2026-02-20/daily_report.md`):
```md
# AI 每日情报 | 2026-02-19
```
Good:
```md
# AI 每日情报 | 2026-02-20
```

## Fix
None: either the header or the file's place is wrong, and only the author
knows which.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF403"
NAME = "path-date-mismatch"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    date = digest.date
    if date is None or date.span is None:
        return
    day, filed = date.as_date(), ctx.path_date()
    if day is None or filed is None or day == filed:
        return
    yield Problem(date.span, _("header date {day} differs from the path's date {filed}").format(
        day=day.isoformat(), filed=filed.isoformat()))
