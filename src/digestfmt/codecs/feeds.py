"""Digests -> feeds, one item per card: JSON Feed 1.1 and Atom 1.0 (RFC 4287).

Write-only: a feed keeps what a feed reader shows, not what a digest needs. Many
digests make one feed, newest first, which is what a reader subscribes to.
Items get stable ids (a ``urn:uuid`` from the digest date, the card's index and
its link) so that regenerating a feed never shows old cards as new; times are
RFC 3339 with an explicit offset (the digests' +08:00 unless they say otherwise).
``content_html`` is the card's markup as the page shows it, sanitised once more.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import nh3

from digestfmt.codecs import html
from digestfmt.codecs.epub import XML_INVALID
from digestfmt.codecs.render import SAFE_SCHEMES
from digestfmt.errors import DigestError
from digestfmt.i18n import _
from digestfmt.model import Card, Digest

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:digestfmt:feed")
ATOM = "http://www.w3.org/2005/Atom"
_CARD_TAGS = {
    "article", "h2", "h3", "span", "dl", "div", "dt", "dd", "data", "time", "ul", "ol", "li",
    "a", "section", "hr", "p", "br", "h1", "h4", "h5", "h6", "strong", "em", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "s",
}
_CARD_ATTRIBUTES = {"*": {"class"}, "a": {"href"}, "data": {"value"}, "time": {"datetime"},
                    "ol": {"start"}}


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    url: str | None
    summary: str | None
    content_html: str
    published: str | None
    tags: list[str]
    rating: int | None
    digest: Digest
    index: int


def _card_html(view: html.CardView) -> str:
    markup = html.markup("card", view, annotate=False)
    return nh3.clean(markup, tags=_CARD_TAGS, attributes=_CARD_ATTRIBUTES,
                     url_schemes=set(SAFE_SCHEMES), link_rel="noopener noreferrer").strip()



def item_id(digest: Digest, index: int, card: Card) -> str:
    date = digest.date.iso if digest.date else ""
    key = f"{digest.profile.name}/{date}/{index}/{html.card_link(card) or ''}"
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def items(digests: Sequence[Digest]) -> Iterator[Item]:
    """Every card of every digest, newest digest first, cards in digest order; made one at
    a time, so that a feed of 20,000 cards never holds all their markup at once."""
    ordered = sorted(digests, key=_date_key, reverse=True)
    for digest in ordered:
        view = html.layout_view(digest)
        for index, (card, card_view) in enumerate(zip(digest.cards, view.cards, strict=True), 1):
            yield Item(
                id=item_id(digest, index, card),
                title=html.heading_text(card_view.heading, index),
                url=html.card_link(card),
                summary=html.card_summary(digest.profile, card),
                content_html=_card_html(card_view),
                published=html.card_time(card, digest),
                tags=html.card_tags(card),
                rating=html.card_rating(card),
                digest=digest,
                index=index,
            )


def _feed_title(digests: Sequence[Digest]) -> str:
    return html.publication(sorted(digests, key=_date_key, reverse=True))


def _date_key(digest: Digest) -> tuple[bool, str]:
    """Dated digests by date; undated ones before every dated one (so last, newest first)."""
    return digest.date is not None, digest.date.iso if digest.date else ""


def jsonfeed(digests: Sequence[Digest]) -> str:
    return b"".join(jsonfeed_chunks(digests)).decode()


def jsonfeed_chunks(digests: Sequence[Digest]) -> Iterator[bytes]:
    """The JSON Feed as UTF-8 chunks, made item by item (what ``convert`` writes as they
    come: a feed of 20,000 cards as one str would take 4 bytes a character, its emoji
    make it so)."""
    if not digests:
        raise DigestError(None, _("no digests to put in a feed"))

    def entries() -> Iterator[str]:
        for item in items(digests):
            yield _json_entry(item)

    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _feed_title(digests),
        "language": digests[0].profile.language,
        "items": [],
    }
    # The items are encoded one at a time, indented as json.dumps nests them.
    head, tail = json.dumps(feed, ensure_ascii=False, indent=2).rsplit('"items": []', 1)
    yield f'{head}"items": '.encode()
    wrote = False
    for entry in entries():
        yield (",\n    " if wrote else "[\n    ").encode() + entry.encode()
        wrote = True
    yield b"\n  ]" if wrote else b"[]"
    yield f"{tail}\n".encode()


def _json_entry(item: Item) -> str:
    """One item as json.dumps writes it at the depth of the feed's items."""
    entry: dict[str, object] = {"id": item.id}
    if item.url:
        entry["url"] = item.url
        entry["external_url"] = item.url
    entry["title"] = item.title
    if item.summary:
        entry["summary"] = item.summary
    entry["content_html"] = item.content_html
    if item.published:
        entry["date_published"] = item.published
    if item.tags:
        entry["tags"] = item.tags
    extension: dict[str, object] = {"style": item.digest.profile.name, "card": item.index}
    if item.digest.date:
        extension["date"] = item.digest.date.iso
    if item.rating is not None:
        extension["rating"] = item.rating
    entry["_digestfmt"] = extension
    return json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def _feed_id(digests: Sequence[Digest]) -> str:
    from digestfmt.codecs.epub import identifier

    return identifier(digests)


