"""A line ends with spaces or tabs.

## What it checks
Every line of the file for trailing spaces and tabs, including lines that hold
nothing else. Two or more spaces at the end of a paragraph line that the next
line of the same paragraph continues are a Markdown hard line break, and are
left alone.

## Why
Trailing whitespace is invisible to the author but not to diffs, pre-commit
hooks and archive checksums; one stray space turns a clean regeneration into
a changed file.

## Example
Bad:
```md
- **局限性**：文中未披露推理时的计算开销。␠␠
```
Good:
```md
- **局限性**：文中未披露推理时的计算开销。
```
(`␠` stands for a space.)

## Fix
Safe: the trailing spaces and tabs are removed.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.markup import hard_breaks
from digestfmt.model import Digest, Span
from digestfmt.regions import Pointer, regions

CODE = "DF505"
NAME = "trailing-whitespace"
SEVERITY = "info"


def _owners(digest: Digest) -> dict[int, Pointer]:
    """Source line -> the JSON pointer of the Markdown body that holds it."""
    owners: dict[int, Pointer] = {}
    for region in regions(digest):
        if region.block:
            for _start, line, _end in region.anchors:
                owners[line] = region.pointer
    return owners


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    lines = digest.source_lines
    candidates = [i for i, text in enumerate(lines) if text != text.rstrip(" \t")]
    if not candidates:
        return
    breaks = hard_breaks(lines)
    owners = _owners(digest)
    for i in candidates:
        if i in breaks:
            continue
        text = lines[i]
        kept = len(text.rstrip(" \t"))
        span = Span(i + 1, kept + 1, i + 1, len(text) + 1)
        owner = owners.get(i + 1)
        fix = Fix((Edit(span, ""),), _("remove trailing whitespace"),
                  touches=(owner,) if owner else ())
        yield Problem(span, _("trailing whitespace"), fix)
