"""`digestfmt lint --jobs N`, the result cache, `digestfmt clean`, and what a lint imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lint_helpers import card, digest, run_cli

import digestfmt
from digestfmt.lint import batch, cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Twelve digests: clean ones, ones with findings, a fixable one, a non-digest."""
    for n in range(1, 11):
        text = digest(card(rating="⭐⭐⭐")) if n % 3 == 0 else digest(card(title=f"标题 {n}"))
        (tmp_path / "intel" / f"2026-02-{n:02d}").mkdir(parents=True)
        (tmp_path / "intel" / f"2026-02-{n:02d}" / "daily_report.md").write_text(text, "utf-8")
    (tmp_path / "notes.md").write_text("Just some notes.\n", "utf-8")
    (tmp_path / "trailing.md").write_text(digest().replace("一句话。", "一句话。   "), "utf-8")
    return tmp_path


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Start workers even for a handful of files; the worker counts of each pool."""
    monkeypatch.setattr(batch, "MIN_FILES_PER_WORKER", 1)
    pools: list[int] = []
    real = batch._start

    def counting(options: batch.Options, workers: int) -> object:
        pools.append(workers)
        return real(options, workers)

    monkeypatch.setattr(batch, "_start", counting)
    return pools


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != ".gitignore")


# -- --jobs ---------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    [], ["--output-format", "json"], ["--statistics"], ["--select", "DF2,DF5"], ["--diff"],
])
def test_jobs_give_the_same_output(archive: Path, always_parallel: list[int],
                                   args: list[str]) -> None:
    one = run_cli(["lint", "--no-cache", "--jobs", "1", *args, "."], archive)
    assert always_parallel == []
    two = run_cli(["lint", "--no-cache", "--jobs", "3", *args, "."], archive)
    assert always_parallel == [3]
    assert (two.code, two.out, two.err) == (one.code, one.out, one.err)
    assert one.code == 2  # notes.md is not a digest; the others are still linted
    assert "notes.md: not a digest" in one.err


def test_fix_with_jobs_writes_the_same_files(archive: Path,
                                             tmp_path_factory: pytest.TempPathFactory,
                                             always_parallel: list[int]) -> None:
    other = tmp_path_factory.mktemp("copy")
    for path in archive.rglob("*.md"):
        (other / path.relative_to(archive)).parent.mkdir(parents=True, exist_ok=True)
        (other / path.relative_to(archive)).write_bytes(path.read_bytes())
    one = run_cli(["lint", "--fix", "--jobs", "1", "."], archive)
    two = run_cli(["lint", "--fix", "--jobs", "2", "."], other)
    assert (two.code, two.out, two.err) == (one.code, one.out, one.err)
    for path in archive.rglob("*.md"):
        assert (other / path.relative_to(archive)).read_bytes() == path.read_bytes()
    assert "一句话。   " not in (archive / "trailing.md").read_text("utf-8")


def test_baselines_with_jobs(archive: Path, always_parallel: list[int]) -> None:
    written = run_cli(["lint", "--jobs", "2", "--write-baseline", "base.json", "."], archive)
    assert written.code == 2 and "recorded" in written.err
    recorded = json.loads((archive / "base.json").read_text("utf-8"))["findings"]
    assert recorded
    again = run_cli(["lint", "--jobs", "2", "--baseline", "base.json", "."], archive)
    assert "Found" not in again.out
    serial = run_cli(["lint", "--jobs", "1", "--baseline", "base.json", "."], archive)
    assert (again.code, again.out) == (serial.code, serial.out)


def test_jobs_must_be_positive(archive: Path) -> None:
    assert run_cli(["lint", "--jobs", "0", "."], archive).code == 2


# -- the cache ------------------------------------------------------------------------


def _count_lints(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths actually linted (not served from the cache), in this process."""
    from digestfmt.lint import run

    seen: list[str] = []
    real = run.lint_bytes

    def counting(data: bytes, path: str, *args: object, **kwargs: object) -> object:
        seen.append(path)
        return real(data, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "lint_bytes", counting)
    return seen


@pytest.mark.parametrize("args", [
    ["--output-format", "json"], ["--output-format", "sarif"], ["--output-format", "junit"],
    ["--output-format", "github"], ["--statistics"], ["--select", "DF5"],
])
def test_a_cache_hit_gives_identical_output(archive: Path, monkeypatch: pytest.MonkeyPatch,
                                            args: list[str]) -> None:
    seen = _count_lints(monkeypatch)
    cold = run_cli(["lint", "--jobs", "1", *args, "."], archive)
    assert len(seen) == 12
    assert _entries(archive / ".digestfmt_cache")
    warm = run_cli(["lint", "--jobs", "1", *args, "."], archive)
    assert len(seen) == 12  # nothing linted again
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)
    uncached = run_cli(["lint", "--jobs", "1", "--no-cache", *args, "."], archive)
    assert (uncached.code, uncached.out, uncached.err) == (cold.code, cold.out, cold.err)
    text = run_cli(["lint", "--jobs", "1", "."], archive)
    uncached = run_cli(["lint", "--jobs", "1", "--no-cache", "."], archive)
    assert (text.code, text.out, text.err) == (uncached.code, uncached.out, uncached.err)


