"""What a link check can conclude.

Kept apart from the HTTP code and the checker's settings (links/settings.py):
the linter reads results through it on every run, online or not, and a plain
lint stays fast to start.

A result's ``reason`` is English, made from one of ``REASONS`` (or a status line such as
``HTTP 404``, or a library's own text): the cache stores it so, and ``explain`` gives it in
the run's language when it is shown, so a reason cached by an English run reads in Chinese
in a Chinese one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from digestfmt.i18n import N_, Text, _


class Outcome(StrEnum):
    OK = "ok"
    BROKEN = "broken"
    UNVERIFIABLE = "unverifiable"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class LinkResult:
    """What checking one URL concluded, and why."""

    url: str
    outcome: Outcome
    reason: str = ""
    status: int | None = None
    final_url: str | None = None
    moved_to: str | None = None  # target of a permanent redirect (301/308)
    cached: bool = False
    # the failure was the network's (no name resolution, no route), not the site's answer
    network: bool = False


EXCLUDED = N_("excluded by a pattern")
REDIRECT_LOOP = N_("redirect loop")
CANNOT_FETCH = N_("cannot fetch {url!r}")
TOO_MANY_REDIRECTS = N_("more than {count} redirects")
DNS_FAILED = N_("DNS lookup failed ({reason})")
PRIVATE = N_("not fetched: {address} is a private or local address")
OUT_OF_TIME = N_("time budget exhausted")
CANNOT_CONNECT = N_("cannot connect ({reason})")
CONNECTION_FAILED = N_("connection failed ({reason})")
REQUEST_FAILED = N_("request failed ({reason})")
RETRY_TOO_LONG = N_("{failure}, Retry-After {seconds}s is too long")
GAVE_UP = N_("{failure} after {attempts} attempts")
VERIFICATION = N_("verification page ({marker!r})")
SOFT_404 = N_("soft 404: page says {marker!r}")
BLOCKS_CHECKERS = N_("HTTP {status} (blocks checkers)")
OFFLINE = N_("network unavailable: {failure}")
REASONS = (EXCLUDED, REDIRECT_LOOP, CANNOT_FETCH, TOO_MANY_REDIRECTS, DNS_FAILED, PRIVATE,
           OUT_OF_TIME, CANNOT_CONNECT, CONNECTION_FAILED, REQUEST_FAILED, RETRY_TOO_LONG,
           GAVE_UP, VERIFICATION, SOFT_404, BLOCKS_CHECKERS, OFFLINE)
_FIELD = re.compile(r"\{(\w+)(![rsa])?\}")
_NUMBERS = frozenset({"count", "seconds", "attempts", "status"})
_NESTED = "failure"  # a field that is itself a reason


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each reason template as a pattern of its English, most literal text first."""
    made = []
    for template in REASONS:
        pattern, end = "", 0
        for field in _FIELD.finditer(template):
            name = field.group(1)
            pattern += re.escape(template[end:field.start()]) + \
                f"(?P<{name}>{'[0-9]+' if name in _NUMBERS else '.+'})"
            end = field.end()
        pattern += re.escape(template[end:])
        made.append((len(_FIELD.sub("", template)), re.compile(pattern, re.S), template))
    made.sort(key=lambda item: -item[0])
    return tuple((compiled, template) for _, compiled, template in made)


def explain(reason: str) -> str:
    """A result's English ``reason`` in the chosen language (itself in English, and when
    it is no template's: a status line, a library's text). The values are kept as the
    English wrote them; a nested reason is explained in turn."""
    for pattern, template in _patterns():
        found = pattern.fullmatch(reason)
        if found is None:
            continue
        translated = _(template)
        if translated == template:
            return reason
        values = {name: explain(value) if name == _NESTED else value
                  for name, value in found.groupdict().items()}
        return Text(_fill(translated, values), reason)
    return reason


def _fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each field replaced by its value as written (``!r`` included)."""
    return _FIELD.sub(lambda m: values[m.group(1)], template)
