"""Rows for `digestfmt lint` (issue 6), and its peers markdownlint-cli2 and rumdl (issue 15).

- ``lint, 1 job``: the lint command over the whole archive in this process
  (``--jobs 1 --no-cache``, report rendered and discarded), on one core: every
  rule, every file read from disk, settings looked up per file.
- ``lint, --jobs 2``: the same with two worker processes (forked on Linux,
  included in the time), on two cores; its peer is the 1-job row.
- ``lint, warm cache``: the same command with the result cache on, after one
  untimed run has filled it (in a cache folder of its own): what re-linting an
  unchanged archive costs. Its peer is the 1-job row.
- ``markdownlint-cli2, archive``: ``markdownlint-cli2 "**/*.md"`` in the archive's
  folder, default rules, one process on one core; the 1-job row is compared
  with it.
- ``rumdl, archive``: ``rumdl check --no-config --no-cache .`` in the archive's
  folder (issue 15), default rules, on two cores like ``lint, --jobs 2``, which is
  compared with it: rumdl checks files in parallel on as many threads as the CPUs
  it may run on, and the process is pinned to two.
- ``pre-commit: 1 file, whole process`` and its markdownlint-cli2 twin: a new
  process linting one digest, as pre-commit runs a hook (``digestfmt lint
  --no-cache FILE``: the file just changed, so the cache would miss), five runs
  per timed run. The process is the ``digestfmt`` console script of a virtualenv
  made as pre-commit makes one (``python -m venv``, then ``pip install`` of this
  repository, bytecode compiled), in ``bench/.tools/pre-commit-venv``: it sees
  digestfmt and its dependencies only, not this interpreter's site-packages and
  their ``.pth`` start-up hooks. The virtualenv is made once and kept while
  pyproject.toml is unchanged; digestfmt is reinstalled into it (``--no-deps``)
  when the package's files change. When it cannot be made, the row runs this
  interpreter's digestfmt and says so. Python writes bytecode for these runs,
  whatever PYTHONDONTWRITEBYTECODE says.

markdownlint-cli2 comes from npm into ``bench/.tools`` when it is not there, and
rumdl from PyPI (``pip install --target bench/.tools/rumdl``); on a machine
without npm (CI) or when an install fails, that peer's rows are skipped with the
reason. Nothing here caches by content across files: the lint code has no
content-keyed memo, so the archive's repeated cards cost what unique ones cost.

``peak_rss`` runs the 1-job lint as a child process and reports its peak RSS
(``wait4``), over the whole archive and over its first tenth, to show memory
flat in the archive's size.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Protocol

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
TOOLS = BENCH / ".tools"
VENV = TOOLS / "pre-commit-venv"  # digestfmt installed as pre-commit installs a hook
MARKDOWNLINT = TOOLS / "node_modules" / ".bin" / "markdownlint-cli2"
RUMDL_HOME = TOOLS / "rumdl"  # pip install --target: the package, and its binary in bin/
RUMDL = RUMDL_HOME / "bin" / "rumdl"
SINGLE_RUNS = 5  # processes per timed run of the one-file rows


class Files(Protocol):
    root: Path
    paths: list[str]


# -- digestfmt, in this process ---------------------------------------------------------


def _lint(root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """``digestfmt lint ARGS ROOT`` in this process; the report is discarded."""
    from digestfmt.cli import main

    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["lint", *args, str(root)], standalone_mode=False)
    except SystemExit as exc:
        if exc.code not in (0, 1):  # 1: findings, which the archive has
            raise RuntimeError(f"digestfmt lint exited {exc.code}") from None
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def lint_one_job(files: Files) -> None:
    _lint(files.root, "--jobs", "1", "--no-cache")


def lint_two_jobs(files: Files) -> None:
    _lint(files.root, "--jobs", "2", "--no-cache")


@cache
def _cache_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="digestfmt-bench-cache-"))
    _SCRATCH.append(folder)
    return folder


_SCRATCH: list[Path] = []


def lint_warm_cache(files: Files) -> None:
    _lint(files.root, "--jobs", "1", env={"DIGESTFMT_CACHE_DIR": str(_cache_folder())})


def fill_cache(files: Files) -> None:
    """Fill the cache before any timed run of the warm row (untimed)."""
    _lint(files.root, "--jobs", "1", env={"DIGESTFMT_CACHE_DIR": str(_cache_folder())})


def cleanup() -> None:
    for folder in _SCRATCH:
        shutil.rmtree(folder, ignore_errors=True)


# -- whole processes --------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _digestfmt() -> list[str]:
    """The console script beside this interpreter (a version manager's shim on PATH, such
    as pyenv's, would add its own start-up)."""
    script = Path(sys.executable).parent / "digestfmt"
    return [str(script)] if script.exists() else [sys.executable, "-m", "digestfmt"]


def _hash_files(*paths: Path) -> str:
    """sha256 over the files at and below ``paths`` (following the package's links to spec/
    and converters/, as a wheel holds them), bytecode left out."""
    digest = hashlib.sha256()
    for top in paths:
        found = [top] if top.is_file() else sorted(
            Path(folder) / name
            for folder, dirs, names in os.walk(top, followlinks=True)
            if "__pycache__" not in Path(folder).parts
            for name in names if not name.endswith(".pyc"))
        for path in found:
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _pip(*args: str) -> None:
    """``pip ARGS`` in the pre-commit virtualenv; its last line of output on failure."""
    done = subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "--disable-pip-version-check",
                           "--quiet", *args], capture_output=True, text=True, timeout=900,
                          check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"pip {args[0]} failed ({last})")


