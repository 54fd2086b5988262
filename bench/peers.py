"""Rows that compare digestfmt with pandoc (issue 4: md -> HTML, a month's EPUB).

Each comparison is a pair of rows over the same files, timed in the same run and
taking turns with every other row: digestfmt through its public code paths, in
this process, and pandoc as the user would run it. ``run.py`` prints the time
ratio of each pair.

The files: the synthetic archive repeats its samples' ten cards thousands of
times, and digestfmt caches rendered Markdown by its text (``codecs.render``), so
on the archive as it is nearly every card body would be a cache hit, which real
archives, whose cards are all different, never give. These rows therefore use
copies of the chosen files in which every line is made different
(:func:`unique_text`), and clear the render caches before each timed run. pandoc
reads the very same copies.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Protocol

from digestfmt.codecs import epub, html, json_, render
from digestfmt.parse import parse_bytes
from digestfmt.schema import validate

HTML_FILES = 100  # md -> HTML: this many digests, spread over the archive
BOOK_FILES = 30  # a month's book: this many consecutive days of one series
BOOK_STYLE = "intel"  # the heavier style (intel cards cost ~3x brief ones to render)
PANDOC_HTML = ["pandoc", "-f", "markdown", "-t", "html5", "-s"]
PANDOC_EPUB = ["pandoc", "-f", "markdown"]


class Files(Protocol):
    """What these rows read of an ``Archive``."""

    root: Path
    paths: list[str]


# -- pandoc ---------------------------------------------------------------------------


@cache
def pandoc_missing() -> str | None:
    """None when pandoc can run; else why its rows are skipped. Installs it from
    Debian's apt when absent, if this process is root and apt works."""
    if shutil.which("pandoc"):
        return None
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "pandoc is not installed and this is not root (`apt-get install pandoc` adds it)"
    if not shutil.which("apt-get"):
        return "pandoc is not installed and there is no apt-get to install it"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "pandoc"]
    last = ""
    # The package lists may be empty on a fresh machine: update once if the first try fails.
    for command in (install, ["apt-get", "update", "-q"], install):
        print(f"bench: pandoc is missing; running {' '.join(command)}", file=sys.stderr,
              flush=True)
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True,
                                  timeout=900, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"pandoc could not be installed: {exc}"
        last = (done.stderr.strip().splitlines() or [""])[-1]
        if command is install and done.returncode == 0 and shutil.which("pandoc"):
            return None
    return f"pandoc could not be installed with apt-get ({last or 'no message'})"


def pandoc_version() -> str:
    done = subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=True)
    return done.stdout.split("\n", 1)[0]


# -- the files --------------------------------------------------------------------------


