"""Linting many files for the command line: in order, in parallel, from the cache.

``lint_files`` yields one ``Outcome`` per input, in input order, whatever ran
where: files whose result is in the cache come from it; the others are linted
in this process (``jobs=1``, or too few files to be worth starting workers) or
in worker processes (multiprocessing: forked on Linux, so a worker starts with
the linter already imported; spawned elsewhere, so everything a worker runs is a
top-level function of this module, and it receives its settings once, when it
starts). Files are streamed: a worker reads, parses, lints and returns
only what the command prints (findings, a diff, baseline keys), so no digest is
held after its file is done and memory stays flat in the size of the archive.
Printing, writing fixes and reporting stay with the caller, in input order, so
the output does not depend on ``--jobs``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from digestfmt.errors import DigestError, NotADigest
from digestfmt.i18n import N_, _, activate, current

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from digestfmt.links.policy import LinkResult
    from digestfmt.lint.baseline import Key
    from digestfmt.lint.cache import Entry, ResultCache, Row
    from digestfmt.lint.config import Config
    from digestfmt.lint.rule import Finding

NESTING = N_("input nests too deeply to process")
MIN_FILES_PER_WORKER = 8  # fewer files than this per worker: not worth a process start


@dataclass(frozen=True)
class Options:
    """How every file is linted; sent to each worker once."""

    profile: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    link_results: Mapping[str, LinkResult] | None = None
    baseline: Counter[Key] | None = None  # report only findings not in it
    baseline_root: str | None = None
    record_baseline: bool = False  # return baseline keys instead of filtering
    cache: bool = True
    lang: str = "en"  # the messages' language (a spawned worker starts with the locale's)

    @property
    def uses_cache(self) -> bool:
        """Whether results are read from and written to the cache: not with --no-cache,
        nor when fixing (the file changes) or checking links (results depend on the web)."""
        return self.cache and not self.fix and self.link_results is None


@dataclass
class Outcome:
    """What the command needs from one input."""

    path: str  # as given ("-" for stdin)
    shown: str  # as reported
    excluded: bool = False
    errors: list[tuple[bool, str]] = field(default_factory=list)  # (dedupe?, message)
    linted: bool = False
    findings: list[Finding] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)  # more findings, as workers send them
    entry: Entry | None = None  # more findings, as the cache keeps them
    refused: list[Finding] = field(default_factory=list)
    fixed: str | None = None
    applied: int = 0  # findings the fixes in ``fixed`` fix
    diff: str = ""
    keys: list[Key] = field(default_factory=list)  # for --write-baseline
    cached: bool = False


@dataclass(frozen=True)
class _Task:
    path: str
    shown: str
    config: Config
    data: bytes | None = None  # stdin's bytes; files are read by whoever lints them


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def lint_files(files: Iterable[tuple[str, str]], config_for: Callable[[str], Config],
               excluded: Callable[[Config, str], bool], options: Options,
               jobs: int) -> Iterator[Outcome]:
    """An Outcome per ``(path, shown)``, in order. ``config_for(path)`` gives a file's
    settings (or raises DigestError), ``excluded(config, path)`` whether to skip it;
    ``jobs`` is the most processes to use."""
    use_cache = options.uses_cache
    inputs = list(files)
    pool: Pool | None = None
    if not use_cache and min(jobs, len(inputs) // MIN_FILES_PER_WORKER) > 1:
        # Every file will be linted: start the workers now, and let them start up
        # (import, ~0.3 s) while this process looks up settings.
        pool = _start(options, min(jobs, len(inputs) // MIN_FILES_PER_WORKER))
    try:
        slots = [_prepare(path, shown, config_for, excluded, options, use_cache)
                 for path, shown in inputs]
        tasks = [s for s in slots if isinstance(s, _Task)]
        workers = min(jobs, len(tasks) // MIN_FILES_PER_WORKER)
        if pool is None and workers > 1:
            pool = _start(options, workers)
        if pool is not None:
            results = _in_pool(pool, tasks, max(workers, 2))
        else:
            _setup(options)
            results = (_work(task) for task in tasks)
        for slot in slots:
            yield next(results) if isinstance(slot, _Task) else slot
    finally:
        if pool is not None:
            pool.terminate()  # every result is in: the workers are idle (or interrupted)


def _prepare(path: str, shown: str, config_for: Callable[[str], Config],
             excluded: Callable[[Config, str], bool], options: Options,
             use_cache: bool) -> Outcome | _Task:
    """Settings, exclusion, stdin and the cache: what is cheap and decides what to do."""
    from digestfmt.io import read_bytes

    outcome = Outcome(path, shown)
    try:
        config = config_for(path)
    except DigestError as exc:
        outcome.errors.append((True, str(exc)))
        return outcome
    if excluded(config, path):
        outcome.excluded = True
        return outcome
    data = None
    if path == "-" or use_cache:
        try:
            data = read_bytes(path)
        except DigestError as exc:
            outcome.errors.append((True, str(exc)))
            return outcome
    if use_cache and data is not None and path != "-":
        hit = _cached(path, config, shown, data, options)
        if hit is not None:
            return hit
    return _Task(path, shown, config, data if path == "-" else None)


# -- the cache ------------------------------------------------------------------------


def _cache_for(config: Config) -> ResultCache:
    from digestfmt.lint.cache import ResultCache, cache_dir

    held = _BY_CONFIG.get(id(config))
    if held is not None and held[0] is config:
        return held[1]
    folder = cache_dir(config)
    found = _CACHES.get(str(folder))
    if found is None:
        found = _CACHES[str(folder)] = ResultCache(folder)
    if len(_BY_CONFIG) > 1024:
        _BY_CONFIG.clear()
    _BY_CONFIG[id(config)] = (config, found)  # holding the config keeps its id unique
    return found


_CACHES: dict[str, ResultCache] = {}
_BY_CONFIG: dict[int, tuple[Config, ResultCache]] = {}


def _cached(path: str, config: Config, shown: str, data: bytes,
            options: Options) -> Outcome | None:
    from digestfmt.lint.cache import finding, key

    entry = _cache_for(config).get(key(config, shown, options.profile, data))
    if entry is None:
        return None
    outcome = Outcome(path, shown, cached=True)
    if isinstance(entry, str):
        outcome.errors.append((True, entry))
        return outcome
    if options.baseline is None and not options.record_baseline:
        outcome.linted, outcome.entry = True, entry  # the reporter reads it as it is
        return outcome
    rows = entry.rows
    lines: tuple[str, ...] = ()
    if rows:
        from digestfmt.parse.source import decode

        lines = tuple(decode(data, shown).split("\n"))
    _finish(outcome, [finding(row, shown) for row in rows], lines, options)
    return outcome


def _finish(outcome: Outcome, findings: list[Finding], lines: tuple[str, ...],
            options: Options) -> None:
    from digestfmt.lint import baseline as baselines

    outcome.linted = True
    if options.record_baseline:
        outcome.keys = [baselines.key(f, lines, options.baseline_root) for f in findings]
    elif options.baseline is not None:
        outcome.findings = baselines.new_findings(findings, lines, options.baseline,
                                                  options.baseline_root)
    else:
        outcome.findings = findings


# -- the work: one file ---------------------------------------------------------------

_OPTIONS = Options()


def _setup(options: Options) -> None:
    """A worker's (or this process's) settings for ``_work``."""
    global _OPTIONS
    _OPTIONS = options
    if options.lang != current():
        activate(options.lang)


def _work(task: _Task) -> Outcome:
    """Read, parse, lint (and fix) one file; store its result in the cache."""
    from digestfmt.io import read_bytes
    from digestfmt.lint.run import lint_bytes

    options = _OPTIONS
    outcome = Outcome(task.path, task.shown)
    use_cache = options.uses_cache and task.path != "-"
    try:
        data = task.data if task.data is not None else read_bytes(task.path)
    except DigestError as exc:
        outcome.errors.append((True, str(exc)))
        return outcome
    try:
        result = lint_bytes(data, task.shown, task.config, profile=options.profile,
                            fix=options.fix, unsafe_fixes=options.unsafe_fixes,
                            link_results=options.link_results)
    except DigestError as exc:
        if isinstance(exc, NotADigest) and task.path != "-":
            from digestfmt.lint.config import not_a_digest

            exc = not_a_digest(exc)
        outcome.errors.append((True, str(exc)))
        if use_cache:
            _store(task, data, [], str(exc))
        return outcome
    except RecursionError:
        outcome.errors.append((False, _(NESTING)))
        return outcome
    if use_cache:
        _store(task, data, result.findings)
    outcome.refused = result.refused
    outcome.fixed = result.fixed
    if result.fixed is not None:
        outcome.applied = len(result.applied)
    if options.diff and result.fixed is not None:
        outcome.diff = result.diff()
    _finish(outcome, result.findings, result.lines, options)
    return outcome


def _store(task: _Task, data: bytes, findings: list[Finding], error: str | None = None) -> None:
    from digestfmt.lint.cache import key

    _cache_for(task.config).put(key(task.config, task.shown, _OPTIONS.profile, data),
                                findings, error)


# -- workers --------------------------------------------------------------------------


def _start(options: Options, workers: int) -> Pool:
    """Worker processes, each given ``options``. Forked on Linux: a spawned worker would
    import the linter again (~0.15 s each). Elsewhere spawned: macOS's system
    libraries are not fork-safe, and Windows cannot fork."""
    import multiprocessing
    import sys

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    return context.Pool(workers, initializer=_setup, initargs=(options,))


def _in_pool(pool: Pool, tasks: list[_Task], workers: int) -> Iterator[Outcome]:
    """The tasks' outcomes, in order. Chunks of up to 16 files: each chunk costs this
    process a round of pipe traffic (2,000 files in chunks of 4 kept it busy ~1.1 s
    of CPU, which it took from the workers; in 16s, ~0.65 s), while each worker gets
    at least 8 chunks, so the one left with the last does not keep the other long."""
    chunk = max(1, min(16, len(tasks) // (workers * 8)))
    return pool.imap(_work_remote, tasks, chunksize=chunk)


def _work_remote(task: _Task) -> Outcome:
    """``_work`` in a worker: findings travel back as rows, which pickle much faster."""
    from digestfmt.lint.cache import row

    outcome = _work(task)
    outcome.rows, outcome.findings = [row(f) for f in outcome.findings], []
    return outcome