def _make_venv() -> None:
    """Make or refresh the virtualenv, as pre-commit installs a hook repository: a fresh
    venv (none of this interpreter's site-packages) and ``pip install`` of the repository.
    Kept while pyproject.toml (the dependencies) is unchanged; digestfmt alone is
    reinstalled when its files change. Locked: other sessions may run the bench too."""
    import fcntl

    TOOLS.mkdir(parents=True, exist_ok=True)
    wanted = {"pyproject": _hash_files(REPO / "pyproject.toml"),
              "sources": _hash_files(REPO / "src" / "digestfmt")}
    stamp = VENV / "digestfmt-bench.json"
    with open(TOOLS / "pre-commit-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            have = json.loads(stamp.read_text("utf-8"))
        except (OSError, ValueError):
            have = {}
        if have == wanted and (VENV / "bin" / "digestfmt").exists():
            return
        stamp.unlink(missing_ok=True)
        if have.get("pyproject") != wanted["pyproject"] or not (VENV / "bin").is_dir():
            print("bench: making the pre-commit virtualenv in bench/.tools (pip install .)",
                  file=sys.stderr, flush=True)
            shutil.rmtree(VENV, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True,
                           timeout=300, check=True)
            _pip("install", str(REPO))
        else:
            print("bench: reinstalling digestfmt into the pre-commit virtualenv",
                  file=sys.stderr, flush=True)
            _pip("install", "--no-deps", "--force-reinstall", str(REPO))
        stamp.write_text(json.dumps(wanted), "utf-8")


@cache
def _hook() -> list[str]:
    """The command the pre-commit row runs: the virtualenv's console script, or, when the
    virtualenv cannot be made, this interpreter's (with a note in the report)."""
    try:
        _make_venv()
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        print(f"note: the pre-commit row runs this interpreter's digestfmt (its site-packages "
              f"and their .pth files load too): no virtualenv could be made: {exc}", flush=True)
        return _digestfmt()
    return [str(VENV / "bin" / "digestfmt")]


def single_file(files: Files) -> None:
    """pre-commit on one file: a new digestfmt process, ``SINGLE_RUNS`` times."""
    target = str(files.root / files.paths[0])
    for _ in range(SINGLE_RUNS):
        done = subprocess.run([*_hook(), "lint", "--no-cache", target], env=_env(),
                              capture_output=True, check=False)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"digestfmt lint exited {done.returncode}: {done.stderr!r}")


def warm_bytecode(files: Files) -> None:
    """One untimed run, so Python has written the bytecode the timed runs load."""
    subprocess.run([*_hook(), "lint", "--no-cache", str(files.root / files.paths[0])],
                   env=_env(), capture_output=True, check=False)


