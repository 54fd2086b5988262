"""The rule reference: docs/rules.md is generated, every rule is documented alike, and
`digestfmt rule` shows it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from lint_helpers import make_rule, run_cli

from digestfmt.lint import docs
from digestfmt.lint.rule import Rule
from digestfmt.lint.rules import all_rules

ROOT = Path(__file__).resolve().parents[2]
RULES_MD = ROOT / "docs" / "rules.md"
RULES = list(all_rules().values())


def test_docs_rules_md_is_up_to_date() -> None:
    assert RULES_MD.read_text("utf-8") == docs.render(), \
        "docs/rules.md is stale: run `python -m digestfmt.lint.docs -o docs/rules.md`"


def test_index_lists_every_rule_once_in_code_order() -> None:
    text = docs.render()
    rows = [line for line in text.splitlines() if line.startswith("| [DF")]
    assert [row.split("]", 1)[0][3:] for row in rows] == [r.code for r in RULES]
    for rule, row in zip(RULES, rows, strict=True):
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[1] == f"`{rule.name}`"
        assert cells[2].startswith(rule.severity.value)
        assert cells[3] == docs.fix_kind(rule)
        assert f"\n## {rule.code} {rule.name}\n" in text


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_doc_has_the_required_sections(rule: Rule) -> None:
    doc = rule.doc.strip()
    summary = doc.splitlines()[0] if doc else ""
    assert summary and not summary.startswith("#"), f"{rule.code}: first line is the summary"
    sections = docs.sections(rule)
    for title in docs.REQUIRED_SECTIONS:
        assert f"\n## {title}\n" in f"\n{doc}\n", f"{rule.code}: no '## {title}' section"
        assert sections.get(title), f"{rule.code}: '## {title}' is empty"
    example = sections["Example"]
    assert "Bad" in example and "Good" in example, f"{rule.code}: Example needs Bad and Good"
    assert example.index("Bad") < example.index("Good")
    assert docs.fix_kind(rule) != "?", \
        f"{rule.code}: '## Fix' must say None, Safe or Unsafe"


def test_headings_move_down_but_not_inside_fenced_code() -> None:
    doc = ("A made-up rule.\n\n## What it checks\nThat.\n\n## Why\nBecause.\n\n"
           "## Example\nBad:\n```md\n# AI 每日情报 | 2026-02-20\n## 📊 今日情报\n```\n"
           "Good:\n~~~\n## kept\n~~~\n\n## Fix\nUnsafe, when it can: this.\n")
    rule = replace(make_rule("DF990", "made-up", lambda d, c: iter(())), doc=doc)
    text = docs.render([rule])
    assert "\n## DF990 made-up\n" in text
    assert "\n### What it checks\n" in text and "\n### Fix\n" in text
    assert "\n# AI 每日情报 | 2026-02-20\n## 📊 今日情报\n```" in text
    assert "\n~~~\n## kept\n~~~\n" in text
    assert docs.sections(rule)["Example"].count("Bad:") == 1
    assert docs.fix_kind(rule) == "unsafe (sometimes)"
    assert "| [DF990](#df990-made-up) | `made-up` | error | unsafe (sometimes) | " \
           "A made-up rule. |" in text


@pytest.mark.parametrize(("fix", "kind"), [
    ("None: by hand.", "—"),
    ("Safe: always.", "safe"),
    ("Unsafe: it may change meaning.", "unsafe"),
    ("Safe, when the stars are ⭐: rewritten. Otherwise none.", "safe (sometimes)"),
    ("Tags only. Safe: rewritten.", "safe (sometimes)"),
    ("Rewrites it.", "?"),
])
def test_fix_kind(fix: str, kind: str) -> None:
    rule = replace(make_rule("DF990", "made-up", lambda d, c: iter(())),
                   doc=f"Summary.\n\n## Fix\n{fix}\n")
    assert docs.fix_kind(rule) == kind


def test_module_prints_the_page() -> None:
    run = subprocess.run([sys.executable, "-m", "digestfmt.lint.docs"], capture_output=True,
                         check=False, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.decode("utf-8") == docs.render()


def test_check_option(tmp_path: Path) -> None:
    page = tmp_path / "rules.md"
    assert docs.main(["-o", str(page)]) == 0
    assert docs.main(["--check", str(page)]) == 0
    page.write_text("stale\n", "utf-8")
    assert docs.main(["--check", str(page)]) == 1
    assert docs.main(["--check", str(tmp_path / "missing.md")]) == 2


# --- `digestfmt rule` --------------------------------------------------------------------


def test_rule_by_code_and_by_name(tmp_path: Path) -> None:
    by_code = run_cli(["rule", "DF201"], tmp_path)
    by_name = run_cli(["rule", "rating-emoji"], tmp_path)
    lower = run_cli(["rule", "df201"], tmp_path)
    assert by_code.code == by_name.code == lower.code == 0
    assert by_code.out == by_name.out == lower.out
    assert by_code.out.startswith("DF201 rating-emoji (error)\n\n")
    assert "## What it checks" in by_code.out and "## Fix" in by_code.out


def test_rule_all_json(tmp_path: Path) -> None:
    result = run_cli(["rule", "--all", "--output-format", "json"], tmp_path)
    assert result.code == 0
    payload = json.loads(result.out)
    assert [item["code"] for item in payload] == [r.code for r in RULES]
    for item, rule in zip(payload, RULES, strict=True):
        assert item == {"code": rule.code, "name": rule.name, "severity": rule.severity.value,
                        "summary": rule.summary, "options": dict(rule.options),
                        "default_enabled": rule.default_enabled, "doc": rule.doc.strip()}
    one = json.loads(run_cli(["rule", "DF201", "--output-format", "json"], tmp_path).out)
    assert one == payload[[r.code for r in RULES].index("DF201")]


@pytest.mark.parametrize("args", [["rule"], ["rule", "DF201", "--all"], ["rule", "DF999"],
                                  ["rule", "XY2"]])
def test_rule_usage_errors(tmp_path: Path, args: list[str]) -> None:
    result = run_cli(args, tmp_path)
    assert result.code == 2 and result.out == "" and "Error" in result.err
