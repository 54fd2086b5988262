"""What a rule is, what it yields, and what it is given.

A rule is a module in ``lint/rules/`` with ``CODE``, ``NAME``, ``SEVERITY``,
optional ``OPTIONS`` (name -> default value; the type of the default is the
option's type), optional ``DEFAULT_ENABLED = False``, and a generator
``check(digest, ctx)`` yielding ``Problem``s. Its module docstring is its
documentation: a one-line summary, then the sections "What it checks", "Why",
"Example" (bad and good) and "Fix". The linter core knows nothing about any
particular rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import ModuleType
from typing import TYPE_CHECKING, Any

from digestfmt.model import Digest, Span

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from digestfmt.links.policy import LinkResult


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text in ``span`` (end exclusive, 1-based) with ``text``."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that remove a problem.

    ``touches`` lists the JSON-form pointers (as tuples) the fix is meant to change;
    after fixing, the file is re-parsed and the fix is refused if the JSON form
    changed anywhere else. An empty tuple means "formatting only".
    """

    edits: tuple[Edit, ...]
    description: str
    safe: bool = True
    touches: tuple[tuple[str | int, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule yields: where, what is wrong, and how to fix it if it can be."""

    span: Span
    message: str
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem as reported: a rule's problem plus where and what it is."""

    path: str
    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    fix: Fix | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def sort_key(self) -> tuple[str, int, int, str]:
        return self.path, self.span.line, self.span.column, self.code


_PATH_DATES = (
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})/(\d{2})/(\d{2})(?:\.\w+$|/|$)"),
)


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the digest: its options and the settings."""

    path: str
    options: Mapping[str, Any] = field(default_factory=dict)
    timezone: str = "Asia/Shanghai"
    link_results: Mapping[str, LinkResult] = field(default_factory=dict)  # --check-links

    @property
    def tz(self) -> ZoneInfo:
        from zoneinfo import ZoneInfo  # only the rules that read times need it

        return ZoneInfo(self.timezone)

    def path_date(self) -> dt.date | None:
        """The date a file's path names (``…/2026-02-20/…``, ``…/2026/02/20.md``,
        ``…/2026/02/20/index.md``); the last date in the path wins."""
        normalized = self.path.replace("\\", "/")
        for pattern in reversed(_PATH_DATES):
            matches = list(pattern.finditer(normalized))
            if matches:
                y, m, d = (int(x) for x in matches[-1].groups())
                try:
                    return dt.date(y, m, d)
                except ValueError:
                    return None
        return None


@dataclass(frozen=True)
class Rule:
    """A rule module as the linter uses it (see this module's docstring)."""

    code: str
    name: str
    severity: Severity
    options: Mapping[str, Any]
    check: Callable[[Digest, Context], Iterator[Problem]]
    doc: str
    default_enabled: bool = True  # False: runs only when selected by its exact code or name

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=Severity(module.SEVERITY),
            options=getattr(module, "OPTIONS", {}),
            check=module.check,
            doc=module.__doc__ or "",
            default_enabled=getattr(module, "DEFAULT_ENABLED", True),
        )
