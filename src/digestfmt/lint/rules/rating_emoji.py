"""A rating uses an emoji other than 🌟 (U+1F31F).

## What it checks
The 价值 field of every card that has one: its stars must all be 🌟 (U+1F31F
GLOWING STAR). ⭐ (U+2B50, with or without U+FE0F), ★, ☆, ✨ and other symbols,
or a mix of them, are reported. Counts are taken by grapheme, so ⭐️ (⭐ + U+FE0F)
is one star.

## Why
Readers, sorting and the JSON form take the rating as "the number of 🌟"; a
look-alike star silently turns a rating into text that no tool can count.

## Example
Bad:
```md
**价值**: ⭐⭐⭐⭐ **标签**: [发布]
```
Good:
```md
**价值**: 🌟🌟🌟🌟 **标签**: [发布]
```

## Fix
Safe, when every star is ⭐ (with or without U+FE0F), ★, or 🌟 followed by
U+FE0F, and there are 1 to 5 of them: replaced by the same number of 🌟.
Otherwise none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from digestfmt.i18n import _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Digest
from digestfmt.values import STAR

CODE = "DF201"
NAME = "rating-emoji"
SEVERITY = "error"

_GRAPHEME = re.compile(r".[\uFE0E\uFE0F\u200D\U0001F3FB-\U0001F3FF]*", re.S)
_LOOKALIKES = {"⭐", "⭐\uFE0F", "★", STAR + "\uFE0F"}
_STARLIKE = re.compile(r"[⭐★☆✨✩✪✫✬✭✮✯✰🌟💫🌠\u2B50]")


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for index, card in enumerate(digest.cards):
        field = card.field("rating")
        if field is None or field.well_formed or field.value_span is None:
            continue
        graphemes = _GRAPHEME.findall(field.raw.replace(" ", ""))
        stars = [g for g in graphemes if _STARLIKE.match(g)]
        wrong = sorted({g for g in stars if g != STAR})  # 🌟 + U+FE0F is "wrong" too
        if not wrong or len(stars) != len(graphemes):
            continue  # no look-alike star, or text mixed in: DF202/DF203 report those
        names = "、".join(f"{g} ({' '.join(f'U+{ord(c):04X}' for c in g)})" for g in wrong)
        fix = None
        if set(stars) <= _LOOKALIKES and 1 <= len(stars) <= 5:
            fix = Fix(
                (Edit(field.value_span, STAR * len(stars)),),
                _("write {n} × 🌟").format(n=len(stars)),
                touches=(("cards", index, "fields", "rating"),),
            )
        yield Problem(field.value_span, _("rating uses {stars} instead of 🌟 (U+1F31F)").format(
            stars=names), fix)
