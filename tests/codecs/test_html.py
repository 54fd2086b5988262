"""Markdown/JSON <-> HTML pages: round trips, markup, hand edits, the CLI."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from codec_helpers import BRIEF_SEED, INTEL_SEED, REAL, SAMPLES, canonical, parsed, real_id
from hypothesis import HealthCheck, given, settings
from strategies import valid_documents

from digestfmt.cli import main
from digestfmt.codecs import html, html_md, json_, markdown
from digestfmt.codecs.render import block_html, inline_html
from digestfmt.errors import DigestError
from digestfmt.model import Digest, Markdown

needs_real = pytest.mark.skipif(not REAL, reason="no ../shared corpus")


def page_of(path: Path) -> str:
    return html.dumps(parsed(path))


def tree(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page.encode())


# -- round trips ----------------------------------------------------------------------


@needs_real
@pytest.mark.parametrize("path", REAL, ids=real_id)
def test_markdown_html_markdown_is_fmt(path: Path) -> None:
    back = html.loads(page_of(path).encode(), "page.html")
    assert markdown.dumps(back) == canonical(path)


@needs_real
@pytest.mark.parametrize("path", REAL, ids=real_id)
def test_json_html_json_is_identical(path: Path) -> None:
    text = json_.dumps(parsed(path))
    page = html.dumps(json_.from_dict(json.loads(text)))
    assert json_.dumps(html.loads(page.encode(), "page.html")) == text


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_round_trip(path: Path) -> None:
    digest = markdown.loads(path.read_bytes(), str(path))
    back = html.loads(html.dumps(digest).encode())
    assert markdown.dumps(back) == markdown.dumps(digest)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_documents())
def test_generated_documents_round_trip(document: dict[str, object]) -> None:
    digest = json_.from_dict(document)
    back = html.loads(html.dumps(digest).encode())
    assert json_.to_dict(back) == json_.to_dict(digest)
    assert markdown.dumps(back) == markdown.dumps(digest)


# -- markup ---------------------------------------------------------------------------


def test_page_markup_is_semantic() -> None:
    digest = markdown.loads(INTEL_SEED.read_bytes()) if INTEL_SEED.exists() \
        else markdown.loads(SAMPLES[-1].read_bytes())
    root = tree(html.dumps(digest))
    assert root.get("lang") == "zh-CN"
    assert root.find(".//meta[@name='generator']").get("content").startswith("digestfmt ")
    cards = root.findall(".//article")
    assert len(cards) == len(digest.cards)
    first = cards[0]
    rating = first.find(".//data")
    assert rating.get("value") == str(digest.cards[0].field("rating").value)
    assert rating.get("aria-label") == f"{rating.get('value')} / 5"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d\+08:00",
                        first.find(".//dd/time").get("datetime"))
    assert first.find(".//ul[@class='tags']/li") is not None
    assert first.find(".//dd/a").get("href").startswith("https://")
    assert first.findall(".//section/h3")
    assert root.find(".//h1/time").get("datetime") == digest.date.iso
    assert [dt.text for dt in first.iter("dt")][:2] == ["来源", "时间"]


def test_json_ld_is_an_item_list_of_news_articles() -> None:
    digest = markdown.loads(SAMPLES[-1].read_bytes())
    script = tree(html.dumps(digest)).find(".//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["@type"] == "ItemList"
    assert len(data["itemListElement"]) == len(digest.cards)
    article = data["itemListElement"][0]["item"]
    assert article["@type"] == "NewsArticle"
    assert article["contentRating"]["@type"] == "Rating"
    assert article["contentRating"]["bestRating"] == 5


def test_script_json_escapes_what_could_end_the_script() -> None:
    text = html.script_json({"a": "</script><!-- & \u2028\u2029"})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029"}


def test_bold_next_to_cjk_punctuation_renders_bold() -> None:
    assert inline_html("**核心洞察：**文本") == "<strong>核心洞察：</strong>文本"
    assert "<strong>「重要」</strong>" in inline_html("这是**「重要」**的")
    assert "<s>删除：</s>" in inline_html("~~删除：~~文本")
    # Without CJK nothing changes: CommonMark still refuses this one.
    assert inline_html('a**"foo"**') == 'a**"foo"**'
    # The real brief pattern, inside a body.
    assert "<strong>核心洞察：</strong>" in block_html("**核心洞察：**Gemini 3.1 Pro的发布")


def test_cjk_lines_join_without_a_space() -> None:
    assert block_html("中文\n中文") == "<p>中文中文</p>"
    assert block_html("abc\n中文") == "<p>abc\n中文</p>"


def test_tables_keep_alignment_as_classes() -> None:
    out = block_html("| a | b |\n|:-|-:|\n| 1 | 2 |")
    assert 'class="align-left"' in out and "style" not in out


def test_images_become_links() -> None:
    out = block_html("![图](https://example.com/a.png)")
    assert "<img" not in out and 'href="https://example.com/a.png"' in out


# -- reading pages -------------------------------------------------------------------


def sample_page() -> tuple[str, str]:
    path = SAMPLES[-1]  # intel sample
    digest = markdown.loads(path.read_bytes())
    return html.dumps(digest), markdown.dumps(digest)


def edit(page: str, change: object) -> bytes:
    root = tree(page)
    change(root)  # type: ignore[operator]
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8")


def test_reserialised_page_still_reads_back() -> None:
    page, md = sample_page()
    assert markdown.dumps(html.loads(edit(page, lambda root: None))) == md


def test_reindented_page_still_reads_back() -> None:
    page, md = sample_page()
    root = tree(page)
    pretty = lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8",
                                pretty_print=True)
    assert markdown.dumps(html.loads(pretty)) == md


def test_edited_paragraph_is_converted_from_html() -> None:
    page, md = sample_page()

    def change(root: lxml.html.HtmlElement) -> None:
        item = root.find(".//section[@data-key='tech']//li")
        for child in list(item):
            item.remove(child)
        item.text = "手工改写的 "
        strong = lxml.html.Element("strong")
        strong.text = "要点"
        item.append(strong)
        strong.tail = " x_y 与 [括号]"

    back = html.loads(edit(page, change))
    body = back.cards[0].section("tech").body.text
    assert body.startswith("- 手工改写的 **要点** x_y 与 \\[括号\\]")
    assert markdown.dumps(back) != md
    # Nothing else moved.
    assert [c.title for c in back.cards] == [c.title for c in markdown.loads(md.encode()).cards]


def test_edited_field_and_removed_card_read_back() -> None:
    page, md = sample_page()

    def change(root: lxml.html.HtmlElement) -> None:
        dd = root.find(".//div[@data-key='source']/dd")
        dd.text = "新来源"
        for child in list(dd):
            dd.remove(child)
        last = root.findall(".//article")[-1]
        last.getparent().remove(last)

    back = html.loads(edit(page, change))
    original = markdown.loads(md.encode())
    assert back.cards[0].field("source").value == "新来源"
    assert len(back.cards) == len(original.cards) - 1


def test_row_added_by_hand_becomes_an_extra_field() -> None:
    page, _ = sample_page()

    def change(root: lxml.html.HtmlElement) -> None:
        dl = root.find(".//dl")
        dl.append(lxml.html.fragment_fromstring(
            '<div class="field"><dt>备注</dt><dd>手工 <b>加</b>的</dd></div>'))

    back = html.loads(edit(page, change))
    extra = [f for f in back.cards[0].fields if f.key is None]
    assert [(f.label, f.raw) for f in extra] == [("备注", "手工 **加**的")]


def _with_first_body(body: str) -> Digest:
    """The last sample with ``body`` for its first card's first section."""
    digest = markdown.loads(SAMPLES[-1].read_bytes())
    card = digest.cards[0]
    section = card.sections[0]
    return replace(digest, cards=(replace(card, sections=(
        replace(section, body=Markdown(body)), *card.sections[1:])), *digest.cards[1:]))


