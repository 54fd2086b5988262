"""dates: every date form reads back the date it wrote, and writes back the text it read."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digestfmt.dates import DATE_FORMATS, NUMERIC_FORMS, parse_date, render_date

DAYS = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2099, 12, 31))


@given(DAYS, st.sampled_from(DATE_FORMATS))
def test_a_written_date_reads_back(day: datetime.date, fmt: str) -> None:
    text = render_date(fmt, day.year, day.month, day.day)
    read = parse_date(text)
    assert read is not None and read[:3] == (day.year, day.month, day.day)
    # Read in the first form that fits, it is written back as it was: an unpadded form
    # may read as the padded one (2026-12-15) only when both write the same text.
    assert render_date(read[3], *read[:3]) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-10", (2026, 3, 10, "YYYY-MM-DD")),
    ("2026/3/1", (2026, 3, 1, "YYYY/M/D")),
    ("2026.03.01", (2026, 3, 1, "YYYY.MM.DD")),
    ("2026年3月1日", (2026, 3, 1, "YYYY年M月D日")),
    ("2026 年 03 月 01 日", (2026, 3, 1, "YYYY年MM月DD日")),
    ("February 28, 2026", (2026, 2, 28, "MMMM D, YYYY")),
    ("feb 8, 2026", (2026, 2, 8, "MMM D, YYYY")),
    ("Sept. 8, 2026", (2026, 9, 8, "MMM D, YYYY")),
    ("8 February 2026", (2026, 2, 8, "D MMMM YYYY")),
])
def test_date_forms_seen_in_real_headers(text: str, expected: tuple[int, int, int, str]) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2026-3", "03/10/2026", "Febtember 2, 2026", "2026年3月",
                                  "2026-03-10 08:00"])
def test_what_is_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_month_names_are_read_only_where_a_style_opts_in() -> None:
    assert parse_date("February 28, 2026", NUMERIC_FORMS) is None
    assert all("MMM" not in f for f in NUMERIC_FORMS)
    assert set(NUMERIC_FORMS) < set(DATE_FORMATS)
