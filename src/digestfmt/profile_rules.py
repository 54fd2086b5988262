"""What a profile must satisfy beyond its JSON Schema (spec §3.10).

``spec/profile.schema.json`` says which keys a profile holds and of what shape; these
checks say what a schema cannot: that its regexes compile and have the groups the
reader takes, that templates name only those groups, that the layout places every
field exactly once, that labels and keys are unique. A profile that passes both is
one the reader, writer and linter can use without failing later. Each problem names
the JSON pointer of the key at fault, so a profile file's problems point at a line.

This module imports only ``re`` (and ``i18n``, the standard library's gettext): built-in
profiles are checked on every start.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from digestfmt.i18n import _

Pointer = tuple[str | int, ...]
Problem = tuple[Pointer, str]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_HEADER_GROUPS = frozenset({"title", "date", "note"})
_CARD_GROUPS = frozenset({"number", "org", "title"})


def problems(data: dict[str, Any]) -> list[Problem]:
    """Every problem of a profile that is valid against the profile schema."""
    found: list[Problem] = []
    found += _pattern(data["header"], ("header",), _HEADER_GROUPS, required={"title"})
    item = data["card"].get("form") == "item"  # an item card's first line may go on
    found += _pattern(data["card"], ("card",), _CARD_GROUPS | ({"lead"} if item else set()),
                      required=set())
    found += _fields_and_layout(data)
    found += _sections(data)
    groups = data.get("groups")
    if groups and groups["level"] >= data["card"]["level"]:
        found.append((("groups", "level"), _("group headings at level {level} would be cards or "
                                              "their parts (card level {card})").format(
            level=groups["level"], card=data["card"]["level"])))
    forms = data["header"].get("date_forms")
    if forms is not None and data["header"]["date_format"] not in forms:
        found.append((("header", "date_format"), _("the style writes its date in a form it "
                                                    "does not read: add it to `date_forms`")))
    card = data["card"]
    for key in ("sorted_by", "summary"):
        value = card.get(key)
        sections = {s["key"] for s in data["sections"]["items"]} if key == "summary" else set()
        if value is not None and value not in data["fields"] and value not in sections:
            found.append((("card", key), _("{value!r} is not a field nor a section of the "
                                           "profile").format(value=value) if key == "summary"
                          else _("{value!r} is not a field of the profile").format(value=value)))
    return found


def _pattern(part: dict[str, Any], at: Pointer, allowed: frozenset[str],
             required: set[str]) -> list[Problem]:
    try:
        compiled = re.compile(part["pattern"])
    except re.error as exc:
        return [((*at, "pattern"), _("not a regular expression: {reason}").format(reason=exc))]
    groups = set(compiled.groupindex)
    out: list[Problem] = []
    if unknown := sorted(groups - allowed):
        out.append(((*at, "pattern"), _("group(s) {groups} mean nothing here (known: {known})")
                    .format(groups=", ".join(unknown), known=", ".join(sorted(allowed)))))
    if missing := sorted(required - groups):
        out.append(((*at, "pattern"), _("needs the group(s) {groups}").format(
            groups=", ".join(missing))))
    for n, piece in enumerate(part["template"]):
        names = set(_PLACEHOLDER.findall(piece))
        if stray := sorted(names - groups):
            out.append(((*at, "template", n), _("placeholder(s) {names} are not groups of the "
                                                "pattern").format(names=", ".join(stray))))
    written = {name for piece in part["template"] for name in _PLACEHOLDER.findall(piece)}
    if lost := sorted(groups - written):
        out.append(((*at, "template"), _("group(s) {groups} of the pattern are never written: "
                                         "fmt would drop them").format(groups=", ".join(lost))))
    return out


def _fields_and_layout(data: dict[str, Any]) -> list[Problem]:
    fields: dict[str, Any] = data["fields"]
    out: list[Problem] = []
    labels = Counter(label for spec in fields.values()
                     for label in {spec["label"], *spec.get("aliases", ())})
    for key, spec in fields.items():
        if labels[spec["label"]] > 1:
            out.append((("fields", key, "label"), _("label {label!r} names two fields").format(
                label=spec["label"])))
        for n, alias in enumerate(spec.get("aliases", ())):
            if alias == spec["label"] or labels[alias] > 1:
                out.append((("fields", key, "aliases", n),
                            _("alias {alias!r} is already a label of a field").format(
                                alias=alias)))
        if spec["kind"] == "sources" and not spec.get("joiner", "").strip():
            out.append((("fields", key), _("a sources field needs a `joiner`, e.g. ' 、 '")))
    placed: Counter[str] = Counter()
    for n, container in enumerate(data["layout"]):
        for m, line in enumerate(container["lines"]):
            for k, key in enumerate(line["fields"]):
                placed[key] += 1
                if key not in fields:
                    out.append((("layout", n, "lines", m, "fields", k),
                                _("{value!r} is not a field of the profile").format(
                                    value=key)))
                elif placed[key] == 2:
                    out.append((("layout", n, "lines", m, "fields", k),
                                _("{key!r} is placed twice").format(key=key)))
            if len(line["fields"]) > 1 and not line.get("joiner"):
                out.append((("layout", n, "lines", m), _("fields on one line need a `joiner`")))
        if "bullet" in container and container["container"] != "list":
            out.append((("layout", n, "bullet"), _("only a `list` container has a bullet")))
        plain = "**" not in container["label_style"]
        if plain and container["container"] == "paragraph":
            out.append((("layout", n, "label_style"),
                        _("a label that is not bold (`🔗 `, `来源：`) can only be read at the "
                          "start of a list item or a blockquote line: use `container: list` "
                          "or `blockquote`, or a bold label")))
        elif plain and container["container"] == "blockquote" \
                and not re.search(r"\{label\}[ \t]*[:：]", container["label_style"]):
            out.append((("layout", n, "label_style"),
                        _("a label that is not bold is read in a blockquote only with a "
                          "colon after it (`{label}：`)")))
    for key in fields:
        if not placed[key]:
            out.append((("fields", key), _("the layout never writes {key!r}: add it to a "
                                           "line of `layout`").format(key=key)))
    return out


def _sections(data: dict[str, Any]) -> list[Problem]:
    sections = data["sections"]
    items = sections["items"]
    out: list[Problem] = []
    level = sections.get("heading_level")
    if level is not None and level <= data["card"]["level"]:
        out.append((("sections", "heading_level"),
                    _("sections at level {level} would end the card (card level {card})")
                    .format(level=level, card=data["card"]["level"])))
    labels = {label for spec in data["fields"].values()
              for label in (spec["label"], *spec.get("aliases", ()))}
    for kind in ("key", "name"):
        seen = Counter(item[kind] for item in items)
        for n, item in enumerate(items):
            if seen[item[kind]] > 1:
                out.append((("sections", "items", n, kind), _("{name!r} names two sections")
                            .format(name=item[kind])))
    names = Counter(name for item in items for name in {item["name"], *item.get("aliases", ())})
    for n, item in enumerate(items):
        for m, alias in enumerate(item.get("aliases", ())):
            if alias == item["name"] or names[alias] > 1 or alias in labels:
                out.append((("sections", "items", n, "aliases", m),
                            _("alias {alias!r} is already a section name or field label")
                            .format(alias=alias)))
        if item["name"] in labels:
            out.append((("sections", "items", n, "name"),
                        _("{name!r} is also a field label").format(name=item["name"])))
        if level is not None and ("body_start" in item or "joined" in item):
            key = "body_start" if "body_start" in item else "joined"
            out.append((("sections", "items", n, key),
                        _("only label sections (no heading_level) have a label line to lay "
                          "out")))
        if item["key"] in data["fields"]:
            out.append((("sections", "items", n, "key"),
                        _("{key!r} is also a field key (the JSON form would hold both)")
                        .format(key=item["key"])))
    return out
