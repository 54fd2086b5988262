"""A link carries tracking parameters (`utm_*`, `fbclid`, `spm`, …).

## What it checks
The query string of every link target for parameters that record a click, a
campaign or a sharer rather than name the page: `utm_*`, `spm`, `fbclid`,
`gclid`, `dclid`, `msclkid`, `mc_cid`, `mc_eid`, `igshid`, `yclid`, `ttclid`,
`_hsenc`, `_hsmi`, `mkt_tok`; `si` on YouTube and Spotify; `s`, `t` and
`ref_src` on X/Twitter; and WeChat share context on `mp.weixin.qq.com`
(`scene`, `srcid`, `sharer_*`, `exportkey`, `pass_ticket`, `key`, `uin`, …).
WeChat's `__biz`, `mid`, `idx`, `sn` and `chksm` identify the article and are
kept.

## Why
Tracking parameters tell the site who shared the link and where it was read,
sometimes with the sharer's session (`pass_ticket`, `key`); they make one page
look like many, so duplicates slip through, and they add noise for readers.

## Example
Bad:
```md
- [TechCrunch 报道](https://techcrunch.com/2026/02/19/a/?utm_source=dlvr.it&utm_medium=twitter)
```
Good:
```md
- [TechCrunch 报道](https://techcrunch.com/2026/02/19/a/)
```

## Fix
Safe: the tracking parameters are removed; other parameters keep their order
and the fragment stays. Link text that spells the same URL is rewritten too.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links import links
from digestfmt.links.url import strip_tracking, tracking_params
from digestfmt.lint.link_edits import retarget
from digestfmt.lint.rule import Context, Fix, Problem
from digestfmt.model import Digest

CODE = "DF308"
NAME = "tracking-params"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for link in links(digest):
        names = tracking_params(link.url)
        if not names or link.span is None:
            continue
        fix = None
        if link.rendered:
            edits = retarget(link, strip_tracking(link.url))
            if edits:
                fix = Fix(edits, _("remove the tracking parameters"), touches=(link.pointer,))
        listed = ", ".join(f"`{n}`" for n in dict.fromkeys(names))
        yield Problem(link.url_span or link.span,
                      _("URL carries tracking parameter(s) {names}").format(names=listed), fix)
