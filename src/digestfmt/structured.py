"""JSON and YAML text -> data, bounded to what the rest of digestfmt can handle.

``json.loads`` and PyYAML accept documents that break whatever reads the data next:
nesting deep enough to exhaust the recursion limit (in jsonschema, the positions
scanner, PyYAML's own composer), integers longer than Python converts (4,300
digits), non-finite numbers (``NaN``, ``1e999``: not JSON, and not writable back as
JSON), and lone surrogate escapes (``"\\ud800"``: text no UTF-8 output can hold).
Every JSON and YAML input is read through here, so each of those is one DigestError
naming the file, before anything else sees the data.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from digestfmt.errors import DigestError
from digestfmt.i18n import N_, _

MAX_DEPTH = 64  # a digest's JSON nests 6 deep, a profile or a configuration about 5
MAX_DIGITS = 100  # no count, rating or number in a digest comes near
_NESTED_JSON = N_("invalid JSON: nested deeper than {limit} levels")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # the only way JSON text makes one


class _Refused(ValueError):
    """A value json.loads would build but digestfmt does not take."""


def load_json(text: str, path: str | None) -> Any:
    """The data of a JSON text, or a DigestError at ``path`` (with line and column
    where they are known)."""
    try:
        data = json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise DigestError(path, _("invalid JSON: {reason}").format(reason=exc.msg), exc.lineno,
                          exc.colno) from None
    except RecursionError:  # the C scanner's own bound, far above MAX_DEPTH
        raise DigestError(path, _(_NESTED_JSON).format(limit=MAX_DEPTH)) from None
    except _Refused as exc:
        line, column = _where(text, str(exc.args[1]))
        raise DigestError(path, _("invalid JSON: {reason}").format(reason=exc.args[0]), line,
                          column) from None
    _check(data, path, text, strings=bool(_SURROGATE_ESCAPE.search(text)))
    return data


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Refused(_("a number of {count} digits (at most {limit})").format(
            count=len(digits.lstrip("-")), limit=MAX_DIGITS),
                       digits)
    return int(digits)


def _float(written: str) -> float:
    value = float(written)
    if not math.isfinite(value):
        raise _Refused(_("a number out of range ({number})").format(number=written[:20]), written)
    return value


def _constant(name: str) -> float:
    raise _Refused(_("{name} is not a JSON value").format(name=name), name)


def _where(text: str, written: str) -> tuple[int | None, int | None]:
    """Line and column of the first place ``written`` occurs (a refused number)."""
    at = text.find(written)
    if at < 0:
        return None, None
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _check(data: Any, path: str | None, text: str, *, strings: bool) -> None:
    """Depth at most MAX_DEPTH and, when ``strings``, no lone surrogate in a string or
    key: one pass without recursion, which is what keeps it safe."""
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while pending:
        value, pointer = pending.pop()
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            if strings and isinstance(value, str) and _SURROGATE.search(value):
                _surrogate(path, text, pointer)
            continue
        if len(pointer) >= MAX_DEPTH:
            raise DigestError(path, _(_NESTED_JSON).format(limit=MAX_DEPTH))
        for key, item in items:
            if strings and isinstance(key, str) and _SURROGATE.search(key):
                _surrogate(path, text, (*pointer, key))
            pending.append((item, (*pointer, key)))


def _surrogate(path: str | None, text: str, pointer: tuple[str | int, ...]) -> None:
    from digestfmt.codecs.json_positions import positions

    shown = "/" + "/".join(str(p) for p in pointer)
    line, column = positions(text).get(pointer, (None, None))
    reason = _("invalid text: a lone surrogate escape (\\ud800-\\udfff) at {shown!r}, "
               "which is not a Unicode character").format(shown=shown)
    raise DigestError(path, reason, line, column)


def load_yaml(text: str, where: str | None, loader: Any = None) -> Any:
    """The data of a YAML text (safe loading), or a DigestError at ``where``; nesting is
    checked on PyYAML's event stream first, which needs no recursion, because its
    composer recurses once per level (a RecursionError in Python, or a crash of the C
    extension's stack far enough down)."""
    import yaml

    loader = loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        depth_check(yaml.parse(text, Loader=loader), where)
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        reason = _("invalid YAML: {reason}").format(reason=exc).replace("\n", " ")
        raise DigestError(where, reason) from None
    except ValueError as exc:  # an integer too long to convert, in PyYAML's constructor
        raise DigestError(where, _("invalid YAML: {reason}").format(reason=exc)) from None


def depth_check(events: Any, where: str | None) -> None:
    """A DigestError when the YAML ``events`` nest deeper than MAX_DEPTH."""
    import yaml

    depth = 0
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                reason = _("invalid YAML: nested deeper than {limit} levels").format(
                    limit=MAX_DEPTH)
                raise DigestError(where, reason,
                                  mark.line + 1 if mark else None,
                                  mark.column + 1 if mark else None)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
