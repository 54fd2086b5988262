"""The JSON Schema of the JSON form, made from style profiles (spec §7).

No style ever needs a hand edit of a schema: each profile contributes its `style`
value, its card definition (heading parts from its card pattern's groups, its fields
by kind, its sections) and its title pattern (its header pattern's `title` group);
the labels of all profiles make the `noLabel` guard. ``spec/digest.schema.json`` is
this module's output for the built-in profiles (``python -m digestfmt.schema_build``
writes it; a test fails when it is stale), and ``digestfmt schema --profile`` prints
it for any profiles.

Profiles that share a header pattern and card level are *siblings* (two eras of one
publication): each card refuses the other's labels and section names as extra fields
or unkeyed headings, which would make the text read back in the other style.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from digestfmt.codecs.json_ import FORMAT
from digestfmt.dates import DATE_FORMATS
from digestfmt.layout import CONTAINERS
from digestfmt.profiles import EMOJI, Profile, SectionSpec, split_marker

JSON = dict[str, Any]

_LABEL_TAIL = r"[ \t]*(?:[:：][ \t]*\*\*|\*\*[ \t]*[:：])"
_NO_BLOCK_START = (r"(?![ \t]*(?:#{1,6}(?:[ \t]|$)|>|```|~~~|[-*+](?:[ \t]|$)|1[.)](?:[ \t]|$)"
                   r"|=+[ \t]*$|-+[ \t]*$|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$"
                   r"|<(?![A-Za-z][A-Za-z0-9+.-]{1,31}:)))")
_HR_LINE = r"(?:^|\n) {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$"
_BLOCK_SPACING = [{"pattern": r"\n\n\n"}, {"pattern": r"^[ \t]+(?:\n|$)"},
                  {"pattern": r"\n[ \t]+$"}]
_KIND_REFS = {"text": "text", "datetime": "time", "rating": "rating", "tags": "tags",
              "url": "url"}


def build(profiles: Sequence[Profile]) -> JSON:
    """The schema for documents of ``profiles`` (in detection precedence order)."""
    labels = _labels(profiles)
    defs = _common_defs(labels)
    branches = []
    for profile in profiles:
        name = _def_name(profile)
        defs[name + "Card"] = _card(profile, _siblings(profile, profiles))
        if profile.section_level is not None:
            defs[name + "Section"] = _heading_section(profile, _siblings(profile, profiles))
        branches.append({
            "if": {"properties": {"style": {"const": profile.name}}},
            "then": {"properties": {
                "title": _title(profile),
                "date_format": {"enum": list(profile.date_forms)},
                "cards": {"items": {"$ref": f"#/$defs/{name}Card"}},
                "related": {"$ref": "#/$defs/related"} if profile.related_heading else False,
            }},
        })
    version = FORMAT.rsplit("/", 1)[1]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:digestfmt:schema:digest:{version}",
        "title": f"A daily AI-news digest (digestfmt JSON form, format version {version})",
        "description": "The JSON form of a digest as specified in spec/digest-format.md, made "
                       "from the style profiles by digestfmt.schema_build. A document valid "
                       "against this schema converts to canonical Markdown and back unchanged.",
        "type": "object",
        "required": ["format", "style", "cards"],
        "properties": _document_properties(profiles),
        "additionalProperties": False,
        "dependentSchemas": {"date_format": {"required": ["date"]}},
        "dependentRequired": {"header_source": ["front_matter"]},
        "not": {"required": ["date", "date_text"]},
        "allOf": [
            {"if": {"properties": {"cards": {"minItems": 1, "type": "array"}},
                    "required": ["cards"]},
             "then": {"required": ["title", "date"]}},
            _empty_day(profiles),
            *branches,
        ],
        "$defs": defs,
    }


def text(profiles: Sequence[Profile]) -> str:
    """The schema as ``spec/digest.schema.json`` holds it."""
    return json.dumps(build(profiles), ensure_ascii=False, indent=2) + "\n"


# -- the document --------------------------------------------------------------------


def _document_properties(profiles: Sequence[Profile]) -> JSON:
    return {
        "format": {"const": FORMAT, "description": "Format version of this JSON form. A "
                   "format-1 document is read by upgrading it first (spec §7.9)."},
        "style": {"enum": sorted(p.name for p in profiles),
                  "description": "The style profile (spec §3)."},
        "title": {"type": "string", "description": "The header title, without the date."},
        "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$",
                 "description": "The digest's date from its header, ISO 8601."},
        "date_format": {"enum": list(DATE_FORMATS), "description": "How the header writes "
                        "the date, when not the style's canonical form."},
        "date_text": {"$ref": "#/$defs/line", "not": {"pattern": r"^\d{4}\s*[-/.年]"},
                      "description": "Header text where the date belongs when it is not a "
                                     "date (a defect the linter reports)."},
        "header_note": {"type": "string", "pattern": r"^[ \t]*\S(?:[^\n]*\S)?$",
                        "description": "Header text after the date that the style's header "
                        "pattern keeps (its `note` group): a weekday. One line, trimmed at "
                        "its end; the white space that may open it is kept as written."},
        "header_source": {"enum": ["front-matter"], "description": "Where the title and "
                          "date were read: the YAML front matter (kept verbatim in "
                          "`front_matter`), not a level-1 heading, which is then not "
                          "written."},
        "front_matter": {"type": "string", "pattern": r"^---[ \t]*\n[\s\S]*\n(?:---|\.\.\.)[ \t]*$",
                         "description": "YAML front matter opening the text (Hugo, Jekyll), "
                                        "verbatim, its `---` lines included."},
        "preamble": {"$ref": "#/$defs/blocks", "description": "Blocks before the header."},
        "intro": {"$ref": "#/$defs/blocks",
                  "description": "Blocks between the header and the first card."},
        "cards": {"type": "array"},
        "outro": {"$ref": "#/$defs/blocks", "description": "Blocks after the cards, from a "
                  "heading above card level (a closing summary)."},
        "related": {"description": "The trailing list of related links, in styles that have "
                                   "one."},
    }


def _empty_day(profiles: Sequence[Profile]) -> JSON:
    """No cards: the header and a style's empty-day text only. Where two styles write
    the same text, it reads back as the first (spec §2.4), so only that one may."""
    texts: dict[str, str] = {}
    for profile in profiles:
        if profile.empty_day is not None:
            texts.setdefault(profile.empty_day, profile.name)
    styles = [(name, day) for day, name in texts.items()]
    then: JSON = {"required": ["title", "intro"],
                  "properties": {"preamble": False, "front_matter": False}}
    if len(styles) == 1:
        then["properties"] = {"style": {"const": styles[0][0]}, "intro": {"const": styles[0][1]},
                              "preamble": False, "front_matter": False}
    else:
        then["anyOf"] = [{"properties": {"style": {"const": name}, "intro": {"const": day}}}
                         for name, day in styles] or [False]
    return {"description": "A digest with no cards is an empty day: the header and the "
                           "empty-day text only, of a style that writes one.",
            "if": {"properties": {"cards": {"maxItems": 0, "type": "array"}},
                   "required": ["cards"]},
            "then": then}


def _title(profile: Profile) -> JSON:
    """The header title: one line that the header pattern's `title` group reads whole."""
    group = group_source(profile.header_pattern.pattern, "title")
    if group is None:
        return {"$ref": "#/$defs/line"}
    return {"$ref": "#/$defs/line", "pattern": f"^(?:{group})$"}


