"""The compiled validator (fastjsonschema on the draft-7 translation) against the
reference (jsonschema on the 2020-12 schema as written): the same verdict on every
document, and ``validate`` reporting exactly what the reference reports.

Documents: every spec example, every conformance ``expected.json``, the JSON of
every corpus file (skipped without ``../shared``), hypothesis-generated digests and
mutations of them made to break the schema, and, per supported keyword, small
schemas against arbitrary JSON values.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest
from fastjsonschema.draft04 import DOLLAR_FINDER
from hypothesis import HealthCheck, currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st
from strategies import documents

import digestfmt
from digestfmt import schema as schema_module
from digestfmt.codecs import json_
from digestfmt.schema import (
    compiled,
    compiled_is_valid,
    reference_is_valid,
    reference_problems,
    validate,
)
from digestfmt.schema_draft7 import (
    DRAFT7,
    DRAFT202012,
    SUPPORTED,
    SchemaTranslationError,
    is_date,
    python_dollar,
    translate,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "spec" / "examples").glob("*/*.json"))
EXAMPLES_VALID = [p for p in EXAMPLES if p.parent.name == "valid"]
CONFORMANCE = sorted((ROOT / "spec" / "conformance").glob("*/expected.json"))
SHARED = ROOT.parent / "shared"
CORPUS = sorted(SHARED.glob("corpus/style-a/output/*/daily_report.md")) \
    + sorted(SHARED.glob("corpus/style-b/ai/*/*/*.md")) + sorted(SHARED.glob("seeds/*.txt"))

Doc = Any
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_agree(document: Doc) -> bool:
    """Both validators give one verdict, and validate() reports what jsonschema does."""
    fast, reference = compiled_is_valid(document), reference_is_valid(document)
    assert fast is not None, "the compiled validator failed on this document"
    assert fast == reference, f"compiled says {fast}, jsonschema says {reference}"
    assert validate(document) == reference_problems(document)
    if currently_in_test_context():
        event("valid" if reference else "invalid")
    return reference


# -- the translation ---------------------------------------------------------------


def _walk(node: Any, path: str = "") -> list[tuple[str, Any]]:
    out = [(path, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _walk(value, f"{path}/{i}")
    return out


def test_the_schema_translates_and_compiles() -> None:
    original = copy.deepcopy(schema_module.schema())
    draft7 = translate(schema_module.schema())
    assert schema_module.schema() == original, "translate() must not change its input"
    assert draft7["$schema"] == DRAFT7 and "$id" not in draft7
    assert compiled() is not None
    nodes = [node for _, node in _walk(draft7) if isinstance(node, dict)]
    for node in nodes:
        assert not ("$ref" in node and len(node) > 1), f"$ref with siblings: {node}"
        assert "dependentSchemas" not in node and "const" not in node
        if isinstance(node.get("pattern"), str):
            assert not DOLLAR_FINDER.search(node["pattern"]), node["pattern"]
    assert draft7["dependencies"] == {"date_format": {"required": ["date"]},
                                      "header_source": ["front_matter"]}
    # date_text: {"$ref": line, "not": ...} keeps both checks.
    assert draft7["properties"]["date_text"] == {
        "not": {"pattern": "^\\d{4}\\s*[-/.年]"}, "allOf": [{"$ref": "#/$defs/line"}]}


def _schema(**keywords: Any) -> dict[str, Any]:
    return {"$schema": DRAFT202012, **keywords}


@pytest.mark.parametrize(("bad", "where"), [
    (_schema(uniqueItems=True), "/uniqueItems"),
    (_schema(items={"prefixItems": [{}]}), "/items/prefixItems"),
    (_schema(properties={"a": {"unevaluatedProperties": False}}),
     "/properties/a/unevaluatedProperties"),
    (_schema(**{"$dynamicRef": "#meta"}), "/$dynamicRef"),
    (_schema(**{"$anchor": "x"}), "/$anchor"),
    (_schema(allOf=[{"minContains": 2}]), "/allOf/0/minContains"),
    (_schema(format="email"), "/format"),
    (_schema(**{"$ref": "https://example.com/s.json"}), "/$ref"),
    (_schema(**{"$ref": "#/$defs/missing"}), "/$ref"),
    (_schema(**{"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a/type"}), "/$ref"),
    (_schema(items=[{"type": "string"}]), "/items"),
    (_schema(const=[1, True]), "/const"),
    (_schema(enum=[{"a": 1}]), "/enum/0"),
    (_schema(type="decimal"), "/type"),
    (_schema(pattern="(unclosed"), "/pattern"),
    (_schema(pattern="(?x) a $ # comment"), "/pattern"),
    (_schema(**{"$defs": {"a": {"multipleOf": 2}}}), "/$defs/a/multipleOf"),
    ({"$schema": "http://json-schema.org/draft-07/schema#"}, "/$schema"),
])
def test_translation_refuses_what_it_cannot_carry(bad: dict[str, Any], where: str) -> None:
    with pytest.raises(SchemaTranslationError) as caught:
        translate(bad)
    assert str(caught.value).startswith(where), str(caught.value)


def test_translation_shapes() -> None:
    draft7 = translate(_schema(**{
        "$id": "urn:x", "title": "t", "description": "d", "$comment": "c",
        "$defs": {"s": {"type": "string", "description": "x"}},
        "properties": {"a": {"$ref": "#/$defs/s", "maxLength": 3, "allOf": [{"minLength": 1}]},
                       "b": {"const": "x"}},
        "dependentSchemas": {"a": {"required": ["b"]}},
        "dependentRequired": {"c": ["d"]},
    }))
    assert draft7 == {
        "$schema": DRAFT7,
        "$defs": {"s": {"type": "string"}},
        "properties": {"a": {"maxLength": 3,
                             "allOf": [{"$ref": "#/$defs/s"}, {"minLength": 1}]},
                       "b": {"enum": ["x"]}},
        "dependencies": {"a": {"required": ["b"]}, "c": ["d"]},
    }


@pytest.mark.parametrize(("pattern", "expected"), [
    ("^a$", "^a(?=\\n?\\Z)"),
    ("a\\$", "a\\$"),
    ("a\\\\$", "a\\\\(?=\\n?\\Z)"),
    ("[$]x", "[\\$]x"),
    ("[]$]$", "[]\\$](?=\\n?\\Z)"),
    ("[^]$]$", "[^]\\$](?=\\n?\\Z)"),
    ("[\\]$]$", "[\\]\\$](?=\\n?\\Z)"),
    ("(?:^|x)#+$|^$", "(?:^|x)#+(?=\\n?\\Z)|^(?=\\n?\\Z)"),
])
def test_python_dollar(pattern: str, expected: str) -> None:
    assert python_dollar(pattern) == expected


def _fastjsonschema_regex(pattern: str) -> re.Pattern[str]:
    """What fastjsonschema compiles for ``pattern`` (draft04.generate_pattern)."""
    return re.compile(DOLLAR_FINDER.sub(r"\\Z", pattern))


SCHEMA_PATTERNS = sorted({node["pattern"] for _, node in _walk(schema_module.schema())
                          if isinstance(node, dict) and isinstance(node.get("pattern"), str)})
EXTRA_PATTERNS = ["^a$", "[$]x", "[]$]$", "a\\\\$", "^$", "x$|^y"]
_PATTERN_TEXT = st.lists(st.sampled_from(
    [*"ax y#$]*|：:-/.年\t_", "\n", "\n\n", "**", "**来源**", "🔹", "🔹 ", "2026", "AI", "每日情报",
     "  ", "\u3000", "\r", "https://", "(", ")", "[", "一句话摘要", "核心技术/实现逻辑"]),
    max_size=12).map("".join)


@SETTINGS
@given(st.sampled_from(SCHEMA_PATTERNS + EXTRA_PATTERNS), _PATTERN_TEXT)
@example("^\\S(?:[^\\n]*\\S)?$", "ab\n")
@example("^a$", "a\n")
def test_translated_patterns_match_as_python_does(pattern: str, text: str) -> None:
    fast = _fastjsonschema_regex(python_dollar(pattern)).search(text)
    assert bool(fast) == bool(re.search(pattern, text))


_DATE_EDGES = ["2026-02-28", "2026-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "0000-01-01",
               "0001-01-01", "9999-12-31", "2026-13-01", "2026-00-10", "2026-04-31", "2026-2-3",
               "20260203", "2026-W09-1", "2026-02-03\n", " 2026-02-03", "٢٠٢٦-02-03",
               "２０２６-02-03", "2026-02-03T00:00", "2026-02-3x", ""]


@SETTINGS
@given(st.one_of(
    st.sampled_from(_DATE_EDGES),
    st.dates().map(dt.date.isoformat),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),
    st.text(st.sampled_from("0123456789-٢２\nW"), max_size=11),
))
def test_is_date_is_jsonschemas_date(text: str) -> None:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert is_date(text) == checker.conforms(text, "date")


def test_validate_falls_back_to_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    invalid = json.loads((ROOT / "spec/examples/invalid/rating-6.json").read_text("utf-8"))
    expected = reference_problems(invalid)
    assert expected and validate(invalid) == expected
    monkeypatch.setattr(schema_module, "compiled", lambda: None)  # untranslatable schema
    assert compiled_is_valid(invalid) is None
    assert validate(invalid) == expected

    def broken(document: Any) -> None:
        raise RecursionError("a bug in the compiled code")

    monkeypatch.setattr(schema_module, "compiled", lambda: broken)
    assert compiled_is_valid(invalid) is None
    assert validate(invalid) == expected


def test_a_valid_document_never_imports_jsonschema() -> None:
    code = (
        "import json, sys\n"
        "from digestfmt.schema import validate\n"
        "assert 'jsonschema' not in sys.modules\n"
        f"assert validate(json.loads(open({str(EXAMPLES_VALID[0])!r}).read())) == []\n"
        "assert 'jsonschema' not in sys.modules, 'valid, yet jsonschema was imported'\n"
        "assert 'fastjsonschema' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the project's documents -----------------------------------------------------------


def _load(path: Path) -> Doc:
    return json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_agree(path: Path) -> None:
    assert assert_agree(_load(path)) == (path.parent.name == "valid")


@pytest.mark.parametrize("path", CONFORMANCE, ids=lambda p: p.parent.name)
def test_conformance_expected_agree(path: Path) -> None:
    assert_agree(_load(path))


@pytest.mark.skipif(not CORPUS, reason=f"no real corpus at {SHARED}")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(SHARED)))
def test_corpus_json_agrees(path: Path) -> None:
    document = json_.to_dict(digestfmt.load(path))
    assert_agree(document)
    # and each card alone, in a copy of the document
    for card in document["cards"]:
        assert_agree({**document, "cards": [card]})


# -- generated documents -----------------------------------------------------------


@SETTINGS
@given(documents())
def test_generated_documents_agree(document: Doc) -> None:
    assert assert_agree(document)


_VALUES = [None, True, False, 0, 1, -1, 1.0, 1.5, 3.0, 10**20, "", " ", "x", "3", [], [1], ["x"],
           {}, {"a": 1}, {"name": "x"}]
_RATINGS = [0, 6, -1, 3.0, 2.5, True, False, "🌟🌟🌟", "3", None, 10**20, float("nan"), [3]]
_TIMES = ["2026-3-02 07:15", "2026-03-02 7:15", "2026-03-02T07:15", "2026-03-02 07:15\n",
          "\n2026-03-02 07:15", "２０２６-03-02 07:15", "٢٠٢٦-03-02 07:15", "2026-02-30 25:99",
          " 2026-03-02 07:15", "2026-03-02 07:15 ", "2026-03-02", "07:15", ""]
_KEYS = ["score", "extra", "Title", "number", "org", "key", "heading", "url", "items", "body",
         "date", "date_text", "date_format", "related", "preamble", "intro", "separator",
         "extras", "extra_fields", "label", "value", "after", "markdown", "name", "format"]
_STRINGS = ["", "\t", "tech", "data", "overview", "resources", "今日无内容。", "其他相关资讯",
            "摘要", "一句话摘要", "内容简介", "🔗 相关资源", "🔹 核心技术/实现逻辑",
            "核心技术/实现逻辑",
            "🧪 实验", "AI每日情报", "🤖 AI行业速递", "intel", "brief", "intel-legacy",
            "YYYY/MM/DD", "digestfmt/3", "https://example.com/a(b", "javascript:alert(1)",
            "http://a b", "[x](y)", "a\n\n\nb", "# h", "---"]


def _edit(draw: Any, text: str) -> str:
    edits = [
        lambda s: s + "\n", lambda s: "\n" + s, lambda s: s + " ", lambda s: " " + s,
        lambda s: s + "\n\n\n" + s, lambda s: s + " #", lambda s: s + " ##", lambda s: s + "\n# h",
        lambda s: s + "\n\n---", lambda s: s + "\n***", lambda s: "[" + s, lambda s: s + "]",
        lambda s: "**来源**: " + s, lambda s: s + " **时间**:", lambda s: s + " **标签：**",
        lambda s: s + "|", lambda s: s + "｜", lambda s: "🔹 " + s, lambda s: "🔗" + s,
        lambda s: s + "\n", lambda s: s.replace("\n\n", "\n\n\n", 1), lambda s: s + "\n   ",
        lambda s: "  \n" + s, lambda s: s[:-1], lambda s: s[1:], lambda s: s + "(",
        lambda s: s.replace(" ", "\n", 1), lambda s: s.upper(), lambda s: s + "*",
    ]
    return str(draw(st.sampled_from(edits))(text))


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """(container, key or index) for every value under ``node``."""
    out: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((node, key))
            out += _slots(value)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.append((node, i))
            out += _slots(value)
    return out


def _containers(node: Any, kind: type) -> list[Any]:
    found = [node] if isinstance(node, kind) else []
    children: list[Any] = list(node.values()) if isinstance(node, dict) \
        else node if isinstance(node, list) else []
    for child in children:
        found += _containers(child, kind)
    return found


@st.composite
def mutated_documents(draw: Any) -> Doc:
    """A generated digest with one to three defects (it may, rarely, stay valid)."""
    doc = copy.deepcopy(draw(documents()))
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        slots = _slots(doc)
        kind = draw(st.sampled_from([
            "type", "rating", "time", "date", "unknown", "missing", "string", "string", "string",
            "text", "list", "style", "empty-day", "root",
        ]))

        def pick(names: set[str] | None = None, slots: list[tuple[Any, Any]] = slots) -> Any:
            chosen = [s for s in slots if names is None or s[1] in names] or slots
            return draw(st.sampled_from(chosen)) if chosen else None

        if kind == "root":
            return draw(st.sampled_from([[], "digest", None, 1, [doc]]))
        if kind == "style":
            doc["style"] = draw(st.sampled_from(["intel", "brief", "intel-legacy", "Intel", ""]))
        elif kind == "empty-day":
            doc["cards"] = []
            if draw(st.booleans()):
                doc["intro"] = "今日无内容。"
        elif kind in ("unknown",):
            target = draw(st.sampled_from(_containers(doc, dict)))
            target[draw(st.sampled_from(_KEYS))] = draw(st.sampled_from(_VALUES + _STRINGS))
        elif kind == "missing":
            dicts = [d for d in _containers(doc, dict) if d]
            if dicts:
                target = draw(st.sampled_from(dicts))
                del target[draw(st.sampled_from(sorted(target)))]
        elif kind == "list":
            lists = _containers(doc, list)
            if lists:
                target = draw(st.sampled_from(lists))
                how = draw(st.sampled_from(["clear", "dup", "append", "reverse", "pop"]))
                if how == "clear":
                    target.clear()
                elif how == "dup" and target:
                    target.append(copy.deepcopy(target[0]))
                elif how == "append":
                    target.append(draw(st.sampled_from(_VALUES + _STRINGS)))
                elif how == "reverse":
                    target.reverse()
                elif target:
                    target.pop()
        elif (slot := pick({"rating"} if kind == "rating" else {"time"} if kind == "time"
                           else {"date"} if kind == "date" else None)) is not None:
            container, key = slot
            if kind == "rating":
                container[key] = draw(st.sampled_from(_RATINGS))
            elif kind == "time":
                container[key] = draw(st.sampled_from(_TIMES))
            elif kind == "date":
                container[key] = draw(st.sampled_from(_DATE_EDGES))
            elif kind == "type":
                container[key] = draw(st.sampled_from(_VALUES))
            elif kind == "text":
                container[key] = draw(st.one_of(st.sampled_from(_STRINGS), st.text(max_size=20)))
            else:  # a pattern-breaking edit of a string somewhere
                strings = [s for s in slots if isinstance(s[0][s[1]], str)]
                if strings:
                    container, key = draw(st.sampled_from(strings))
                    container[key] = _edit(draw, container[key])
    return doc


@settings(SETTINGS, max_examples=300)
@given(mutated_documents())
def test_mutated_documents_agree(document: Doc) -> None:
    assert_agree(document)


_EDGES = {
    "date": _DATE_EDGES,
    "time": _TIMES,
    "rating": _RATINGS,
    "number": [0, -1, 1.0, 2.5, True, "1", None],
    "after": [-1, 0.0, 1.5, False, "0"],
    "link": ["http://x", "https://a b", "ftp://x", "https://x\n", "HTTPS://x", "https://"],
    "url": ["https://a_(b)", "https://a_(b", "https://a)", "https://x\n", "http://x y"],
    "tags": [[], [""], ["a]"], ["a\n"], ["**标签**:x"], "x", [1]],
    "separator": [True, 0, "false", None],
    "date_format": ["YYYY-MM-DD", "DD/MM/YYYY", "", None],
}


@pytest.mark.parametrize("field", sorted(_EDGES))
def test_edge_values_agree(field: str) -> None:
    """Each edge value in each place the key occurs in each valid example."""
    checked = 0
    for path in EXAMPLES:
        if path.parent.name != "valid":
            continue
        document = _load(path)
        for container, key in _slots(document):
            if key != field:
                continue
            original = container[key]
            for value in _EDGES[field]:
                container[key] = value
                assert_agree(document)
                checked += 1
            container[key] = original
        if field == "date_format" and "date" in document:  # absent from the examples
            for value in _EDGES[field]:
                assert_agree({**document, "date_format": value})
                checked += 1
    assert checked


@settings(SETTINGS, max_examples=25)
@given(documents(), st.sampled_from(["\n", "\n\n", " ", "\r", "\u3000", "#", "\n#"]),
       st.booleans())
def test_each_string_edited_in_turn_agrees(document: Doc, affix: str, before: bool) -> None:
    """Every string of a valid document, one at a time, with ``affix`` added: a final
    newline is where Python's ``$`` and fastjsonschema's ``\\Z`` part ways."""
    for container, key in _slots(document):
        value = container[key]
        if isinstance(value, str):
            container[key] = affix + value if before else value + affix
            assert_agree(document)
            container[key] = value


# -- every supported keyword, on small schemas and arbitrary JSON ---------------------------

TINY: list[dict[str, Any]] = [
    _schema(type="integer", minimum=1, maximum=5),
    _schema(type=["string", "null"], minLength=2, maxLength=4),
    _schema(type="number", exclusiveMinimum=0, exclusiveMaximum=10),
    _schema(type="boolean"),
    _schema(type="array", minItems=1, maxItems=2, items={"type": "string", "pattern": "^a$"}),
    _schema(type="array", contains={"const": "x"}),
    _schema(type="object", minProperties=1, maxProperties=2,
            propertyNames={"pattern": "^[a-z]$"}),
    _schema(properties={"a": {"enum": ["x", 1, None, True]}}, required=["a"],
            additionalProperties=False),
    _schema(properties={"a": False, "b": True}, additionalProperties={"type": "integer"}),
    _schema(dependentSchemas={"a": {"required": ["b"]}}, dependentRequired={"c": ["d"]}),
    _schema(**{"if": {"properties": {"k": {"const": "t"}}, "required": ["k"]},
               "then": {"required": ["v"]}, "else": {"maxProperties": 1}}),
    _schema(oneOf=[{"type": "string"}, {"type": "integer"}],
            anyOf=[{"minLength": 2}, {"minimum": 0}], allOf=[{"not": {"const": "ax"}}]),
    _schema(**{"not": {"pattern": "x$"}}),
    _schema(**{"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s", "maxLength": 3}),
    _schema(format="date"),
    _schema(const=1),
    _schema(const=True),
    _schema(const=None),
    _schema(enum=[1.0, False, "1"]),
]



def test_every_supported_keyword_has_a_small_schema() -> None:
    used = {k for s in TINY for _, node in _walk(s) if isinstance(node, dict) for k in node}
    annotations = {"title", "description", "$comment", "examples", "deprecated", "readOnly",
                   "writeOnly", "default"}
    assert SUPPORTED - annotations - used == set()


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 12), st.sampled_from([0.0, 1.0, 2.5, 5.0, 1e300]),
    st.text(st.sampled_from("axtv-0123\n"), max_size=5),
    st.sampled_from(["2024-02-29", "2023-02-29", "2026-01-01\n", "x\n", "a\n"]),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "c", "d", "k", "v", "A", "ab"]), inner,
                        max_size=4),
    ),
    max_leaves=8,
)
_TINY_COMPILED = [fastjsonschema.compile(translate(s), handlers={},
                                         formats={"date": is_date}, use_default=False,
                                         detailed_exceptions=False) for s in TINY]
_TINY_REFERENCE = [jsonschema.Draft202012Validator(
    s, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER) for s in TINY]


@settings(SETTINGS, max_examples=300)
@given(st.integers(0, len(TINY) - 1), _JSON)
def test_small_schemas_agree(index: int, value: Any) -> None:
    try:
        _TINY_COMPILED[index](value)
        fast = True
    except fastjsonschema.JsonSchemaValueException:
        fast = False
    reference = _TINY_REFERENCE[index].is_valid(value)
    event("valid" if reference else "invalid")
    assert fast == reference, (TINY[index], value)
