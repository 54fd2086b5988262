"""The digest has no `#` header.

## What it checks
That the document has a level-1 heading before its first card: the header that
names the digest and its date (`# AI 每日情报 | 2026-02-20`,
`# 🤖 AI行业速递 - 2026年02月20日`).

## Why
The header carries the date the publisher files the digest under; without it a
digest cannot be dated, indexed or checked against its path.

## Example
Bad:
```md
### 1. [OpenAI] GPT-5 发布
```
Good:
```md
# AI 每日情报 | 2026-02-20

## 📊 今日情报

### 1. [OpenAI] GPT-5 发布
```

## Fix
None: the title and date must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest, Span

CODE = "DF101"
NAME = "missing-header"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    if digest.header_source == "front-matter":
        if not digest.title:
            key = digest.profile.front_matter.get("title", "title")
            yield Problem(Span(1, 1, 1, 4),
                          _("the front matter has no `{key}` for the title").format(key=key))
        return
    if digest.header_span is None:
        where = digest.cards[0].heading_span if digest.cards else None
        yield Problem(where or Span(1, 1, 1, 1),
                      _("digest has no `#` header with its title and date"))
