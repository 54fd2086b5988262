"""Command line: thin wrappers that parse options and call the library.

Exit codes everywhere: 0 success, 1 findings (files that would change, invalid
documents, lint errors), 2 usage or input errors. An input error is one line,
``digestfmt: error: PATH: reason``, and the other inputs are still processed.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

import click

from digestfmt import __version__
from digestfmt.errors import DigestError

if TYPE_CHECKING:
    from digestfmt.lint.rule import Finding

T = TypeVar("T")


class _Run:
    """Per-command bookkeeping: report input errors and keep going."""

    def __init__(self) -> None:
        self.failed = False

    def attempt(self, action: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        try:
            return action(*args, **kwargs)
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


def _selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


@main.command("lint")
@click.argument("paths", nargs=-1)
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option("--diff", "show_diff", is_flag=True,
              help="With --fix: print the fixes as a diff instead of writing them.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Rules to run (codes, prefixes or names; replaces the configured ones).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules not to run.")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Rules to run as well.")
@click.option("--output-format", type=click.Choice(["text", "json", "github", "sarif", "junit"]),
              help="Report format (default: github under GitHub Actions, else text).")
@click.option("--config", "config_path", metavar="FILE",
              help="Settings file for every input (default: the nearest to each file).")
@click.option("--show-settings", is_flag=True, help="Print the settings for the first input.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of findings.")
@click.option("--stdin-filename", metavar="PATH",
              help="The path to report (and to pick settings by) when reading - (stdin).")
@click.option("--baseline", "baseline_path", metavar="FILE",
              help="Report only findings not recorded in this baseline.")
@click.option("--write-baseline", metavar="FILE",
              help="Record every current finding in FILE and exit 0.")
@_profile_option()
def lint_command(paths: tuple[str, ...], fix: bool, unsafe_fixes: bool, show_diff: bool,
                 select: tuple[str, ...], ignore: tuple[str, ...],
                 extend_select: tuple[str, ...], output_format: str | None,
                 config_path: str | None, show_settings: bool, strict: bool, statistics: bool,
                 stdin_filename: str | None, baseline_path: str | None,
                 write_baseline: str | None, profile: str | None) -> None:
    """Check digests: structure, ratings, links, dates and style. PATH may be - for stdin."""
    import json
    from collections import Counter

    from digestfmt.io import expand, read_bytes, write_atomic
    from digestfmt.lint import baseline as baselines
    from digestfmt.lint.config import Config, find_config, load_config
    from digestfmt.lint.reporters import render
    from digestfmt.lint.rule import Severity
    from digestfmt.lint.run import apply_baseline, lint_bytes

    _profile(profile)
    run = _Run()
    chosen_format = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") else "text")
    overrides = {"select": _selectors(select), "ignore": _selectors(ignore),
                 "extend_select": _selectors(extend_select)}
    try:
        fixed_config = load_config(config_path).with_cli(**overrides) if config_path else None
        if fixed_config is None:
            Config().with_cli(**overrides)  # reject unknown selectors before any file is read
        accepted = baselines.load(baseline_path) if baseline_path else Counter()
    except DigestError as exc:
        click.echo(f"digestfmt: error: {exc}", err=True)
        sys.exit(2)

    def config_for(path: str) -> Config:
        if fixed_config is not None:
            return fixed_config
        return find_config(stdin_filename if path == "-" and stdin_filename else path) \
            .with_cli(**overrides)

    files = list(expand(paths or (".",)))
    if show_settings:
        settings = run.attempt(config_for, files[0] if files else ".")
        if settings is not None:
            click.echo(json.dumps(settings.as_dict(), ensure_ascii=False, indent=2))
        sys.exit(2 if run.failed else 0)
    findings: list[Finding] = []
    linted: list[str] = []
    recorded: Counter[baselines.Key] = Counter()
    for path in files:
        shown = stdin_filename if path == "-" and stdin_filename else path
        config = run.attempt(config_for, path)
        if config is None or (path != "-" and config.excludes(path)):
            continue
        data = run.attempt(read_bytes, path)
        if data is None:
            continue
        result = run.attempt(lint_bytes, data, shown, config, profile=profile, fix=fix,
                             unsafe_fixes=unsafe_fixes)
        if result is None:
            continue
        linted.append(shown)
        for refused in result.refused:
            click.echo(f"digestfmt: warning: {shown}:{refused.span.line}:{refused.span.column}: "
                       f"fix for {refused.code} refused: it would change more than it meant to",
                       err=True)
        if result.fixed is not None:
            if show_diff:
                sys.stdout.write(result.diff())
            elif path == "-":
                sys.stdout.write(result.fixed)
            else:
                run.attempt(write_atomic, path, result.fixed)
        if write_baseline:
            recorded.update(baselines.key(f, result.lines) for f in result.findings)
            continue
        apply_baseline(result, accepted)
        findings += result.findings
    if write_baseline:
        run.attempt(write_atomic, write_baseline, baselines.dump(recorded))
        click.echo(f"recorded {sum(recorded.values())} finding(s) in {write_baseline}", err=True)
        sys.exit(2 if run.failed else 0)
    report = sys.stderr if (fix and "-" in files and not show_diff) else sys.stdout
    if statistics:
        _statistics(findings, report)
    elif not (show_diff and chosen_format == "text" and not findings):
        report.write(render(chosen_format, findings, linted))
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(2 if run.failed else 1 if any(f.severity in failing for f in findings) else 0)


def _statistics(findings: Sequence[Finding], stream: TextIO) -> None:
    from collections import Counter

    counts = Counter((f.code, f.name, f.fix is not None) for f in findings)
    for (code, name, fixable), count in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
        click.echo(f"{count:6d}  {code}  {name}{'  [*]' if fixable else ''}", file=stream)


@main.command("rule")
@click.argument("selector", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every rule.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
def rule_command(selector: str | None, show_all: bool, output_format: str) -> None:
    """Explain a rule (DF201 or rating-emoji): what it checks, why, an example, the fix."""
    import json

    from digestfmt.lint.linter import rule_by_selector
    from digestfmt.lint.rules import all_rules

    if show_all == (selector is not None):
        raise click.UsageError("give one rule code or name, or --all")
    if show_all:
        rules = list(all_rules().values())
    else:
        assert selector is not None
        found = rule_by_selector(selector)
        if found is None:
            raise click.BadParameter(f"no rule {selector!r}", param_hint="SELECTOR")
        rules = [found]
    if output_format == "json":
        payload = [{"code": r.code, "name": r.name, "severity": r.severity.value,
                    "summary": r.summary, "options": dict(r.options),
                    "default_enabled": r.default_enabled, "doc": r.doc.strip()} for r in rules]
        click.echo(json.dumps(payload if show_all else payload[0], ensure_ascii=False, indent=2))
        return
    for r in rules:
        click.echo(f"{r.code} {r.name} ({r.severity.value})\n\n{r.doc.strip()}\n")
