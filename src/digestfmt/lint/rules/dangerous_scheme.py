"""A link uses a `javascript:`, `vbscript:` or `data:` URL.

## What it checks
Every link target, read the way a browser reads it: case does not matter, HTML
entities (`&#106;`) and backslash escapes are resolved, and whitespace or control
characters inside the scheme are dropped, so `JaVaScRiPt:`, `java&#115;cript:`
and `java\tscript:` are all caught. Raster images inlined as
`![x](data:image/png;…)` are allowed.

## Why
Such a link runs code or shows attacker-made content when clicked. A digest is
generated from scraped articles and republished to many readers; a script link
that slips in is an attack on all of them.

## Example
Bad:
```md
- [官方公告](javascript:alert(document.cookie))
```
Good:
```md
- [官方公告](https://www.anthropic.com/news)
```

## Fix
None: remove the link or replace it with the real page.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links import links
from digestfmt.links.url import dangerous_scheme
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF304"
NAME = "dangerous-scheme"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for link in links(digest):
        name = dangerous_scheme(link.url, link.image)
        if name and link.span is not None:
            yield Problem(link.url_span or link.span,
                          _("link uses a dangerous `{scheme}:` URL; only http(s) and "
                            "mailto are safe to publish").format(scheme=name))
