"""JSON Feed 1.1 and Atom 1.0 (RFC 4287): structure, stable ids, dates, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import lxml.etree
import pytest
from click.testing import CliRunner
from codec_helpers import REAL, SAMPLES, month_of, month_of_intel, parsed

from digestfmt.cli import main
from digestfmt.codecs import feeds, markdown
from digestfmt.model import Digest

RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")
ATOM = "{http://www.w3.org/2005/Atom}"

# JSON Feed 1.1 (jsonfeed.org/version/1.1), the parts this writer uses.
JSON_FEED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "language": {"type": "string"},
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string", "minLength": 1},
                "url": {"type": "string", "pattern": "^https?://"},
                "external_url": {"type": "string", "pattern": "^https?://"},
                "title": {"type": "string"},
                "summary": {"type": "string"},
                "content_html": {"type": "string"},
                "date_published": {"type": "string", "pattern": RFC3339.pattern + "$"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "patternProperties": {"^_": {"type": "object"}},
            "additionalProperties": False,
        }},
    },
}


def digests() -> list[Digest]:
    return [markdown.loads(p.read_bytes(), str(p)) for p in SAMPLES]


def test_json_feed_is_valid_and_complete() -> None:
    ds = digests()
    feed = json.loads(feeds.jsonfeed(ds))
    jsonschema.validate(feed, JSON_FEED_SCHEMA)
    assert len(feed["items"]) == sum(len(d.cards) for d in ds)
    assert len({i["id"] for i in feed["items"]}) == len(feed["items"])
    intel = next(i for i in feed["items"] if i["_digestfmt"]["style"] == "intel")
    card = next(d for d in ds if d.profile.name == "intel").cards[0]
    assert intel["url"] == card.field("link").value
    assert intel["date_published"].endswith("+08:00")
    assert intel["tags"] == card.field("tags").value
    assert intel["_digestfmt"]["rating"] == card.field("rating").value
    assert intel["content_html"].startswith("<article")
    assert "data-md" not in intel["content_html"]


def test_item_ids_are_stable() -> None:
    ds = digests()
    alone = {i["title"]: i["id"] for i in json.loads(feeds.jsonfeed(ds[:1]))["items"]}
    together = {i["title"]: i["id"] for i in json.loads(feeds.jsonfeed(ds))["items"]}
    assert alone.items() <= together.items()
    assert feeds.jsonfeed(ds) == feeds.jsonfeed(ds)


def test_atom_follows_rfc_4287() -> None:
    ds = month_of_intel() if REAL else digests()
    root = lxml.etree.fromstring(feeds.atom(ds).encode())
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert RFC3339.fullmatch(root.findtext(f"{ATOM}updated"))
    assert root.find(f"{ATOM}author/{ATOM}name").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == sum(len(d.cards) for d in ds)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated"))
        assert len(entry.findall(f"{ATOM}published")) <= 1
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html" and content.text.startswith("<article")
        for link in entry.findall(f"{ATOM}link"):
            assert link.get("rel") == "alternate"
            assert link.get("href").startswith(("http://", "https://"))


def _retitled(title: str) -> list[Digest]:
    """The brief sample as another publication of the same grammar would write it."""
    brief = next(p for p in SAMPLES if "brief" in p.parts)
    text = brief.read_text("utf-8").replace("🤖 AI行业速递", title, 1)
    return [markdown.loads(text.encode(), str(brief))]


def test_feed_titles_are_the_publications_names() -> None:
    game = _retitled("🎮 游戏行业速递")
    assert json.loads(feeds.jsonfeed(game))["title"] == "🎮 游戏行业速递"
    root = lxml.etree.fromstring(feeds.atom(game + digests()).encode())
    names = root.findtext(f"{ATOM}title").split(" · ")
    assert sorted(names) == sorted({"🎮 游戏行业速递", *(d.title for d in digests())})


def test_an_undated_digest_gets_the_conversion_time(monkeypatch: pytest.MonkeyPatch) -> None:
    undated = _retitled("🎮 游戏行业速递")[0]
    undated = markdown.loads(markdown.dumps(undated).replace(
        f" - {undated.date.render()}", " - 待定", 1).encode())  # type: ignore[union-attr]
    assert undated.date is None and undated.date_text == "待定"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    root = lxml.etree.fromstring(feeds.atom([undated]).encode())
    assert root.findtext(f"{ATOM}updated") == "2026-01-01T00:00:00Z"
    assert {e.findtext(f"{ATOM}updated") for e in root.findall(f"{ATOM}entry")} \
        == {"2026-01-01T00:00:00Z"}
    assert "1980" not in feeds.atom([undated]) + feeds.jsonfeed([undated])


@pytest.mark.skipif(not month_of("style-b/game/2025/09"), reason="no ../shared corpus")
def test_a_month_of_the_sibling_publication_reads_right() -> None:
    month = month_of("style-b/game/2025/09")
    title = month[0].title
    assert all(d.title == title and d.date for d in month)
    root = lxml.etree.fromstring(feeds.atom(month[::-1]).encode())
    assert root.findtext(f"{ATOM}title") == title
    days = [e.findtext(f"{ATOM}updated")[:10] for e in root.findall(f"{ATOM}entry")]
    assert days == sorted(days, reverse=True)  # newest digest first
    assert set(days) == {d.date.iso for d in month}  # type: ignore[union-attr]


@pytest.mark.skipif(not REAL, reason="no ../shared corpus")
def test_real_times_carry_the_offset() -> None:
    from codec_helpers import INTEL_SEED

    feed = json.loads(feeds.jsonfeed([parsed(INTEL_SEED)]))
    assert feed["items"][0]["date_published"] == "2026-02-20T07:39:00+08:00"


def test_cli_feeds_gather_every_input(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = SAMPLES[0].parents[3]
    result = runner.invoke(main, ["convert", str(folder), "--to", "jsonfeed"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["items"]) == sum(len(d.cards) for d in digests())
    out = tmp_path / "feed.atom"
    result = runner.invoke(main, ["convert", str(folder), "--to", "atom", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lxml.etree.fromstring(out.read_bytes())


def test_feeds_are_not_readable(tmp_path: Path) -> None:
    feed = tmp_path / "x.feed.json"
    feed.write_text(feeds.jsonfeed(digests()))
    result = CliRunner().invoke(main, ["convert", str(feed), "--to", "md"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"digestfmt: error: {feed}:1:1: not a valid digest")
