"""The README's quick start is the contract with a new user; CI runs it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the quick start has no sh code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands() -> None:
    commands = quick_start()
    assert len(commands) == 2
    assert "samples/" in commands[0] and "digestfmt " in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_second_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert quick_start()[1] in ci
