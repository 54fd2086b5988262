"""A starting profile drafted from sample digests (``digestfmt profile draft``).

The draft reads what recurs in the samples' blocks, the same blocks the parser reads:
the heading level whose headings are followed by labelled lines (the cards), the
labels that open those lines and how they are written, the headings below the cards
(sections), the headings between them (groups), the header's title and date, and a
trailing list of links. It is a start for the author to edit, not a guess to trust:
what it cannot tell it leaves out or marks optional.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from digestfmt.dates import parse_date
from digestfmt.parse.blocks import Block
from digestfmt.parse.digest import read_blocks
from digestfmt.parse.fields import LABEL, MARKER, content_lines, list_lines
from digestfmt.parse.items import card_items, item_lines
from digestfmt.profiles import EMOJI, all_profiles, split_marker

_REQUIRED_SHARE = 0.9  # a label in this share of the cards is required
_OPTIONAL_SHARE = 0.2  # rarer labels are left to the author (DF117 will show them)
# A date in digits or with an English month name: found in a header, and written into
# the drafted header pattern.
_DATE_PATTERN = (r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?:\s*日)?"
                 r"|[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}")
_DATE = re.compile(_DATE_PATTERN)
_SEPARATORS = " \t-–—|｜:：,，"
_PLAIN = re.compile(f"(?P<label>{EMOJI})[ \t]+(?=\\S)")
_QUOTED = re.compile(r"(?P<label>[^\s:：*>\[\]()]{1,16}?)[ \t]*[:：][ \t]*(?=\S)")  # > 来源：…
_JOINER_CHARS = " \t|｜·•,，;；/、"  # what separates two fields of a line
_NUMBER = re.compile(r"(\d+)\.\s*")
_ORG = re.compile(r"(\*\*)?\[([^\]\n]+)\](\*\*)?\s*")
_URL = re.compile(r"(?:<?https?://\S+>?|\[[^\]\n]*\]\(\S+\))")
_DATETIME = re.compile(r"\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}")
_TAGS = re.compile(r"(?:\[[^\[\]\n]+\][ \t]*)+")
_RATING = re.compile("(?:\U0001F31F|⭐)+")
_ITEM = re.compile(r"^\*\*(?P<title>[^*\n]+?)\*\*(?P<lead>.*)$")  # an item card's first line


@dataclass
class _Label:
    """One labelled line as seen in a card."""

    name: str
    markup: str  # as written, with the name replaced by ``{label}``
    container: str  # paragraph | blockquote | list
    bullet: str  # the list item marker, for a list
    value: str  # the text after the label on its line
    line: int  # source line (0-based)
    block: int = 0  # first line of its block
    joiner: str = ""  # what follows the value when another label comes next
    ends_block: bool = False  # the last line of its block


@dataclass
class _Card:
    heading: str
    labels: list[_Label] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    hugs: bool = False  # the first block follows the heading with no blank line
    separated: bool = False  # a thematic break before the next card


@dataclass
class _Sample:
    lines: list[str]
    blocks: list[Block]


def draft(texts: list[str], name: str = "my-digest") -> dict[str, Any]:
    """The profile data (valid against ``spec/profile.schema.json``) the samples suggest."""
    samples = [_Sample(t.split("\n"), read_blocks(t)) for t in texts]
    level = _card_level(samples)
    cards = [card for s in samples for card in _cards(s, level)]
    items = [card for s in samples for card in _item_cards(s)]
    as_items = sum(bool(c.labels) for c in items) > sum(bool(c.labels) for c in cards)
    if as_items:  # a bullet digest: its labels are under list items, not headings
        cards, level = items, 1 + max((b.level for s in samples for b in s.blocks
                                       if b.kind == "heading"), default=1)
    fields, layout, label_sections = _fields(cards)
    data: dict[str, Any] = {
        "name": name,
        "description": "Drafted from samples: say here what the style is",
        "language": "zh-CN" if any(re.search("[\u4e00-\u9fff]", t) for t in texts) else "en",
        "header": _header(samples),
        "empty_day": None,
        "card": _item_card(level) if as_items else _card(cards, level),
        "groups": _item_groups(samples) if as_items else _groups(samples, level),
        "fields": fields,
        "layout": layout,
        "sections": _sections(cards, level, label_sections),
        "related": _related(samples, level),
    }
    return data


def _card_level(samples: list[_Sample]) -> int:
    """The heading level whose headings are most often followed by labelled lines."""
    counts: Counter[int] = Counter()
    for s in samples:
        for i, b in enumerate(s.blocks):
            if b.kind == "heading" and b.level >= 2 and _direct_labels(s, i):
                counts[b.level] += 1
    return counts.most_common(1)[0][0] if counts else 2


def _direct_labels(s: _Sample, heading: int) -> list[_Label]:
    """The labelled lines of the blocks right after a heading, up to the next heading:
    the blocks the parser reads fields in, their markup removed as it removes it."""
    found = []
    for b in s.blocks[heading + 1:]:
        if b.kind == "heading":
            break
        block_lines = list_lines(s.lines, b.start, b.end) if b.kind == "list" else \
            content_lines(s.lines, b.start, b.end, b.kind == "blockquote") \
            if b.kind in ("paragraph", "blockquote") else None
        for line in block_lines or ():
            if b.kind == "list" and not line.item:
                continue  # a further line of an item
            bullet = s.lines[line.index][:line.offset] if line.item else ""
            for label in _labels(line.text, line.index, b.kind, bullet):
                label.ends_block, label.block = line.index == b.end - 1, b.start
                found.append(label)
    return found


def _labels(text: str, n: int, container: str, bullet: str) -> list[_Label]:
    """The labels a line (its container markup removed) opens with, and any further
    ``**L**:`` labels on it."""
    prefix = MARKER.match(text)
    start = prefix.end() if prefix else 0
    m = LABEL.match(text, start)
    if not m:
        plain = _PLAIN.match(text) if container == "list" else \
            _QUOTED.match(text) if container == "blockquote" else None
        if not plain:
            return []
        style = "{label}" + text[plain.end("label"):plain.end()]
        return [_Label(plain["label"], style, container, bullet, text[plain.end():].strip(), n)]
    found = [m] + [x for x in LABEL.finditer(text, m.end()) if x["inner"] or x["outer"]]
    labels = []
    for k, x in enumerate(found):
        begin = start if k == 0 else x.start()
        stop = found[k + 1].start() if k + 1 < len(found) else len(text)
        name = (text[:start] + x["label"]).strip() if k == 0 and prefix else x["label"]
        value = text[x.end():stop]
        joiner = value[len(value.rstrip(_JOINER_CHARS)):] if k + 1 < len(found) else ""
        labels.append(_Label(name, text[begin:x.end()].replace(x["label"], "{label}", 1),
                             container, bullet, value[:len(value) - len(joiner)].strip(), n,
                             joiner=joiner))
    return labels


def _cards(s: _Sample, level: int) -> list[_Card]:
    cards: list[_Card] = []
    for i, b in enumerate(s.blocks):
        if b.kind != "heading" or b.level > level:
            if cards and b.kind == "hr":
                cards[-1].separated = True
            continue
        if b.level < level:
            continue
        card = _Card(b.content, _direct_labels(s, i))
        following = s.blocks[i + 1] if i + 1 < len(s.blocks) else None
        card.hugs = following is not None and following.start == b.end
        for b2 in s.blocks[i + 1:]:
            if b2.kind == "heading" and b2.level <= level:
                break
            if b2.kind == "heading" and b2.level == level + 1:
                card.sections.append(b2.content)
        cards.append(card)
    return cards


def _item_cards(s: _Sample) -> list[_Card]:
    """The list items with a bold title, each read as the parser reads an item card:
    its lines without the item's indentation, its first line for a heading."""
    cards = []
    for b in s.blocks:
        for item in (card_items(s.lines, b.start, b.end, _ITEM) or ()) \
                if b.kind == "list" else ():
            lines = item_lines(s.lines, item)[0]
            rest = read_blocks("\n".join(lines[1:]))
            inner = _Sample(lines, [Block("heading", 0, 1, content=lines[0]),
                                    *(Block(x.kind, x.start + 1, x.end + 1, x.level, x.content)
                                      for x in rest)])
            cards.append(_Card(lines[0], _direct_labels(inner, 0),
                               hugs=bool(rest) and rest[0].start == 0))
    return cards


