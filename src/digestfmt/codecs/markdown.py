"""Model -> canonical Markdown.

Canonical form (spec §6): the structure the profile describes, written the one
way the profile writes it; everything the profile does not describe (section
bodies, unrecognised blocks) written verbatim; blocks separated by one blank line;
LF line endings and one final newline.
"""

from __future__ import annotations

from digestfmt.layout import field_groups
from digestfmt.model import Card, Digest, Field, Section
from digestfmt.profiles import Container, Profile
from digestfmt.values import render_value


def dumps(digest: Digest) -> str:
    p = digest.profile
    chunks: list[str] = []
    if digest.preamble:
        chunks.append(digest.preamble.text)
    if header_text(digest):
        chunks.append("# " + header_text(digest))
    if digest.intro:
        chunks.append(digest.intro.text)
    chunks += [card_text(p, card) for card in digest.cards]
    if digest.related:
        chunks.append("#" * p.related_level + " " + digest.related.heading)
        if digest.related.items is not None:
            chunks.append("\n".join(f"- [{i.title}]({i.url})" for i in digest.related.items))
        elif digest.related.body:
            chunks.append(digest.related.body.text)
    return "\n\n".join(c for c in chunks if c) + "\n"


def header_text(digest: Digest) -> str:
    date = digest.date.render() if digest.date else digest.date_text
    return digest.profile.header_template.render({"title": digest.title, "date": date})


def card_text(p: Profile, card: Card) -> str:
    heading = ("#" * p.card_level + " " + p.card_template.render(
        {"number": None if card.number is None else str(card.number),
         "org": card.org, "title": card.title}
    )).rstrip()  # `### 1.` with no title: no trailing space
    groups = field_groups(p, card.fields)
    parts: list[tuple[str, bool]] = []  # (text, is a paragraph a label line may join)
    for container, fields in zip(p.layout, groups, strict=False):
        if fields:
            parts.append((_container_text(p, container, fields), container.kind == "paragraph"))
    if groups[-1]:
        parts.append((_container_text(p, p.layout[0], groups[-1], plain=True), True))
    parts += [(_section_text(p, s), False) for s in card.sections]
    if card.separator:
        parts.append(("---", False))
    # Extras go after ``after`` parts; the last inserted first, so that extras
    # with the same anchor keep their order.
    for extra in sorted(reversed(card.extras), key=lambda e: e.after, reverse=True):
        parts.insert(min(extra.after, len(parts)), (extra.body.text, False))
    blocks: list[str] = []
    for index, (text, _joinable) in enumerate(parts):
        if blocks and p.section_level is None and _starts_label_section(p, text) \
                and parts[index - 1][1]:
            blocks[-1] += "\n" + text.split("\n\n", 1)[0]
            rest = text.split("\n\n", 1)[1:]
            blocks += rest
        else:
            blocks.append(text)
    if p.fields_hug_heading and card.fields and groups[0]:
        return heading + "\n" + "\n\n".join(blocks)
    return "\n\n".join([heading, *blocks])


def _starts_label_section(p: Profile, text: str) -> bool:
    return any(text.startswith(p.section_label_style.format(label=s.name)) for s in p.sections)


def _container_text(p: Profile, container: Container, fields: list[Field],
                    plain: bool = False) -> str:
    """A field block in the container's layout; ``plain`` writes one field a line."""
    if plain:  # fields the layout has no place for are kept as written (JSON: extra_fields)
        lines = [_field_text(p, container, f, raw=True) for f in fields]
    else:
        by_key = {f.key: f for f in fields}
        lines = [
            line.joiner.join(_field_text(p, container, by_key[k]) for k in line.fields
                             if k in by_key)
            for line in container.lines
        ]
        lines = [line for line in lines if line]
        lines[0] = container.prefix + lines[0]
    text = "\n".join(line.rstrip() for line in "\n".join(lines).split("\n"))
    if container.kind == "blockquote" and not plain:
        text = "\n".join("> " + line if line else ">" for line in text.split("\n"))
    return text


def _field_text(p: Profile, container: Container, f: Field, raw: bool = False) -> str:
    spec = p.fields.get(f.key) if f.key else None
    value = f.raw if raw else render_value(spec.kind if spec else "text", f.value,
                                           spec.joiner if spec else "")
    return container.label_style.format(label=f.label) + value


def _section_text(p: Profile, s: Section) -> str:
    if p.section_level is None:
        head = p.section_label_style.format(label=s.heading)
    else:
        head = "#" * p.section_level + " " + s.heading
    return head + "\n\n" + s.body.text if s.body.text else head


def loads(data: bytes, path: str | None = None, profile: Profile | None = None) -> Digest:
    from digestfmt.parse import parse_bytes

    return parse_bytes(data, path=path, profile=profile)
