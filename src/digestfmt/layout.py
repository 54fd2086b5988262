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