def _item_card(level: int) -> dict[str, Any]:
    return {"form": "item", "level": min(level, 6), "pattern": _ITEM.pattern,
            "template": ["**{title}**", "{lead}"], "fields_hug_heading": True,
            "separator": False, "summary": None}


def _item_groups(samples: list[_Sample]) -> dict[str, Any] | None:
    """Headings (below the header) that come before lists of item cards."""
    levels: Counter[int] = Counter()
    for s in samples:
        for b, after in itertools.pairwise(s.blocks):
            if b.kind == "heading" and b.level > 1 and after.kind == "list" \
                    and card_items(s.lines, after.start, after.end, _ITEM):
                levels[b.level] += 1
    return {"level": levels.most_common(1)[0][0], "numbering": "global"} if levels else None


def _header(samples: list[_Sample]) -> dict[str, Any]:
    titles, seps, forms, notes = Counter[str](), Counter[str](), Counter[str](), 0
    front: dict[str, str] = {}
    for s in samples:
        h1 = next((b for b in s.blocks if b.kind == "heading" and b.level == 1), None)
        if h1 is None:
            front = _front_matter_keys(s)
            continue
        m = _DATE.search(h1.content)
        if not m or not (read := parse_date(m[0])):
            titles[h1.content] += 1
            continue
        before, after = h1.content[:m.start()], h1.content[m.end():]
        title = before.rstrip(_SEPARATORS)
        titles[title] += 1
        seps[before[len(title):]] += 1
        forms[read[3]] += 1
        notes += bool(after.strip())
    sep = seps.most_common(1)[0][0] if seps else " "
    sep_class = "".join(sorted({c for written in seps for c in written.strip()}))
    sep_pattern = rf"\s*[{re.escape(sep_class)}]\s*" if sep_class else r"\s+"
    note = r"(?P<note>\s*\S.*?)?" if notes else ""
    header: dict[str, Any] = {
        "pattern": rf"^(?P<title>\S.*?)(?:{sep_pattern}(?P<date>{_DATE_PATTERN}){note})?\s*$",
        "template": ["{title}", sep + "{date}"] + (["{note}"] if notes else []),
        "date_format": forms.most_common(1)[0][0] if forms else "YYYY-MM-DD",
    }
    if forms:
        header["date_forms"] = [f for f, _ in forms.most_common()]
    if front:
        header["front_matter"] = front
    return header


