"""How far apart two spellings are: for "did you mean" in rules and URL repair."""

from __future__ import annotations


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute), in code points."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
