"""A field is written outside the block its style puts it in.

## What it checks
Fields the style knows sit in the blocks of its layout (spec §3.5): intel 来源 时间 价值
标签 链接 in one paragraph under the card heading and the summary in the
`> 🎯` blockquote; brief 分类 and 来源 in one blockquote. A card whose known fields
are elsewhere — a field in a paragraph of its own, 来源 outside the brief blockquote,
the summary inside the field paragraph — is reported once, at the first field out of
place. Labels the style does not define are `unknown-field` (DF113), not this rule.

## Why
Readers of a style expect every card to look alike, and tools that place fields by
the layout (feeds, pages) show such a card differently from its Markdown. `fmt` keeps
the blocks as written, because moving a field to another block changes what a reader
sees (spec §6.1): re-laying them is a decision for the author.

## Example
Bad:
```md
> **分类：** 产品与商业模式

> **来源：** [量子位](https://example.com/a)
```
Good:
```md
> **分类：** 产品与商业模式
> **来源：** [量子位](https://example.com/a)
```

## Fix
Unsafe (`--fix --unsafe-fixes`): rewrite the card with its fields in the style's
layout, which merges or splits blocks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from digestfmt.i18n import N_, _
from digestfmt.layout import field_groups
from digestfmt.lint.rule import Context, Edit, Fix, Problem
from digestfmt.model import Card, Digest, Field
from digestfmt.profiles import Profile

CODE = "DF116"
NAME = "field-out-of-place"
SEVERITY = "warning"

# The profile's container kinds, as a message names them.
_CONTAINERS = {"paragraph": N_("paragraph"), "blockquote": N_("blockquote"), "list": N_("list")}


def check(digest: Digest, ctx: Context) -> Iterator[Problem]:
    profile = digest.profile
    for index, card in enumerate(digest.cards):
        if card.field_blocks is None or card.span is None:
            continue
        misplaced = _first_misplaced(profile, card)
        if misplaced is None or misplaced.span is None:
            continue
        container = profile.container_of(misplaced.key or "")
        mates = [profile.fields[k].label for k in container.keys if k != misplaced.key]
        kind = _(_CONTAINERS[container.kind]) if container.kind in _CONTAINERS \
            else container.kind
        where = _("the {container} with {fields}").format(
            container=kind, fields="、".join(mates)) if mates else _("the {container}").format(
            container=kind)
        from digestfmt.codecs.markdown import card_text  # only where a fix is offered

        fix = Fix((Edit(card.span, card_text(profile, replace(card, field_blocks=None))),),
                  _("re-lay the card's fields in the style's blocks"), safe=False,
                  touches=(("cards", index, "field_blocks"),))
        yield Problem(misplaced.span, _("field {label} is not in the block the {style} style "
                                        "writes it in ({where})").format(
            label=misplaced.label, style=profile.name, where=where), fix)


def _first_misplaced(profile: Profile, card: Card) -> Field | None:
    """The first known field (in the order written) out of place: in a block of another
    kind than its container's, in a block that holds another container's fields first,
    or apart from the block its container's first field is in -- unless only HTML blocks
    (a `<!-- digestfmt: … -->` directive, say) stand between the two."""
    assert card.field_blocks is not None
    known = {id(f) for group in field_groups(profile, card.fields)[:-1] for f in group}
    home: dict[int, int] = {}  # layout container -> the block its fields were last in
    for block, (kind, members) in enumerate(card.field_blocks):
        fields = [card.fields[n] for n in members if id(card.fields[n]) in known]
        owner = profile.container_index[fields[0].key or ""] if fields else None
        for f in fields:
            container = profile.container_index[f.key or ""]
            last = home.setdefault(container, block)
            if kind != profile.layout[container].kind or container != owner \
                    or (last != block and not (last == block - 1 and _comment_at(card, block))):
                return f
            home[container] = block
    return None


def _comment_at(card: Card, part: int) -> bool:
    """Whether only HTML blocks (comments, directives) stand right before the card's
    ``part``-th part: extras anchored there, each of HTML blocks only."""
    extras = [e for e in card.extras if e.after == part]
    return bool(extras) and all(chunk.lstrip().startswith("<")
                                for e in extras for chunk in e.body.text.split("\n\n"))