def group_source(pattern: str, name: str) -> str | None:
    """The text of named group ``name`` in ``pattern`` (escapes and classes skipped)."""
    start = pattern.find(f"(?P<{name}>")
    if start < 0:
        return None
    at = body = start + len(f"(?P<{name}>")
    depth, in_class = 1, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[at + 1:at + 2] == "]":
                at += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return pattern[body:at]
        at += 1
    return None


# -- shared definitions -----------------------------------------------------------------


def _labels(profiles: Sequence[Profile]) -> list[str]:
    """Every field label and label-section name, in profile order: what reads as a field
    (or starts a section) wherever it is written."""
    found: dict[str, None] = {}
    for profile in profiles:
        found.update(dict.fromkeys(f.label for f in profile.fields.values()))
        if profile.section_level is None:
            found.update(dict.fromkeys(s.name for s in profile.sections))
    return list(found)


def _common_defs(labels: list[str]) -> JSON:
    known = "|".join(re.escape(label) for label in labels)
    no_label = rf"\*\*(?:{known}){_LABEL_TAIL}"
    value_guard = rf"(?![^\n]*\*\*(?:{known}){_LABEL_TAIL})"
    # A further line of a value (spec §5.2): one that starts no block of its own, since a
    # heading, quote, list item, fence, rule, setext underline or HTML block would end
    # the paragraph the value is written in.
    more = rf"\n{value_guard}{_NO_BLOCK_START}[^\n]*\S"
    return {
        "line": {"type": "string", "pattern": r"^\S(?:[^\n]*\S)?$",
                 "description": "One line of inline Markdown, trimmed; as a heading it must "
                                "not end in a closing `#` sequence, which Markdown drops.",
                 "not": {"pattern": r"(?:^|[ \t])#+$"}},
        "text": {"type": "string",
                 "pattern": rf"^{value_guard}\S(?:[^\n]*[^\s|｜])?(?:{more})*$",
                 "description": "A field value: a trimmed line of inline Markdown holding no "
                                "`**label**:` of a known field, and the lines continuing it, "
                                "none of which may start another block."},
        "blocks": {"type": "string", "pattern": r"^[^\n][\s\S]*[^\n]$|^[^\n]$",
                   "description": "Verbatim Markdown blocks, separated by one blank line.",
                   "not": {"anyOf": _BLOCK_SPACING}},
        "time": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$",
                 "description": "Publication time `YYYY-MM-DD HH:MM`, local time of the "
                                "digest (Asia/Shanghai unless configured)."},
        "rating": {"type": "integer", "minimum": 1, "maximum": 5,
                   "description": "Number of 🌟 (U+1F31F)."},
        "tags": {"type": "array", "minItems": 1,
                 "items": {"type": "string", "pattern": r"^[^\[\]\n]+$",
                           "allOf": [{"$ref": "#/$defs/noLabel"}]}},
        "url": {"type": "string",
                "pattern": r"^(?:https?://[^\s]+|\[[^\n]*\]\(https?://[^\s]+\))$",
                "description": "A URL, bare or as one Markdown link `[text](url)`.",
                "allOf": [{"$ref": "#/$defs/noLabel"}]},
        "extraFields": {
            "description": "Labelled lines the style does not define, or repeats of one it "
                           "does, in order.",
            "type": "array", "minItems": 1,
            "items": {"type": "object", "required": ["label", "value"],
                      "additionalProperties": False,
                      "properties": {
                          "label": {"type": "string",
                                    "pattern": r"^[^*\s](?:[^*\n]{0,30}[^*\s:：])?$"},
                          "value": {"type": "string",
                                    "pattern": rf"^{value_guard}(?:|\S(?:[^\n]*[^\s|｜])?"
                                               rf"(?:{more})*)$"},
                      }},
        },
        "extras": {
            "description": "Blocks inside a card that the style does not define, each placed "
                           "after `after` recognised parts (field blocks, sections, the "
                           "separator), sorted by `after`.",
            "type": "array", "minItems": 1,
            "items": {"type": "object", "required": ["after", "markdown"],
                      "additionalProperties": False,
                      "properties": {"after": {"type": "integer", "minimum": 0},
                                     "markdown": {"$ref": "#/$defs/blocks"}}},
        },
        "fieldBlocks": {
            "type": "array", "minItems": 1,
            "description": "The blocks a card's fields were written in, when not those of "
                           "the style's layout (spec §6.4): each a paragraph, blockquote or list "
                           "and its fields, named by their key in `fields` or their index in "
                           "`extra_fields`. Every field is placed exactly once (spec §7.8).",
            "items": {"type": "object", "additionalProperties": False,
                      "required": ["container", "fields"],
                      "properties": {
                          "container": {"enum": list(CONTAINERS)},
                          "fields": {"type": "array", "minItems": 1, "items": {"anyOf": [
                              {"type": "string", "minLength": 1},
                              {"type": "integer", "minimum": 0}]}},
                      }},
        },
        "related": {
            "type": "object", "additionalProperties": False,
            "oneOf": [{"required": ["items"]}, {"required": ["body"]}],
            "properties": {
                "items": {"type": "array", "items": {
                    "type": "object", "required": ["title", "url"],
                    "additionalProperties": False,
                    "properties": {
                        "title": {"type": "string", "pattern": _BALANCED_TITLE,
                                  "description": "The link text: one trimmed line; brackets "
                                                 "in it balanced, as CommonMark needs to read "
                                                 "`[text](url)` (the schema checks up to three "
                                                 "levels of nesting)."},
                        "url": {"$ref": "#/$defs/linkUrl"},
                    }}},
                "body": {"$ref": "#/$defs/blocks"},
            },
        },
        "linkUrl": {"type": "string",
                    "pattern": r"^https?://(?:[^\s()]|\((?:[^\s()]|\([^\s()]*\))*\))+$",
                    "description": "A URL written as a Markdown link destination: no spaces, "
                                   "parentheses balanced.",
                    "allOf": [{"$ref": "#/$defs/noLabel"}]},
        "noLabel": {"description": "Holds no `**label**:` of a field or section the styles "
                                   "define (it would be read as another field); other bold "
                                   "text before a colon is fine.",
                    "not": {"pattern": no_label}},
    }


