"""The JSON examples in ``spec/examples``: valid ones hold, invalid ones fail for their defect."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import digestfmt
from digestfmt.errors import DigestError
from digestfmt.schema import validate

EXAMPLES = Path(__file__).resolve().parents[1] / "spec" / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.json"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.json"))

# Each invalid example: where its one defect is (a JSON pointer as a tuple) and a
# pattern the problem's message must match there.
DEFECTS: dict[str, tuple[tuple[str | int, ...], str]] = {
    "rating-6.json": (("cards", 0, "fields", "rating"), r"\b6\b.*maximum of 5"),
    "rating-as-star-string.json": (("cards", 0, "fields", "rating"), r"⭐⭐⭐.*integer"),
    "missing-field-link.json": (("cards", 0, "fields"), r"'link' is a required property"),
    "missing-section-insight.json": (("cards", 0, "sections"), r"is not valid under any"),
    "time-hour-not-two-digits.json": (("cards", 0, "fields", "time"), r"2026-03-02 7:15"),
    "unknown-key-in-card.json": (("cards", 0), r"unknown key.*'score'"),
    "format-version-4.json": (("format",), r"digestfmt/3"),
    "date-does-not-exist.json": (("date",), r"2026-02-30.*date"),
    "intel-with-related-list.json": (("related",), r"related|items"),
    "brief-card-with-number.json": (("cards", 0), r"unknown key.*'number'"),
}

# Invalid examples whose problem this implementation reports at the wrong place;
# strict, so a fix makes the test fail until the entry is removed.
MISPLACED = {
    "intel-with-related-list.json": "jsonschema reports a `false` subschema under `properties` "
                                    "without its path, so the problem points at the root",
}


def _load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def test_examples_exist() -> None:
    assert 3 <= len(VALID) <= 5
    assert 6 <= len(INVALID) <= 10
    assert {p.name for p in INVALID} == set(DEFECTS)
    styles = {_load(p)["style"] for p in VALID}
    assert styles == {"intel", "intel-legacy", "brief"}
    assert any(_load(p)["cards"] == [] for p in VALID), "an empty-day example"
    assert any("related" in _load(p) for p in VALID), "a brief example with a related list"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_validates(path: Path) -> None:
    problems = validate(_load(path))
    assert problems == [], [(p.json_pointer, p.message) for p in problems]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_round_trips_through_markdown(path: Path) -> None:
    document = _load(path)
    markdown = digestfmt.dumps(digestfmt.load(path), to="md")
    again = digestfmt.loads(markdown)
    assert again.style == document["style"]
    assert json.loads(digestfmt.dumps(again, to="json")) == document
    assert digestfmt.dumps(again, to="md") == markdown


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_is_rejected(path: Path) -> None:
    assert validate(_load(path)), "expected at least one schema problem"
    with pytest.raises(DigestError, match="not a valid digest"):
        digestfmt.load(path)


@pytest.mark.parametrize("path", [
    pytest.param(p, id=p.name, marks=[pytest.mark.xfail(reason=MISPLACED[p.name], strict=True)]
                 if p.name in MISPLACED else [])
    for p in INVALID
])
def test_invalid_example_problem_is_its_defect(path: Path) -> None:
    """Some problem is at the defect and says so; no problem is anywhere else."""
    pointer, pattern = DEFECTS[path.name]
    problems = validate(_load(path))
    assert any(p.pointer == pointer and re.search(pattern, p.message) for p in problems), \
        [(p.json_pointer, p.message) for p in problems]
    assert all(p.pointer[:len(pointer)] == pointer for p in problems), \
        [(p.json_pointer, p.message) for p in problems]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_differs_from_a_valid_one_by_its_defect(path: Path) -> None:
    """Undo the one defect and the document validates: the file has no second defect."""
    document = _load(path)
    fixed = _repair(path.name, document)
    assert fixed != document
    assert validate(fixed) == [], [(p.json_pointer, p.message) for p in validate(fixed)]


def _repair(name: str, document: Any) -> Any:
    fixed = json.loads(json.dumps(document))
    card = fixed["cards"][0] if fixed["cards"] else {}
    if name.startswith("rating-"):
        card["fields"]["rating"] = 3
    elif name == "missing-field-link.json":
        card["fields"]["link"] = "https://news.example.com/articles/fixed"
    elif name == "missing-section-insight.json":
        card["sections"].append({"key": "insight", "body": "- 补上的洞察。"})
    elif name == "time-hour-not-two-digits.json":
        card["fields"]["time"] = "2026-03-02 07:15"
    elif name == "unknown-key-in-card.json":
        del card["score"]
    elif name == "format-version-4.json":
        fixed["format"] = "digestfmt/3"
    elif name == "date-does-not-exist.json":
        fixed["date"] = "2026-02-28"
    elif name == "intel-with-related-list.json":
        del fixed["related"]
    elif name == "brief-card-with-number.json":
        del card["number"]
    return fixed
