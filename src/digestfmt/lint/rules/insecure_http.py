"""A link uses plain `http://`.

## What it checks
Every link target whose scheme is `http` (any case): the 链接 field, 来源
entries, links and bare URLs in text, the related list.

## Why
Plain http can be read and rewritten on the way; browsers mark such pages as
not secure, and nearly every site a digest cites also serves https.

## Example
Bad:
```md
- **论文链接**: http://arxiv.org/abs/2602.06643
```
Good:
```md
- **论文链接**: https://arxiv.org/abs/2602.06643
```

## Fix
Unsafe: `http://` becomes `https://` (and so does link text that spells the same
URL). A site without https then breaks, so check the link.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links import links
from digestfmt.links.url import scheme
from digestfmt.lint.link_edits import retarget
from digestfmt.lint.rule import Context, Fix, Problem
from digestfmt.model import Digest

CODE = "DF306"
NAME = "insecure-http"
SEVERITY = "info"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for link in links(digest):
        if scheme(link.url) != "http" or link.span is None:
            continue
        fix = None
        if link.rendered and link.url[:5].lower() == "http:":
            edits = retarget(link, "https" + link.url[4:])
            if edits:
                fix = Fix(edits, _("use https://"), safe=False, touches=(link.pointer,))
        yield Problem(link.url_span or link.span, _("link uses plain http://; use https://"), fix)
