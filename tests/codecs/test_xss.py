"""Hostile text in every field and body: nothing executable reaches a page, a book or a feed.

Each output is parsed and checked as a browser would see it: no script element but
the JSON-LD one, no event-handler attributes, no style attributes or elements in
the content, no link or source with a scheme other than http/https/mailto, and
JSON-LD that parses and cannot end its script element. The hostile text must
still be shown, as text.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import pytest

from digestfmt.codecs import epub, feeds, html, json_
from digestfmt.codecs.render import safe_url
from digestfmt.model import Digest

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">a</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&#58;alert(1))",
    "[click](java%0ascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "![img](data:image/svg+xml,<svg onload=alert(1)>)",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div style="width: expression(alert(1))">css</div>',
    "<style>body{background:url('javascript:alert(1)')}</style>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "</SCRIPT ><!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</script>",
    "<<img src=x onerror=alert(1)//<",
    '<a href="&#106;avascript:alert(1)">entity</a>',
    '<https://example.com" onmouseover="alert(1)>',
    '[x](https://example.com" onmouseover="alert(1))',
    "<a href='vbscript:msgbox(1)'>vb</a>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<base href=javascript:alert(1)//>",
    "\u2028\u2029</script>",
]
DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form",
                  "base", "link", "meta", "img", "button", "input", "frame", "frameset"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster",
                  "background", "data", "srcdoc"}


def hostile(style: str, vector: str) -> Digest:
    """A digest of ``style`` with ``vector`` in every text the model holds."""
    n = iter(range(1000))

    def v() -> str:
        return f"V{next(n)} {vector}"

    body = "\n\n".join([v(), f"- {v()}", f"> {v()}", f"| h |\n| - |\n| {v()} |", v()])
    if style == "brief":
        fields: dict[str, Any] = {
            "category": v(),
            "source": [{"name": v(), "url": "javascript:alert(1)"},
                       {"name": v(), "url": "data:text/html,<script>alert(1)</script>"},
                       {"name": v()}],
        }
        sections = [{"key": "insight", "body": v()}, {"key": "overview", "body": body}]
        related: dict[str, Any] = {"items": [{"title": v(), "url": "javascript:alert(1)"},
                                             {"title": v(), "url": "https://example.com/ok"}]}
    else:
        fields = {"source": v(), "time": v(), "rating": v(), "tags": [v(), v()],
                  "link": "javascript:alert(1)", "summary": v()}
        sections = [{"key": "tech", "body": body}, {"heading": v(), "body": body}]
        related = {}
    card = {"number": 1, "org": v(), "title": v(), "fields": fields,
            "extra_fields": [{"label": v(), "value": v()}], "sections": sections,
            "extras": [{"after": 1, "markdown": body}]}
    document: dict[str, Any] = {
        "format": "digestfmt/3", "style": style, "title": v(), "date": "2026-02-20",
        "preamble": body, "intro": body, "cards": [card, {**card, "number": 2}],
    }
    if related:
        document["related"] = related
    return json_.from_dict(document)


def assert_inert(root: Any, page: bool) -> None:
    scripts = [e for e in root.iter() if _tag(e) == "script"]
    if page:
        assert [s.get("type") for s in scripts] == ["application/ld+json"]
        raw = scripts[0].text or ""
        assert "</script" not in raw.lower() and "<!--" not in raw
        json.loads(raw)
    else:
        assert scripts == []
    for el in root.iter():
        tag = _tag(el)
        if not tag:
            continue
        in_head = any(_tag(a) == "head" for a in el.iterancestors())
        if not in_head:
            assert tag not in DANGEROUS_TAGS, lxml.etree.tostring(el)[:200]
        for name, value in el.attrib.items():
            name = name.rpartition("}")[2].lower()
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, value)
            if name in URL_ATTRIBUTES:
                assert harmless_url(value), (tag, name, value)


def harmless_url(url: str) -> bool:
    """http, https, mailto, or relative (the book's own files): no other scheme."""
    scheme = urlsplit(url.strip("".join(chr(c) for c in range(0x21)))).scheme
    return scheme.lower() in ("", "http", "https", "mailto")


def _tag(el: Any) -> str:
    return el.tag.rpartition("}")[2].lower() if isinstance(el.tag, str) else ""


def visible(root: Any) -> str:
    main = next(e for e in root.iter() if _tag(e) == "main")
    return "".join(main.itertext())


CASES = [(style, i) for style in ("intel", "brief") for i in range(len(VECTORS))]


@pytest.mark.parametrize(("style", "index"), CASES,
                         ids=[f"{s}-{i}" for s, i in CASES])
def test_page_is_inert_and_shows_the_text(style: str, index: int) -> None:
    vector = VECTORS[index]
    digest = hostile(style, vector)
    page = html.dumps(digest)
    root = lxml.html.document_fromstring(page.encode())
    assert_inert(root, page=True)
    shown = visible(root)
    # Every slot is still on the page, and plain-text slots show the vector verbatim.
    count = sum(1 for _ in re.finditer(r"V\d+ ", shown))
    assert count >= 20
    assert f"{digest.title}" in shown
    if style == "intel":  # brief headings have no organisation
        assert digest.cards[0].org in shown


@pytest.mark.parametrize("style", ["intel", "brief"])
def test_book_is_inert(style: str) -> None:
    book = epub.dumps_all([hostile(style, v) for v in VECTORS[:8]] + [
        hostile(style, v) for v in VECTORS[8:]])
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        for name in z.namelist():
            if name.endswith(".xhtml"):
                root = lxml.etree.fromstring(z.read(name))
                assert_inert(root, page=False)


def test_feeds_are_inert() -> None:
    digests = [hostile(s, v) for s in ("intel", "brief") for v in VECTORS]
    for item in json.loads(feeds.jsonfeed(digests))["items"]:
        assert_inert(lxml.html.fragment_fromstring(item["content_html"], create_parent="div"),
                     page=False)
        assert "url" not in item or safe_url(item["url"])
    atom = lxml.etree.fromstring(feeds.atom(digests).encode())
    ns = "{http://www.w3.org/2005/Atom}"
    for entry in atom.iter(f"{ns}entry"):
        content = entry.find(f"{ns}content").text
        assert_inert(lxml.html.fragment_fromstring(content, create_parent="div"), page=False)
        for link in entry.iter(f"{ns}link"):
            assert safe_url(link.get("href"))


def test_json_ld_strings_cannot_close_the_script() -> None:
    digest = hostile("intel", "</script><script>alert(1)</script>")
    page = html.dumps(digest)
    head = page.split("<body>")[0]
    assert head.lower().count("<script") == 1 and head.lower().count("</script") == 1
    data = json.loads(lxml.html.document_fromstring(page.encode())
                      .find(".//script").text)
    assert "</script><script>alert(1)</script>" in data["itemListElement"][0]["item"]["headline"]
