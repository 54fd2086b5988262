"""`digestfmt lint` end to end: exit codes, the JSON contract, formats, stdin, statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_helpers import card, digest, line_of, run_cli

# The fields CI scripts rely on (README "Output formats"); "fix" is extra detail.
JSON_CONTRACT = {"path", "line", "column", "end_line", "end_column", "code", "name", "severity",
                 "message", "fixable"}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "clean.md").write_text(digest(), "utf-8")
    (tmp_path / "error.md").write_text(digest(card(rating="⭐⭐⭐")), "utf-8")
    (tmp_path / "warning.md").write_text(digest(preamble="草稿，请勿发布"), "utf-8")
    (tmp_path / "notes.md").write_text("Just some notes.\n", "utf-8")
    return tmp_path


# --- exit codes --------------------------------------------------------------------------


def test_clean_file_exits_0(files: Path) -> None:
    result = run_cli(["lint", "clean.md"], files)
    assert (result.code, result.out, result.err) == (0, "All checks passed! (1 file(s))\n", "")


def test_error_exits_1(files: Path) -> None:
    result = run_cli(["lint", "clean.md", "error.md"], files)
    assert result.code == 1
    line = line_of(digest(card(rating="⭐⭐⭐")), "⭐")
    assert result.lines[0] == (f"error.md:{line}:9: DF201 [error] rating uses ⭐ (U+2B50) "
                               "instead of 🌟 (U+1F31F) [*]")
    # "in N file(s)": the files with problems, not the files checked (issue 13)
    assert result.lines[1:] == ["Found 1 problem(s) in 1 file(s): 1 error.",
                                "[*] 1 fixable with --fix."]


def test_summary_counts_the_files_with_problems_cached_or_not(files: Path) -> None:
    """Issue 13: "Found 3 problem(s) in 4 file(s)" counted the files checked."""
    (files / "two.md").write_text(digest(card(1, rating="⭐"), card(2, rating="⭐⭐")), "utf-8")
    args = ["lint", "clean.md", "error.md", "warning.md", "two.md"]
    cold = run_cli(args, files)
    assert cold.code == 1
    assert cold.lines[-2:] == ["Found 4 problem(s) in 3 file(s): 3 errors, 1 warning.",
                               "[*] 3 fixable with --fix."]
    warm = run_cli(args, files)  # from the result cache this time
    assert (warm.code, warm.out) == (cold.code, cold.out)
    assert (files / ".digestfmt_cache").is_dir()
    (files / "clean2.md").write_text(digest(), "utf-8")
    assert run_cli(["lint", "clean.md", "clean2.md"], files).out == \
        "All checks passed! (2 file(s))\n"  # the all-clear still counts the files checked


def test_warnings_pass_unless_strict(files: Path) -> None:
    result = run_cli(["lint", "warning.md"], files)
    assert result.code == 0
    assert result.lines[0] == \
        "warning.md:1:1: DF103 [warning] content before the digest's `#` header"
    assert run_cli(["lint", "--strict", "warning.md"], files).code == 1
    assert run_cli(["lint", "--strict", "clean.md"], files).code == 0


@pytest.mark.parametrize("args", [
    ["lint", "missing.md"],
    ["lint", "notes.md"],  # Markdown, but not a digest
    ["lint", "--select", "DF999", "clean.md"],
    ["lint", "--ignore", "no-such-rule", "clean.md"],
    ["lint", "--output-format", "xml", "clean.md"],
    ["lint", "--config", "missing.yaml", "clean.md"],
    ["lint", "--baseline", "missing.json", "clean.md"],
    ["lint", "--profile", "no-such-style", "clean.md"],
])
def test_usage_config_and_input_errors_exit_2(files: Path, args: list[str]) -> None:
    result = run_cli(args, files)
    assert result.code == 2, (result.out, result.err)
    assert result.err.strip(), "an error must say what is wrong"


NOT_A_DIGEST = ("digestfmt: error: notes.md: not a digest: no style's cards or fields found; "
                "if it is not meant to be one, list it in 'exclude' ([tool.digestfmt] or "
                ".digestfmt.yaml) or keep it from the pre-commit hooks with `files:` or "
                "`exclude:`")


def test_not_a_digest_says_to_leave_it_out_and_that_works(files: Path) -> None:
    """Issue 13: a Markdown file that is not a digest, passed as the hooks pass it, said
    "use --profile to force one" -- which gives only errors. The advice is to leave it out,
    and following it (the 'exclude' setting, which --force-exclude applies) works."""
    hooks = (["lint", "--force-exclude"], ["fmt", "--check", "--force-exclude"])
    for command in hooks:
        for _ in range(2):  # the second lint serves the error from the cache
            result = run_cli([*command, "notes.md", "clean.md"], files)
            assert result.code == 2, command
            assert result.err.splitlines()[0] == NOT_A_DIGEST, command
    forced = run_cli(["lint", "--profile", "intel", "notes.md"], files)
    assert forced.code == 1 and "DF118 [error] no card" in forced.out  # the old advice

    (files / ".digestfmt.yaml").write_text("exclude: [notes.md]\n", "utf-8")
    for command in hooks:
        result = run_cli([*command, "notes.md", "clean.md"], files)
        assert (result.code, "notes.md" in result.out + result.err) == (0, False), command
    # convert does not read 'exclude': it says no more than that
    converted = run_cli(["convert", "--to", "json", "notes.md"], files)
    assert (converted.code, converted.err) == (
        2, "digestfmt: error: notes.md: not a digest: no style's cards or fields found\n")


def test_input_error_names_the_file_in_one_line_and_the_rest_is_still_linted(files: Path) -> None:
    result = run_cli(["lint", "missing.md", "error.md", "notes.md"], files)
    assert result.code == 2  # an input error outranks findings
    errors = result.err.splitlines()
    assert errors[0] == "digestfmt: error: missing.md: no such file"
    assert errors[1].startswith("digestfmt: error: notes.md: not a digest")
    assert len(errors) == 2
    assert any(line.startswith("error.md:") and "DF201" in line for line in result.lines)


def test_no_all_clear_after_an_input_error(files: Path) -> None:
    result = run_cli(["lint", "missing.md"], files)
    assert (result.code, result.out) == (2, "")
    assert result.err == "digestfmt: error: missing.md: no such file\n"


def test_unknown_selector_is_one_line(files: Path) -> None:
    result = run_cli(["lint", "--select", "DF2,DF999", "clean.md"], files)
    assert (result.code, result.out) == (2, "")
    assert result.err == "digestfmt: error: command line: unknown rule selector 'DF999'\n"


def test_directory_is_walked_and_hidden_folders_skipped(files: Path) -> None:
    (files / "notes.md").unlink()
    (files / "sub").mkdir()
    (files / "sub" / "deep.md").write_text(digest(card(rating="⭐")), "utf-8")
    (files / ".hidden").mkdir()
    (files / ".hidden" / "x.md").write_text("not a digest\n", "utf-8")
    result = run_cli(["lint", "--output-format", "json"], files)  # no path: "."
    assert result.code == 1
    paths = {item["path"] for item in json.loads(result.out)}
    assert paths == {"error.md", "warning.md", "sub/deep.md"}


# --- the JSON contract -------------------------------------------------------------------


def test_json_fields_are_the_contract(files: Path) -> None:
    text = digest(card(1, rating="⭐⭐⭐"), card(2, rating="🌟⭐✨"), preamble="草稿")
    (files / "both.md").write_text(text, "utf-8")
    result = run_cli(["lint", "--output-format", "json", "--select", "DF103,DF201", "both.md"],
                     files)
    assert result.code == 1
    items = json.loads(result.out)
    for item in items:
        assert set(item) - {"fix"} == JSON_CONTRACT
        assert isinstance(item["fixable"], bool)
        for key in ("line", "column", "end_line", "end_column"):
            assert type(item[key]) is int and item[key] >= 1
    stars, mixed = line_of(text, "⭐⭐⭐"), line_of(text, "🌟⭐✨")
    assert [{k: item[k] for k in sorted(JSON_CONTRACT)} for item in items] == [
        {"path": "both.md", "line": 1, "column": 1, "end_line": 1, "end_column": 3,
         "code": "DF103", "name": "content-before-header", "severity": "warning",
         "message": "content before the digest's `#` header", "fixable": False},
        {"path": "both.md", "line": stars, "column": 9, "end_line": stars, "end_column": 12,
         "code": "DF201", "name": "rating-emoji", "severity": "error",
         "message": "rating uses ⭐ (U+2B50) instead of 🌟 (U+1F31F)", "fixable": True},
        # columns count code points: 🌟 is one column although it is two UTF-16 units
        {"path": "both.md", "line": mixed, "column": 9, "end_line": mixed, "end_column": 12,
         "code": "DF201", "name": "rating-emoji", "severity": "error",
         "message": "rating uses ✨ (U+2728)、⭐ (U+2B50) instead of 🌟 (U+1F31F)",
         "fixable": False},
    ]
    assert items[1]["fix"] == {"description": "write 3 × 🌟", "applicability": "safe"}


def test_json_for_a_clean_run_is_an_empty_list(files: Path) -> None:
    result = run_cli(["lint", "--output-format", "json", "clean.md"], files)
    assert (result.code, json.loads(result.out)) == (0, [])


# --- format selection --------------------------------------------------------------------


def test_github_format_under_github_actions(files: Path) -> None:
    result = run_cli(["lint", "error.md"], files, env={"GITHUB_ACTIONS": "true"})
    assert result.code == 1
    assert result.out.startswith("::error file=error.md,line=")
    assert "title=DF201 rating-emoji::rating uses" in result.out
    chosen = run_cli(["lint", "--output-format", "text", "error.md"], files,
                     env={"GITHUB_ACTIONS": "true"})
    assert chosen.out.startswith("error.md:")


def test_text_format_outside_github_actions(files: Path) -> None:
    assert run_cli(["lint", "error.md"], files).out.startswith("error.md:")


# --- stdin -------------------------------------------------------------------------------


def test_stdin_with_stdin_filename(files: Path) -> None:
    text = digest(card(rating="⭐⭐⭐"))
    result = run_cli(["lint", "-", "--stdin-filename", "digests/2026-02-20.md"], files,
                     stdin=text)
    assert result.code == 1
    assert result.lines[0].startswith(f"digests/2026-02-20.md:{line_of(text, '⭐')}:9: DF201")
    bare = run_cli(["lint", "-"], files, stdin=text)
    assert bare.lines[0].startswith(f"-:{line_of(text, '⭐')}:9: DF201")


def test_stdin_filename_picks_the_settings(files: Path) -> None:
    (files / "relaxed").mkdir()
    (files / "relaxed" / ".digestfmt.yaml").write_text("ignore: [DF201]\n", "utf-8")
    text = digest(card(rating="⭐⭐⭐"))
    relaxed = run_cli(["lint", "-", "--stdin-filename", "relaxed/x.md"], files, stdin=text)
    assert (relaxed.code, relaxed.out) == (0, "All checks passed! (1 file(s))\n")
    strict = run_cli(["lint", "-", "--stdin-filename", "x.md"], files, stdin=text)
    assert strict.code == 1


def test_stdin_fix_writes_the_fixed_text_to_stdout_and_the_report_to_stderr(files: Path) -> None:
    result = run_cli(["lint", "--fix", "-"], files, stdin=digest(card(rating="⭐⭐⭐")))
    assert result.code == 0
    assert result.out == digest(card(rating="🌟🌟🌟"))
    assert result.err == "Found 1 problem(s) in 1 file(s) (1 fixed, 0 remaining).\n"


# --- statistics --------------------------------------------------------------------------


def test_statistics(files: Path) -> None:
    text = digest(card(1, rating="⭐⭐⭐"), card(2, rating="⭐"), card(3, rating="🌟⭐✨"),
                  preamble="草稿")
    (files / "many.md").write_text(text, "utf-8")
    result = run_cli(["lint", "--statistics", "--select", "DF103,DF201", "many.md"], files)
    assert result.code == 1
    assert result.lines == [
        "     3  DF201  rating-emoji  [2 fixable]",
        "     1  DF103  content-before-header",
    ]


def test_diff_without_fix_is_refused_or_implies_fix(files: Path) -> None:
    result = run_cli(["lint", "--diff", "error.md"], files)
    assert result.code == 2 or result.out.startswith("--- a/error.md")


# --- conveniences a ruff/markdownlint user expects -----------------------------------------


def test_statistics_is_one_line_per_rule(files: Path) -> None:
    (files / "two.md").write_text(digest(card(1, rating="⭐⭐⭐"), card(2, rating="★★")), "utf-8")
    result = run_cli(["lint", "--statistics", "--select", "DF201", "error.md", "two.md"], files)
    assert result.lines == ["     3  DF201  rating-emoji  [3 fixable]"]


def test_rule_prefix_lists_the_family(files: Path) -> None:
    result = run_cli(["rule", "DF2"], files)
    headings = [line.split(" ")[0] for line in result.lines if line.startswith("DF2")]
    assert headings == ["DF201", "DF202", "DF203", "DF204"]


def test_output_file_receives_the_report(files: Path) -> None:
    result = run_cli(["lint", "--output-format", "json", "--output-file", "report.json",
                      "error.md"], files)
    assert result.code == 1 and result.out == ""
    report = json.loads((files / "report.json").read_text("utf-8"))
    assert [f["code"] for f in report] == ["DF201"]


def test_extend_exclude_keeps_the_default_excludes(files: Path) -> None:
    (files / ".digestfmt.yaml").write_text("extend-exclude: [notes.md]\n", "utf-8")
    (files / "README.md").write_text("# Project\n", "utf-8")
    result = run_cli(["lint", "--force-exclude", "README.md", "notes.md", "clean.md"], files)
    assert result.code == 0, result.err
    assert result.out == "All checks passed! (1 file(s))\n"


def test_fmt_honours_exclude(files: Path) -> None:
    (files / "README.md").write_text("# Project\n", "utf-8")
    result = run_cli(["fmt", "--check", "--force-exclude", "README.md", "clean.md"], files)
    assert result.code == 0, result.err
    named = run_cli(["fmt", "--check", "README.md"], files)  # named, not forced: read it
    assert named.code == 2 and "README.md: not a digest" in named.err


def test_empty_directory_is_an_input_error(files: Path) -> None:
    (files / "empty").mkdir()
    result = run_cli(["lint", "empty"], files)
    assert result.code == 2
    assert result.err == "digestfmt: error: empty: a directory with no files to read in it\n"
