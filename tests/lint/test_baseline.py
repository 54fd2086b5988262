"""Baselines: record today's findings, then report only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_helpers import card, digest, line_of, run_cli

SELECT = ["--select", "DF103,DF201"]


def _findings(cwd: Path, *args: str) -> tuple[int, list[tuple[int, str]]]:
    result = run_cli(["lint", "--output-format", "json", *SELECT, *args], cwd)
    assert result.code in (0, 1), result.err
    return result.code, [(item["line"], item["code"]) for item in json.loads(result.out)]


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    """d.md with one old DF201 finding, recorded in baseline.json."""
    (tmp_path / "d.md").write_text(digest(card(1, rating="⭐⭐⭐")), "utf-8")
    result = run_cli(["lint", *SELECT, "--write-baseline", "baseline.json", "d.md"], tmp_path)
    assert (result.code, result.out) == (0, "")
    assert result.err == "recorded 1 finding(s) in baseline.json\n"
    return tmp_path


def test_write_baseline_records_every_finding_and_exits_0(recorded: Path) -> None:
    data = json.loads((recorded / "baseline.json").read_text("utf-8"))
    assert data["version"] == 1 and data["tool"] == "digestfmt"
    [row] = data["findings"]
    assert (row["path"], row["code"], row["count"]) == ("d.md", "DF201", 1)
    assert len(row["fingerprint"]) == 16


def test_baselined_findings_are_not_reported(recorded: Path) -> None:
    assert _findings(recorded, "--baseline", "baseline.json", "d.md") == (0, [])
    assert _findings(recorded, "d.md")[1] != []  # without the baseline it is still there


def test_a_new_blank_line_above_does_not_resurrect(recorded: Path) -> None:
    path = recorded / "d.md"
    path.write_text("\n" + path.read_text("utf-8").replace("\n\n", "\n\n\n", 1), "utf-8")
    assert _findings(recorded, "--baseline", "baseline.json", "d.md") == (0, [])


def test_a_new_clean_card_above_does_not_resurrect(recorded: Path) -> None:
    (recorded / "d.md").write_text(digest(card(1, title="新卡片"), card(2, rating="⭐⭐⭐")),
                                   "utf-8")
    assert _findings(recorded, "--baseline", "baseline.json", "d.md") == (0, [])


def test_a_new_finding_is_reported(recorded: Path) -> None:
    text = digest(card(1, rating="⭐"), card(2, rating="⭐⭐⭐"), preamble="草稿")
    (recorded / "d.md").write_text(text, "utf-8")
    code, found = _findings(recorded, "--baseline", "baseline.json", "d.md")
    assert code == 1
    assert found == [(1, "DF103"), (line_of(text, "⭐"), "DF201")]


def test_a_repeat_of_a_baselined_finding_is_reported_once(recorded: Path) -> None:
    text = digest(card(1, rating="⭐⭐⭐"), card(2, rating="⭐⭐⭐"))
    (recorded / "d.md").write_text(text, "utf-8")
    code, found = _findings(recorded, "--baseline", "baseline.json", "d.md")
    assert code == 1 and [c for _, c in found] == ["DF201"]


def test_a_fixed_finding_simply_disappears(recorded: Path) -> None:
    (recorded / "d.md").write_text(digest(), "utf-8")
    assert _findings(recorded, "--baseline", "baseline.json", "d.md") == (0, [])


def test_baseline_is_per_file(recorded: Path) -> None:
    (recorded / "e.md").write_text(digest(card(1, rating="⭐⭐⭐")), "utf-8")
    code, found = _findings(recorded, "--baseline", "baseline.json", "d.md", "e.md")
    assert code == 1 and len(found) == 1


@pytest.mark.parametrize(("content", "message"), [
    (None, "baseline.json: baseline file not found"),
    ("{not json", "baseline.json: not a digestfmt baseline: "),
    ('{"version": 99, "findings": []}', "baseline.json: unsupported baseline version 99"),
    ('{"version": 1}', "baseline.json: not a digestfmt baseline: "),
])
def test_unreadable_baseline_exits_2(tmp_path: Path, content: str | None, message: str) -> None:
    (tmp_path / "d.md").write_text(digest(), "utf-8")
    if content is not None:
        (tmp_path / "baseline.json").write_text(content, "utf-8")
    result = run_cli(["lint", "--baseline", "baseline.json", "d.md"], tmp_path)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"digestfmt: error: {message}")
    assert result.err.count("\n") == 1


def test_baseline_works_from_another_folder(tmp_path: Path) -> None:
    (tmp_path / "digests").mkdir()
    (tmp_path / "digests" / "d.md").write_text(digest(card(1, rating="⭐⭐⭐")), "utf-8")
    written = run_cli(["lint", *SELECT, "--write-baseline", "baseline.json", "digests/d.md"],
                      tmp_path)
    assert written.code == 0
    assert _findings(tmp_path / "digests", "--baseline", "../baseline.json", "d.md") == (0, [])
