"""Style profiles: the data that describes one digest style.

Profiles live in ``spec/profiles/*.yaml`` (shipped as package data) so that a new
style is a new YAML file, not new Python. Everything style-specific that the
parser, writer and linter need is read from here.

``profile_data.py`` holds each YAML file's parse and a fingerprint of the text it
was made from (length and CRC-32), written by ``python -m digestfmt.profiles``: a
profile whose file still has that fingerprint is built from it, sparing a one-file
lint the import of PyYAML (as long as the rest of its start-up); any other text
is parsed as YAML, so the data may be stale but is not used then (and a test
keeps it current).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from digestfmt import profile_rules
from digestfmt.dates import DATE_FORMATS, NUMERIC_FORMS
from digestfmt.i18n import _

# A marker emoji (🔹 📊 💡 🔗 🎯 🤖 ...), with variation selectors and joiners.
EMOJI = "(?:[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF][\uFE0F\u200D]*)+"
_MARKER = re.compile(f"({EMOJI})[ \t]*")


def split_marker(heading: str) -> tuple[str, str]:
    """``🔗相关资源`` -> (``🔗``, ``相关资源``): a leading emoji marker and the name."""
    m = _MARKER.match(heading)
    if not m:
        return "", heading
    return m[1], heading[m.end():]


class ProfileError(ValueError):
    """A profile file is malformed: a bug in the spec, reported with its name."""


@dataclass(frozen=True)
class Template:
    """A heading template: parts written only when all their placeholders have values."""

    parts: tuple[str, ...]

    def render(self, values: dict[str, str | None]) -> str:
        out = []
        for part in self.parts:
            names = re.findall(r"\{(\w+)\}", part)
            if all(values.get(name) is not None for name in names):
                out.append(part.format(**{n: values[n] for n in names}))
        return "".join(out)


@dataclass(frozen=True)
class FieldSpec:
    """A field the style knows: its label, how its value reads, whether it must be there."""

    key: str
    label: str
    kind: str
    required: bool
    joiner: str = ""
    aliases: tuple[str, ...] = ()  # other spellings read as this field


@dataclass(frozen=True)
class LayoutLine:
    """Fields written on one line of a container, and what joins them."""

    fields: tuple[str, ...]
    joiner: str


@dataclass(frozen=True)
class Container:
    """One canonical field block: a paragraph, blockquote or list of labelled lines
    (in a list, each line is an item opened by ``bullet``)."""

    kind: str
    label_style: str
    prefix: str
    lines: tuple[LayoutLine, ...]
    bullet: str = "- "

    @property
    def bold(self) -> bool:
        """Whether labels are written in bold (``**链接**:``), not as a plain marker
        (``🔗 ``) that reads as a label only where a field's label is expected."""
        return "**" in self.label_style

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for line in self.lines for k in line.fields)


@dataclass(frozen=True)
class SectionSpec:
    """A section the style knows: its name, marker emoji and whether it must be there.

    For a section introduced by a bold label, ``body_start`` and ``joined`` say how
    the style usually writes it (spec §5.4.2): the body on the label's own line, on
    the next line of the same paragraph or in the next block; the label line
    continuing the paragraph before it or opening its own. A card that writes it
    otherwise keeps its own way (the model and the JSON form record it).
    """

    key: str
    name: str
    required: bool
    marker: str = ""
    body_start: str = "next-block"
    joined: bool = False
    aliases: tuple[str, ...] = ()  # other names read as this section

    @property
    def heading(self) -> str:
        return f"{self.marker} {self.name}" if self.marker else self.name


