"""A space between a link's `]` and `(`: `[text] (url)`.

## What it checks
Text written as an inline link with spaces, tabs or a line break between the
link text's `]` and the target's `(`, where the target reads as a URL or path:
in fields, 来源 entries, section bodies, lists and the related list. Code spans
and code blocks are skipped.

## Why
CommonMark allows nothing between `]` and `(`. The reader sees the brackets,
the parenthesis and the bare address as text (or a link to the address with a
`)` glued to it), not the named link the author wrote.

## Example
Bad:
```md
> **来源：** [机器之心] (https://mp.weixin.qq.com/s/abc)
```
Good:
```md
> **来源：** [机器之心](https://mp.weixin.qq.com/s/abc)
```

## Fix
Safe: the space is removed.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._drift import drift_problems
from digestfmt.lint.rules.malformed_url import shorten
from digestfmt.model import Digest

CODE = "DF320"
NAME = "spaced-link"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    return drift_problems(
        digest, "spaced",
        lambda d: _("space between `]` and `(` in `{link}`: Markdown shows it as text, not as "
                    "a link").format(link=shorten(d.detail)),
        lambda d: _("remove the space between `]` and `(`"))
