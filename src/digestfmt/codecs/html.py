"""Model <-> one standalone, semantic HTML5 page per digest.

Writing: the model is laid out (``layout_view``) and rendered with the Jinja
templates in ``converters/`` (autoescaped), the one source of the page's markup:
page.html.j2 includes digest-main.html.j2 (the digest), which calls the macros of
digest.html.j2, the ones a page template of one's own may import too; Markdown
bodies go through ``codecs.render`` (a fast renderer for the digests' subset, else
markdown-it-py, then nh3). A rendered
Markdown element carries its verbatim source in ``data-md`` where converting what it
shows back (``html_md``) would not give that source, so an untouched page reads back
byte for byte and carries no copy the page already is.

Reading: the page is parsed with lxml.html (libxml2): a real parser, at C speed
(html5lib, pure Python, parses ~170 KB/s here, and a page carries its Markdown
twice, so a month of pages took tens of seconds), tolerant of hand-edited
markup, with the ElementTree API that the EPUB reader's XHTML trees (from
defusedxml) share, so one reader walks both. Structure comes from the semantic
markup only; ``data-md`` is trusted only while the element still shows what
rendering that source shows, else the element's HTML is converted to Markdown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, overload

import jinja2
from markupsafe import Markup, escape

from digestfmt import __version__
from digestfmt.codecs import html_md
from digestfmt.codecs.json_ import (
    FORMAT,
    FORMAT_V1,
    FORMAT_V2,
    JSON,
    LAYOUT_KEYS,
    card_layout,
    from_dict,
    section_layout,
    upgrade,
)
from digestfmt.codecs.markdown import header_text
from digestfmt.codecs.render import (
    block_html,
    hidden_definitions,
    inline_html,
    local,
    plain_text,
    rendered_signature,
    safe_url,
    signature,
)
from digestfmt.errors import DigestError
from digestfmt.i18n import _
from digestfmt.layout import field_blocks
from digestfmt.model import Card, Digest, Field, Source
from digestfmt.parse import parse_date
from digestfmt.profiles import Profile, ProfileError, get_profile
from digestfmt.structured import load_json
from digestfmt.values import STAR, render_value

GENERATOR = f"digestfmt {__version__}"
OFFSET = "+08:00"  # the digests' local time (Asia/Shanghai) when a time carries no offset
_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


# -- layout: the model as the templates walk it ------------------------------------------


@dataclass(frozen=True)
class FieldView:
    key: str | None
    label: str
    value: Any
    show: str  # inline | time | rating | tags | url | sources | raw
    datetime: str = ""
    text: str = ""


@dataclass(frozen=True)
class Part:
    kind: str  # fields | section | separator | extra | trailer
    container: str = ""
    prefix: str = ""
    fields: tuple[FieldView, ...] = ()
    key: str | None = None
    heading: str = ""
    body: str = ""
    after: int | None = None
    data: tuple[tuple[str, str], ...] = ()  # data-* attributes: layout the JSON form keeps


@dataclass(frozen=True)
class CardView:
    id: str
    heading: tuple[tuple[str, str], ...]
    parts: tuple[Part, ...]
    card: Card
    data: tuple[tuple[str, str], ...] = ()  # data-* attributes: layout the JSON form keeps
    group: tuple[str | None, str, str | None] | None = None  # its group: lead, heading, body


@dataclass(frozen=True)
class RelatedView:
    heading: str
    items: tuple[Any, ...] | None
    body: str


@dataclass(frozen=True)
class DigestView:
    style: str
    format: str
    header: tuple[tuple[str, str], ...]
    datetime: str
    preamble: str | None
    front_matter: str | None
    intro: str | None
    cards: Sequence[CardView]
    outro: str | None
    related: RelatedView | None
    digest: Digest = field(repr=False)
    header_source: str = "heading"


def iso_time(raw: str) -> str | None:
    """``2026-02-20 07:39`` -> ``2026-02-20T07:39+08:00``; None when not a real time."""
    m = _TIME.fullmatch(raw.strip())
    if not m:
        return None
    try:
        year, month, day, hour, minute, second = (int(g) for g in m.groups(default="0"))
        dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if m[4] is None:
        return raw.strip()
    seconds = f":{m[6]}" if m[6] else ""
    return f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}{seconds}{OFFSET}"


def _field_view(p: Profile, f: Field, extra: bool) -> FieldView:
    spec = p.fields.get(f.key) if f.key and not extra else None
    kind = spec.kind if spec else "text"
    if extra:
        return FieldView(f.key, f.label, f.raw, "inline")
    value = f.value
    if kind == "text" and isinstance(value, str):
        return FieldView(f.key, f.label, value, "inline")
    if kind == "datetime" and isinstance(value, str) and (when := iso_time(value)):
        return FieldView(f.key, f.label, value, "time", datetime=when)
    if kind == "rating" and isinstance(value, int):
        return FieldView(f.key, f.label, value, "rating", text=STAR * value)
    if kind in ("tags", "sources") and isinstance(value, list):
        return FieldView(f.key, f.label, value, kind)
    if kind == "url" and isinstance(value, str):
        return FieldView(f.key, f.label, value, "url")
    return FieldView(f.key, f.label, render_value(kind, value), "raw")


def _parts(p: Profile, card: Card) -> tuple[Part, ...]:
    """A card's parts in the order the Markdown writer emits them (layout.field_blocks),
    each extra placed after ``after`` of them; extras with equal anchors keep their order."""
    parts = [Part("fields",
                  container="extra-fields" if all(extra for _, extra in block.entries)
                  else block.kind,
                  prefix=block.container.prefix.strip() if block.prefixed else "",
                  fields=tuple(_field_view(p, f, extra) for f, extra in block.entries))
             for block in field_blocks(p, card)]
    parts += [Part("section", key=s.key, heading=s.heading, body=s.body.text,
                   data=_layout_data(section_layout(p, s)))
              for s in card.sections]
    if card.separator:
        parts.append(Part("separator"))
    extras = sorted(reversed(card.extras), key=lambda e: e.after, reverse=True)
    for extra in extras:
        parts.insert(min(extra.after, len(parts)),
                     Part("extra", body=extra.body.text, after=extra.after))
    if card.trailer:
        parts.append(Part("trailer", body=card.trailer.text))
    return tuple(parts)


def _layout_data(data: JSON) -> tuple[tuple[str, str], ...]:
    """The layout keys of a card's or section's JSON form, as data-* attributes."""
    return tuple((key.replace("_", "-"), json.dumps(data[key], ensure_ascii=False))
                 for key in LAYOUT_KEYS if key in data)


def _template_parts(template: Sequence[str], values: dict[str, str | None]
                    ) -> tuple[tuple[str, str], ...]:
    """A heading template as (kind, text) pieces: ``text`` for the literal parts, the
    placeholder's name otherwise. A part is kept when none of its values is None."""
    out: list[tuple[str, str]] = []
    for part in template:
        names, pieces = _template_pieces(part)
        if any(values.get(name) is None for name in names):
            continue
        for placeholder, piece in pieces:
            out.append((piece, values[piece] or "") if placeholder else ("text", piece))
    return tuple(out)


