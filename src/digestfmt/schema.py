"""The JSON Schema (``spec/digest.schema.json``, package data) and validation.

jsonschema is imported here only, so commands that never validate JSON do not
pay for importing it. The validator is built once per process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema


@dataclass(frozen=True)
class SchemaProblem:
    pointer: tuple[str | int, ...]  # where in the JSON document
    message: str

    @property
    def json_pointer(self) -> str:
        return "/" + "/".join(str(p) for p in self.pointer)


def schema_text() -> str:
    return (resources.files("digestfmt") / "spec" / "digest.schema.json").read_text("utf-8")


@cache
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text())
    return data


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def validate(document: Any) -> list[SchemaProblem]:
    """Every schema violation, most specific first, in document order."""
    problems = []
    for error in _validator().iter_errors(document):
        leaf = _deepest(error)
        problems.append(SchemaProblem(tuple(leaf.absolute_path), _message(leaf)))
    return sorted(set(problems), key=lambda p: [str(x).zfill(8) for x in p.pointer])


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For anyOf/oneOf/if-then failures, the sub-error that points deepest."""
    best = error
    for sub in error.context or ():
        candidate = _deepest(sub)
        if len(candidate.absolute_path) > len(best.absolute_path):
            best = candidate
    return best


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "pattern":
        return f"{error.instance!r} is not in the required form"
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown key")
    return error.message
