"""``path:line:col: CODE [severity] message``, one a line, then a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from digestfmt.i18n import N_, _
from digestfmt.lint.rule import Finding

# How the summary counts each severity ("1 error", "2 warnings").
_SEVERITIES = {"error": (N_("{n} error"), N_("{n} errors")),
               "warning": (N_("{n} warning"), N_("{n} warnings")),
               "info": (N_("{n} info"), N_("{n} infos"))}


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
        return _("All checks passed! ({files} file(s))").format(files=files) + "\n"
    parts = _(", ").join(_(_SEVERITIES[sev][n != 1]).format(n=n) if sev in _SEVERITIES
                         else f"{n} {sev}" for sev, n in sorted(severities.items()))
    found = _("Found {n} problem(s) in {files} file(s)").format(n=total + (fixed or 0),
                                                               files=with_problems)
    if fixed is None:
        lines = [_("{found}: {counts}.").format(found=found, counts=parts)]
    elif parts:
        lines = [_("{found} ({fixed} fixed, {left} remaining: {counts}).").format(
            found=found, fixed=fixed, left=total, counts=parts)]
    else:
        lines = [_("{found} ({fixed} fixed, {left} remaining).").format(
            found=found, fixed=fixed, left=total)]
    if safe:
        lines.append(_("[*] {n} fixable with --fix.").format(n=safe))
    if unsafe:
        lines.append(_("[~] {n} more fixable with --fix --unsafe-fixes.").format(n=unsafe))
    return "\n".join(lines) + "\n"


def render(findings: Sequence[Finding], files: Sequence[str], *, strict: bool = False) -> str:
    counts = Counter(f.severity.value for f in findings)
    safe = sum(1 for f in findings if f.fix and f.fix.safe)
    unsafe = sum(1 for f in findings if f.fix and not f.fix.safe)
    return "".join(line(f) + "\n" for f in findings) + \
        summary(len(findings), counts, safe, unsafe, len(files), len({f.path for f in findings}))
