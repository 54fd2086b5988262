"""What a reader sees on a phone and a desktop: the pages laid out by headless Chromium.

Each page is loaded at 390 px (a phone) and 1280 px with a script that measures where
things are; Chromium prints the DOM after it ran (``--dump-dom``). Headless Chromium
will not make a window narrower than 500 px, so the page is shown in an iframe of the
width wanted. The script goes into a copy of the page made for the test only; the
pages digestfmt writes hold no script to run.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from real_tools import tool

import digestfmt

SAMPLES = Path(__file__).parents[2] / "samples"

_MEASURE = """
<script>
const box = (el) => el ? el.getBoundingClientRect() : null;
const textRects = (el) => { const r = document.createRange(); r.selectNodeContents(el);
                            return r.getClientRects(); };
const h1 = document.querySelector(".digest-header h1");
const title = h1.querySelector(".title"), date = h1.querySelector(".date");
const seps = [...h1.querySelectorAll(".sep")].filter((s) => s.getClientRects().length);
const prefixed = document.querySelector("dl.fields dt[data-prefix]");
const prefixBlocks = document.querySelectorAll("dl.fields[data-prefix]").length;
const rows = [...document.querySelectorAll("dl.fields")].map((dl) =>
  [...dl.querySelectorAll("div.field")].map((f) =>
    [box(f.querySelector("dt")).top, box(f.querySelector("dd")).top]));
const out = {
  width: document.documentElement.clientWidth,
  title: box(title).top, date: box(date).top,
  lastSep: seps.length ? box(seps[seps.length - 1]).top : null,
  lineHeight: parseFloat(getComputedStyle(h1).lineHeight),
  prefixed: prefixed ? {dt: box(prefixed).top, dl: box(prefixed.closest("dl")).top,
                        lines: new Set([...textRects(prefixed)].map((r) => r.top)).size,
                        before: getComputedStyle(prefixed, "::before").content,
                        prefix: prefixed.dataset.prefix,
                        line: parseFloat(getComputedStyle(prefixed).lineHeight)} : null,
  prefixBlocks: prefixBlocks,
  rows: rows,
  overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
};
const pre = parent.document.createElement("pre");
pre.id = "layout";
pre.textContent = JSON.stringify(out);
parent.document.body.append(pre);
</script>
"""


def _layout(page: str, width: int, tmp_path: Path) -> dict[str, Any]:
    chromium = tool("chromium")
    measured = html.escape(page.replace("</body>", _MEASURE + "</body>"), quote=True)
    path = tmp_path / f"page-{width}.html"
    path.write_text(f'<!doctype html><html><body style="margin:0"><iframe srcdoc="{measured}" '
                    f'style="border:0;width:{width}px;height:900px"></iframe></body></html>',
                    "utf-8")
    run = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--window-size={width + 40},1000", "--virtual-time-budget=3000", "--dump-dom",
         path.as_uri()],
        capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="layout">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stderr[-2000:]
    return json.loads(found[1].replace("&quot;", '"'))


def _page(style: str) -> str:
    source = sorted((SAMPLES / style).rglob("*.md"))[0]
    return digestfmt.dumps(digestfmt.loads(source.read_bytes(), path=str(source)), to="html")


@pytest.mark.parametrize("style", ["brief", "intel"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_reads_well_on_a_phone_and_a_desktop(style: str, width: int,
                                                      tmp_path: Path) -> None:
    got = _layout(_page(style), width, tmp_path)
    assert got["width"] <= width and not got["overflow"], "the page is wider than the screen"
    # The header's date is never left apart from its separator: on a phone it has a
    # line of its own and the separator is hidden; on a desktop both follow the title.
    if width == 390:
        assert got["date"] > got["title"] and got["lastSep"] is None
    else:
        assert got["date"] == pytest.approx(got["title"], abs=got["lineHeight"] / 2)
    # Each label sits on the row of its value, on a phone too.
    for rows in got["rows"]:
        for dt, dd in rows:
            assert dt == pytest.approx(dd, abs=2)
    # A field block's prefix (🎯) is on its first label's line, not on a row of its own.
    assert (got["prefixed"] is None) == (got["prefixBlocks"] == 0)
    if got["prefixed"] is not None:
        prefixed = got["prefixed"]
        assert prefixed["before"] == f'"{prefixed["prefix"]} "' and prefixed["lines"] == 1
        assert prefixed["dt"] - prefixed["dl"] < prefixed["line"]
