"""digestfmt.convert: which files a `convert` of directories reads and where each goes.

Issue 13: converting `src/` that held only `2025/11/20.md` wrote `out/20.json` (below
the deepest folder the inputs shared), two months into one folder collided, and a
`README.md` in the tree stopped the run as "not a digest".
"""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_errors import INTEL, run_in_process


def _archive(root: Path, *days: str) -> None:
    for day in days:
        year, month, dom = day.split("-")
        folder = root / year / month
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{dom}.md").write_text(INTEL.replace("2026-02-20", day), "utf-8")


def _outputs(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_directory_is_mirrored_below_the_output(tmp_path: Path) -> None:
    _archive(tmp_path / "src", "2025-11-20")
    result = run_in_process("convert", "src", "--to", "json", "-o", "out", cwd=tmp_path)
    assert result.code == 0, result
    assert _outputs(tmp_path / "out") == ["2025/11/20.json"]
    assert json.loads((tmp_path / "out/2025/11/20.json").read_text("utf-8"))["date"] == \
        "2025-11-20"


def test_several_directories_each_go_under_their_own_name(tmp_path: Path) -> None:
    _archive(tmp_path / "archive", "2025-11-20", "2025-12-20")
    result = run_in_process("convert", "archive/2025/11", "archive/2025/12", "--to", "json",
                            "-o", "out", cwd=tmp_path)
    assert result.code == 0, result
    assert _outputs(tmp_path / "out") == ["11/20.json", "12/20.json"]


def test_two_inputs_for_one_output_are_an_error_not_an_overwrite(tmp_path: Path) -> None:
    _archive(tmp_path / "a", "2025-11-20")
    _archive(tmp_path / "b", "2025-11-21")
    (tmp_path / "b/2025/11/21.md").rename(tmp_path / "b/2025/11/20.md")
    result = run_in_process("convert", "a/2025", "b/2025", "--to", "json", "-o", "out",
                            cwd=tmp_path)
    assert result.code == 2
    assert result.errors == ["digestfmt: error: b/2025/11/20.md: would write "
                             "out/2025/11/20.json, as a/2025/11/20.md does: give the inputs "
                             "apart or convert them one at a time"]
    written = json.loads((tmp_path / "out/2025/11/20.json").read_text("utf-8"))
    assert written["date"] == "2025-11-20"  # the first input's, not replaced


def test_files_the_settings_exclude_are_skipped_and_named_once(tmp_path: Path) -> None:
    _archive(tmp_path / "src", "2025-11-20")
    (tmp_path / "src" / "README.md").write_text("# About this archive\n", "utf-8")
    result = run_in_process("convert", "src", "--to", "json", "-o", "out", cwd=tmp_path)
    assert result.code == 0, result
    assert result.stderr.splitlines() == [
        "digestfmt: note: src/README.md: skipped (excluded by the settings)"]
    assert _outputs(tmp_path / "out") == ["2025/11/20.json"]
    # lint skips it the same way
    assert run_in_process("lint", "src", cwd=tmp_path).code == 0


def test_files_named_one_by_one_keep_their_paths_below_the_folder_they_share(
        tmp_path: Path) -> None:
    _archive(tmp_path / "src", "2025-11-20", "2025-12-01")
    result = run_in_process("convert", "src/2025/11/20.md", "src/2025/12/01.md", "--to", "md",
                            "-o", "out", cwd=tmp_path)
    assert result.code == 0, result
    assert _outputs(tmp_path / "out") == ["11/20.md", "12/01.md"]