@dataclass(frozen=True)
class Profile:
    """One digest style, compiled from its YAML: what the parser, writer and rules follow."""

    name: str
    description: str
    language: str
    header_pattern: re.Pattern[str]
    header_template: Template
    date_format: str
    date_forms: tuple[str, ...]  # the date forms the header is read in
    front_matter: dict[str, str]  # "title"/"date" -> the front-matter key holding it
    empty_day: str | None
    card_level: int
    card_pattern: re.Pattern[str]
    card_template: Template
    fields_hug_heading: bool
    separator: bool
    sorted_by: str | None
    summary: str | None  # the field or section key that sums a card up (feeds, metadata)
    fields: dict[str, FieldSpec]
    layout: tuple[Container, ...]
    section_level: int | None  # heading level of sections; None: label-introduced
    section_label_style: str
    sections: tuple[SectionSpec, ...]
    related_heading: str | None
    related_level: int = 2
    group_level: int | None = None  # headings of this level between cards group them
    group_numbering: str = "global"  # cards numbered across the digest, or per-group
    precedence: int = 100  # detection ties go to the lower (spec §2.4)
    # "heading": a card opens with a heading; "item": with a list item whose first line
    # the card pattern reads (a bold title), its content indented under it (spec §3.3)
    card_form: str = "heading"
    card_bullet: str = "- "  # how a new item card is written; "1. " numbers them
    _by_label: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def field_key(self, label: str) -> str | None:
        """The field key a written label (or an alias) stands for, with or without
        its marker emoji (``🔗 链接``, ``链接``), or None if this style lacks it."""
        key = self._by_label.get(label)
        return key if key is not None else self._by_bare_label.get(split_marker(label)[1])

    @cached_property
    def _by_bare_label(self) -> dict[str, str]:
        bare: dict[str, str] = {}
        for label, key in self._by_label.items():
            bare.setdefault(split_marker(label)[1], key)
        return bare

    @cached_property
    def plain_label(self) -> re.Pattern[str] | None:
        """What reads a label (or alias) of the fields written plainly (``🔗 ``,
        ``来源：``), or None when the style has none: such a label is read only at the
        start of a list item, or with a colon at the start of a blockquote line, and
        only followed by a space, a colon or nothing (parse.fields.label_at)."""
        keys = {k for c in self.layout if not c.bold for k in c.keys}
        labels = sorted((label for label, key in self._by_label.items() if key in keys),
                        key=len, reverse=True)
        if not labels:
            return None
        names = "|".join(map(re.escape, labels))
        return re.compile(rf"(?P<label>{names})(?=[\s:：]|$)[ \t]*(?P<inner>[:：])?[ \t]*")

    @cached_property
    def joiner_chars(self) -> str:
        """What may stand between two fields of a line, to be trimmed off the value before
        the next label: white space, ``|`` and the characters of the layout's joiners
        (``·`` in ``" · "``)."""
        written = {ch for container in self.layout for line in container.lines
                   for ch in line.joiner.strip()}
        return " \t|｜" + "".join(sorted(written - set(" \t|｜")))

    @cached_property
    def container_index(self) -> dict[str, int]:
        """Field key -> index of the layout container that places it."""
        index: dict[str, int] = {}
        for n, container in enumerate(self.layout):
            for key in container.keys:
                index.setdefault(key, n)
        return index

    def container_of(self, key: str) -> Container:
        return self.layout[self.container_index[key]]

    @cached_property
    def _sections_by_name(self) -> dict[str, SectionSpec]:
        """Each section by its names (name and aliases), then by each without its
        marker emoji."""
        names = [(name, spec) for spec in self.sections for name in (spec.name, *spec.aliases)]
        by_name: dict[str, SectionSpec] = {}
        for name, spec in names:
            by_name.setdefault(name, spec)
        for name, spec in names:
            by_name.setdefault(split_marker(name)[1], spec)
        return by_name

    def section_by_name(self, name: str) -> SectionSpec | None:
        """The section a name (or label) denotes, with or without its marker emoji."""
        return self._sections_by_name.get(name) \
            or self._sections_by_name.get(split_marker(name)[1])

    def resolve_section(self, heading: str) -> tuple[SectionSpec | None, str]:
        """The section a heading denotes, and the heading in canonical spacing.

        The name decides; failing that the marker emoji does, because real files
        rename sections (``💡 行业洞察``) but keep the generator's marker.
        """
        marker, name = split_marker(heading)
        spec = self.section_by_name(name) or next(
            (s for s in self.sections if marker and s.marker == marker), None
        )
        return spec, f"{marker} {name}" if marker and name else marker or name

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def required_fields(self) -> tuple[str, ...]:
        return tuple(k for k, f in self.fields.items() if f.required)

    @property
    def required_sections(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections if s.required)


