"""A link the online check could not verify either way.

## What it checks
With `--check-links`: links whose host blocks checkers (401, 403, 429, LinkedIn's
999), answers with a captcha or "verify you are human" page (WeChat's 环境异常),
times out or resets after retries, fails TLS, keeps answering 5xx, or was not
reached before the run's time budget ran out. Also every link that failed to
resolve or connect in a run without network (no host answered): the run says
`network unavailable`, and such a link is neither broken nor cached.

## Why
These are not broken links: a reader with a browser will most likely get
through. Reporting them as errors teaches people to switch link checking off, so
they are warnings that say why the check could not tell.

## Example
Bad (for a checker):
```md
**链接**: https://x.com/someone/status/1
```
Good: nothing to change; check by hand when in doubt, or exclude the host in
`[tool.digestfmt.links]`.

## Fix
None.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links.policy import Outcome, explain
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._online import located_results
from digestfmt.model import Digest

CODE = "DF311"
NAME = "unverifiable-link"
SEVERITY = "warning"
DEFAULT_ENABLED = False


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for span, result in located_results(digest, ctx, Outcome.UNVERIFIABLE):
        yield Problem(span, _("could not verify {url}: {reason}").format(
            url=result.url, reason=explain(result.reason)))
