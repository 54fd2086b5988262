"""Every command takes time linear in its input, on pathological lines.

A doubling property, not a timing: each command runs on a digest with one long line
of n bytes and on the same with 2n bytes, in the same test, and the second may take
less than RATIO times the first (linear work gives about 2; the quadratic paths this
replaced gave 4 and more). CPU time of this process (``time.process_time``), best of
three, render caches cleared and the garbage collector off: another process on a busy
machine does not count, a cached render does not hide work, and the heap the rest of
the suite left does not weigh on the second run more than on the first. Absolute
times are the bench's.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from digestfmt.codecs import dump, dump_all, load_all, render
from digestfmt.links import links
from digestfmt.lint.config import Config
from digestfmt.lint.run import lint_bytes

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "samples" / "intel" / "2026-03-02" / "daily_report.md").read_text("utf-8")
RATIO = 3.0
N = 40_000  # bytes of the long line; 2N is the second run

# Pieces of Markdown that made, or could make, some path quadratic in a line's length.
UNITS = ["[链接](https://a.example/p?x=1) ", "https://a.example/p?x=1 ", "[", "]", "[[a](b) ",
         "**a _b ", "`a ", "中文https://a.example/x中文 ", "【t】（https://x.example/y） ",
         "[t] (https://x.example/y) ", "<https://a.example/x> <b>c</b> ", "a", "_", "*",
         "htp://a.example/b ", "&amp;&#x4e2d; ", "\\*\\[", "![a](https://a.example/i.png) ",
         "| a ", "~~a~~ ", "<!-- x -->", "https://a.example/(a)(b)", "(", "：", "🌟"]


def digest_with_line(unit: str, size: int, where: str) -> bytes:
    """The sample digest with ``unit`` repeated to ``size`` bytes: as a list item of a card
    body, or in a card's title."""
    run = unit * max(1, size // len(unit.encode()))
    if where == "title":
        return SAMPLE.replace("Lumen-VL 2: 以稀疏", f"Lumen-VL 2: {run}以稀疏", 1).encode()
    return SAMPLE.replace("- 推理吞吐提升约", f"- {run}\n- 推理吞吐提升约", 1).encode()


def _read(data: bytes, name: str = "x.md") -> list:  # type: ignore[type-arg]
    return load_all(data, name)


COMMANDS: dict[str, Callable[[bytes], object]] = {
    "lint": lambda d: lint_bytes(d, "x.md", Config()),
    "lint --fix --unsafe-fixes": lambda d: lint_bytes(d, "x.md", Config(), fix=True,
                                                      unsafe_fixes=True),
    "fmt": lambda d: dump(_read(d)[0], "md"),
    "convert --to json": lambda d: dump(_read(d)[0], "json"),
    "convert --to html": lambda d: dump(_read(d)[0], "html"),
    "convert --to epub": lambda d: dump_all(_read(d), "epub"),
    "convert --to atom": lambda d: dump_all(_read(d), "atom"),
    "links": lambda d: links(_read(d)[0]),
    "json -> md": lambda d: dump(_read(dump(_read(d)[0], "json").encode(), "x.json")[0], "md"),
    "html -> md": lambda d: dump(_read(dump(_read(d)[0], "html").encode(), "x.html")[0], "md"),
}


def cpu_seconds(command: Callable[[bytes], object], data: bytes) -> float:
    """With the cyclic garbage collector off while timed: a collection walks every object
    of the test session, so its cost depends on what ran before, not on ``data``."""
    render.block_html.cache_clear()
    render.inline_html.cache_clear()
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        command(data)
        return time.process_time() - start
    finally:
        gc.enable()


def assert_linear(name: str, unit: str, where: str, n: int = N) -> None:
    small, large = (digest_with_line(unit, size, where) for size in (n, 2 * n))
    command = COMMANDS[name]
    best = [float("inf"), float("inf")]
    for _ in range(3):  # interleaved, so a slow moment hits both sizes alike
        best[0] = min(best[0], cpu_seconds(command, small))
        best[1] = min(best[1], cpu_seconds(command, large))
    floor = 0.02  # below this, timer resolution and noise decide the ratio
    ratio = best[1] / max(best[0], floor)
    assert best[1] < floor or ratio < RATIO, (
        f"{name} on {unit!r} x {n} bytes ({where}): {best[0]:.3f} s, on 2x: "
        f"{best[1]:.3f} s, ratio {ratio:.2f} (linear ~2, quadratic ~4)")


# The units that were quadratic before, each on the command it was quadratic in, at a
# length where the square showed (the old code gave ratios of 3.1 to 3.9 here).
@pytest.mark.parametrize(("name", "unit", "n"), [
    ("lint", "[链接](https://a.example/p?x=1) ", 100_000),
    ("lint", "https://a.example/p?x=1 ", 100_000),
    ("lint", "中文https://a.example/x中文 ", 100_000),
    ("lint", "[t] (https://x.example/y) ", 100_000),
    ("lint --fix --unsafe-fixes", "【t】（https://x.example/y） ", 100_000),
    ("lint --fix --unsafe-fixes", "htp://a.example/b ", 100_000),
    ("convert --to html", "**a _b ", 300_000),
    ("convert --to html", "\\*\\[", 300_000),
])
def test_known_quadratic_cases_are_linear(name: str, unit: str, n: int) -> None:
    assert_linear(name, unit, "body", n)


@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],  # a timing is not shrunk
          suppress_health_check=[HealthCheck.too_slow])
@given(unit=st.lists(st.sampled_from(UNITS), min_size=1, max_size=3).map("".join),
       where=st.sampled_from(["body", "title"]))
def test_every_command_is_linear_on_mixed_lines(unit: str, where: str) -> None:
    for name in COMMANDS:
        assert_linear(name, unit, where)