_PLAIN = r"[^\[\]\n]"
_NEST1 = rf"\[{_PLAIN}*\]"
_NEST2 = rf"\[(?:{_PLAIN}|{_NEST1})*\]"
_NEST3 = rf"\[(?:{_PLAIN}|{_NEST2})*\]"
_BALANCED_TITLE = rf"^(?=\S)(?:{_PLAIN}|{_NEST3})+(?<=\S)$"


# -- one style's card ---------------------------------------------------------------------


def _def_name(profile: Profile) -> str:
    head, *rest = profile.name.split("-")
    return head + "".join(part.capitalize() for part in rest)


def _siblings(profile: Profile, profiles: Sequence[Profile]) -> list[Profile]:
    """Other eras of the same publication: the same header pattern and card level."""
    return [p for p in profiles if p is not profile
            and p.header_pattern.pattern == profile.header_pattern.pattern
            and p.card_level == profile.card_level]


def _card(profile: Profile, siblings: list[Profile]) -> JSON:
    groups = set(profile.card_pattern.groupindex)
    properties: JSON = {}
    if profile.group_level is not None:
        properties["group"] = {
            "type": "object", "additionalProperties": False, "required": ["heading"],
            "description": "The topic heading (and the blocks after it) this card opens.",
            "properties": {"lead": {"$ref": "#/$defs/blocks", "description": "Group headings "
                                    "before this one with no card of their own."},
                           "heading": {"$ref": "#/$defs/line"},
                           "body": {"$ref": "#/$defs/blocks"}}}
    if "number" in groups:
        properties["number"] = {"type": "integer", "minimum": 1}
    if "org" in groups:
        properties["org"] = {"type": "string", "pattern": r"^[^\[\]\n]*$"}
        properties["title"] = {"type": "string", "pattern": r"^[^\s\[](?:[^\n]*\S)?$",
                               "not": {"pattern": r"(?:^|[ \t])#+$"}}
    else:
        properties["title"] = {"$ref": "#/$defs/line"}
        if profile.related_heading and profile.related_level == profile.card_level:
            properties["title"]["not"] = {"const": profile.related_heading}
    properties["fields"] = _fields(profile)
    properties["extra_fields"] = _extra_fields(profile, siblings)
    properties["sections"] = _sections(profile)
    properties["extras"] = {"$ref": "#/$defs/extras"}
    properties["separator"] = {"type": "boolean"}
    properties["field_blocks"] = {"$ref": "#/$defs/fieldBlocks"}
    properties["labels"] = {
        "type": "object", "additionalProperties": False, "minProperties": 1,
        "description": "Fields written with another spelling of their label: an alias, or "
                       "the label or an alias with another marker emoji or none.",
        "properties": {key: {"type": "string", "pattern": _spelled(spec.label, *spec.aliases),
                             "not": {"const": spec.label}}
                       for key, spec in profile.fields.items()}}
    if profile.card_form == "item":
        properties = {**_item_card_properties(groups), **properties}
    required = ["number"] if "number" in groups else []
    return {"type": "object", "additionalProperties": False,
            "required": [*required, "title", "fields", "sections"], "properties": properties}


