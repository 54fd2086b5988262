"""Digests <-> one EPUB 3 book: a chapter per digest, in date order.

Writing: each chapter is the HTML page's markup (``digest.html.j2``) re-serialised
as polyglot XHTML; the package document, navigation (table of contents with
an entry per card, and landmarks) and title page come from ``converters/epub``.
The same input gives the same bytes: the identifier is a ``urn:uuid`` derived
from the content, ``dcterms:modified`` is the latest digest date (with no date, the
time the book is made: ``$SOURCE_DATE_EPOCH`` when set, else now), and the
container is written by stdlib ``zipfile`` with ``mimetype`` first and stored,
fixed timestamps (1980-01-01) and a fixed order. No EPUB library is used:
ebooklib is AGPL-licensed and writes random identifiers and the current time,
and an EPUB is only a zip of a few small XML files that templates write exactly.

Reading is hardened, since a book may come from anywhere: nothing is extracted
to disk (entries are read by name, in memory); entry count, total size and each
entry's compression ratio are capped; unsafe or duplicate entry names, and a
missing or wrong ``mimetype``, are refused; XML is parsed with defusedxml, so
DTDs, entities and external references are refused too. Every problem is one
``DigestError`` naming the book.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import re
import uuid
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from markupsafe import Markup

from digestfmt.codecs import html
from digestfmt.codecs.json_ import dumps_chunks, to_dict
from digestfmt.codecs.render import local
from digestfmt.errors import DigestError
from digestfmt.i18n import _
from digestfmt.model import Digest
from digestfmt.profiles import Profile

if TYPE_CHECKING:
    import jinja2

MIMETYPE = b"application/epub+zip"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:digestfmt:epub")
MAX_ENTRIES = 10_000
MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_DEPTH = 256  # elements, as libxml2 bounds an HTML page
# Smaller entries are not held to MAX_RATIO (MAX_TOTAL bounds them together): a real
# chapter can compress 300:1 (a title of one character repeated, in digestfmt's own books)
RATIO_FLOOR = 8 * 1024 * 1024
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# -- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chapter:
    id: str
    href: str
    title: str
    cards: tuple[dict[str, str], ...]
    digest: Digest
    view: html.DigestView


def _ordered(digests: Sequence[Digest]) -> list[Digest]:
    """Date order, undated last; ties by style, then content, so input order never matters
    (the content, a JSON text, is made only for digests that tie on the rest)."""
    def day(d: Digest) -> tuple[bool, str, str]:
        return d.date is None, d.date.iso if d.date else "", d.profile.name

    ties = Counter(day(d) for d in digests)
    return sorted(digests, key=lambda d: (day(d), json.dumps(to_dict(d), sort_keys=True)
                                          if ties[day(d)] > 1 else ""))


def _chapters(digests: list[Digest]) -> list[_Chapter]:
    out, used = [], set()
    for index, digest in enumerate(digests, 1):
        stem = f"day-{digest.date.iso}" if digest.date else f"digest-{index:03d}"
        name, n = stem, 2
        while name in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        # the contents need each card's heading only, not its whole layout
        cards = tuple(
            {"id": f"card-{n}", "title": html.heading_text(html.card_heading(digest.profile, c), n)}
            for n, c in enumerate(digest.cards, 1)
        )
        out.append(_Chapter(name, f"{name}.xhtml", html.title_text(digest), cards, digest,
                            html.layout_view(digest)))
    return out


def _xhtml(markup: str, where: str | None) -> str:
    """HTML markup -> the same tree serialised as XML (void elements closed, entities
    resolved, newlines in attributes kept as references)."""
    import lxml.etree
    import lxml.html

    element = lxml.html.fragment_fromstring(markup)
    text = lxml.etree.tostring(element, method="xml", encoding="unicode")
    if XML_INVALID.search(text):
        raise DigestError(where, _("holds control characters that XHTML cannot carry"))
    return text


def identifier(digests: Sequence[Digest]) -> str:
    """A ``urn:uuid`` that changes exactly when the content does: the hash of
    ``json.dumps([to_dict(d) for d in digests], ensure_ascii=False, sort_keys=True)``,
    hashed a card at a time (the JSON form is never whole, as dicts or as text)."""
    digest = hashlib.sha256(b"[")
    for n, d in enumerate(digests):
        if n:
            digest.update(b", ")
        for chunk in dumps_chunks(d, indent=None, sort_keys=True):
            digest.update(chunk.encode())
    digest.update(b"]")
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, digest.hexdigest())}"


def _book_title(digests: list[Digest]) -> tuple[str, str]:
    first = digests[0]
    dated = [d.date.iso for d in digests if d.date]
    if len(digests) == 1:
        return html.title_text(first), dated[0] if dated else ""
    name = html.publication(digests)
    span = f"{dated[0]} – {dated[-1]}" if dated and dated[0] != dated[-1] else \
        (dated[0] if dated else "")
    return (f"{name} {span}".strip(), span)


def dumps_all(digests: Sequence[Digest]) -> bytes:
    """One book of ``digests``, a chapter each, in date order."""
    if not digests:
        raise DigestError(None, _("no digests to put in a book"))
    ordered = _ordered(digests)
    chapters = _chapters(ordered)
    env = html.environment()
    lang = ordered[0].profile.language
    title, span = _book_title(ordered)
    dated = [d.date.iso for d in ordered if d.date and d.date.as_date()]
    modified = f"{max(dated)}T00:00:00Z" if dated else html.made_at()
    common = {"lang": lang, "title": title, "generator": html.GENERATOR}
    files: list[tuple[str, str | Iterable[str]]] = [
        ("META-INF/container.xml",
         env.get_template("epub/container.xml.j2").render(opf="EPUB/package.opf")),
        ("EPUB/package.opf", env.get_template("epub/package.opf.j2").render(
            identifier=identifier(ordered), modified=modified,
            date=max(dated) if dated else "", chapters=chapters, **common)),
        ("EPUB/nav.xhtml", env.get_template("epub/nav.xhtml.j2").render(
            chapters=chapters, **common)),
        ("EPUB/title.xhtml", env.get_template("epub/title.xhtml.j2").render(
            span=span, days=len(ordered), cards=sum(len(d.cards) for d in ordered), **common)),
        ("EPUB/digest.css", html.stylesheet()),
    ]
    files += [(f"EPUB/{chapter.href}", _chapter_page(env, chapter)) for chapter in chapters]
    return _zip(files)


def _chapter_page(env: jinja2.Environment, chapter: _Chapter) -> Iterator[str]:
    """A chapter's page, made piece by piece as the book's zip takes it."""
    head, tail = env.get_template("epub/chapter.xhtml.j2").render(
        lang=chapter.digest.profile.language, title=chapter.title,
        main=Markup(_SPLIT)).split(_SPLIT)
    yield head
    yield from _xhtml_parts(html.main_parts(chapter.view), chapter.digest.path)
    yield tail


_SPLIT = "digestfmt-split-8c1e5f"  # where a chapter's markup goes in its page


def _xhtml_parts(parts: Iterator[str], where: str | None) -> Iterator[str]:
    """``_xhtml`` of the whole ``<main>``, made piece by piece: each element converted on
    its own (an element's XML does not depend on its siblings), so that a digest of
    20,000 cards never becomes one lxml tree and one string of four bytes a character
    (its emoji make every string of it so)."""
    start = next(parts)  # the <main> start tag; the last part is "</main>"
    head, tail = _xhtml(start + _SPLIT + "</main>", where).split(_SPLIT)
    yield head
    for part in parts:
        if part == "</main>":
            break
        converted = _xhtml(f"<div>{part}</div>", where)
        yield converted[len("<div>"):-len("</div>")] if converted != "<div/>" else ""
    yield tail


def _zip(files: list[tuple[str, str | Iterable[str]]]) -> bytes:
    """The book: each file's text (or its pieces) compressed as it comes, so a chapter
    of 20,000 cards is never whole in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        for name, data, method in [("mimetype", MIMETYPE, zipfile.ZIP_STORED),
                                   *((n, d, zipfile.ZIP_DEFLATED) for n, d in files)]:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = method
            info.create_system = 3
            info.external_attr = 0o644 << 16
            # What writestr(..., compresslevel=9) sets; ZipFile.open reads it (3.13
            # names it compress_level and keeps this name as an alias).
            info._compresslevel = 9 if method else None  # type: ignore[attr-defined]
            with book.open(info, "w") as entry:
                for piece in [data] if isinstance(data, (str, bytes)) else data:
                    entry.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
    return buffer.getvalue()


def dumps(digest: Digest) -> bytes:
    return dumps_all([digest])


# -- reading -------------------------------------------------------------------------------


class _Book:
    """A zip archive checked as a whole before any entry is read."""

    def __init__(self, data: bytes, path: str | None) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
            raise self.fail(_("not an EPUB: not a zip archive")) from None
        if len(infos) > MAX_ENTRIES:
            raise self.fail(_("not an EPUB: {count} entries (the limit is {limit})").format(
                count=len(infos), limit=MAX_ENTRIES))
        seen: set[str] = set()
        for info in infos:
            self._check_name(info.filename, seen)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.fail(_("{entry}: unsupported compression method").format(
                    entry=info.filename))
            if info.flag_bits & 0x1:
                raise self.fail(_("{entry}: encrypted entries are not read").format(
                    entry=info.filename))
            if info.file_size > RATIO_FLOOR \
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self.fail(_("{entry}: compression ratio over {ratio}:1 (a zip bomb?)").format(
                    entry=info.filename, ratio=MAX_RATIO))
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL:
            raise self.fail(_("uncompressed size {size} bytes is over the limit of {limit}").format(
                size=total, limit=MAX_TOTAL))
        self.infos = {i.filename: i for i in infos}
        if not infos or infos[0].filename != "mimetype":
            raise self.fail(_("not an EPUB: the first entry is not 'mimetype'"))
        if self.read("mimetype").strip() != MIMETYPE:
            raise self.fail(_("not an EPUB: mimetype is not application/epub+zip"))

    def fail(self, reason: str) -> DigestError:
        return DigestError(self.path, reason)

    def _check_name(self, name: str, seen: set[str]) -> None:
        parts = name.split("/")
        if "\\" in name or "\x00" in name or name.startswith("/") \
                or re.match(r"[A-Za-z]:", name) or ".." in parts:
            raise self.fail(_("unsafe entry name {name!r}").format(name=name))
        if name in seen:
            raise self.fail(_("duplicate entry name {name!r}").format(name=name))
        seen.add(name)

    def read(self, name: str) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise self.fail(_("missing entry {name!r}").format(name=name))
        try:
            with self.zip.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
                NotImplementedError) as exc:
            raise self.fail(_("{entry}: unreadable entry ({reason})").format(
                entry=name, reason=exc)) from None
        if len(data) > info.file_size:
            raise self.fail(_("{entry}: larger than its header says").format(entry=name))
        return data

    def xml(self, name: str) -> Any:
        """An entry parsed as XML, refusing DTDs, entities and external references."""
        from xml.etree.ElementTree import ParseError

        import defusedxml
        import defusedxml.ElementTree

        data = self.read(name)
        try:
            root = defusedxml.ElementTree.fromstring(
                data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except defusedxml.DTDForbidden:
            raise self.fail(_("{entry}: XML with a DTD is refused (no entities, no external "
                              "references)").format(entry=name)) from None
        except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden,
                defusedxml.NotSupportedError) as exc:
            raise self.fail(_("{entry}: refused XML construct ({kind})").format(
                entry=name, kind=type(exc).__name__)) from None
        except ParseError as exc:
            raise self.fail(_("{entry}: not well-formed XML ({reason})").format(
                entry=name, reason=exc)) from None
        # expat has no depth limit; the readers recurse (libxml2 stops HTML pages at 256).
        pending = [(root, 1)]
        while pending:
            element, depth = pending.pop()
            if depth > MAX_DEPTH:
                raise self.fail(_("{entry}: elements nested deeper than {limit} levels").format(
                    entry=name, limit=MAX_DEPTH))
            pending.extend((child, depth + 1) for child in element)
        return root


