"""A card has a labelled line whose label its style does not define.

## What it checks
Every `**Label**:` line in a card's field block must use a label of the card's
style: intel 来源, 时间, 价值, 标签, 链接, 一句话摘要 (the older era 摘要 instead);
brief 分类, 来源 (and the section labels 核心洞察 and 内容简介, which belong on
lines of their own outside the blockquote). Where a known label is
close, the finding suggests it: a label another era of the style uses for the
same field (`摘要` in an intel card → `一句话摘要`), one within edit distance 1
(2-character labels) or 2 (longer labels), or one that contains the label.

## Why
The field is kept, but no tool knows what it means: it is not checked, not
converted as a field and not counted as the field it probably is, so the card
may also look as if a required field were missing.

## Example
Bad:
```md
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价植**: 🌟🌟🌟🌟 **标签**: [发布]
```
Good:
```md
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟🌟🌟 **标签**: [发布]
```

## Fix
None: check the suggestion, then rename the label (and move the line where the
style puts that field) by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Problem
from digestfmt.model import Digest
from digestfmt.profiles import Profile, all_profiles
from digestfmt.spelling import distance

CODE = "DF113"
NAME = "unknown-field"
SEVERITY = "warning"


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    profile = digest.profile
    for card in digest.cards:
        for field in card.fields:
            if field.key is not None or field.span is None:
                continue
            if profile.section_level is None and profile.section_by_name(field.label):
                yield Problem(field.span, _("section label {label} stands among the fields "
                                            "(inside their blockquote?), so it starts no "
                                            "section").format(label=field.label))
                continue
            hint = suggestion(field.label, profile)
            message = _("label {label} is not a field of the {style} style; did you mean "
                        "{hint}?") if hint else _("label {label} is not a field of the {style} "
                                                  "style")
            yield Problem(field.span, message.format(label=field.label, style=profile.name,
                                                     hint=hint))


def suggestion(label: str, profile: Profile) -> str | None:
    """The known label ``label`` most likely stands for, if one is close enough."""
    known = [spec.label for spec in profile.fields.values()]
    if profile.section_level is None:  # sections introduced by a bold label
        known += [s.name for s in profile.sections]
    for other in all_profiles().values():  # another era's label for a field we have
        key = other.field_key(label)
        if key is not None and key in profile.fields:
            return profile.fields[key].label
    limit = 1 if len(label) <= 2 else 2
    known = [k for k in known if k != label]
    scored = sorted((distance(label, k), i, k) for i, k in enumerate(known))
    if scored and scored[0][0] <= limit:
        return scored[0][2]
    containing = [k for k in known if len(label) >= 2 and label in k]
    return containing[0] if len(containing) == 1 else None