def _item_card_properties(groups: set[str]) -> JSON:
    """What a card item adds (spec §3.3): the rest of its first line, its marker and
    list, the blocks after it."""
    properties: JSON = {
        "item": {"type": "object", "additionalProperties": False, "required": ["marker"],
                 "properties": {"marker": {"type": "string",
                                           "pattern": r"^(?:[-*+]|\d{1,9}[.)])$"},
                                "loose": {"type": "boolean"}}},
        "trailer": {"$ref": "#/$defs/blocks"},
    }
    if "lead" in groups:
        properties["lead"] = {"type": "string", "pattern": r"^[^\n]*$"}
    return properties


def _fields(profile: Profile) -> JSON:
    properties: JSON = {}
    for key, spec in profile.fields.items():
        if spec.kind == "sources":
            properties[key] = {"type": "array", "minItems": 1,
                               "items": _source(spec.joiner.strip())}
        else:
            properties[key] = {"$ref": f"#/$defs/{_KIND_REFS[spec.kind]}"}
    return {"type": "object", "additionalProperties": False,
            "required": list(profile.required_fields), "properties": properties}


def _source(separator: str) -> JSON:
    """An entry of a sources field: a bare name (holding no separator) or a link."""
    mark = re.escape(separator)
    return {"oneOf": [
        {"type": "object", "required": ["name"], "additionalProperties": False,
         "properties": {"name": {
             "type": "string",
             "pattern": rf"^[^\s\[\]()<>{mark}](?:[^\n\[\]()<>{mark}]*[^\s\[\]()<>{mark}])?$",
             "allOf": [{"$ref": "#/$defs/noLabel"}]}}},
        {"type": "object", "required": ["name", "url"], "additionalProperties": False,
         "properties": {"name": {"type": "string",
                                 "pattern": r"^[^\s\[\]](?:[^\n\[\]]*[^\s\[\]])?$",
                                 "allOf": [{"$ref": "#/$defs/noLabel"}]},
                        "url": {"$ref": "#/$defs/linkUrl"}}},
    ]}


