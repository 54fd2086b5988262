"""An archive's pages as a site a person can browse (`convert DIR --to html -o SITE`).

Every page gets links to the previous and next day, to its month and to the index;
the index lists the months, each day with its title and number of cards, and a page a
month lists that month's days. All links are relative, so the site works from a
folder, a file server or a USB stick; the pages stay self-contained (one stylesheet
inlined, no script) and every text is escaped.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

from digestfmt.codecs.html import GENERATOR, Nav, stylesheet

INDEX = "index.html"
MONTHS = "months"  # the folder of the month pages, below the site's root


@dataclass(frozen=True)
class Day:
    """One page of the site: where it is (below the root), its date, title and cards."""

    page: str
    date: str | None  # ISO date, None for a digest without one
    title: str
    cards: int
    lang: str

    @property
    def month(self) -> str:
        return self.date[:7] if self.date else "undated"


def ordered(days: list[Day]) -> list[Day]:
    """By date, then by page; days without a date last."""
    return sorted(days, key=lambda d: (d.date is None, d.date or "", d.page))


def navs(days: list[Day]) -> Iterator[tuple[Day, Nav]]:
    """Each day (in order) with the links its page shows."""
    days = ordered(days)
    for n, day in enumerate(days):
        links: list[tuple[str, str, str]] = []
        if n:
            links.append(("prev", _href(day.page, days[n - 1].page), "← " + _name(days[n - 1])))
        links.append(("", _href(day.page, _month_page(day.month)), day.month))
        links.append(("index", _href(day.page, INDEX), _word(day.lang)))
        if n + 1 < len(days):
            links.append(("next", _href(day.page, days[n + 1].page), _name(days[n + 1]) + " →"))
        yield day, tuple(links)


def index_page(days: list[Day]) -> str:
    """The root page: every month, each day with its title and card count."""
    days = ordered(days)
    lang = days[0].lang if days else "en"
    body = [f"<h1>{_e(_word(lang))}</h1>"]
    for month, of_month in groupby(days, key=lambda d: d.month):
        month_days = list(of_month)
        body.append(f'<h2><a href="{_e(_month_page(month))}">{_e(month)}</a></h2>')
        body.append(_day_list(INDEX, month_days))
    return _page(lang, _word(lang), body)


def month_pages(days: list[Day]) -> Iterator[tuple[str, str]]:
    """(path below the root, page) of each month's page."""
    for month, of_month in groupby(ordered(days), key=lambda d: d.month):
        month_days = list(of_month)
        path = _month_page(month)
        lang = month_days[0].lang
        body = [f'<nav class="site">\n<a rel="index" href="{_e(_href(path, INDEX))}">'
                f"{_e(_word(lang))}</a>\n</nav>",
                f"<h1>{_e(month)}</h1>", _day_list(path, month_days)]
        yield path, _page(lang, month, body)


def _day_list(page: str, days: list[Day]) -> str:
    items = "".join(f'<li><a href="{_e(_href(page, d.page))}">{_e(_name(d))}</a> '
                    f'{_e(d.title)} <span class="cards">{_e(_count(d))}</span></li>\n'
                    for d in days)
    return f'<ul class="days">\n{items}</ul>'


def _page(lang: str, title: str, body: list[str]) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{_e(GENERATOR)}">\n<title>{_e(title)}</title>\n'
            f"<style>\n{stylesheet()}\n</style>\n</head>\n<body>\n"
            f'<main class="site">\n' + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def _month_page(month: str) -> str:
    return f"{MONTHS}/{month}.html"


def _href(page: str, target: str) -> str:
    """``target`` (below the root) as a link from ``page`` (below the root), percent-encoded
    from the name's bytes: a ``#``, ``?`` or space in a file name would otherwise end or
    break the link, and a name that does not decode as UTF-8 could not be written."""
    relative = Path(os.path.relpath(target, os.path.dirname(page) or ".")).as_posix()
    return quote(os.fsencode(relative), safe="/")


def _name(day: Day) -> str:
    """The day's date, else its file's stem as a reader can see it (bytes that do not
    decode shown as U+FFFD)."""
    stem = Path(day.page).stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return day.date or stem


def _count(day: Day) -> str:
    zh = day.lang.lower().startswith("zh")
    return f"（{day.cards} 条）" if zh else f"({day.cards} card{'s' * (day.cards != 1)})"


def _word(lang: str) -> str:
    """What the index is called in the digests' language."""
    return "目录" if lang.lower().startswith("zh") else "Index"


def _e(text: str) -> str:
    return html.escape(text, quote=True)
