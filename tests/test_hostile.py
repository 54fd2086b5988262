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


def run(folder: Path, *args: str | bytes, fsize: int | None = None,
        close: tuple[int, ...] = ()) -> Result:
    """``python -m digestfmt ARGS`` in ``folder``; ``close``: descriptors (0, 1, 2) the
    process starts without, as after the shell's ``<&-`` or ``>&-``."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH"))
                                        if p)

    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        for fd in close:
            os.close(fd)

    proc = subprocess.run([sys.executable, "-m", "digestfmt", *args], cwd=folder,
                          capture_output=True, timeout=LIMIT, env=env, check=False,
                          stdin=subprocess.DEVNULL, preexec_fn=limit)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                   proc.stderr.decode("utf-8", "replace"))


def refused(folder: Path, args: list[str], path: str, word: str, fsize: int | None = None,
            code: int = 2, close: tuple[int, ...] = ()) -> Result:
    """Run; expect one error line naming ``path`` with ``word`` in it, and no change."""
    before = snapshot(folder)
    result = run(folder, *args, fsize=fsize, close=close)
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



# -- issue 14: more classes of hostile input -------------------------------------------------

FORMATS = ["md", "json", "html", "epub", "jsonfeed", "atom"]
READ_BACK = ["json", "html", "epub"]  # the formats that convert back to the same Markdown


def _finishes(folder: Path, *args: str) -> Result:
    """Run; it must finish (in LIMIT) with a result, not an error: exit 0 or 1."""
    result = run(folder, *args)
    assert "Traceback" not in result.stderr and result.code in (0, 1), \
        (args, result.stderr[-2000:])
    return result


def _reads_back(folder: Path, name: str) -> None:
    """md -> FORMAT -> md gives the file's bytes back, for each format that reads back."""
    text = (folder / name).read_text("utf-8")
    for to in READ_BACK:
        _finishes(folder, "convert", name, "--to", to, "-o", f"back.{to}")
        back = run(folder, "convert", f"back.{to}", "--to", "md")
        assert back.code == 0 and back.stdout == text, (to, back.stderr[-2000:])


@pytest.mark.parametrize("command", [["lint", "--no-cache"], ["fmt"], ["convert", "--to", "json"],
                                     ["validate"]])
def test_a_file_of_nul_bytes(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "zeros.md").write_bytes(b"\0" * 65_536)
    refused(tmp_path, [*command, "zeros.md"], "zeros.md", "binary file (contains NUL bytes)")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("command", [["lint", "--no-cache"], ["fmt"],
                                     ["convert", "--to", "html", "-o", "out.html"]])
def test_a_digest_saved_as_utf16_or_utf32(tmp_path: Path, encoding: str,
                                          command: list[str]) -> None:
    """Text with a byte-order mark, as Windows editors save "Unicode": said to be text in
    another encoding, not "binary" (its NUL bytes made it read as binary before)."""
    (tmp_path / "wide.md").write_bytes(("\ufeff" + SAMPLE.read_text("utf-8")).encode(encoding))
    refused(tmp_path, [*command, "wide.md"], "wide.md",
            "UTF-16 or UTF-32 text (it starts with a byte-order mark), not a Markdown digest")


def test_a_configuration_saved_as_utf16(tmp_path: Path) -> None:
    good(tmp_path)
    (tmp_path / ".digestfmt.yaml").write_bytes("\ufeffselect: [DF2]\n".encode("utf-16-le"))
    refused(tmp_path, ["lint", "--no-cache", "good.md"], str(tmp_path / ".digestfmt.yaml"),
            "UTF-16 or UTF-32 text (it starts with a byte-order mark), not a configuration")


DEEP_ON_ONE_LINE = ("- " * 10_000 + "list\n\n" + ">" * 10_000 + " quote\n\n"
                    + "> - " * 5_000 + "both\n\n" + "1. " * 10_000 + "ordered\n")


