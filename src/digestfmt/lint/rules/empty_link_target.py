"""A link has an empty target: `[text]()`.

## What it checks
Inline links and images whose target is empty: `[text]()`, `[text]( )` and
`[text](<>)`, anywhere in the digest (fields, sections, the intro, the related
list).

## Why
Markdown renders `[text]()` as a link to the page itself: a reader clicks and
nothing happens. It is almost always a placeholder the generator never filled.

## Example
Bad:
```md
- **论文链接**: [arXiv:2602.01234]()
```
Good:
```md
- **论文链接**: [arXiv:2602.01234](https://arxiv.org/abs/2602.01234)
```

## Fix
None: the target must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links import links
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF302"
NAME = "empty-link-target"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for link in links(digest):
        if link.empty_target and link.span is not None:
            message = _("image `[{text}]` has an empty target") if link.image \
                else _("link `[{text}]` has an empty target")
            yield Problem(link.span, message.format(text=link.text))
