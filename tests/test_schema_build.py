"""schema_build: the JSON Schema is made from the style profiles, never edited by hand."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import digestfmt
from digestfmt import profiles
from digestfmt.cli import main
from digestfmt.parse.detect import precedence
from digestfmt.profiles import all_profiles
from digestfmt.schema import validate
from digestfmt.schema_build import build, group_source, text

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "spec" / "profiles" / "brief.yaml"
SAMPLE = next((ROOT / "samples" / "brief").rglob("*.md"))


@pytest.fixture(autouse=True)
def _registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiles, "_REGISTERED", {})


def test_the_shipped_schema_is_the_built_in_profiles_one() -> None:
    built = text(sorted(all_profiles().values(), key=precedence))
    assert (ROOT / "spec" / "digest.schema.json").read_text("utf-8") == built, \
        "spec/digest.schema.json is stale: run `python -m digestfmt.schema_build`"
    jsonschema.Draft202012Validator.check_schema(json.loads(built))


@pytest.mark.parametrize(("pattern", "name", "expected"), [
    (r"^(?P<title>AI\s*每日情报)(?:\s*[|｜]\s*(?P<date>.+?))?\s*$", "title", r"AI\s*每日情报"),
    (r"^(?P<title>[(\]]x\(y\))z", "title", r"[(\]]x\(y\)"),  # classes and escapes skipped
    (r"^(?P<title>a(?:b|c))-(?P<date>\d+)$", "date", r"\d+"),
    (r"^(?P<title>a)$", "org", None),
])
def test_group_source(pattern: str, name: str, expected: str | None) -> None:
    assert group_source(pattern, name) == expected


def test_each_style_adds_its_card_and_its_labels() -> None:
    brief = all_profiles()["brief"]
    schema = build([brief])
    assert schema["properties"]["style"] == {"enum": ["brief"],
                                             "description": "The style profile (spec §3)."}
    assert set(schema["$defs"]) >= {"briefCard", "noLabel"}
    assert "来源" in schema["$defs"]["noLabel"]["not"]["pattern"]
    assert "一句话摘要" not in schema["$defs"]["noLabel"]["not"]["pattern"]  # not an intel schema


def _own(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(BRIEF.read_text("utf-8").replace("name: brief", "name: my-brief", 1)
                    .replace("AI行业速递", "我的速递"), "utf-8")
    return path


def test_a_style_of_ones_own_has_valid_json_and_round_trips(tmp_path: Path) -> None:
    """No schema edit: the JSON of a profile file's style validates against the schema
    made for it, and md -> json -> md, md -> html -> md give fmt's text."""
    mine = str(_own(tmp_path))
    digest = digestfmt.load(SAMPLE, profile=mine)
    document = json.loads(digestfmt.dumps(digest, to="json"))
    assert document["style"] == "my-brief" and validate(document) == []
    canonical = digestfmt.dumps(digest)
    assert digestfmt.dumps(digestfmt.loads(json.dumps(document, ensure_ascii=False))) == canonical
    page = digestfmt.dumps(digest, to="html")
    assert digestfmt.dumps(digestfmt.loads(page, path="page.html")) == canonical
    other = {**document, "style": "their-brief"}
    assert [p.pointer for p in validate(other)] == [("style",)]


def test_schema_and_validate_take_profiles(tmp_path: Path) -> None:
    plain = CliRunner().invoke(main, ["schema"])
    assert plain.stdout == (ROOT / "spec" / "digest.schema.json").read_text("utf-8")
    mine = str(_own(tmp_path))
    result = CliRunner().invoke(main, ["schema", "--profile", mine])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["properties"]["style"]["enum"] == ["my-brief"]
    document = tmp_path / "d.json"
    document.write_text(digestfmt.dumps(digestfmt.load(SAMPLE, profile=mine), to="json"),
                        "utf-8")
    profiles._REGISTERED.clear()  # a new process: the style is unknown until named
    unknown = CliRunner().invoke(main, ["validate", str(document)])
    assert unknown.exit_code == 1 and "/style" in unknown.stdout
    back = CliRunner().invoke(main, ["convert", str(document), "--to", "md"])
    assert back.exit_code == 2
    assert f"digestfmt: error: {document}:3:12: unknown style 'my-brief' (known: brief, " \
           "intel-legacy, intel; name its profile file with --profile or in the settings' " \
           "'profiles')" in back.stderr
    named = CliRunner().invoke(main, ["validate", "--profile", mine, str(document)])
    assert named.exit_code == 0, named.output
