"""Bytes -> text, refusing what is not a digest's text with a clear reason."""

from __future__ import annotations

from digestfmt.errors import DigestError
from digestfmt.i18n import _

MAX_BYTES = 16 * 1024 * 1024  # a real digest is < 200 KB; this bounds memory and time


def decode(data: bytes, path: str | None) -> str:
    """UTF-8 text with LF line endings and no BOM, or a DigestError saying why not."""
    if len(data) > MAX_BYTES:
        raise DigestError(path, _("file too large ({size} bytes; the limit is {limit})").format(
            size=len(data), limit=MAX_BYTES))
    if b"\x00" in data:
        raise DigestError(path, _("binary file (contains NUL bytes), not a Markdown digest"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DigestError(
            path, _("not valid UTF-8 (byte 0x{byte:02x} at offset {offset})").format(
                byte=data[exc.start], offset=exc.start)
        ) from None
    if not text.strip():
        raise DigestError(path, _("empty file"))
    return text.replace("\r\n", "\n").replace("\r", "\n")
