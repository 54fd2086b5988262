"""Half-open intervals kept as a sorted union, so that whether a new one overlaps any is
a bisection, not a scan over all of them (which made the checks over a line of
thousands of links, and the fixes of thousands of findings, quadratic)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from typing import Generic, TypeVar

K = TypeVar("K", int, tuple[int, int])  # offsets, or (line, column) positions


class Spans(Generic[K]):
    """Intervals ``[a, b)``, with the overlap test ``a < end and start < b`` (so an empty
    one, an insertion point, overlaps what strictly contains it)."""

    def __init__(self, spans: Iterable[tuple[K, K]] = ()) -> None:
        self._starts: list[K] = []
        self._ends: list[K] = []
        self._points: list[K] = []  # empty intervals, sorted
        for a, b in spans:
            self.add(a, b)

    def add(self, a: K, b: K) -> None:
        """Add ``a:b``, merged with those it overlaps (added in order: amortised O(1))."""
        if a >= b:
            insort(self._points, a)
            return
        i = bisect_right(self._ends, a)  # the first interval that ends after a
        j = bisect_left(self._starts, b)  # the first that starts at or after b
        if i < j:  # overlapping: replace them by their union
            a, b = min(a, self._starts[i]), max(b, self._ends[j - 1])
        self._starts[i:j], self._ends[i:j] = [a], [b]

    def hits(self, a: K, b: K) -> bool:
        """Whether ``a:b`` overlaps an interval (``a < end and start < b``)."""
        i = bisect_right(self._ends, a)  # the first interval that ends after a
        if i < len(self._starts) and self._starts[i] < b:
            return True
        k = bisect_right(self._points, a)  # the first point after a
        return k < len(self._points) and self._points[k] < b
