"""Bytes -> text, refusing what is not a digest's text with a clear reason."""

from __future__ import annotations

from digestfmt.errors import DigestError
from digestfmt.i18n import N_, _
from digestfmt.io import decode_utf8

MAX_BYTES = 16 * 1024 * 1024  # a real digest is < 200 KB; this bounds memory and time


def decode(data: bytes, path: str | None) -> str:
    """UTF-8 text with LF line endings and no BOM, or a DigestError saying why not."""
    if len(data) > MAX_BYTES:
        raise DigestError(path, _("file too large ({size} bytes; the limit is {limit})").format(
            size=len(data), limit=MAX_BYTES))
    text = decode_utf8(data, path, N_("a Markdown digest"))
    if not text.strip():
        raise DigestError(path, _("empty file"))
    return text.replace("\r\n", "\n").replace("\r", "\n")