def _front_matter_keys(s: _Sample) -> dict[str, str]:
    if not s.blocks or s.blocks[0].kind != "front_matter":
        return {}
    keys = {line.split(":", 1)[0].strip() for line in s.lines[1:s.blocks[0].end - 1]
            if ":" in line}
    return {k: k for k in ("title", "date") if k in keys}


def _card(cards: list[_Card], level: int) -> dict[str, Any]:
    numbered = sum(bool(_NUMBER.match(c.heading)) for c in cards)
    orgs = [m for c in cards if (m := _ORG.match(_NUMBER.sub("", c.heading, count=1)))]
    pattern, template = "^", []
    # Mostly numbered: the number makes the card, and other headings of the level stay
    # in the text (``### For developers``); else a number is part of the title.
    if numbered * 2 > len(cards):
        pattern += r"(?P<number>\d+)\.\s*"
        template.append("{number}. ")
    if orgs:
        bold = sum(bool(m[1]) for m in orgs) * 2 > len(orgs)
        b = r"\*\*" if bold else ""
        pattern += rf"(?:{b}\[(?P<org>[^\]]*)\]{b}\s*)?"
        template.append("**[{org}]** " if bold else "[{org}] ")
    pattern += r"(?P<title>.*?)\s*$"
    template.append("{title}")
    n = max(len(cards), 1)
    return {
        "level": level,
        "pattern": pattern,
        "template": template,
        "fields_hug_heading": sum(c.hugs for c in cards) * 2 > n,
        "separator": sum(c.separated for c in cards) * 2 > n,
        "summary": None,
    }


