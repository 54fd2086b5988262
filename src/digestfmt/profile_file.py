"""A style profile of one's own, read from a YAML file and checked before any use.

A profile is checked twice, as ``spec/profile.schema.json`` says (its keys and their
shapes, by jsonschema) and as ``profile_rules`` says (what a schema cannot: regexes,
groups, the layout). Every problem is reported at the ``line:column`` of the key at
fault in the file, so ``digestfmt profile check`` reads like a linter's output and a
bad profile fails when it is loaded, never later in the middle of a command.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from digestfmt import profile_rules
from digestfmt.errors import DigestError
from digestfmt.i18n import _

if TYPE_CHECKING:
    import jsonschema
    import yaml

    from digestfmt.profiles import Profile

Pointer = tuple[str | int, ...]


@dataclass(frozen=True)
class ProfileProblem:
    """One problem of a profile file, at a 1-based line and column."""

    line: int
    column: int
    message: str


class ProfileFileError(DigestError):
    """A profile file that cannot be used: its first problem, as one line."""

    def __init__(self, path: str, found: list[ProfileProblem]) -> None:
        first = found[0]
        more = _(" (and {count} more; `digestfmt profile check` lists them)").format(
            count=len(found) - 1) if len(found) > 1 else ""
        super().__init__(path, _("not a usable profile: {reason}{more}").format(
            reason=first.message, more=more), first.line, first.column)
        self.problems = found


def check(path: str) -> tuple[dict[str, Any] | None, list[ProfileProblem]]:
    """The profile's data and its problems (none: the data compiles to a profile)."""
    import yaml

    from digestfmt.io import read_bytes
    from digestfmt.parse.source import decode
    from digestfmt.structured import depth_check

    text = decode(read_bytes(path), path)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        depth_check(yaml.parse(text, Loader=loader), path)
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [ProfileProblem(*where, _("not YAML: {reason}").format(
            reason=exc.problem or exc))]
    except yaml.YAMLError as exc:
        return None, [ProfileProblem(1, 1, _("not YAML: {reason}").format(reason=exc))]
    except DigestError as exc:  # nested too deeply
        return None, [ProfileProblem(1, 1, exc.reason)]
    except ValueError as exc:  # an integer too long to convert
        return None, [ProfileProblem(1, 1, _("not YAML: {reason}").format(reason=exc))]
    if not isinstance(data, dict) or node is None:
        return None, [ProfileProblem(1, 1, _("a profile is a mapping of keys (spec §3)"))]
    values, keys = _positions(node)
    listed = _schema(data)
    # The rules assume the schema's shapes; where they do not hold, the schema spoke.
    with contextlib.suppress(KeyError, TypeError, AttributeError):
        listed += profile_rules.problems(data)
    found = [_locate(values, keys, pointer, message) for pointer, message in listed]
    found.sort(key=lambda p: (p.line, p.column))
    return (None if found else data), found


def load(path: str) -> Profile:
    """The profile in a YAML file, or ProfileFileError naming its first problem."""
    try:
        stat = os.stat(path)
    except OSError:
        stat = None  # reading it says why
    return _load(path, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@cache
def _load(path: str, mtime: int, size: int) -> Profile:
    """Read, check and compile once per version of a file: every input of a run resolves
    --profile."""
    from digestfmt.profiles import compile_profile

    del mtime, size  # the cache key: an edited file is read again
    data, found = check(path)
    if data is None:
        raise ProfileFileError(path, found)
    return compile_profile(data, path)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    text = (resources.files("digestfmt") / "spec" / "profile.schema.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def _schema(data: dict[str, Any]) -> list[tuple[Pointer, str]]:
    out: list[tuple[Pointer, str]] = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path)):
        at: Pointer = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = list(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(known), key=str):
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = _(" (did you mean {name!r}?)").format(name=close[0]) if close else \
                    _(" (known: {known})").format(known=", ".join(known)) if known else ""
                out.append(((*at, key, ""), _("unknown key {key!r}{hint}").format(
                    key=key, hint=hint)))
        else:
            place = "/".join(map(str, at)) or _("the profile")
            message = error.message.replace("is a required property",
                                            _("is missing (a required key)"))
            out.append((at, f"{place}: {message}"))
    return out


def _positions(node: yaml.Node) -> tuple[dict[Pointer, yaml.Mark], dict[Pointer, yaml.Mark]]:
    """Where each value (and each mapping key) of the composed YAML starts."""
    import yaml

    values: dict[Pointer, yaml.Mark] = {(): node.start_mark}
    keys: dict[Pointer, yaml.Mark] = {}
    stack: list[tuple[Pointer, yaml.Node]] = [((), node)]
    while stack:
        at, current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                here = (*at, key.value)
                keys[here], values[here] = key.start_mark, value.start_mark
                stack.append((here, value))
        elif isinstance(current, yaml.SequenceNode):
            for n, item in enumerate(current.value):
                values[(*at, n)] = item.start_mark
                stack.append(((*at, n), item))
    return values, keys


def _locate(values: dict[Pointer, Any], keys: dict[Pointer, Any], pointer: Pointer,
            message: str) -> ProfileProblem:
    """The position of the deepest part of ``pointer`` the file has. A pointer ending
    in "" names a mapping key itself (an unknown key)."""
    if pointer and pointer[-1] == "" and pointer[:-1] in keys:
        mark = keys[pointer[:-1]]
        return ProfileProblem(mark.line + 1, mark.column + 1, message)
    while pointer not in values:
        pointer = pointer[:-1]
    mark = values[pointer]
    return ProfileProblem(mark.line + 1, mark.column + 1, message)
