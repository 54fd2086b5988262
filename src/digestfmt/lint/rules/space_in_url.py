"""A space inside the URL of a link field: `**链接**: https://x.com/a b`.

## What it checks
A field that holds a card's link (the intel 链接) whose value is an address,
then spaces, then more address characters and nothing else. A note after the
address (`https://x.com/a （原文）`) is not this.

## Why
A bare address ends at the first space: the reader gets a link to part of the
address and loose text after it.

## Example
Bad:
```md
**链接**: https://mp.weixin.qq.com/s/ zYLN6_s99DwhxRx5ZtmRsg
```
Good:
```md
**链接**: https://mp.weixin.qq.com/s/zYLN6_s99DwhxRx5ZtmRsg
```

## Fix
Safe, only where the address's first part ends, or its second part starts, with
`/`, `?`, `&`, `=`, `#`, `-` or `_`: the space is removed. Unsafe elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._drift import drift_problems
from digestfmt.lint.rules.malformed_url import shorten
from digestfmt.model import Digest

CODE = "DF325"
NAME = "space-in-url"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    return drift_problems(
        digest, "split",
        lambda d: _("space inside the URL `{url}`: the link ends at the space").format(
            url=shorten(d.detail)),
        lambda d: _("remove the space"))
