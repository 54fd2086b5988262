"""The canonical order of a card's parts, shared by the parser and the writer.

The writer emits a card's fields grouped by the profile's layout containers, then
the fields the layout has no place for, then its sections; the parser anchors
unrecognised blocks by counting those same parts, so both must agree here.
"""

from __future__ import annotations

from collections.abc import Sequence

from digestfmt.model import Field
from digestfmt.profiles import Profile


def field_groups(profile: Profile, fields: Sequence[Field]) -> list[list[Field]]:
    """Fields grouped as the writer places them: one group per layout container,
    then one for fields the layout has no place for (unknown labels, repeats)."""
    groups: list[list[Field]] = [[] for _ in profile.layout]
    placed: set[str] = set()
    rest: list[Field] = []
    for f in fields:
        if f.key is None or f.key in placed:
            rest.append(f)
            continue
        placed.add(f.key)
        index = next(i for i, c in enumerate(profile.layout) if f.key in c.keys)
        groups[index].append(f)
    return [*groups, rest]
