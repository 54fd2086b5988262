"""SARIF 2.1.0: one log with one run, for GitHub code scanning and other SARIF viewers.

The run lists every rule of the catalogue (``tool.driver.rules``) with its
summary and its documentation, then one result per finding with its place and,
when the finding has one, its fix as text replacements. Our columns count
Unicode code points (``Span``), not the UTF-16 code units SARIF assumes by
default, so the run says ``columnKind: unicodeCodePoints``. Regions are
1-based with an exclusive end column, as in SARIF.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from digestfmt import __version__
from digestfmt.lint.docs import sections
from digestfmt.lint.rule import Finding, Fix, Rule
from digestfmt.lint.rules import all_rules
from digestfmt.model import Span

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
VERSION = "2.1.0"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(findings: Sequence[Finding], files: Sequence[str], *, strict: bool = False) -> str:
    return json.dumps(log(findings, files), ensure_ascii=False, indent=2) + "\n"


def log(findings: Sequence[Finding], files: Sequence[str]) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    rules = list(all_rules().values())
    index = {rule.code: i for i, rule in enumerate(rules)}
    descriptors = [_descriptor(rule) for rule in rules]
    for finding in findings:  # a code the catalogue lacks still gets a descriptor
        if finding.code not in index:
            index[finding.code] = len(descriptors)
            descriptors.append({"id": finding.code, "name": finding.name,
                                "defaultConfiguration": {"level": LEVEL[finding.severity.value]}})
    return {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "digestfmt",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": u}, "roles": ["analysisTarget"]}
                          for u in dict.fromkeys(uri(path) for path in files)],
            "results": [_result(f, index[f.code]) for f in findings],
        }],
    }


def uri(path: str) -> str:
    """A path as a URI reference: relative (forward slashes) when it can be, else file://."""
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            relative = ""
        if not relative or relative == ".." or relative.startswith(".." + os.sep):
            return PurePath(path).as_uri()
        path = relative
    posix = path.replace(os.sep, "/").replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    # from the name's bytes: a name that does not decode as UTF-8 is percent-encoded as
    # what it is on disk, as PurePath.as_uri does
    return quote(os.fsencode(posix), safe="/-._~!$&'()*+,;=@")


def _descriptor(rule: Rule) -> dict[str, Any]:
    doc = rule.doc.strip()
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": LEVEL[rule.severity.value],
                                 "enabled": rule.default_enabled},
    }
    checks = sections(rule).get("What it checks")
    if checks:
        descriptor["fullDescription"] = {"text": checks}
    if doc:
        descriptor["help"] = {"text": doc, "markdown": doc}
    if rule.options:
        descriptor["properties"] = {"options": {k: _jsonable(v) for k, v in rule.options.items()}}
    return descriptor


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else repr(value)


def _region(span: Span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.column,
            "endLine": span.end_line, "endColumn": span.end_column}


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    location = {"uri": uri(finding.path)}
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": location,
            "region": _region(finding.span),
        }}],
    }
    if finding.fix is not None and finding.fix.edits:
        result["fixes"] = [_fix(finding.fix, location)]
    return result


def _fix(fix: Fix, location: dict[str, str]) -> dict[str, Any]:
    return {
        "description": {"text": fix.description},
        "artifactChanges": [{
            "artifactLocation": dict(location),
            "replacements": [
                {"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.text}}
                for edit in fix.edits
            ],
        }],
        "properties": {"applicability": "safe" if fix.safe else "unsafe"},
    }
