"""``path:line:col: CODE [severity] message``, one a line, then a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from digestfmt.lint.rule import Finding


def line(f: Finding) -> str:
    return line_of(f.path, f.span.line, f.span.column, f.code, f.severity.value, f.message,
                   None if f.fix is None else f.fix.safe)


def line_of(path: str, line: int, column: int, code: str, severity: str, message: str,
            safe: bool | None) -> str:
    """One finding's line; ``safe`` is its fix's safety, None without a fix."""
    mark = "" if safe is None else " [*]" if safe else " [~]"
    return f"{path}:{line}:{column}: {code} [{severity}] {message}{mark}"


def summary(total: int, severities: Counter[str], safe: int, unsafe: int, files: int,
            with_problems: int, fixed: int | None = None) -> str:
    """The closing lines, from counts (so a report can be written as findings come).

    ``total`` counts the findings left, ``files`` the files checked and
    ``with_problems`` those that had findings (fixed or left); ``fixed`` is how many
    findings --fix fixed, None when not fixing. As ruff's: ``Found N errors (M fixed,
    K remaining).``
    """
    if not total and not fixed:
        return f"All checks passed! ({files} file(s))\n"
    parts = ", ".join(f"{n} {sev}{'s' if n > 1 else ''}" for sev, n in sorted(severities.items()))
    found = f"Found {total + (fixed or 0)} problem(s) in {with_problems} file(s)"
    if fixed is None:
        lines = [f"{found}: {parts}."]
    else:
        lines = [f"{found} ({fixed} fixed, {total} remaining{': ' + parts if parts else ''})."]
    if safe:
        lines.append(f"[*] {safe} fixable with --fix.")
    if unsafe:
        lines.append(f"[~] {unsafe} more fixable with --fix --unsafe-fixes.")
    return "\n".join(lines) + "\n"


def render(findings: Sequence[Finding], files: Sequence[str], *, strict: bool = False) -> str:
    counts = Counter(f.severity.value for f in findings)
    safe = sum(1 for f in findings if f.fix and f.fix.safe)
    unsafe = sum(1 for f in findings if f.fix and not f.fix.safe)
    return "".join(line(f) + "\n" for f in findings) + \
        summary(len(findings), counts, safe, unsafe, len(files), len({f.path for f in findings}))
