"""Model <-> the JSON form described by ``spec/digest.schema.json``.

The JSON holds exactly what canonical Markdown needs and nothing derived, so
``json -> md -> json`` is the identity for every schema-valid document. Keys
that only record a non-default layout (``date_format``, ``separator``) are
omitted when they hold the default.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from digestfmt.errors import DigestError
from digestfmt.i18n import _
from digestfmt.layout import field_groups
from digestfmt.model import (
    Card,
    Digest,
    DigestDate,
    Extra,
    Field,
    FieldBlocks,
    FieldValue,
    Group,
    ItemMark,
    Markdown,
    Related,
    RelatedItem,
    Section,
    Source,
)
from digestfmt.profiles import Profile, ProfileError, get_profile, known_profiles
from digestfmt.values import render_value, typed_value

FORMAT = "digestfmt/3"
FORMAT_V2 = "digestfmt/2"  # read as it is: version 3 only added to it (spec §7.9)
FORMAT_V1 = "digestfmt/1"
# Keys that record only how the Markdown was laid out (so fmt keeps what a reader sees).
LAYOUT_KEYS = ("field_blocks", "labels", "body_start", "joined", "item")

JSON = dict[str, Any]


def to_dict(digest: Digest, cards: bool = True) -> JSON:
    """The JSON form; with ``cards=False``, its cards an empty list (see ``dumps_chunks``)."""
    p = digest.profile
    out: JSON = {"format": FORMAT, "style": p.name}
    if digest.title or digest.date or digest.date_text is not None:
        out["title"] = digest.title
    if digest.date:
        out["date"] = digest.date.iso
        if digest.date.format != p.date_format:
            out["date_format"] = digest.date.format
    elif digest.date_text is not None:
        out["date_text"] = digest.date_text
    if digest.header_note is not None:
        out["header_note"] = digest.header_note
    if digest.header_source != "heading":
        out["header_source"] = digest.header_source
    if digest.front_matter:
        out["front_matter"] = digest.front_matter.text
    if digest.preamble:
        out["preamble"] = digest.preamble.text
    if digest.intro:
        out["intro"] = digest.intro.text
    out["cards"] = [card_to_dict(p, card) for card in digest.cards] if cards else []
    if digest.outro:
        out["outro"] = digest.outro.text
    if digest.related:
        if digest.related.items is not None:
            out["related"] = {"items": [{"title": i.title, "url": i.url}
                                        for i in digest.related.items]}
        else:
            out["related"] = {"body": digest.related.body.text if digest.related.body else ""}
    return out


def card_to_dict(p: Profile, card: Card) -> JSON:
    out: JSON = {}
    if card.group is not None:
        out["group"] = {**({"lead": card.group.lead.text} if card.group.lead else {}),
                        "heading": card.group.heading,
                        **({"body": card.group.body.text} if card.group.body else {})}
    if card.number is not None and "number" in _card_keys(p):
        out["number"] = card.number
    if card.org is not None:
        out["org"] = card.org
    out["title"] = card.title
    groups = field_groups(p, card.fields)
    out["fields"] = {f.key: _value_to_json(f.value) for group in groups[:-1] for f in group}
    if groups[-1]:
        out["extra_fields"] = [{"label": f.label, "value": f.raw} for f in groups[-1]]
    out["sections"] = [_section_to_dict(p, s) for s in card.sections]
    out.update(card_layout(p, card, groups))
    if card.extras:
        out["extras"] = [{"after": e.after, "markdown": e.body.text} for e in card.extras]
    if not card.separator:
        out["separator"] = False
    if card.lead is not None:
        out["lead"] = card.lead
    if card.trailer is not None:
        out["trailer"] = card.trailer.text
    return out


def card_layout(p: Profile, card: Card, groups: list[list[Field]] | None = None) -> JSON:
    """How a card is written, where not the style's way (spec §7.2): ``item``, an item
    card's marker and list; ``labels``, the known fields written with an alias of
    their label; ``field_blocks`` when the fields are not in the layout's blocks, each
    block's kind and fields, a field named by its key or its extra-field index
    (``groups``: the card's ``field_groups``, when the caller has them)."""
    out: JSON = {}
    if card.item is not None:
        out["item"] = {"marker": card.item.marker, **({"loose": True} if card.item.loose else {})}
    labels: dict[str, str] = {}
    for f in card.fields:  # a key's first field is the known one; repeats are extra
        if f.key is not None and f.key not in labels:
            labels[f.key] = f.label
    if aliased := {k: label for k, label in labels.items() if label != p.fields[k].label}:
        out["labels"] = aliased
    if card.field_blocks is None:
        return out
    groups = groups if groups is not None else field_groups(p, card.fields)
    refs: dict[int, str | int] = {id(f): f.key for group in groups[:-1] for f in group
                                  if f.key is not None}
    refs.update((id(f), n) for n, f in enumerate(groups[-1]))
    out["field_blocks"] = [
        {"container": kind, "fields": [refs[id(card.fields[n])] for n in members]}
        for kind, members in card.field_blocks
    ]
    return out


def section_layout(p: Profile, s: Section) -> JSON:
    """How a label section is laid out, where not the style's way (spec §7.2)."""
    if p.section_level is not None:
        return {}
    spec = p.section(s.key) if s.key else None
    out: JSON = {}
    if s.body_start != (spec.body_start if spec else "next-block"):
        out["body_start"] = s.body_start
    if s.joined != (spec.joined if spec else False):
        out["joined"] = s.joined
    return out


def _value_to_json(value: FieldValue) -> Any:
    if isinstance(value, list):
        return [
            ({"name": v.name, "url": v.url} if v.url else {"name": v.name})
            if isinstance(v, Source) else v
            for v in value
        ]
    return value


def _section_to_dict(p: Profile, s: Section) -> JSON:
    out: JSON = {}
    spec = p.section(s.key) if s.key else None
    if spec:
        out["key"] = spec.key
    if spec is None or s.heading != spec.heading:
        out["heading"] = s.heading
    out["body"] = s.body.text
    out.update(section_layout(p, s))
    return out


def from_dict(data: JSON, path: str | None = None) -> Digest:
    """Build a model from JSON that passed schema validation."""
    try:
        p = get_profile(data["style"])
    except ProfileError as exc:
        raise DigestError(path, str(exc)) from None
    date = None
    if "date" in data:
        year, month, day = (int(x) for x in data["date"].split("-"))
        date = DigestDate(year, month, day, data.get("date_format", p.date_format))
    related = None
    if "related" in data:
        items = data["related"].get("items")
        related = Related(
            p.related_heading or "",
            tuple(RelatedItem(i["title"], i["url"]) for i in items) if items is not None else None,
            _md(data["related"].get("body")),
        )
    return Digest(
        profile=p,
        title=data.get("title", ""),
        date=date,
        date_text=data.get("date_text"),
        front_matter=_md(data.get("front_matter")),
        preamble=_md(data.get("preamble")),
        intro=_md(data.get("intro")),
        outro=_md(data.get("outro")),
        header_note=data.get("header_note"),
        header_source=data.get("header_source", "heading"),
        cards=tuple(_card_from_dict(p, c, path) for c in data["cards"]),
        related=related,
        path=path,
    )


def _md(text: str | None) -> Markdown | None:
    return Markdown(text) if text else None


def _card_from_dict(p: Profile, data: JSON, path: str | None) -> Card:
    labels = data.get("labels", {})
    fields = [_field(p, key, labels.get(key, p.fields[key].label), value)
              for key, value in data["fields"].items()]
    known = len(fields)
    for extra in data.get("extra_fields", []):
        key = p.field_key(extra["label"])
        spec = p.fields.get(key) if key else None
        kind = spec.kind if spec else "text"
        fields.append(Field(key, extra["label"], typed_value(kind, extra["value"],
                                                            spec.joiner if spec else ""),
                            extra["value"], kind))
    return Card(
        title=data["title"],
        number=data.get("number", _item_number(data.get("item"))),
        org=data.get("org"),
        fields=tuple(fields),
        sections=tuple(_section_from_dict(p, s) for s in data["sections"]),
        extras=tuple(Extra(e["after"], Markdown(e["markdown"])) for e in data.get("extras", [])),
        separator=data.get("separator", True),
        field_blocks=_field_blocks(data, list(data["fields"]), known, len(fields), path),
        group=Group(data["group"]["heading"], _md(data["group"].get("body")),
                    lead=_md(data["group"].get("lead")))
        if "group" in data else None,
        lead=data.get("lead"),
        item=ItemMark(data["item"]["marker"], data["item"].get("loose", False))
        if "item" in data else None,
        trailer=_md(data.get("trailer")),
    )


def _card_keys(p: Profile) -> frozenset[str]:
    """The heading parts a card of the style has in the JSON form: a numbered item's
    number is its marker's (``item.marker``), unless the card pattern reads one."""
    groups = frozenset(p.card_pattern.groupindex)
    return groups if p.card_form == "item" else groups | {"number"}


def _item_number(item: JSON | None) -> int | None:
    marker = item["marker"] if item else ""
    return int(marker[:-1]) if marker[:-1].isdigit() else None


def _field_blocks(data: JSON, keys: list[str], known: int, total: int,
                  path: str | None) -> FieldBlocks | None:
    """``field_blocks`` as indices into the card's fields (those of ``fields``, then the
    extra fields); each field must be placed exactly once (spec §7.8)."""
    if "field_blocks" not in data:
        return None
    blocks = []
    for block in data["field_blocks"]:
        members = []
        for ref in block["fields"]:
            if isinstance(ref, str) and ref in keys:
                members.append(keys.index(ref))
            elif isinstance(ref, int) and 0 <= ref < total - known:
                members.append(known + ref)
            else:
                raise DigestError(path, _("field_blocks names no field {ref!r} of card "
                                          "{title!r}").format(ref=ref, title=data["title"]))
        blocks.append((block["container"], tuple(members)))
    placed = sorted(n for _, members in blocks for n in members)
    if placed != list(range(total)):
        raise DigestError(path, _("field_blocks of card {title!r} must place every field "
                                  "exactly once").format(title=data["title"]))
    return tuple(blocks)


def _field(p: Profile, key: str, label: str, value: Any) -> Field:
    spec = p.fields[key]
    typed: FieldValue
    if spec.kind == "sources" and isinstance(value, list):
        typed = [Source(v["name"], v.get("url")) for v in value]
    else:
        typed = value
    return Field(key, label, typed, render_value(spec.kind, typed, spec.joiner), spec.kind)


def _section_from_dict(p: Profile, data: JSON) -> Section:
    spec = p.section(data["key"]) if "key" in data else None
    heading = data.get("heading") or (spec.heading if spec else "")
    return Section(spec.key if spec else None, heading, Markdown(data["body"]),
                   body_start=data.get("body_start", spec.body_start if spec else "next-block"),
                   joined=data.get("joined", spec.joined if spec else False))


def upgrade(document: Any) -> Any:
    """An older document in the current form (spec §7.9); others as they are.

    A format-2 document reads as it is. Format 1 held some Markdown bodies as one-line
    fields (brief's 核心洞察); a field whose key the style now defines as a section
    becomes that section, its text the body, placed in the style's section order.
    Nothing else differs.
    """
    if isinstance(document, dict) and document.get("format") == FORMAT_V2:
        return {**document, "format": FORMAT}
    if not isinstance(document, dict) or document.get("format") != FORMAT_V1:
        return document
    document = {**document, "format": FORMAT}
    try:
        p = get_profile(document["style"])
    except (ProfileError, KeyError, TypeError):
        return document
    if not isinstance(document.get("cards"), list):
        return document
    order = [s.key for s in p.sections]
    cards = []
    for card in document["cards"]:
        fields = card.get("fields") if isinstance(card, dict) else None
        if not isinstance(fields, dict):
            cards.append(card)
            continue
        moved = {k: v for k, v in fields.items() if k in order and k not in p.fields}
        if moved and isinstance(card.get("sections"), list):
            sections = [*({"key": k, "body": v} for k, v in moved.items()), *card["sections"]]
            sections.sort(key=lambda s: order.index(s["key"]) if s.get("key") in order
                          else len(order))
            card = {**card, "fields": {k: v for k, v in fields.items() if k not in moved},
                    "sections": sections}
        cards.append(card)
    document["cards"] = cards
    return document


def dumps(digest: Digest) -> str:
    return json.dumps(to_dict(digest), ensure_ascii=False, indent=2) + "\n"


def dump_chunks(digest: Digest) -> Iterator[bytes]:
    """``dumps`` as UTF-8 chunks, a card at a time (what ``convert`` writes)."""
    for chunk in dumps_chunks(digest):
        yield chunk.encode()
    yield b"\n"


def dumps_chunks(digest: Digest, indent: int | None = 2, sort_keys: bool = False
                 ) -> Iterator[str]:
    """``json.dumps(to_dict(digest), ensure_ascii=False, indent=indent,
    sort_keys=sort_keys)``, a card at a time: the JSON form of a long digest is never
    whole in memory, as dicts or as text. The cards go where the placeholder
    ``"cards": []`` is (a string in JSON cannot hold it: its quotes are escaped)."""
    options: JSON = {"ensure_ascii": False, "indent": indent, "sort_keys": sort_keys}
    head, tail = json.dumps(to_dict(digest, cards=False), **options).split('"cards": []', 1)
    yield head + '"cards": ['
    # json.dumps separates items with "," and a newline when it indents, else ", ".
    inside = "" if indent is None else "\n" + " " * (2 * indent)
    for n, card in enumerate(digest.cards):
        text = json.dumps(card_to_dict(digest.profile, card), **options)
        yield (", " if n else "") + text if indent is None \
            else ("," if n else "") + inside + text.replace("\n", inside)
    yield ("\n" + " " * indent if indent is not None and digest.cards else "") + "]" + tail


def loads(data: bytes, path: str | None = None, profile: Profile | None = None) -> Digest:
    """Parse and schema-validate a JSON digest; the first problem is the error."""
    from digestfmt.codecs.json_positions import positions
    from digestfmt.parse.source import decode
    from digestfmt.schema import more, validate
    from digestfmt.structured import load_json

    text = decode(data, path)
    document = upgrade(load_json(text, path))
    style = document.get("style") if isinstance(document, dict) else None
    if isinstance(style, str) and style not in known_profiles():
        line, col = positions(text).get(("style",), (1, 1))
        raise DigestError(path, _("unknown style {style!r} (known: {known}; name its profile file "
                                  "with --profile or in the settings' 'profiles')").format(
            style=style, known=", ".join(known_profiles())), line, col)
    problems = validate(document, limit=100)
    if problems:
        line, col = positions(text).get(problems[0].pointer, (1, 1))
        raise DigestError(path, _("not a valid digest: {reason}{more}").format(
            reason=problems[0].message, more=more(problems, 100)), line, col)
    if profile is not None and profile.name != document["style"]:
        raise DigestError(path, _("style is {style!r}, not {profile!r}").format(
            style=document["style"], profile=profile.name))
    return from_dict(document, path)
