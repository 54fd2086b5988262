"""``path:line:col: CODE [severity] message``, one a line, then a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from digestfmt.lint.rule import Finding


def render(findings: Sequence[Finding], files: Sequence[str]) -> str:
    lines = [
        f"{f.path}:{f.span.line}:{f.span.column}: {f.code} [{f.severity.value}] {f.message}"
        + (" [*]" if f.fix and f.fix.safe else " [~]" if f.fix else "")
        for f in findings
    ]
    if not findings:
        lines.append(f"All checks passed! ({len(files)} file(s))")
        return "\n".join(lines) + "\n"
    counts = Counter(f.severity.value for f in findings)
    parts = ", ".join(f"{n} {sev}{'s' if n > 1 else ''}" for sev, n in sorted(counts.items()))
    lines.append(f"Found {len(findings)} problem(s) in {len(files)} file(s): {parts}.")
    safe = sum(1 for f in findings if f.fix and f.fix.safe)
    unsafe = sum(1 for f in findings if f.fix and not f.fix.safe)
    if safe:
        lines.append(f"[*] {safe} fixable with --fix.")
    if unsafe:
        lines.append(f"[~] {unsafe} more fixable with --fix --unsafe-fixes.")
    return "\n".join(lines) + "\n"
