"""The date forms digests write (spec §4.2): reading one, and writing a date back in it.

A form is a pattern of tokens -- ``YYYY``, ``MM``/``M`` (month, zero-padded or not),
``MMMM``/``MMM`` (English month name, whole or abbreviated), ``DD``/``D`` (day) --
and literal text. A date is written back in the form it was read in, so a header
reads the same after ``fmt``.
"""

from __future__ import annotations

import re
from functools import cache

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# Every form a digest may write its date in; padded forms first, so that a date that
# reads in both (``2026-03-10``) takes the padded one and is written back as read.
DATE_FORMATS = (
    "YYYY-MM-DD", "YYYY/MM/DD", "YYYY.MM.DD", "YYYY年MM月DD日",
    "YYYY-M-D", "YYYY/M/D", "YYYY.M.D", "YYYY年M月D日",
    "MMMM D, YYYY", "MMM D, YYYY", "D MMMM YYYY", "D MMM YYYY",
)

# The forms a style reads unless its profile lists others (``header.date_forms``):
# those in digits. A month name is a form a style opts in to.
NUMERIC_FORMS = tuple(f for f in DATE_FORMATS if "MMM" not in f)

_TOKEN = re.compile(r"YYYY|MMMM|MMM|MM|M|DD|D")
_MONTH_NAMES = "|".join(MONTHS)
_MONTH_ABBREVIATIONS = "|".join(m[:3] for m in MONTHS) + "|Sept"
_READ = {
    "YYYY": r"(?P<year>\d{4})",
    "MMMM": rf"(?P<month_name>{_MONTH_NAMES})",
    "MMM": rf"(?P<month_abbr>{_MONTH_ABBREVIATIONS})\.?",
    "MM": r"(?P<month>\d{2})",
    "M": r"(?P<month>\d{1,2})",
    "DD": r"(?P<day>\d{2})",
    "D": r"(?P<day>\d{1,2})",
}


@cache
def _reader(fmt: str) -> re.Pattern[str]:
    """The pattern reading ``fmt``: its tokens, and its literal text with any spacing
    around it (``2026 年 3 月 1 日``), any case of month names."""
    parts, at = [], 0
    for m in _TOKEN.finditer(fmt):
        parts += [_literal(fmt[at:m.start()]), _READ[m[0]]]
        at = m.end()
    parts.append(_literal(fmt[at:]))
    return re.compile("".join(parts), re.IGNORECASE)


def _literal(text: str) -> str:
    if not text:
        return ""
    if not text.strip():
        return r"\s+"
    return r"\s*" + r"\s*".join(re.escape(c) for c in text.strip()) + r"\s*"


def parse_date(text: str, forms: tuple[str, ...] = DATE_FORMATS
               ) -> tuple[int, int, int, str] | None:
    """(year, month, day, form) of a date written in one of ``forms``, else None."""
    for fmt in forms:
        if m := _reader(fmt).fullmatch(text.strip()):
            return int(m["year"]), _month(m), int(m["day"]), fmt
    return None


def _month(m: re.Match[str]) -> int:
    groups = m.groupdict()
    if groups.get("month"):
        return int(groups["month"])
    name = (groups.get("month_name") or groups["month_abbr"]).lower()[:3]
    return [x.lower()[:3] for x in MONTHS].index(name) + 1


def render_date(fmt: str, year: int, month: int, day: int) -> str:
    """The date written in form ``fmt``."""
    values = {
        "YYYY": f"{year:04d}", "MM": f"{month:02d}", "M": str(month),
        "DD": f"{day:02d}", "D": str(day),
        "MMMM": MONTHS[month - 1] if 1 <= month <= 12 else str(month),
        "MMM": MONTHS[month - 1][:3] if 1 <= month <= 12 else str(month),
    }
    return _TOKEN.sub(lambda m: values[m[0]], fmt)
