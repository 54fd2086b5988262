"""Two cards link the same URL as their own source.

## What it checks
The links that say where a card comes from: the 链接 field and every link in
a card's fields (including each 来源 entry), and the items of the trailing
related list. A URL that already belongs to an earlier card, or to an earlier
related item, is reported where it repeats; so is a 来源 entry listed twice in
one card. URLs are compared with scheme and host case, default ports, a
trailing slash, the fragment and tracking parameters ignored. Links inside
sections (papers, repositories) are not compared: two stories may well cite the
same repository.

## Why
In the real corpus no two cards share a source link: every card summarises its
own article. A repeat means the same story was written up twice, or a link was
pasted into the wrong card; either way a reader is sent to the wrong place or
reads the same news twice.

## Example
Bad:
```md
### 1. [OpenAI] 新模型发布
**链接**: https://mp.weixin.qq.com/s/abc

### 2. [OpenAI] 新模型上线
**链接**: https://mp.weixin.qq.com/s/abc/
```
Good:
```md
### 1. [OpenAI] 新模型发布
**链接**: https://mp.weixin.qq.com/s/abc

### 2. [Google] Gemini 更新
**链接**: https://mp.weixin.qq.com/s/def
```

## Fix
None: merge the cards or correct the link by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links import Link, links, normalize
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF307"
NAME = "duplicate-url"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    first: dict[str, Link] = {}
    for link in links(digest):
        if link.origin not in ("field", "source", "related") or not link.url.strip():
            continue
        if not link.rendered or link.empty_target or link.image:
            continue
        key = normalize(link.url)
        seen = first.get(key)
        if seen is None:
            first[key] = link
            continue
        if link.span is None:
            continue
        if seen.card is not None and seen.card == link.card:
            if link.origin == "source" and seen.origin == "source" \
                    and seen.pointer[:4] == link.pointer[:4]:
                yield Problem(link.url_span or link.span,
                              _("this source is listed twice in the same card"))
            continue
        yield Problem(link.url_span or link.span, _("same URL as {where}").format(
            where=_where(digest, seen)))


def _where(digest: Digest, link: Link) -> str:
    line = _(" (line {line})").format(line=link.span.line) if link.span else ""
    if link.card is None:
        return _("an earlier related item{line}").format(line=line)
    card = digest.cards[link.card]
    number = card.number if card.number is not None else link.card + 1
    return _("card {number}'s link{line}").format(number=number, line=line)
