"""Hostile and broken inputs, each run as a user runs it: its own folder, its own process
(``python -m digestfmt``), a time limit. Each case checks the exit code, that stderr
holds exactly one ``digestfmt: error: PATH: reason`` line naming the file and no
traceback, and that no file that was there before changed (a before/after snapshot).
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_errors import Result

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "intel" / "2026-03-02" / "daily_report.md"
LIMIT = 60  # seconds, as the suite


def good(folder: Path, name: str = "good.md") -> Path:
    path = folder / name
    path.write_bytes(SAMPLE.read_bytes())
    return path


def drifted(folder: Path, name: str = "drift.md") -> Path:
    """A digest fmt rewrites and lint --fix fixes (a glued section marker, a bad scheme)."""
    path = folder / name
    path.write_text(SAMPLE.read_text("utf-8").replace("#### 🔹 核心", "#### 🔹核心")
                    .replace("https://news.example.com", "htps://news.example.com"), "utf-8")
    return path


def document(**changes: object) -> dict[str, object]:
    """The sample's JSON form, with ``changes`` applied to its first card."""
    import digestfmt
    from digestfmt.codecs.json_ import to_dict

    data = to_dict(digestfmt.load(SAMPLE))
    card = data["cards"][0]
    card.update(changes)
    return data


def json_file(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, "utf-8")
    return folder / name


# -- running a case ------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every entry below ``folder``: its mode and its bytes (a link: its target)."""
    found: dict[str, tuple[int, bytes | str]] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            found[str(path)] = (mode, os.readlink(path))
        elif stat.S_ISREG(mode):
            found[str(path)] = (mode, path.read_bytes())
        else:
            found[str(path)] = (mode, b"")
    return found


def run(folder: Path, *args: str, fsize: int | None = None) -> Result:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH"))
                                        if p)

    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    proc = subprocess.run([sys.executable, "-m", "digestfmt", *args], cwd=folder,
                          capture_output=True, timeout=LIMIT, env=env, check=False,
                          stdin=subprocess.DEVNULL, preexec_fn=limit)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                   proc.stderr.decode("utf-8", "replace"))


def refused(folder: Path, args: list[str], path: str, word: str, fsize: int | None = None,
            code: int = 2) -> Result:
    """Run; expect one error line naming ``path`` with ``word`` in it, and no change."""
    before = snapshot(folder)
    result = run(folder, *args, fsize=fsize)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.code == code, result
    assert len(result.errors) == 1, result.stderr
    line = result.errors[0]
    assert line.startswith((f"digestfmt: error: {path}: ", f"digestfmt: error: {path}:")), line
    assert word.lower() in line.lower(), line
    assert snapshot(folder) == before
    return result


# -- deep nesting, JSON values ---------------------------------------------------------------

DEEP = 100_000


@pytest.mark.parametrize("command", [["validate"], ["convert", "--to", "md"],
                                     ["convert", "--to", "html"], ["fmt", "--check"]])
@pytest.mark.parametrize("name", ["array", "object", "inside a digest"])
def test_deep_json(tmp_path: Path, name: str, command: list[str]) -> None:
    text = {"array": "[" * DEEP + "]" * DEEP,
            "object": '{"a":' * DEEP + "1" + "}" * DEEP,
            "inside a digest": json.dumps(document(title="x"), ensure_ascii=False).replace(
                '"title": "x"', '"title": "x", "deep": ' + "[" * DEEP + "]" * DEEP)}[name]
    json_file(tmp_path, "deep.json", text)
    word = "nested deeper" if command[0] != "fmt" else "not a digest"
    refused(tmp_path, [*command, "deep.json"], "deep.json", word)


def test_json_nesting_just_over_the_bound_is_refused_too(tmp_path: Path) -> None:
    # Under the C scanner's recursion limit, over what jsonschema and the position
    # scanner could walk safely.
    json_file(tmp_path, "d.json", '{"cards": ' + "[" * 500 + "]" * 500 + "}")
    refused(tmp_path, ["validate", "d.json"], "d.json", "nested deeper than 64")


@pytest.mark.parametrize("command", [["validate"], ["convert", "--to", "md"],
                                     ["convert", "--to", "html", "-o", "out.html"]])
