"""Which style a text is written in, judged by its structure.

Titles are not enough: unrelated reports reuse "AI 每日情报" with a different
body. A profile scores by the labels and section headings it knows inside
headings at its card level; the header adds a little. A text with no known
label in any card is not a digest, unless it is exactly an empty day.
"""

from __future__ import annotations

from digestfmt.errors import NotADigest
from digestfmt.parse.blocks import Block
from digestfmt.parse.fields import LABEL
from digestfmt.profiles import Profile, all_profiles


def detect_profile(blocks: list[Block], lines: list[str], path: str | None) -> Profile:
    best, best_score = None, 0
    # Ties go to the earlier style in the precedence order (spec §2.4): an empty
    # day, which both intel eras write alike, reads as intel.
    for profile in sorted(all_profiles().values(), key=_precedence):
        score = _score(profile, blocks, lines)
        if score > best_score:
            best, best_score = profile, score
    if best is None:
        raise NotADigest(
            path, "not a digest: no style's cards or fields found (use --profile to force one)"
        )
    return best


PRECEDENCE = ("intel", "intel-legacy", "brief")  # v1; other styles after, by name


def _precedence(profile: Profile) -> tuple[int, str]:
    order = PRECEDENCE.index(profile.name) if profile.name in PRECEDENCE else len(PRECEDENCE)
    return order, profile.name


def _score(profile: Profile, blocks: list[Block], lines: list[str]) -> int:
    """Known labels and section headings inside cards, plus 1 for a matching header.

    0 means "not this style": no label was seen and the text is not an empty day.
    """
    labels = sections = 0
    header = False
    in_card = False
    section_labels = {s.name for s in profile.sections} if profile.section_level is None else set()
    for b in blocks:
        if b.kind == "heading":
            if b.level == 1:
                header = header or bool(profile.header_pattern.match(b.content))
            if b.level <= profile.card_level:
                in_card = b.level == profile.card_level
            elif in_card and b.level == profile.section_level:
                spec, _ = profile.resolve_section(b.content)
                sections += spec is not None
        elif in_card and b.kind in ("paragraph", "blockquote"):
            for line in lines[b.start:b.end]:
                for m in LABEL.finditer(line):
                    name = m["label"]
                    labels += profile.field_key(name) is not None or name in section_labels
    if labels:
        return 2 * labels + sections + header
    if header and profile.empty_day and _is_empty_day(profile.empty_day, blocks, lines):
        return 1
    return 0


def _is_empty_day(text: str, blocks: list[Block], lines: list[str]) -> bool:
    body = [b for b in blocks if not (b.kind == "heading" and b.level == 1)]
    return len(body) == 1 and "\n".join(lines[body[0].start:body[0].end]).strip() == text
