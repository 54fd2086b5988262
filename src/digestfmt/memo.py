"""Per-digest memory: work that several rules share is done once per digest.

``per_digest(fn)`` caches ``fn(digest)`` for the life of that digest (the cache
entry goes when the digest is collected), so the regions, links and field
pointers that a dozen rules read are computed once, not once per rule. Callers
get the same object every time and must not change it (return tuples or
frozen data).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from digestfmt.model import Digest

T = TypeVar("T")

_MEMOS: dict[int, dict[Callable[..., Any], Any]] = {}


def per_digest(fn: Callable[[Digest], T]) -> Callable[[Digest], T]:
    def cached(digest: Digest) -> T:
        key = id(digest)
        memo = _MEMOS.get(key)
        if memo is None:
            memo = _MEMOS[key] = {}
            weakref.finalize(digest, _MEMOS.pop, key, None)
        try:
            value: T = memo[fn]
        except KeyError:
            value = memo[fn] = fn(digest)
        return value

    cached.__doc__ = fn.__doc__
    cached.__name__ = fn.__name__
    cached.__qualname__ = fn.__qualname__
    return cached