def _extra_fields(profile: Profile, siblings: list[Profile]) -> JSON:
    """Extra fields, but no label that would start a section of this style or read as a
    sibling style's field (the text would then read back in that style)."""
    own = {f.label for f in profile.fields.values()}
    refused = [s.name for s in profile.sections] if profile.section_level is None else []
    for sibling in siblings:
        refused += [f.label for f in sibling.fields.values()
                    if f.label not in own and f.label not in refused]
    if not refused:
        return {"$ref": "#/$defs/extraFields"}
    return {"allOf": [{"$ref": "#/$defs/extraFields"},
                      {"items": {"properties": {"label": {"not": {"enum": refused}}}}}],
            "description": f"{'、'.join(refused)}: a label that starts a section or belongs to "
                           "another era of this style."}


def _body(profile: Profile) -> JSON:
    """A section body: blocks text holding no heading that would start a card or section,
    not ending with a thematic break."""
    top = max(profile.card_level, profile.section_level or 0)
    levels = [n for n in range(1, top + 1)
              if n != profile.card_level or not _reads_some_headings_only(profile)]
    runs = _runs(levels)
    headings = "|".join(f"#{{{a},{b}}}" for a, b in runs)
    headings = headings if len(runs) == 1 else f"(?:{headings})"
    named = ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in runs)
    return {
        "description": "Verbatim Markdown blocks (CommonMark + GFM tables), separated by one "
                       "blank line. Must not hold a line that would start a card or section "
                       f"(an ATX heading of level {named}, outside code) nor end with a "
                       "thematic break; the schema checks the simple cases, spec §5.4 the "
                       "rest.",
        "type": "string",
        "pattern": r"^(?:[^\n](?:[\s\S]*[^\n])?)?$",
        "not": {"anyOf": [
            {"pattern": rf"(?:^|\n) {{0,3}}{headings}(?:[ \t]|$)"},
            {"pattern": _HR_LINE}, *_BLOCK_SPACING]},
    }


def _reads_some_headings_only(profile: Profile) -> bool:
    """Whether the card pattern leaves some headings of the card level to the text they
    stand in (``### For developers`` where cards are ``### N. Title``): a body may then
    hold them. Which ones it may hold is the pattern's business (spec §7.8)."""
    return not all(profile.card_pattern.match(probe) for probe in ("x", "Other words"))


