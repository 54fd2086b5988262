"""A report written as findings come in, so linting an archive keeps no findings.

The text and GitHub formats (and ``--statistics``) print one line per finding
and a closing summary made from counts: ``Report`` writes each file's lines as
soon as the file is done (or keeps only the lines, when there is no stream yet)
and counts the rest; with ``statistics`` it only counts. The JSON, SARIF and JUnit
documents need every finding at once; for them it keeps the findings and
renders at the end. Either way the output is exactly what the format's
``render`` gives for all the findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from digestfmt.lint.reporters import github, render, text
from digestfmt.lint.rule import Finding, Severity

if TYPE_CHECKING:  # the cache module is imported only when there is a cache
    from digestfmt.lint.cache import Entry, Row

_LINES = {"text": text.line, "github": github.line}
_SEVERITIES = {s.value: s for s in Severity}


class Report:
    def __init__(self, name: str, statistics: bool = False, stream: TextIO | None = None, *,
                 strict: bool = False, fixing: bool = False) -> None:
        self.name = name
        self.statistics = statistics
        self.stream = stream  # where lines go as they come; None: keep them until finish
        self.strict = strict  # warnings fail the run (JUnit marks only what fails)
        self.fixing = fixing  # --fix: the summary says how many were fixed, how many remain
        self.total = 0
        self.fixed = 0  # findings --fix fixed
        self.with_problems = 0  # files with findings, fixed or left
        self.severities: Counter[Severity] = Counter()
        self.safe = self.unsafe = 0
        self.by_rule: Counter[tuple[str, str]] = Counter()
        self.fixable: Counter[str] = Counter()
        self.kept: list[Finding] = []
        self.lines: list[str] = []

    def add_file(self, path: str, findings: Sequence[Finding] = (), rows: Sequence[Row] = (),
                 entry: Entry | None = None, fixed: int = 0) -> None:
        """One file's findings, however they came (objects, a worker's rows, a cache
        entry), and how many of its findings --fix fixed."""
        before = self.total
        self.add(findings)
        self.add_rows(rows, path)
        if entry is not None:
            self.add_entry(entry, path)
        self.fixed += fixed
        self.with_problems += bool(fixed or self.total > before)

    def add(self, findings: Sequence[Finding]) -> None:
        if not findings:
            return
        self._count((f.code, f.name, f.severity.value, None if f.fix is None else f.fix.safe)
                    for f in findings)
        if self.statistics:
            return
        line = _LINES.get(self.name)
        if line is None:
            self.kept += findings
            return
        self._write([line(f) + "\n" for f in findings])

    def add_rows(self, rows: Sequence[Row], path: str) -> None:
        """Findings as the result cache stores them (lint.cache.row), for the formats
        that print a line each without building the objects."""
        if not rows:
            return
        from digestfmt.lint.cache import finding, message_of

        if not self.statistics and self.name not in _LINES:

            self.add([finding(row, path) for row in rows])
            return
        self._count((code, name, severity, None if fix is None else fix[2])
                    for _, code, name, severity, _, fix in rows)
        if self.statistics:
            return
        if self.name == "text":
            lines = [text.line_of(path, span[0], span[1], code, severity, message_of(message),
                                  None if fix is None else fix[2]) + "\n"
                     for span, code, name, severity, message, fix in rows]
        else:
            lines = [github.line_of(path, span, code, name, severity, message_of(message)) + "\n"
                     for span, code, name, severity, message, fix in rows]
        self._write(lines)

    def _count(self, findings: Iterable[tuple[str, str, str, bool | None]]) -> None:
        """Count findings given as (code, name, severity, safety of the fix or None)."""
        severities, by_rule, fixable = self.severities, self.by_rule, self.fixable
        for code, name, severity, safe in findings:
            self.total += 1
            severities[_SEVERITIES[severity]] += 1
            by_rule[(code, name)] += 1
            if safe is not None:
                if safe:
                    self.safe += 1
                else:
                    self.unsafe += 1
                fixable[code] += 1

    def _write(self, lines: list[str]) -> None:
        if self.stream is not None:
            self.stream.write("".join(lines))
        else:
            self.lines += lines

    def add_entry(self, entry: Entry, path: str) -> None:
        """A file's findings from the result cache: the text format's lines and the
        counts come ready; other formats decode the findings."""
        if not entry.total:
            return
        if not self.statistics and self.name != "text":
            self.add_rows(entry.rows, path)
            return
        self.total += entry.total
        for severity, n in entry.severities.items():
            self.severities[_SEVERITIES[severity]] += n
        self.safe += entry.safe
        self.unsafe += entry.unsafe
        for code, name, n in entry.by_rule:
            self.by_rule[(code, name)] += n
        for code, n in entry.fixable:
            self.fixable[code] += n
        if self.statistics:
            return
        self._write([entry.text])

    def fails(self, severities: set[Severity]) -> bool:
        return any(self.severities[s] for s in severities)

    def finish(self, files: Sequence[str]) -> str:
        """What remains to be written (all of it, for the whole-document formats)."""
        if self.statistics:
            rows = []
            for (code, name), count in sorted(self.by_rule.items(), key=lambda x: (-x[1], x[0])):
                note = f"  [{self.fixable[code]} fixable]" if self.fixable[code] else ""
                rows.append(f"{count:6d}  {code}  {name}{note}\n")
            return "".join(rows)
        if self.name not in _LINES:
            return render(self.name, self.kept, files, strict=self.strict)
        rest = "".join(self.lines)
        if self.name == "text":
            by_name = Counter({s.value: n for s, n in self.severities.items()})
            rest += text.summary(self.total, by_name, self.safe, self.unsafe, len(files),
                                 self.with_problems, self.fixed if self.fixing else None)
        return rest
