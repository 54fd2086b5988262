"""Inline suppression in HTML comments, which every converter keeps.

``<!-- digestfmt: disable=DF301 -->`` … ``<!-- digestfmt: enable=DF301 -->``,
``<!-- digestfmt: disable-next-line=DF201 -->``, ``<!-- digestfmt: disable-file=DF4 -->``.
Selectors are codes, prefixes or names, comma-separated; none means every rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from digestfmt.i18n import _
from digestfmt.lint.rule import Finding, Rule
from digestfmt.lint.select import specificity
from digestfmt.model import Span

DIRECTIVE = re.compile(
    r"<!--\s*digestfmt:\s*(?P<action>[\w-]+)\s*(?:=\s*(?P<codes>[^>]*?))?\s*-->"
)
_MENTION = re.compile(r"<!--\s*digestfmt:[^>]*?(?:-->|$)")
ACTIONS = ("disable", "enable", "disable-next-line", "disable-file")


@dataclass
class Directive:
    action: str
    selectors: tuple[str, ...]  # empty: every rule
    span: Span
    used: bool = False

    def covers(self, rule: Rule) -> bool:
        return not self.selectors or any(specificity(s, rule) for s in self.selectors)


@dataclass
class Directives:
    items: list[Directive] = field(default_factory=list)
    malformed: list[tuple[Span, str]] = field(default_factory=list)

    @classmethod
    def scan(cls, lines: Sequence[str]) -> Directives:
        found = cls()
        for index, line in enumerate(lines):
            if "digestfmt:" not in line:
                continue
            readable = {m.start() for m in DIRECTIVE.finditer(line)}
            for m in _MENTION.finditer(line):
                if m.start() not in readable:
                    span = Span(index + 1, m.start() + 1, index + 1, m.end() + 1)
                    found.malformed.append(
                        (span, _("unreadable directive: write "
                                 "`<!-- digestfmt: ACTION=CODES -->`")))
            for m in DIRECTIVE.finditer(line):
                span = Span(index + 1, m.start() + 1, index + 1, m.end() + 1)
                if m["action"] not in ACTIONS:
                    found.malformed.append(
                        (span, _("unknown directive {action!r}").format(action=m["action"])))
                    continue
                codes = tuple(c.strip() for c in (m["codes"] or "").split(",") if c.strip())
                found.items.append(Directive(m["action"], codes, span))
        return found

    def suppresses(self, finding: Finding, rule: Rule) -> bool:
        """True if a directive covers the finding; marks the directives that did."""
        hit = False
        for d in self._active_at(finding.span.line, rule):
            d.used = True
            hit = True
        return hit

    def _active_at(self, line: int, rule: Rule) -> Iterable[Directive]:
        for d in self.items:
            if not d.covers(rule):
                continue
            if d.action == "disable-file" or (
                d.action == "disable-next-line" and d.span.line + 1 == line
            ):
                yield d
        open_ranges: list[Directive] = []
        for d in sorted(self.items, key=lambda d: d.span):
            if d.span.line > line:
                break
            if d.action == "disable" and d.covers(rule):
                open_ranges.append(d)
            elif d.action == "enable" and d.covers(rule):
                open_ranges.clear()
        yield from open_ranges

    def unused(self) -> list[Directive]:
        return [d for d in self.items if d.action != "enable" and not d.used]
