"""The page templates (converters/*.j2) as a page template of one's own uses them: the
macros of digest.html.j2 it may import, digest-main.html.j2 it may include, and the pieces a
page and an EPUB chapter are written in."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from codec_helpers import REAL, SAMPLES, parsed, real_id

from digestfmt.codecs import html, markdown

MINE = ('{% import "digest.html.j2" as m %}<!DOCTYPE html><html lang="{{ lang }}"><head>'
        '<title>{{ title }}</title></head><body>{% include "digest-main.html.j2" %}'
        "</body></html>")


def macro(name: str, *args: object, **kwargs: object) -> str:
    return html.markup(name, *args, **kwargs)


def name(path: Path) -> str:
    return path.parent.name if path in SAMPLES else real_id(path)


@pytest.mark.parametrize("path", SAMPLES + REAL, ids=name)
def test_the_public_macros_write_what_the_page_shows(path: Path) -> None:
    """card and digest-main.html.j2 are made of the small macros: a template of one's own
    calling them gets what the page has."""
    digest = parsed(path)
    view = html.layout_view(digest)
    page = html.dumps(digest)
    assert macro("digest", view) in page
    for card in view.cards:
        markup = macro("card", card)
        assert markup in page
        assert macro("data_attrs", card.data) in markup.split(">", 1)[0]
        for kind, text in card.heading:
            if kind not in ("title", "lead"):
                assert macro("heading_part", kind, text) in markup
        for part in card.parts:
            for f in part.fields:
                assert f"</dt>{macro('value', f)}</div>" in markup
            if part.kind == "section":
                assert macro("blocks", part.body, "body") in markup


def test_a_link_no_page_may_follow_is_kept_as_text() -> None:
    assert macro("link", "javascript:alert(1)", "<x>") == \
        '<span class="link" data-href="javascript:alert(1)">&lt;x&gt;</span>'
    assert macro("link", "https://example.com/?a=1&b=2", "x") == \
        '<a href="https://example.com/?a=1&amp;b=2">x</a>'


def test_blocks_keep_their_source_where_the_markup_would_not_give_it_back() -> None:
    out = macro("blocks", "a\r\n<b>&", "body", 3)
    assert out.startswith('<div class="md body" data-after="3" data-md="a&#13;\n&lt;b&gt;&amp;">')
    assert macro("inline_attrs", "plain words") == ""


def test_a_template_of_ones_own_may_include_the_digest(tmp_path: Path) -> None:
    template = tmp_path / "mine.html.j2"
    template.write_text(MINE)
    digest = parsed(SAMPLES[0])
    page = html.dumps(digest, str(template))
    assert page.startswith("<!DOCTYPE html><html")
    assert markdown.dumps(html.loads(page.encode())) == markdown.dumps(digest)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name)
def test_a_page_is_written_in_pieces_no_larger_than_a_card(path: Path) -> None:
    digest = parsed(path)
    parts = list(html.page_parts(digest))
    assert "".join(parts) == html.dumps(digest)
    assert b"".join(html.dump_chunks(digest)) == html.dumps(digest).encode()
    assert max(part.count("<article") for part in parts) == 1
    assert "digestfmt-part-end" not in html.dumps(digest)


@pytest.mark.parametrize("path", SAMPLES + REAL, ids=name)
def test_main_comes_an_element_at_a_time(path: Path) -> None:
    """What an EPUB chapter converts one at a time: the <main> start tag, each element in
    it with the text after it, then </main>; together, the page's <main>."""
    view = html.layout_view(parsed(path))
    start, *elements, end = html.main_parts(view)
    assert re.fullmatch(r'<main class="digest" [^>]*>\n', start)
    assert end == "</main>"
    assert start + "".join(elements) + end == macro("digest", view)
    main = lxml.html.fragment_fromstring(macro("digest", view))
    assert len(elements) == len(main)
    for element, child in zip(elements, main, strict=True):
        assert lxml.html.fragment_fromstring(element).tag == child.tag
        assert element.endswith("\n")


def test_a_template_cache_that_cannot_be_written_is_no_cache(tmp_path: Path) -> None:
    """Compiled templates go to Jinja's folder in the temporary directory; one that
    cannot be written (here: a file where the folder should be) costs a compile, never
    the conversion."""
    import jinja2

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ 1 + 1 }}"}),
                             bytecode_cache=html._QuietBytecodeCache(str(blocker)))
    assert env.get_template("t").render() == "2"
    assert blocker.read_text() == "x"
