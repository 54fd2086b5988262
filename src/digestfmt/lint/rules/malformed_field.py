"""A tags or sources field is not written in its kind's form.

## What it checks
Fields whose value has a structure: 标签 (tags) must be bracketed tags separated
by spaces, `[发布] [大语言模型]`; brief 来源 (sources) must be entries joined by
` 、 `, each a link `[名](https://…)` or a bare name without brackets,
parentheses or angle brackets. Empty values are `empty-field` (DF105); ratings
have their own rules (DF201–DF203); links are checked by the DF3xx rules.

## Why
The JSON form, converters and search read these fields as lists; a value that
does not parse is kept only as text, so its tags or sources are lost to every
tool even though a reader sees them.

## Example
Bad:
```md
**价值**: 🌟🌟🌟🌟 **标签**: [发布], [大语言模型]
```
Good:
```md
**价值**: 🌟🌟🌟🌟 **标签**: [发布] [大语言模型]
```

## Fix
Tags only. Safe when every tag is already bracketed and only the separators are
wrong (`[a], [b]`, `[a]、[b]`, `[a] / [b]`): rewritten as `[a] [b]`. Unsafe when
the tags are bare words separated by `,` `，` `、` `;` `；` or `/` (`发布, 大语言模型`):
each becomes one bracketed tag (a tag that itself held such a separator would be
split). Sources: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from digestfmt.i18n import N_, _
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.lint.rules._common import RUNS_ON, runs_on
from digestfmt.model import Digest, Field

CODE = "DF115"
NAME = "malformed-field"
SEVERITY = "error"

_CHECKED = ("tags", "sources")
_BRACKETED = re.compile(r"\[([^\[\]\n]+)\]")
_SEPARATORS = re.compile(r"[\s,，、;；/|｜]*")
_BARE_SPLIT = re.compile(r"\s*[,，、;；/]\s*")
_EXPECTED = {"tags": N_("{label} is not written as `[标签] [标签]`"),
             "sources": N_("{label} is not written as `[名](url)` or bare names joined by ` 、 `")}


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    for index, card in enumerate(digest.cards):
        for field in card.fields:
            if (field.key is None or field.kind not in _CHECKED or field.well_formed
                    or not field.raw.strip() or field.value_span is None):
                continue
            if runs_on(field, digest.profile):
                yield Problem(field.value_span, _(RUNS_ON).format(label=field.label))
                continue
            fix = _tags_fix(field, index) if field.kind == "tags" else None
            yield Problem(field.value_span, _(_EXPECTED[field.kind]).format(label=field.label),
                          fix)


def _tags_fix(field: Field, index: int) -> Fix | None:
    raw = field.raw
    assert field.value_span is not None and field.key is not None
    if "\n" in raw:
        return None
    touches = (("cards", index, "fields", field.key),)
    tags = _BRACKETED.findall(raw)
    if tags and all(_SEPARATORS.fullmatch(sep) for sep in _BRACKETED.split(raw)[::2]):
        text = " ".join(f"[{t.strip()}]" for t in tags)
        return Fix((Edit(field.value_span, text),), _("write the tags as `[a] [b]`"),
                   touches=touches)
    if any(c in raw for c in "[]()<>#*`"):
        return None
    words = [w.strip() for w in _BARE_SPLIT.split(raw) if w.strip()]
    if not words:
        return None
    text = " ".join(f"[{w}]" for w in words)
    return Fix((Edit(field.value_span, text),), _("bracket each tag"), safe=False,
               touches=touches)
