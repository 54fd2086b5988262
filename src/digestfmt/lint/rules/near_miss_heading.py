"""A section heading is close to, but not, the style's section name.

## What it checks
Section headings of cards (intel's `####` headings) that the parser placed by
their marker emoji although the name differs from the profile's: renamed
(`💡 行业洞察`), mistyped (`💡 独家洞察/局午性`) or extended
(`🔹 核心技术/实现逻辑（流程漏洞分析）`). Also headings with no known marker
whose name is a near miss of a section name: within edit distance 2 (1 for
names of fewer than 6 characters).

## Why
Tools, readers and the JSON form find sections by their canonical heading. A
renamed heading keeps its content but loses its name; a typo looks careless to
every reader of the archive.

## Example
Bad:
```md
#### 💡 独家洞察/局午性
```
Good:
```md
#### 💡 独家洞察/局限性
```

## Fix
Unsafe, for typos only: the heading is replaced by the canonical one. A typo is
at most two edits, lengths within one, and differs in a single character (or
two swapped ones) unless the name is ASCII. A rename (`核心技术/商业逻辑`) or an
added suffix gets no fix: it may be deliberate.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import N_, _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest, Section, Span
from digestfmt.profiles import SectionSpec, split_marker
from digestfmt.spelling import distance

CODE = "DF502"
NAME = "near-miss-heading"
SEVERITY = "warning"


def is_typo(name: str, canonical: str) -> bool:
    if distance(name, canonical) > 2 or abs(len(name) - len(canonical)) > 1:
        return False
    if name.isascii() and canonical.isascii():
        return True
    prefix = 0
    while prefix < min(len(name), len(canonical)) and name[prefix] == canonical[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(name), len(canonical)) - prefix
           and name[-1 - suffix] == canonical[-1 - suffix]):
        suffix += 1
    a, b = name[prefix:len(name) - suffix], canonical[prefix:len(canonical) - suffix]
    return max(len(a), len(b)) <= 1 or (len(a) == len(b) == 2 and a == b[::-1])


def _limit(canonical: str) -> int:
    return 1 if len(canonical) < 6 else 2


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    profile = digest.profile
    if profile.section_level is None:
        return  # label-introduced sections must be spelled exactly to be sections at all
    for index, card in enumerate(digest.cards):
        for k, section in enumerate(card.sections):
            if section.span is None:
                continue
            _marker, name = split_marker(section.heading_raw)
            spec = profile.section(section.key) if section.key else None
            if spec is not None:
                if name == spec.name:
                    continue
                yield _report(section, spec, name, _kind(name, spec.name), index, k)
                continue
            near = sorted((distance(name, s.name), n, s) for n, s in enumerate(profile.sections))
            if near and near[0][0] <= _limit(near[0][2].name):
                best = near[0][2]
                yield _report(section, best, name, _kind(name, best.name), index, k)


def _kind(name: str, canonical: str) -> str:
    if is_typo(name, canonical):
        return "typo"
    if name.startswith(canonical):
        return "suffix"
    return "rename"


def _report(section: Section, spec: SectionSpec, name: str, kind: str, card: int,
            index: int) -> Problem:
    assert section.span is not None
    line, column = section.span.line, section.span.column
    span = Span(line, column, line, column + len(section.heading_raw))
    what = {
        "typo": N_("section heading `{raw}` looks like a typo of `{heading}`"),
        "suffix": N_("section heading `{raw}` adds `{suffix}` to `{heading}`"),
        "rename": N_("section heading `{raw}` renames `{heading}`"),
    }[kind]
    fix = None
    if kind == "typo":
        fix = Fix((Edit(span, spec.heading),), _("write `{text}`").format(text=spec.heading),
                  safe=False, touches=(("cards", card, "sections", index),))
    return Problem(span, _(what).format(raw=section.heading_raw, heading=spec.heading,
                                        suffix=name[len(spec.name):]), fix)
