"""codecs.html_md: what a page shows, read back as Markdown; and `reads_back`, which
decides where a page must carry a body's source (``data-md``) and where it need not.

Issue 13: pages weighed 2.7x their source, most of it copies of each body in data-md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from codec_helpers import SAMPLES, parsed
from hypothesis import HealthCheck, given, settings
from strategies import valid_documents

from digestfmt.codecs import html, json_, markdown
from digestfmt.codecs.html_md import reads_back


@pytest.mark.parametrize(("source", "inline", "expected"), [
    ("一段话，**加粗**和[链接](https://example.com/a)。", False, True),
    ("- 第一点\n- 第二点", False, True),
    ("* 第一点\n* 第二点", False, False),  # the page shows a list; `- ` is what comes back
    ("第一行  \n第二行", False, False),  # a hard break comes back as a backslash
    ("**OpenAI** 发布", True, True),
    ("__OpenAI__ 发布", True, False),  # bold comes back as **
])
def test_reads_back_only_what_converts_back_exactly(source: str, inline: bool,
                                                    expected: bool) -> None:
    assert reads_back(source, inline) is expected


def test_a_page_carries_the_source_only_where_it_does_not_read_back(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "samples/brief/2026/03/02.md").read_text("utf-8")
    drifted = text.replace("\n- ", "\n* ", 1)  # one list written with `*`
    plain = html.dumps(markdown.loads(text.encode(), "d.md"))
    digest = markdown.loads(drifted.encode(), "d.md")
    page = html.dumps(digest)
    assert page.count(" data-md=") == plain.count(" data-md=") + 1  # that body's copy
    assert markdown.dumps(html.loads(page.encode())) == markdown.dumps(digest)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name)
def test_pages_weigh_less_than_twice_their_source(path: Path) -> None:
    """2.7x before (a copy of every body); the copies that the page itself gives back
    are left out now."""
    source = path.read_bytes()
    page = html.dumps(parsed(path)).encode()
    assert len(page) < 2 * len(source) + 16_000  # plus the inlined stylesheet


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_documents())
def test_a_page_without_some_copies_still_reads_back_to_its_digest(doc: json_.JSON) -> None:
    digest = json_.from_dict(doc)
    back = html.loads(html.dumps(digest).encode())
    assert json_.to_dict(back) == json.loads(json.dumps(doc))
