"""A card holds a block its style does not describe.

## What it checks
Blocks inside a card that are neither its fields, nor one of its sections, nor its
`---`: a table, an image, a list, a paragraph the style's profile has no place for.
They are kept verbatim in the model (the JSON form's `extras`), written back where
they stood, and shown as they are on pages; this rule says where the profile stops
describing the digest. When writing a profile for a style, each finding is a shape
the profile could learn.

## Why
Nothing a profile does not understand is ever dropped, but neither is it checked:
a field written in a shape the profile does not know is not a field, and a rule
that looks for it (a missing field, a broken link) does not see it there.

## Example
Bad (a style whose cards hold fields and sections only):
```md
### 1. Title
**链接**: https://example.com/a

| stars | forks |
| --- | --- |
| 10 | 2 |
```
Good:
```md
### 1. Title
**链接**: https://example.com/a
**Stars**: 10
**Forks**: 2
```

## Fix
None: describe the block in the profile, or rewrite it as fields or a section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF117"
NAME = "unmodelled-block"
SEVERITY = "info"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for card in digest.cards:
        for extra in card.extras:
            first = extra.body.first_line
            if first is None or _comment_only(extra.body.text):
                continue
            yield Problem(digest.line_span(first),
                          _("block the style does not describe (kept as written)"))


def _comment_only(text: str) -> bool:
    """Blank, or HTML comments only (a directive, a note to editors): nothing shown."""
    return not re.sub(r"<!--.*?-->", "", text, flags=re.S).strip()
