"""Helpers shared by several rules (not a rule: the registry does not list it)."""

from __future__ import annotations

import datetime as dt
import re

from digestfmt.i18n import N_
from digestfmt.lint.rule import Context
from digestfmt.model import Card, Digest, Field
from digestfmt.profiles import Profile
from digestfmt.values import typed_value

# One user-perceived character: a code point plus variation selectors, joiners and
# skin-tone modifiers, so ⭐️ (U+2B50 U+FE0F) is one star.
GRAPHEME = re.compile(r".[\uFE0E\uFE0F\u200D\U0001F3FB-\U0001F3FF]*", re.S)
STARLIKE = re.compile(r"[⭐★☆✨✩✪✫✬✭✮✯✰🌟💫🌠\u2B50]")

# The one card time format: `YYYY-MM-DD HH:MM`.
CARD_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})")

# A field whose value took in the next paragraph (see ``runs_on``).
RUNS_ON = N_("{label} runs onto the next line: is a blank line missing after the fields?")


def shown(raw: str, limit: int = 40) -> str:
    """A value for a message: its first line, cut to ``limit`` code points, quoted."""
    first = raw.split("\n", 1)[0]
    cut = first[:limit] + ("…" if len(first) > limit or "\n" in raw else "")
    return repr(cut)


def runs_on(field: Field, profile: Profile) -> bool:
    """True when the value's first line is well-formed and more lines were joined to it.

    Text without a label right below a field line continues that field's value, so a
    missing blank line after the field block lands the next paragraph in the value.
    """
    if "\n" not in field.raw or field.key is None:
        return False
    first = field.raw.split("\n", 1)[0].strip()
    if field.kind == "datetime":
        return CARD_TIME.fullmatch(first) is not None
    spec = profile.fields[field.key]
    return bool(first) and not isinstance(typed_value(spec.kind, first, spec.joiner), str)


def graphemes(text: str) -> list[str]:
    return GRAPHEME.findall(text)


def time_fields(card: Card) -> list[Field]:
    """The card's fields of kind datetime that the style knows."""
    return [f for f in card.fields if f.key is not None and f.kind == "datetime"]


def card_time(field: Field) -> dt.datetime | None:
    """The naive local time a well-formed, possible card time names; else None."""
    m = CARD_TIME.fullmatch(field.raw)
    if not m:
        return None
    year, month, day, hour, minute = (int(x) for x in m.groups())
    try:
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def digest_day(digest: Digest, ctx: Context) -> dt.date | None:
    """The day the digest reports on: its header date, else the date in its path."""
    if digest.date is not None:
        return digest.date.as_date()
    if digest.date_text is not None:
        return None  # a header date the reader cannot read: do not guess
    return ctx.path_date()

