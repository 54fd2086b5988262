"""Baselines: accept today's findings, report only new ones.

A finding is keyed by its file, its code and a fingerprint of the text of the
line it points at (stripped) and its message -- not by line number -- so edits
elsewhere in the file do not resurrect baselined findings. Repeats of the same
key are counted.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence

from digestfmt.errors import DigestError
from digestfmt.i18n import N_, _, english
from digestfmt.lint.rule import Finding

VERSION = 1
Key = tuple[str, str, str]


def fingerprint(finding: Finding, lines: Sequence[str]) -> str:
    import hashlib  # imports here: a lint without a baseline never needs them

    line = lines[finding.span.line - 1].strip() if finding.span.line <= len(lines) else ""
    message = english(finding.message)  # the same key whatever the run's language
    digest = hashlib.sha256(f"{finding.code}\0{line}\0{message}".encode())
    return digest.hexdigest()[:16]


def _path(path: str, root: str | None) -> str:
    return os.path.relpath(os.path.abspath(path), root or os.curdir).replace(os.sep, "/")


def root_of(baseline_file: str) -> str:
    """The folder a baseline's paths are relative to: the baseline file's own."""
    return os.path.dirname(os.path.abspath(baseline_file))


def key(finding: Finding, lines: Sequence[str], root: str | None = None) -> Key:
    return _path(finding.path, root), finding.code, fingerprint(finding, lines)


def dump(entries: Counter[Key]) -> str:
    import json

    rows = [
        {"path": p, "code": c, "fingerprint": f, "count": n}
        for (p, c, f), n in sorted(entries.items())
    ]
    return json.dumps({"version": VERSION, "tool": "digestfmt", "findings": rows},
                      ensure_ascii=False, indent=2) + "\n"


def load(path: str) -> Counter[Key]:
    import os

    from digestfmt.io import read_text
    from digestfmt.structured import load_json

    if not os.path.exists(path):
        raise DigestError(path, _("baseline file not found"))
    try:
        data = load_json(read_text(path, N_("a baseline")), path)
    except DigestError as exc:
        raise DigestError(path, _("not a digestfmt baseline: {reason}").format(
            reason=exc.reason)) from None
    try:
        rows = data["findings"]
        if data.get("version") != VERSION:
            raise DigestError(path, _("unsupported baseline version {version!r}").format(
                version=data.get("version")))
        return Counter({(r["path"], r["code"], r["fingerprint"]): int(r["count"]) for r in rows})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DigestError(path, _("not a digestfmt baseline: {reason}").format(
            reason=exc)) from None


def new_findings(findings: Sequence[Finding], lines: Sequence[str],
                 baseline: Counter[Key], root: str | None = None) -> list[Finding]:
    """Findings beyond what the baseline accepts for their key."""
    remaining = Counter(baseline)
    out = []
    for finding in findings:
        k = key(finding, lines, root)
        if remaining[k] > 0:
            remaining[k] -= 1
        else:
            out.append(finding)
    return out
