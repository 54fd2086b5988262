"""JUnit XML: one test suite, one test case per linted file, a failure per finding that
fails the run.

CI systems that read JUnit reports (GitLab, Jenkins, Azure Pipelines…) show each
digest as a test that passed or failed, and a report must agree with the exit
code: only findings that fail the run (errors; warnings too with ``--strict``)
are ``<failure>`` elements. A failure's ``type`` is the rule code, its
``message`` the finding's message, and its text the finding in the text
reporter's ``path:line:col: CODE [severity] message`` form. The other findings
(warnings, infos) are listed, one such line each, in the test case's
``<system-out>``: the test passes and still shows them. Built with ElementTree,
so every value is escaped; characters XML 1.0 cannot carry at all (most C0
controls, lone surrogates) are shown as ``\\uXXXX``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from digestfmt.lint.rule import Finding, Severity

SUITE = "digestfmt"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _line(f: Finding) -> str:
    return _xml_text(f"{f.path}:{f.span.line}:{f.span.column}: {f.code} "
                     f"[{f.severity.value}] {f.message}")


def render(findings: Sequence[Finding], files: Sequence[str], *, strict: bool = False) -> str:
    """``strict``: warnings fail the run (``--strict``), so they are failures too."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    by_file: dict[str, list[Finding]] = {path: [] for path in files}
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    failed = sum(1 for found in by_file.values() if any(f.severity in failing for f in found))
    counts = {"tests": str(len(by_file)), "failures": str(failed), "errors": "0",
              "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    for path, found in by_file.items():
        case = ET.SubElement(suite, "testcase",
                             {"classname": SUITE, "name": _xml_text(path), "file": _xml_text(path)})
        for f in found:
            if f.severity in failing:
                failure = ET.SubElement(case, "failure",
                                        {"type": f.code, "message": _xml_text(f.message)})
                failure.text = _line(f)
        passing = [_line(f) for f in found if f.severity not in failing]
        if passing:
            ET.SubElement(case, "system-out").text = "\n".join(passing) + "\n"
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
