"""The checkout under test as a throwaway git repository, and a clean git environment.

Tools that install this project from a git repository (pre-commit's hooks, the
GitHub Action) must get the code under test, committed or not. ``snapshot`` copies
the checkout (tracked and untracked files that git does not ignore) into a
folder and commits it there, so such a tool can install it as a user's would
install a release.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from real_tools import tool

ROOT = Path(__file__).resolve().parents[1]


def git_env(home: Path) -> dict[str, str]:
    """This process's environment with git (and pre-commit) cut off from the user's
    settings: no global config, hooks, templates or signing; ``home`` for pre-commit."""
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


def git(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run([tool("git"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def snapshot(env: dict[str, str], dest: Path) -> None:
    """The checkout under test, committed or not, as a one-commit repository."""
    if (ROOT / ".git").exists():
        listed = git(env, ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
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
    git(env, dest, "init", "-q")
    git(env, dest, "add", "-A")
    git(env, dest, "commit", "-q", "--no-verify", "-m", "snapshot of the checkout under test")
