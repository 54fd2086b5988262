"""Errors a user can act on: each prints as one line naming the file."""

from __future__ import annotations


class DigestError(Exception):
    """An input or usage problem: reported as ``PATH: reason``, exit code 2."""

    def __init__(self, path: str | None, reason: str, line: int | None = None,
                 column: int | None = None) -> None:
        where = f"{path}:{line}:{column}" if path and line is not None else path
        super().__init__(f"{where}: {reason}" if where else reason)
        self.path = path
        self.reason = reason


class NotADigest(DigestError):
    """The text is Markdown but no digest style matches its structure."""
