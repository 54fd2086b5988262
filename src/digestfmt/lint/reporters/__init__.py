"""Output formats for findings: one module each, with ``render(findings, files)``."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from digestfmt.lint.rule import Finding

FORMATS = ("text", "json", "github", "sarif", "junit")


def render(name: str, findings: Sequence[Finding], files: Sequence[str]) -> str:
    module = importlib.import_module(f"digestfmt.lint.reporters.{name}")
    text: str = module.render(findings, files)
    return text
