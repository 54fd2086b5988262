"""examples/profiles: worked profiles of real third-party styles, each checked on the real
files it describes (named in its `# Real files:` comment, below ../shared; skipped when
absent): lint finds no error, fmt keeps the text's blocks and is idempotent, the JSON is
valid against the schema made for the profile, and md -> json -> md, md -> html -> md
give fmt's text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from block_tree import block_tree
from real_files import PUBLICATIONS, SHARED

import digestfmt
from digestfmt import profiles
from digestfmt.lint.config import Config
from digestfmt.lint.run import lint_bytes
from digestfmt.schema import validate

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples" / "profiles").glob("*.yaml"))


def _real_files(profile: Path) -> list[Path]:
    m = re.search(r"^# Real files: (\S+)$", profile.read_text("utf-8"), re.M)
    assert m, f"{profile.name} names no real files"
    return sorted((SHARED / m[1]).glob("*.md"))


def _known_mistakes(profile: Path) -> set[tuple[str, int, str]]:
    """The errors the profile's comment says its real files rightly hold, as
    ``#   FILE:LINE CODE (why)`` lines below ``# Known mistakes``."""
    text = profile.read_text("utf-8")
    return {(m[1], int(m[2]), m[3])
            for m in re.finditer(r"^#\s+(\S+\.md):(\d+) (DF\d+)\b", text, re.M)}


CASES = [(p, f) for p in EXAMPLES for f in _real_files(p)]


@pytest.fixture(autouse=True)
def _registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiles, "_REGISTERED", {})


def test_every_example_profile_is_usable() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        assert profiles.resolve(str(path)).name == path.stem


@pytest.mark.skipif(not CASES, reason=f"no real files below {SHARED}")
@pytest.mark.parametrize(("profile", "path"), CASES,
                         ids=[f"{p.stem}/{f.name}" for p, f in CASES])
def test_real_files_pass_with_their_profile(profile: Path, path: Path) -> None:
    text = path.read_text("utf-8")
    result = lint_bytes(text.encode("utf-8"), str(path), Config(), profile=str(profile))
    errors = {(path.name, f.span.line, f.code) for f in result.findings if f.severity == "error"}
    assert errors == {m for m in _known_mistakes(profile) if m[0] == path.name}
    digest = digestfmt.loads(text, profile=str(profile))
    assert digest.style == profile.stem and digest.cards and digest.date is not None
    canonical = digestfmt.dumps(digest)
    assert block_tree(canonical) == block_tree(text)
    assert digestfmt.dumps(digestfmt.loads(canonical, profile=str(profile))) == canonical
    document = json.loads(digestfmt.dumps(digest, to="json"))
    assert validate(document) == []
    assert digestfmt.dumps(digestfmt.loads(json.dumps(document, ensure_ascii=False))) == canonical
    page = digestfmt.dumps(digest, to="html")
    assert digestfmt.dumps(digestfmt.loads(page, path="page.html")) == canonical


@pytest.mark.skipif(not CASES, reason=f"no real files below {SHARED}")
def test_with_every_example_profile_loaded_each_file_is_detected_as_its_own() -> None:
    """Style detection among the built-ins and all the examples (as the ``profiles``
    setting loads them) picks each example's profile for its files, and still the
    built-in style for the built-in publications' files."""
    for path in EXAMPLES:
        profiles.resolve(str(path))
    wrong = [(f.name, p.stem, digestfmt.loads(f.read_text("utf-8")).style)
             for p, f in CASES if digestfmt.loads(f.read_text("utf-8")).style != p.stem]
    assert wrong == []
    builtin = set(profiles.all_profiles())
    stolen = [f.name for f in PUBLICATIONS[::7]
              if digestfmt.loads(f.read_text("utf-8")).style not in builtin]
    assert stolen == []
