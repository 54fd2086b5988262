"""Text glued to the end of a bare URL: `https://x.com/a。`, `（https://x.com/a）`.

## What it checks
A bare `http(s)://` address (not `<url>`, not `[text](url)`) followed directly,
with no space, by a non-ASCII character: CJK punctuation (`，。）」`), ideographs,
kana or Hangul. Code spans and code blocks are skipped.

## Why
Renderers disagree on where such an address ends. GitHub's autolinks run to
the next space, so `https://x.com/a。` links to an address ending in `。`, which
opens nothing; others stop at the CJK text. Writing the address as `<url>`
makes every renderer link exactly it, and the reader sees the same text.

## Example
Bad:
```md
- 开源地址：GitHub（https://github.com/org/repo）
```
Good:
```md
- 开源地址：GitHub（<https://github.com/org/repo>）
```

## Fix
Safe, only before CJK punctuation, which never belongs to an address: the
address is written `<url>`. Unsafe before other text, which may be the address's own
(`https://zh.wikipedia.org/wiki/人工智能`): after `/`, `=`, `?`, `&`, `#`, `-`
or `_` the text is taken into the `<url>`, elsewhere it is left out of it.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._drift import drift_problems
from digestfmt.lint.rules.malformed_url import shorten
from digestfmt.model import Digest

CODE = "DF322"
NAME = "glued-url"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    return drift_problems(
        digest, "glued",
        lambda d: _("text is glued to the bare URL in `{text}`: renderers disagree on where "
                    "the address ends").format(text=shorten(d.detail)),
        lambda d: _("write the address as `{url}`").format(url=shorten(d.edits[0][2])))
