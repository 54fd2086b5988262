"""parse: the shapes a profile of one's own can describe (spec §3) -- fields as list
items with plain marker labels, label aliases and colon-less labels, a header from YAML
front matter, card headings told from other headings by the card pattern -- each read
into the model and written back as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from block_tree import block_tree

import digestfmt
from digestfmt import profiles
from digestfmt.schema import validate

PROFILE = """\
name: list-digest
description: "Cards with list-item fields, some labels plain markers"
header:
  pattern: '^(?P<title>\\S.*?)\\s*-\\s*(?P<date>.+?)\\s*$'
  template: ["{title}", " - {date}"]
  date_format: "YYYY-MM-DD"
  date_forms: ["YYYY-MM-DD", "MMMM D, YYYY"]
  front_matter: {title: title, date: date}
empty_day: null
card:
  level: 3
  pattern: '^(?P<number>\\d+)\\.\\s*(?P<title>.*?)\\s*$'
  template: ["{number}. ", "{title}"]
  fields_hug_heading: true
  separator: false
fields:
  link: {label: "🔗", kind: url, required: true}
  time: {label: "⏰", aliases: ["🕘"], kind: text, required: false}
  source: {label: "来源", aliases: ["出处"], kind: text, required: false}
layout:
  - container: list
    bullet: "*   "
    label_style: "{label} "
    lines:
      - {fields: [link]}
      - {fields: [time]}
  - container: paragraph
    label_style: "**{label}**："
    lines:
      - {fields: [source]}
sections:
  label_style: "**{label}**"
  items:
    - {key: why, name: "💡 推荐理由", aliases: ["理由"], required: false, body_start: next-line}
related: null
"""

DIGEST = """\
# Weekly Bits - March 10, 2026

### 1. First

