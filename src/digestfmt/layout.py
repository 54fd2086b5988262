"""Where a card's fields are written: shared by the parser and every writer.

The canonical layout places each field in its profile container (a paragraph,
a blockquote or a list), then writes the fields the layout has no place for in one plain
paragraph. A card written otherwise -- a field in a block of its own, an unknown
label inside the blockquote -- keeps its blocks: moving a field to another block
would change what a reader sees (spec §6.1). Such a card records its own
``field_blocks`` (the container kind and field indices of each block); the
writers lay out every block the same way, from ``field_blocks``, and the parser
anchors unrecognised blocks by counting these same blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digestfmt.model import Card, Field, FieldBlocks
from digestfmt.profiles import Container, Profile

CONTAINERS = ("paragraph", "blockquote", "list")  # the blocks fields are written in


@dataclass(frozen=True)
class FieldBlock:
    """One block of fields as the writers write it.

    ``entries`` are its fields in the order written, each with whether it is one of
    the JSON form's extra fields (written as read). A block of the canonical layout
    (``laid_out``) places its fields on the container's lines; a block the card
    recorded keeps its fields in their order, one a line (spec §6.4).
    """

    kind: str  # one of CONTAINERS
    container: Container  # whose label style, prefix and lines lay it out
    entries: tuple[tuple[Field, bool], ...]
    laid_out: bool

    @property
    def prefixed(self) -> bool:
        """Whether the container's prefix (``🎯 ``) opens the block: before a laid-out
        block's first line, or a recorded block that opens with the container's first
        field."""
        first, extra = self.entries[0]
        return bool(self.container.prefix) and not extra \
            and (self.laid_out or self.container.keys[:1] == (first.key,))


def field_groups(profile: Profile, fields: Sequence[Field]) -> list[list[Field]]:
    """Fields grouped by their layout container, then one group for the fields the
    layout has no place for (unknown labels, repeats): the JSON form's split into
    ``fields`` and ``extra_fields``, and the canonical blocks."""
    groups: list[list[Field]] = [[] for _ in profile.layout]
    index = profile.container_index
    placed: set[str] = set()
    rest: list[Field] = []
    for f in fields:
        key = f.key
        if key is None or key in placed:
            rest.append(f)
            continue
        placed.add(key)
        groups[index[key]].append(f)
    return [*groups, rest]


def canonical_blocks(profile: Profile, fields: Sequence[Field]) -> FieldBlocks:
    """The blocks the canonical layout writes ``fields`` in, as indices into ``fields``."""
    position = {id(f): n for n, f in enumerate(fields)}
    groups = field_groups(profile, fields)
    kinds = [c.kind for c in profile.layout] + ["paragraph"]
    return tuple((kind, tuple(position[id(f)] for f in group))
                 for kind, group in zip(kinds, groups, strict=True) if group)


def same_blocks(a: FieldBlocks, b: FieldBlocks) -> bool:
    """Whether two arrangements put the same fields in blocks of the same kinds."""
    return [(kind, sorted(members)) for kind, members in a] == \
        [(kind, sorted(members)) for kind, members in b]


def field_blocks(profile: Profile, card: Card) -> list[FieldBlock]:
    """The card's field blocks in the order the writers emit them."""
    groups = field_groups(profile, card.fields)
    if card.field_blocks is None:
        out = [FieldBlock(c.kind, c, tuple((f, False) for f in g), True)
               for c, g in zip(profile.layout, groups, strict=False) if g]
        if groups[-1]:
            out.append(FieldBlock("paragraph", profile.layout[0],
                                  tuple((f, True) for f in groups[-1]), True))
        return out
    extra = {id(f) for f in groups[-1]}
    index = profile.container_index
    out = []
    for kind, members in card.field_blocks:
        entries = tuple((card.fields[n], id(card.fields[n]) in extra) for n in members)
        first = next((f.key for f, is_extra in entries if not is_extra and f.key), None)
        container = profile.layout[index[first]] if first else profile.layout[0]
        out.append(FieldBlock(kind, container, entries, False))
    return out
