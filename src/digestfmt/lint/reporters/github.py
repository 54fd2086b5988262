"""GitHub Actions workflow commands: annotations on the pull request's diff."""

from __future__ import annotations

from collections.abc import Sequence

from digestfmt.lint.rule import Finding

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: Sequence[Finding], files: Sequence[str]) -> str:
    return "".join(
        f"::{_LEVEL[f.severity.value]} file={_property(f.path)},line={f.span.line},"
        f"col={f.span.column},endLine={f.span.end_line},endColumn={f.span.end_column},"
        f"title={_property(f'{f.code} {f.name}')}::{_data(f.message)}\n"
        for f in findings
    )
