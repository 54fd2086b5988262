"""A link is not closed: `[text](url` without its `)`.

## What it checks
Text written as an inline link whose target is never closed on its line:
`[text](https://…` with no `)`, including a target whose own parentheses leave
the link's `)` missing (`[t](https://x/a_(b)`). Only targets that read as a URL
or path are considered, so prose such as `[1](见下文` is left alone.

## Why
Markdown does not warn: it shows the brackets, the parenthesis and the URL as
plain text, and the reader gets no link.

## Example
Bad:
```md
- **论文链接**：[arXiv](https://arxiv.org/pdf/2602.12099
```
Good:
```md
- **论文链接**：[arXiv](https://arxiv.org/pdf/2602.12099)
```

## Fix
Unsafe: a `)` is inserted right after the URL. Where the text after the URL was
meant to be part of it, the fix closes the link too early.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.links import links
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest, Span

CODE = "DF303"
NAME = "unclosed-link"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for link in links(digest):
        if not link.unclosed or link.span is None:
            continue
        fix = None
        if link.url_span is not None:
            end = Span(link.url_span.end_line, link.url_span.end_column,
                       link.url_span.end_line, link.url_span.end_column)
            fix = Fix((Edit(end, ")"),), _("close the link with `)`"), safe=False,
                      touches=(link.pointer,))
        yield Problem(link.span, _("link `[{text}](` is not closed with `)`: Markdown shows it "
                                   "as plain text").format(text=link.text), fix)
