"""A bare URL inside emphasis, cut short by its own `_` or `*`.

## What it checks
A bare `http(s)://` address right after an emphasis delimiter (`_` or `*`)
that holds the same character, as in `_https://mp.weixin.qq.com/s/_nBL4_`.

## Why
Emphasis is parsed before bare addresses are linked, so the `_` or `*` inside
the address closes the emphasis: the reader gets a link to the address's first
part and the rest in italics. An autolink `<url>` binds tighter than emphasis.

## Example
Bad:
```md
**链接**: _https://mp.weixin.qq.com/s/_nBL4-5RtkOACa0HaNuyqg_
```
Good:
```md
**链接**: _<https://mp.weixin.qq.com/s/_nBL4-5RtkOACa0HaNuyqg>_
```

## Fix
Safe: the address is written `<url>`; the reader sees the same text.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._drift import drift_problems
from digestfmt.lint.rules.malformed_url import shorten
from digestfmt.model import Digest

CODE = "DF324"
NAME = "url-in-emphasis"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    return drift_problems(
        digest, "emphasis",
        lambda d: _("the emphasis around `{url}` is closed inside the address, so the link is "
                    "cut short").format(url=shorten(d.detail)),
        lambda d: _("write the address as `<url>`"))