def _groups(samples: list[_Sample], level: int) -> dict[str, Any] | None:
    """Headings above the card level that come between cards, and whether the card
    numbers restart after them."""
    levels: Counter[int] = Counter()
    restarts = carries = 0
    for s in samples:
        seen_card, last_number, after_group = False, 0, False
        for b in s.blocks:
            if b.kind != "heading" or b.level == 1:
                continue
            if b.level == level:
                seen_card = True
                if (m := _NUMBER.match(b.content)) and after_group and last_number:
                    restarts += int(m[1]) == 1
                    carries += int(m[1]) == last_number + 1
                last_number = int(m[1]) if m else last_number
                after_group = False
            elif b.level < level and seen_card:
                levels[b.level] += 1
                after_group = True
    if not levels:
        return None
    numbering = "per-group" if restarts and not carries else \
        "either" if restarts else "global"
    return {"level": levels.most_common(1)[0][0], "numbering": numbering}


@cache
def _known_keys() -> dict[str, str]:
    """Labels and section names of the built-in profiles -> their keys: a draft reuses
    the key a label already has (来源 -> source)."""
    keys: dict[str, str] = {}
    for profile in all_profiles().values():
        for key, spec in profile.fields.items():
            keys.setdefault(split_marker(spec.label)[1], key)
        for section in profile.sections:
            keys.setdefault(section.name, section.key)
    return keys


def _key(name: str, kind: str, taken: set[str], fallback: str) -> str:
    bare = split_marker(name)[1]
    ascii_name = re.sub(r"[^a-z0-9]+", "_", bare.lower()).strip("_")
    by_kind = {"url": "link", "rating": "rating", "tags": "tags", "datetime": "time"}
    for candidate in (_known_keys().get(bare), ascii_name if re.match("[a-z]", ascii_name)
                      else None, by_kind.get(kind)):
        if candidate and candidate not in taken:
            taken.add(candidate)
            return candidate
    n = 1
    while f"{fallback}{n}" in taken:
        n += 1
    taken.add(f"{fallback}{n}")
    return f"{fallback}{n}"


def _kind(values: list[str]) -> str:
    values = [v for v in values if v]
    for kind, pattern in (("url", _URL), ("rating", _RATING), ("datetime", _DATETIME),
                          ("tags", _TAGS)):
        if values and all(pattern.fullmatch(v) for v in values):
            return kind
    return "text"


def _fields(cards: list[_Card]) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """The recurring labels: fields (a value on the label's line) with the layout they
    are written in, and the names of labels standing alone (sections)."""
    share: Counter[str] = Counter()
    seen: dict[str, list[_Label]] = {}
    for card in cards:
        for name in {label.name for label in card.labels}:
            share[name] += 1
        for label in card.labels:
            seen.setdefault(label.name, []).append(label)
    n = max(len(cards), 1)
    recurring = [name for name in seen if share[name] / n >= _OPTIONAL_SHARE]
    sections = [name for name in recurring
                if sum(not x.value for x in seen[name]) * 2 > len(seen[name])]
    # Fields come before a card's first section; a label with a value after one
    # opens a section whose body starts on its line.
    after: Counter[str] = Counter()
    for card in cards:
        first = next((k for k, x in enumerate(card.labels) if x.name in sections), None)
        if first is not None:
            after.update(x.name for x in card.labels[first:])
    late = [name for name in recurring
            if name not in sections and after[name] * 2 > len(seen[name])]
    if len(sections) + len(late) < len(recurring):  # a style has at least one field
        sections += late
    taken: set[str] = set()
    fields: dict[str, Any] = {}
    key_of: dict[str, str] = {}
    for name in recurring:
        if name in sections:
            continue
        kind = _kind([x.value for x in seen[name]])
        key = key_of[name] = _key(name, kind, taken, "field")
        fields[key] = {"label": name, "kind": kind,
                       "required": share[name] / n >= _REQUIRED_SHARE}
    return fields, _layout(cards, key_of), sections