*   🔗 [原文](https://example.com/1)
*   🕘 08:00

**出处** 机器之心

**理由**
Worth reading.

### Not a card

Loose text.
"""


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(profiles, "_REGISTERED", {})
    path = tmp_path / "list-digest.yaml"
    path.write_text(PROFILE, "utf-8")
    return str(path)


def test_list_fields_aliases_and_colonless_labels(profile: str) -> None:
    digest = digestfmt.loads(DIGEST, profile=profile)
    assert digest.date is not None and (digest.date.iso, digest.date.format) == (
        "2026-03-10", "MMMM D, YYYY")
    [card] = digest.cards
    assert [(f.key, f.label, f.raw) for f in card.fields] == [
        ("link", "🔗", "[原文](https://example.com/1)"),
        ("time", "🕘", "08:00"),
        ("source", "出处", "机器之心"),
    ]
    assert card.fields[1].span.line == 6 and card.fields[1].value_span.column == len("*   🕘 ") + 1
    [section] = card.sections
    assert (section.key, section.heading) == ("why", "理由")


def test_a_heading_that_does_not_match_the_card_pattern_is_no_card(profile: str) -> None:
    digest = digestfmt.loads(DIGEST, profile=profile)
    assert [c.title for c in digest.cards] == ["First"]
    assert digest.cards[0].sections[0].body.text == (
        "Worth reading.\n\n### Not a card\n\nLoose text.")


def test_what_is_written_back_is_what_was_read(profile: str) -> None:
    digest = digestfmt.loads(DIGEST, profile=profile)
    canonical = digestfmt.dumps(digest)
    assert block_tree(canonical) == block_tree(DIGEST)
    for alias in ("🕘 08:00", "**出处**", "**理由**", "March 10, 2026"):
        assert alias in canonical
    document = json.loads(digestfmt.dumps(digest, to="json"))
    assert document["cards"][0]["labels"] == {"time": "🕘", "source": "出处"}
    assert validate(document) == []
    assert digestfmt.dumps(digestfmt.loads(json.dumps(document, ensure_ascii=False))) == canonical
    page = digestfmt.dumps(digest, to="html")
    assert digestfmt.dumps(digestfmt.loads(page, path="p.html")) == canonical


FRONT = """\
---
title: "Weekly Bits"
date: 2026-03-10
tags: [ai]
---

### 1. First

*   🔗 https://example.com/1
"""


def test_a_header_from_front_matter(profile: str) -> None:
    digest = digestfmt.loads(FRONT, profile=profile)
    assert (digest.title, digest.header_source) == ("Weekly Bits", "front-matter")
    assert digest.date is not None and digest.date.iso == "2026-03-10"
    canonical = digestfmt.dumps(digest)
    assert canonical.startswith(FRONT.split("\n\n")[0]) and "\n# " not in canonical
    document = json.loads(digestfmt.dumps(digest, to="json"))
    assert (document["header_source"], document["front_matter"].splitlines()[1]) == (
        "front-matter", 'title: "Weekly Bits"')
    assert validate(document) == []
    for text in (json.dumps(document, ensure_ascii=False), digestfmt.dumps(digest, to="html")):
        path = "p.html" if text.startswith("<") else None
        assert digestfmt.dumps(digestfmt.loads(text, path=path)) == canonical


def test_lint_reads_the_header_from_front_matter(profile: str) -> None:
    from digestfmt.lint.config import Config
    from digestfmt.lint.run import lint_bytes

    def codes(text: str) -> list[tuple[int, str]]:
        result = lint_bytes(text.encode("utf-8"), "2026-03-10.md", Config(), profile=profile)
        return [(f.span.line, f.code) for f in result.findings if f.severity == "error"]

    assert codes(FRONT) == []
    assert codes(FRONT.replace("date: 2026-03-10\n", "")) == [(1, "DF102")]
    assert codes(FRONT.replace('title: "Weekly Bits"\n', "")) == [(1, "DF101")]


def test_a_joiner_of_the_layout_is_no_part_of_the_value_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiles, "_REGISTERED", {})
    path = tmp_path / "dotted.yaml"
    path.write_text(PROFILE.replace(
        '  source: {label: "来源", aliases: ["出处"], kind: text, required: false}\n',
        '  source: {label: "来源", aliases: ["出处"], kind: text, required: false}\n'
        '  via: {label: "经由", kind: text, required: false}\n').replace(
        "      - {fields: [source]}\n", '      - {fields: [source, via], joiner: " · "}\n'),
        "utf-8")
    text = DIGEST.replace("**出处** 机器之心", "**来源**：机器之心 · **经由**：新闻稿")
    digest = digestfmt.loads(text, profile=str(path))
    assert [(f.key, f.raw) for f in digest.cards[0].fields][2:] == [
        ("source", "机器之心"), ("via", "新闻稿")]
    canonical = digestfmt.dumps(digest)
    assert "\n**来源**：机器之心 · **经由**：新闻稿\n" in canonical
    assert digestfmt.dumps(digestfmt.loads(canonical, profile=str(path))) == canonical


def test_a_list_whose_items_the_layout_would_merge_is_kept_as_it_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing two fields on one layout line would make the list one item shorter: such
    a list is no field block, and stays as written."""
    monkeypatch.setattr(profiles, "_REGISTERED", {})
    path = tmp_path / "merged.yaml"
    path.write_text(PROFILE.replace("      - {fields: [link]}\n      - {fields: [time]}\n",
                                    '      - {fields: [link, time], joiner: " | "}\n'), "utf-8")
    digest = digestfmt.loads(DIGEST, profile=str(path))
    [card] = digest.cards
    assert [f.key for f in card.fields] == ["source"]
    assert "*   🔗 [原文](https://example.com/1)\n*   🕘 08:00" in card.extras[0].body.text
    assert block_tree(digestfmt.dumps(digest)) == block_tree(DIGEST)


def test_an_unknown_field_in_a_list_of_plain_labels_is_written_bold(profile: str) -> None:
    text = DIGEST.replace("*   🕘 08:00", "*   🕘 08:00\n*   **作者**: 张三")
    digest = digestfmt.loads(text, profile=profile)
    assert [(f.key, f.label) for f in digest.cards[0].fields][2] == (None, "作者")
    canonical = digestfmt.dumps(digest)
    assert "*   **作者**: 张三" in canonical and block_tree(canonical) == block_tree(text)
