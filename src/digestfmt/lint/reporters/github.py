"""GitHub Actions workflow commands: annotations on the pull request's diff."""

from __future__ import annotations

from collections.abc import Sequence

from digestfmt.lint.rule import Finding

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def line(f: Finding) -> str:
    s = f.span
    return line_of(f.path, (s.line, s.column, s.end_line, s.end_column), f.code, f.name,
                   f.severity.value, f.message)


def line_of(path: str, span: Sequence[int], code: str, name: str, severity: str,
            message: str) -> str:
    line, column, end_line, end_column = span
    return (f"::{_LEVEL[severity]} file={_property(path)},line={line},col={column},"
            f"endLine={end_line},endColumn={end_column},"
            f"title={_property(f'{code} {name}')}::{_data(message)}")


def render(findings: Sequence[Finding], files: Sequence[str], *, strict: bool = False) -> str:
    return "".join(line(f) + "\n" for f in findings)
