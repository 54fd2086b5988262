"""A card is not closed by a `---` separator.

## What it checks
In a style whose cards end with a thematic break (intel and brief), every card,
the last one included, must end with a `---` line before the next card, the
trailing news list or the end of the file.

## Why
The separator is how readers (and renderers without heading styles) see where
one story ends and the next begins; a missing one runs two stories together,
and usually means a card was pasted or cut by hand.

## Example
Bad:
```md
> 🎯 **一句话摘要**：一句话。

### 2. [Google] Gemini 更新
```
Good:
```md
> 🎯 **一句话摘要**：一句话。

---

### 2. [Google] Gemini 更新
```

## Fix
Safe: insert a blank line and `---` after the card's last line (the blank line
keeps `---` from turning the line above into a heading).
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest, Span

CODE = "DF112"
NAME = "missing-separator"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    if not digest.profile.separator:
        return
    for index, card in enumerate(digest.cards):
        if card.separator or card.span is None or card.heading_span is None:
            continue
        last = card.span.end_line
        end = len(digest.source_lines[last - 1]) + 1
        fix = Fix((Edit(Span(last, end, last, end), "\n\n---"),),
                  _("insert `---` after the card"), touches=(("cards", index, "separator"),))
        yield Problem(card.heading_span, _("card is not closed by `---`"), fix)