def atom(digests: Sequence[Digest]) -> str:
    return b"".join(atom_chunks(digests)).decode()


def atom_chunks(digests: Sequence[Digest]) -> Iterator[bytes]:
    """The Atom feed as UTF-8 chunks, made entry by entry (see ``jsonfeed_chunks``)."""
    if not digests:
        raise DigestError(None, _("no digests to put in a feed"))
    # Plain names and a literal xmlns: the whole document is in the Atom namespace.
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": digests[0].profile.language})
    ET.SubElement(feed, "id").text = _feed_id(sorted(
        digests, key=lambda d: d.date.iso if d.date else ""))
    ET.SubElement(feed, "title").text = _feed_title(digests)
    times = [t for d in digests for card in d.cards if (t := html.card_time(card, d))]
    dated = [f"{d.date.iso}T00:00:00{html.OFFSET}" for d in digests if d.date and d.date.as_date()]
    # No date anywhere: the time the feed is made (html.made_at), never a made-up date.
    updated = max(times + dated, key=_instant, default=None) or html.made_at()
    ET.SubElement(feed, "updated").text = updated
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = _feed_title(digests)
    ET.SubElement(feed, "generator").text = html.GENERATOR
    if not any(d.cards for d in digests):
        yield _document(feed).encode()
        return
    # The entries are serialised one at a time, indented as ET.indent indents the whole
    # feed: a feed of 20,000 cards never becomes one tree (nor all its markup at once).
    ET.SubElement(feed, "entry")
    head, tail = _document(feed).split("<entry />")
    yield head.encode()
    for n, item in enumerate(items(digests)):
        entry = _entry(item, updated)
        ET.indent(entry, level=1)
        body = ET.tostring(entry, encoding="unicode")
        if XML_INVALID.search(body):
            raise DigestError(None, "a card holds control characters that XML cannot carry")
        yield (("\n  " if n else "") + body).encode()
    yield tail.encode()


def _document(feed: ET.Element) -> str:
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    if XML_INVALID.search(body):
        raise DigestError(None, _("a card holds control characters that XML cannot carry"))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def _entry(item: Item, updated: str) -> ET.Element:
    """One card's ``<entry>``; ``updated``: the feed's, for a card with no time."""
    entry = ET.Element("entry")
    ET.SubElement(entry, "id").text = item.id
    ET.SubElement(entry, "title").text = item.title
    ET.SubElement(entry, "updated").text = item.published or updated
    if item.published:
        ET.SubElement(entry, "published").text = item.published
    if item.url:
        ET.SubElement(entry, "link", {"rel": "alternate", "href": item.url})
    for tag in item.tags:
        ET.SubElement(entry, "category", {"term": tag})
    if item.summary:
        ET.SubElement(entry, "summary").text = item.summary
    content = ET.SubElement(entry, "content", {"type": "html"})
    content.text = item.content_html
    return entry


def _instant(stamp: str) -> str:
    """Sort key for RFC 3339 stamps in one offset, or UTC ones: the UTC instant."""
    import datetime as dt

    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(
        dt.UTC).isoformat()
