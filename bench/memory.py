"""Peak memory of `digestfmt convert` on one large digest, as a multiple of its size.

    python bench/memory.py                 # 20,000 cards (~8.5 MB), every format
    python bench/memory.py --cards 5000 --to epub --to atom

Each conversion runs as its own process (``python -m digestfmt convert``); its peak
RSS comes from ``os.wait4`` for that process alone. The same command on a one-card
digest gives the interpreter's and the imports' share, which is subtracted: what is
left, divided by the input's size, is the multiple issue 14 asks to keep at or under
20x. The time of the schema warning on an invalid file of as many cards is printed
too. Nothing is asserted; the numbers and their reading are in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("md", "json", "html", "epub", "atom", "jsonfeed")
TARGET = 20.0


def card(number: int, with_source: bool) -> str:
    source = "**来源**: 机器之心 | **时间**: 2026-02-20 07:39\n" if with_source else ""
    return (f"### {number}. [Org{number}] 标题{number} 关于模型发布的新闻\n{source}"
            "**价值**: 🌟🌟🌟🌟 **标签**: [发布] [研究]\n"
            f"**链接**: https://example.com/a/{number}\n\n"
            f"> 🎯 **一句话摘要**：一句话{number}。\n\n"
            f"#### 🔹 核心技术/实现逻辑\n\n- 技术{number}。\n\n"
            f"#### 📊 实验数据/关键结论\n\n- 数据{number}。\n\n"
            f"#### 💡 独家洞察/局限性\n\n- 洞察{number}。\n\n---\n")


def digest(cards: int, valid: bool = True) -> str:
    """An intel digest of ``cards`` small cards (without 来源 and 时间 when not ``valid``:
    two schema violations a card)."""
    return "# AI 每日情报 | 2026-02-20\n\n" + "".join(card(n, valid)
                                                   for n in range(1, cards + 1))


def run(args: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in bytes and exit status of one digestfmt process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "digestfmt", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss * 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--to", action="append", choices=FORMATS)
    options = parser.parse_args()
    mib = 1024 * 1024
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        (where / "big.md").write_text(digest(options.cards), "utf-8")
        (where / "one.md").write_text(digest(1), "utf-8")
        (where / "bad.md").write_text(digest(options.cards, valid=False), "utf-8")
        size = (where / "big.md").stat().st_size
        print(f"input: {options.cards} cards, {size / mib:.1f} MiB; python "
              f"{sys.version.split()[0]}; target: peak RSS - baseline <= {TARGET:.0f}x input")
        print(f"{'format':10} {'baseline':>9} {'peak':>9} {'growth':>9} {'x input':>8} "
              f"{'seconds':>8}  verdict")
        for to in options.to or FORMATS:
            out = f"out.{to}"
            _, base, _ = run(["convert", "one.md", "--to", to, "-o", out], where)
            seconds, peak, code = run(["convert", "big.md", "--to", to, "-o", out], where)
            growth = max(peak - base, 0)
            times = growth / size
            verdict = "failed" if code else ("met" if times <= TARGET else "NOT met")
            print(f"{to:10} {base / mib:8.0f}M {peak / mib:8.0f}M {growth / mib:8.0f}M "
                  f"{times:7.1f}x {seconds:8.1f}  {verdict}")
        seconds, peak, code = run(["convert", "bad.md", "--to", "json", "-o", "bad.json"],
                                  where)
        print(f"invalid file, {options.cards} cards, convert --to json with its schema "
              f"warning: {seconds:.1f} s, peak {peak / mib:.0f} MiB, exit {code}")


if __name__ == "__main__":
    main()
