"""Round-trip properties over generated digests (see tests/strategies.py).

J is a schema-valid JSON document, D its canonical Markdown. The converters are
lossless when json -> md -> json is the identity on J and md -> json -> md is
the identity on D; ``fmt`` only changes formatting, so every drifted variant of
D formats back to D and parses to the same model; and whatever the text, ``fmt``
keeps its CommonMark block structure (tests/block_tree.py).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from block_tree import block_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import JSON, documents, drifted, schema_valid

import digestfmt
from digestfmt.codecs import json_, markdown
from digestfmt.errors import DigestError
from digestfmt.model import Digest
from digestfmt.parse import parse_text
from digestfmt.parse.source import decode

# Generating an example costs ~0.1 s (hypothesis draws ~350 choices for a digest);
# the two tests per style below share their examples across properties and keep
# this file to ~30 s. HYPOTHESIS_PROFILE=explore (tests/conftest.py) runs 2000.
SETTINGS = settings(
    max_examples=settings.default.max_examples if os.environ.get("HYPOTHESIS_PROFILE") else 40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
STYLES = ["intel", "brief", "intel-legacy"]


def md_of(doc: JSON) -> str:
    return markdown.dumps(json_.from_dict(doc))


def json_of_md(text: str | bytes) -> JSON:
    return json_.to_dict(digestfmt.loads(text))


def fmt(text: str | bytes) -> str:
    return markdown.dumps(digestfmt.loads(text))


def show(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("style", STYLES)
@SETTINGS
@given(data=st.data())
def test_round_trips_are_identities(style: str, data: st.DataObject) -> None:
    doc = data.draw(documents(style), label="J")
    assert schema_valid(doc), "the strategy must make schema-valid documents"
    canonical = md_of(doc)
    # (a) json -> md -> json is the identity on schema-valid JSON.
    back = json_of_md(canonical)
    assert back == doc, f"--- md ---\n{canonical}\n--- json back ---\n{show(back)}"
    # ... also through the JSON text, which the JSON reader schema-validates.
    assert json_.to_dict(json_.loads(json_.dumps(json_.from_dict(doc)).encode())) == doc
    # (b) md -> json -> md is the identity on canonical Markdown, and the JSON the
    # converter writes is schema-valid.
    as_json = digestfmt.dumps(digestfmt.loads(canonical), to="json")
    assert schema_valid(json.loads(as_json))
    assert digestfmt.dumps(digestfmt.loads(as_json), to="md") == canonical
    # (c) canonical text is a fixed point of fmt.
    assert fmt(canonical) == canonical
    check_positions(canonical)


@pytest.mark.parametrize("style", STYLES)
@SETTINGS
@given(data=st.data())
def test_formatting_drift_formats_back_to_canonical(style: str, data: st.DataObject) -> None:
    doc = data.draw(documents(style), label="J")
    canonical = md_of(doc)
    text, drifts = data.draw(drifted(canonical, digestfmt.loads(canonical)), label="drifted")
    raw = text.encode("utf-8")
    # (d) formatting-only drift: fmt and md -> json -> md both give D back ...
    assert fmt(raw) == canonical, drifts
    # ... and a reader sees the same blocks in the drifted text and in D (spec §6.1).
    assert block_tree(decode(raw, None)) == block_tree(canonical), drifts
    assert digestfmt.dumps(digestfmt.loads(digestfmt.dumps(digestfmt.loads(raw), "json")),
                           "md") == canonical
    # ... and the model is the same as D's (c: so fmt is idempotent here too).
    parsed, reference = digestfmt.loads(raw), digestfmt.loads(canonical)
    assert parsed.style == reference.style == style
    assert _structure(parsed) == _structure(reference), drifts
    assert json_.to_dict(parsed) == doc
    # (e) positions in the drifted text point at the drifted lines.
    check_positions(text)
    # The fast block scanner, where it does not give up, agrees with markdown-it.
    decoded = decode(raw, None)
    slow = parse_text(decoded, fast=False)
    assert json_.to_dict(slow) == doc
    assert _structure(slow) == _structure(parsed)
    assert _spans(slow) == _spans(parsed)


def _spans(d: Digest) -> list[Any]:
    return [d.header_span, d.date and d.date.span, d.related and d.related.span] + [
        (c.span, c.heading_span, c.separator_span, [(f.span, f.value_span) for f in c.fields],
         [s.span for s in c.sections], [e.body.lines for e in c.extras],
         [s.body.lines for s in c.sections])
        for c in d.cards
    ]


def _structure(d: Digest) -> list[Any]:
    """Cards, fields and sections as plain data, without positions or markup."""
    return [
        (c.number, c.org, c.title, c.separator,
         [(f.key, f.label, f.value, f.raw) for f in c.fields],
         [(s.key, s.heading, s.body.text) for s in c.sections],
         [(e.after, e.body.text) for e in c.extras])
        for c in d.cards
    ]


def check_positions(text: str) -> None:
    """Every span names the line (and column) where its text is written."""
    d = digestfmt.loads(text)
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    assert list(d.source_lines) == lines

    def at(line: int, column: int) -> str:
        assert 1 <= line <= len(lines)
        return lines[line - 1][column - 1:]

    if d.header_span:
        assert lines[d.header_span.line - 1].startswith("# ")
        assert d.title in lines[d.header_span.line - 1]
    if d.date and d.date.span:
        s = d.date.span
        assert lines[s.line - 1][s.column - 1:s.end_column - 1] == d.date.raw
    for card in d.cards:
        assert card.span and card.heading_span
        assert card.span.line == card.heading_span.line
        assert lines[card.heading_span.line - 1] == card.heading_raw
        assert card.heading_raw.startswith("#" * d.profile.card_level + " ")
        assert card.title in card.heading_raw
        assert card.span.end_column == len(lines[card.span.end_line - 1]) + 1
        if card.separator_span:
            assert card.span.end_line == card.separator_span.line
            assert lines[card.separator_span.line - 1].strip()[0] in "-*_"
        for f in card.fields:
            assert f.span and f.value_span
            assert at(f.span.line, f.span.column).startswith(f.label_markup)
            assert f.label_markup.startswith("**" + f.label)
            assert (f.value_span.line, f.value_span.column) == (
                f.span.line, f.span.column + len(f.label_markup))
            if "\n" not in f.raw:
                v = f.value_span
                assert lines[v.line - 1][v.column - 1:v.end_column - 1].strip() == f.raw
        for s in card.sections:
            assert s.span
            assert card.span.line < s.span.line <= card.span.end_line
            assert at(s.span.line, s.span.column).startswith(s.heading_raw)
            if d.profile.section_level:
                assert lines[s.span.line - 1].startswith("#" * d.profile.section_level + " ")
    if d.related:
        assert d.related.span
        assert lines[d.related.span.line - 1].endswith(d.related.heading)
        for item in d.related.items or ():
            assert item.span
            assert f"]({item.url})" in lines[item.span.line - 1]


_MUTATIONS = ["delete", "duplicate", "move", "comment", "blank", "rule", "indent", "join"]


@settings(SETTINGS, max_examples=settings.default.max_examples
          if os.environ.get("HYPOTHESIS_PROFILE") else 30)
@given(data=st.data())
def test_fmt_is_idempotent_on_structural_changes(data: st.DataObject) -> None:
    """Not formatting-only: lines deleted, repeated, moved, inserted. Whatever still
    reads as a digest formats to a fixed point, and JSON carries all of it."""
    lines = md_of(data.draw(documents(), label="J")).split("\n")
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        change = data.draw(st.sampled_from(_MUTATIONS))
        at = data.draw(st.integers(0, len(lines) - 1))
        if change == "delete":
            del lines[at]
        elif change == "duplicate":
            lines.insert(at, lines[at])
        elif change == "move":
            lines.insert(data.draw(st.integers(0, len(lines) - 1)), lines.pop(at))
        elif change == "indent":
            lines[at] = data.draw(st.sampled_from([" ", "  ", "   ", "    "])) + lines[at]
        elif change == "join":
            if at + 1 < len(lines):
                lines[at] += lines.pop(at + 1)
        else:
            lines.insert(at, {"comment": "<!-- 注释 -->", "blank": "", "rule": "---"}[change])
    text = "\n".join(lines)
    try:
        once = fmt(text)
    except DigestError:
        return  # no longer a digest: the CLI tests cover how that is reported
    assert fmt(once) == once
    # What a reader sees keeps its blocks, whatever the text (spec §6.1).
    assert block_tree(once) == block_tree(text), f"--- text ---\n{text}\n--- fmt ---\n{once}"
    digest = digestfmt.loads(text)
    assert markdown.dumps(json_.from_dict(json_.to_dict(digest))) == once
