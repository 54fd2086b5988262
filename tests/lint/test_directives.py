"""Inline suppression: ``<!-- digestfmt: … -->`` comments, and DF001 for the stale ones.

Every test lints with an explicit selection (DF001, DF103, DF201 and what it is
about), so rules added later cannot change what these tests see.
"""

from __future__ import annotations

import pytest
from lint_helpers import card, digest, line_of

from digestfmt.lint.config import Config
from digestfmt.lint.directives import Directives
from digestfmt.lint.run import lint_bytes
from digestfmt.model import Span

BAD = "⭐⭐⭐"
SELECT = ("DF001", "DF103", "DF201")


def _found(text: str, select: tuple[str, ...] = SELECT) -> list[tuple[int, str]]:
    result = lint_bytes(text.encode("utf-8"), "d.md", Config(select=select))
    return [(f.span.line, f.code) for f in result.findings]


def _bad_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if BAD in line]


def test_without_directives_every_rating_is_reported() -> None:
    text = digest(card(1, rating=BAD), card(2, rating=BAD))
    assert _found(text) == [(line, "DF201") for line in _bad_lines(text)]


def test_disable_then_enable_covers_only_the_range() -> None:
    text = digest("<!-- digestfmt: disable=DF201 -->\n\n" + card(1, rating=BAD),
                  "<!-- digestfmt: enable=DF201 -->\n\n" + card(2, rating=BAD))
    assert _found(text) == [(_bad_lines(text)[1], "DF201")]


def test_disable_without_enable_runs_to_the_end() -> None:
    text = digest(card(1, rating=BAD), "<!-- digestfmt: disable=rating-emoji -->\n\n"
                  + card(2, rating=BAD), card(3, rating=BAD))
    assert _found(text) == [(_bad_lines(text)[0], "DF201")]


def test_enable_of_another_rule_does_not_end_the_range() -> None:
    text = digest("<!-- digestfmt: disable=DF201 -->\n\n" + card(1, rating=BAD),
                  "<!-- digestfmt: enable=DF103 -->\n\n" + card(2, rating=BAD))
    assert _found(text) == []


def test_disable_next_line() -> None:
    comment = "<!-- digestfmt: disable-next-line=DF201 -->"
    text = digest(card(1, rating=BAD, before_rating=comment), card(2, rating=BAD))
    assert _found(text) == [(_bad_lines(text)[1], "DF201")]


def test_disable_next_line_two_lines_above_suppresses_nothing() -> None:
    comment = "<!-- digestfmt: disable-next-line=DF201 -->"
    text = digest(card(1, rating=BAD).replace("**来源**", comment + "\n**来源**", 1))
    assert _found(text) == [(line_of(text, comment), "DF001"), (_bad_lines(text)[0], "DF201")]


def test_disable_next_line_with_no_codes_covers_every_rule() -> None:
    text = digest(card(1, rating=BAD, before_rating="<!-- digestfmt: disable-next-line -->"))
    assert _found(text) == []


def test_disable_file_with_a_prefix() -> None:
    text = digest(card(1, rating=BAD), card(2, rating=BAD),
                  preamble="<!-- digestfmt: disable-file=DF2 -->")
    assert _found(text) == []


def test_disable_file_anywhere_in_the_file() -> None:
    text = digest(card(1, rating=BAD),
                  card(2, rating=BAD) + "\n<!-- digestfmt: disable-file -->\n")
    assert _found(text, ("DF001", "DF201")) == []


def test_disable_file_of_another_family_does_not_cover_and_is_unused() -> None:
    directive = "<!-- digestfmt: disable-file=DF1 -->"
    text = digest(card(1, rating=BAD), preamble=directive)
    assert _found(text) == [(1, "DF001"), (_bad_lines(text)[0], "DF201")]


def test_several_codes_in_one_directive() -> None:
    text = digest(card(1, rating=BAD),
                  preamble="草稿 <!-- digestfmt: disable-file=DF103, DF201 -->")
    assert _found(text) == []


def test_unused_suppression_message_and_place() -> None:
    directive = "<!-- digestfmt: disable-next-line=DF201 -->"
    text = digest(card(1, before_rating=directive))  # the rating below is valid
    result = lint_bytes(text.encode("utf-8"), "d.md", Config(select=SELECT))
    [finding] = result.findings
    line = line_of(text, directive)
    assert (finding.code, finding.name, finding.severity.value) == \
        ("DF001", "unused-suppression", "warning")
    assert finding.span == Span(line, 1, line, len(directive) + 1)
    assert finding.message == "suppression of DF201 (disable-next-line) suppresses nothing"


def test_unused_suppression_of_every_rule_names_all_rules() -> None:
    text = digest(card(1, before_rating="<!-- digestfmt: disable-next-line -->"))
    result = lint_bytes(text.encode("utf-8"), "d.md", Config(select=SELECT))
    assert [f.message for f in result.findings] == [
        "suppression of all rules (disable-next-line) suppresses nothing"]


def test_unused_suppression_is_not_reported_when_its_rule_is_not_selected() -> None:
    directive = "<!-- digestfmt: disable-next-line=DF201 -->"
    text = digest(card(1, rating=BAD, before_rating=directive))
    assert _found(text, ("DF001", "DF103")) == []  # DF201 did not run: nothing to judge
    assert _found(text, ("DF001", "DF103", "DF201")) == []  # it ran, and was suppressed
    stale = digest(card(1, before_rating=directive))
    assert _found(stale, ("DF001", "DF103")) == []
    assert _found(stale, ("DF001", "DF201")) == [(line_of(stale, directive), "DF001")]


def test_unused_suppression_is_not_reported_when_df001_is_not_selected() -> None:
    directive = "<!-- digestfmt: disable-next-line=DF201 -->"
    stale = digest(card(1, before_rating=directive))
    assert _found(stale, ("DF103", "DF201")) == []
    assert _found(stale, ("DF",)) == [(line_of(stale, directive), "DF001")]
    assert _found(stale, ("DF",)) == _found(stale, ("DF001", "DF201"))


def test_df001_can_itself_be_suppressed_by_a_file_directive() -> None:
    text = digest(card(1, before_rating="<!-- digestfmt: disable-next-line=DF201 -->"),
                  preamble="<!-- digestfmt: disable-file=DF001 -->")
    assert _found(text) == []


@pytest.mark.parametrize(("line", "expected"), [
    ("<!-- digestfmt: disable=DF201 -->", [("disable", ("DF201",))]),
    ("<!--digestfmt:disable-next-line=DF201,rating-emoji-->",
     [("disable-next-line", ("DF201", "rating-emoji"))]),
    ("<!-- digestfmt: disable-file -->", [("disable-file", ())]),
    ("x <!-- digestfmt: disable=DF1 --> y <!-- digestfmt: enable=DF1 -->",
     [("disable", ("DF1",)), ("enable", ("DF1",))]),
    ("<!-- digestfmt disable=DF201 -->", []),  # no colon: not a directive
])
def test_directive_syntax(line: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    found = Directives.scan([line])
    assert [(d.action, d.selectors) for d in found.items] == expected


def test_unknown_action_is_kept_as_malformed() -> None:
    found = Directives.scan(["<!-- digestfmt: disable-line=DF201 -->"])
    assert found.items == []
    assert found.malformed == [(Span(1, 1, 1, 39), "unknown directive 'disable-line'")]
