"""A link uses a scheme other than http, https or mailto.

## What it checks
Every link target that starts with a scheme (`ftp:`, `file:`, `arxiv:`,
`chrome:`, …) other than `http`, `https` and `mailto`. Dangerous schemes are
DF304's, and targets without a scheme or with a mistyped http(s) (`htps:`)
DF301's; inline raster images (`![x](data:image/png;…)`) are allowed.

## Why
Readers open digests in browsers, feed readers and mail clients; most of them
cannot follow `ftp:` or `file:` links, and a `file:` link points at the author's
own disk.

## Example
Bad:
```md
- **数据集**: [下载](ftp://data.example.org/set.zip)
```
Good:
```md
- **数据集**: [下载](https://data.example.org/set.zip)
```

## Fix
None: the author must find an http(s) address for the resource.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links import links
from digestfmt.links.url import SUPPORTED, dangerous_scheme, repair_scheme, scheme
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF305"
NAME = "unsupported-scheme"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for link in links(digest):
        name = scheme(link.url)
        if name is None or name in SUPPORTED or link.span is None:
            continue
        if dangerous_scheme(link.url, link.image) or (link.image and name == "data"):
            continue  # DF304's, or an inline raster image
        if repair_scheme(link.url) is not None:
            continue  # a mistyped http(s): DF301's
        yield Problem(link.url_span or link.span,
                      _("link uses the `{scheme}:` scheme; readers can follow http, https and "
                        "mailto").format(scheme=name))
