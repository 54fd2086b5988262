"""The GitHub Action (action.yml), run as a runner runs a composite action.

A runner downloads the action at the ref a workflow's ``uses:`` names, gives the
job its environment (``GITHUB_ACTIONS``, ``RUNNER_TEMP``, ``GITHUB_WORKSPACE``, the
files steps write to: ``GITHUB_PATH``, ``GITHUB_OUTPUT``, ``GITHUB_ENV``,
``GITHUB_STEP_SUMMARY``), evaluates each step's ``${{ }}`` expressions, and runs its
script with ``bash --noprofile --norc -eo pipefail`` in the workspace. The slow
test does just that with the inputs of the README's example, the action being a
clone, at the example's tag, of a snapshot of the checkout under test
(tests/checkout.py), against a throwaway repository of digests. pip installs from
a local wheelhouse, never an index (the ``offline_pip`` fixture); building it and
the venv takes a while, so the test is marked ``slow``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from checkout import ROOT, git, git_env, snapshot
from lint_helpers import card, digest, line_of
from readme_blocks import block
from real_tools import tool

ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text("utf-8"))
    return loaded


def readme_workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(block("GitHub Action", "yaml"))
    return loaded


def _readme_step() -> tuple[str, dict[str, str]]:
    """The ref and the inputs (``with:``) of the README example's step that uses us."""
    (job,) = readme_workflow()["jobs"].values()
    ours = [step for step in job["steps"] if "/digestfmt@" in step.get("uses", "")]
    assert len(ours) == 1, job["steps"]
    ref = ours[0]["uses"].rsplit("@", 1)[1]
    return ref, {name: str(value) for name, value in ours[0].get("with", {}).items()}


def test_action_is_composite_and_every_step_runs_here() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in action["inputs"].items()} == \
        {"src": ".", "args": "", "python": "python3"}
    known = {f"inputs.{name}" for name in action["inputs"]} | {"github.action_path"}
    for step in action["runs"]["steps"]:
        # bash scripts only (no `uses:`), so that the test below runs every step
        assert set(step) <= {"name", "shell", "env", "run"} and step["shell"] == "bash", step
        # inputs reach a script through its environment, never pasted into its text
        assert "${{" not in step["run"], step["name"]
        for value in step.get("env", {}).values():
            assert set(EXPRESSION.findall(value)) <= known, value


def test_readme_example_uses_a_release_and_real_inputs() -> None:
    ref, inputs = _readme_step()
    assert re.fullmatch(r"v\d+\.\d+\.\d+", ref), ref
    (precommit,) = yaml.safe_load(block("pre-commit", "yaml"))["repos"]
    assert ref == precommit["rev"]  # both examples name the same release
    assert inputs and set(inputs) <= set(_action()["inputs"])


