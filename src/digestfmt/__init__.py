"""digestfmt: a checkable format for daily AI-news digests.

The public API is three functions; everything else is internal:

>>> digest = digestfmt.loads(markdown_text)     # Markdown or JSON text -> model
>>> digest = digestfmt.load("2026-02-20.md")     # a file -> model
>>> digestfmt.dumps(digest, to="json")           # model -> "md" | "json" text
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from digestfmt.model import Digest

if TYPE_CHECKING:
    from pathlib import Path

__version__ = "0.3.0"
__all__ = ["Digest", "dumps", "load", "loads"]


def loads(text: str | bytes, *, profile: str | None = None, path: str | None = None) -> Digest:
    """Parse digest Markdown (or JSON) text; the style is detected unless ``profile``
    names it: a profile's name, or the path of a profile file."""
    from digestfmt.codecs import load_bytes
    from digestfmt.profiles import resolve

    data = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(data, path, resolve(profile) if profile else None)


def load(path: str | Path, *, profile: str | None = None) -> Digest:
    from digestfmt.io import read_bytes

    return loads(read_bytes(str(path)), profile=profile, path=str(path))


def dumps(digest: Digest, to: str = "md") -> str:
    from digestfmt.codecs import dump

    return dump(digest, to)
