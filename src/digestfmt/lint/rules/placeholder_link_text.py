"""A link whose text is a placeholder: `[Source 2](url)`, `[来源链接 1](url)`.

## What it checks
Link text that names nothing: a placeholder word with a number, as generators
leave it (`Source 2`, `Link 1`, `来源链接 1`, `参考 3`), anywhere; and in a
card's own link (a 来源 entry, the 链接 field) and the related list also the
bare word (`来源`, `链接`, `原文链接`, `here`, `点击这里`), where the text is
meant to name the source or the story. Numbers alone (`[1](url)`, footnote
style) are not placeholders.

## Why
A reader scanning a digest decides what to open by the source's name; a feed,
a page's link list or a screen reader shows the text alone. `Source 2` tells
them nothing, and usually means the generator lost the name.

## Example
Bad:
```md
> **来源：** [来源链接 1](https://mp.weixin.qq.com/s/abc)
```
Good:
```md
> **来源：** [机器之心](https://mp.weixin.qq.com/s/abc)
```

## Fix
Unsafe, and only where the card names its source in a field of its own (the
intel 来源) with one name and the placeholder is the card's 链接: the text
becomes that name. Elsewhere none: the name must come from the author.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links import Link, links
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest, Span

CODE = "DF326"
NAME = "placeholder-link-text"
SEVERITY = "warning"

_WORDS = (r"source|link|ref|reference|article|url|来源|链接|来源链接|原文链接|参考|参考链接"
          r"|参考资料|文章|原文|出处")
_NUMBERED = re.compile(rf"(?:{_WORDS})[ \t]*[#＃]?[ \t]*\d{{1,3}}", re.I)
_GENERIC = re.compile(rf"{_WORDS}|here|click here|this|点击这里|点此|这里|阅读原文", re.I)
_ONE_NAME = re.compile(r"[^\s、,，/|;；]+(?: [^\s、,，/|;；]+)?")


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for link in links(digest):
        if link.text is None or link.span is None or link.image:
            continue
        text = link.text.strip()
        named = link.main or link.origin == "related"  # text meant to name the story
        if not (_NUMBERED.fullmatch(text) or (named and _GENERIC.fullmatch(text))):
            continue
        yield Problem(link.span, _("link text `{text}` is a placeholder: name the source")
                      .format(text=text),
                      _fix(digest, link))


def _fix(digest: Digest, link: Link) -> Fix | None:
    """Name the card's own link after the card's single source name, if it has one."""
    if link.card is None or link.origin != "field" or not link.main or link.span is None \
            or link.text is None or "\n" in link.text:
        return None
    names = [f.raw.strip() for f in digest.cards[link.card].fields
             if f.key == "source" and f.kind == "text"]
    if len(names) != 1 or not _ONE_NAME.fullmatch(names[0]):
        return None
    start = link.span.column + (2 if link.image else 1)
    span = Span(link.span.line, start, link.span.line, start + len(link.text))
    return Fix((Edit(span, names[0]),), _("name the link `{name}`").format(name=names[0]),
               safe=False,
               touches=(link.pointer,))
