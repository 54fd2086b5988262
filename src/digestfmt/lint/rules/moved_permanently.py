"""A link that permanently redirects elsewhere (online check).

## What it checks
With `--check-links`: links whose first answer is a permanent redirect (301 or
308) to another address.

## Why
Permanent redirects are the web's way of saying "update your link"; old
addresses tend to die first, and the redirect may lead somewhere other than
what the card describes.

## Example
Bad:
```md
**链接**: http://example.com/old-post
```
Good:
```md
**链接**: https://example.com/new-post
```

## Fix
Unsafe: the link is replaced by the redirect's target (check it is the same
article before accepting).
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.lint.rules._online import located_links
from digestfmt.model import Digest

CODE = "DF312"
NAME = "moved-permanently"
SEVERITY = "info"
DEFAULT_ENABLED = False


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for link, result in located_links(digest, ctx):
        if not result.moved_to or result.moved_to == link.url or link.url_span is None:
            continue
        fix = Fix((Edit(link.url_span, result.moved_to),),
                  _("link to {url}").format(url=result.moved_to),
                  safe=False, touches=(link.pointer,))
        yield Problem(link.url_span, _("{url} permanently redirects to {target}").format(
            url=link.url, target=result.moved_to), fix)
