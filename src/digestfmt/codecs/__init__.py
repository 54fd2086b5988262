"""The formats a digest converts between, each a module with ``loads``/``dumps``.

Modules are imported on first use so a command pays only for the formats it
touches (jsonschema, for one, is only needed to read JSON).
"""

from __future__ import annotations

import importlib
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
    name: str
    extension: str
    module: str

    def codec(self) -> _Codec:
        return cast(_Codec, importlib.import_module(self.module))


FORMATS = {
    "md": Format("md", ".md", "digestfmt.codecs.markdown"),
    "json": Format("json", ".json", "digestfmt.codecs.json_"),
}
_EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "md", ".json": "json"}


def input_format(path: str | None, data: bytes) -> Format:
    """By extension when it is known, else by the first bytes of the content."""
    suffix = path[path.rfind("."):].lower() if path and "." in path else ""
    if suffix in _EXTENSIONS:
        return FORMATS[_EXTENSIONS[suffix]]
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return FORMATS["json" if head.startswith(b"{") else "md"]


def load_bytes(data: bytes, path: str | None = None, profile: Profile | None = None) -> Digest:
    return input_format(path, data).codec().loads(data, path, profile)


def dump(digest: Digest, format_name: str) -> str:
    return FORMATS[format_name].codec().dumps(digest)
