"""A digest has no card at all.

## What it checks
A digest with stories is read as cards: headings of the style's card level that its
card pattern reads. A digest in which none is found, and which is not the style's empty
day, is reported once, where its stories should begin. All of its text is kept (as the
intro), so nothing is lost, but nothing in it is checked as a card either.

## Why
When every card heading is written at the wrong level (`####` where the style uses
`###`), or the stories are written in a shape the profile does not describe (list items
with a bold title, where the profile's cards are headings: `card.form: item` says so),
the file is silently read as a long intro: every card rule passes because there is no
card to check.

## Example
Bad (a style whose cards are `### N. Title`):
```md
# AI 每日情报 | 2026-02-20

#### 1. [OpenAI] GPT-5 发布
**来源**: 机器之心
```
Good:
```md
# AI 每日情报 | 2026-02-20

### 1. [OpenAI] GPT-5 发布
**来源**: 机器之心
```

## Fix
None: write the card headings at the style's level, or describe the stories' shape in
the profile (`digestfmt profile draft` suggests one).
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF118"
NAME = "no-cards"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    if digest.cards or digest.is_empty_day:
        return
    where = next((line for part in (digest.intro, digest.preamble) if part is not None
                  if (line := part.first_line) is not None), None)
    level = "#" * digest.profile.card_level
    what = _("list item") if digest.profile.card_form == "item" \
        else _("`{level}` heading").format(level=level)
    message = _("no card: nothing here is a {what} this style reads as a card; the text is "
                "kept, but not checked").format(what=what)
    if where is not None:
        yield Problem(digest.line_span(where), message)
    elif digest.header_span is not None:
        yield Problem(digest.header_span, message)