def markdownlint_single(files: Files) -> None:
    target = files.paths[0]
    for _ in range(SINGLE_RUNS):
        subprocess.run([str(MARKDOWNLINT), target], cwd=files.root, capture_output=True,
                       check=False)


def markdownlint_archive(files: Files) -> None:
    subprocess.run([str(MARKDOWNLINT), "**/*.md"], cwd=files.root, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)


@cache
def markdownlint_missing() -> str | None:
    """None when markdownlint-cli2 can run; else why its rows are skipped. Installs it
    into bench/.tools with npm when absent."""
    if MARKDOWNLINT.exists():
        return None
    if not shutil.which("npm") or not shutil.which("node"):
        return "markdownlint-cli2 is not in bench/.tools and npm is not available to install it"
    return _install("markdownlint-cli2", "bench/.tools", "npm", MARKDOWNLINT,
                    ["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund",
                     "--silent", "markdownlint-cli2"])


def _install(name: str, where: str, tool: str, installed: Path, command: list[str]) -> str | None:
    """Run ``command`` to install ``name``: None when ``installed`` is then there, else
    why the rows that need it are skipped."""
    print(f"bench: installing {name} into {where} with {tool}", file=sys.stderr, flush=True)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{name} could not be installed: {exc}"
    if done.returncode != 0 or not installed.exists():
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"{name} could not be installed with {tool} ({last})"
    return None


def markdownlint_version() -> str:
    package = TOOLS / "node_modules" / "markdownlint-cli2" / "package.json"
    try:
        return str(json.loads(package.read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def rumdl_archive(files: Files) -> None:
    """rumdl over the folder: default rules (no configuration file is looked for), no
    cache (it would keep one in the folder, and later runs would hit it)."""
    done = subprocess.run([str(RUMDL), "check", "--no-config", "--no-cache", "--color", "never",
                           "."], cwd=files.root, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    if done.returncode not in (0, 1):  # 1: findings
        raise RuntimeError(f"rumdl exited {done.returncode}: {done.stderr!r}")


@cache
def rumdl_missing() -> str | None:
    """None when rumdl can run; else why its row is skipped. Installs it from PyPI into
    bench/.tools/rumdl (``pip install --target``) when absent."""
    if RUMDL.exists():
        return None
    return _install("rumdl", "bench/.tools/rumdl", "pip", RUMDL,
                    [sys.executable, "-m", "pip", "install", "--quiet",
                     "--disable-pip-version-check", "--target", str(RUMDL_HOME), "rumdl"])


def rumdl_version() -> str:
    done = subprocess.run([str(RUMDL), "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "rumdl ?"


# -- memory -----------------------------------------------------------------------------


@contextlib.contextmanager
def _subset(root: Path, paths: list[str]) -> Iterator[Path]:
    """The first ``paths`` of the archive, linked into a folder of their own."""
    with tempfile.TemporaryDirectory(prefix="digestfmt-bench-subset-") as folder:
        for path in paths:
            (Path(folder) / path).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(root / path, Path(folder) / path)
        yield Path(folder)


_MEASURE = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(os.wait4(p.pid, 0)[2].ru_maxrss)\n"
)


def _peak_rss_mib(command: list[str]) -> float:
    """Peak RSS of a process running ``command`` (not of its children), in MiB.

    A small Python process starts it: a child forked straight from this process,
    which holds the archive, would report this process's high-water mark.
    """
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], env=_env(),
                          capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def peak_rss(files: Files) -> str:
    """Peak RSS of ``digestfmt lint --jobs 1 --no-cache`` over the archive and a tenth of it."""
    lines = []
    tenth = files.paths[:max(1, len(files.paths) // 10)]
    with _subset(files.root, tenth) as small:
        for label, root, n in (("all", files.root, len(files.paths)), ("tenth", small, len(tenth))):
            mib = _peak_rss_mib([*_digestfmt(), "lint", "--jobs", "1", "--no-cache", str(root)])
            lines.append(f"{n} files: {mib:.0f} MiB" + (" (first tenth)" if label == "tenth"
                                                        else ""))
    return "; ".join(lines)
