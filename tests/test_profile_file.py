"""profile_file and profile_rules: a profile of one's own is checked before any use, every
problem at PATH:LINE:COL (cases as data: tests/fixtures/profiles/brief_variants.yml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import digestfmt
from digestfmt import profiles
from digestfmt.cli import main
from digestfmt.profile_file import ProfileFileError, check, load
from digestfmt.profiles import ProfileError, all_profiles, known_profiles, register, resolve

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "spec" / "profiles" / "brief.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests" / "fixtures" / "profiles" / "brief_variants.yml").read_text("utf-8"))
SAMPLE = next((ROOT / "samples" / "brief").rglob("*.md"))


@pytest.fixture(autouse=True)
def _registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Profiles a test reads from files are known in this process only while it runs."""
    monkeypatch.setattr(profiles, "_REGISTERED", {})


def _variant(tmp_path: Path, case: dict[str, Any]) -> Path:
    old, new = case["replace"]
    text = BRIEF.read_text("utf-8")
    assert old in text, "the case no longer edits brief.yaml"
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_problem_is_reported_where_it_is(tmp_path: Path, case: dict[str, Any]) -> None:
    data, found = check(str(_variant(tmp_path, case)))
    assert data is None
    assert len(found) == len(case["expect"]), found
    for problem, (line, column, words) in zip(found, case["expect"], strict=True):
        assert (problem.line, problem.column) == (line, column), problem
        assert words in problem.message, problem


@pytest.mark.parametrize("path", sorted((ROOT / "spec" / "profiles").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_the_built_in_profiles_are_valid(path: Path) -> None:
    schema = json.loads((ROOT / "spec" / "profile.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(path.read_text("utf-8")))
    assert check(str(path)) == (yaml.safe_load(path.read_text("utf-8")), [])


def test_profile_check_command(tmp_path: Path) -> None:
    bad = _variant(tmp_path, CASES[0])
    result = CliRunner().invoke(main, ["profile", "check", str(bad), str(BRIEF)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{bad}:21:3: card: 'fields_hug_heading' is missing (a required key)",
        f"{bad}:24:3: unknown key 'fields_hug_headings' (did you mean 'fields_hug_heading'?)",
    ]
    assert f"{BRIEF}: ok" in result.stderr
    assert CliRunner().invoke(main, ["profile", "check", str(BRIEF)]).exit_code == 0
    missing = CliRunner().invoke(main, ["profile", "check", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2 and "none.yaml: no such file" in missing.stderr


def _own(tmp_path: Path, name: str = "my-brief") -> Path:
    path = tmp_path / "profiles" / "mine.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(BRIEF.read_text("utf-8").replace("name: brief", f"name: {name}", 1), "utf-8")
    return path


def test_a_profile_file_is_read_checked_and_known_by_its_name(tmp_path: Path) -> None:
    profile = resolve(str(_own(tmp_path)))
    assert profile.name == "my-brief" and known_profiles()["my-brief"] == profile
    digest = digestfmt.load(SAMPLE, profile=str(_own(tmp_path)))
    assert digest.style == "my-brief" and digest.cards
    back = digestfmt.loads(digestfmt.dumps(digest, to="json").replace("my-brief", "brief", 1))
    assert digestfmt.dumps(back) == digestfmt.dumps(digest)  # the same grammar
    with pytest.raises(ProfileError, match="a built-in profile's"):
        resolve(str(_own(tmp_path, name="brief")))
    with pytest.raises(ProfileFileError, match=r"variant\.yaml:21:3: not a usable profile"):
        load(str(_variant(tmp_path, CASES[0])))
    assert set(all_profiles()) == {"brief", "intel", "intel-legacy"}  # built-ins untouched


@pytest.mark.parametrize("command", [["lint", "--no-cache"], ["fmt", "--check"],
                                     ["convert", "--to", "json"], ["links", "--dump"]])
def test_every_command_takes_a_profile_path(tmp_path: Path, command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--profile", str(_own(tmp_path)), str(SAMPLE)])
    assert result.exit_code == 0, result.output
    if command[0] == "convert":
        assert json.loads(result.stdout)["style"] == "my-brief"
    bad = _variant(tmp_path, CASES[4])  # no fields, no layout: refused, never a crash
    result = CliRunner().invoke(main, [*command, "--profile", str(bad), str(SAMPLE)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"digestfmt: error: {bad}:30:9: not a usable profile: fields: {{}} should be " \
           "non-empty (and 1 more; `digestfmt profile check` lists them)" in result.stderr


@pytest.mark.parametrize("setting", ["profile: profiles/mine.yaml",
                                     'profiles: ["profiles/*.yaml"]'])
def test_settings_name_profile_files_relative_to_themselves(tmp_path: Path,
                                                             setting: str) -> None:
    _own(tmp_path, name="my-settings-brief")
    (tmp_path / ".digestfmt.yaml").write_text(setting + "\n", "utf-8")
    digest = tmp_path / "d" / "02.md"
    digest.parent.mkdir()
    text = SAMPLE.read_text("utf-8")
    digest.write_text(text, "utf-8")
    for command in (["lint", "--no-cache"], ["fmt", "--check"], ["links", "--dump"]):
        result = CliRunner().invoke(main, [*command, str(digest)])
        assert result.exit_code == 0, (command, result.output)
    converted = CliRunner().invoke(main, ["convert", str(digest), "--to", "json"])
    style = json.loads(converted.stdout)["style"]
    # `profile` forces the style; `profiles` adds it to detection, where the built-in
    # brief profile reading the same labels comes first (spec §2.4).
    assert style == ("my-settings-brief" if setting.startswith("profile:") else "brief")
    assert "my-settings-brief" in known_profiles()


def test_a_profile_file_of_a_taken_name_is_refused() -> None:
    profile = all_profiles()["brief"]
    with pytest.raises(ProfileError, match="a built-in profile's"):
        register(profile, "x.yaml")