@cache
def _template_pieces(part: str) -> tuple[tuple[str, ...], tuple[tuple[bool, str], ...]]:
    """One template part's placeholder names, and its pieces as (is a placeholder, text
    or name): parsed once per template, not once per card."""
    pieces = tuple((True, piece[1:-1]) if piece.startswith("{") and piece.endswith("}")
                   else (False, piece) for piece in re.split(r"(\{\w+\})", part) if piece)
    return tuple(name for placeholder, name in pieces if placeholder), pieces


def card_view(p: Profile, index: int, card: Card) -> CardView:
    """Card ``index`` (1-based) of a digest, laid out."""
    return CardView(
        id=f"card-{index}",
        heading=card_heading(p, card),
        parts=_parts(p, card),
        card=card,
        data=_layout_data(card_layout(p, card)),
        group=(card.group.lead.text if card.group.lead else None, card.group.heading,
               card.group.body.text if card.group.body else None) if card.group else None,
    )


def card_heading(p: Profile, card: Card) -> tuple[tuple[str, str], ...]:
    """A card's heading as the style's card template lays it out: (kind, text) parts."""
    return _template_parts(p.card_template.parts, {
        "number": None if card.number is None else str(card.number),
        "org": card.org, "title": card.title, "lead": card.lead})


class CardViews(Sequence[CardView]):
    """A digest's card views, each laid out when it is read and not kept: a page, book
    or feed of 20,000 cards never holds them all (a view takes several times its card)."""

    __slots__ = ("_digest",)

    def __init__(self, digest: Digest) -> None:
        self._digest = digest

    def __len__(self) -> int:
        return len(self._digest.cards)

    @overload
    def __getitem__(self, index: int) -> CardView: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[CardView, ...]: ...

    def __getitem__(self, index: int | slice) -> CardView | tuple[CardView, ...]:
        numbers = range(len(self))[index]
        if isinstance(numbers, int):
            return card_view(self._digest.profile, numbers + 1, self._digest.cards[numbers])
        return tuple(self[n] for n in numbers)

    def __iter__(self) -> Iterator[CardView]:
        for index, card in enumerate(self._digest.cards, 1):
            yield card_view(self._digest.profile, index, card)


