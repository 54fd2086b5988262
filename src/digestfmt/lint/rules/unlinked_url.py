"""An address in text with a mistyped scheme, so Markdown does not link it.

## What it checks
Text outside links that reads as a web address whose scheme is mistyped: a
missing or full-width colon (`https//`, `https：//`), one slash (`http:/`), or a
scheme one letter away from http(s) (`htps://`, `ttps://`, `htttps://`), each
followed by a host with a dot. `hxxp://`, written so on purpose, is left alone;
so are code spans and code blocks. The same mistakes inside a link's target are
DF301's.

## Why
Only `http://` and `https://` make a bare address a link. The reader gets text
to copy by hand, and a copy that opens nothing.

## Example
Bad:
```md
- 项目主页：htps://github.com/org/repo
```
Good:
```md
- 项目主页：https://github.com/org/repo
```

## Fix
Safe, only where one of http and https is nearest (`htps` → `https`); unsafe
where both are (`htts`), which writes `https`.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._drift import drift_problems
from digestfmt.lint.rules.malformed_url import shorten
from digestfmt.model import Digest

CODE = "DF323"
NAME = "unlinked-url"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    return drift_problems(
        digest, "scheme",
        lambda d: _("`{text}` has a mistyped scheme, so it is not a link").format(
            text=shorten(d.detail)),
        lambda d: _("write `{url}`").format(url=shorten(d.edits[0][2])))
