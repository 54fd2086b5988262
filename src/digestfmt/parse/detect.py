"""Which style a text is written in, judged by its structure.

Titles are not enough: unrelated reports reuse "AI 每日情报" with a different
body. A profile scores by the labels and section headings it knows inside
headings at its card level; the header adds a little. A text with no known
label in any card is not a digest, unless it is exactly an empty day.
"""

from __future__ import annotations

from collections import Counter

from digestfmt.errors import NotADigest
from digestfmt.parse.blocks import Block
from digestfmt.parse.fields import LABEL
from digestfmt.profiles import Profile, known_profiles


def detect_profile(blocks: list[Block], lines: list[str], path: str | None) -> Profile:
    best, best_score = None, 0
    labels: dict[int, Counter[str]] = {}  # block index -> the labels its lines hold
    resolved: dict[tuple[str, str], bool] = {}  # (profile, heading) -> names a section
    # Ties go to the earlier style in the precedence order (spec §2.4): an empty
    # day, which both intel eras write alike, reads as intel.
    for profile in sorted(known_profiles().values(), key=precedence):
        score = _score(profile, blocks, lines, labels, resolved)
        if score > best_score:
            best, best_score = profile, score
    if best is None:
        raise NotADigest(
            path, "not a digest: no style's cards or fields found (use --profile to force one)"
        )
    return best


PRECEDENCE = ("intel", "intel-legacy", "brief")  # v1; other styles after, by name


def precedence(profile: Profile) -> tuple[int, str]:
    """Sort key: the v1 profiles in their order (spec §2.4), then the others by name."""
    order = PRECEDENCE.index(profile.name) if profile.name in PRECEDENCE else len(PRECEDENCE)
    return order, profile.name


def _score(profile: Profile, blocks: list[Block], lines: list[str],
           labels_in: dict[int, Counter[str]], resolved: dict[tuple[str, str], bool]) -> int:
    """Known labels and section headings inside cards, plus 1 for a matching header.

    0 means "not this style": no label was seen and the text is not an empty day.
    Every profile reads the same blocks, so what does not depend on the profile is
    worked out once and kept in ``labels_in`` (the labels of each block read) and
    ``resolved`` (section headings): a block's lines are searched once, not once a
    profile, and each distinct label is looked up once a profile.
    """
    sections = labels = 0  # known section headings and labels inside this profile's cards
    header = False
    in_card = False
    known = profile.card_labels
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            if b.level == 1:
                header = header or bool(profile.header_pattern.match(b.content))
            if b.level <= profile.card_level:
                in_card = b.level == profile.card_level
            elif in_card and b.level == profile.section_level:
                key = (profile.name, b.content)
                if key not in resolved:
                    resolved[key] = profile.resolve_section(b.content)[0] is not None
                sections += resolved[key]
        elif in_card and b.kind in ("paragraph", "blockquote"):
            names = labels_in.get(i)
            if names is None:
                # No label spans lines, so one search of the joined lines finds each line's.
                text = "\n".join(lines[b.start:b.end])
                names = labels_in[i] = Counter(m["label"] for m in LABEL.finditer(text))
            labels += sum(count for name, count in names.items() if name in known)
    if labels:
        return 2 * labels + sections + header
    if header and profile.empty_day and _is_empty_day(profile.empty_day, blocks, lines):
        return 1
    return 0


def _is_empty_day(text: str, blocks: list[Block], lines: list[str]) -> bool:
    body = [b for b in blocks if not (b.kind == "heading" and b.level == 1)]
    return len(body) == 1 and "\n".join(lines[body[0].start:body[0].end]).strip() == text
