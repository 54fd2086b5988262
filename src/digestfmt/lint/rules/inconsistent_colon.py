"""Label colons mix half-width `:` and full-width `：` in one file.

## What it checks
The colon of every field label (`**来源**:`, `**分类：**`) and section label
(`**内容简介：**`) the style knows. Labels are compared with the others whose
canonical form (the profile's `label_style`) uses the same colon: in the intel
style `**来源**: ` … `**链接**: ` use `:` and `**一句话摘要**：` uses `：`, and
that difference is the style, not drift. Within such a group the file's majority
sets the expected colon (the profile's on a tie); labels that differ are
reported.

## Why
A file that switches colon widths mid-way reads as careless, and consumers
that match labels by their exact markup miss the odd ones out.

## Example
Bad:
```md
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟🌟🌟 **标签**: [发布]
**链接**： https://example.com/a
```
Good:
```md
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟🌟🌟 **标签**: [发布]
**链接**: https://example.com/a
```

## Fix
Safe, when the expected colon is the profile's: the label is rewritten in the
profile's `label_style` (`**链接**: `). When most of the file uses the other
colon, no fix is offered: `digestfmt fmt` rewrites every label canonically.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest, Span

CODE = "DF503"
NAME = "inconsistent-colon"
SEVERITY = "warning"

_COLONS = ":："
_COLON = re.compile(f"[{_COLONS}]")


@dataclass(frozen=True)
class _Label:
    span: Span  # the label markup as written
    colon: str
    canonical: str  # the profile's markup for this label


def _colon(markup: str) -> str | None:
    m = _COLON.search(markup)
    return m[0] if m else None


def _labels(digest: Digest) -> Iterator[_Label]:
    profile = digest.profile
    for card in digest.cards:
        for f in card.fields:
            if f.key is None or not f.label_markup or f.span is None:
                continue
            colon = _colon(f.label_markup)
            canonical = profile.container_of(f.key).label_style.format(label=f.label)
            if colon is None:
                continue
            line, column = f.span.line, f.span.column
            yield _Label(Span(line, column, line, column + len(f.label_markup)), colon,
                         canonical)
        if profile.section_level is not None or not profile.section_label_style:
            continue
        for s in card.sections:
            colon = _colon(s.heading_raw)
            if s.span is None or colon is None or s.key is None:
                continue
            line, column = s.span.line, s.span.column
            yield _Label(Span(line, column, line, column + len(s.heading_raw)), colon,
                         profile.section_label_style.format(label=s.heading))


def _group(style: str, label: str) -> str:
    """The colon of the canonical markup ``style`` gives ``label`` ("" for none)."""
    if ":" in label or "：" in label:
        return _colon(style.format(label=label)) or ""
    found = _STYLE_COLONS.get(style)
    if found is None:
        found = _STYLE_COLONS[style] = _colon(style.format(label="")) or ""
    return found


_STYLE_COLONS: dict[str, str] = {}


def _mixed(digest: Digest) -> bool:
    """Whether any group of labels mixes colons: what ``_labels`` finds, counted cheaply."""
    profile = digest.profile
    seen: dict[str, str] = {}  # group -> the first colon met in it
    sections = profile.section_level is None and bool(profile.section_label_style)
    for card in digest.cards:
        for f in card.fields:
            if f.key is None or not f.label_markup or f.span is None:
                continue
            colon = _colon(f.label_markup)
            if colon is None:
                continue
            group = _group(profile.container_of(f.key).label_style, f.label)
            if seen.setdefault(group, colon) != colon:
                return True
        if not sections:
            continue
        for s in card.sections:
            colon = _colon(s.heading_raw)
            if s.span is None or colon is None or s.key is None:
                continue
            if seen.setdefault(_group(profile.section_label_style, s.heading), colon) != colon:
                return True
    return False


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    if not _mixed(digest):
        return
    labels = list(_labels(digest))
    groups: dict[str, list[_Label]] = {}
    for label in labels:
        groups.setdefault(_colon(label.canonical) or "", []).append(label)
    for canonical_colon, group in groups.items():
        counts = Counter(label.colon for label in group)
        if len(counts) < 2:
            continue
        (top, n), (_second, m) = counts.most_common(2)
        expected = canonical_colon if n == m else top
        for label in group:
            if label.colon == expected:
                continue
            fix = None
            if expected == canonical_colon:
                fix = Fix((Edit(label.span, label.canonical),),
                          _("write `{text}`").format(text=label.canonical.strip()))
            yield Problem(label.span, _("label colon `{colon}` differs from the `{expected}` of "
                                        "{count} of {total} labels like it in this file").format(
                colon=label.colon, expected=expected, count=counts[expected], total=len(group)),
                fix)
