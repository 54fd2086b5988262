"""The JSON Schema (``spec/digest.schema.json``, package data) and validation.

Two validators, each built once per process:

- the **compiled** one: the schema translated to draft 7 (``schema_draft7``) and
  compiled by fastjsonschema. It only says valid or invalid, fast;
- the **reference**: jsonschema's ``Draft202012Validator`` on the schema as
  written, which says what is wrong and where.

:func:`validate` asks the compiled validator first and runs the reference only
when that one finds the document invalid (or could not be built: a schema it
cannot translate, or fastjsonschema missing), so valid documents cost the fast
check alone and every reported problem still comes from jsonschema. The two are
held to the same verdict by tests (``tests/test_schema_agreement.py``).

jsonschema and fastjsonschema are imported here only, and only when a document
is validated, so commands that never validate JSON do not pay for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from digestfmt.i18n import _
from digestfmt.profiles import registered_fingerprint

if TYPE_CHECKING:
    import jsonschema


@dataclass(frozen=True)
class SchemaProblem:
    pointer: tuple[str | int, ...]  # where in the JSON document
    message: str

    @property
    def json_pointer(self) -> str:
        return "/" + "/".join(str(p) for p in self.pointer)


def schema_text() -> str:
    """The shipped schema: ``schema_build``'s output for the built-in profiles."""
    return (resources.files("digestfmt") / "spec" / "digest.schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """The schema documents are validated against: the shipped one, or, once profiles
    have been read from files, one made for them and the built-ins."""
    return _schema(registered_fingerprint())


@cache
def _schema(profiles: str) -> dict[str, Any]:
    if not profiles:
        data: dict[str, Any] = json.loads(schema_text())
        return data
    from digestfmt.parse.detect import precedence
    from digestfmt.profiles import known_profiles
    from digestfmt.schema_build import build

    return build(sorted(known_profiles().values(), key=precedence))


def _validator() -> jsonschema.Draft202012Validator:
    return _validator_for(registered_fingerprint())


@cache
def _validator_for(profiles: str) -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(
        _schema(profiles), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def compiled() -> Callable[[Any], object] | None:
    """The fast validator (raises on an invalid document), or None when the schema
    cannot be translated to draft 7 or fastjsonschema is not installed."""
    return _compiled_for(registered_fingerprint())


@cache
def _compiled_for(profiles: str) -> Callable[[Any], object] | None:
    from digestfmt.schema_draft7 import SchemaTranslationError, is_date, translate

    try:
        import fastjsonschema
    except ImportError:
        return None
    try:
        draft7 = translate(_schema(profiles))
    except SchemaTranslationError:
        return None
    # Plain exceptions: if/then, not and anyOf raise and catch one per branch
    # tried, and a detailed one formats its message each time.
    check: Callable[[Any], object] = fastjsonschema.compile(
        draft7, handlers={}, formats={"date": is_date}, use_default=False,
        detailed_exceptions=False,
    )
    return check


def compiled_is_valid(document: Any) -> bool | None:
    """The compiled validator's verdict; None when it is unavailable or failed."""
    check = compiled()
    if check is None:
        return None
    from fastjsonschema import JsonSchemaValueException

    try:
        check(document)
    except JsonSchemaValueException:
        return False
    except Exception:  # anything unexpected: leave the verdict to the reference
        return None
    return True


def reference_is_valid(document: Any) -> bool:
    """jsonschema's verdict, the reference."""
    return bool(_validator().is_valid(document))


def validate(document: Any, limit: int | None = None) -> list[SchemaProblem]:
    """Every schema violation, most specific first, in document order; with ``limit``,
    only the first ``limit`` jsonschema finds (what a one-line message needs: jsonschema
    takes about a millisecond a violation, and a 20,000-card file can have 40,000).

    ``document`` is JSON data (what ``json.loads`` returns)."""
    if compiled_is_valid(document):
        return []
    return reference_problems(document, limit)


def more(problems: list[SchemaProblem], limit: int) -> str:
    """" (and N more)" after the first of ``problems`` found with ``limit``."""
    if len(problems) < 2:
        return ""
    if len(problems) >= limit:
        return _(" (and at least {count} more)").format(count=len(problems) - 1)
    return _(" (and {count} more)").format(count=len(problems) - 1)


def reference_problems(document: Any, limit: int | None = None) -> list[SchemaProblem]:
    """What :func:`validate` reports, from jsonschema alone (no fast path)."""
    from itertools import islice

    problems = []
    for error in islice(_validator().iter_errors(document), limit):
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
        return _("{value!r} is not in the required form").format(value=error.instance)
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown key")
    return error.message