@pytest.mark.parametrize("where", ["before the header", "in a card body"])
def test_markdown_nested_10000_deep(tmp_path: Path, where: str) -> None:
    """Lists, quotes and both, 10,000 levels deep, one line each (a few bytes a level, far
    under the size limit, where indented levels would pass it): every command finishes,
    fmt leaves the canonical file as it is, and every format reads back to its bytes."""
    text = SAMPLE.read_text("utf-8")
    text = DEEP_ON_ONE_LINE + "\n" + text if where == "before the header" else \
        text.replace("- 推理吞吐提升约", DEEP_ON_ONE_LINE + "\n- 推理吞吐提升约", 1)
    (tmp_path / "deep.md").write_text(text, "utf-8")
    _finishes(tmp_path, "lint", "--no-cache", "deep.md")
    _finishes(tmp_path, "fmt", "deep.md")
    assert (tmp_path / "deep.md").read_text("utf-8") == text
    for to in FORMATS:
        _finishes(tmp_path, "convert", "deep.md", "--to", to, "-o", f"out.{to}")
    _reads_back(tmp_path, "deep.md")


def _titled(title: str) -> str:
    """The sample with its first card's title replaced."""
    text = SAMPLE.read_text("utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("### 1. "))
    return text.replace(heading, "### 1. " + title, 1)


def test_a_card_title_of_a_million_characters(tmp_path: Path) -> None:
    import random

    rnd = random.Random(14)
    title = "".join(chr(rnd.randrange(0x4E00, 0x9FA5)) for _ in range(1_000_000))  # 3 MB
    (tmp_path / "long.md").write_text(_titled(title), "utf-8")
    _finishes(tmp_path, "lint", "--no-cache", "long.md")
    check = _finishes(tmp_path, "fmt", "--check", "long.md")
    assert check.code == 0, check.stderr
    for to in FORMATS:
        _finishes(tmp_path, "convert", "long.md", "--to", to, "-o", f"out.{to}")
    _reads_back(tmp_path, "long.md")


def test_a_book_with_a_repetitive_title_reads_back(tmp_path: Path) -> None:
    (tmp_path / "same.md").write_text(_titled("题" * 100_000), "utf-8")
    assert run(tmp_path, "convert", "same.md", "--to", "epub", "-o", "same.epub").code == 0
    back = run(tmp_path, "convert", "same.epub", "--to", "md")
    assert back.code == 0 and back.stdout == (tmp_path / "same.md").read_text("utf-8"), \
        back.stderr


def test_100000_link_reference_definitions(tmp_path: Path) -> None:
    refs = "".join(f"[r{i}]: https://e.example/{i}\n" for i in range(100_000))
    text = SAMPLE.read_text("utf-8").replace("- 推理吞吐提升约", "[first][r0] [last][r99999]\n\n"
                                             + refs + "\n- 推理吞吐提升约", 1)
    (tmp_path / "refs.md").write_text(text, "utf-8")
    _finishes(tmp_path, "lint", "--no-cache", "refs.md")
    page = _finishes(tmp_path, "convert", "refs.md", "--to", "html")
    assert 'href="https://e.example/99999"' in page.stdout
    back = _finishes(tmp_path, "convert", "refs.md", "--to", "json", "-o", "refs.json")
    assert back.code == 0
    assert run(tmp_path, "convert", "refs.json", "--to", "md").stdout == text


# -- EPUB input -------------------------------------------------------------------------------


def _book(folder: Path, name: str, extra: list[tuple[str, bytes]],
          opf: tuple[str, str] | None = None) -> None:
    """The sample as an EPUB, with ``extra`` entries added and ``opf``'s (old, new)
    replaced in the package document."""
    import zipfile

    good(folder, "book.md")
    assert run(folder, "convert", "book.md", "--to", "epub", "-o", "plain.epub").code == 0
    with zipfile.ZipFile(folder / "plain.epub") as plain, \
            zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as book:
        for info in plain.infolist():
            data = plain.read(info)
            if opf and info.filename.endswith(".opf"):
                assert opf[0].encode() in data
                data = data.replace(opf[0].encode(), opf[1].encode())
            book.writestr(info, data)
        for entry, data in extra:
            book.writestr(zipfile.ZipInfo(entry), data, zipfile.ZIP_DEFLATED)
    (folder / "plain.epub").unlink()
    (folder / "book.md").unlink()


@pytest.mark.parametrize(("entry", "data", "word"), [
    ("EPUB/bomb.xhtml", b"\0" * (32 * 1024 * 1024), "compression ratio over 100:1"),
    ("../../../escaped.xhtml", b"<p/>", "unsafe entry name '../../../escaped.xhtml'"),
    ("/tmp/absolute.xhtml", b"<p/>", "unsafe entry name '/tmp/absolute.xhtml'"),
], ids=["zip bomb", "parent folders", "absolute"])
def test_a_hostile_epub_entry(tmp_path: Path, entry: str, data: bytes, word: str) -> None:
    _book(tmp_path, "hostile.epub", [(entry, data)])
    for command in (["convert", "hostile.epub", "--to", "md", "-o", "out"],
                    ["convert", "hostile.epub", "--to", "json"]):
        refused(tmp_path, command, "hostile.epub", word)
    assert not (tmp_path / "out").exists()


def test_an_epub_chapter_named_outside_the_book(tmp_path: Path) -> None:
    """The package document names a chapter at ``../../..``: read from the zip only, never
    from the disk beside it."""
    (tmp_path / "secret.xhtml").write_text("<p>not in the book</p>", "utf-8")
    _book(tmp_path, "outside.epub", [], opf=('href="day-2026-03-02.xhtml"',
                                              'href="../../../secret.xhtml"'))
    result = run(tmp_path, "convert", "outside.epub", "--to", "md")
    assert "Traceback" not in result.stderr and result.code == 2, result
    assert len(result.errors) == 1 and result.errors[0].startswith(
        "digestfmt: error: outside.epub: "), result.stderr
    assert "not in the book" not in result.stdout + result.stderr


# -- names, folders, streams -----------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems take UTF-8 names only")
def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A name of bytes no encoding can decode (Latin-1 tools, a broken unpack): read,
    reported, rewritten and converted like any other."""
    name = b"\xff\xfe-drift.md"
    path = os.path.join(os.fsencode(tmp_path), name)
    drifted(tmp_path)
    os.rename(tmp_path / "drift.md", path)
    for args in (["lint", "--no-cache", "."], ["lint", "--no-cache", name]):
        result = _finishes(tmp_path, *args)
        assert result.code == 1 and "-drift.md:" in result.stdout, result
    _finishes(tmp_path, "convert", ".", "--to", "json", "-o", "out")
    assert os.listdir(os.fsencode(tmp_path / "out")) == [b"\xff\xfe-drift.json"]
    _finishes(tmp_path, "fmt", name)
    with open(path, "rb") as fixed:
        assert "#### 🔹 核心".encode() in fixed.read()


def test_a_folder_of_10000_files(tmp_path: Path) -> None:
    from lint_helpers import card, digest

    folder = tmp_path / "many"
    folder.mkdir()
    text = digest(card(1))
    for i in range(10_000):  # a digest in every fifth; notes the walk passes over
        (folder / f"{i:05d}.{'md' if i % 5 == 0 else 'txt'}").write_text(text, "utf-8")
    result = _finishes(tmp_path, "lint", "--no-cache", "many")
    assert result.code == 0 and "(2000 file(s))" in result.stdout, result


def test_a_digest_1000_folders_deep(tmp_path: Path) -> None:
    """Found, linted, rewritten and converted into a tree as deep: the settings lookup
    climbed the folders by recursion, and so did making the output folders (Path.mkdir
    with parents), both past Python's limit."""
    folder = tmp_path / "deep"
    folder.mkdir()
    for _ in range(1000):  # one at a time: os.makedirs recurses too
        folder = folder / "d"
        folder.mkdir()
    drifted(folder)
    try:
        result = _finishes(tmp_path, "lint", "--no-cache", "deep")
        assert result.code == 1 and "in 1 file(s)" in result.stdout, result
        _finishes(tmp_path, "convert", "deep", "--to", "html", "-o", "site")
        assert tmp_path.joinpath("site", *["d"] * 1000, "drift.html").is_file()
        _finishes(tmp_path, "fmt", "deep")
        assert "#### 🔹 核心" in (folder / "drift.md").read_text("utf-8")
    finally:  # pytest's clean-up (shutil.rmtree) recurses once per folder too
        for top in (tmp_path / "deep", tmp_path / "site"):
            _remove_tree(top)


def _remove_tree(top: Path) -> None:
    """``rm -r top``, in a loop."""
    pending, folders = [top] if top.is_dir() else [], []
    while pending:
        folders.append(pending.pop())
        for entry in folders[-1].iterdir():
            if entry.is_dir() and not entry.is_symlink():
                pending.append(entry)
            else:
                entry.unlink()
    for folder in reversed(folders):
        folder.rmdir()


@pytest.mark.parametrize("command", [["lint", "--no-cache"], ["fmt"], ["convert", "--to", "json"],
                                     ["validate"]])
def test_reading_a_closed_stdin(tmp_path: Path, command: list[str]) -> None:
    """Started with descriptor 0 closed (``<&-``), as some job runners start a process."""
    refused(tmp_path, [*command, "-"], "-", "standard input is closed", close=(0,))


@pytest.mark.parametrize("closed", [(1,), (1, 2)], ids=["stdout", "stdout and stderr"])
def test_writing_to_a_closed_stdout(tmp_path: Path, closed: tuple[int, ...]) -> None:
    """Started with stdout (and stderr) closed (``>&-``): what would be printed is
    discarded, the exit code still says what happened, and files are written as ever."""
    good(tmp_path)
    drifted(tmp_path)
    for args, code in ((["convert", "good.md", "--to", "html"], 0),
                       (["lint", "--no-cache", "drift.md"], 1),
                       (["fmt", "--diff", "drift.md"], 1),
                       (["convert", "good.md", "--to", "json", "-o", "out.json"], 0)):
        result = run(tmp_path, *args, close=closed)
        assert result.code == code and "Traceback" not in result.stderr, (args, result)
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["style"] == "intel"


def test_output_into_a_missing_folder_makes_it(tmp_path: Path) -> None:
    good(tmp_path)
    result = run(tmp_path, "convert", "good.md", "--to", "json", "-o", "new/er/out.json")
    assert result.code == 0, result
    assert json.loads((tmp_path / "new/er/out.json").read_text("utf-8"))["style"] == "intel"


def test_output_below_a_file_is_refused(tmp_path: Path) -> None:
    good(tmp_path)
    refused(tmp_path, ["convert", "good.md", "--to", "json", "-o", "good.md/out.json"],
            "good.md/out.json", "cannot write it: not a directory")


@pytest.mark.parametrize("to", ["md", "json", "html", "epub"])
@pytest.mark.parametrize("output", ["good.md", "./good.md", "link.md"])
def test_output_onto_the_input_is_refused(tmp_path: Path, to: str, output: str) -> None:
    """-o naming the input (spelled otherwise, or through a symlink) would replace the
    digest with its conversion: refused, the digest left as it was."""
    good(tmp_path)
    (tmp_path / "link.md").symlink_to("good.md")
    refused(tmp_path, ["convert", "good.md", "--to", to, "-o", output], output,
            "refusing to overwrite an input file")


def test_output_onto_a_hard_link_to_the_input_leaves_the_input(tmp_path: Path) -> None:
    """A hard link is another name for the same file: the output replaces the name (the
    write renames a new file into place), and the input keeps its bytes."""
    path = good(tmp_path)
    os.link(path, tmp_path / "same.md")
    result = run(tmp_path, "convert", "good.md", "--to", "json", "-o", "same.md")
    assert result.code == 0, result
    assert path.read_bytes() == SAMPLE.read_bytes()
    assert json.loads((tmp_path / "same.md").read_text("utf-8"))["style"] == "intel"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems take UTF-8 names only")
@pytest.mark.parametrize("args", [["lint", "--no-cache", "--output-format", "sarif", "."],
                                  ["convert", ".", "--to", "html", "-o", "site"]],
                         ids=["sarif", "site"])
def test_a_file_name_that_is_not_utf8_in_sarif_and_a_site(tmp_path: Path,
                                                           args: list[str]) -> None:
    good(tmp_path)
    good(tmp_path, "other.md")  # two inputs: a site, with an index linking to both
    os.rename(tmp_path / "good.md", os.path.join(os.fsencode(tmp_path), b"\xff-good.md"))
    _finishes(tmp_path, *args)
