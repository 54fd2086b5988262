"""The formats a digest converts between, each a module with ``loads``/``dumps``.

Modules are imported on first use so a command pays only for the formats it
touches (jsonschema, for one, is only needed to read JSON).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

from digestfmt.model import Digest
from digestfmt.profiles import Profile


class _Codec(Protocol):
    def loads(self, data: bytes, path: str | None = ..., profile: Profile | None = ...) -> Digest:
        ...

    def dumps(self, digest: Digest) -> str:
        ...


@dataclass(frozen=True)
class Format:
    """A format and the module that reads and writes it.

    ``aggregate``: many digests make one output (an EPUB book, a feed), written by
    ``module.<writer>(digests)``. ``readable``: False for write-only formats (feeds).
    ``binary``: the output is bytes. ``chunks``: a writer of the same output as UTF-8
    chunks, made as they are written (what ``convert`` writes: a long output is never
    whole in memory). A module may also offer ``loads_all`` for an input that holds
    several digests (an EPUB book).
    """

    name: str
    extension: str
    module: str
    readable: bool = True
    aggregate: bool = False
    binary: bool = False
    writer: str = "dumps"
    chunks: str | None = None

    def codec(self) -> _Codec:
        return cast(_Codec, importlib.import_module(self.module))


FORMATS = {
    "md": Format("md", ".md", "digestfmt.codecs.markdown", chunks="dump_chunks"),
    "json": Format("json", ".json", "digestfmt.codecs.json_", chunks="dump_chunks"),
    "html": Format("html", ".html", "digestfmt.codecs.html"),
    "epub": Format("epub", ".epub", "digestfmt.codecs.epub", aggregate=True, binary=True,
                   writer="dumps_all"),
    "jsonfeed": Format("jsonfeed", ".feed.json", "digestfmt.codecs.feeds", readable=False,
                       aggregate=True, writer="jsonfeed", chunks="jsonfeed_chunks"),
    "atom": Format("atom", ".atom", "digestfmt.codecs.feeds", readable=False, aggregate=True,
                   writer="atom", chunks="atom_chunks"),
}
_EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "md", ".json": "json", ".html": "html",
               ".htm": "html", ".xhtml": "html", ".epub": "epub"}


def input_format(path: str | None, data: bytes) -> Format:
    """By extension when it is known, else by the first bytes of the content."""
    suffix = path[path.rfind("."):].lower() if path and "." in path else ""
    if suffix in _EXTENSIONS:
        return FORMATS[_EXTENSIONS[suffix]]
    if data.startswith(b"PK"):
        return FORMATS["epub"]
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    # "<" alone would take Markdown that opens with an HTML comment for a page.
    if head[:9].lower().startswith((b"<!doctype", b"<html", b"<?xml")):
        return FORMATS["html"]
    return FORMATS["json" if head.startswith(b"{") else "md"]


def load_bytes(data: bytes, path: str | None = None, profile: Profile | None = None) -> Digest:
    return input_format(path, data).codec().loads(data, path, profile)


def load_all(data: bytes, path: str | None = None,
             profile: Profile | None = None) -> list[Digest]:
    """Every digest an input holds: one, or a book's chapters."""
    codec = input_format(path, data).codec()
    many = getattr(codec, "loads_all", None)
    return list(many(data, path, profile)) if many else [codec.loads(data, path, profile)]


def dump(digest: Digest, format_name: str) -> str:
    """One digest as text (every format but EPUB, whose books are bytes)."""
    return _text(dump_all([digest], format_name) if FORMATS[format_name].aggregate
                 else getattr(FORMATS[format_name].codec(), FORMATS[format_name].writer)(digest),
                 format_name)


def dump_all(digests: Sequence[Digest], format_name: str) -> str | bytes:
    """Several digests as one output, for the aggregating formats."""
    fmt = FORMATS[format_name]
    result: str | bytes = getattr(fmt.codec(), fmt.writer)(list(digests))
    return result


def dump_chunks(digests: Sequence[Digest], format_name: str) -> Iterator[bytes]:
    """The output of ``digests`` (one, unless the format aggregates) as UTF-8 chunks,
    made as they are taken, so an error comes from there: chunk by chunk where the
    format has a chunked writer, else whole."""
    fmt = FORMATS[format_name]
    if fmt.chunks is not None:
        yield from getattr(fmt.codec(), fmt.chunks)(list(digests) if fmt.aggregate
                                                     else digests[0])
        return
    output = dump_all(digests, format_name) if fmt.aggregate else dump(digests[0], format_name)
    yield output.encode() if isinstance(output, str) else output


def _text(output: str | bytes, format_name: str) -> str:
    if isinstance(output, bytes):
        raise TypeError(f"{format_name} writes bytes: use dump_all")
    return output