def _layout(cards: list[_Card], key_of: dict[str, str]) -> list[dict[str, Any]]:
    """One container per block the fields are written in, its lines as the fullest card
    writes them; a field first seen in a later card joins the container of a field it
    shares a block with."""
    containers: list[dict[str, Any]] = []
    styles: list[Counter[str]] = []
    home_of: dict[str, int] = {}  # field key -> its container
    for card in sorted(cards, key=lambda c: -len(c.labels)):
        by_block: dict[int, list[_Label]] = {}
        for label in card.labels:
            if label.name in key_of:
                by_block.setdefault(label.block, []).append(label)
        for labels in by_block.values():
            home = next((home_of[key_of[x.name]] for x in labels if key_of[x.name] in home_of),
                        None)
            if home is None:
                home = len(containers)
                containers.append(_container(labels[0]))
                styles.append(Counter())
            styles[home].update(x.markup for x in labels)
            by_line: dict[int, list[_Label]] = {}
            for x in labels:
                if key_of[x.name] not in home_of:
                    by_line.setdefault(x.line, []).append(x)
            for mine in by_line.values():
                line: dict[str, Any] = {"fields": [key_of[x.name] for x in mine]}
                if len(mine) > 1:
                    line["joiner"] = mine[0].joiner
                containers[home]["lines"].append(line)
                home_of.update((key_of[x.name], home) for x in mine)
    for container, style in zip(containers, styles, strict=True):
        container["label_style"] = style.most_common(1)[0][0]
    return containers


def _container(label: _Label) -> dict[str, Any]:
    container: dict[str, Any] = {"container": label.container}
    if label.container == "list":
        container["bullet"] = label.bullet
    container["lines"] = []
    return container


def _sections(cards: list[_Card], level: int, label_names: list[str]) -> dict[str, Any]:
    n = max(len(cards), 1)
    taken: set[str] = set()
    if label_names and not any(c.sections for c in cards):
        seen = [x for c in cards for x in c.labels if x.name in label_names]
        items = []
        for name in label_names:
            mine = [x for x in seen if x.name == name]
            items.append({
                "key": _key(name, "text", taken, "section"), "name": name,
                "required": sum(any(x.name == name for x in c.labels) for c in cards) / n
                >= _REQUIRED_SHARE,
                "body_start": _body_start(mine),
            })
        style = Counter(x.markup.strip() for x in seen).most_common(1)[0][0]
        return {"label_style": style, "items": items}
    share = Counter(name for c in cards for name in set(c.sections))
    items = []
    for name, count in share.items():
        if count / n < _OPTIONAL_SHARE:
            continue
        marker, bare = split_marker(name)
        item = {"key": _key(bare, "text", taken, "section"), "name": bare,
                "required": count / n >= _REQUIRED_SHARE}
        if marker:
            item["marker"] = marker
        items.append(item)
    return {"heading_level": level + 1, "items": items} if items else {"items": []}


def _body_start(labels: list[_Label]) -> str:
    """Where a label section's body usually starts: on the label's line, on the next
    line of its paragraph, or in the next block."""
    starts = Counter("same-line" if x.value else "next-block" if x.ends_block else "next-line"
                     for x in labels)
    return starts.most_common(1)[0][0]


def _related(samples: list[_Sample], level: int) -> dict[str, Any] | None:
    """A heading after the last card whose only block is a list of links."""
    found: Counter[tuple[str, int]] = Counter()
    for s in samples:
        heads = [i for i, b in enumerate(s.blocks) if b.kind == "heading"]
        if len(heads) < 2:
            continue
        last = heads[-1]
        b = s.blocks[last]
        rest = s.blocks[last + 1:]
        if b.level < level and len(rest) == 1 and rest[0].kind == "list" and all(
            _URL.search(line) for line in s.lines[rest[0].start:rest[0].end] if line.strip()
        ):
            found[(b.content, b.level)] += 1
    if not found:
        return None
    (heading, level_), _ = found.most_common(1)[0]
    return {"heading": heading, "level": level_}


def draft_text(texts: list[str], paths: list[str], name: str = "my-digest") -> str:
    """The draft as a YAML profile file, with a comment saying where it came from."""
    import yaml

    body = yaml.safe_dump(draft(texts, name), allow_unicode=True, sort_keys=False,
                          width=1000, default_flow_style=None)
    return (f"# Drafted by `digestfmt profile draft` from {len(paths)} sample(s): "
            f"{', '.join(paths[:3])}{' ...' if len(paths) > 3 else ''}\n"
            "# A start, not a finished profile: name the style, check the patterns, keys,\n"
            "# kinds and what is required, then `digestfmt profile check` this file and\n"
            "# `digestfmt lint --profile` it on the samples (docs/profiles.md).\n" + body)
