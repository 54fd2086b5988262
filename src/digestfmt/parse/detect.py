"""Which style a text is written in, judged by its structure.

Titles are not enough: unrelated reports reuse "AI 每日情报" with a different
body. A profile scores by the labels and section headings it knows inside its
cards (after headings at its card level, or in lists of card items); the header
adds a little. A text with no known
label in any card is not a digest, unless it is exactly an empty day.
"""

from __future__ import annotations

from digestfmt.errors import NotADigest
from digestfmt.i18n import _
from digestfmt.parse.blocks import Block
from digestfmt.parse.fields import ITEM, LABEL
from digestfmt.parse.items import opens_card
from digestfmt.profiles import Profile, known_profiles


def detect_profile(blocks: list[Block], lines: list[str], path: str | None) -> Profile:
    best, best_score = None, 0
    labels: dict[int, list[str]] = {}  # block index -> the labels its lines hold
    # Ties go to the earlier style in precedence order (spec §2.4): an empty day
    # that two styles write alike reads as the one of lower precedence.
    for profile in sorted(known_profiles().values(), key=precedence):
        score = _score(profile, blocks, lines, labels)
        if score > best_score:
            best, best_score = profile, score
    if best is None:
        # No advice here: what to do depends on the command (lint and fmt add theirs).
        # Forcing a style (--profile) on a file that is not a digest gives only errors.
        raise NotADigest(path, _("not a digest: no style's cards or fields found"))
    return best


def precedence(profile: Profile) -> tuple[int, str]:
    """Sort key: the profile's ``precedence`` (spec §2.4), then its name."""
    return profile.precedence, profile.name


def _score(profile: Profile, blocks: list[Block], lines: list[str],
           labels_in: dict[int, list[str]]) -> int:
    """Known labels and section headings inside cards, plus 1 for a matching header.

    0 means "not this style": no label was seen and the text is not an empty day.
    Every profile reads the same blocks, so the bold labels of each block read are
    kept in ``labels_in``: a block's lines are searched once, not once a profile.
    Whether the profile knows a heading or label is looked up once a distinct name
    (``resolved``). Labels written as plain markers (``*   🔗 …``) depend on the
    profile and are read at the start of list items.
    """
    resolved: dict[str, bool] = {}  # "#" + heading or "*" + label -> the profile knows it
    sections = labels = 0  # known section headings and labels inside this profile's cards
    header = False
    in_card = False
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            if b.level == 1:
                header = header or bool(profile.header_pattern.match(b.content))
            if b.level <= profile.card_level:  # a card heading is one its pattern reads
                in_card = b.level == profile.card_level and profile.card_form == "heading" \
                    and profile.card_pattern.match(b.content) is not None
            elif in_card and b.level == profile.section_level:
                sections += _knows(profile, b.content, resolved, heading=True)
        elif b.kind == "list" and profile.card_form == "item":  # a list of card items
            in_card = opens_card(profile, lines[b.start])
        if in_card and b.kind in ("paragraph", "blockquote", "list"):
            names = labels_in.get(i)
            if names is None:
                # No label spans lines, so one search of the joined lines finds each line's.
                text = "\n".join(lines[b.start:b.end])
                names = labels_in[i] = [m["label"] for m in LABEL.finditer(text)]
            for name in names:
                if (known := resolved.get("*" + name)) is None:
                    known = _knows(profile, name, resolved)
                labels += known
            plain = profile.plain_label if b.kind == "list" else None
            if plain:
                labels += sum(1 for line in lines[b.start:b.end]
                              if (m := ITEM.match(line)) and plain.match(line, m.end()))
    if labels:
        return 2 * labels + sections + header
    if header and profile.empty_day and _is_empty_day(profile.empty_day, blocks, lines):
        return 1
    return 0


def _knows(profile: Profile, name: str, resolved: dict[str, bool],
           heading: bool = False) -> bool:
    """Whether a heading names one of the profile's sections, or a bold label one of
    its fields (or a section, where sections are introduced by a label)."""
    key = ("#" if heading else "*") + name
    if key not in resolved:
        if heading:
            resolved[key] = profile.resolve_section(name)[0] is not None
        else:
            resolved[key] = profile.field_key(name) is not None or (
                profile.section_level is None and profile.section_by_name(name) is not None)
    return resolved[key]


def _is_empty_day(text: str, blocks: list[Block], lines: list[str]) -> bool:
    body = [b for b in blocks if not (b.kind == "heading" and b.level == 1)]
    return len(body) == 1 and "\n".join(lines[body[0].start:body[0].end]).strip() == text
