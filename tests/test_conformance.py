"""The conformance suite (``spec/conformance/NN-name/``) run against this implementation.

Each case is ``input.md`` and the ``expected.json`` written for it by hand; the
comparison is between parsed JSON values, as ``spec/conformance/README.md`` tells
any other implementation to do it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import digestfmt
from digestfmt.schema import validate

CASES_DIR = Path(__file__).resolve().parents[1] / "spec" / "conformance"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())

# Cases this implementation is known to get wrong, with the reason; strict, so a
# fix makes the test fail until the entry is removed.
KNOWN_DIVERGENCES: dict[str, str] = {}

# Cases whose input.md is already in canonical form (``digestfmt fmt`` leaves it as is);
# every other case exercises at least one normalisation.
CANONICAL_INPUTS = {
    "01-intel-canonical",
    "02-brief-canonical",
    "03-brief-related-body",
    "04-brief-no-related",
    "05-intel-empty-day",
    "06-intel-legacy",
    "10-intel-missing-separator",
    "11-intel-renamed-sections",
    "12-intel-unknown-label",
    "13-intel-html-comment",
    "16-brief-insight-body",
}


def _param(case: Path) -> Any:
    reason = KNOWN_DIVERGENCES.get(case.name)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(case, id=case.name, marks=marks)


def _expected(case: Path) -> Any:
    return json.loads((case / "expected.json").read_text("utf-8"))


def _input(case: Path) -> str:
    return (case / "input.md").read_text("utf-8")


def test_suite_is_complete() -> None:
    assert 8 <= len(CASES) <= 30
    for case in CASES:
        assert sorted(p.name for p in case.iterdir()) == ["expected.json", "input.md"], case.name
        assert case.name[:2].isdigit() and case.name[2] == "-", case.name
    names = {c.name for c in CASES}
    assert set(KNOWN_DIVERGENCES) <= names
    assert {n for n in names if n.endswith("-canonical")} <= CANONICAL_INPUTS <= names
    styles = {_expected(c)["style"] for c in CASES}
    assert styles == {"intel", "intel-legacy", "brief"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_expected_is_schema_valid(case: Path) -> None:
    problems = validate(_expected(case))
    assert problems == [], [(p.json_pointer, p.message) for p in problems]


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_input_converts_to_expected(case: Path) -> None:
    digest = digestfmt.loads(_input(case))
    assert json.loads(digestfmt.dumps(digest, to="json")) == _expected(case)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_expected_writes_the_canonical_form_of_input(case: Path) -> None:
    """md(expected) == fmt(input), and reading that Markdown gives expected back."""
    expected = _expected(case)
    written = digestfmt.dumps(digestfmt.loads(json.dumps(expected)))
    assert written == digestfmt.dumps(digestfmt.loads(_input(case)))
    assert json.loads(digestfmt.dumps(digestfmt.loads(written), to="json")) == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_input_is_canonical_exactly_when_listed(case: Path) -> None:
    """Drift cases must keep the drift they were written for; the others are canonical."""
    text = _input(case)
    assert (digestfmt.dumps(digestfmt.loads(text)) == text) == (case.name in CANONICAL_INPUTS)