def _runs(levels: list[int]) -> list[tuple[int, int]]:
    """``[1, 2, 4]`` -> ``[(1, 2), (4, 4)]``."""
    runs: list[tuple[int, int]] = []
    for n in levels:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _sections(profile: Profile) -> JSON:
    if profile.section_level is not None:
        items: JSON = {"$ref": f"#/$defs/{_def_name(profile)}Section"}
    else:
        items = {"type": "object", "additionalProperties": False, "required": ["key", "body"],
                 "properties": {
                     "key": {"enum": [s.key for s in profile.sections]},
                     "heading": {"type": "string"},
                     "body": _body(profile),
                     "body_start": {"enum": ["same-line", "next-line", "next-line-break",
                                             "next-block"]},
                     "joined": {"type": "boolean"},
                 },
                 "allOf": [_label_spellings(s) for s in profile.sections]}
    out: JSON = {"type": "array", "items": items}
    required = profile.required_sections
    if required:
        out["description"] = ("Either every required section (" + ", ".join(required)
                              + ") or none: a card of fields only, which real archives "
                                "contain and the linter reports.")
        out["anyOf"] = [{"maxItems": 0}, {"allOf": [
            {"contains": {"properties": {"key": {"const": key}}, "required": ["key"]}}
            for key in required]}]
    return out


def _label_spellings(spec: SectionSpec) -> JSON:
    """A label section's ``heading``, written only when the label was spelled otherwise
    than its name: an alias, or the name or an alias with another marker emoji or none."""
    return {"if": {"properties": {"key": {"const": spec.key}}},
            "then": {"properties": {"heading": {
                "pattern": _spelled(spec.name, *spec.aliases),
                "not": {"const": spec.name}}}}}


def _spelled(*names: str) -> str:
    """What reads as one of ``names`` (profiles.split_marker): a name with any marker
    emoji before it, or none."""
    bare = "|".join(re.escape(split_marker(n)[1]) for n in names)
    return f"^(?:{EMOJI}[ \t]*)?(?:{bare})$"


def _heading_section(profile: Profile, siblings: list[Profile]) -> JSON:
    """A heading section: keyed (its heading only when renamed, keeping its marker) or
    unkeyed (a heading naming no section of this style or its siblings)."""
    specs = [*profile.sections, *(s for p in siblings for s in p.sections)]
    names = "|".join(re.escape(s.name) for s in dict.fromkeys(specs))
    markers = "|".join(re.escape(s.marker) for s in dict.fromkeys(specs) if s.marker)
    emoji_class = EMOJI.removeprefix("(?:").removesuffix(")+")
    rules: list[JSON] = [
        {"if": {"properties": {"key": {"const": s.key}}, "required": ["key"]},
         "then": {"properties": {"heading": {"pattern": f"^{re.escape(s.marker)} \\S",
                                             "not": {"const": s.heading}}
                                 if s.marker else {"not": {"const": s.heading}}}}}
        for s in profile.sections
    ]
    unkeyed = ""
    if markers:
        unkeyed += f"(?!(?:{markers}))"
    if names:
        unkeyed += f"(?!(?:{emoji_class})* ?(?:{names})$)"
    rules.append({
        "if": {"not": {"required": ["key"]}},
        "then": {"properties": {"heading": {
            "pattern": f"^{unkeyed}(?:(?:{emoji_class})+(?: \\S|$)|(?![{_FIRST_EMOJI}]))"}}},
        "description": "A heading that names no known section: it may carry its own marker "
                       "emoji (followed by one space), but not a known marker or name.",
    })
    if names:
        rules.append({"if": {"required": ["key"]},
                      "then": {"properties": {"heading": {
                          "not": {"pattern": f"^\\S+ (?:{names})$"}}}}})
    properties: JSON = {"heading": {"$ref": "#/$defs/line"}, "body": _body(profile)}
    if profile.sections:
        properties = {"key": {"enum": [s.key for s in profile.sections]}, **properties}
    return {"type": "object", "additionalProperties": False, "required": ["body"],
            "properties": properties,
            "anyOf": [{"required": ["key"]}, {"required": ["heading"]}] if profile.sections
            else [{"required": ["heading"]}],
            "allOf": rules}


# The emoji ranges of profiles.EMOJI, as the characters a marker may start with.
_FIRST_EMOJI = "\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF"


if __name__ == "__main__":  # after editing spec/profiles/*.yaml: python -m digestfmt.schema_build
    import os

    from digestfmt.parse.detect import precedence
    from digestfmt.profiles import all_profiles

    ordered = sorted(all_profiles().values(), key=precedence)
    target = os.path.join(os.path.dirname(__file__), "spec", "digest.schema.json")
    with open(target, "w", encoding="utf-8") as out:
        out.write(text(ordered))
