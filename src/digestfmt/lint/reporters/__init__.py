"""Output formats for findings: one module each, with ``render(findings, files, strict=)``.

``strict`` says whether warnings fail the run (``--strict``); a format that marks
what fails (JUnit's ``<failure>``) must agree with the exit code.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from digestfmt.lint.rule import Finding

FORMATS = ("text", "json", "github", "sarif", "junit")


def render(name: str, findings: Sequence[Finding], files: Sequence[str], *,
           strict: bool = False) -> str:
    module = importlib.import_module(f"digestfmt.lint.reporters.{name}")
    text: str = module.render(findings, files, strict=strict)
    return text
