"""Content stands before the digest's header.

## What it checks
Blocks (other than HTML comments) that come before the `#` header.

## Why
Publishers and readers take the first heading as the digest's title; text
above it is usually a paste accident or a leftover from a template.

## Example
Bad:
```md
草稿，请勿发布

# AI 每日情报 | 2026-02-20
```
Good:
```md
# AI 每日情报 | 2026-02-20
```

## Fix
None: move or delete the text by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest, Span

CODE = "DF103"
NAME = "content-before-header"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    if digest.header_span is None or digest.preamble is None:
        return
    for offset, line in zip(_line_offsets(digest.preamble.text), digest.preamble.lines,
                            strict=False):
        text = digest.preamble.text[offset:].split("\n", 1)[0]
        if line is not None and text.strip() and not text.lstrip().startswith("<!--"):
            yield Problem(Span(line, 1, line, len(text) + 1),
                          _("content before the digest's `#` header"))
            return


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    offsets += [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return offsets
