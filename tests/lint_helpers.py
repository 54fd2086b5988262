"""Digests and runners shared by the linter's tests (tests/lint/test_*.py).

``card()`` and ``digest()`` build intel-style digests that pass every rule; the
tests then break exactly the line they are about. ``run_cli`` runs
``digestfmt`` in-process with a given working directory and environment.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from digestfmt.cli import main
from digestfmt.lint.rule import Context, Problem, Rule, Severity
from digestfmt.model import Digest

DATE = "2026-02-20"


def card(number: int = 1, *, rating: str = "🌟🌟🌟🌟", title: str = "新模型发布",
         before_rating: str = "") -> str:
    """One complete intel card, closed by ``---``. ``before_rating`` is a line put above 价值."""
    extra = f"{before_rating}\n" if before_rating else ""
    return (
        f"### {number}. [OpenAI] {title}\n"
        f"**来源**: 机器之心 | **时间**: {DATE} 07:39\n"
        f"{extra}"
        f"**价值**: {rating} **标签**: [发布] [大语言模型]\n"
        f"**链接**: https://example.com/{number}\n"
        "\n"
        "> 🎯 **一句话摘要**：一句话。\n"
        "\n"
        "#### 🔹 核心技术/实现逻辑\n"
        "\n"
        "- 新架构。\n"
        "\n"
        "#### 📊 实验数据/关键结论\n"
        "\n"
        "- 基准提升 20%。\n"
        "\n"
        "#### 💡 独家洞察/局限性\n"
        "\n"
        "- 成本仍高。\n"
        "\n"
        "---\n"
    )


def digest(*cards: str, preamble: str = "") -> str:
    """A whole intel digest; with no cards, one clean card."""
    body = "\n".join(cards or (card(),))
    top = f"{preamble}\n\n" if preamble else ""
    return f"{top}# AI 每日情报 | {DATE}\n\n## 📊 今日情报\n\n{body}"


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_cli(args: Sequence[str], cwd: Path, *, stdin: str | None = None,
            env: Mapping[str, str | None] | None = None) -> Outcome:
    """``digestfmt ARGS`` in ``cwd``; GITHUB_ACTIONS is unset unless ``env`` sets it."""
    from digestfmt.lint.config import _NEAREST

    _NEAREST.clear()  # configurations are cached by folder; tests rewrite them
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click 8.1
    except TypeError:
        runner = CliRunner()  # click >= 8.2 keeps stderr apart by itself
    environment: dict[str, str | None] = {"GITHUB_ACTIONS": None, **(env or {})}
    with _cwd(cwd):
        result = runner.invoke(main, list(args), input=stdin, env=environment,
                               catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)


def with_rules(monkeypatch: Any, *extra: Rule) -> None:
    """Make the linter see ``extra`` rules besides the real catalogue (for this test only)."""
    from digestfmt.lint import config
    from digestfmt.lint.rules import all_rules

    catalogue = {**all_rules(), **{rule.code: rule for rule in extra}}
    monkeypatch.setattr(config, "all_rules", lambda: dict(sorted(catalogue.items())))


def make_rule(code: str, name: str, check: Callable[[Digest, Context], Iterator[Problem]], *,
              severity: str = "error", options: Mapping[str, Any] | None = None,
              default_enabled: bool = True) -> Rule:
    return Rule(code=code, name=name, severity=Severity(severity), options=options or {},
                check=check, doc=f"Made-up rule {name}.", default_enabled=default_enabled)