def compile_profile(data: dict[str, Any], where: str, checked: bool = False) -> Profile:
    """A profile from its data, which must be valid against ``spec/profile.schema.json``
    (``profile_file`` checks a file's; the built-ins' are checked by the tests), checked
    by ``profile_rules`` unless it was when ``profile_data`` was made (``checked``)."""
    found = [] if checked else profile_rules.problems(data)
    if found:
        raise ProfileError(f"{where}: " + "; ".join(
            f"{'/'.join(map(str, pointer))}: {message}" for pointer, message in found))
    try:
        header, card, secs = data["header"], data["card"], data["sections"]
        fields = {
            key: FieldSpec(
                key=key,
                label=spec["label"],
                kind=spec["kind"],
                required=bool(spec["required"]),
                joiner=spec.get("joiner", ""),
                aliases=tuple(spec.get("aliases", ())),
            )
            for key, spec in data["fields"].items()
        }
        layout = tuple(
            Container(
                kind=c["container"],
                label_style=c["label_style"],
                prefix=c.get("prefix", ""),
                bullet=c.get("bullet", "- "),
                lines=tuple(
                    LayoutLine(tuple(line["fields"]), line.get("joiner", ""))
                    for line in c["lines"]
                ),
            )
            for c in data["layout"]
        )
        related = data.get("related") or {}
        profile = Profile(
            name=data["name"],
            description=data["description"],
            language=data.get("language", "zh-CN"),
            header_pattern=re.compile(header["pattern"]),
            header_template=Template(tuple(header["template"])),
            date_format=header["date_format"],
            # Tried padded first (spec §4.2), whatever order the profile lists them in.
            date_forms=tuple(f for f in DATE_FORMATS
                             if f in header.get("date_forms", NUMERIC_FORMS)),
            front_matter=dict(header.get("front_matter", {})),
            empty_day=data.get("empty_day"),
            card_level=int(card["level"]),
            card_pattern=re.compile(card["pattern"]),
            card_template=Template(tuple(card["template"])),
            fields_hug_heading=bool(card["fields_hug_heading"]),
            separator=bool(card["separator"]),
            sorted_by=card.get("sorted_by"),
            summary=card.get("summary"),
            fields=fields,
            layout=layout,
            section_level=secs.get("heading_level"),
            section_label_style=secs.get("label_style", ""),
            sections=tuple(
                SectionSpec(s["key"], s["name"], bool(s["required"]), s.get("marker", ""),
                            s.get("body_start", "next-block"), bool(s.get("joined", False)),
                            tuple(s.get("aliases", ())))
                for s in secs["items"]
            ),
            related_heading=related.get("heading"),
            related_level=int(related.get("level", 2)),
            group_level=(data.get("groups") or {}).get("level"),
            group_numbering=(data.get("groups") or {}).get("numbering", "global"),
            precedence=int(data.get("precedence", 100)),
            card_form=card.get("form", "heading"),
            card_bullet=card.get("bullet", "- "),
            _by_label={label: key for key, spec in fields.items()
                       for label in (spec.label, *spec.aliases)},
        )
    except (KeyError, TypeError, re.error) as exc:  # data the schema would have refused
        raise ProfileError(f"{where}: {exc!r}") from exc
    return profile


@cache
def all_profiles() -> dict[str, Profile]:
    """Every profile shipped in ``spec/profiles``, by name, in a stable order."""
    from digestfmt import profile_data

    profiles = {}
    for name, text in _profile_files():
        made = profile_data.FINGERPRINTS.get(name) == fingerprint(text)
        data = profile_data.DATA[name] if made else _parse_yaml(text)
        profile = compile_profile(data, name, checked=made)  # checked when it was made
        profiles[profile.name] = profile
    return profiles


