"""Digest text -> model. ``parse_bytes`` for files, ``parse_text`` for decoded text."""

from __future__ import annotations

from digestfmt.dates import parse_date
from digestfmt.model import Digest
from digestfmt.parse.digest import parse_text
from digestfmt.parse.source import decode
from digestfmt.profiles import Profile

__all__ = ["parse_bytes", "parse_date", "parse_text"]


def parse_bytes(data: bytes, *, path: str | None = None, profile: Profile | None = None) -> Digest:
    return parse_text(decode(data, path), path=path, profile=profile)