@pytest.mark.parametrize(("name", "escape", "word"), [
    ("lone high surrogate", "\\ud800", "surrogate"),
    ("lone low surrogate", "\\udfff", "surrogate"),
    ("reversed pair", "\\udc00\\ud800", "surrogate"),
])
def test_lone_surrogate_in_a_title(tmp_path: Path, command: list[str], name: str,
                                   escape: str, word: str) -> None:
    text = json.dumps(document(title="x"), ensure_ascii=False).replace('"x"', f'"a{escape}b"')
    json_file(tmp_path, "s.json", text)
    result = refused(tmp_path, [*command, "s.json"], "s.json", word)
    assert "/cards/0/title" in result.errors[0]


def test_a_surrogate_pair_is_one_character_and_fine(tmp_path: Path) -> None:
    text = json.dumps(document(title="x"), ensure_ascii=False).replace('"x"', '"a\\ud83d\\ude00"')
    json_file(tmp_path, "ok.json", text)
    result = run(tmp_path, "convert", "ok.json", "--to", "md")
    assert result.code == 0 and "a😀" in result.stdout, result


@pytest.mark.parametrize("command", [["validate"], ["convert", "--to", "md"]])
@pytest.mark.parametrize(("value", "word"), [("9" * 5000, "5000 digits"),
                                             ("1e999", "out of range"),
                                             ("NaN", "not a JSON value"),
                                             ("-Infinity", "not a JSON value")],
                         ids=["5000 digits", "1e999", "NaN", "-Infinity"])
def test_numbers_json_loads_takes_but_nothing_else_can(tmp_path: Path, command: list[str],
                                                       value: str, word: str) -> None:
    text = json.dumps(document(), ensure_ascii=False).replace('"rating": 5', f'"rating": {value}')
    assert value in text
    json_file(tmp_path, "n.json", text)
    refused(tmp_path, [*command, "n.json"], "n.json", word)


@pytest.mark.parametrize("config", [".digestfmt.yaml", "profile.yaml"])
def test_deep_yaml(tmp_path: Path, config: str) -> None:
    good(tmp_path)
    (tmp_path / config).write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n", "utf-8")
    if config == ".digestfmt.yaml":
        refused(tmp_path, ["lint", "--no-cache", "good.md"], str(tmp_path / config),
                "nested deeper")
    else:
        refused(tmp_path, ["lint", "--no-cache", "--profile", config, "good.md"], config,
                "nested deeper")


def test_deep_yaml_front_matter_is_no_header_not_a_crash(tmp_path: Path) -> None:
    path = good(tmp_path)
    path.write_text("---\na: " + "[" * 10_000 + "]" * 10_000 + "\n---\n" +
                    SAMPLE.read_text("utf-8"), "utf-8")
    result = run(tmp_path, "convert", "good.md", "--to", "json")
    assert "Traceback" not in result.stderr and result.code in (0, 2), result


def test_deep_markdown_is_no_crash(tmp_path: Path) -> None:
    """Quotes and lists nested 20,000 deep inside a card body: markdown-it-py bounds
    its nesting; nothing of ours recurses on them."""
    text = SAMPLE.read_text("utf-8").replace(
        "- 推理吞吐提升约", ">" * 20_000 + " deep\n\n" + "".join(
            "  " * i + "- x\n" for i in range(2_000)) + "\n- 推理吞吐提升约", 1)
    (tmp_path / "deep.md").write_text(text, "utf-8")
    for args in (["lint", "--no-cache", "deep.md"], ["convert", "deep.md", "--to", "html"],
                 ["convert", "deep.md", "--to", "epub", "-o", "deep.epub"],
                 ["fmt", "--check", "deep.md"]):
        result = run(tmp_path, *args)
        assert "Traceback" not in result.stderr, (args, result.stderr[-2000:])
        assert result.code in (0, 1), (args, result.stderr[-2000:])


def test_deeply_nested_html(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<!DOCTYPE html><html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000
        + "</body></html>", "utf-8")
    refused(tmp_path, ["convert", "page.html", "--to", "md"], "page.html",
            "not a usable HTML page: Excessive depth in document: 256")
    # Inside a real page's section body: libxml2 stops reading at 256 levels and would
    # silently drop the rest of the page; it is refused instead.
    good(tmp_path)
    assert run(tmp_path, "convert", "good.md", "--to", "html", "-o", "good.html").code == 0
    page = (tmp_path / "good.html").read_text("utf-8")
    at = page.index("<ul>", page.index('<section class="section"'))
    (tmp_path / "deep.html").write_text(
        page[:at] + "<blockquote>" * 100_000 + "deep" + "</blockquote>" * 100_000 + page[at:],
        "utf-8")
    refused(tmp_path, ["convert", "deep.html", "--to", "md"], "deep.html",
            "not a usable HTML page: Excessive depth")