def test_edited_link_target_is_not_hidden_by_data_md() -> None:
    changed = _with_first_body("见 [原文](https://example.com/a)。")

    def retarget(root: lxml.html.HtmlElement) -> None:
        root.find(".//section[@data-key]//a").set("href", "https://example.com/b")

    back = html.loads(edit(html.dumps(changed), retarget))
    assert back.cards[0].sections[0].body.text == "见 [原文](https://example.com/b)。"


@pytest.mark.parametrize(("name", "change"), [
    # The page shows plain text; data-md edited to add emphasis renders the same text.
    ("emphasis", lambda md: md.replace("先以", "*先以*", 1)),
    # A reference definition renders nothing at all.
    ("definition", lambda md: md + "\n\n[x]: https://evil.example/"),
    ("definition used nowhere on the page",
     lambda md: md + "\n\n[x]: https://evil.example/ \"title\""),
])
def test_data_md_is_trusted_only_when_the_page_shows_all_of_it(name: str, change: object) -> None:
    page, md = sample_page()

    def edit_source(root: lxml.html.HtmlElement) -> None:
        # The body carries no copy when the page gives it back itself: add one then.
        body = next(el for el in root.iter("div") if "md" in (el.get("class") or "").split()
                    and "先以" in el.text_content())
        source = body.get("data-md") or html_md.blocks(body)
        body.set("data-md", change(source))  # type: ignore[operator]

    back = markdown.dumps(html.loads(edit(page, edit_source)))
    assert "*先以*" not in back and "evil.example" not in back
    assert back == md  # what the page shows reads back; the hidden edit does not


