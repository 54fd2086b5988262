"""Command line: thin wrappers that parse options and call the library.

Exit codes everywhere: 0 success, 1 findings (files that would change, invalid
documents, lint errors), 2 usage or input errors. An input error is one line,
``digestfmt: error: PATH: reason``, and the other inputs are still processed.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from digestfmt import __version__
from digestfmt.errors import DigestError

T = TypeVar("T")


class _Run:
    """Per-command bookkeeping: report input errors and keep going."""

    def __init__(self) -> None:
        self.failed = False

    def attempt(self, action: Callable[..., T], *args: object) -> T | None:
        try:
            return action(*args)
        except DigestError as exc:
            self.failed = True
            click.echo(f"digestfmt: error: {exc}", err=True)
        except RecursionError:
            self.failed = True
            click.echo("digestfmt: error: input nests too deeply to process", err=True)
        return None


def _profile_option() -> Callable[[Callable[..., object]], Callable[..., object]]:
    return click.option(
        "--profile",
        metavar="NAME",
        help="Style to read Markdown input as (default: detected from its structure).",
    )


def _profile(name: str | None) -> object:
    if name is None:
        return None
    from digestfmt.profiles import ProfileError, get_profile

    try:
        return get_profile(name)
    except ProfileError as exc:
        raise click.BadParameter(str(exc), param_hint="--profile") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="digestfmt")
def main() -> None:
    """Lint, format and convert daily AI-news digests (Markdown, JSON)."""


@main.command("fmt")
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is not canonical.")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print a unified diff.")
@_profile_option()
def fmt_command(paths: tuple[str, ...], check: bool, show_diff: bool, profile: str | None) -> None:
    """Rewrite digests in canonical form (spec §6). PATH may be a directory or - for stdin."""
    from digestfmt.codecs import markdown
    from digestfmt.io import expand, read_bytes, write_atomic

    run, changed, unchanged = _Run(), 0, 0
    chosen = _profile(profile)
    for path in expand(paths):
        data = run.attempt(read_bytes, path)
        if data is None:
            continue
        digest = run.attempt(markdown.loads, data, path, chosen)
        if digest is None:
            continue
        before, after = data.decode("utf-8", "replace"), markdown.dumps(digest)
        if path == "-" and not (check or show_diff):
            sys.stdout.write(after)
            continue
        if after == before:
            unchanged += 1
            continue
        changed += 1
        if show_diff:
            sys.stdout.writelines(difflib.unified_diff(
                before.splitlines(keepends=True), after.splitlines(keepends=True),
                fromfile=f"a/{path}", tofile=f"b/{path}"))
        elif check:
            click.echo(f"would reformat {path}", err=True)
        else:
            run.attempt(write_atomic, path, after)
            click.echo(f"reformatted {path}", err=True)
    if paths != ("-",):
        verb = "would be reformatted" if check or show_diff else "reformatted"
        click.echo(f"{changed} file(s) {verb}, {unchanged} left unchanged", err=True)
    sys.exit(2 if run.failed else 1 if changed and (check or show_diff) else 0)


@main.command("convert")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--to", "to", required=True, type=click.Choice(["md", "json"]),
              help="Output format.")
@click.option("-o", "--output", metavar="OUT",
              help="Output file; a directory when there are several inputs. Default: stdout.")
@_profile_option()
def convert_command(inputs: tuple[str, ...], to: str, output: str | None,
                    profile: str | None) -> None:
    """Convert digests between Markdown and JSON. Directories recurse."""
    from digestfmt.codecs import FORMATS, dump, load_bytes
    from digestfmt.io import expand, read_bytes, write_atomic

    run = _Run()
    chosen = _profile(profile)
    files = list(expand(inputs, (".md", ".markdown", ".json")))
    many = len(files) > 1 or any(p != "-" and Path(p).is_dir() for p in inputs)
    if many and output is None:
        raise click.UsageError("several inputs need -o DIR for their outputs")
    if not files:
        raise click.UsageError("no digest files found in the given directories")
    targets = _targets(files, output, FORMATS[to].extension, many)
    sources = {os.path.realpath(f) for f in files if f != "-"}
    for path, target in zip(files, targets, strict=True):
        if target is not None and os.path.realpath(target) in sources:
            run.attempt(_refuse, target)
            continue
        data = run.attempt(read_bytes, path)
        if data is None:
            continue
        digest = run.attempt(load_bytes, data, path, chosen)
        if digest is None:
            continue
        text = dump(digest, to)
        if target is None:
            sys.stdout.write(text)
        else:
            run.attempt(write_atomic, target, text)
    sys.exit(2 if run.failed else 0)


def _refuse(target: str) -> None:
    raise DigestError(target, "refusing to overwrite an input file")


def _targets(files: list[str], output: str | None, extension: str,
             many: bool) -> list[str | None]:
    if output is None:
        return [None]
    if not many:
        out = Path(output)
        if out.is_dir():
            return [str(out / (Path(files[0]).stem + extension))]
        return [output]
    root = os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files])
    return [
        str(Path(output) / Path(os.path.relpath(os.path.abspath(f), root)).with_suffix(extension))
        for f in files
    ]


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the JSON form (spec/digest.schema.json)."""
    from digestfmt.schema import schema_text

    sys.stdout.write(schema_text())


@main.command("validate")
@click.argument("files", nargs=-1, required=True)
def validate_command(files: tuple[str, ...]) -> None:
    """Check JSON digests against the schema; report each problem at PATH:LINE:COL."""
    import json

    from digestfmt.codecs.json_positions import positions
    from digestfmt.io import expand
    from digestfmt.schema import validate

    run, invalid = _Run(), 0
    for path in expand(files, (".json",)):
        text = run.attempt(_read_text, path)
        if text is None:
            continue
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            run.attempt(_bad_json, path, exc)
            continue
        problems = validate(document)
        where = positions(text) if problems else {}
        for problem in problems:
            line, col = where.get(problem.pointer, (1, 1))
            click.echo(f"{path}:{line}:{col}: {problem.message} [{problem.json_pointer}]")
        invalid += bool(problems)
        if not problems:
            click.echo(f"{path}: valid", err=True)
    sys.exit(2 if run.failed else 1 if invalid else 0)


def _bad_json(path: str, exc: Exception) -> None:
    raise DigestError(path, f"invalid JSON: {exc}")


def _read_text(path: str) -> str:
    from digestfmt.io import read_bytes
    from digestfmt.parse.source import decode

    return decode(read_bytes(path), path)
