"""Reading and writing files (src/digestfmt/io.py): what is refused and what stays."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from digestfmt.errors import DigestError
from digestfmt.io import expand, read_bytes, write_atomic


def test_write_through_a_symlink_replaces_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old", "utf-8")
    (tmp_path / "real.txt").chmod(0o640)
    (tmp_path / "link.txt").symlink_to("real.txt")
    assert write_atomic(str(tmp_path / "link.txt"), "new") == str(tmp_path / "real.txt")
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text("utf-8") == "new"
    assert stat.S_IMODE((tmp_path / "real.txt").stat().st_mode) == 0o640


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: os.mkfifo(p), "not a regular file (a FIFO): refusing to replace it"),
    (lambda p: p.mkdir(), "not a regular file (a directory)"),
    (lambda p: p.symlink_to(p.name), "cannot write it: symbolic link loop"),
    (lambda p: (p.write_text("x", "utf-8"), p.chmod(0o444)), "read-only (mode 0444)"),
])
def test_refused_targets_are_left_as_they_were(tmp_path: Path, make: object,
                                               message: str) -> None:
    target = tmp_path / "out"
    make(target)  # type: ignore[operator]
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(DigestError, match=f"^{target}: {message}".replace("(", r"\(")
                       .replace(")", r"\)")):
        write_atomic(str(target), "data")
    assert sorted(os.listdir(tmp_path)) == before  # no temporary file left either


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: os.mkfifo(p), "not a regular file (a FIFO)"),
    (lambda p: p.symlink_to(p.name), "symbolic link loop"),
    (lambda p: p.symlink_to("missing"), "symbolic link to a missing file"),
    (lambda p: None, "no such file"),
])
def test_reading_what_is_not_a_regular_file(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "in.md"
    make(path)  # type: ignore[operator]
    with pytest.raises(DigestError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_bytes(str(path))


def test_walking_a_folder_skips_fifos_and_keeps_links_it_cannot_follow(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x", "utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "loop.md").symlink_to("loop.md")
    (tmp_path / "gone.md").symlink_to("missing.md")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x", "utf-8")
    (tmp_path / "sublink").symlink_to("sub")  # a folder through a link: not walked
    found = [os.path.relpath(p, tmp_path) for p in expand((str(tmp_path),))]
    assert found == ["a.md", "gone.md", "loop.md", os.path.join("sub", "b.md")]


def test_chunks_are_written_as_they_come(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(str(target), iter([b"one ", "二 🌟".encode(), b""]))
    assert target.read_bytes() == "one 二 🌟".encode()


def test_a_failure_while_chunks_are_made_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"before")

    def chunks() -> Iterator[bytes]:
        yield b"half of it"
        raise DigestError(None, "a card holds control characters")

    with pytest.raises(DigestError, match="control characters"):
        write_atomic(str(target), chunks())
    assert target.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


def test_long_text_is_written_whole(tmp_path: Path) -> None:
    """Text is encoded a slice at a time (1 Mi characters): the file is its bytes."""
    text = "🌟" + "中文 text\n" * 300_000
    write_atomic(str(tmp_path / "out.md"), text)
    assert (tmp_path / "out.md").read_bytes() == text.encode()
