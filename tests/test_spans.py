"""The interval union (src/digestfmt/spans.py) answers as the pairwise test it replaced."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from digestfmt.spans import Spans

INTERVAL = st.tuples(st.integers(0, 40), st.integers(0, 40)).map(sorted).map(tuple)


@given(st.lists(INTERVAL, max_size=30), st.lists(INTERVAL, max_size=30))
def test_hits_is_the_pairwise_overlap_test(added: list[tuple[int, int]],
                                          asked: list[tuple[int, int]]) -> None:
    spans: Spans[int] = Spans()
    kept: list[tuple[int, int]] = []
    for a, b in added:
        spans.add(a, b)
        kept.append((a, b))
        for x, y in asked:
            assert spans.hits(x, y) == any(x < d and c < y for c, d in kept)


@given(st.lists(st.tuples(INTERVAL, INTERVAL), max_size=20), INTERVAL, INTERVAL)
def test_positions_as_line_and_column(added: list[tuple[tuple[int, int], tuple[int, int]]],
                                      a: tuple[int, int], b: tuple[int, int]) -> None:
    pairs = [(min(p, q), max(p, q)) for p, q in added]
    spans: Spans[tuple[int, int]] = Spans(pairs)
    start, end = min(a, b), max(a, b)
    assert spans.hits(start, end) == any(start < d and c < end for c, d in pairs)
