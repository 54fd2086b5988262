"""A card the reader sees but the parser cannot: its heading is missing or malformed.

## What it checks
A block with the fields that open a card (two of the style's first field block,
or its only one: intel 来源 时间 价值 标签 链接, brief 分类 来源) where no card
heading opens it: after a card's own fields, or in the intro. It names what
happened to the heading: at another level than cards (`### Title` in a brief
digest, `#### 2. …` in an intel one), of the card level but not of the card
pattern (`### [OpenAI] Title` without its number), glued to the end of the line
before (`…应用。## Title`), or missing. The finding is at the heading where
there is one, else at the fields.

## Why
Markdown shows the reader a card; the digest's structure has none, so its
fields, sections and link become part of the card before it (or of the intro).
Every tool reading the structure (JSON, pages, feeds, the other rules) loses the
story silently.

## Example
Bad:
```md
- 部署与可用性：已在多个平台推送。

---

### 推理演化：从AlphaGo到DeepSeek R1

> **分类：** 技术前沿解读
```
Good:
```md
- 部署与可用性：已在多个平台推送。

---

## 推理演化：从AlphaGo到DeepSeek R1

> **分类：** 技术前沿解读
```

## Fix
Safe for a heading at another level (its `#` run becomes the card level's) and
for a heading glued to a line (it is moved to a line of its own, after a blank
line). None for a heading that does not read as a card heading or is missing:
the title must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest, Span

CODE = "DF119"
NAME = "hidden-card"
SEVERITY = "error"
_CARDS = (("cards",), ("intro",), ("outro",))  # a fix makes a card of the text it was in


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    level = digest.profile.card_level
    for hidden in digest.hidden_cards:
        where = _("so the card is read as part of {where}").format(
            where=_swallowed_by(digest, hidden.fields.line))
        heading, fix = hidden.heading, None
        if heading is None:
            what = _("these card fields have no card heading")
        elif hidden.level is None:
            what = _("card heading is glued to the end of the line")
            at = Span(heading.line, heading.column, heading.line, heading.column)
            fix = Fix((Edit(at, "\n\n"),), _("start the heading on a line of its own"),
                      touches=_CARDS)
        elif hidden.level != level:
            what = _("card heading of level {level}: cards are level {card_level}").format(
                level=hidden.level, card_level=level)
            fix = Fix((Edit(heading, "#" * level),),
                      _("make it a level-{level} heading").format(level=level),
                      touches=_CARDS)
        else:
            what = _("heading does not read as a card heading of the {style} style").format(
                style=digest.profile.name)
        yield Problem(heading or hidden.fields, _("{what}, {where}").format(what=what, where=where),
                      fix)


def _swallowed_by(digest: Digest, line: int) -> str:
    for index, card in enumerate(digest.cards):
        if card.span is not None and card.span.line <= line <= card.span.end_line:
            return _("card {number} ({title!r})").format(number=index + 1, title=card.title)
    return _("the text before the first card")


