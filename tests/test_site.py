"""digestfmt.site: an archive converted to pages is a site one can browse.

Issue 13: `convert archive/ --to html -o site/` gave hundreds of unconnected pages, and
a feed of a directory held the whole archive.
"""

from __future__ import annotations

import re
from pathlib import Path

from test_cli_errors import INTEL, run_in_process

import digestfmt

_HREF = re.compile(r'href="([^"]+)"')


def _archive(root: Path, days: list[str]) -> None:
    for day in days:
        year, month, dom = day.split("-")
        folder = root / year / month
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{dom}.md").write_text(INTEL.replace("2026-02-20", day), "utf-8")


def _site(tmp_path: Path) -> Path:
    _archive(tmp_path / "archive", ["2026-01-31", "2026-02-01", "2026-02-02"])
    result = run_in_process("convert", "archive", "--to", "html", "-o", "site", cwd=tmp_path)
    assert result.code == 0, result
    return tmp_path / "site"


def _links(page: Path) -> list[str]:
    return [h for h in _HREF.findall(page.read_text("utf-8")) if not h.startswith("http")]


def test_every_page_links_its_neighbours_its_month_and_the_index(tmp_path: Path) -> None:
    site = _site(tmp_path)
    nav = re.search(r'<nav class="site">\n(.*?)</nav>',
                    (site / "2026/02/01.html").read_text("utf-8"), re.S)
    assert nav is not None
    assert nav[1].splitlines() == [
        '<a rel="prev" href="../01/31.html">← 2026-01-31</a>',
        '<a href="../../months/2026-02.html">2026-02</a>',
        '<a rel="index" href="../../index.html">目录</a>',
        '<a rel="next" href="02.html">2026-02-02 →</a>']
    first = (site / "2026/01/31.html").read_text("utf-8")
    assert 'rel="prev"' not in first and 'rel="next" href="../02/01.html"' in first


def test_the_index_lists_each_month_and_day_and_every_link_resolves(tmp_path: Path) -> None:
    site = _site(tmp_path)
    index = (site / "index.html").read_text("utf-8")
    assert re.findall(r"<h2>.*?</h2>", index) == [
        '<h2><a href="months/2026-01.html">2026-01</a></h2>',
        '<h2><a href="months/2026-02.html">2026-02</a></h2>']
    assert '<li><a href="2026/02/01.html">2026-02-01</a> AI 每日情报 ' \
           '<span class="cards">（1 条）</span></li>' in index
    pages = sorted(site.rglob("*.html"))
    assert [str(p.relative_to(site)) for p in pages] == [
        "2026/01/31.html", "2026/02/01.html", "2026/02/02.html", "index.html",
        "months/2026-01.html", "months/2026-02.html"]
    for page in pages:
        for href in _links(page):
            assert (page.parent / href).resolve().is_file(), (page, href)


def test_a_page_of_the_site_still_reads_back_to_its_digest(tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = (site / "2026/02/01.html").read_bytes()
    back = digestfmt.dumps(digestfmt.loads(page, path="01.html"))
    assert back == digestfmt.dumps(digestfmt.loads(INTEL.replace("2026-02-20", "2026-02-01")))


def test_titles_are_escaped_on_the_index(tmp_path: Path) -> None:
    brief = (Path(__file__).parents[1] / "samples/brief/2026/03/02.md").read_text("utf-8")
    title = brief.split("\n", 1)[0].removeprefix("# ").split(" - ")[0]
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text(brief.replace(title, '<img src=x onerror="alert(1)">', 1),
                                 "utf-8")
    (folder / "b.md").write_text(INTEL, "utf-8")
    assert run_in_process("convert", "archive", "--to", "html", "-o", "site",
                          cwd=tmp_path).code == 0
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in index
    for page in (tmp_path / "site").rglob("*.html"):
        assert "<img src=x" not in page.read_text("utf-8")


def test_a_feed_of_a_directory_holds_its_latest_days(tmp_path: Path) -> None:
    days = [f"2026-01-{d:02d}" for d in range(1, 32)] + ["2026-02-01"]
    _archive(tmp_path / "archive", days)

    def days_in_feed(*options: str) -> int:
        result = run_in_process("convert", "archive", "--to", "atom", "-o", "feed.xml",
                                *options, cwd=tmp_path)
        assert result.code == 0, result
        return len(set(re.findall(r"<updated>(\d{4}-\d\d-\d\d)",
                                  (tmp_path / "feed.xml").read_text("utf-8"))[1:]))

    assert days_in_feed() == 30
    assert days_in_feed("--latest", "3") == 3
    assert days_in_feed("--latest", "0") == 32
    text = (tmp_path / "feed.xml").read_text("utf-8")
    assert "2026-02-01" in text


def test_links_to_pages_are_percent_encoded_from_the_names_bytes(tmp_path: Path) -> None:
    """A ``#`` or a space in a file name would end or break a raw href."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a#1 x.md").write_text(INTEL, "utf-8")
    (folder / "b.md").write_text(INTEL.replace("2026-02-20", "2026-02-21"), "utf-8")
    assert run_in_process("convert", "archive", "--to", "html", "-o", "site",
                          cwd=tmp_path).code == 0
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert '<a href="a%231%20x.html">2026-02-20</a>' in index
    assert (tmp_path / "site" / "a#1 x.html").is_file()
