"""Fixes: safe and unsafe, --diff, and the refusal of fixes that change more than they declare.

DF201 (rating-emoji) is the real safe fix. The unsafe fix and the overreaching one
come from made-up rules added to the catalogue for one test; the refusal itself
is also tested without any rule, by handing ``apply_fixes`` a made-up finding.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lint_helpers import card, digest, line_of, make_rule, run_cli, with_rules
from real_tools import tool

from digestfmt.lint.config import Config
from digestfmt.lint.fix import apply_fixes, differences
from digestfmt.lint.rule import Context, Edit, Finding, Fix, Problem, Severity
from digestfmt.lint.run import lint_bytes
from digestfmt.model import Digest, Span
from digestfmt.parse import parse_text


def _title_full_stop(digest_: Digest, ctx: Context) -> Iterator[Problem]:
    """Made-up unsafe rule: a card title ending in 。 (the fix drops it)."""
    for index, c in enumerate(digest_.cards):
        if c.heading_span is None or not c.title.endswith("。"):
            continue
        line = c.heading_span.line
        column = digest_.source_lines[line - 1].rindex("。") + 1
        fix = Fix((Edit(Span(line, column, line, column + 1), ""),), "drop the full stop",
                  safe=False, touches=(("cards", index, "title"),))
        yield Problem(c.heading_span, "title ends with 。", fix)


def _greedy(digest_: Digest, ctx: Context) -> Iterator[Problem]:
    """Made-up rule whose fix also rewrites the title while declaring only the rating."""
    for index, c in enumerate(digest_.cards):
        rating = c.field("rating")
        if c.heading_span is None or rating is None or rating.value_span is None \
                or "⭐" not in rating.raw:
            continue
        heading = c.heading_span
        fix = Fix((Edit(rating.value_span, "🌟"), Edit(Span(heading.line, heading.end_column,
                                                             heading.line, heading.end_column),
                                                        "！")),
                  "rewrite", touches=(("cards", index, "fields", "rating"),))
        yield Problem(rating.value_span, "greedy", fix)


@pytest.fixture
def made_up(monkeypatch: pytest.MonkeyPatch) -> None:
    with_rules(monkeypatch, make_rule("DF990", "title-full-stop", _title_full_stop),
               make_rule("DF991", "greedy", _greedy))


# --- safe and unsafe ---------------------------------------------------------------------


def test_fix_applies_safe_fixes_and_reports_what_is_left(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text(digest(card(1, rating="⭐⭐⭐"), card(2, rating="🌟⭐✨")), "utf-8")
    result = run_cli(["lint", "--fix", "d.md"], tmp_path)
    assert path.read_text("utf-8") == digest(card(1, rating="🌟🌟🌟"), card(2, rating="🌟⭐✨"))
    assert result.code == 1  # the mixed rating cannot be fixed
    assert [line.split(": ", 1)[1][:5] for line in result.lines[:-1]] == ["DF201"]
    assert result.lines[-1] == "Found 2 problem(s) in 1 file(s) (1 fixed, 1 remaining: 1 error)."


def test_fix_that_fixes_everything_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text(digest(card(1, rating="⭐⭐⭐")), "utf-8")
    result = run_cli(["lint", "--fix", "d.md"], tmp_path)
    assert (result.code, result.out) == (
        0, "Found 1 problem(s) in 1 file(s) (1 fixed, 0 remaining).\n")
    assert path.read_text("utf-8") == digest(card(1, rating="🌟🌟🌟"))
    again = run_cli(["lint", "--fix", "d.md"], tmp_path)
    assert (again.code, again.out) == (0, "All checks passed! (1 file(s))\n")
    assert path.read_text("utf-8") == digest(card(1, rating="🌟🌟🌟"))


def test_unsafe_fixes_need_unsafe_fixes(tmp_path: Path, made_up: None) -> None:
    path = tmp_path / "d.md"
    original = digest(card(1, rating="⭐⭐⭐", title="新模型发布。"))
    path.write_text(original, "utf-8")
    listed = run_cli(["lint", "--select", "DF201,DF990", "d.md"], tmp_path)
    assert listed.lines[-2:] == ["[*] 1 fixable with --fix.",
                                 "[~] 1 more fixable with --fix --unsafe-fixes."]
    assert any(line.endswith("title ends with 。 [~]") for line in listed.lines)

    safe = run_cli(["lint", "--fix", "--select", "DF201,DF990", "d.md"], tmp_path)
    assert safe.code == 1
    assert path.read_text("utf-8") == digest(card(1, rating="🌟🌟🌟", title="新模型发布。"))

    unsafe = run_cli(["lint", "--fix", "--unsafe-fixes", "--select", "DF201,DF990", "d.md"],
                     tmp_path)
    assert (unsafe.code, unsafe.out) == (
        0, "Found 1 problem(s) in 1 file(s) (1 fixed, 0 remaining).\n")
    assert path.read_text("utf-8") == digest(card(1, rating="🌟🌟🌟"))


def test_unsafe_fixes_alone_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    original = digest(card(1, rating="⭐⭐⭐"))
    path.write_text(original, "utf-8")
    run_cli(["lint", "--unsafe-fixes", "d.md"], tmp_path)
    assert path.read_text("utf-8") == original


# --- --diff ------------------------------------------------------------------------------


def test_fix_diff_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    original = digest(card(1, rating="⭐⭐⭐"))
    path.write_text(original, "utf-8")
    before = path.stat().st_mtime_ns
    result = run_cli(["lint", "--fix", "--diff", "d.md"], tmp_path)
    assert path.read_text("utf-8") == original and path.stat().st_mtime_ns == before
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind either
    line = line_of(original, "⭐")
    assert result.out.startswith("--- a/d.md\n+++ b/d.md\n")
    assert "-**价值**: ⭐⭐⭐ **标签**: [发布] [大语言模型]\n" in result.out
    assert "+**价值**: 🌟🌟🌟 **标签**: [发布] [大语言模型]\n" in result.out
    assert f"@@ -{line - 3},7 +{line - 3},7 @@" in result.out
    assert result.code == 1  # as ruff's --diff: a fix is pending
    assert result.err == "Would fix 1 problem(s) in 1 file(s).\n"


def test_fix_diff_of_a_clean_file_prints_nothing(tmp_path: Path) -> None:
    (tmp_path / "d.md").write_text(digest(), "utf-8")
    result = run_cli(["lint", "--fix", "--diff", "d.md"], tmp_path)
    assert (result.code, result.out, result.err) == (0, "", "")


def test_diff_follows_ruffs_contract(tmp_path: Path) -> None:
    """Issue 13: --diff exited 0 with fixes pending and printed the findings after the
    diff on stdout. As ruff's --diff: stdout is the diff alone (it applies as a patch),
    the count goes to stderr, and the exit code says whether anything would be fixed --
    not whether findings the fixes leave remain."""
    fixable = digest(card(1, rating="⭐⭐⭐"), card(2, rating="🌟⭐✨"), preamble="草稿")
    (tmp_path / "a.md").write_text(fixable, "utf-8")  # 1 fix; an error and a warning left
    (tmp_path / "b.md").write_text(digest(card(1, rating="⭐⭐")), "utf-8")  # 1 fix
    (tmp_path / "c.md").write_text(digest(card(1, rating="🌟⭐✨")), "utf-8")  # no fix
    result = run_cli(["lint", "--diff", "a.md", "b.md", "c.md"], tmp_path)
    assert result.code == 1
    assert result.err == "Would fix 2 problem(s) in 2 file(s).\n"
    assert [line for line in result.lines if line.startswith(("---", "+++"))] == \
        ["--- a/a.md", "+++ b/a.md", "--- a/b.md", "+++ b/b.md"]
    assert all(line[:1] in " +-@" for line in result.lines), result.out  # nothing else

    patch = tmp_path / "fixes.diff"
    patch.write_text(result.out, "utf-8")
    applied = subprocess.run([tool("git"), "apply", "--unsafe-paths", str(patch)],
                             cwd=tmp_path, capture_output=True, text=True, check=False)
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "a.md").read_text("utf-8") == fixable.replace("⭐⭐⭐", "🌟🌟🌟")

    # nothing left to fix, though an error remains: exit 0 (plain `lint` still fails)
    again = run_cli(["lint", "--diff", "a.md", "b.md", "c.md"], tmp_path)
    assert (again.code, again.out, again.err) == (0, "", "")
    assert run_cli(["lint", "a.md", "b.md", "c.md"], tmp_path).code == 1


def test_diff_still_writes_the_report_to_output_file(tmp_path: Path) -> None:
    """--output-file asks for the report by name: it gets what the fixes would leave,
    while stdout has the diff alone."""
    (tmp_path / "d.md").write_text(digest(card(1, rating="⭐⭐⭐"), preamble="草稿"), "utf-8")
    result = run_cli(["lint", "--diff", "--output-file", "report.txt", "d.md"], tmp_path)
    assert result.code == 1 and result.out.startswith("--- a/d.md\n")
    assert "DF103" not in result.out
    assert (tmp_path / "report.txt").read_text("utf-8").splitlines() == [
        "d.md:1:1: DF103 [warning] content before the digest's `#` header",
        "Found 1 problem(s) in 1 file(s): 1 warning.",
    ]


def test_diff_names_fixes_that_need_unsafe_fixes(tmp_path: Path, made_up: None) -> None:
    (tmp_path / "d.md").write_text(digest(card(1, rating="⭐⭐⭐", title="新模型发布。")),
                                   "utf-8")
    both = ["--select", "DF201,DF990", "d.md"]
    safe = run_cli(["lint", "--diff", *both], tmp_path)
    assert safe.code == 1
    assert safe.err == ("Would fix 1 problem(s) in 1 file(s) "
                        "(1 more fixable with --unsafe-fixes).\n")
    unsafe = run_cli(["lint", "--diff", "--unsafe-fixes", *both], tmp_path)
    assert unsafe.code == 1 and unsafe.err == "Would fix 2 problem(s) in 1 file(s).\n"
    only_unsafe = run_cli(["lint", "--diff", "--select", "DF990", "d.md"], tmp_path)
    assert (only_unsafe.code, only_unsafe.out) == (0, "")
    assert only_unsafe.err == "No problems would be fixed (1 more fixable with --unsafe-fixes).\n"


# --- what --fix says ---------------------------------------------------------------------


def test_fix_says_how_many_it_fixed_and_how_many_remain(tmp_path: Path) -> None:
    """Issue 13: --fix never said how many problems it fixed. As ruff's
    "Found 3 errors (2 fixed, 1 remaining).", and exit 1 only if what remains fails."""
    (tmp_path / "a.md").write_text(digest(card(1, rating="⭐⭐⭐"), preamble="草稿"), "utf-8")
    (tmp_path / "b.md").write_text(digest(card(1, rating="⭐⭐")), "utf-8")
    (tmp_path / "c.md").write_text(digest(), "utf-8")
    first = run_cli(["lint", "--fix", "a.md", "b.md", "c.md"], tmp_path)
    assert first.code == 0  # a warning remains: it does not fail the run
    assert first.lines == [
        "a.md:1:1: DF103 [warning] content before the digest's `#` header",
        "Found 3 problem(s) in 2 file(s) (2 fixed, 1 remaining: 1 warning).",
    ]
    again = run_cli(["lint", "--fix", "a.md", "b.md", "c.md"], tmp_path)
    assert again.lines[-1] == "Found 1 problem(s) in 1 file(s) (0 fixed, 1 remaining: 1 warning)."
    assert run_cli(["lint", "--fix", "--strict", "a.md"], tmp_path).code == 1

    (tmp_path / "d.md").write_text(digest(card(1, rating="⭐⭐⭐")), "utf-8")
    everything = run_cli(["lint", "--fix", "d.md", "c.md"], tmp_path)
    assert (everything.code, everything.out) == (
        0, "Found 1 problem(s) in 1 file(s) (1 fixed, 0 remaining).\n")
    assert run_cli(["lint", "--fix", "d.md", "c.md"], tmp_path).out == \
        "All checks passed! (2 file(s))\n"



# --- refusal -----------------------------------------------------------------------------


def _made_up_finding(text: str, edits: tuple[Edit, ...],
                     touches: tuple[tuple[str | int, ...], ...], *, safe: bool = True,
                     code: str = "DF999") -> Finding:
    return Finding("d.md", edits[0].span, code, "made-up", Severity.ERROR, "made up",
                   Fix(edits, "made-up fix", safe=safe, touches=touches))


def _rating_edit(text: str, stars: str = "🌟🌟") -> Edit:
    line = line_of(text, "**价值**")
    return Edit(Span(line, 9, line, 13), stars)


def test_apply_fixes_keeps_a_fix_within_what_it_touches() -> None:
    text = digest()
    parsed = parse_text(text, path="d.md")
    finding = _made_up_finding(text, (_rating_edit(text),),
                               (("cards", 0, "fields", "rating"),))
    result = apply_fixes(text, parsed, [finding], unsafe=False)
    assert (result.applied, result.refused) == ([finding], [])
    assert result.text == digest(card(rating="🌟🌟"))


def test_apply_fixes_refuses_a_fix_that_changes_more_than_it_declares() -> None:
    text = digest()
    parsed = parse_text(text, path="d.md")
    heading = line_of(text, "### 1.")
    overreach = _made_up_finding(text, (
        _rating_edit(text),
        Edit(Span(heading, 15, heading, 15), "全新"),  # inside the title
    ), (("cards", 0, "fields", "rating"),))
    result = apply_fixes(text, parsed, [overreach], unsafe=False)
    assert (result.applied, result.refused, result.text) == ([], [overreach], text)


def test_a_formatting_only_fix_must_not_change_the_json_form() -> None:
    text = digest()
    parsed = parse_text(text, path="d.md")
    last = len(text.splitlines())
    blank = _made_up_finding(text, (Edit(Span(last + 1, 1, last + 1, 1), "\n"),), ())
    changes = _made_up_finding(text, (_rating_edit(text),), ())
    assert apply_fixes(text, parsed, [blank], unsafe=False).applied == [blank]
    assert apply_fixes(text, parsed, [changes], unsafe=False).refused == [changes]


def test_only_the_overreaching_fix_is_refused_the_others_apply() -> None:
    text = digest(card(1), card(2))
    parsed = parse_text(text, path="d.md")
    second = [n for n, line in enumerate(text.splitlines(), 1) if "**价值**" in line][1]
    good = _made_up_finding(text, (Edit(Span(second, 9, second, 13), "🌟"),),
                            (("cards", 1, "fields", "rating"),))
    bad = _made_up_finding(text, (_rating_edit(text),), (("cards", 1, "fields", "rating"),))
    result = apply_fixes(text, parsed, [good, bad], unsafe=False)
    assert (result.applied, result.refused) == ([good], [bad])
    assert result.text == digest(card(1), card(2, rating="🌟"))


def test_a_fix_that_breaks_the_document_is_refused() -> None:
    text = digest()
    parsed = parse_text(text, path="d.md")
    last = len(text.splitlines())
    wipe = _made_up_finding(text, (Edit(Span(1, 1, last + 1, 1), "just prose\n"),), (("cards",),))
    result = apply_fixes(text, parsed, [wipe], unsafe=False)
    assert (result.applied, result.refused, result.text) == ([], [wipe], text)


def test_unsafe_and_overlapping_fixes() -> None:
    text = digest()
    parsed = parse_text(text, path="d.md")
    touches = (("cards", 0, "fields", "rating"),)
    unsafe = _made_up_finding(text, (_rating_edit(text, "🌟"),), touches, safe=False)
    assert apply_fixes(text, parsed, [unsafe], unsafe=False).applied == []
    assert apply_fixes(text, parsed, [unsafe], unsafe=True).applied == [unsafe]
    other = _made_up_finding(text, (_rating_edit(text, "🌟🌟🌟"),), touches)
    both = apply_fixes(text, parsed, [unsafe, other], unsafe=True)
    assert len(both.applied) == 1 and both.refused == []  # overlapping: one per pass


def test_cli_warns_about_a_refused_fix_and_leaves_the_file(tmp_path: Path,
                                                          made_up: None) -> None:
    path = tmp_path / "d.md"
    original = digest(card(1, rating="⭐⭐⭐"))
    path.write_text(original, "utf-8")
    result = run_cli(["lint", "--fix", "--select", "DF991", "d.md"], tmp_path)
    assert path.read_text("utf-8") == original
    assert result.code == 1
    line = line_of(original, "⭐")
    assert result.err == (f"digestfmt: warning: d.md:{line}:9: fix for DF991 refused: "
                          "it would change more than it meant to\n")


def test_lint_bytes_reaches_a_fixed_point() -> None:
    text = digest(card(1, rating="⭐⭐⭐"), card(2, rating="⭐"), card(3, rating="★★"))
    result = lint_bytes(text.encode("utf-8"), "d.md", Config(select=("DF201",)), fix=True)
    assert result.fixed == digest(card(1, rating="🌟🌟🌟"), card(2, rating="🌟"),
                                  card(3, rating="🌟🌟"))
    assert result.findings == [] and len(result.applied) == 3


def test_differences_points_at_what_changed() -> None:
    before = {"a": [1, 2], "b": {"c": 1, "d": 2}}
    after = {"a": [1, 3], "b": {"c": 1}, "e": 0}
    assert list(differences(before, after)) == [("a", 1), ("b", "d"), ("e",)]
    assert list(differences([1], [1, 2])) == [()]


# -- applying edits in one pass ---------------------------------------------------------------

_TEXT = "ab\ncdé\n\nfghij\n"


def _apply_one_by_one(text: str, fixes: list[Fix]) -> str:
    """The edits applied bottom-up, copying the text for each (the old way, quadratic)."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def offset(line: int, column: int) -> int:
        return min(starts[line - 1] + column - 1, len(text)) if line <= len(starts) else len(text)

    edits = sorted((e for f in fixes for e in f.edits),
                   key=lambda e: (e.span.line, e.span.column), reverse=True)
    for e in edits:
        a, b = offset(e.span.line, e.span.column), offset(e.span.end_line, e.span.end_column)
        text = text[:a] + e.text + text[b:]
    return text


_POSITIONS = st.sampled_from([(1, 1), (1, 2), (1, 3), (2, 1), (2, 3), (2, 4), (3, 1), (4, 1),
                              (4, 3), (4, 6), (5, 1)])


@given(st.lists(st.tuples(_POSITIONS, _POSITIONS, st.sampled_from(["", "X", "YZ"])),
                max_size=6))
def test_edits_joined_in_one_pass_give_what_one_by_one_gives(
        raw: list[tuple[tuple[int, int], tuple[int, int], str]]) -> None:
    from digestfmt.lint.fix import _apply

    fixes = [Fix((Edit(Span(*min(a, b), *max(a, b)), new),), "f") for a, b, new in raw]
    assert _apply(_TEXT, fixes) == _apply_one_by_one(_TEXT, fixes)
