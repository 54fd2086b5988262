"""A suppression comment suppresses nothing.

## What it checks
Every `<!-- digestfmt: disable… -->` comment that, in this run, hid no finding of
a rule that ran. Reported by the linter core after all other rules (this rule
has no check of its own: only the core sees what was suppressed).

## Why
Stale suppressions hide the next real problem on that line and tell readers a
problem exists where none does.

## Example
Bad (the rating is valid, so nothing is suppressed):
```md
<!-- digestfmt: disable-next-line=DF201 -->
**价值**: 🌟🌟🌟 **标签**: [发布]
```
Good: delete the comment.

## Fix
None: delete the comment by hand once you have checked it is stale.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest

CODE = "DF001"
NAME = "unused-suppression"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    return iter(())
