"""Model -> canonical Markdown.

Canonical form (spec §6): the structure the profile describes, written the one
way the profile writes it; everything the profile does not describe (section
bodies, unrecognised blocks) written verbatim; blocks separated by one blank line;
LF line endings and one final newline.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from digestfmt.layout import FieldBlock, field_blocks
from digestfmt.model import Card, Digest, Field, Section
from digestfmt.profiles import Container, Profile
from digestfmt.values import render_value


def dumps(digest: Digest) -> str:
    return "".join(_pieces(digest))


def dump_chunks(digest: Digest) -> Iterator[bytes]:
    """``dumps`` as UTF-8 chunks, a card at a time (what ``convert`` writes: the text of
    a long digest, 4 bytes a character once it holds an emoji, is never whole)."""
    for piece in _pieces(digest):
        yield piece.encode()


def _pieces(digest: Digest) -> Iterator[str]:
    """The text in pieces: the parts before the cards, each card, the parts after;
    a blank line between parts (a card's text is never empty: its heading or marker)."""
    p = digest.profile
    before: list[str] = []
    if digest.front_matter:
        before.append(digest.front_matter.text)
    if digest.preamble:
        before.append(digest.preamble.text)
    if header_text(digest) and digest.header_source == "heading":
        before.append("# " + header_text(digest))
    if digest.intro:
        before.append(digest.intro.text)
    after: list[str] = []
    if digest.outro:
        after.append(digest.outro.text)
    if digest.related:
        after.append("#" * p.related_level + " " + digest.related.heading)
        if digest.related.items is not None:
            after.append("\n".join(f"- [{i.title}]({i.url})" for i in digest.related.items))
        elif digest.related.body:
            after.append(digest.related.body.text)
    head = "\n\n".join(c for c in before if c)
    tail = "\n\n".join(c for c in after if c)
    if head:
        yield head
    if digest.cards:
        yield from _card_pieces(p, digest.cards, "\n\n" if head else "")
    if tail:
        yield ("\n\n" if head or digest.cards else "") + tail
    yield "\n"


def header_text(digest: Digest) -> str:
    date = digest.date.render() if digest.date else digest.date_text
    return digest.profile.header_template.render({"title": digest.title, "date": date,
                                                  "note": digest.header_note})


def _card_pieces(p: Profile, cards: tuple[Card, ...], lead: str) -> Iterator[str]:
    """The cards, a blank line between them, except between the items of a tight list."""
    yield lead + card_text(p, cards[0])
    for before, card in itertools.pairwise(cards):
        tight = before.item is not None and not before.item.loose and card.item is not None \
            and before.trailer is None and card.group is None
        yield ("\n" if tight else "\n\n") + card_text(p, card)


def card_text(p: Profile, card: Card) -> str:
    title = p.card_template.render({"number": None if card.number is None else str(card.number),
                                    "org": card.org, "title": card.title, "lead": card.lead})
    if p.card_form == "item":
        return _item_card_text(p, card, title)
    heading = ("#" * p.card_level + " " + title).rstrip()  # `### 1.` with no title
    return _with_group(p, card, _card_body(p, card, heading, "\n\n"))


def _item_card_text(p: Profile, card: Card, title: str) -> str:
    """An item card: its content written as a heading card's, the title line for the
    heading, indented under the item's marker (spec §3.3)."""
    marker = card.item.marker if card.item else p.card_bullet.strip()
    if marker[-1] in ".)":  # a numbered item: the card's number
        marker = f"{marker[:-1] if card.number is None else card.number}{marker[-1]}"
    loose = card.item.loose if card.item else False
    body = _card_body(p, card, title, "\n\n" if loose else "\n")
    indent = " " * (len(marker) + 1)
    lines = body.split("\n")
    text = "\n".join([f"{marker} {lines[0]}".rstrip(),
                      *(indent + line if line else "" for line in lines[1:])])
    if card.trailer:
        text += "\n\n" + card.trailer.text
    return _with_group(p, card, text)


def _with_group(p: Profile, card: Card, text: str) -> str:
    """``text`` after the group heading (and the blocks around it) the card opens."""
    if card.group is None or p.group_level is None:
        return text
    opening = [*([card.group.lead.text] if card.group.lead else []),
               "#" * p.group_level + " " + card.group.heading]
    return "\n\n".join([*opening, *([card.group.body.text] if card.group.body else []), text])


def _card_body(p: Profile, card: Card, heading: str, between: str) -> str:
    """A card's heading line and its parts, ``between`` separating blocks."""
    blocks_of_fields = field_blocks(p, card)
    parts: list[tuple[str, bool]] = []  # (text, whether it continues the part before)
    parts += [(_block_text(p, block), False) for block in blocks_of_fields]
    parts += [(_section_text(p, s), s.joined and p.section_level is None)
              for s in card.sections]
    if card.separator:
        parts.append(("---", False))
    # Extras go after ``after`` parts; the last inserted first, so that extras
    # with the same anchor keep their order.
    for extra in sorted(reversed(card.extras), key=lambda e: e.after, reverse=True):
        parts.insert(min(extra.after, len(parts)), (extra.body.text, False))
    blocks: list[str] = []
    for text, joined in parts:
        # A joined label line continues the paragraph before it, when there is one.
        if joined and blocks and _ends_in_paragraph(blocks[-1]):
            blocks[-1] += "\n" + text
        else:
            blocks.append(text)
    if p.fields_hug_heading and blocks_of_fields \
            and blocks_of_fields[0].container is p.layout[0] \
            and not blocks_of_fields[0].entries[0][1]:
        return heading + "\n" + between.join(blocks)
    return between.join([heading, *blocks])


def _ends_in_paragraph(text: str) -> bool:
    """Whether a line written right after ``text`` would continue a top-level paragraph."""
    from digestfmt.parse.digest import read_blocks

    blocks = read_blocks(text)
    return bool(blocks) and blocks[-1].kind == "paragraph"


def _block_text(p: Profile, block: FieldBlock) -> str:
    """A field block. Laid out: the known fields on their container's lines, joined by
    the line's joiner, the container's prefix first, extra fields one a line as read.
    As recorded: the fields in their order, one a line, except that fields the
    container puts on one line stay together; the prefix only before the container's
    first field."""
    container = block.container
    line_of = {key: n for n, line in enumerate(container.lines) for key in line.fields}
    lines: list[str] = []
    if block.laid_out:
        by_key = {f.key: f for f, extra in block.entries if not extra}
        lines = [line.joiner.join(_field_text(p, container, by_key[k]) for k in line.fields
                                  if k in by_key) for line in container.lines]
        lines = [line for line in lines if line]
    previous = None
    for f, extra in block.entries:
        if block.laid_out and not extra:
            continue
        on = None if extra else line_of.get(f.key or "")
        text = _field_text(p, container, f, raw=extra)
        if lines and on is not None and on == previous:
            lines[-1] += container.lines[on].joiner + text
        else:
            lines.append(text)
        previous = on
    if block.prefixed:
        lines[0] = container.prefix + lines[0]
    if block.kind == "list":  # each line an item; a value's further lines indented under it
        indent = "\n" + " " * len(container.bullet)
        lines = [container.bullet + line.replace("\n", indent) for line in lines]
    text = "\n".join(line.rstrip() for line in "\n".join(lines).split("\n"))
    if block.kind == "blockquote":
        text = "\n".join("> " + line if line else ">" for line in text.split("\n"))
    return text


def _field_text(p: Profile, container: Container, f: Field, raw: bool = False) -> str:
    spec = p.fields.get(f.key) if f.key else None
    value = f.raw if raw else render_value(spec.kind if spec else "text", f.value,
                                           spec.joiner if spec else "")
    # A label the style does not know reads as one only in bold, with its colon.
    style = container.label_style if spec or container.bold else "**{label}**: "
    return style.format(label=f.label) + value


def _section_text(p: Profile, s: Section) -> str:
    if p.section_level is not None:
        head = "#" * p.section_level + " " + s.heading
        return head + "\n\n" + s.body.text if s.body.text else head
    head = p.section_label_style.format(label=s.heading)
    if not s.body.text:
        return head
    # On the label's line, a space follows the label unless its style ends in one or in
    # a full-width colon, after which CJK text runs on (``**要点**：正文``).
    same_line = "" if head.endswith((" ", "：")) else " "
    between = {"same-line": same_line, "next-line": "\n", "next-line-break": "  \n"} \
        .get(s.body_start, "\n\n")
    return head + between + s.body.text


def loads(data: bytes, path: str | None = None, profile: Profile | None = None) -> Digest:
    from digestfmt.parse import parse_bytes

    return parse_bytes(data, path=path, profile=profile)
