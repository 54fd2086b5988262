"""The 2020-12 schema translated to draft 7, for the compiled fast path in ``schema``.

fastjsonschema compiles drafts 4, 6 and 7 (and part of 2019-09) to Python code
that is one to two orders of magnitude faster than jsonschema. The project has
one schema, written in 2020-12; :func:`translate` rewrites it, at load time, into
a draft-7 schema that accepts exactly the same documents under fastjsonschema,
and refuses with :class:`SchemaTranslationError` anything it does not know how to
translate faithfully. It supports the keywords the schema uses and a few whose
meaning is the same in both drafts and in both libraries; nothing else.

What the translation changes:

- ``$schema`` names draft 7; the root ``$id`` (a URN that nothing resolves) is
  dropped, so every ``$ref`` resolves in the document itself.
- ``$ref`` must be ``#/$defs/NAME``; the pointer stays as it is (fastjsonschema
  resolves any JSON pointer, and ``$defs`` keeps its place). In 2020-12 the
  keywords beside a ``$ref`` apply too, in draft 7 they are ignored, so
  ``{"$ref": R, ...}`` becomes ``{..., "allOf": [{"$ref": R}, ...]}``.
- ``dependentSchemas`` and ``dependentRequired`` become ``dependencies``.
- ``pattern``: fastjsonschema rewrites every ``$`` to ``\\Z`` (end of string
  only), while jsonschema searches with Python's ``re`` as written, where ``$``
  also matches before a final newline. Each ``$`` anchor becomes
  ``(?=\\n?\\Z)``, which is what ``$`` means to ``re`` without MULTILINE, and a
  ``$`` inside a character class is escaped; fastjsonschema then has no ``$``
  left to rewrite and matches exactly as jsonschema does.
- ``format``: only ``date``, which the caller checks with :func:`is_date` (the
  same test as jsonschema's FormatChecker: ASCII ``YYYY-MM-DD`` and a real
  calendar day); fastjsonschema's own ``date`` regex takes non-ASCII digits and
  year 0000, which jsonschema rejects.
- ``const: X`` becomes ``enum: [X]`` (fastjsonschema 2.22 cannot generate
  ``const`` without detailed exceptions, which cost ~40% of a check).
- Annotations (``title``, ``description``, ...) are dropped.

Documents are JSON data as ``json.loads`` gives it (dict, list, str, int, float,
bool, None): fastjsonschema also takes tuples as arrays and Decimals as numbers,
which jsonschema does not.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

DRAFT7 = "http://json-schema.org/draft-07/schema#"
DRAFT202012 = "https://json-schema.org/draft/2020-12/schema"
FORMATS = ("date",)  # formats the translation keeps; the caller supplies their checks

# Keywords by the shape of their value.
_SCHEMA = frozenset({"not", "if", "then", "else", "items", "contains",
                     "additionalProperties", "propertyNames"})
_SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf"})
_SCHEMA_MAP = frozenset({"properties"})
_NUMBER = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
_COUNT = frozenset({"minLength", "maxLength", "minItems", "maxItems",
                    "minProperties", "maxProperties"})
_ANNOTATIONS = frozenset({"title", "description", "$comment", "examples", "deprecated",
                          "readOnly", "writeOnly", "default"})
_TYPES = frozenset({"null", "boolean", "object", "array", "number", "integer", "string"})
_DEF_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
SUPPORTED = frozenset(
    _SCHEMA | _SCHEMA_LIST | _SCHEMA_MAP | _NUMBER | _COUNT | _ANNOTATIONS
    | {"type", "enum", "const", "required", "pattern", "format", "$ref",
       "dependentSchemas", "dependentRequired"}
)


class SchemaTranslationError(ValueError):
    """The schema uses something the draft-7 translation cannot carry faithfully."""


def translate(schema: Any) -> Any:
    """The draft-7 equivalent of a 2020-12 ``schema`` (which is not changed)."""
    if not isinstance(schema, dict):
        raise SchemaTranslationError("/: the schema is not an object")
    if schema.get("$schema") != DRAFT202012:
        raise SchemaTranslationError(f"/$schema: expected {DRAFT202012!r}, "
                                     f"got {schema.get('$schema')!r}")
    defs = schema.get("$defs", {})
    if not isinstance(defs, dict) or not all(_DEF_NAME.fullmatch(k) for k in defs):
        raise SchemaTranslationError("/$defs: expected an object whose keys are plain names")
    root = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs")}
    if "$id" in schema and not isinstance(schema["$id"], str):
        raise SchemaTranslationError("/$id: expected a string")
    out = _Translator(set(defs)).schema(root, "")
    if not isinstance(out, dict):  # a root of true/false has no room for $schema
        raise SchemaTranslationError("/: a boolean root schema is not translated")
    out["$schema"] = DRAFT7
    if defs:
        out["$defs"] = {name: _Translator(set(defs)).schema(sub, f"/$defs/{name}")
                        for name, sub in defs.items()}
    return out


class _Translator:
    def __init__(self, defs: set[str]) -> None:
        self.defs = defs

    def fail(self, where: str, what: str) -> SchemaTranslationError:
        return SchemaTranslationError(f"{where or '/'}: {what}; the compiled validator "
                                      "cannot take this schema (jsonschema still can)")

    def schema(self, node: Any, where: str) -> Any:
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise self.fail(where, f"expected a schema (object or boolean), got {node!r}")
        unknown = sorted(set(node) - SUPPORTED)
        if unknown:
            raise self.fail(f"{where}/{unknown[0]}", f"keyword {unknown[0]!r} has no faithful "
                            f"draft-7 translation here (supported: {', '.join(sorted(SUPPORTED))})")
        out: dict[str, Any] = {}
        dependencies: dict[str, Any] = {}
        for key, value in node.items():
            at = f"{where}/{key}"
            if key in _ANNOTATIONS:
                continue
            if key in _SCHEMA:
                if key == "items" and isinstance(value, list):
                    raise self.fail(at, "an array of schemas is `prefixItems` in 2020-12")
                out[key] = self.schema(value, at)
            elif key in _SCHEMA_LIST:
                if not isinstance(value, list) or not value:
                    raise self.fail(at, "expected a non-empty array of schemas")
                out[key] = [self.schema(v, f"{at}/{i}") for i, v in enumerate(value)]
            elif key in _SCHEMA_MAP:
                out[key] = {name: self.schema(v, f"{at}/{name}")
                            for name, v in self._object(value, at).items()}
            elif key == "dependentSchemas":
                for name, v in self._object(value, at).items():
                    dependencies[name] = self.schema(v, f"{at}/{name}")
            elif key == "dependentRequired":
                for name, v in self._object(value, at).items():
                    if name in node.get("dependentSchemas", {}):
                        raise self.fail(f"{at}/{name}", "also named in dependentSchemas")
                    dependencies[name] = self._names(v, f"{at}/{name}")
            elif key in _NUMBER:
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise self.fail(at, f"expected a number, got {value!r}")
                out[key] = value
            elif key in _COUNT:
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise self.fail(at, f"expected a non-negative integer, got {value!r}")
                out[key] = value
            elif key == "type":
                types = value if isinstance(value, list) else [value]
                if not types or not all(isinstance(t, str) and t in _TYPES for t in types):
                    raise self.fail(at, f"unknown type {value!r}")
                out[key] = value
            elif key == "enum":
                if not isinstance(value, list) or not value:
                    raise self.fail(at, "expected a non-empty array")
                for i, v in enumerate(value):
                    self._scalar(v, f"{at}/{i}")
                out[key] = value
            elif key == "const":  # the same check; see compiled() in schema.py
                out["enum"] = [self._scalar(value, at)]
            elif key == "required":
                out[key] = self._names(value, at)
            elif key == "pattern":
                out[key] = python_dollar(value, at)
            elif key == "format":
                if value not in FORMATS:
                    raise self.fail(at, f"format {value!r}: jsonschema and fastjsonschema "
                                    f"check formats differently; only {FORMATS} is carried")
                out[key] = value
            elif key == "$ref":
                out[key] = self._ref(value, at)
        if dependencies:
            out["dependencies"] = dependencies
        if "$ref" in out and len(out) > 1:  # draft 7 ignores a $ref's siblings: AND them
            ref = {"$ref": out.pop("$ref")}
            out["allOf"] = [ref, *out.get("allOf", [])]
        return out

    def _object(self, value: Any, at: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(at, "expected an object")
        return value

    def _names(self, value: Any, at: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) \
                or len(set(value)) != len(value):
            raise self.fail(at, "expected an array of distinct strings")
        return list(value)

    def _scalar(self, value: Any, at: str) -> Any:
        # jsonschema compares arrays and objects with its own equality (1 != true at
        # any depth); fastjsonschema's differs there. Scalars compare alike.
        if value is not None and not isinstance(value, str | int | float | bool):
            raise self.fail(at, f"only scalar values are carried, got {value!r}")
        return value

    def _ref(self, value: Any, at: str) -> str:
        prefix = "#/$defs/"
        if not isinstance(value, str) or not value.startswith(prefix) \
                or value[len(prefix):] not in self.defs:
            raise self.fail(at, f"only references to #/$defs/NAME are carried, got {value!r}")
        return value


def python_dollar(pattern: Any, where: str = "pattern") -> str:
    """``pattern`` with each ``$`` anchor spelled so fastjsonschema leaves it alone.

    fastjsonschema replaces every unescaped ``$`` in a pattern with ``\\Z``; Python's
    ``$`` (no MULTILINE) also matches before a newline that ends the string, which is
    ``(?=\\n?\\Z)``. A ``$`` inside a character class is a literal and is escaped.
    """
    if not isinstance(pattern, str):
        raise SchemaTranslationError(f"{where}: expected a string, got {pattern!r}")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise SchemaTranslationError(f"{where}: not a Python regular expression: {exc}") from None
    if re.search(r"\(\?[a-zA-Z]*x", pattern):
        raise SchemaTranslationError(f"{where}: verbose-mode patterns are not translated")
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append("\\$" if c == "$" else c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            # A "]" right after "[" or "[^" is a literal member, not the end.
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":
                out.append("]")
                i += 1
            continue
        out.append("(?=\\n?\\Z)" if c == "$" else c)
        i += 1
    result = "".join(out)
    if re.search(r"(?<!\\)\$", result):  # what fastjsonschema would rewrite
        raise SchemaTranslationError(f"{where}: could not spell every $ for fastjsonschema")
    return result


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def is_date(instance: object) -> bool:
    """``format: date`` as jsonschema's FormatChecker checks it (non-strings pass)."""
    if not isinstance(instance, str):
        return True
    if not _ISO_DATE.fullmatch(instance):
        return False
    try:
        dt.date.fromisoformat(instance)
    except ValueError:
        return False
    return True
