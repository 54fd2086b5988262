"""The pre-commit hooks, run by the real pre-commit against throwaway git repositories.

pre-commit builds the hooks' virtualenv by pip-installing this project, here from
a local wheelhouse and never an index (the ``offline_pip`` fixture, passed through
pre-commit's environment), so the end-to-end tests take a while; they are marked
``slow`` but are part of the default run.

pre-commit installs a repository's commit, never untracked files; so that the tests
always run the code under test, whatever is or is not committed, they snapshot
the checkout (tests/checkout.py) into a temporary repository with one commit, and
point pre-commit at that: through ``try-repo``, and through the README's snippet
pasted into a project's ``.pre-commit-config.yaml``, as a user would.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from checkout import ROOT, git, git_env, snapshot
from lint_helpers import card, digest, line_of, run_cli
from readme_blocks import block
from real_tools import tool

MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def test_manifest_declares_both_hooks() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text("utf-8"))}
    assert set(hooks) == {"digestfmt-lint", "digestfmt-fmt"}
    for hook_id, entry in (("digestfmt-lint", "digestfmt lint --force-exclude"),
                           ("digestfmt-fmt", "digestfmt fmt --force-exclude")):
        hook = hooks[hook_id]
        assert hook["entry"] == entry
        assert hook["language"] == "python"
        assert hook["types"] == ["markdown"]
        assert hook["require_serial"] is True
    check = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest",
                            str(MANIFEST)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def _try_repo(env: dict[str, str], project: Path, hooks: Path, *args: str) -> tuple[int, str]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), *args, "--color=never"],
        cwd=project, env=env, capture_output=True, text=True, check=False, timeout=540)
    print(f"pre-commit try-repo {' '.join(args)}: {time.monotonic() - started:.1f}s")
    return done.returncode, done.stdout + done.stderr


@pytest.mark.slow
def test_hooks_through_real_pre_commit(tmp_path: Path, offline_pip: dict[str, str]) -> None:
    tool("git")  # pre-commit drives it too
    # try-repo builds the hook environment afresh on every call (its store lives in a
    # temporary folder, whatever PRE_COMMIT_HOME says), so this test makes two calls
    env = git_env(tmp_path / "pre-commit-home") | offline_pip
    hooks, project = tmp_path / "hooks", tmp_path / "project"
    hooks.mkdir()
    project.mkdir()
    snapshot(env, hooks)

    name = "digests/2026-02-20/daily_report.md"
    text = digest(card(1), card(2, rating="⭐⭐⭐"))
    (project / "digests" / "2026-02-20").mkdir(parents=True)
    (project / name).write_text(text, "utf-8")
    (project / "README.md").write_text("# Our digests\n\nNot a digest itself.\n", "utf-8")
    git(env, project, "init", "-q")
    git(env, project, "add", "-A")

    code, output = _try_repo(env, project, hooks, "digestfmt-lint",
                             "--files", name, "README.md")
    assert code == 1, output
    assert f"{name}:{line_of(text, '⭐')}:9: DF201" in output, output
    # README.md was passed to the hook too, and skipped by the default excludes
    assert "Found 1 problem(s) in 1 file(s)" in output, output
    assert "README" not in output, output

    fixed = run_cli(["lint", "--fix", name], project)
    assert fixed.code == 0, fixed.out + fixed.err
    assert (project / name).read_text("utf-8") == digest(card(1), card(2, rating="🌟🌟🌟"))

    # every hook now: the linter passes, and the formatter leaves the canonical digest
    # alone and README.md out (both hooks pass --force-exclude, so the default excludes hold)
    code, output = _try_repo(env, project, hooks, "--files", name, "README.md")
    assert code == 0, output
    assert re.search(r"^digestfmt lint\.+Passed$", output, re.M), output
    assert re.search(r"^digestfmt fmt\.+Passed$", output, re.M), output
    assert (project / name).read_text("utf-8") == digest(card(1), card(2, rating="🌟🌟🌟"))


# --- the README's snippet -----------------------------------------------------------------


def readme_snippet() -> str:
    return block("pre-commit", "yaml")


def _snippet_hooks() -> tuple[str, dict[str, dict[str, str]]]:
    (repo,) = yaml.safe_load(readme_snippet())["repos"]
    return repo["rev"], {hook["id"]: hook for hook in repo["hooks"]}


def test_readme_snippet_names_a_release_and_keeps_to_the_digests(tmp_path: Path) -> None:
    """Issue 13: the snippet said ``rev: v0.1.0`` (no such tag: pre-commit stops with
    "pathspec 'v0.1.0' did not match") and had no ``files:``."""
    rev, hooks = _snippet_hooks()
    assert re.fullmatch(r"v\d+\.\d+\.\d+", rev), rev  # a release tag, not a branch
    assert rev != "v0.1.0"
    assert set(hooks) == {"digestfmt-lint", "digestfmt-fmt"}
    assert {hook["files"] for hook in hooks.values()} == {"^digests/"}
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(readme_snippet(), "utf-8")
    check = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(config)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def _run(env: dict[str, str], project: Path) -> tuple[int, str]:
    git(env, project, "add", "-A")  # pre-commit refuses an unstaged configuration
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files",
                           "--color=never"],
                          cwd=project, env=env, capture_output=True, text=True, check=False,
                          timeout=540)
    print(f"pre-commit run: {time.monotonic() - started:.1f}s")
    return done.returncode, done.stdout + done.stderr


@pytest.mark.slow
def test_readme_snippet_works_in_a_real_repository(tmp_path: Path,
                                                  offline_pip: dict[str, str]) -> None:
    """The snippet pasted into a project's .pre-commit-config.yaml, only ``repo:`` pointed
    at a clone of this repository holding the tag ``rev:`` names (made here, in the
    clone): the hooks check the digests and leave the project's other Markdown alone."""
    tool("git")
    env = git_env(tmp_path / "pre-commit-home") | offline_pip  # one store: one hook env
    clone, project = tmp_path / "digestfmt", tmp_path / "project"
    clone.mkdir()
    project.mkdir()
    snapshot(env, clone)
    rev, hooks = _snippet_hooks()
    git(env, clone, "tag", rev)  # the release the snippet names, in this throwaway clone only

    snippet = readme_snippet()
    pasted, count = re.subn(r"(?m)^(\s*- repo: )\S+", lambda m: m[1] + clone.as_uri(), snippet)
    assert count == 1
    (project / ".pre-commit-config.yaml").write_text(pasted, "utf-8")
    folder = hooks["digestfmt-lint"]["files"].removeprefix("^")
    name = f"{folder}2026-02-20.md"
    text = digest(card(1), card(2, rating="⭐⭐⭐"))
    (project / folder).mkdir()
    (project / name).write_text(text, "utf-8")
    (project / "NOTES.md").write_text("# Notes\n\nWhat to write about next.\n", "utf-8")
    (project / "README.md").write_text("# Our digests\n", "utf-8")
    git(env, project, "init", "-q")

    code, output = _run(env, project)
    assert code == 1, output
    assert re.search(r"^digestfmt lint\.+Failed$", output, re.M), output
    assert f"{name}:{line_of(text, '⭐')}:9: DF201" in output, output
    assert "Found 1 problem(s) in 1 file(s)" in output, output
    assert "NOTES.md" not in output and "not a digest" not in output, output

    assert run_cli(["lint", "--fix", name], project).code == 0
    code, output = _run(env, project)
    assert code == 0, output
    assert re.search(r"^digestfmt lint\.+Passed$", output, re.M), output
    assert re.search(r"^digestfmt fmt\.+Passed$", output, re.M), output

    # Without `files:` NOTES.md reaches both hooks, and the error says how to leave it out;
    # following it (the 'exclude' setting) works, as --force-exclude applies it
    unfiltered = re.sub(r"(?m)^\s*files: .*\n", "", pasted)
    (project / ".pre-commit-config.yaml").write_text(unfiltered, "utf-8")
    code, output = _run(env, project)
    assert code == 1, output
    advice = ("NOTES.md: not a digest: no style's cards or fields found; if it is not meant "
              "to be one, list it in 'exclude'")
    assert output.count(advice) == 2, output  # once from each hook
    assert "--profile" not in output, output
    (project / ".digestfmt.yaml").write_text("extend-exclude: [NOTES.md]\n", "utf-8")
    code, output = _run(env, project)
    assert code == 0, output
