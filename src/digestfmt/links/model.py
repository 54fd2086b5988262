"""A link as the digest writes it: where it is, what it points at, what is wrong with its syntax.

A ``Link`` is data only: no I/O, no verdicts about the target. Lint rules judge
the URL text; a later online checker can take ``links(digest)``, dedupe by
``Link.key`` and report back per link (by ``Link.span`` or identity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from digestfmt.model import Span

Origin = Literal["field", "source", "body", "related", "intro"]
Kind = Literal["inline", "autolink", "bare", "field"]
Pointer = tuple[str | int, ...]


@dataclass(frozen=True)
class Link:
    """One link target written in the digest.

    ``url`` is the target exactly as written (for an unclosed link: up to the first
    space or the end of the line). ``span`` covers the whole link (``[text](url)``,
    ``<url>``, the bare URL) and ``url_span`` the target alone; both are None for a
    digest read from JSON, which has no source. ``pointer`` is the JSON-form value
    that holds the link (a field, a source, a body), so a fix knows what it touches.

    Syntax problems are data: ``unclosed`` (``[text](url`` with no ``)``, which
    Markdown leaves as text), ``empty_target`` (``[text]()``) and ``invalid``
    (``[text](a b)``: closed, but Markdown rejects the target and shows it as text).
    """

    url: str
    span: Span | None
    origin: Origin
    kind: Kind
    text: str | None = None
    url_span: Span | None = None
    card: int | None = None
    pointer: Pointer = ()
    title: str | None = None  # the optional link title: [text](url "title")
    image: bool = False  # ![alt](src)
    main: bool = False  # a card's own link: the 链接 field or a 来源 entry
    unclosed: bool = False
    empty_target: bool = False
    invalid: bool = False

    @property
    def rendered(self) -> bool:
        """Whether Markdown renders this as a link at all."""
        return not (self.unclosed or self.invalid)
