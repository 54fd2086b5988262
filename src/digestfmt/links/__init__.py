"""Links: where a digest links to, as data (``Link``), and what its targets say as text.

``links(digest)`` is the one list every link rule and the online checker read.
"""

from digestfmt.links.extract import links
from digestfmt.links.model import Kind, Link, Origin
from digestfmt.links.url import normalize

__all__ = ["Kind", "Link", "Origin", "links", "normalize"]
