"""One JSON array of findings (the contract CI scripts rely on)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from digestfmt.lint.rule import Finding


def as_dict(f: Finding) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "fixable": f.fix is not None,
        "fix": None if f.fix is None else {
            "description": f.fix.description,
            "applicability": "safe" if f.fix.safe else "unsafe",
        },
    }


def render(findings: Sequence[Finding], files: Sequence[str], *, strict: bool = False) -> str:
    return json.dumps([as_dict(f) for f in findings], ensure_ascii=False, indent=2) + "\n"
