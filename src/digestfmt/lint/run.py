"""Linting files: read, parse, lint, fix, filter by baseline -- one file at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from digestfmt.errors import DigestError
from digestfmt.links.policy import LinkResult
from digestfmt.lint import baseline as baselines
from digestfmt.lint.config import Config
from digestfmt.lint.linter import lint_digest
from digestfmt.lint.rule import Finding
from digestfmt.model import Digest
from digestfmt.parse import parse_text
from digestfmt.parse.source import decode
from digestfmt.profiles import resolve

MAX_FIX_PASSES = 4


@dataclass
class FileResult:
    path: str
    findings: list[Finding]
    lines: tuple[str, ...]
    original: str
    fixed: str | None = None  # the text after fixes, when any were applied
    applied: list[Finding] = field(default_factory=list)
    refused: list[Finding] = field(default_factory=list)

    def diff(self) -> str:
        if self.fixed is None:
            return ""
        import difflib

        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.fixed.splitlines(keepends=True),
            fromfile=f"a/{self.path}", tofile=f"b/{self.path}"))


def lint_bytes(data: bytes, path: str, config: Config, *, profile: str | None = None,
               fix: bool = False, unsafe_fixes: bool = False,
               link_results: Mapping[str, LinkResult] | None = None) -> FileResult:
    text = decode(data, path)
    chosen = profile or config.profile
    digest = _parse(text, path, chosen)
    findings = lint_digest(digest, config, path, link_results)
    result = FileResult(path, findings, digest.source_lines, text)
    if not fix:  # --unsafe-fixes alone only widens what --fix applies, as in ruff
        return result
    from digestfmt.lint.fix import apply_fixes

    current = text
    for _ in range(MAX_FIX_PASSES):
        outcome = apply_fixes(current, digest, findings, unsafe=unsafe_fixes)
        result.refused += outcome.refused
        if not outcome.applied:
            break
        result.applied += outcome.applied
        current = outcome.text
        digest = _parse(current, path, chosen)
        findings = lint_digest(digest, config, path, link_results)
    if current != text:
        result.fixed = current
    result.findings, result.lines = findings, digest.source_lines
    return result


def _parse(text: str, path: str, profile: str | None) -> Digest:
    try:
        chosen = resolve(profile) if profile else None
    except ValueError as exc:
        raise DigestError(path, str(exc)) from None
    return parse_text(text, path=path, profile=chosen)


def apply_baseline(result: FileResult, accepted: Counter[baselines.Key],
                   root: str | None = None) -> None:
    result.findings = baselines.new_findings(result.findings, result.lines, accepted, root)