def test_a_used_reference_definition_still_reads_back() -> None:
    body = "见 [原文][1]。\n\n[1]: https://example.com/a"
    back = html.loads(html.dumps(_with_first_body(body)).encode())
    assert back.cards[0].sections[0].body.text == body


def test_other_pages_are_refused() -> None:
    with pytest.raises(DigestError, match="not a digestfmt HTML page"):
        html.loads(b"<!DOCTYPE html><html><head><meta name=generator content='Hugo'>"
                   b"</head><body><p>hi</p></body></html>", "x.html")
    with pytest.raises(DigestError, match=r"not a digestfmt HTML page: no <main"):
        html.loads(b"<html><body><main>no</main></body></html>", "x.html")


def test_unknown_style_is_an_error() -> None:
    page, _ = sample_page()
    with pytest.raises(DigestError, match="unknown profile"):
        html.loads(page.replace('data-style="intel"', 'data-style="nope"').encode(), "x.html")


# -- templates and the command line ----------------------------------------------------


def test_custom_template(tmp_path: Path) -> None:
    template = tmp_path / "mine.html.j2"
    template.write_text('{% import "digest.html.j2" as m %}<!DOCTYPE html>'
                        '<html lang="{{ lang }}"><head><title>{{ title }}</title></head>'
                        '<body><p class="mine">custom</p>{{ m.digest(view) }}</body></html>')
    digest = markdown.loads(SAMPLES[0].read_bytes())
    page = html.dumps(digest, str(template))
    assert '<p class="mine">custom</p>' in page
    assert markdown.dumps(html.loads(page.encode())) == markdown.dumps(digest)


def test_broken_template_is_one_error(tmp_path: Path) -> None:
    template = tmp_path / "bad.html.j2"
    template.write_text("{% if %}")
    with pytest.raises(DigestError, match="template error"):
        html.dumps(markdown.loads(SAMPLES[0].read_bytes()), str(template))


def test_a_template_that_includes_itself_is_one_error(tmp_path: Path) -> None:
    """Jinja follows includes until Python's recursion limit: one error naming the file."""
    template = tmp_path / "loop.html.j2"
    template.write_text('{% include "loop.html.j2" %}')
    with pytest.raises(DigestError, match="template error: it includes itself without end") \
            as raised:
        html.dumps(markdown.loads(SAMPLES[0].read_bytes()), str(template))
    assert raised.value.path == str(template)


def test_cli_html_both_ways(tmp_path: Path) -> None:
    runner = CliRunner()
    source = SAMPLES[0]
    out = tmp_path / "page.html"
    result = runner.invoke(main, ["convert", str(source), "--to", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["convert", str(out), "--to", "md"])
    assert result.exit_code == 0, result.output
    assert result.output == markdown.dumps(markdown.loads(source.read_bytes()))
    # Detected by content when the name says nothing.
    bare = tmp_path / "page"
    bare.write_bytes(out.read_bytes())
    result = runner.invoke(main, ["convert", str(bare), "--to", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["format"] == "digestfmt/3"


def test_cli_directory_is_quiet_without_a_terminal(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(SAMPLES[0].parents[3]), "--to", "html",
                                  "-o", str(tmp_path / "out")], env={"CI": "true"})
    assert result.exit_code == 0, result.output
    assert result.output == ""
    pages = [p for p in (tmp_path / "out").rglob("*.html")
             if p.name != "index.html" and p.parent.name != "months"]  # the site's own
    assert len(pages) == len(SAMPLES)


def test_cli_other_page_is_one_line_error(tmp_path: Path) -> None:
    page = tmp_path / "other.html"
    page.write_text("<!DOCTYPE html><html><body><p>hello</p></body></html>")
    result = CliRunner().invoke(main, ["convert", str(page), "--to", "md"])
    assert result.exit_code == 2
    assert result.stderr == (f"digestfmt: error: {page}: not a digestfmt HTML page: "
                             'no <main class="digest" data-style> element\n')


def test_cli_template_only_for_html(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(SAMPLES[0]), "--to", "json",
                                       "--template", str(SAMPLES[0])])
    assert result.exit_code == 2
    assert "--template applies to --to html only" in result.output


@needs_real
def test_real_brief_page_shows_bold_insight_labels() -> None:
    page = page_of(BRIEF_SEED)
    assert "**" not in "".join(tree(page).find(".//main").itertext()).split("内容简介")[0]
