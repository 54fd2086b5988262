"""Shared by the online link rules: the digest's links paired with check results."""

from __future__ import annotations

from collections.abc import Iterator

from digestfmt.links import Link, links
from digestfmt.links.policy import LinkResult, Outcome
from digestfmt.lint.rule import Context
from digestfmt.model import Digest, Span


def located_links(digest: Digest, ctx: Context) -> Iterator[tuple[Link, LinkResult]]:
    """Each rendered link that the run checked online, with its result."""
    if not ctx.link_results:
        return
    for link in links(digest):
        result = ctx.link_results.get(link.url)
        if result is not None and link.rendered and link.span is not None:
            yield link, result


def located_results(digest: Digest, ctx: Context,
                    outcome: Outcome) -> Iterator[tuple[Span, LinkResult]]:
    for link, result in located_links(digest, ctx):
        if result.outcome is outcome:
            yield link.url_span or link.span or Span(1, 1, 1, 1), result