def spread(paths: list[str], n: int) -> list[str]:
    """``n`` paths evenly spaced over the sorted archive (both styles alike)."""
    n = min(n, len(paths))
    return [paths[i * len(paths) // n] for i in range(n)]


def month(paths: list[str], n: int, style: str = BOOK_STYLE) -> list[str]:
    """The ``n`` most recent days of one style's series (paths sort by date)."""
    return [p for p in paths if p.startswith(style + "/")][-n:]


_CJK_FIRST, _CJK_LAST = 0x4E00, 0x9FA5


@cache
def _kept() -> frozenset[str]:
    """Ideographs that carry structure (labels, section names, titles, the words the
    style detector scores): every one written in digestfmt's code, profiles or schema."""
    package = Path(sys.modules["digestfmt"].__file__ or "").parent
    spec = package / "spec"  # a symlink into the repository, which rglob does not follow
    text = "".join(p.read_text("utf-8") for folder in (package, spec.resolve())
                   for suffix in ("*.py", "*.yaml", "*.json") for p in folder.rglob(suffix))
    return frozenset(re.findall(f"[{chr(_CJK_FIRST)}-{chr(_CJK_LAST)}]", text))


def unique_text(text: str, salt: str) -> str:
    """``text`` with the CJK ideographs of each line shifted along the CJK block by an
    amount taken from ``salt`` and the line number: every line differs from every
    other line, in this file and in others, and the Markdown structure (ASCII,
    punctuation, emoji and the ideographs of labels and headings) is untouched."""
    kept = _kept()
    size = _CJK_LAST - _CJK_FIRST + 1
    out = []
    for number, line in enumerate(text.split("\n")):
        shift = zlib.crc32(f"{salt}\0{number}".encode()) % (size - 1) + 1
        chars = []
        for ch in line:
            code = ord(ch)
            if _CJK_FIRST <= code <= _CJK_LAST and ch not in kept:
                index = (code - _CJK_FIRST + shift) % size
                while chr(_CJK_FIRST + index) in kept:
                    index = (index + 1) % size
                ch = chr(_CJK_FIRST + index)
            chars.append(ch)
        out.append("".join(chars))
    return "\n".join(out)


@cache
def _scratch() -> Path:
    """A folder for this run's copies and outputs, removed at exit."""
    folder = tempfile.TemporaryDirectory(prefix="digestfmt-bench-peers-")
    _FOLDERS.append(folder)
    return Path(folder.name)


_FOLDERS: list[tempfile.TemporaryDirectory[str]] = []


def unique_copies(root: Path, paths: Iterable[str], name: str) -> tuple[Path, list[str]]:
    """Copies of ``paths`` under a new root, each made unique with :func:`unique_text`;
    each copy is checked to parse as the original does (style, cards) and to give
    schema-valid JSON."""
    dest = _scratch() / name
    copies = []
    for path in paths:
        original = parse_bytes((root / path).read_bytes(), path=path)
        text = unique_text((root / path).read_text("utf-8"), path)
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        (dest / path).write_text(text, "utf-8")
        copy = parse_bytes(text.encode("utf-8"), path=path)
        if (copy.profile.name, len(copy.cards)) != (original.profile.name, len(original.cards)) \
                or validate(json_.to_dict(copy)):
            raise SystemExit(f"bench: {path}: the uniquified copy does not read as the original")
        copies.append(path)
    return dest, copies


# -- the rows ---------------------------------------------------------------------------


def _cold_renderer() -> None:
    """Forget rendered Markdown, as a new process would: the timed runs repeat the
    same files, and the best of them would otherwise be served from the caches."""
    render.block_html.cache_clear()
    render.inline_html.cache_clear()


def _out(name: str) -> Path:
    folder = _scratch() / "out" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def md_to_html(files: Files) -> None:
    """digestfmt: read, parse and write one standalone page per digest."""
    _cold_renderer()
    out = _out("digestfmt-html")
    for i, path in enumerate(files.paths):
        digest = parse_bytes((files.root / path).read_bytes(), path=path)
        (out / f"{i:04d}.html").write_text(html.dumps(digest), "utf-8")


def pandoc_html(files: Files) -> None:
    """pandoc: one process per file, as a shell loop would run it."""
    out = _out("pandoc-html")
    for i, path in enumerate(files.paths):
        subprocess.run([*PANDOC_HTML, str(files.root / path), "-o", str(out / f"{i:04d}.html")],
                       check=True, capture_output=True)


def md_to_epub(files: Files) -> None:
    """digestfmt: read and parse the days, write one book (a chapter a day)."""
    _cold_renderer()
    out = _out("digestfmt-epub")
    digests = [parse_bytes((files.root / p).read_bytes(), path=p) for p in files.paths]
    (out / "book.epub").write_bytes(epub.dumps_all(digests))


def pandoc_epub(files: Files) -> None:
    """pandoc: one call over the days' files, one book."""
    out = _out("pandoc-epub")
    subprocess.run([*PANDOC_EPUB, *(str(files.root / p) for p in files.paths),
                    "-o", str(out / "book.epub")], check=True, capture_output=True)
