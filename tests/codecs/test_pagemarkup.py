"""The digest markup and default page written in Python (codecs/pagemarkup.py) against
the Jinja templates they transcribe: the same bytes, for real, sample and generated
digests, for every macro the converters use (the page, EPUB chapters, feed items)."""

from __future__ import annotations

from pathlib import Path

import pytest
from codec_helpers import REAL, SAMPLES, parsed, real_id
from hypothesis import HealthCheck, given, settings
from strategies import valid_documents

from digestfmt.codecs import html, json_, pagemarkup
from digestfmt.codecs.json_ import JSON
from digestfmt.model import Digest

NAV = (("prev", "../02/19.html", "← 2026-02-19"), ("", "../months/2026-02.html", "2026-02"),
       ("index", "../index.html", "目录 <&>"))


def assert_same(digest: Digest) -> None:
    assert html.dumps(digest) == html.render_page(digest, None)
    assert html.dumps(digest, nav=NAV) == html.render_page(digest, None, NAV)
    view = html.layout_view(digest)
    assert pagemarkup.digest(view) == html.render_markup("digest", view)
    for card in view.cards:
        assert pagemarkup.card(card, annotate=False) == \
            html.render_markup("card", card, annotate=False)


@pytest.mark.parametrize("path", REAL, ids=real_id)
def test_real_digests_are_marked_up_as_the_templates_do(path: Path) -> None:
    assert_same(parsed(path))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name)
def test_samples_are_marked_up_as_the_templates_do(path: Path) -> None:
    assert_same(parsed(path))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_documents())
def test_generated_digests_are_marked_up_as_the_templates_do(document: JSON) -> None:
    assert_same(json_.from_dict(document))


def test_unsafe_links_and_markup_characters_are_escaped_alike() -> None:
    digest = parsed(SAMPLES[0])
    card = html.layout_view(digest).cards[0]
    assert pagemarkup.link("javascript:alert(1)", "<x>") == \
        str(html.render_markup("link", "javascript:alert(1)", "<x>"))
    assert pagemarkup.blocks("a\r\n<b>&", "body", 3) == \
        str(html.render_markup("blocks", "a\r\n<b>&", "body", 3))
    assert pagemarkup.card(card) == html.render_markup("card", card)