class Runner:
    """Runs the action's steps as a GitHub runner would, in one job."""

    def __init__(self, base: Path, action_path: Path, workspace: Path,
                 pip_env: dict[str, str]) -> None:
        self.base, self.action_path, self.workspace = base, action_path, workspace
        (base / "temp").mkdir(parents=True)
        self.files = {name: base / f"{name.lower()}.txt" for name in
                      ("GITHUB_PATH", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY")}
        for path in self.files.values():
            path.touch()
        env = git_env(base / "pre-commit-home")
        for name in ("PYTHONPATH", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV"):
            env.pop(name, None)  # the action must run what it installed, not this checkout
        env.update(pip_env)  # the install step's pip reads the local wheelhouse only
        env.update({name: str(path) for name, path in self.files.items()})
        env.update({"CI": "true", "GITHUB_ACTIONS": "true", "RUNNER_OS": "Linux",
                    "RUNNER_TEMP": str(base / "temp"), "GITHUB_WORKSPACE": str(workspace),
                    "GITHUB_ACTION_PATH": str(action_path)})
        self.env = env

    def run(self, given: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
        """Every step in turn, up to the first that fails (as a runner stops)."""
        action = _action()
        inputs = {name: given.get(name, spec.get("default", ""))
                  for name, spec in action["inputs"].items()}
        values = {**{f"inputs.{k}": v for k, v in inputs.items()},
                  "github.action_path": str(self.action_path)}
        done = []
        for index, step in enumerate(action["runs"]["steps"]):
            script = self.base / f"step-{index}.sh"
            script.write_text(step["run"], "utf-8")
            env = {**self.env, **{name: EXPRESSION.sub(lambda m: values[m[1]], str(value))
                                  for name, value in step.get("env", {}).items()}}
            result = subprocess.run([tool("bash"), "--noprofile", "--norc", "-eo", "pipefail",
                                     str(script)], cwd=self.workspace, env=env,
                                    capture_output=True, text=True, check=False, timeout=540)
            done.append(result)
            if result.returncode:
                break
        return done


def _annotations(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("::")
            and not line.startswith(("::group::", "::endgroup::"))]


@pytest.mark.slow
def test_readme_example_annotates_findings(tmp_path: Path,
                                           offline_pip: dict[str, str]) -> None:
    tool("git")
    env = git_env(tmp_path / "home")
    source, action_path = tmp_path / "digestfmt", tmp_path / "action"
    source.mkdir()
    snapshot(env, source)
    ref, inputs = _readme_step()
    git(env, source, "tag", ref)  # the release the example names, in this throwaway clone only
    git(env, tmp_path, "clone", "-q", "--branch", ref, source.as_uri(), str(action_path))

    workspace = tmp_path / "workspace"  # what actions/checkout left
    folder = workspace / inputs["src"]
    folder.mkdir(parents=True)
    broken = digest(card(1), card(2, rating="⭐⭐⭐"), preamble="草稿")  # DF103, DF201
    (folder / "2026-02-20.md").write_text(broken, "utf-8")
    (folder / "archive").mkdir()  # folders are walked
    (folder / "archive" / "2026-02-20.md").write_text(digest(), "utf-8")
    (workspace / "NOTES.md").write_text("# Notes\n", "utf-8")  # outside src: not linted
    git(env, workspace, "init", "-q")

    runner = Runner(tmp_path / "runner", action_path, workspace, offline_pip)
    install, lint = runner.run(inputs)
    assert install.returncode == 0, install.stdout + install.stderr
    assert "digestfmt, version " in install.stdout
    venv_bin = tmp_path / "runner" / "temp" / "digestfmt-venv" / "bin"
    assert runner.files["GITHUB_PATH"].read_text("utf-8") == f"{venv_bin}\n"
    where = subprocess.run([str(venv_bin / "python"), "-c",
                            "import digestfmt; print(digestfmt.__file__)"],
                           env=runner.env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(venv_bin.parent))  # installed, not this checkout

    shown = f"{inputs['src']}/2026-02-20.md"
    rating = line_of(broken, "⭐")
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert _annotations(lint) == [
        f"::warning file={shown},line=1,col=1,endLine=1,endColumn=3,"
        "title=DF103 content-before-header::content before the digest's `#` header",
        f"::error file={shown},line={rating},col=9,endLine={rating},endColumn=12,"
        "title=DF201 rating-emoji::rating uses ⭐ (U+2B50) instead of 🌟 (U+1F31F)",
    ]
    assert lint.stderr == ""

    # the error fixed, the warning left: it passes without --strict, still annotated
    (folder / "2026-02-20.md").write_text(broken.replace("⭐⭐⭐", "🌟🌟🌟"), "utf-8")
    relaxed = {**inputs, "args": inputs.get("args", "").replace("--strict", "")}
    install, lint = runner.run(relaxed)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert [a.split(",", 1)[0] for a in _annotations(lint)] == [f"::warning file={shown}"]
    _, strict = runner.run(inputs)
    assert strict.returncode == 1  # the README's --strict: warnings fail too

    # a broken configuration stops the step with one line
    (workspace / ".digestfmt.yaml").write_text("select: [DF2\n", "utf-8")
    _, broken_config = runner.run(inputs)
    assert broken_config.returncode == 2
    assert broken_config.stderr == (f"digestfmt: error: {workspace / '.digestfmt.yaml'}:2:1: "
                                    "cannot parse configuration: while parsing a flow sequence; "
                                    "expected ',' or ']', but got '<stream end>'\n")
