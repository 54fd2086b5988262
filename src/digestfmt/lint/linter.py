"""The linter core: run the selected rules over a digest and apply suppressions.

It knows nothing about any particular rule; rules come from the registry and
their problems come back here to be placed, suppressed and sorted.
"""

from __future__ import annotations

from collections.abc import Mapping

from digestfmt.i18n import _
from digestfmt.links.policy import LinkResult
from digestfmt.lint.config import Config
from digestfmt.lint.directives import Directives
from digestfmt.lint.rule import Context, Finding, Rule
from digestfmt.lint.rules import all_rules
from digestfmt.model import Digest

UNUSED_SUPPRESSION = "DF001"


def lint_digest(digest: Digest, config: Config, path: str,
                link_results: Mapping[str, LinkResult] | None = None) -> list[Finding]:
    rules = config.rules_for(path)
    directives = Directives.scan(digest.source_lines)
    findings = []
    for rule in rules:
        ctx = Context(path=path, options=config.options_for(rule), timezone=config.timezone,
                      link_results=link_results or {})
        for problem in rule.check(digest, ctx):
            finding = Finding(path, problem.span, rule.code, rule.name, rule.severity,
                              problem.message, problem.fix)
            if not directives.suppresses(finding, rule):
                findings.append(finding)
    unused_rule = all_rules()[UNUSED_SUPPRESSION]
    if unused_rule in rules:
        for directive in directives.unused():
            if not any(directive.covers(r) for r in rules):
                continue  # it names only rules that are not running: nothing to judge
            what = ", ".join(directive.selectors) or _("all rules")
            finding = Finding(
                path, directive.span, unused_rule.code, unused_rule.name, unused_rule.severity,
                _("suppression of {what} ({action}) suppresses nothing").format(
                    what=what, action=directive.action),
            )
            if not directives.suppresses(finding, unused_rule):
                findings.append(finding)
    return sorted(findings, key=Finding.sort_key)


def rule_by_selector(selector: str) -> Rule | None:
    rules = all_rules()
    return rules.get(selector.upper()) or next(
        (r for r in rules.values() if r.name == selector), None
    )
