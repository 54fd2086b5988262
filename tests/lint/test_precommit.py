"""The pre-commit hooks, run by the real pre-commit against a throwaway git repository.

pre-commit builds the hooks' virtualenv by pip-installing this project (its
dependencies come from PyPI), so the end-to-end test takes a while; it is
marked ``slow`` but is part of the default run.

``pre-commit try-repo PATH`` installs PATH's HEAD commit, or, when tracked files
have uncommitted changes, those changes on top of HEAD -- but never untracked
files. So that the test always runs the code under test, whatever is or is not
committed, it snapshots the checkout (tracked and untracked files that git does
not ignore) into a temporary repository with one commit, and tries that.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from lint_helpers import card, digest, line_of, run_cli
from real_tools import tool

ROOT = Path(__file__).resolve().parents[2]
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


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "GITHUB_ACTIONS"}
    env.update({
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,  # no user hooks, templates or signing
        "GIT_AUTHOR_NAME": "digestfmt tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "digestfmt tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    })
    return env


def _git(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run([tool("git"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def _snapshot(env: dict[str, str], dest: Path) -> None:
    """The checkout under test, committed or not, as a one-commit repository."""
    if (ROOT / ".git").exists():
        listed = _git(env, ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        names = [n for n in listed.split("\0") if n]
    else:  # an unpacked sdist: take the tree as it is
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                 if (p.is_file() or p.is_symlink()) and "__pycache__" not in p.parts]
    for name in names:
        source, target = ROOT / name, dest / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            shutil.copy2(source, target)
    dangling = [n for n in names if (dest / n).is_symlink() and not (dest / n).exists()]
    assert not dangling, (
        f"{dangling}: these symlinks point at folders with no files git carries, so a clone "
        "(pre-commit's, CI's) cannot build the package; commit a file in each target")
    _git(env, dest, "init", "-q")
    _git(env, dest, "add", "-A")
    _git(env, dest, "commit", "-q", "--no-verify", "-m", "snapshot of the checkout under test")


def _try_repo(env: dict[str, str], project: Path, hooks: Path, *args: str) -> tuple[int, str]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), *args, "--color=never"],
        cwd=project, env=env, capture_output=True, text=True, check=False, timeout=540)
    print(f"pre-commit try-repo {' '.join(args)}: {time.monotonic() - started:.1f}s")
    return done.returncode, done.stdout + done.stderr


@pytest.mark.slow
def test_hooks_through_real_pre_commit(tmp_path: Path) -> None:
    tool("git")  # pre-commit drives it too
    # try-repo builds the hook environment afresh on every call (its store lives in a
    # temporary folder, whatever PRE_COMMIT_HOME says), so this test makes two calls
    env = _env(tmp_path / "pre-commit-home")
    hooks, project = tmp_path / "hooks", tmp_path / "project"
    hooks.mkdir()
    project.mkdir()
    _snapshot(env, hooks)

    name = "digests/2026-02-20/daily_report.md"
    text = digest(card(1), card(2, rating="⭐⭐⭐"))
    (project / "digests" / "2026-02-20").mkdir(parents=True)
    (project / name).write_text(text, "utf-8")
    (project / "README.md").write_text("# Our digests\n\nNot a digest itself.\n", "utf-8")
    _git(env, project, "init", "-q")
    _git(env, project, "add", "-A")

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