def test_changed_content_is_linted_again(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _count_lints(monkeypatch)
    run_cli(["lint", "--jobs", "1", "."], archive)
    target = archive / "intel" / "2026-02-01" / "daily_report.md"
    target.write_text(digest(card(rating="⭐⭐")), "utf-8")
    seen.clear()
    result = run_cli(["lint", "--jobs", "1", "."], archive)
    assert seen == [str(Path("intel") / "2026-02-01" / "daily_report.md")]
    assert "intel/2026-02-01/daily_report.md:" in result.out


def test_changed_settings_are_linted_again(archive: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _count_lints(monkeypatch)
    before = run_cli(["lint", "--jobs", "1", "."], archive)
    assert "DF201" in before.out
    (archive / ".digestfmt.yaml").write_text("ignore: [DF201]\n", "utf-8")
    seen.clear()
    after = run_cli(["lint", "--jobs", "1", "."], archive)
    assert len(seen) == 12 and "DF201" not in after.out
    seen.clear()
    selected = run_cli(["lint", "--jobs", "1", "--select", "DF5", "."], archive)
    assert len(seen) == 12 and "DF505" in selected.out


def test_a_new_version_is_linted_again(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _count_lints(monkeypatch)
    run_cli(["lint", "--jobs", "1", "."], archive)
    monkeypatch.setattr(digestfmt, "__version__", "999.0")
    cache.code_fingerprint.cache_clear()
    seen.clear()
    run_cli(["lint", "--jobs", "1", "."], archive)
    assert len(seen) == 12
    cache.code_fingerprint.cache_clear()


def test_no_cache_with_fix_or_no_cache(archive: Path) -> None:
    run_cli(["lint", "--no-cache", "."], archive)
    assert not (archive / ".digestfmt_cache").exists()
    run_cli(["lint", "--fix", "."], archive)
    assert not _entries(archive / ".digestfmt_cache") if (archive / ".digestfmt_cache").exists() \
        else True


def test_a_corrupt_entry_is_a_miss(archive: Path) -> None:
    cold = run_cli(["lint", "--jobs", "1", "."], archive)
    for entry in _entries(archive / ".digestfmt_cache"):
        entry.write_text("{not json", "utf-8")
    again = run_cli(["lint", "--jobs", "1", "."], archive)
    assert (again.code, again.out, again.err) == (cold.code, cold.out, cold.err)


def test_where_the_cache_lives(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("cache")
    run_cli(["lint", "."], archive, env={"DIGESTFMT_CACHE_DIR": str(elsewhere)})
    assert _entries(elsewhere) and not (archive / ".digestfmt_cache").exists()
    (archive / "intel" / ".digestfmt.yaml").write_text("cache-dir: ../.lintcache\n", "utf-8")
    run_cli(["lint", "intel"], archive)
    assert _entries(archive / ".lintcache")
    (archive / "intel" / ".digestfmt.yaml").write_text("cache-dir: 3\n", "utf-8")
    assert "'cache-dir' must be" in run_cli(["lint", "intel"], archive).err


def test_clean_removes_the_cache(archive: Path) -> None:
    run_cli(["lint", "."], archive)
    (archive / "sub").mkdir()
    run_cli(["lint", "--jobs", "1", str(archive / "notes.md")], archive / "sub")
    assert (archive / ".digestfmt_cache").is_dir()
    result = run_cli(["clean"], archive)
    assert result.code == 0 and "removed" in result.err
    assert not (archive / ".digestfmt_cache").exists()
    assert not (archive / "sub" / ".digestfmt_cache").exists()
    assert "no cache to remove" in run_cli(["clean"], archive).err


def test_clean_removes_the_link_cache_and_nothing_else(archive: Path) -> None:
    (archive / ".digestfmt.yaml").write_text("links:\n  cache: links.json\n", "utf-8")
    (archive / "links.json").write_text('{"version": 1, "entries": {}}', "utf-8")
    result = run_cli(["clean"], archive)
    assert result.code == 0 and "removed links.json" in result.err
    assert not (archive / "links.json").exists()
    (archive / ".digestfmt.yaml").write_text("links:\n  cache: notes.md\n", "utf-8")
    assert "no cache to remove" in run_cli(["clean"], archive).err
    assert (archive / "notes.md").is_file()


def test_clean_leaves_a_folder_that_is_not_a_cache(archive: Path) -> None:
    (archive / ".digestfmt.yaml").write_text("cache-dir: intel\n", "utf-8")
    result = run_cli(["clean"], archive)
    assert result.code == 0 and (archive / "intel").is_dir()


# -- imports --------------------------------------------------------------------------


def test_linting_one_file_imports_only_what_it_needs(tmp_path: Path) -> None:
    sample = ROOT / "samples" / "intel" / "2026-03-02" / "daily_report.md"
    script = (
        "import sys\n"
        "from digestfmt.cli import main\n"
        "try:\n"
        f"    main(['lint', '--no-cache', {str(sample)!r}], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    loaded = set(result.stdout.strip().splitlines()[-1].split(","))
    assert "All checks passed" in result.stdout
    assert not loaded & {"jsonschema", "httpx", "jinja2", "nh3"}
    # The line scanner reads the sample: markdown-it is not needed either.
    assert "markdown_it" not in loaded