def _resolve(base: str, href: str) -> str | None:
    target = posixpath.normpath(posixpath.join(posixpath.dirname(base),
                                               unquote(href.split("#")[0])))
    return None if target.startswith(("../", "/")) or target == ".." else target


def loads_all(data: bytes, path: str | None = None,
              profile: Profile | None = None) -> list[Digest]:
    """Every digest chapter of a book, in reading order."""
    book = _Book(data, path)
    container = book.xml("META-INF/container.xml")
    rootfile = next((e.get("full-path") for e in container.iter()
                     if local(e) == "rootfile" and e.get("full-path")), None)
    if rootfile is None:
        raise book.fail(_("META-INF/container.xml names no package document"))
    package = book.xml(rootfile)
    manifest = {e.get("id"): e for e in package.iter() if local(e) == "item"}
    digests = []
    for ref in (e for e in package.iter() if local(e) == "itemref"):
        item = manifest.get(ref.get("idref"))
        if item is None or item.get("media-type") != "application/xhtml+xml":
            continue
        name = _resolve(rootfile, item.get("href") or "")
        if name is None:
            raise book.fail(_("{href!r} points outside the book").format(href=item.get("href")))
        main = html.find_main(book.xml(name))
        if main is None:
            continue  # the title page, the table of contents
        try:
            digest = html.read_main(main, path)
        except DigestError as exc:
            raise book.fail(f"{name}: {exc.reason}") from None
        if profile is not None and profile.name != digest.profile.name:
            raise book.fail(_("{entry}: style is {style!r}, not {profile!r}").format(
                entry=name, style=digest.profile.name, profile=profile.name))
        digests.append(digest)
    if not digests:
        raise book.fail(_("no digest chapters in this EPUB (not made by digestfmt?)"))
    return digests


def loads(data: bytes, path: str | None = None, profile: Profile | None = None) -> Digest:
    digests = loads_all(data, path, profile)
    if len(digests) != 1:
        raise DigestError(path, _("the book holds {count} digests; convert it into a directory "
                                  "(-o DIR)").format(count=len(digests)))
    return digests[0]
