"""Reading inputs and writing outputs without ever leaving a half-written file."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

from digestfmt.errors import DigestError
from digestfmt.i18n import _

# pathlib is imported where a folder is walked or a file written: linting the files
# pre-commit names needs neither.

DIGEST_SUFFIXES = (".md", ".markdown")


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise DigestError(path, _("no such file")) from None
    except IsADirectoryError:
        raise DigestError(path, _("a directory with no files to read in it")) from None
    except OSError as exc:
        raise DigestError(path, exc.strerror or str(exc)) from None


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
                if entry.is_dir() and not entry.is_symlink():
                    pending.append(relative + entry.name + os.sep)
                elif os.path.splitext(entry.name)[1].lower() in suffixes and entry.is_file():
                    yield prefix + relative + entry.name


def write_atomic(path: str, data: str | bytes) -> None:
    """Write via a temporary file in the same directory and rename it into place."""
    import tempfile  # here: most runs (a lint without --fix) write nothing
    from pathlib import Path

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
