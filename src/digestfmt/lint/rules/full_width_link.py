"""A link written with full-width brackets or parentheses: `[text]（url）`.

## What it checks
Text written as an inline link where `【】` stand for the link text's `[]` or
`（）` for the target's `()` (`[text]（url）`, `【text】(url)`, `【text】（url）`),
where the target reads as a URL or path. A target closed with `）` alone,
`[text](url）`, is an unclosed link (DF303). The full-width colon in `https：//`
is DF301's in a target and DF323's in text.

## Why
Markdown reads only ASCII link markup. The reader sees the brackets and the
address as text, and renderers that link bare addresses (GitHub) take the `）`
into the address, which then opens nothing.

## Example
Bad:
```md
- 论文：[arXiv]（https://arxiv.org/abs/2602.12099）
```
Good:
```md
- 论文：[arXiv](https://arxiv.org/abs/2602.12099)
```

## Fix
Safe for `[text]（url）`, where the square brackets can only be link markup;
unsafe for `【text】(url)`, which may be a name in lenticular brackets followed
by its address.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules._drift import drift_problems
from digestfmt.lint.rules.malformed_url import shorten
from digestfmt.model import Digest

CODE = "DF321"
NAME = "full-width-link"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    return drift_problems(
        digest, "full-width",
        lambda d: _("link `{link}` is written with full-width brackets or parentheses: "
                    "Markdown shows it as text").format(link=shorten(d.detail)),
        lambda d: _("write the link's brackets and parentheses in ASCII"))