def test_deeply_nested_epub_chapter(tmp_path: Path) -> None:
    """expat has no depth limit, and the readers recurse: refused at 256 levels. (Random
    attributes, so that the zip-bomb check does not refuse it first.)"""
    import io
    import random
    import zipfile

    good(tmp_path)
    assert run(tmp_path, "convert", "good.md", "--to", "epub", "-o", "good.epub").code == 0
    book, out, rnd = zipfile.ZipFile(tmp_path / "good.epub"), io.BytesIO(), random.Random(1)
    with zipfile.ZipFile(out, "w") as deep:
        for info in book.infolist():
            data = book.read(info)
            if info.filename.startswith("EPUB/day-"):
                text = data.decode()
                at = text.index("<ul>", text.index('<section class="section"'))
                data = (text[:at] + "".join(f'<blockquote title="{rnd.getrandbits(64):x}">'
                                            for _ in range(5000))
                        + "deep" + "</blockquote>" * 5000 + text[at:]).encode()
            deep.writestr(info, data)
    (tmp_path / "deep.epub").write_bytes(out.getvalue())
    refused(tmp_path, ["convert", "deep.epub", "--to", "md"], "deep.epub",
            "nested deeper than 256 levels")


# -- the file system ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["lint", "--no-cache"], ["fmt"],
                                     ["convert", "--to", "json", "-o", "out"]])
def test_self_referencing_symlink_in_a_tree(tmp_path: Path, command: list[str]) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    good(tree)
    (tree / "self").symlink_to("self")  # not a digest's name: skipped
    (tree / "loop.md").symlink_to("loop.md")  # a digest's name: reported
    before = snapshot(tree)
    result = run(tmp_path, *command, "tree")
    assert "Traceback" not in result.stderr and result.code == 2, result
    assert result.errors == ["digestfmt: error: tree/loop.md: symbolic link loop "
                             "(too many levels of symbolic links)"]
    assert snapshot(tree) == before


@pytest.mark.parametrize("command", [["lint", "--no-cache"], ["fmt"],
                                     ["convert", "--to", "json"]])
def test_a_symlink_cycle_named_on_the_command_line(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    refused(tmp_path, [*command, "a.md"], "a.md", "symbolic link loop")


def test_a_dangling_symlink_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.md").symlink_to("nowhere.md")
    refused(tmp_path, ["lint", "--no-cache", "gone.md"], "gone.md", "missing file")


@pytest.mark.parametrize("command", [["lint", "--no-cache"], ["fmt"], ["convert", "--to", "md"],
                                     ["validate"]])
def test_a_fifo_named_on_the_command_line_is_refused_not_waited_on(
        tmp_path: Path, command: list[str]) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    refused(tmp_path, [*command, "pipe.md"], "pipe.md", "not a regular file (a FIFO)")


def test_a_fifo_found_in_a_folder_is_skipped(tmp_path: Path) -> None:
    good(tmp_path)
    os.mkfifo(tmp_path / "pipe.md")
    result = run(tmp_path, "lint", "--no-cache", ".")
    assert result.code in (0, 1) and not result.errors, result


# -- configuration files ----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "word"), [
    (".digestfmt.yaml", b'select: ["DF\xff"]\n', "not valid UTF-8 (byte 0xff"),
    (".digestfmt.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("pyproject.toml", b'[tool.digestfmt]\nselect = ["DF\xff"]\n', "not valid UTF-8"),
    ("pyproject.toml", b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
    (".digestfmt.yaml", b"timeout: " + b"9" * 5000 + b"\n", "cannot parse"),
], ids=["yaml latin-1", "yaml binary", "pyproject latin-1", "pyproject binary",
        "yaml 5000 digits"])
def test_broken_configuration_files(tmp_path: Path, name: str, content: bytes,
                                    word: str) -> None:
    good(tmp_path)
    (tmp_path / name).write_bytes(content)
    for command in (["lint", "--no-cache"], ["fmt", "--check"], ["convert", "--to", "json"]):
        refused(tmp_path, [*command, "good.md"], str(tmp_path / name), word)


def test_a_baseline_that_nests_too_deeply(tmp_path: Path) -> None:
    good(tmp_path)
    json_file(tmp_path, "base.json", "[" * DEEP + "]" * DEEP)
    refused(tmp_path, ["lint", "--no-cache", "--baseline", "base.json", "good.md"],
            "base.json", "nested deeper")


# -- writes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["fmt", "drift.md"],
    ["lint", "--no-cache", "--fix", "--unsafe-fixes", "drift.md"],
    ["convert", "drift.md", "--to", "html", "-o", "out.html"],
    ["convert", "drift.md", "--to", "epub", "-o", "out.epub"],
])
def test_a_full_disk_leaves_the_old_file(tmp_path: Path, command: list[str]) -> None:
    drifted(tmp_path)
    for name in ("out.html", "out.epub"):
        (tmp_path / name).write_text("precious\n", "utf-8")
    target = command[-1] if command[0] == "convert" else "drift.md"
    code = 2
    result = refused(tmp_path, command, target, "cannot write it: file too large",
                     fsize=2048, code=code)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert "reformatted drift.md" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    drifted(folder)
    folder.chmod(0o555)
    try:
        refused(folder, ["fmt", "drift.md"], "drift.md", "permission denied")
        refused(folder, ["convert", "drift.md", "--to", "json", "-o", "out.json"], "out.json",
                "permission denied")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("command", [
    ["fmt", "drift.md"],
    ["lint", "--no-cache", "--fix", "--unsafe-fixes", "drift.md"],
    ["convert", "good.md", "--to", "md", "-o", "drift.md"],
])
def test_a_read_only_file_is_not_rewritten(tmp_path: Path, command: list[str]) -> None:
    """README, "Read-only files": the mode is honoured, even by root."""
    good(tmp_path)
    drifted(tmp_path).chmod(0o444)
    refused(tmp_path, command, "drift.md", "read-only (mode 0444)",
            code=2)


