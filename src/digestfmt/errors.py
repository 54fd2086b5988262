"""Errors a user can act on: each prints as one line naming the file."""

from __future__ import annotations


class DigestError(Exception):
    """An input or usage problem: reported as ``PATH: reason``, exit code 2."""

    def __init__(self, path: str | None, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


class NotADigest(DigestError):
    """The text is Markdown but no digest style matches its structure."""
