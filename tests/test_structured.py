"""JSON and YAML read with bounds (src/digestfmt/structured.py)."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from digestfmt.errors import DigestError
from digestfmt.structured import MAX_DEPTH, load_json, load_yaml

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30)


@given(JSON_VALUES)
def test_what_json_writes_reads_back_unchanged(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert load_json(text, "x.json") == json.loads(text)


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 900, 100_000])
def test_nesting_is_bounded(depth: int) -> None:
    text = "[" * depth + "]" * depth
    if depth <= MAX_DEPTH:
        assert load_json(text, "x.json") is not None
        return
    with pytest.raises(DigestError, match=r"^x\.json: invalid JSON: nested deeper than 64"):
        load_json(text, "x.json")


@pytest.mark.parametrize(("text", "message"), [
    ('{"a": [1, "\\ud800"]}', r"x\.json:1:11: invalid text: a lone surrogate .* '/a/1'"),
    ('{"\\udfff": 1}', r"x\.json:1:\d+: invalid text: a lone surrogate .* '/\\udfff'"),
    ('[' + "9" * 101 + "]", r"x\.json:1:2: invalid JSON: a number of 101 digits"),
    ("[-" + "9" * 5000 + "]", r"x\.json:1:2: invalid JSON: a number of 5000 digits"),
    ("[1e400]", r"x\.json:1:2: invalid JSON: a number out of range"),
    ("[NaN]", r"x\.json:1:2: invalid JSON: NaN is not a JSON value"),
    ('{"a": }', r"x\.json:1:7: invalid JSON: Expecting value"),
])
def test_values_nothing_downstream_can_handle_are_refused(text: str, message: str) -> None:
    with pytest.raises(DigestError, match=message):
        load_json(text, "x.json")


def test_a_surrogate_pair_is_a_character() -> None:
    assert load_json('"\\ud83d\\ude00"', None) == "😀"
    assert load_json('"\\\\ud800"', None) == "\\ud800"  # an escaped backslash: plain text


@pytest.mark.parametrize("loader", [yaml.SafeLoader, yaml.BaseLoader,
                                    getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
def test_yaml_nesting_is_bounded_without_recursion(loader: type) -> None:
    inside = MAX_DEPTH - 1  # the mapping is one level
    assert load_yaml("a: " + "[" * inside + "]" * inside, "c.yaml", loader)
    with pytest.raises(DigestError, match=r"^c\.yaml:1:\d+: invalid YAML: nested deeper"):
        load_yaml("a: " + "[" * 100_000 + "]" * 100_000, "c.yaml", loader)


def test_yaml_errors_are_one_line() -> None:
    with pytest.raises(DigestError) as caught:
        load_yaml("select: [DF2\n", "c.yaml")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("c.yaml: invalid YAML")
