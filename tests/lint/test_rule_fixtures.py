"""Every rule against its cases in ``tests/fixtures/rules/<CODE>.yml``.

A case is data, so adding one needs no Python:

    - name: what the case shows
      input: |            # a whole digest
        ...
      path: output/2026-02-20/daily_report.md   # optional: the path it is linted as
      profile: intel      # optional: skip detection
      options: {}         # optional: this rule's options
      expect:             # findings of this rule only: [line, column], in order
        - [7, 11]
      fixed: |            # optional: the text after --fix (with unsafe: true, --unsafe-fixes)
        ...
      unsafe: false
      links:              # optional: online check results by URL (DF31x rules)
        https://example.com/a: {outcome: broken, reason: HTTP 404, status: 404}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from digestfmt.links.policy import LinkResult, Outcome
from digestfmt.lint.config import Config
from digestfmt.lint.rules import all_rules
from digestfmt.lint.run import lint_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


def _cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for file in sorted(FIXTURES.glob("*.yml")):
        for case in yaml.safe_load(file.read_text("utf-8")):
            cases.append((file.stem, case))
    return cases


CASES = _cases()


def _config(code: str, case: dict[str, Any]) -> Config:
    return Config(select=(code,), rule_options={code: case.get("options", {})})


def _links(case: dict[str, Any]) -> dict[str, LinkResult]:
    return {
        url: LinkResult(url, Outcome(r["outcome"]), r.get("reason", ""), r.get("status"),
                        moved_to=r.get("moved_to"))
        for url, r in case.get("links", {}).items()
    }


@pytest.mark.parametrize(("code", "case"), CASES, ids=[f"{c}-{k['name']}" for c, k in CASES])
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    path = case.get("path", "digest.md")
    result = lint_bytes(case["input"].encode("utf-8"), path, _config(code, case),
                        profile=case.get("profile"), link_results=_links(case))
    found = [[f.span.line, f.span.column] for f in result.findings if f.code == code]
    assert found == case["expect"], [f.message for f in result.findings]
    if "fixed" in case:
        fixed = lint_bytes(case["input"].encode("utf-8"), path, _config(code, case),
                           profile=case.get("profile"), fix=True,
                           unsafe_fixes=case.get("unsafe", False), link_results=_links(case))
        assert (fixed.fixed or case["input"]) == case["fixed"]
        assert not [f for f in fixed.findings if f.code == code and f.fix], \
            "a fixable finding survived --fix"


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_every_rule_has_good_and_bad_cases(code: str) -> None:
    mine = [case for c, case in CASES if c == code]
    if code == "DF001":  # reported by the core; its cases live in tests/lint/test_directives.py
        return
    assert any(case["expect"] for case in mine), f"{code} has no case that reports a problem"
    assert any(not case["expect"] for case in mine), f"{code} has no case that passes"