def _profile_files() -> Iterator[tuple[str, str]]:
    """(file name, text) of each ``spec/profiles/*.yaml``, by name."""
    folder = os.path.join(os.path.dirname(__file__), "spec", "profiles")
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".yaml"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    yield name, handle.read()
        return
    from importlib import resources  # not installed as files (a zip)

    entries = (resources.files("digestfmt") / "spec" / "profiles").iterdir()
    for entry in sorted(entries, key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            yield entry.name, entry.read_text("utf-8")


def fingerprint(text: str) -> str:
    """Length and CRC-32 of the UTF-8 text: enough to notice an edited profile, and
    cheap to import (zlib, not hashlib)."""
    import zlib

    data = text.encode("utf-8")
    return f"{len(data)}:{zlib.crc32(data):08x}"


def _parse_yaml(text: str) -> Any:
    import yaml  # here, not at import time: most runs never parse YAML

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: ~10x


def compiled_data() -> str:
    """The text of ``profile_data.py`` for the profiles as they are now."""
    import pprint

    sources = dict(_profile_files())
    for name, text in sources.items():  # the data is trusted later: check it now
        compile_profile(_parse_yaml(text), name)

    def table(values: dict[str, Any]) -> str:
        indent = "\n" + " " * 8
        return "".join(f"    {name!r}:{indent}"
                       + pprint.pformat(value, width=92, sort_dicts=False).replace("\n", indent)
                       + ",\n" for name, value in values.items())

    return (
        '"""The parse of each ``spec/profiles/*.yaml``, written by ``python -m\n'
        'digestfmt.profiles``: do not edit. ``profiles.all_profiles`` uses an entry only\n'
        'while the file has the fingerprint of the text it was made from."""\n'
        "# ruff: noqa: E501  (generated; wide characters)\n\n"
        "from typing import Any\n\n"
        "FINGERPRINTS: dict[str, str] = {\n"
        + "".join(f"    {name!r}: {fingerprint(text)!r},\n" for name, text in sources.items())
        + "}\n\n"
        "DATA: dict[str, Any] = {\n"
        f"{table({name: _parse_yaml(text) for name, text in sources.items()})}}}\n"
    )


# Profiles read from files in this process (``--profile PATH``, the ``profiles``
# setting): known by name to every reader, as the built-ins are, and to detection.
_REGISTERED: dict[str, Profile] = {}


def known_profiles() -> dict[str, Profile]:
    """The built-in profiles, then those read from files in this process."""
    return {**all_profiles(), **_REGISTERED} if _REGISTERED else all_profiles()


def get_profile(name: str) -> Profile:
    try:
        return known_profiles()[name]
    except KeyError:
        known = ", ".join(known_profiles())
        raise ProfileError(_("unknown profile {name!r} (known: {known}; or give the path of "
                             "a profile file)").format(name=name, known=known)) from None


def registered_fingerprint() -> str:
    """What the profiles read from files hold, so that editing one invalidates results
    (the lint cache) made with it."""
    return repr(sorted((name, repr(p)) for name, p in _REGISTERED.items())) if _REGISTERED \
        else ""


def resolve(spec: str, base: str | None = None) -> Profile:
    """The profile ``spec`` names: a known profile's name, or the path of a profile file
    (relative to ``base`` when given), which is read, checked and registered."""
    if spec in known_profiles():
        return known_profiles()[spec]
    if not (spec.endswith((".yaml", ".yml")) or os.sep in spec or "/" in spec):
        return get_profile(spec)  # the unknown-profile error
    from digestfmt import profile_file

    path = os.path.normpath(os.path.join(base, spec)) if base else spec
    return register(profile_file.load(path), path)


def register(profile: Profile, where: str) -> Profile:
    """Make a profile read from a file known by its name; a built-in name is refused."""
    if profile.name in all_profiles():
        raise ProfileError(f"{where}: " + _("the name {name!r} is a built-in profile's; give "
                                            "the profile a name of its own").format(
            name=profile.name))
    if _REGISTERED.get(profile.name, profile) != profile:
        raise ProfileError(f"{where}: " + _("another profile file is already named {name!r}")
                           .format(name=profile.name))
    _REGISTERED[profile.name] = profile
    return profile


if __name__ == "__main__":  # after editing spec/profiles/*.yaml: python -m digestfmt.profiles
    with open(os.path.join(os.path.dirname(__file__), "profile_data.py"), "w",
              encoding="utf-8") as out:
        out.write(compiled_data())
