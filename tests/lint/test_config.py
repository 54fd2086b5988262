"""Settings: where they come from, what they may say, and how rules are chosen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from lint_helpers import card, digest, make_rule, run_cli, with_rules

from digestfmt.errors import DigestError
from digestfmt.lint.config import DEFAULT_EXCLUDE, Config, find_config, load_config
from digestfmt.lint.rule import Context, Problem
from digestfmt.lint.rules import all_rules
from digestfmt.model import Digest, Span

BOTH = digest(card(rating="⭐⭐⭐"), preamble="草稿")  # DF103 (warning) and DF201 (error)


def _codes(result_out: str) -> list[str]:
    return [item["code"] for item in json.loads(result_out)]


def _lint(cwd: Path, *args: str) -> list[str]:
    result = run_cli(["lint", "--output-format", "json", *args], cwd)
    assert result.code in (0, 1), result.err
    return _codes(result.out)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/{pyproject.toml,a.md} and root/sub/{.digestfmt.yaml,b.md}, both files DF103+DF201."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.digestfmt]\nignore = ["DF103"]\n', "utf-8")
    (tmp_path / "a.md").write_text(BOTH, "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".digestfmt.yaml").write_text("ignore: [DF201]\n", "utf-8")
    (tmp_path / "sub" / "b.md").write_text(BOTH, "utf-8")
    return tmp_path


# --- where settings come from ------------------------------------------------------------


def test_pyproject_section_applies(tree: Path) -> None:
    assert _lint(tree, "a.md") == ["DF201"]


def test_nearest_configuration_wins_and_is_not_merged(tree: Path) -> None:
    assert _lint(tree, "sub/b.md") == ["DF103"]  # the root's ignore of DF103 does not carry over
    assert _lint(tree, "a.md", "sub/b.md") == ["DF201", "DF103"]


def test_yaml_wins_over_pyproject_in_the_same_folder(tree: Path) -> None:
    (tree / ".digestfmt.yaml").write_text("ignore: [DF201]\n", "utf-8")
    assert _lint(tree, "a.md") == ["DF103"]


def test_pyproject_without_our_section_is_skipped(tree: Path) -> None:
    (tree / "sub" / ".digestfmt.yaml").unlink()
    (tree / "sub" / "pyproject.toml").write_text('[project]\nname = "y"\n', "utf-8")
    assert _lint(tree, "sub/b.md") == ["DF201"]  # the root's settings


@pytest.mark.parametrize("table", ['[tool."\\u0064igestfmt"]', "[tool.'digestfmt']",
                                   "[tool]\ndigestfmt = {ignore = ['DF201']}"])
def test_pyproject_section_however_spelled_is_found(tree: Path, table: str) -> None:
    """Files without the text "digestfmt" skip the TOML parse; an escaped key still counts."""
    (tree / "sub" / ".digestfmt.yaml").unlink()
    body = table if "{" in table else f"{table}\nignore = ['DF201']"
    (tree / "sub" / "pyproject.toml").write_text(f'[project]\nname = "y"\n\n{body}\n', "utf-8")
    assert _lint(tree, "sub/b.md") == ["DF103"]


def test_config_option_overrides_for_every_file(tree: Path) -> None:
    (tree / "strict.yaml").write_text("select: [DF1, DF2]\n", "utf-8")
    assert _lint(tree, "--config", "strict.yaml", "a.md", "sub/b.md") == \
        ["DF103", "DF201", "DF103", "DF201"]
    (tree / "other.toml").write_text('[tool.digestfmt]\nselect = ["DF103"]\n', "utf-8")
    assert _lint(tree, "--config", "other.toml", "a.md", "sub/b.md") == ["DF103", "DF103"]


def test_defaults_without_any_configuration(tmp_path: Path) -> None:
    assert find_config(str(tmp_path / "x.md")).select == Config().select
    (tmp_path / "x.md").write_text(BOTH, "utf-8")
    assert _lint(tmp_path, "x.md") == ["DF103", "DF201"]


# --- what settings may say ---------------------------------------------------------------


def test_unknown_key_is_one_line_naming_key_and_file(tree: Path) -> None:
    (tree / "bad.yaml").write_text("selct: [DF2]\n", "utf-8")
    result = run_cli(["lint", "--config", "bad.yaml", "a.md"], tree)
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1
    assert result.err.startswith("digestfmt: error: bad.yaml: unknown key 'selct' (known: ")


def test_unknown_key_in_pyproject_names_the_section(tree: Path) -> None:
    (tree / "pyproject.toml").write_text('[tool.digestfmt]\nselct = ["DF2"]\n', "utf-8")
    result = run_cli(["lint", "a.md"], tree)
    assert result.code == 2
    errors = result.err.splitlines()
    assert len(errors) == 1
    assert errors[0].startswith("digestfmt: error: ")
    assert f"{tree / 'pyproject.toml'} [tool.digestfmt]: unknown key 'selct' (known: " in errors[0]
    known = errors[0].split("(known: ", 1)[1].rstrip(")").split(", ")
    assert {"select", "ignore", "extend-select", "per-file-ignores", "exclude"} <= set(known)


def test_broken_nearest_config_is_reported_once(tree: Path) -> None:
    (tree / "sub" / ".digestfmt.yaml").write_text("selct: [DF2]\n", "utf-8")
    (tree / "sub" / "c.md").write_text(BOTH, "utf-8")
    result = run_cli(["lint", "sub/b.md", "sub/c.md"], tree)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1
    assert "All checks passed" not in result.out


@pytest.mark.parametrize(("name", "text", "error"), [
    ("pyproject.toml", '[tool.digestfmt]\nignore = ["DF201"\nselect = ["DF2"]\n',
     "pyproject.toml:3:1: cannot parse configuration: Unclosed array"),
    ("pyproject.toml", '[tool.digestfmt]\nignore = ["DF201"]\nignore = []\n',
     "pyproject.toml:3:12: cannot parse configuration: Cannot overwrite a value"),
    ("pyproject.toml", "[project]\nname = 'x'\n\n[tool.digestfmt]\nignore = ",
     "pyproject.toml:5:10: cannot parse configuration: Invalid value"),
    ("pyproject.toml", '[tool.digestfmt]\nignore = ["\xff"]\n'.encode("latin-1"),
     "pyproject.toml:2:12: cannot parse configuration: not valid UTF-8 (byte 0xff at offset 28)"),
    (".digestfmt.yaml", "ignore: [DF201\n",
     ".digestfmt.yaml:2:1: cannot parse configuration: while parsing a flow sequence; "
     "expected ',' or ']', but got '<stream end>'"),
    (".digestfmt.yaml", "ignore:\n\t- DF201\n",
     ".digestfmt.yaml:2:1: cannot parse configuration: while scanning for the next token; "
     "found character '\\t' that cannot start any token"),
    (".digestfmt.yaml", "ignore: [DF201]\x07\n",
     ".digestfmt.yaml:1:16: cannot parse configuration: special characters are not allowed"),
])
def test_broken_configuration_is_one_line_at_its_position(tmp_path: Path, name: str,
                                                          text: str | bytes, error: str) -> None:
    """Issue 13: a pyproject.toml that is not TOML was passed over (lint ran on the
    defaults, exit 0) and broken YAML was PyYAML's five-line message; both are now one
    line naming the file, line and column, exit 2, whether found or named by --config."""
    (tmp_path / "a.md").write_text(digest(card(rating="⭐⭐⭐")), "utf-8")  # DF201
    config = tmp_path / name
    if isinstance(text, bytes):
        config.write_bytes(text)
    else:
        config.write_text(text, "utf-8")
    for args in (["a.md"], ["--config", name, "a.md"], ["--show-settings", "a.md"]):
        result = run_cli(["lint", *args], tmp_path)
        assert (result.code, result.out) == (2, ""), args
        where = tmp_path / name if args[0] != "--config" else Path(name)
        assert result.err == f"digestfmt: error: {where.parent / error}\n", args
    formatted = run_cli(["fmt", "--check", "a.md"], tmp_path)  # every command reads settings
    assert formatted.code == 2
    assert formatted.err.startswith(f"digestfmt: error: {tmp_path / error}\n")


def test_broken_pyproject_that_cannot_configure_us_is_not_our_business(tmp_path: Path) -> None:
    """A pyproject.toml that never mentions digestfmt holds no settings of ours, valid TOML
    or not (it is not even parsed), so it does not stop the linter."""
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'x'\n", "utf-8")
    (tmp_path / "a.md").write_text(BOTH, "utf-8")
    assert _lint(tmp_path, "a.md") == ["DF103", "DF201"]


@pytest.mark.parametrize(("text", "message"), [
    ("select: DF2x\n", "unknown rule selector 'DF2x'"),
    ("select: [1, 2]\n", "'select' must be a list of strings"),
    ("exclude: {a: 1}\n", "'exclude' must be a list of strings"),
    ("per-file-ignores: [DF201]\n", "'per-file-ignores' must map glob patterns"),
    ("timezone: Mars/Olympus\n", "unknown time zone 'Mars/Olympus'"),
    ("profile: nope\n", "unknown profile 'nope'"),
    ("rules: {no-such-rule: {}}\n", "unknown rule 'no-such-rule' in 'rules'"),
    ("rules: {DF201: 3}\n", "options of rule 'DF201' must be a mapping"),
    ("rules: {DF201: {size: 3}}\n", "unknown option 'size' for rule DF201 (options: none)"),
    ("- just\n- a list\n", "configuration must be a mapping"),
    ("select: [DF2\n", "cannot parse configuration"),
])
def test_invalid_settings_name_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "c.yaml").write_text(text, "utf-8")
    with pytest.raises(DigestError) as caught:
        load_config(str(tmp_path / "c.yaml"))
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "c.yaml"))


def test_per_file_ignores_codes_are_checked(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("per-file-ignores: {'*.md': [DF2x]}\n", "utf-8")
    with pytest.raises(DigestError, match="unknown rule selector 'DF2x'"):
        load_config(str(tmp_path / "c.yaml"))


def _no_problems(digest_: Digest, ctx: Context) -> Iterator[Problem]:
    return iter(())


@pytest.mark.parametrize(("value", "accepted"), [
    ("3", True), ("'3'", False), ("true", False), ("3.5", False),
])
def test_option_types_are_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  value: str, accepted: bool) -> None:
    with_rules(monkeypatch, make_rule("DF990", "made-up", _no_problems,
                                      options={"max-cards": 10}))
    (tmp_path / "c.yaml").write_text(f"rules:\n  made-up:\n    max-cards: {value}\n", "utf-8")
    if accepted:
        config = load_config(str(tmp_path / "c.yaml"))
        assert config.rule_options == {"DF990": {"max-cards": 3}}
        return
    with pytest.raises(DigestError, match=r"option DF990\.max-cards must be int, got "):
        load_config(str(tmp_path / "c.yaml"))


def test_rule_options_reach_the_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    def check(digest_: Digest, ctx: Context) -> Iterator[Problem]:
        seen.append(dict(ctx.options))
        return iter(())

    with_rules(monkeypatch, make_rule("DF990", "made-up", check,
                                      options={"max-cards": 10, "style": "a"}))
    (tmp_path / ".digestfmt.yaml").write_text("rules:\n  DF990: {max-cards: 2}\n", "utf-8")
    (tmp_path / "x.md").write_text(digest(), "utf-8")
    assert run_cli(["lint", "--select", "DF990", "x.md"], tmp_path).code == 0
    assert seen == [{"max-cards": 2, "style": "a"}]


def test_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / ".digestfmt.yaml").write_text(
        "per-file-ignores:\n  'archive/**': [DF201]\n  'drafts/*.md': [DF1, rating-emoji]\n",
        "utf-8")
    for name in ("archive/2025/old.md", "drafts/x.md", "today.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BOTH, "utf-8")
    result = run_cli(["lint", "--output-format", "json", "."], tmp_path)
    found = sorted((item["path"], item["code"]) for item in json.loads(result.out))
    assert found == [("archive/2025/old.md", "DF103"), ("today.md", "DF103"),
                     ("today.md", "DF201")]


def test_per_file_ignores_are_relative_to_the_config_not_the_cwd(tmp_path: Path) -> None:
    (tmp_path / ".digestfmt.yaml").write_text("per-file-ignores:\n  'sub/*.md': [DF201]\n",
                                              "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.md").write_text(BOTH, "utf-8")
    assert _lint(tmp_path / "sub", "x.md") == ["DF103"]


def test_default_excludes_skip_readme_and_friends(tmp_path: Path) -> None:
    for name in DEFAULT_EXCLUDE:
        (tmp_path / name).write_text("# Not a digest\n", "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# Not a digest either\n", "utf-8")
    (tmp_path / "x.md").write_text(BOTH, "utf-8")
    result = run_cli(["lint", "--force-exclude", "README.md", "docs/README.md", "CHANGELOG.md",
                      "x.md"], tmp_path)
    assert result.code == 1 and result.err == ""
    assert result.lines[-2] == "Found 2 problem(s) in 1 file(s): 1 error, 1 warning."
    assert run_cli(["lint", "."], tmp_path).code == 1  # a directory walk skips them too


def test_exclude_patterns(tmp_path: Path) -> None:
    (tmp_path / ".digestfmt.yaml").write_text("exclude: ['drafts/*', 'scratch-*.md']\n", "utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "x.md").write_text("not a digest\n", "utf-8")
    (tmp_path / "scratch-1.md").write_text("not a digest\n", "utf-8")
    (tmp_path / "ok.md").write_text(digest(), "utf-8")
    result = run_cli(["lint", "."], tmp_path)
    assert (result.code, result.out) == (0, "All checks passed! (1 file(s))\n")


def test_show_settings(tree: Path) -> None:
    result = run_cli(["lint", "--show-settings", "--extend-select", "DF2", "sub/b.md"], tree)
    assert result.code == 0
    settings = json.loads(result.out)
    assert settings["source"] == str(tree / "sub" / ".digestfmt.yaml")
    assert settings["ignore"] == ["DF201"]
    assert settings["extend-select"] == ["DF2"]
    assert settings["select"] == ["DF"]
    assert settings["exclude"] == list(DEFAULT_EXCLUDE)
    assert set(settings) >= {"source", "profile", "select", "extend-select", "ignore",
                             "per-file-ignores", "exclude", "timezone", "rules"}
    pyproject = json.loads(run_cli(["lint", "--show-settings", "a.md"], tree).out)
    assert pyproject["source"] == f"{tree / 'pyproject.toml'} [tool.digestfmt]"
    assert pyproject["ignore"] == ["DF103"]


def test_show_settings_without_configuration(tmp_path: Path) -> None:
    settings = json.loads(run_cli(["lint", "--show-settings", "x.md"], tmp_path).out)
    assert settings["source"] is None and settings["select"] == ["DF"]


def test_show_settings_of_a_broken_config_exits_2(tree: Path) -> None:
    (tree / "sub" / ".digestfmt.yaml").write_text("selct: []\n", "utf-8")
    result = run_cli(["lint", "--show-settings", "sub/b.md"], tree)
    assert (result.code, result.out) == (2, "")
    assert "unknown key 'selct'" in result.err


# --- choosing rules ----------------------------------------------------------------------


def _chosen(**kwargs: tuple[str, ...]) -> set[str]:
    return {rule.code for rule in Config(**kwargs).rules_for("x.md")}  # type: ignore[arg-type]


def _family(prefix: str) -> set[str]:
    return {code for code, rule in all_rules().items()
            if code.startswith(prefix) and rule.default_enabled}


def test_select_by_code_prefix_and_name() -> None:
    assert _chosen(select=("DF201",)) == {"DF201"}
    assert _chosen(select=("df201",)) == {"DF201"}
    assert _chosen(select=("rating-emoji",)) == {"DF201"}
    assert _chosen(select=("DF2",)) == _family("DF2")
    assert _chosen(select=("DF",)) == _family("DF") == _chosen()
    assert _chosen(select=("ALL",)) == _family("DF")


def test_most_specific_selector_wins() -> None:
    assert _chosen(select=("DF2",), ignore=("DF201",)) == _family("DF2") - {"DF201"}
    assert _chosen(select=("DF201",), ignore=("DF2",)) == {"DF201"}
    assert _chosen(select=("DF2",), ignore=("rating-emoji",)) == _family("DF2") - {"DF201"}
    assert _chosen(select=("DF1",), extend_select=("DF201",)) == _family("DF1") | {"DF201"}


def test_cli_select_replaces_and_ignore_adds(tree: Path) -> None:
    # root pyproject ignores DF103; --select replaces select but the ignore stays
    assert _lint(tree, "--select", "DF1,DF2", "a.md") == ["DF201"]
    assert _lint(tree, "--select", "DF2", "--ignore", "DF201", "a.md") == []
    assert _lint(tree, "--select", "DF2", "--extend-select", "DF103", "a.md") == ["DF201"]
    assert _lint(tree, "--ignore", "rating-emoji", "a.md") == []
    assert _lint(tree, "--select", "DF103", "--select", "DF201", "sub/b.md") == ["DF103"]


def test_rules_off_by_default_run_only_when_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def always(digest_: Digest, ctx: Context) -> Iterator[Problem]:
        yield Problem(Span(1, 1, 1, 2), "made-up problem")

    with_rules(monkeypatch, make_rule("DF991", "opt-in", always, default_enabled=False))
    assert "DF991" not in _chosen()
    assert "DF991" not in _chosen(select=("DF9",))
    assert "DF991" in _chosen(select=("DF991",))
    assert "DF991" in _chosen(extend_select=("opt-in",))
