"""The fast path gives exactly what markdown-it alone gives: the same model, findings and fixes.

The fast path is the engine's top-level blocks (parse.fastblocks, comrak) and the
pre-checks that spare markdown-it where a body cannot hold code or a file cannot
hold a hard break (digestfmt.markup). The oracle is markdown-it-py for all of it:
``parse_text(fast=False)`` everywhere (fixes re-parse too) with the pre-checks
bypassed (``markup.oracle()``). Inputs: generated digests of every style
(tests/strategies.py) written as Markdown, drifted as real files drift and then
mutated with the constructs the pre-checks must notice (indentation, trailing
spaces, tabs, fences, HTML, reference definitions); and every real digest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from real_files import PUBLICATIONS, SHARED
from strategies import documents, drifted

from digestfmt import markup
from digestfmt.codecs import json_, markdown
from digestfmt.errors import DigestError
from digestfmt.lint.config import Config
from digestfmt.lint.run import lint_bytes
from digestfmt.parse import digest as digest_module
from digestfmt.parse import parse_text
from digestfmt.parse.source import decode

SETTINGS = settings(
    max_examples=settings.default.max_examples if os.environ.get("HYPOTHESIS_PROFILE") else 30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
STYLES = ["intel", "brief", "intel-legacy"]
PATHS = {"intel": "intel/2026-02-20/daily_report.md", "brief": "brief/2026/02/20.md",
         "intel-legacy": "output/2026-01-31/daily_report.md"}


@contextmanager
def full_markdown_it() -> Iterator[None]:
    """Every block structure from markdown-it: no line scanner, no pre-checks."""
    with mock.patch.object(digest_module, "fast_blocks", lambda lines: None), markup.oracle():
        yield


def everything(text: str, path: str) -> Any:
    """The model, the findings, and what --fix and --unsafe-fixes make of the file."""
    try:
        digest = parse_text(text, path=path)
    except DigestError as exc:
        return type(exc), str(exc)
    data = text.encode("utf-8")
    config = Config()
    linted = lint_bytes(data, path, config)
    fixed = lint_bytes(data, path, config, fix=True, unsafe_fixes=True)
    return (digest, linted.findings,
            (fixed.fixed, fixed.findings, fixed.applied, fixed.refused))


def assert_same(text: str, path: str) -> None:
    fast = everything(text, path)
    with full_markdown_it():
        oracle = everything(text, path)
    assert fast == oracle


# Lines the pre-checks must notice, put where blocks start or inside them.
MUTATIONS = [
    ("suffix", "  "), ("suffix", "   "), ("suffix", "\t"), ("suffix", " "),
    ("prefix", "    "), ("prefix", "     "), ("prefix", "\t"), ("prefix", "  "),
    ("insert", "    indented code"), ("insert", ""), ("insert", "<div>html</div>"),
    ("insert", "<!-- digestfmt: disable=DF505 -->"), ("insert", "```"), ("insert", "~~~"),
    ("insert", "[ref]: https://example.com/ref"), ("insert", "-     code in an item"),
    ("insert", ">     code in a quote"), ("insert", "- **粗体**：文字  "),
    ("insert", "  - nested item  "), ("insert", "| a | b |"), ("insert", "|---|---|"),
]


@st.composite
def mutated(draw: Any, text: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 6))):
        kind, piece = draw(st.sampled_from(MUTATIONS))
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "suffix":
            lines[at] += piece
        elif kind == "prefix":
            lines[at] = piece + lines[at]
        else:
            lines.insert(at, piece)
    return "\n".join(lines)


@pytest.mark.parametrize("style", STYLES)
@SETTINGS
@given(data=st.data())
def test_generated_digests(style: str, data: st.DataObject) -> None:
    doc = data.draw(documents(style), label="J")
    canonical = markdown.dumps(json_.from_dict(doc))
    text, _ = data.draw(drifted(canonical, parse_text(canonical)), label="drifted")
    text = decode(text.encode("utf-8"), None)  # as a file is read: no BOM, LF endings
    assert_same(text, PATHS[style])
    assert_same(data.draw(mutated(text), label="mutated"), PATHS[style])


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present")
@pytest.mark.parametrize("path", PUBLICATIONS, ids=lambda p: "/".join(p.parts[-3:]))
def test_real_digests(path: Path) -> None:
    text = path.read_text("utf-8").replace("\r\n", "\n")
    assert_same(text, str(path.relative_to(SHARED)))


def test_samples() -> None:
    root = Path(__file__).resolve().parents[2] / "samples"
    for path in sorted(root.rglob("*.md")):
        assert_same(path.read_text("utf-8"), str(path.relative_to(root)))


# -- the pre-checks on their own, over lines made to trip them ---------------------

PIECES = st.sampled_from([
    "", " ", "  ", "   ", "    ", "     ", ">", "> ", ">     ", "-", "- ", "-     ", "* ", "*   ",
    "+ ", "1. ", "2) ", "1.     ", "# ", "---", "***", "===", "```", "~~~", "<div>",
    "<!-- c -->", "<https://x.y>", "| a | b |", "|---|---|", "a | b", "[a]: /u", "'t'", "text",
    "文字", "**粗体**：", "`code`", "x  ", "\t",
])
LINES = st.lists(st.lists(PIECES, max_size=4).map("".join), max_size=12)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
@example(["- a", "", "      b", "c"])
@example(["- - ->  ", "]:"])
@example(["| a | b |  ", "|---|---|\t"])
@example(["text", "    not code"])
@example(["# heading", "    code"])
@example(["[a]: /u", "'t'", "    code"])
def test_code_rows_precheck_is_sound(lines: list[str]) -> None:
    text = "\n".join(lines)
    if not markup.may_hold_code(text):
        assert markup.code_rows_oracle(text) == frozenset()
    with markup.oracle():
        assert markup.code_rows(text) == markup.code_rows_oracle(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
@example(["- - ->  ", "]:"])
@example(["| a | b |  ", "|---|---|\t"])
@example(["- a  ", "  b  ", "c"])
@example([">[a]: /u", "x  ", "* "])  # no lazy line continues a quoted definition
@example(["+ [a]: /u", "x  ", "* "])  # nor one in a list item
def test_hard_breaks_agree_with_markdown_it(lines: list[str]) -> None:
    assert markup.hard_breaks(lines) == markup.hard_breaks_oracle(lines)
