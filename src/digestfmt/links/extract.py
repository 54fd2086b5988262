"""Every link of a digest, found by walking the model (never by re-reading the file).

Where links live: the intel 链接 field (a bare URL or ``[t](u)``), brief 来源
entries, the trailing related list, and inline Markdown anywhere in field values,
section bodies, unrecognised blocks and the intro. Code spans and code blocks are
skipped. The result is plain data (``Link``), in document order, so that lint
rules and a later online checker read the same list.
"""

from __future__ import annotations

import re

from digestfmt.links.model import Link, Origin, Pointer
from digestfmt.links.scan import Found, may_link, scan_blocks, scan_inline
from digestfmt.memo import per_digest
from digestfmt.model import Digest, Source, Span
from digestfmt.regions import Region, regions

_SPACE = re.compile(r"\s")  # what str.isspace calls a space


def links(digest: Digest) -> list[Link]:
    """The digest's links in document order (cached for the life of the digest)."""
    return list(_extract(digest))


@per_digest
def _extract(digest: Digest) -> tuple[Link, ...]:
    out: list[Link] = []
    for region, found in zip(regions(digest), found_links(digest), strict=True):
        out += _region_links(region, found)
    related = digest.related
    if related and related.items is not None:
        for n, item in enumerate(related.items):
            out.append(_related_link(digest, n, item.title, item.url, item.span))
    return tuple(out)


@per_digest
def found_links(digest: Digest) -> tuple[tuple[Found, ...], ...]:
    """What the scanner finds in each region of ``regions(digest)``, in that order, with
    offsets into the region's text (shared by ``links`` and ``drifts``)."""
    return tuple(tuple(_scan(region)) for region in regions(digest))


def _scan(region: Region) -> list[Found]:
    if not region.block:
        return scan_inline(region.text)  # which asks may_link itself
    if may_link(region.text):  # before the code rows are worked out
        return scan_blocks(region.text, region.code_rows())
    return []


def _region_links(region: Region, found: tuple[Found, ...]) -> list[Link]:
    field = region.field
    if field is not None and field.kind == "url" and field.raw and single_target(field.raw):
        span = region.span(0, len(field.raw))
        return [Link(field.raw, span, "field", "field", None, span, region.card, region.pointer,
                     main=True)]
    origin: Origin = region.origin  # type: ignore[assignment]
    sources = field.value if field is not None and field.kind == "sources" else None
    out: list[Link] = []
    used = 0
    for f in found:
        pointer = region.pointer
        if isinstance(sources, list) and f.kind == "inline":
            for n in range(used, len(sources)):
                source = sources[n]
                if isinstance(source, Source) and source.url == f.url:
                    pointer, used = (*region.pointer, n), n + 1
                    break
        main = origin == "source" or (field is not None and field.kind == "url" and not out)
        out.append(_link(f, region, origin, pointer, main))
    return out


def single_target(raw: str) -> bool:
    """A url field written as the bare target alone (not ``[t](u)``, not ``<u>``, no text)."""
    return not raw.startswith(("[", "<")) and not _SPACE.search(raw)


def _link(f: Found, region: Region, origin: Origin, pointer: Pointer, main: bool) -> Link:
    return Link(
        url=f.url, span=region.span(f.start, f.end), origin=origin,
        kind=f.kind,  # type: ignore[arg-type]
        text=f.text, url_span=region.span(f.url_start, f.url_end), card=region.card,
        pointer=pointer, title=f.title, image=f.image, main=main, unclosed=f.unclosed,
        empty_target=f.empty_target, invalid=f.invalid,
    )


def _related_link(digest: Digest, n: int, title: str, url: str, span: Span | None) -> Link:
    pointer: Pointer = ("related", "items", n)
    if span is not None and span.line <= len(digest.source_lines):
        line = digest.source_lines[span.line - 1]
        found = scan_inline(line)
        if found and found[0].kind == "inline" and found[0].url == url:
            f = found[0]
            return Link(url, Span(span.line, f.start + 1, span.line, f.end + 1), "related",
                        "inline", f.text,
                        Span(span.line, f.url_start + 1, span.line, f.url_end + 1),
                        None, pointer, f.title)
    return Link(url, None, "related", "inline", title, None, None, pointer)
