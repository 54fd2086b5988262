"""Rewriting a link's target in place, its text too when the text spells the URL."""

from __future__ import annotations

from digestfmt.links.model import Link
from digestfmt.lint.rule import Edit
from digestfmt.model import Span


def retarget(link: Link, url: str) -> tuple[Edit, ...] | None:
    """Edits that make ``link`` point at ``url``; a text that spells the old URL follows it.

    None when the link has no position to edit.
    """
    if link.url_span is None or link.span is None:
        return None
    edits = [Edit(link.url_span, url)]
    if link.text is not None and link.text == link.url and link.span.line == link.url_span.line:
        column = link.span.column + (2 if link.image else 1)
        edits.append(Edit(Span(link.span.line, column, link.span.line,
                               column + len(link.text)), url))
    return tuple(edits)
