"""Reading inputs and writing outputs without ever leaving a half-written file."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from digestfmt.errors import DigestError
from digestfmt.i18n import N_, _

if TYPE_CHECKING:
    from pathlib import Path

# pathlib is imported where a folder is walked or a file written: linting the files
# pre-commit names needs neither.

DIGEST_SUFFIXES = (".md", ".markdown")


def read_bytes(path: str) -> bytes:
    """The bytes of a regular file (or of stdin for ``-``), or a DigestError saying why not.

    Opened without blocking and checked before reading: a FIFO with no writer would
    otherwise hang the run, and a device could be read forever."""
    if path == "-":
        if sys.stdin is None:  # started with descriptor 0 closed (``<&-``)
            raise DigestError(path, _("standard input is closed"))
        return sys.stdin.buffer.read()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        dangling = exc.errno == errno.ENOENT and os.path.islink(path)
        raise DigestError(path, _("symbolic link to a missing file") if dangling
                          else _os_reason(exc)) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind == "a directory":
            raise DigestError(path, _("a directory with no files to read in it"))
        if kind:
            raise DigestError(path, _("not a regular file ({kind})").format(kind=_(kind)))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise DigestError(path, _os_reason(exc)) from None
    finally:
        os.close(fd)


def decode_utf8(data: bytes, path: str | None, what: str) -> str:
    """UTF-8 text without a BOM, or a DigestError naming what the file should have been
    (``what``: "a Markdown digest", "a configuration file"). UTF-16 and UTF-32 text is
    told apart from binary by its byte-order mark: it only needs saving as UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise DigestError(path, _("UTF-16 or UTF-32 text (it starts with a byte-order mark), "
                                  "not {what} in UTF-8: save it as UTF-8").format(what=_(what)))
    if b"\x00" in data:
        raise DigestError(path, _("binary file (contains NUL bytes), not {what}").format(
            what=_(what)))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DigestError(
            path, _("not valid UTF-8 (byte 0x{byte:02x} at offset {offset})").format(
                byte=data[exc.start], offset=exc.start)
        ) from None


def read_text(path: str, what: str) -> str:
    """``read_bytes`` then ``decode_utf8``: a configuration or other text file."""
    return decode_utf8(read_bytes(path), path, what)


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message; "" for a regular file."""
    import stat

    for test, name in ((stat.S_ISDIR, N_("a directory")), (stat.S_ISFIFO, N_("a FIFO")),
                       (stat.S_ISCHR, N_("a character device")),
                       (stat.S_ISBLK, N_("a block device")), (stat.S_ISSOCK, N_("a socket"))):
        if test(mode):
            return name
    return "" if stat.S_ISREG(mode) else N_("an unknown kind of file")


def _os_reason(exc: OSError) -> str:
    """An OSError as a reason: what the system said, in the words of the other reasons."""
    if exc.errno == errno.ENOENT:
        return _("no such file")
    if exc.errno == errno.ELOOP:
        return _("symbolic link loop (too many levels of symbolic links)")
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]


def expand(paths: tuple[str, ...], suffixes: tuple[str, ...] = DIGEST_SUFFIXES) -> Iterator[str]:
    """Files as given; directories recursively, their files with ``suffixes``, sorted.

    A directory with no such file is yielded itself, so that reading it fails with
    a clear error: a typo'd folder should not read as "all checks passed".
    """
    for path in paths:
        if path != "-" and os.path.isdir(path or "."):  # as Path(path).is_dir()
            found = sorted(_files(path, suffixes))
            yield from found or [path]  # reading the directory then says it has nothing
        else:
            yield path


def _files(folder: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    """Files below ``folder`` (not in hidden folders, not hidden, not through symlinked
    folders) whose suffix is one of ``suffixes``, named as ``Path(folder) / ...`` names
    them. ``os.scandir``, not ``Path.rglob``: an archive has thousands of files."""
    from pathlib import Path

    base = str(Path(folder))
    prefix = "" if base == "." else base.rstrip(os.sep) + os.sep
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(base, relative) if relative else base) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(relative + entry.name + os.sep)
                elif os.path.splitext(entry.name)[1].lower() in suffixes and _is_file(entry):
                    yield prefix + relative + entry.name


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a symlink that names one; also a symlink that cannot be followed
    (a loop, a dangling link), so that reading it reports it. FIFOs, devices and folders
    reached through a link are not files to read."""
    try:
        return entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))
    except OSError:
        return entry.is_symlink()


def write_atomic(path: str, data: str | bytes | Iterable[bytes]) -> str:
    """Write via a temporary file in the same directory and rename it into place;
    the path of the file written (``path``, or the file its symlinks name). ``data``
    may be chunks, written as they come, so that a long output is never whole in
    memory (an error while they are made leaves the file as it was, as any other);
    text is encoded a slice at a time, for the same reason.

    The one way every output is written, so each refusal and failure is one
    DigestError naming ``path``, and the file there before is left as it was:
    a target that is not a regular file (a device such as /dev/null, a FIFO, a
    folder; also through a symlink) is refused, since the rename would put a regular
    file in its place; a symlink to a file is written through (the file it names is
    replaced, the link stays); a file whose mode grants no write permission is
    refused, even to root, since the rename would bypass the mode (README,
    "Read-only files"); a full disk, an over-size file or a folder that cannot be
    written to is reported and the temporary file removed."""
    import tempfile  # here: most runs (a lint without --fix) write nothing
    from pathlib import Path

    target = Path(_writable_target(path))
    chunks = _slices(data) if isinstance(data, str) else [data] if isinstance(data, bytes) \
        else data
    tmp = None
    try:
        _make_folders(target.parent)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
        return str(target)
    except OSError as exc:
        raise DigestError(path, f"cannot write it: {_os_reason(exc)}") from None
    finally:
        if tmp is not None and os.path.lexists(tmp):
            os.unlink(tmp)


def _make_folders(folder: Path) -> None:
    """``folder`` and the folders above it that are missing. A loop: ``mkdir(parents=True)``
    recurses once per missing folder, and an output tree mirrors an input tree that may
    be thousands of folders deep."""
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(exist_ok=True)


def _slices(text: str, size: int = 1 << 20) -> Iterator[bytes]:
    """``text`` as UTF-8, a slice at a time: a long output with one emoji takes 4
    bytes a character as a str, and its bytes whole would take as much again.
    Surrogates are the bytes of a file name that does not decode, in a report (as
    printed)."""
    for start in range(0, len(text), size):
        yield text[start:start + size].encode("utf-8", "surrogateescape")


def _writable_target(path: str) -> str:
    """The file a write to ``path`` replaces: ``path``, or the file its symlinks name;
    a DigestError when that is not a regular file or is read-only."""
    real = os.path.realpath(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return real  # a new file (or a dangling link's target, as the shell's > does)
    except OSError as exc:
        raise DigestError(path, f"cannot write it: {_os_reason(exc)}") from None
    kind = _kind(mode)
    if kind:
        raise DigestError(path, f"not a regular file ({kind}): refusing to replace it")
    if not mode & 0o222 or not os.access(real, os.W_OK):
        raise DigestError(path, f"read-only (mode {mode & 0o777:04o}): left unchanged; "
                                "make it writable for digestfmt to rewrite it")
    return real


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
