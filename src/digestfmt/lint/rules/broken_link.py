"""A link whose target is gone (online check).

## What it checks
With `--check-links`, every http(s) link the digest renders -- card links,
sources, related items, links in bodies -- is fetched once per run. It is
broken when the host does not resolve or refuses connections, the page answers
404, 410 or another 4xx that is not a "bots are blocked" answer, the redirects
loop, or a 200 page is a known "deleted" page (a soft 404, as WeChat serves).

## Why
A digest is a list of pointers; a pointer to nothing is the one defect a reader
cannot work around. Checking is off by default so pre-commit stays offline and
fast; run it in CI or before pushing.

## Example
Bad:
```md
**链接**: https://mp.weixin.qq.com/s/deleted-article
```
Good:
```md
**链接**: https://mp.weixin.qq.com/s/live-article
```

## Fix
None: find the article's new address or drop the card.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links.policy import Outcome, explain
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._online import located_results
from digestfmt.model import Digest

CODE = "DF310"
NAME = "broken-link"
SEVERITY = "error"
DEFAULT_ENABLED = False


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for span, result in located_results(digest, ctx, Outcome.BROKEN):
        yield Problem(span, _("broken link {url}: {reason}").format(
            url=result.url, reason=explain(result.reason)))
