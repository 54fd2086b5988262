"""The digest's header has no date, or holds text where the date belongs.

## What it checks
The `#` header must carry the digest's date where its style puts it
(`# AI 每日情报 | 2026-02-20`, `# 🤖 AI行业速递 - 2026年02月20日`), written in
one of the style's date forms (`YYYY-MM-DD`, `YYYY年M月D日`, ...; spec §4.2).
Reported when the header has no date at all, when it does not have the style's
shape (so no date can be read from it), or when the text in the date's place is
not a date (`# AI 每日情报 | 二月二十日`). A style whose header is YAML front
matter must have its date key there.

Not reported for an empty day written as its generator writes it: a header
without a date followed only by the style's empty-day text (`# AI 每日情报` and
`今日无内容。`). That is the intel generator's canonical output for a day without
news; it has no cards to date and its path (`output/2026-02-20/…`) carries the
date, so every empty day of a real archive would otherwise be an error that no
author can act on without departing from the generator. Dates that do not exist
are `invalid-date` (DF401); a header missing altogether is `missing-header` (DF101).

## Why
Publishers file a digest under its header date, and readers take it as the
day the news is from; a digest without one cannot be filed, sorted, checked
against its path or against its cards' times.

## Example
Bad:
```md
# AI 每日情报

### 1. [OpenAI] GPT-5 发布
```
Good:
```md
# AI 每日情报 | 2026-02-20

### 1. [OpenAI] GPT-5 发布
```

## Fix
None: the date must come from the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.dates import render_date
from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest, Span

CODE = "DF102"
NAME = "missing-date"
SEVERITY = "error"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    header = digest.header_span
    if digest.date is not None:
        return
    if digest.header_source == "front-matter" and digest.date_text is None:
        key = digest.profile.front_matter.get("date")
        if key:
            yield Problem(Span(1, 1, 1, 4),
                          _("the front matter has no `{key}` for the date").format(key=key))
        return
    if header is None:
        return
    profile = digest.profile
    shape = profile.header_template.render({"title": "<title>", "date": profile.date_format})
    if digest.date_text is not None:
        line = digest.source_lines[header.line - 1]
        col = line.rfind(digest.date_text)
        span = Span(header.line, col + 1, header.line, col + len(digest.date_text) + 1) \
            if col >= 0 else header
        yield Problem(span, _("{text!r} is not a date (write {form})").format(
            text=digest.date_text, form=profile.date_format))
        return
    if digest.is_empty_day:
        return
    if profile.header_pattern.match(_content(digest)):
        suffix = profile.header_template.render({"date": _date_hint(digest, ctx)})
        yield Problem(header, _("header has no date: add `{suffix}` after the title").format(
            suffix=suffix))
    else:
        yield Problem(header, _("no date can be read from a header not shaped `# {shape}`")
                      .format(shape=shape))


def _content(digest: Digest) -> str:
    return digest.header_raw.strip().lstrip("#").strip().rstrip("#").strip()


def _date_hint(digest: Digest, ctx: Context) -> str:
    """The date in the style's format: the path's date when it has one."""
    day = ctx.path_date()
    fmt = digest.profile.date_format
    if day is None:
        return fmt
    return render_date(fmt, day.year, day.month, day.day)
