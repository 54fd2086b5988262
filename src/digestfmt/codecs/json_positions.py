"""Line and column of every value in a JSON text, by pointer.

The standard json module gives no positions; schema problems in a JSON file
should still point at ``path:line:col``. This scanner only indexes positions:
the document itself is parsed by ``json.loads``.
"""

from __future__ import annotations

import json
import re

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")

Pointer = tuple[str | int, ...]


def positions(text: str) -> dict[Pointer, tuple[int, int]]:
    """{pointer: (line, column)} for every value of a valid JSON text (1-based)."""
    found: dict[Pointer, tuple[int, int]] = {}
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(offset: int) -> tuple[int, int]:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - line_starts[lo] + 1

    def skip(pos: int) -> int:
        while pos < len(text) and text[pos] in " \t\n\r":
            pos += 1
        return pos

    def value(pos: int, pointer: Pointer) -> int:
        pos = skip(pos)
        found[pointer] = where(pos)
        ch = text[pos]
        if ch == "{":
            pos = skip(pos + 1)
            while text[pos] != "}":
                key = _STRING.match(text, pos)
                assert key is not None
                pos = skip(key.end()) + 1
                pos = value(pos, (*pointer, json.loads(key.group())))
                pos = skip(pos)
                if text[pos] == ",":
                    pos = skip(pos + 1)
            return pos + 1
        if ch == "[":
            index = 0
            pos = skip(pos + 1)
            while text[pos] != "]":
                pos = value(pos, (*pointer, index))
                index += 1
                pos = skip(pos)
                if text[pos] == ",":
                    pos = skip(pos + 1)
            return pos + 1
        m = _STRING.match(text, pos) if ch == '"' else _SCALAR.match(text, pos)
        assert m is not None
        return m.end()

    value(0, ())
    return found
