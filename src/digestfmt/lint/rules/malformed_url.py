"""A link's target is not a well-formed URL.

## What it checks
Every link target in the digest (the 链接 field, 来源 entries, `[text](url)`,
`<url>` and bare URLs in text, the related list) that is http(s), mailto, or has
no scheme at all. It reports a missing `:` (`https//x`), a full-width `：`, a
missing `//` (`http:/x`), no host (`https:///x`), a bad character in the host or
port, spaces or control characters inside the target, unbalanced parentheses or
brackets, text before the scheme (`[t]((https://x))`), a host without a dot
(`https://openai/blog`; `localhost` is fine), a mistyped scheme (`htps://`,
`ttps://`; `hxxp://`, written so on purpose, is left alone), and targets with no
scheme (`www.x.com`, `/path`). A fragment alone (`#top`) is fine. Addresses with
such mistakes in plain text, where Markdown makes no link at all, are DF323's.

## Why
A digest is read far from where it was written: in feeds, archives and JSON. A
relative or mangled target opens nothing there, and a target with a space makes
Markdown show the whole `[text](url)` as plain text.

## Example
Bad:
```md
**链接**: https//mp.weixin.qq.com/s/abc
```
Good:
```md
**链接**: https://mp.weixin.qq.com/s/abc
```

## Fix
Safe, only for a mistyped scheme (`https//`, `http:/`, `https：//`, `htps://`)
where one of http and https is nearest: the scheme is repaired. Unsafe where both
are as near (`htts://` becomes `https://`). None for everything else: the right
URL must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links import links
from digestfmt.links.url import SUPPORTED, malformed, repair_scheme, scheme
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest

CODE = "DF301"
NAME = "malformed-url"
SEVERITY = "error"


def shorten(url: str, limit: int = 80) -> str:
    return url if len(url) <= limit else url[:limit - 1] + "…"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for link in links(digest):
        if link.span is None or link.unclosed or link.empty_target:
            continue  # DF303 and DF302 report those
        if scheme(link.url) not in (None, *SUPPORTED) and repair_scheme(link.url) is None:
            continue  # DF304 and DF305 judge other schemes
        problem = malformed(link.url)
        if problem is None and link.invalid:
            problem = _("Markdown cannot read it as a link target")
        if problem is None:
            continue
        shown = "" if link.rendered else _(" (so Markdown shows the link as plain text)")
        span = link.url_span or link.span
        fix = None
        repaired = repair_scheme(link.url)  # only for a target found malformed
        if repaired is not None and link.url_span is not None:
            fix = Fix((Edit(link.url_span, repaired[0]),),
                      _("write `{url}`").format(url=shorten(repaired[0])),
                      safe=repaired[1], touches=(link.pointer,))
        yield Problem(span, _("malformed URL `{url}`: {problem}{shown}").format(
            url=shorten(link.url), problem=problem, shown=shown), fix)
