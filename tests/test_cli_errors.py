"""The command line on bad inputs: one readable line per bad input, exit 2, no traceback.

Most cases run in-process through click's CliRunner; a representative set runs the
real console entry point in a subprocess, where a traceback or a stray print would
show exactly as a user sees it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from digestfmt.cli import main

INTEL = """# AI 每日情报 | 2026-02-20

### 1. [Org] 标题一
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟🌟🌟 **标签**: [发布] [研究]
**链接**: https://example.com/a

> 🎯 **一句话摘要**：一句话。

#### 🔹 核心技术/实现逻辑

- 技术。

#### 📊 实验数据/关键结论

- 数据。

#### 💡 独家洞察/局限性

- 洞察。

---
"""
# The same digest with formatting drift (fmt must rewrite it to INTEL).
DRIFTED = INTEL.replace("#### 🔹 核心", "#### 🔹核心").replace("**来源**:", "**来源：**") \
    .replace("\n", "\r\n")

SUMMARY = re.compile(r"^\d+ file\(s\) (would be )?reformatted, \d+ left unchanged$")


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("digestfmt: error:")]


def run_in_process(*args: str, cwd: Path) -> Result:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {result.exception!r}")
    return Result(result.exit_code, result.stdout, result.stderr)


# The installed console script beside this interpreter; ``python -m`` without one.
_SCRIPT = shutil.which("digestfmt", path=str(Path(sys.executable).parent))
COMMAND = [_SCRIPT] if _SCRIPT else [sys.executable, "-m", "digestfmt"]


def run_subprocess(*args: str, cwd: Path) -> Result:
    proc = subprocess.run(
        [*COMMAND, *args], cwd=cwd, capture_output=True,
        timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, check=False,
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                  proc.stderr.decode("utf-8", "replace"))


Runner = Callable[..., Result]

# -- bad inputs -------------------------------------------------------------------


def _huge(path: Path) -> None:
    with path.open("wb") as out:  # 16 MiB + 1 KiB of a plausible digest line
        line = "- 这是一行很长的内容，用来把文件撑大。\n".encode()
        out.write("# AI 每日情报 | 2026-02-20\n\n".encode())
        for _ in range((16 * 1024 * 1024 + 1024) // len(line) + 1):
            out.write(line)


BAD_INPUTS: dict[str, tuple[Callable[[Path], None], str]] = {
    # name: (make it in a folder, a word the reason must contain)
    "binary.md": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64),
                  "binary"),
    "latin1.md": (lambda p: p.write_bytes("# AI 每日情报 | 2026-02-20\n\n".encode()
                                          + "Café".encode("latin-1") + b"\n"), "UTF-8"),
    "empty.md": (lambda p: p.write_bytes(b""), "empty"),
    "blank.md": (lambda p: p.write_bytes(b"  \n\t\n\r\n"), "empty"),
    "notes.md": (lambda p: p.write_text(
        "# digestfmt\n\nA tool for digests.\n\n## Install\n\n    pip install digestfmt\n\n"
        "## Usage\n\n- `digestfmt fmt FILE`\n", "utf-8"), "not a digest"),
    # The title of a digest over an unrelated body: titles alone do not make a digest.
    "report.md": (lambda p: p.write_text(
        "# AI 每日情报 | 2026-02-20\n\n## 背景\n\n本周 AI 行业动态综述。\n\n"
        "### 1. 第一部分\n\n正文段落，没有任何字段。\n\n### 2. 第二部分\n\n- 列表\n", "utf-8"),
        "not a digest"),
    # Junk real repositories hold: a test file committed by accident, and an earlier
    # same-day version of a digest that is only a list of raw headlines.
    "test.md": (lambda p: p.write_text("# test\n\nHello\n", "utf-8"), "not a digest"),
    "headlines.md": (lambda p: p.write_text(
        "# AI 每日情报 | 2026-02-20\n\n## 今日头条\n\n1. [OpenAI 发布新模型](https://a.example/1)\n"
        "2. [谷歌更新 Gemini](https://a.example/2)\n", "utf-8"), "not a digest"),
    "missing.md": (lambda p: None, "no such file"),
    "huge.md": (_huge, "too large"),
}
JSON_INPUTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "malformed.json": (lambda p: p.write_text('{"format": "digestfmt/3", "style": ', "utf-8"),
                       "invalid JSON"),
    "invalid.json": (lambda p: p.write_text(json.dumps(
        {"format": "digestfmt/3", "style": "intel", "cards": "none"}), "utf-8"),
        "not a valid digest"),
}
COMMANDS = {
    "fmt": ["fmt"],
    "convert-json": ["convert", "--to", "json"],
    "convert-md": ["convert", "--to", "md"],
    "validate": ["validate"],
}


def assert_one_error(result: Result, path: str, reason_word: str) -> None:
    """Exactly one ``digestfmt: error: PATH[:LINE:COL]: reason`` line, exit 2, no traceback."""
    assert result.code == 2, result
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.errors) == 1, result.stderr
    line = result.errors[0]
    prefix = re.match(rf"digestfmt: error: {re.escape(path)}(?::\d+:\d+)?: ", line)
    assert prefix, line
    reason = line[prefix.end():]
    assert reason_word.lower() in reason.lower(), line
    assert reason.strip() and "\\x" not in reason and "b'" not in reason
    # Nothing else on stderr but fmt's closing count.
    others = [x for x in result.stderr.splitlines() if x not in result.errors]
    assert all(SUMMARY.match(x) for x in others), result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_markdown_input(tmp_path: Path, name: str, command: str) -> None:
    make, word = BAD_INPUTS[name]
    make(tmp_path / name)
    if command == "validate" and name in ("notes.md", "report.md", "test.md", "headlines.md"):
        word = "invalid JSON"  # validate reads JSON only
    assert_one_error(run_in_process(*COMMANDS[command], name, cwd=tmp_path), name, word)


def test_a_one_card_test_document_gets_findings_and_a_warned_json_form(tmp_path: Path) -> None:
    """A test document with one card whose source is plain text: a digest with defects.
    lint says what is missing; convert writes its (lossless) JSON form and says on
    standard error that it is not schema-valid -- never silently (spec §7.3)."""
    (tmp_path / "one.md").write_text(
        "# 🤖 AI行业速递 - 2026年02月20日\n\n## 测试卡片\n\n> **来源：** 机器之心\n\n---\n",
        "utf-8")
    linted = run_in_process("lint", "--no-cache", "one.md", cwd=tmp_path)
    assert linted.code == 1 and "Traceback" not in linted.stdout + linted.stderr
    assert "one.md:3:1: DF104" in linted.stdout and "one.md:3:1: DF107" in linted.stdout
    converted = run_in_process("convert", "one.md", "--to", "json", cwd=tmp_path)
    assert converted.code == 0 and json.loads(converted.stdout)["cards"][0]["title"] == "测试卡片"
    assert re.fullmatch(r"digestfmt: warning: one\.md: the JSON form is not schema-valid at "
                        r"/cards/0/fields: .*\n", converted.stderr)


def test_fmt_on_an_explicit_readme_is_reported(tmp_path: Path) -> None:
    BAD_INPUTS["notes.md"][0](tmp_path / "README.md")
    assert_one_error(run_in_process("fmt", "README.md", cwd=tmp_path), "README.md",
                     "not a digest")


@pytest.mark.parametrize("command", ["fmt", "convert-json", "convert-md"])
@pytest.mark.parametrize("name", JSON_INPUTS)
def test_bad_json_input(tmp_path: Path, name: str, command: str) -> None:
    make, word = JSON_INPUTS[name]
    make(tmp_path / name)
    if command == "fmt":
        word = "not a digest"  # fmt reads Markdown; JSON text is not a digest
    assert_one_error(run_in_process(*COMMANDS[command], name, cwd=tmp_path), name, word)


def test_validate_malformed_json(tmp_path: Path) -> None:
    JSON_INPUTS["malformed.json"][0](tmp_path / "malformed.json")
    assert_one_error(run_in_process("validate", "malformed.json", cwd=tmp_path),
                     "malformed.json", "invalid JSON")


def test_validate_reports_schema_problems_at_their_position(tmp_path: Path) -> None:
    # A schema-invalid document is a finding (exit 1, on stdout), not an input error.
    (tmp_path / "doc.json").write_text(
        '{\n  "format": "digestfmt/3",\n  "style": "intel",\n  "cards": "none"\n}\n', "utf-8")
    result = run_in_process("validate", "doc.json", cwd=tmp_path)
    assert result.code == 1
    assert result.stdout == "doc.json:4:12: 'none' is not of type 'array' [/cards]\n"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["binary.md", "latin1.md", "report.md", "missing.md",
                                  "huge.md"])
def test_bad_input_through_the_console_script(tmp_path: Path, name: str) -> None:
    make, word = BAD_INPUTS[name]
    make(tmp_path / name)
    for command in (["fmt"], ["convert", "--to", "json"]):
        assert_one_error(run_subprocess(*command, name, cwd=tmp_path), name, word)


def test_bad_json_through_the_console_script(tmp_path: Path) -> None:
    for name, (make, word) in JSON_INPUTS.items():
        make(tmp_path / name)
        assert_one_error(run_subprocess("convert", "--to", "md", name, cwd=tmp_path),
                         name, word)


def test_each_bad_input_is_reported_and_the_good_ones_still_processed(tmp_path: Path) -> None:
    names = ["binary.md", "empty.md", "report.md"]
    for name in names:
        BAD_INPUTS[name][0](tmp_path / name)
    (tmp_path / "good.md").write_text(INTEL, "utf-8")
    result = run_subprocess("convert", "--to", "json", "-o", "out", *names, "good.md",
                            cwd=tmp_path)
    assert result.code == 2
    assert sorted(e.split(": ")[2] for e in result.errors) == sorted(names)
    assert json.loads((tmp_path / "out" / "good.json").read_text("utf-8"))["style"] == "intel"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.json"]


@pytest.mark.parametrize("command", ["convert-json", "convert-md"])
def test_convert_directory_without_digests(tmp_path: Path, command: str) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x", "utf-8")
    result = run_in_process(*COMMANDS[command], "notes", cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "no digest files" in result.stderr


@pytest.mark.parametrize("command", ["fmt", "validate"])
def test_fmt_and_validate_on_directory_without_digests(tmp_path: Path, command: str) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x", "utf-8")
    result = run_in_process(*COMMANDS[command], "notes", cwd=tmp_path)
    assert result.code == 2
    assert result.errors and "notes" in result.errors[0]


# -- usage and output safety -------------------------------------------------------


def test_several_inputs_without_output_is_a_usage_error(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(INTEL, "utf-8")
    for run in (run_in_process, run_subprocess):
        result = run("convert", "--to", "json", "a.md", "b.md", cwd=tmp_path)
        assert result.code == 2
        assert "-o" in result.stderr and "Traceback" not in result.stderr
        assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


@pytest.mark.parametrize("output", ["in.md", "./in.md", "sub/../in.md"])
def test_convert_refuses_to_overwrite_its_input(tmp_path: Path, output: str) -> None:
    (tmp_path / "sub").mkdir()
    data = DRIFTED.encode("utf-8")
    (tmp_path / "in.md").write_bytes(data)
    result = run_in_process("convert", "in.md", "--to", "md", "-o", output, cwd=tmp_path)
    assert result.code == 2
    assert len(result.errors) == 1 and "overwrite" in result.errors[0]
    assert (tmp_path / "in.md").read_bytes() == data


def test_failed_conversion_leaves_an_existing_output_alone(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"\x00\x01")
    (tmp_path / "bad.json").write_text("precious\n", "utf-8")
    result = run_in_process("convert", "bad.md", "--to", "json", "-o", "bad.json", cwd=tmp_path)
    assert result.code == 2
    assert (tmp_path / "bad.json").read_text("utf-8") == "precious\n"
    # ... also when it is one of several inputs into a folder.
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "bad.json").write_text("precious\n", "utf-8")
    (tmp_path / "good.md").write_text(INTEL, "utf-8")
    result = run_in_process("convert", "bad.md", "good.md", "--to", "json", "-o", "out",
                            cwd=tmp_path)
    assert result.code == 2
    assert (tmp_path / "out" / "bad.json").read_text("utf-8") == "precious\n"
    assert (tmp_path / "out" / "good.json").exists()


def test_fmt_rewrites_in_place_atomically_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text(DRIFTED, "utf-8", newline="")
    path.chmod(0o640)
    result = run_subprocess("fmt", "d.md", cwd=tmp_path)
    assert result.code == 0, result
    assert path.read_text("utf-8") == INTEL
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.md"]  # no temporary left


def test_fmt_check(tmp_path: Path) -> None:
    (tmp_path / "canonical.md").write_text(INTEL, "utf-8")
    (tmp_path / "drifted.md").write_text(DRIFTED, "utf-8", newline="")
    before = (tmp_path / "drifted.md").read_bytes()
    assert run_in_process("fmt", "--check", "canonical.md", cwd=tmp_path).code == 0
    result = run_in_process("fmt", "--check", "drifted.md", cwd=tmp_path)
    assert result.code == 1
    assert "drifted.md" in result.stderr
    assert (tmp_path / "drifted.md").read_bytes() == before
    assert run_in_process("fmt", "--check", "canonical.md", "drifted.md", cwd=tmp_path).code == 1


def test_fmt_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    drifted = INTEL.replace("#### 🔹 核心", "#### 🔹核心")
    (tmp_path / "d.md").write_text(drifted, "utf-8")
    result = run_in_process("fmt", "--diff", "d.md", cwd=tmp_path)
    assert result.code == 1
    assert result.stdout.startswith("--- a/d.md\n+++ b/d.md\n@@ ")
    assert "\n-#### 🔹核心技术/实现逻辑\n+#### 🔹 核心技术/实现逻辑\n" in result.stdout
    assert (tmp_path / "d.md").read_text("utf-8") == drifted
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.md"]
    assert run_in_process("fmt", "--diff", "d.md", cwd=tmp_path).stdout == result.stdout
    clean = run_in_process("fmt", "--diff", "d.md", cwd=tmp_path)
    assert clean.code == 1  # still not canonical: --diff wrote nothing


def test_fmt_stdin_to_stdout(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["fmt", "-"], input=DRIFTED.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout == INTEL


def test_several_inputs_into_a_folder_keep_their_relative_paths(tmp_path: Path) -> None:
    for day in ("2026-02-19", "2026-02-20"):
        folder = tmp_path / "archive" / day
        folder.mkdir(parents=True)
        (folder / "daily_report.md").write_text(INTEL.replace("2026-02-20", day), "utf-8")
    result = run_subprocess("convert", "--to", "json", "-o", "out",
                            "archive/2026-02-19/daily_report.md",
                            "archive/2026-02-20/daily_report.md", cwd=tmp_path)
    assert result.code == 0, result
    for day in ("2026-02-19", "2026-02-20"):
        out = tmp_path / "out" / day / "daily_report.json"
        assert json.loads(out.read_text("utf-8"))["date"] == day
    # A folder as input recurses the same way.
    result = run_in_process("convert", "--to", "json", "-o", "out2", "archive", cwd=tmp_path)
    assert result.code == 0, result
    assert sorted(str(p.relative_to(tmp_path / "out2")) for p in
                  (tmp_path / "out2").rglob("*.json")) == [
        "2026-02-19/daily_report.json", "2026-02-20/daily_report.json"]


def test_convert_round_trip_through_files(tmp_path: Path) -> None:
    (tmp_path / "d.md").write_text(DRIFTED, "utf-8", newline="")
    assert run_in_process("convert", "d.md", "--to", "json", "-o", "d.json",
                          cwd=tmp_path).code == 0
    assert run_in_process("validate", "d.json", cwd=tmp_path).code == 0
    assert run_in_process("convert", "d.json", "--to", "md", "-o", "back.md",
                          cwd=tmp_path).code == 0
    assert (tmp_path / "back.md").read_text("utf-8") == INTEL


@pytest.mark.parametrize("command", ["fmt", "convert", "schema", "validate", None])
def test_help(command: str | None) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    assert "Traceback" not in result.stdout


def test_help_of_every_subcommand_through_the_console_script(tmp_path: Path) -> None:
    for name in main.commands:  # type: ignore[attr-defined]
        result = run_subprocess(name, "--help", cwd=tmp_path)
        assert result.code == 0, (name, result)
        assert result.stdout.startswith("Usage: ") and f" {name} [OPTIONS]" in result.stdout