def layout_view(digest: Digest) -> DigestView:
    p = digest.profile
    cards = CardViews(digest)
    header: tuple[tuple[str, str], ...] = ()
    if header_text(digest):
        date = digest.date.render() if digest.date else digest.date_text
        header = _template_parts(p.header_template.parts, {"title": digest.title, "date": date,
                                                           "note": digest.header_note})
        if digest.date is None:
            header = tuple(("date-text", t) if k == "date" else (k, t) for k, t in header)
    related = None
    if digest.related:
        r = digest.related
        related = RelatedView(r.heading, r.items, r.body.text if r.body else "")
    return DigestView(
        style=p.name,
        format=FORMAT,
        header=header,
        datetime=digest.date.iso if digest.date and digest.date.as_date() else "",
        preamble=digest.preamble.text if digest.preamble else None,
        front_matter=digest.front_matter.text if digest.front_matter else None,
        intro=digest.intro.text if digest.intro else None,
        outro=digest.outro.text if digest.outro else None,
        cards=cards,
        related=related,
        digest=digest,
        header_source=digest.header_source,
    )


# -- templates --------------------------------------------------------------------------


def _attr_md(text: str) -> Markup:
    """Escape for an attribute, keeping CR (which HTML parsers fold into LF) as a reference."""
    return Markup(str(escape(text)).replace("\r", "&#13;"))


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between processes (Jinja's per-user folder in the system's
    temporary directory, checked against each template's source): compiling the page
    templates took ~95 ms a process, loading them 1.4-4.7 ms. None where that folder
    cannot be made safely."""
    try:
        return _QuietBytecodeCache()
    except (OSError, RuntimeError):
        return None


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A compiled template that cannot be stored or read (a full or read-only temporary
    folder, a file in its place) is compiled again: never a failed conversion."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def environment(extra_dir: str | None = None) -> jinja2.Environment:
    """One environment per template folder, made once per process: Jinja compiles a
    template once per environment, and with ``auto_reload`` off never looks at the
    file again (a stat per include and import otherwise)."""
    folders = [str(resources.files("digestfmt") / "converters")]
    if extra_dir:
        folders.insert(0, extra_dir)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["md_blocks"] = lambda s: Markup(block_html(s))
    env.filters["md_inline"] = lambda s: Markup(inline_html(s))
    env.filters["attr_md"] = _attr_md
    env.filters["needs_md"] = lambda s, inline=False: not html_md.reads_back(s, inline)
    env.tests["safe_url"] = safe_url
    env.globals["part_end"] = Markup()  # digest-main.html.j2's mark after each element
    return env


@cache
def stylesheet() -> str:
    return (resources.files("digestfmt") / "converters" / "digest.css").read_text("utf-8")


def title_text(digest: Digest) -> str:
    return plain_text(header_text(digest)) or publication([digest])


def heading_text(heading: Sequence[tuple[str, str]], index: int) -> str:
    """Card ``index``'s heading parts as plain text; an empty one reads as the card's place
    (``#3``), which needs no language."""
    return plain_text("".join(text for _, text in heading)) or f"#{index}"


def publication(digests: Sequence[Digest]) -> str:
    """The publications' names as their headers give them, in order (no name is built
    in: `🎮 游戏行业速递` is as good as any); the style's name when none has a title."""
    names = dict.fromkeys(name for d in digests if d.title and (name := plain_text(d.title)))
    return " · ".join(names) or digests[0].profile.name


def made_at() -> str:
    """When a book or feed is made, for a timestamp that no digest date can give (UTC,
    RFC 3339): ``$SOURCE_DATE_EPOCH`` when set, as reproducible builds expect, else now."""
    import os
    import time

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


Nav = tuple[tuple[str, str, str], ...]  # (rel, href, text): links to the site's other pages


def dumps(digest: Digest, template: str | None = None, nav: Nav = ()) -> str:
    """The page; ``template`` is a page template file to use instead of page.html.j2;
    ``nav``, the links of a page in a site (digestfmt.site)."""
    return "".join(page_parts(digest, template, nav))


def dump_chunks(digest: Digest, template: str | None = None, nav: Nav = ()) -> Iterator[bytes]:
    """``dumps`` as UTF-8 chunks, made piece by piece as the template makes it and as
    ``convert`` writes it (a long page as one str takes 4 bytes a character, its emoji
    make it so)."""
    for part in page_parts(digest, template, nav):
        yield part.encode()


def _page_context(digest: Digest, nav: Nav = ()) -> dict[str, Any]:
    return {"lang": digest.profile.language, "title": title_text(digest),
            "generator": GENERATOR, "css": Markup(stylesheet()),
            "json_ld": Markup(json_ld(digest)), "view": layout_view(digest), "nav": nav}


def page_parts(digest: Digest, template: str | None = None, nav: Nav = ()) -> Iterator[str]:
    """The page in pieces, as Jinja renders page.html.j2 (or ``template``)."""
    if template is not None:
        path = Path(template)
        env = environment(str(path.resolve().parent))
        name = path.name
    else:
        env, name = environment(), "page.html.j2"
    try:
        yield from env.get_template(name).generate(**_page_context(digest, nav))
    except (jinja2.TemplateError, RecursionError) as exc:
        where = f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) \
            else ""
        reason = _("it includes itself without end") if isinstance(exc, RecursionError) else exc
        raise DigestError(template or name, _("template error: {where}{reason}").format(
            where=where, reason=reason)) from None


def markup(macro: str, *args: Any, **kwargs: Any) -> str:
    """One macro of digest.html.j2 (a feed item is ``markup("card", view, annotate=False)``)."""
    return str(getattr(environment().get_template("digest.html.j2").module, macro)(*args, **kwargs))


def main_parts(view: DigestView) -> Iterator[str]:
    """digest-main.html.j2 (the digest's ``<main>``) in pieces: its start tag, each element
    in it (with the text after it), then ``</main>``; so a book converts and stores a long
    digest an element at a time (codecs/epub.py)."""
    part: list[str] = []
    main = environment().get_template("digest-main.html.j2")
    for chunk in main.generate(view=view, part_end=_PART_END):
        *ended, rest = chunk.split(_PART_END)
        for piece in ended:
            part.append(piece)
            yield "".join(part)
            part.clear()
        part.append(rest)
    yield "".join(part)


# An EPUB's mark between the elements of <main>: no text of a digest can hold it, as
# every text is escaped and every rendered body sanitised (no comments).
_PART_END = Markup("<!--digestfmt-part-end-->")


# -- schema.org JSON-LD -------------------------------------------------------------------

_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON that cannot end its script element or confuse an HTML parser."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_SAFE[m[0]], text)


def card_link(card: Card) -> str | None:
    """The article a card is about: its link field, else its first linked source."""
    for f in card.fields:
        if f.kind == "url" and isinstance(f.value, str) and safe_url(f.value):
            return f.value
    for f in card.fields:
        if f.kind == "sources" and isinstance(f.value, list):
            for s in f.value:
                if isinstance(s, Source) and s.url and safe_url(s.url):
                    return s.url
    return None


def card_time(card: Card, digest: Digest) -> str | None:
    """RFC 3339 time of a card: its time field, else the digest's date at midnight."""
    for f in card.fields:
        if f.kind == "datetime" and isinstance(f.value, str):
            when = iso_time(f.value)
            if when and "T" in when:
                return when if when.count(":") == 3 else when.replace(OFFSET, ":00" + OFFSET)
    if digest.date and digest.date.as_date():
        return f"{digest.date.iso}T00:00:00{OFFSET}"
    return None


def card_summary(p: Profile, card: Card) -> str | None:
    """The plain text of what the profile names the card's summary (``card.summary``):
    a field's value, or a section body's first paragraph."""
    if p.summary is None:
        return None
    f = card.field(p.summary)
    if f and isinstance(f.value, str):
        return plain_text(f.value)
    section = card.section(p.summary)
    if section and section.body.text:
        return plain_text(section.body.text.split("\n\n", 1)[0])
    return None


def card_tags(card: Card) -> list[str]:
    f = next((f for f in card.fields if f.kind == "tags"), None)
    return [t for t in f.value if isinstance(t, str)] if f and isinstance(f.value, list) else []


def card_rating(card: Card) -> int | None:
    f = next((f for f in card.fields if f.kind == "rating"), None)
    return f.value if f and isinstance(f.value, int) else None


DESCRIPTION = 160  # code points of a summary in the page's metadata, as search results show


def _short(text: str) -> str:
    """A description for metadata: the summary cut at ``DESCRIPTION`` code points (the
    page itself shows it whole)."""
    return text if len(text) <= DESCRIPTION else text[:DESCRIPTION - 1].rstrip() + "…"


def json_ld(digest: Digest) -> str:
    items = []
    for index, card in enumerate(digest.cards, 1):
        article: JSON = {"@type": "NewsArticle", "headline": plain_text(card.title)}
        if url := card_link(card):
            article["url"] = url
        if when := card_time(card, digest):
            article["datePublished"] = when
        if summary := card_summary(digest.profile, card):
            article["description"] = _short(summary)
        if tags := card_tags(card):
            article["keywords"] = tags
        source = card.field("source")
        if source and isinstance(source.value, str):
            article["publisher"] = {"@type": "Organization", "name": plain_text(source.value)}
        elif source and isinstance(source.value, list):
            article["publisher"] = [{"@type": "Organization", "name": s.name}
                                    for s in source.value if isinstance(s, Source)]
        category = card.field("category")
        if category and isinstance(category.value, str):
            article["articleSection"] = plain_text(category.value)
        if (rating := card_rating(card)) is not None:
            article["contentRating"] = {"@type": "Rating", "ratingValue": rating,
                                        "bestRating": 5, "worstRating": 1}
        items.append({"@type": "ListItem", "position": index, "item": article})
    data: JSON = {"@context": "https://schema.org", "@type": "ItemList",
                  "name": title_text(digest), "numberOfItems": len(items),
                  "itemListElement": items}
    if digest.date and digest.date.as_date():
        data["dateCreated"] = digest.date.iso
    return script_json(data)


# -- reading ------------------------------------------------------------------------------


def classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def children(el: Any) -> list[Any]:
    return [c for c in el if isinstance(c.tag, str)]


def find(root: Any, tag: str | None = None, cls: str | None = None) -> Any | None:
    """The first element under ``root`` (inclusive) with this tag and class."""
    for el in root.iter():
        if isinstance(el.tag, str) and (tag is None or local(el) == tag) \
                and (cls is None or cls in classes(el)):
            return el
    return None


def text_of(el: Any, keep_lead: bool = False) -> str:
    """Plain text as shown: trimmed (but for the white space opening it, with
    ``keep_lead``), line breaks from re-indented markup folded to a space."""
    text = re.sub(r"\s*\n\s*", " ", "".join(el.itertext()))
    return text.rstrip() if keep_lead else text.strip()


def _markdown_of(el: Any, render: Callable[[str], str], convert: Callable[[Any], str]) -> str:
    source = el.get("data-md")
    if isinstance(source, str):
        html = render(source)
        if rendered_signature(html) == signature(el) and not hidden_definitions(source, html):
            return source
    return convert(el)


def blocks_of(el: Any) -> str:
    return _markdown_of(el, block_html, html_md.blocks)


def inline_of(el: Any) -> str:
    return _markdown_of(el, inline_html, html_md.inline)


class _Reader:
    def __init__(self, path: str | None) -> None:
        self.path = path

    def fail(self, reason: str) -> DigestError:
        return DigestError(self.path, reason)

    def digest(self, main: Any) -> JSON:
        style = main.get("data-style") or ""
        version = main.get("data-format") or FORMAT
        if version not in (FORMAT, FORMAT_V2, FORMAT_V1):
            raise self.fail(_("unsupported digest format {version!r}").format(version=version))
        try:
            p = get_profile(style)
        except ProfileError as exc:
            raise self.fail(str(exc)) from None
        out: JSON = {"format": version, "style": p.name}
        header = next((h for h in children(main) if local(h) == "header"), None)
        h1 = find(header, "h1") if header is not None else None
        if h1 is not None:
            out.update(self.header(p, h1))
            if source := (header.get("data-source") if header is not None else None):
                out["header_source"] = source
        cards: list[JSON] = []
        group: JSON | None = None  # a group heading read, waiting for its first card
        lead: str | None = None  # blocks before a group heading (groups with no card)
        for el in children(main):
            names = classes(el)
            if local(el) == "pre" and "front-matter" in names:
                out["front_matter"] = "".join(el.itertext())
            elif local(el) == "div" and "preamble" in names:
                out["preamble"] = blocks_of(el)
            elif local(el) == "div" and "intro" in names:
                out["intro"] = blocks_of(el)
            elif local(el) == "div" and "group-lead" in names:
                lead = blocks_of(el)
            elif local(el) == "h2" and "group" in names:
                group = {**({"lead": lead} if lead else {}), "heading": inline_of(el)}
                lead = None
            elif local(el) == "div" and "group-body" in names and group is not None:
                group["body"] = blocks_of(el)
            elif local(el) == "article" and "card" in names:
                cards.append({**({"group": group} if group else {}), **self.card(p, el)})
                group = None
            elif local(el) == "div" and "outro" in names:
                out["outro"] = blocks_of(el)
            elif local(el) == "section" and "related" in names:
                out["related"] = self.related(el)
        out["cards"] = cards
        document: JSON = upgrade({k: v for k, v in out.items()
                                  if k not in ("preamble", "intro", "outro") or v})
        return document

    def header(self, p: Profile, h1: Any) -> JSON:
        out: JSON = {}
        title = find(h1, cls="title")
        out["title"] = text_of(title) if title is not None else ""
        date = find(h1, cls="date")
        date_text = find(h1, cls="date-text")
        if date is not None:
            parsed = parse_date(text_of(date), p.date_forms)
            if parsed is None:
                raise self.fail(_("the page's date {date!r} is not a date").format(
                    date=text_of(date)))
            year, month, day, fmt = parsed
            out["date"] = f"{year:04d}-{month:02d}-{day:02d}"
            if fmt != p.date_format:
                out["date_format"] = fmt
        elif date_text is not None:
            out["date_text"] = text_of(date_text)
        note = find(h1, cls="note")
        if note is not None:
            out["header_note"] = text_of(note, keep_lead=True)  # `` 星期二`` keeps its space
        return out

    def card(self, p: Profile, article: Any) -> JSON:
        out: JSON = {}
        heading = next((c for c in children(article) if local(c) in ("h2", "h3")), None)
        if heading is None:
            raise self.fail(_("a card ({id}) has no heading").format(
                id=article.get("id") or _("no id")))
        number = find(heading, cls="number")
        if number is not None:
            try:
                out["number"] = int(text_of(number))
            except ValueError:
                raise self.fail(_("card number {number!r} is not a number").format(
                    number=text_of(number))) from None
        org = find(heading, cls="org")
        if org is not None:
            out["org"] = text_of(org)
        title = find(heading, cls="title")
        out["title"] = inline_of(title) if title is not None else ""
        lead = find(heading, cls="lead")
        if lead is not None:
            out["lead"] = inline_of(lead)
        fields: JSON = {}
        extra_fields: list[JSON] = []
        sections: list[JSON] = []
        extras: list[JSON] = []
        parts = 0
        separator = False
        for el in children(article):
            names, tag = classes(el), local(el)
            if tag == "dl" and "fields" in names:
                parts += 1
                for group in children(el):
                    if local(group) != "div" or "field" not in classes(group):
                        continue
                    label, key, value = self.field(p, group, "extra-fields" in names)
                    if key is None or key in fields:  # a row added by hand: kept as written
                        if "extra-fields" not in names:
                            label, key, value = self.field(p, group, True)
                        extra_fields.append({"label": label, "value": value})
                    else:
                        fields[key] = value
            elif tag == "section" and "section" in names:
                parts += 1
                sections.append(self.section(p, el))
            elif tag == "hr" and "separator" in names:
                parts += 1
                separator = True
            elif tag == "div" and "trailer" in names:
                out["trailer"] = blocks_of(el)
            elif tag == "div" and "extra" in names:
                after = el.get("data-after")
                extras.append({"after": int(after) if after and after.isdigit() else parts,
                               "markdown": blocks_of(el)})
        out["fields"] = fields
        if extra_fields:
            out["extra_fields"] = extra_fields
        out["sections"] = sections
        out.update(self.layout(article))
        if extras:
            out["extras"] = extras
        if not separator:
            out["separator"] = False
        return out

    def field(self, p: Profile, group: Any, extra: bool) -> tuple[str, str | None, Any]:
        dt_el = find(group, "dt")
        dd = find(group, "dd")
        if dt_el is None or dd is None:
            raise self.fail(_("a field lacks its <dt> label or <dd> value"))
        label = text_of(dt_el)
        if extra:
            return label, None, inline_of(dd)
        key = group.get("data-key") or p.field_key(label)
        spec = p.fields.get(key) if key else None
        if spec is None:  # a format-1 page's field that is now a section: upgrade() moves it
            return (label, key, inline_of(dd)) if key and p.section(key) else (label, None, None)
        kind = spec.kind
        if kind == "text":
            return label, key, inline_of(dd)
        if kind == "rating" and (data := find(dd, "data")) is not None:
            value = data.get("value") or ""
            if not value.isdigit():
                raise self.fail(_("rating {value!r} is not a number").format(value=value))
            return label, key, int(value)
        if kind == "tags" and (ul := find(dd, "ul")) is not None:
            return label, key, [text_of(li) for li in children(ul) if local(li) == "li"]
        if kind == "sources" and (ul := find(dd, "ul")) is not None:
            sources = []
            for li in children(ul):
                if local(li) != "li":
                    continue
                link = _link(li)
                url = None if link is None else link.get("href") or link.get("data-href")
                sources.append({"name": text_of(li), **({"url": url} if url else {})})
            return label, key, sources
        return label, key, text_of(dd)

    def section(self, p: Profile, el: Any) -> JSON:
        h = next((c for c in children(el) if re.fullmatch(r"h[1-6]", local(c))), None)
        heading = text_of(h) if h is not None else ""
        body = find(el, "div", "body")
        key = el.get("data-key")
        spec = p.section(key) if key else p.resolve_section(heading)[0]
        out: JSON = {}
        if spec is not None:
            out["key"] = spec.key
        if spec is None or heading != spec.heading:
            out["heading"] = heading
        out["body"] = blocks_of(body) if body is not None else ""
        out.update(self.layout(el))
        return out

    def layout(self, el: Any) -> JSON:
        """The layout keys an element carries as data-* attributes (JSON values)."""
        out: JSON = {}
        for key in LAYOUT_KEYS:
            value = el.get("data-" + key.replace("_", "-"))
            if value is not None:
                try:
                    out[key] = load_json(value, None)
                except DigestError as exc:
                    raise self.fail(_("{attribute} {value!r} is not usable JSON ({reason})").format(
                        attribute="data-" + key.replace("_", "-"), value=value[:80],
                        reason=exc.reason)) from None
        return out

    def related(self, el: Any) -> JSON:
        ul = find(el, "ul", "related-items")
        if ul is None:
            body = find(el, "div", "related-body")
            return {"body": blocks_of(body) if body is not None else ""}
        items = []
        for li in children(ul):
            link = _link(li)
            if link is None:
                raise self.fail(_("related item {title!r} has no link").format(title=text_of(li)))
            items.append({"title": text_of(link),
                          "url": link.get("href") or link.get("data-href") or ""})
        return {"items": items}


def _link(el: Any) -> Any | None:
    """A link as written: ``<a href>``, or the span that keeps a URL no page may link to."""
    anchor = find(el, "a")
    return anchor if anchor is not None else find(el, cls="link")


def read_main(main: Any, path: str | None) -> Digest:
    """The digest in a ``<main class="digest">`` element (of a page or an EPUB chapter)."""
    document = _Reader(path).digest(main)
    try:
        return from_dict(document, path)
    except (KeyError, TypeError, ValueError) as exc:
        raise DigestError(path, _("the page's structure is incomplete ({reason})").format(
            reason=repr(exc))) from None


def find_main(root: Any) -> Any | None:
    for el in root.iter():
        if isinstance(el.tag, str) and local(el) == "main" and "digest" in classes(el) \
                and el.get("data-style"):
            return el
    return None


def loads(data: bytes, path: str | None = None, profile: Profile | None = None) -> Digest:
    """Read a page this module wrote, possibly edited since."""
    import lxml.etree
    import lxml.html

    from digestfmt.parse.source import MAX_BYTES

    if len(data) > MAX_BYTES:
        raise DigestError(path, _("file too large ({size} bytes; the limit is {limit})").format(
            size=len(data), limit=MAX_BYTES))
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise DigestError(path, _("not a digestfmt HTML page: {reason}").format(reason=exc)) \
            from None
    for error in parser.error_log:
        if error.type == lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT:  # libxml2 stopped reading
            why = error.message.split(",")[0]  # not libxml2's advice to its own callers
            raise DigestError(path, _("not a usable HTML page: {reason}").format(reason=why),
                              error.line, error.column)
    main = find_main(root)
    if main is None:
        generator = next((str(m.get("content")) for m in root.iter("meta")
                          if (m.get("name") or "").lower() == "generator"), None)
        if generator and "digestfmt" not in generator:
            raise DigestError(path, _("not a digestfmt HTML page: made by {generator!r}").format(
                generator=generator))
        raise DigestError(path, _('not a digestfmt HTML page: no <main class="digest" '
                                  'data-style> element'))
    digest = read_main(main, path)
    if profile is not None and profile.name != digest.profile.name:
        raise DigestError(path, _("style is {style!r}, not {profile!r}").format(
            style=digest.profile.name, profile=profile.name))
    return digest