@pytest.mark.parametrize("target", ["pipe", "link-to-pipe"])
def test_output_onto_what_is_not_a_regular_file(tmp_path: Path, target: str) -> None:
    """-o onto a FIFO or a symlink to one (as onto /dev/null or /dev/stdout, which these
    tests leave alone) is refused: replacing it would put a regular file in its place."""
    good(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link-to-pipe").symlink_to("pipe")
    for to in ("md", "epub", "atom"):
        refused(tmp_path, ["convert", "good.md", "--to", to, "-o", target], target,
                "not a regular file (a FIFO): refusing to replace it")


def test_output_through_a_symlink_to_a_file_keeps_the_link(tmp_path: Path) -> None:
    good(tmp_path)
    (tmp_path / "real.json").write_text("old\n", "utf-8")
    (tmp_path / "link.json").symlink_to("real.json")
    result = run(tmp_path, "convert", "good.md", "--to", "json", "-o", "link.json")
    assert result.code == 0, result
    assert (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text("utf-8"))["style"] == "intel"


@pytest.mark.parametrize("to", ["epub", "atom", "jsonfeed"])
def test_a_failed_input_never_replaces_a_book_or_feed(tmp_path: Path, to: str) -> None:
    """README, "Failed inputs": nothing is written when any input fails (pandoc's way)."""
    good(tmp_path)
    (tmp_path / "bad.md").write_bytes(b"\x00\x01")
    (tmp_path / "book").write_text("the whole book\n", "utf-8")
    refused(tmp_path, ["convert", "good.md", "bad.md", "--to", to, "-o", "book"], "bad.md",
            "binary")
    result = run(tmp_path, "convert", "good.md", "bad.md", "--to", "jsonfeed")
    assert result.code == 2 and result.stdout == ""


# -- odd text --------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["[链接](https://a.example/p?x=1) ", "[", "**a _b "])
def test_a_4_mb_line_of_one_construct_finishes_in_time(tmp_path: Path, unit: str) -> None:
    """The issue's case (a line of links took over a minute to lint) and two floods the
    HTML renderer handed to markdown-it-py; tests/test_linear_time.py holds every
    command to linear time on many more."""
    line = "- " + unit * (4_000_000 // len(unit.encode())) + "\n"
    text = SAMPLE.read_text("utf-8").replace("- 推理吞吐提升约", line + "- 推理吞吐提升约", 1)
    (tmp_path / "long.md").write_text(text, "utf-8")
    for args in (["lint", "--no-cache", "long.md"], ["convert", "long.md", "--to", "html"]):
        result = run(tmp_path, *args)  # run() fails the test after LIMIT seconds
        assert "Traceback" not in result.stderr and result.code in (0, 1), (args, result)

