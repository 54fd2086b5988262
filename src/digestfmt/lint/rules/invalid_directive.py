"""A `<!-- digestfmt: … -->` comment has an unknown action or names no known rule.

## What it checks
Every suppression comment (`<!-- digestfmt: ACTION=SELECTORS -->`): its action
must be one of `disable`, `enable`, `disable-next-line` and `disable-file`, and
each selector must be `ALL`, a rule code, a code prefix (`DF4`) or a rule name
(`rating-emoji`) that names at least one rule.

## Why
A comment the linter cannot read suppresses nothing, silently: the author
believes a finding is handled while it is still there, or a typo such as
`DF2O1` hides no finding today and a different one tomorrow.

## Example
Bad:
```md
<!-- digestfmt: disable-line=DF201 -->
<!-- digestfmt: disable-next-line=DF2O1 -->
**价值**: ⭐⭐⭐ **标签**: [发布]
```
Good:
```md
<!-- digestfmt: disable-next-line=DF201 -->
**价值**: ⭐⭐⭐ **标签**: [发布]
```

## Fix
None: only the author knows which action or rule was meant.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.directives import Directives
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.select import known
from digestfmt.model import Digest, Span

CODE = "DF002"
NAME = "invalid-directive"
SEVERITY = "error"

def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    from digestfmt.lint.rules import all_rules  # the registry imports this module

    rules = list(all_rules().values())
    found = Directives.scan(digest.source_lines)
    problems = [Problem(span, _("{message} (known: disable, enable, disable-next-line, "
                                "disable-file)").format(message=message))
                for span, message in found.malformed]
    for directive in found.items:
        line = digest.source_lines[directive.span.line - 1]
        comment_start = directive.span.column - 1
        search_from = line.find("=", comment_start, directive.span.end_column - 1) + 1 \
            or comment_start
        for selector in directive.selectors:
            at = line.find(selector, search_from, directive.span.end_column - 1)
            if at >= 0:
                search_from = at + len(selector)
            if known(selector, rules):
                continue
            span = Span(directive.span.line, at + 1, directive.span.line,
                        at + len(selector) + 1) if at >= 0 else directive.span
            problems.append(Problem(span, _("{selector!r} names no rule (use a code such as "
                                            "DF201, a prefix such as DF2, or a rule name)").format(
                selector=selector)))
    yield from sorted(problems, key=lambda p: p.span)

