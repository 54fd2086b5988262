"""A cache of lint results, as ruff keeps one: re-linting an unchanged file is a lookup.

An entry holds one file's findings (or the error that stopped it) under a key
made of everything they depend on: the file's bytes (SHA-256), the path it is
reported as (rules read dates from it), the resolved settings (every key of
the nearest configuration, command-line selectors included, the forced
profile), the rules that run on it with their options, and the digestfmt
version together with a fingerprint of its installed sources (so an edited
checkout never serves stale results). An entry is a file, JSON after a line
holding the JSON's digest, written atomically (a temporary file renamed into
place), so concurrent workers and concurrent runs never see half an entry; an
entry whose digest does not match (damaged, edited) or that cannot be read is a
miss. Nothing here is used with ``--fix`` or ``--check-links``.

Where: ``$DIGESTFMT_CACHE_DIR``, else the configuration's ``cache-dir``, else
``.digestfmt_cache`` in the folder of the nearest configuration file, else in
the current directory. ``digestfmt clean`` removes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from digestfmt.i18n import Text, current
from digestfmt.lint.config import Config
from digestfmt.lint.rule import Edit, Finding, Fix, Severity
from digestfmt.model import Span
from digestfmt.profiles import registered_fingerprint

CACHE_DIR_NAME = ".digestfmt_cache"
ENV = "DIGESTFMT_CACHE_DIR"
FORMAT = 3  # the layout of an entry; part of every key


def cache_dir(config: Config) -> Path:
    """The cache folder for files linted with ``config``."""
    if env := os.environ.get(ENV):
        folder = env
    elif config.cache_dir:
        folder = config.cache_dir
    else:
        folder = os.path.join(config.root if config.source else os.curdir, CACHE_DIR_NAME)
    return Path(os.path.abspath(folder))


@cache
def code_fingerprint() -> str:
    """The digestfmt version and the size and mtime of each of its source files (and
    message catalogs)."""
    from digestfmt import __version__

    package = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(f"{FORMAT}\0{__version__}".encode(), digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json", ".mo"):
            stat = path.stat()
            h.update(f"\0{path.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}"
                     .encode())
    return h.hexdigest()


def settings_fingerprint(config: Config, path: str, profile: str | None) -> str:
    """Everything about how ``path`` is linted except its content: the resolved
    settings, the forced profile, the profiles read from files (their content), the
    path and the rules that run on it."""
    held = _AS_JSON.get(id(config))
    if held is None or held[0] is not config:
        if len(_AS_JSON) > 1024:
            _AS_JSON.clear()
        held = _AS_JSON[id(config)] = (config, json.dumps(
            [config.as_dict(), config.root], sort_keys=True, ensure_ascii=False, default=repr))
    settings = f"{held[1]}\0{profile}\0{registered_fingerprint()}"
    # The rule set depends on the path only through per-file ignores (and on the
    # registry, which tests and plugins may extend).
    from digestfmt.lint import config as settings_module

    registry = tuple(settings_module.all_rules())  # type: ignore[attr-defined]  # as config sees it
    memo_key = (settings, path if config.per_file_ignores else None, registry)
    found = _SETTINGS.get(memo_key)
    if found is None:
        rules = [(r.code, r.name, r.severity.value, sorted(config.options_for(r).items()))
                 for r in config.rules_for(path)]
        payload = json.dumps([settings, rules], ensure_ascii=False, default=repr)
        found = hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()
        if len(_SETTINGS) > 4096:
            _SETTINGS.clear()
        _SETTINGS[memo_key] = found
    return hashlib.blake2b(f"{found}\0{path}".encode(), digest_size=16).hexdigest()


_AS_JSON: dict[int, tuple[Config, str]] = {}  # by id; the config is held, so ids stay unique
_SETTINGS: dict[tuple[str, str | None, tuple[str, ...]], str] = {}


def key(config: Config, path: str, profile: str | None, data: bytes) -> str:
    """The entry of a file's content linted with these settings, by this digestfmt, with
    its messages in the language of the run."""
    h = hashlib.sha256(data)  # SHA-256 has CPU instructions: the fastest hash here
    h.update(f"\0{code_fingerprint()}\0{settings_fingerprint(config, path, profile)}"
             f"\0{current()}".encode())
    return h.hexdigest()[:40]


class Entry:
    """A file's findings as cached: the text report's lines and the counts its summary
    and ``--statistics`` need, ready to print; the findings themselves (``rows``) are
    decoded only if a format needs them."""

    __slots__ = ("_rows", "_rows_json", "by_rule", "fixable", "safe", "severities", "text",
                 "total", "unsafe")

    def __init__(self, data: dict[str, Any]) -> None:
        self.text: str = data["text"]
        self.total, severities, self.safe, self.unsafe, by_rule, fixable = data["counts"]
        self.severities: dict[str, int] = dict(severities)
        self.by_rule: list[tuple[str, str, int]] = [(c, n, k) for c, n, k in by_rule]
        self.fixable: list[tuple[str, int]] = [(c, k) for c, k in fixable]
        self._rows_json: str = data["rows"]
        self._rows: list[Row] | None = None

    @property
    def rows(self) -> list[Row]:
        if self._rows is None:
            self._rows = json.loads(self._rows_json)
        return self._rows

    @staticmethod
    def payload(findings: Sequence[Finding]) -> dict[str, Any]:
        from digestfmt.lint.reporters.stream import Report

        counted = Report("text")  # no stream: it keeps the lines
        counted.add(findings)
        counts = [counted.total, sorted((s.value, n) for s, n in counted.severities.items()),
                  counted.safe, counted.unsafe,
                  [[c, n, k] for (c, n), k in counted.by_rule.items()],
                  sorted(counted.fixable.items())]
        return {"text": "".join(counted.lines), "counts": counts,
                "rows": json.dumps([row(f) for f in findings], ensure_ascii=False,
                                   separators=(",", ":"))}


class ResultCache:
    """Entries under one folder; ``get`` and ``put`` by key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._base = os.path.join(folder, f"v{FORMAT}", "")  # entries: _base/ab/cdef...

    def _entry(self, key: str) -> str:
        return f"{self._base}{key[:2]}{os.sep}{key[2:]}"

    def get(self, key: str) -> Entry | str | None:
        """The entry, or the error message that stopped the file, for a hit; None for a
        miss. (Rows become Findings with ``finding(row, path)``.)"""
        try:
            with open(self._entry(key), "rb") as handle:
                check, _, payload = handle.read().partition(b"\n")
            if check != _checksum(payload):
                return None  # not what this cache wrote: a damaged or edited entry
            data = json.loads(payload)
            if "error" in data:
                return str(data["error"])
            return Entry(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, findings: Sequence[Finding], error: str | None = None) -> None:
        """Store an entry atomically; a cache that cannot be written is not an error."""
        payload = {"error": error} if error is not None else Entry.payload(findings)
        target = Path(self._entry(key))
        try:
            _prepare(self.folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
                with os.fdopen(fd, "wb") as handle:
                    handle.write(_checksum(body) + b"\n" + body)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass


def _prepare(folder: Path) -> None:
    """Create the folder with a .gitignore (as ruff does), once per process and folder."""
    if folder in _PREPARED:
        return
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(f"{_MARK}: the lint result cache.\n*\n", "utf-8")
    _PREPARED.add(folder)


_PREPARED: set[Path] = set()


# -- findings as JSON -------------------------------------------------------------


def _span(s: Span) -> list[int]:
    return [s.line, s.column, s.end_line, s.end_column]


# A finding as stored: [[line, column, end_line, end_column], code, name, severity,
# message, fix or None], a fix being [[[span, text], ...], description, safe]; a
# translated message is [text, English] (baselines fingerprint the English). Not
# stored: the path (the one the entry is for) and what a fix touches (only --fix
# reads that, and it never reads the cache).
Row = list[Any]


def _checksum(body: bytes) -> bytes:
    """An entry's first line: its body's digest, so an entry read is one written here."""
    return hashlib.sha256(body).hexdigest()[:32].encode()


def row(f: Finding) -> Row:
    fix = None
    if f.fix is not None:
        fix = [[[_span(e.span), e.text] for e in f.fix.edits], f.fix.description, f.fix.safe]
    message: Any = f.message
    if isinstance(message, Text):
        message = [str(message), message.english]
    return [_span(f.span), f.code, f.name, f.severity.value, message, fix]


def message_of(value: str | list[str]) -> str:
    """A stored message as shown (a translated one is stored with its English)."""
    return value if isinstance(value, str) else value[0]


_SEVERITIES = {s.value: s for s in Severity}


def finding(row: Row, path: str) -> Finding:
    span, code, name, severity, message, fix = row
    made = None
    if fix is not None:
        edits, description, safe = fix
        made = Fix(tuple(Edit(Span(*s), text) for s, text in edits), description, safe)
    if not isinstance(message, str):
        message = Text(*message)
    return Finding(path, Span(*span), code, name, _SEVERITIES[severity], message, made)


_MARK = "# Created by digestfmt"


def is_cache(folder: Path) -> bool:
    """Whether ``folder`` is a cache digestfmt made (its .gitignore says so)."""
    try:
        return (folder / ".gitignore").read_text("utf-8").startswith(_MARK)
    except OSError:
        return False


def clean(folders: Sequence[Path]) -> list[Path]:
    """Remove those of these folders that are digestfmt caches; the ones removed.

    A folder without the cache's own .gitignore is left alone, so a mistyped
    ``cache-dir`` (``.``) can never make ``digestfmt clean`` delete a project.
    """
    import shutil

    removed = []
    for folder in folders:
        if folder.is_dir() and is_cache(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
