"""Model <-> the JSON form described by ``spec/digest.schema.json``.

The JSON holds exactly what canonical Markdown needs and nothing derived, so
``json -> md -> json`` is the identity for every schema-valid document. Keys
that only record a non-default layout (``date_format``, ``separator``) are
omitted when they hold the default.
"""

from __future__ import annotations

import json
from typing import Any

from digestfmt.errors import DigestError
from digestfmt.layout import field_groups
from digestfmt.model import (
    Card,
    Digest,
    DigestDate,
    Extra,
    Field,
    FieldValue,
    Markdown,
    Related,
    RelatedItem,
    Section,
    Source,
)
from digestfmt.profiles import Profile, ProfileError, get_profile
from digestfmt.values import render_value, typed_value

FORMAT = "digestfmt/1"

JSON = dict[str, Any]


def to_dict(digest: Digest) -> JSON:
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
    if digest.preamble:
        out["preamble"] = digest.preamble.text
    if digest.intro:
        out["intro"] = digest.intro.text
    out["cards"] = [_card_to_dict(p, card) for card in digest.cards]
    if digest.related:
        if digest.related.items is not None:
            out["related"] = {"items": [{"title": i.title, "url": i.url}
                                        for i in digest.related.items]}
        else:
            out["related"] = {"body": digest.related.body.text if digest.related.body else ""}
    return out


def _card_to_dict(p: Profile, card: Card) -> JSON:
    out: JSON = {}
    if card.number is not None:
        out["number"] = card.number
    if card.org is not None:
        out["org"] = card.org
    out["title"] = card.title
    groups = field_groups(p, card.fields)
    out["fields"] = {f.key: _value_to_json(f.value) for group in groups[:-1] for f in group}
    if groups[-1]:
        out["extra_fields"] = [{"label": f.label, "value": f.raw} for f in groups[-1]]
    out["sections"] = [_section_to_dict(p, s) for s in card.sections]
    if card.extras:
        out["extras"] = [{"after": e.after, "markdown": e.body.text} for e in card.extras]
    if not card.separator:
        out["separator"] = False
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
        preamble=_md(data.get("preamble")),
        intro=_md(data.get("intro")),
        cards=tuple(_card_from_dict(p, c) for c in data["cards"]),
        related=related,
        path=path,
    )


def _md(text: str | None) -> Markdown | None:
    return Markdown(text) if text else None


def _card_from_dict(p: Profile, data: JSON) -> Card:
    fields = [_field(p, key, p.fields[key].label, value) for key, value in data["fields"].items()]
    for extra in data.get("extra_fields", []):
        key = p.field_key(extra["label"])
        spec = p.fields.get(key) if key else None
        kind = spec.kind if spec else "text"
        fields.append(Field(key, extra["label"], typed_value(kind, extra["value"],
                                                            spec.joiner if spec else ""),
                            extra["value"], kind))
    return Card(
        title=data["title"],
        number=data.get("number"),
        org=data.get("org"),
        fields=tuple(fields),
        sections=tuple(_section_from_dict(p, s) for s in data["sections"]),
        extras=tuple(Extra(e["after"], Markdown(e["markdown"])) for e in data.get("extras", [])),
        separator=data.get("separator", True),
    )


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
    return Section(spec.key if spec else None, heading, Markdown(data["body"]))


def dumps(digest: Digest) -> str:
    return json.dumps(to_dict(digest), ensure_ascii=False, indent=2) + "\n"


def loads(data: bytes, path: str | None = None, profile: Profile | None = None) -> Digest:
    """Parse and schema-validate a JSON digest; the first problem is the error."""
    from digestfmt.codecs.json_positions import positions
    from digestfmt.parse.source import decode
    from digestfmt.schema import validate

    text = decode(data, path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DigestError(path, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    problems = validate(document)
    if problems:
        line, col = positions(text).get(problems[0].pointer, (1, 1))
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DigestError(path, f"not a valid digest: {problems[0].message}{more}", line, col)
    if profile is not None and profile.name != document["style"]:
        raise DigestError(path, f"style is {document['style']!r}, not {profile.name!r}")
    return from_dict(document, path)
