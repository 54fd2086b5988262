"""Command line: thin wrappers that parse options and call the library.

Exit codes everywhere: 0 success, 1 findings (files that would change, invalid
documents, lint errors), 2 usage or input errors. An input error is one line,
``digestfmt: error: PATH: reason``, and the other inputs are still processed.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from digestfmt import __version__
from digestfmt.errors import DigestError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from digestfmt.links import Link
    from digestfmt.links.policy import LinkResult
    from digestfmt.lint.config import Config
    from digestfmt.model import Digest
    from digestfmt.profiles import Profile

T = TypeVar("T")


class _Run:
    """Per-command bookkeeping: report input errors and keep going."""

    def __init__(self) -> None:
        self.failed = False
        self._reported: set[str] = set()

    def attempt(self, action: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        try:
            return action(*args, **kwargs)
        except DigestError as exc:
            self.failed = True
            if str(exc) not in self._reported:  # e.g. one broken config shared by many files
                self._reported.add(str(exc))
                click.echo(f"digestfmt: error: {exc}", err=True)
        except RecursionError:
            self.failed = True
            click.echo("digestfmt: error: input nests too deeply to process", err=True)
        return None


def _profile_option() -> Callable[[Callable[..., object]], Callable[..., object]]:
    return click.option(
        "--profile",
        metavar="NAME|PATH",
        help="Style to read Markdown input as: a built-in profile's name or a profile file "
             "(default: detected from its structure).",
    )


def _force_exclude_option() -> Callable[[Callable[..., object]], Callable[..., object]]:
    return click.option(
        "--force-exclude", is_flag=True,
        help="Apply the 'exclude' settings to files named on the command line too "
             "(as pre-commit names every file).",
    )


def _excluded(config: Config, path: str, named: tuple[str, ...], force: bool) -> bool:
    """Whether settings exclude ``path``: always when found in a directory, and when
    named on the command line only with --force-exclude (as in ruff)."""
    if path == "-" or not (force or path not in named):
        return False
    return config.excludes(path)  # last: its patterns compile on first use


def _profile(spec: str | None) -> Profile | None:
    """The profile --profile names; a bad one is one error line and exit 2."""
    if spec is None:
        return None
    from digestfmt.profiles import ProfileError, resolve

    try:
        return resolve(spec)
    except ProfileError as exc:
        raise click.BadParameter(str(exc), param_hint="--profile") from None
    except DigestError as exc:  # a profile file that cannot be read or used
        click.echo(f"digestfmt: error: {exc}", err=True)
        raise SystemExit(2) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="digestfmt")
def main() -> None:
    """Lint, format and convert daily AI-news digests (Markdown, JSON)."""


@main.command("fmt")
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is not canonical.")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print a unified diff.")
@_force_exclude_option()
@_profile_option()
def fmt_command(paths: tuple[str, ...], check: bool, show_diff: bool, force_exclude: bool,
                profile: str | None) -> None:
    """Rewrite digests in canonical form (spec §6). PATH may be a directory or - for stdin."""
    import difflib

    from digestfmt.codecs import markdown
    from digestfmt.io import expand, read_bytes, write_atomic
    from digestfmt.lint.config import find_config

    run, changed, unchanged = _Run(), 0, 0
    chosen = _profile(profile)
    for path in expand(paths):
        config = run.attempt(find_config, path)
        if config is None or _excluded(config, path, paths, force_exclude):
            continue
        data = run.attempt(read_bytes, path)
        if data is None:
            continue
        style = chosen or _configured_profile(run, path)
        digest = run.attempt(markdown.loads, data, path, style)
        if digest is None:
            continue
        before, after = data.decode("utf-8", "replace"), markdown.dumps(digest)
        if path == "-" and not (check or show_diff):
            sys.stdout.write(after)
            continue
        if after == before:
            unchanged += 1
            continue
        if show_diff:
            sys.stdout.writelines(difflib.unified_diff(
                before.splitlines(keepends=True), after.splitlines(keepends=True),
                fromfile=f"a/{path}", tofile=f"b/{path}"))
        elif check:
            click.echo(f"would reformat {path}", err=True)
        elif run.attempt(write_atomic, path, after) is None:
            continue  # not written: the error says why, and it is not counted
        else:
            click.echo(f"reformatted {path}", err=True)
        changed += 1
    if paths != ("-",):
        verb = "would be reformatted" if check or show_diff else "reformatted"
        click.echo(f"{changed} file(s) {verb}, {unchanged} left unchanged", err=True)
    sys.exit(2 if run.failed else 1 if changed and (check or show_diff) else 0)


@main.command("convert")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--to", "to", required=True,
              type=click.Choice(["md", "json", "html", "epub", "jsonfeed", "atom"]),
              help="Output format. epub, jsonfeed and atom make ONE output of all inputs.")
@click.option("-o", "--output", metavar="OUT",
              help="Output file; a directory when there are several outputs. Default: stdout.")
@click.option("--template", metavar="FILE",
              help="Page template for --to html (Jinja2; see converters/page.html.j2).")
@_profile_option()
def convert_command(inputs: tuple[str, ...], to: str, output: str | None,
                    template: str | None, profile: str | None) -> None:
    """Convert digests: Markdown, JSON, HTML, EPUB; or into a JSON Feed or Atom feed.

    Directories recurse: their .md and .json files, or, when they hold none, their
    .html and .epub files. Several inputs go into -o DIR, one output each, except
    for epub, jsonfeed and atom, which gather every input into one book or feed
    (-o FILE). An EPUB input gives one file per digest it holds, named by date.
    """
    from pathlib import Path

    from digestfmt.codecs import FORMATS

    chosen = _profile(profile)
    fmt = FORMATS[to]
    if template is not None:
        if to != "html":
            raise click.UsageError("--template applies to --to html only")
        if not Path(template).is_file():
            raise click.BadParameter(f"no such file: {template}", param_hint="--template")
    files = [f for path in inputs for f in _convert_inputs(path)]
    many = len(files) > 1 or any(p != "-" and Path(p).is_dir() for p in inputs)
    show = many and sys.stderr.isatty() and not os.environ.get("CI")
    run = _Run()
    if fmt.aggregate:
        _convert_into_one(run, fmt.name, files, output, chosen, show)
    else:
        if many and output is None:
            raise click.UsageError("several inputs need -o DIR for their outputs")
        _convert_each(run, fmt.name, files, output, chosen, template, many, show)
    sys.exit(2 if run.failed else 0)


def _convert_inputs(path: str) -> list[str]:
    """A file as given; a directory's Markdown and JSON digests, or, when it holds none,
    its pages and books (never both: a day would be in a book twice)."""
    from pathlib import Path

    from digestfmt.io import expand

    if path == "-" or not Path(path).is_dir():
        return [path]
    found = list(expand((path,), (".md", ".markdown", ".json")))
    if found == [path]:
        found = list(expand((path,), (".html", ".htm", ".xhtml", ".epub")))
    if found == [path]:
        click.echo(f"digestfmt: error: {path}: no digest files (.md, .json, .html, .epub) "
                   "in this directory", err=True)
        sys.exit(2)
    return found


def _progress(items: list[str], show: bool) -> Iterator[str]:
    """A progress bar on stderr when ``show`` (a terminal, not CI), else the items as they are.

    click's bar, not tqdm: click is already the CLI's dependency and this needs
    only a count and an ETA.
    """
    if not show:
        yield from items
        return
    from pathlib import Path

    with click.progressbar(items, label="converting", file=sys.stderr,
                           item_show_func=lambda p: p and Path(p).name) as bar:
        yield from bar


def _read_digests(run: _Run, path: str, profile: Profile | None) -> list[Digest] | None:
    """The digests of one input, read as lint and fmt read it: in the forced style, else
    in its settings' `profile`, else detected among the built-in profiles and those its
    settings add (`profiles`)."""
    from digestfmt.codecs import load_all
    from digestfmt.io import read_bytes

    style = profile or _configured_profile(run, path)
    data = run.attempt(read_bytes, path)
    return None if data is None else run.attempt(load_all, data, path, style)


def _configured_profile(run: _Run, path: str) -> Profile | None:
    """The profile the settings that govern ``path`` force, if any (loading the settings
    also makes the profiles they list known)."""
    from digestfmt.lint.config import find_config
    from digestfmt.profiles import get_profile

    config = run.attempt(find_config, path)
    return get_profile(config.profile) if config and config.profile else None


def _render(digest: Digest, to: str, template: str | None) -> str | bytes:
    from digestfmt.codecs import dump

    if to == "html":
        from digestfmt.codecs import html

        return html.dumps_bytes(digest, template)
    return dump(digest, to)


def _convert_each(run: _Run, to: str, files: list[str], output: str | None, profile: Profile | None,
                  template: str | None, many: bool, show: bool) -> None:
    from pathlib import Path

    from digestfmt.codecs import FORMATS
    from digestfmt.io import write_atomic

    extension = FORMATS[to].extension
    targets = _targets(files, output, extension, many)
    sources = {os.path.realpath(f) for f in files if f != "-"}
    for path, target in zip(_progress(files, show), targets, strict=True):
        if target is not None and os.path.realpath(target) in sources:
            run.attempt(_refuse, target)
            continue
        digests = _read_digests(run, path, profile)
        if not digests:
            continue
        if len(digests) == 1:
            outputs: list[tuple[str | None, Digest]] = [(target, digests[0])]
        elif output is None:
            run.attempt(_book_needs_dir, path, len(digests))
            continue
        else:
            folder = Path(target).with_suffix("") if many and target else Path(output)
            outputs = list(zip(_day_names(folder, digests, extension), digests, strict=True))
        for out, digest in outputs:
            text = run.attempt(_render, digest, to, template)
            if text is None:
                continue
            if to == "json":
                _warn_if_invalid(path, digest)
            if out is None:
                sys.stdout.flush()
                sys.stdout.buffer.write(text if isinstance(text, bytes) else text.encode())
            elif os.path.realpath(out) in sources:
                run.attempt(_refuse, out)
            else:
                run.attempt(write_atomic, out, text)


def _warn_if_invalid(path: str, digest: Digest) -> None:
    """The JSON is written either way (it is lossless); a digest with defects gives
    JSON the schema rejects, and the author should hear so."""
    from digestfmt.codecs.json_ import to_dict
    from digestfmt.schema import more, validate

    problems = validate(to_dict(digest), limit=100)
    if problems:
        click.echo(f"digestfmt: warning: {path}: the JSON form is not schema-valid at "
                   f"{problems[0].json_pointer}: {problems[0].message}{more(problems, 100)}; "
                   "`digestfmt lint` says what to fix", err=True)


def _day_names(folder: Path, digests: list[Digest], extension: str) -> list[str]:
    """One file per digest of a book, named by its date (``2026-02-20.md``)."""
    names: list[str] = []
    for index, digest in enumerate(digests, 1):
        stem = digest.date.iso if digest.date else f"digest-{index:03d}"
        name, n = stem, 2
        while str(folder / (name + extension)) in names:
            name, n = f"{stem}-{n}", n + 1
        names.append(str(folder / (name + extension)))
    return names


def _book_needs_dir(path: str, count: int) -> None:
    raise DigestError(path, f"holds {count} digests: give -o DIR for one file each")


def _convert_into_one(run: _Run, to: str, files: list[str], output: str | None,
                      profile: Profile | None, show: bool) -> None:
    """Every input into one book or feed; nothing at all when any input fails, as pandoc
    does: a book or feed missing a day must not replace a whole one (README, "Failed
    inputs")."""
    from pathlib import Path

    from digestfmt.codecs import FORMATS, dump_all
    from digestfmt.io import write_atomic

    if output is None and FORMATS[to].binary:
        raise click.UsageError(f"--to {to} writes one file: give -o FILE")
    if output is not None and output != "-" and Path(output).is_dir():
        raise click.UsageError(f"--to {to} writes one file: -o names a file, not a directory")
    if output is not None and os.path.realpath(output) in {os.path.realpath(f) for f in files}:
        run.attempt(_refuse, output)
        return
    digests: list[Digest] = []
    for path in _progress(files, show):
        digests += _read_digests(run, path, profile) or []
    if run.failed or not digests:
        return
    result = run.attempt(dump_all, digests, to)
    if result is None:
        return
    if output is None or output == "-":
        if isinstance(result, bytes):
            sys.stdout.buffer.write(result)
        else:
            sys.stdout.write(result)
    else:
        run.attempt(write_atomic, output, result)


def _refuse(target: str) -> None:
    raise DigestError(target, "refusing to overwrite an input file")


def _targets(files: list[str], output: str | None, extension: str,
             many: bool) -> list[str | None]:
    from pathlib import Path

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
@click.option("--profile", "profile_specs", multiple=True, metavar="NAME|PATH",
              help="Only these styles (repeatable): built-in names or profile files.")
def schema_command(profile_specs: tuple[str, ...]) -> None:
    """Print the JSON Schema of the JSON form, made from the style profiles: the built-in
    ones and those the settings here list (spec/digest.schema.json is the built-ins')."""
    from digestfmt.lint.config import find_config
    from digestfmt.parse.detect import precedence
    from digestfmt.schema import schema_text
    from digestfmt.schema_build import text

    chosen = [p for p in (_profile(spec) for spec in profile_specs) if p is not None]
    if chosen:
        sys.stdout.write(text(sorted(chosen, key=precedence)))
        return
    run = _Run()
    run.attempt(find_config, os.path.join(os.curdir, "x.md"))  # its `profiles` count too
    if run.failed:
        sys.exit(2)
    from digestfmt.profiles import known_profiles, registered_fingerprint

    sys.stdout.write(text(sorted(known_profiles().values(), key=precedence))
                     if registered_fingerprint() else schema_text())


@main.command("validate")
@click.argument("files", nargs=-1, required=True)
@click.option("--profile", "profile_specs", multiple=True, metavar="NAME|PATH",
              help="Profile files whose styles the documents may be in (repeatable); the "
                   "settings' `profiles` count too.")
def validate_command(files: tuple[str, ...], profile_specs: tuple[str, ...]) -> None:
    """Check JSON digests against the schema; report each problem at PATH:LINE:COL."""
    from digestfmt.codecs.json_positions import positions
    from digestfmt.io import expand
    from digestfmt.lint.config import find_config
    from digestfmt.schema import validate

    for spec in profile_specs:
        _profile(spec)
    run, invalid = _Run(), 0
    for path in expand(files, (".json",)):
        run.attempt(find_config, path)  # the styles its settings add
        read = run.attempt(_read_json, path)
        if read is None:
            continue
        text, document = read
        problems = validate(document)
        where = positions(text) if problems else {}
        for problem in problems:
            line, col = where.get(problem.pointer, (1, 1))
            click.echo(f"{path}:{line}:{col}: {problem.message} [{problem.json_pointer}]")
        invalid += bool(problems)
        if not problems:
            click.echo(f"{path}: valid", err=True)
    sys.exit(2 if run.failed else 1 if invalid else 0)


def _read_json(path: str) -> tuple[str, object]:
    """A JSON file's text and data, through the bounded reader (``structured``)."""
    from digestfmt.structured import load_json

    text = _read_text(path)
    return text, load_json(text, path)


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
              help="Print the fixes as a diff instead of writing them (implies --fix).")
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
@click.option("--output-file", metavar="FILE",
              help="Write the report to FILE (atomically) instead of stdout.")
@_force_exclude_option()
@click.option("--check-links", is_flag=True,
              help="Also fetch every link once (DF310-DF312); off by default: it needs the "
                   "network.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Lint in up to N processes (default: the number of CPUs; 1: in this one).")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the result cache (.digestfmt_cache).")
@_profile_option()
def lint_command(paths: tuple[str, ...], fix: bool, unsafe_fixes: bool, show_diff: bool,
                 select: tuple[str, ...], ignore: tuple[str, ...],
                 extend_select: tuple[str, ...], output_format: str | None,
                 config_path: str | None, show_settings: bool, strict: bool, statistics: bool,
                 stdin_filename: str | None, baseline_path: str | None,
                 write_baseline: str | None, output_file: str | None, force_exclude: bool,
                 check_links: bool, jobs: int | None, no_cache: bool,
                 profile: str | None) -> None:
    """Check digests: structure, ratings, links, dates and style. PATH may be - for stdin.

    Files are linted in parallel (--jobs) and unchanged files come from the result
    cache; the output is the same either way.
    """
    from collections import Counter

    from digestfmt.io import expand, write_atomic
    from digestfmt.lint import baseline as baselines
    from digestfmt.lint.batch import Options, default_jobs, lint_files
    from digestfmt.lint.config import Config, find_config, load_config
    from digestfmt.lint.reporters.stream import Report
    from digestfmt.lint.rule import Severity

    _profile(profile)
    fix = fix or show_diff
    run = _Run()
    chosen_format = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") else "text")
    online = ("DF310", "DF311", "DF312") if check_links else ()
    overrides = {"select": _selectors(select), "ignore": _selectors(ignore),
                 "extend_select": (*_selectors(extend_select), *online)}
    try:
        fixed_config = load_config(config_path).with_cli(**overrides) if config_path else None
        if fixed_config is None:
            Config().with_cli(**overrides)  # reject unknown selectors before any file is read
        accepted = baselines.load(baseline_path) if baseline_path else Counter()
    except DigestError as exc:
        click.echo(f"digestfmt: error: {exc}", err=True)
        sys.exit(2)

    by_folder: dict[str, Config] = {}  # the settings of a folder's files, made once
    by_source: dict[int, tuple[Config, Config]] = {}  # found settings -> with the overrides

    def config_for(path: str) -> Config:
        if fixed_config is not None:
            return fixed_config
        named = stdin_filename if path == "-" and stdin_filename else path
        # A file's settings depend on its folder (a symlinked file: its target's).
        folder = os.path.dirname(os.path.realpath(named) if os.path.islink(named) else named)
        found = by_folder.get(folder)
        if found is None:
            nearest = find_config(named)
            held = by_source.get(id(nearest))
            if held is None or held[0] is not nearest:
                held = by_source[id(nearest)] = (nearest, nearest.with_cli(**overrides))
            found = by_folder[folder] = held[1]
        return found

    files = list(expand(paths or (".",)))
    baseline_root = baselines.root_of(write_baseline or baseline_path or ".")
    if show_settings:
        settings = run.attempt(config_for, files[0] if files else ".")
        if settings is not None:
            import json

            click.echo(json.dumps(settings.as_dict(), ensure_ascii=False, indent=2))
        sys.exit(2 if run.failed else 0)
    link_results = _check_links(files, config_for, profile) if check_links else None
    report = sys.stderr if (fix and "-" in files and not show_diff) else sys.stdout
    if output_file:
        report = io.StringIO()
    # Findings are written as files finish (text, github), so none are kept; behind
    # --diff output the lines wait, and whole-document formats keep the findings.
    reporter = Report(chosen_format, statistics, None if show_diff else report)
    linted: list[str] = []
    skipped = 0
    recorded: Counter[baselines.Key] = Counter()

    def fail(dedupe: bool, message: str) -> None:  # reported by run.attempt, as before
        if not dedupe:
            raise RecursionError(message)
        raise DigestError(None, message)

    options = Options(profile=profile, fix=fix, unsafe_fixes=unsafe_fixes, diff=show_diff,
                      link_results=link_results, baseline=accepted if baseline_path else None,
                      baseline_root=baseline_root, record_baseline=bool(write_baseline),
                      cache=not no_cache)
    inputs = ((p, stdin_filename if p == "-" and stdin_filename else p) for p in files)
    for outcome in lint_files(inputs, config_for,
                              lambda config, path: _excluded(config, path, paths, force_exclude),
                              options, jobs or default_jobs()):
        for dedupe, message in outcome.errors:
            run.attempt(fail, dedupe, message)
        skipped += outcome.excluded
        if not outcome.linted:
            continue
        shown = outcome.shown
        linted.append(shown)
        for refused in outcome.refused:
            click.echo(f"digestfmt: warning: {shown}:{refused.span.line}:{refused.span.column}: "
                       f"fix for {refused.code} refused: it would change more than it meant to",
                       err=True)
        if outcome.fixed is not None:
            if show_diff:
                sys.stdout.write(outcome.diff)
            elif outcome.path == "-":
                sys.stdout.write(outcome.fixed)
            else:
                run.attempt(write_atomic, outcome.path, outcome.fixed)
        if write_baseline:
            recorded.update(outcome.keys)
            continue
        reporter.add(outcome.findings)
        reporter.add_rows(outcome.rows, outcome.shown)
        if outcome.entry is not None:
            reporter.add_entry(outcome.entry, outcome.shown)
    if write_baseline:
        run.attempt(write_atomic, write_baseline, baselines.dump(recorded))
        click.echo(f"recorded {sum(recorded.values())} finding(s) in {write_baseline}", err=True)
        sys.exit(2 if run.failed else 0)
    if statistics or not (chosen_format == "text" and not reporter.total
                          and (show_diff or run.failed)):
        report.write(reporter.finish(linted))
    if output_file and isinstance(report, io.StringIO):
        run.attempt(write_atomic, output_file, report.getvalue())
    if not linted and skipped:
        click.echo(f"digestfmt: note: {skipped} file(s) skipped by 'exclude' settings", err=True)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(2 if run.failed else 1 if reporter.fails(failing) else 0)


def _links_of(paths: list[str], profile: str | None) -> Iterator[tuple[str, Link]]:
    """Every link of every readable input, with its path (unreadable inputs are skipped
    here: the command that asked reports them)."""
    from digestfmt.io import read_bytes
    from digestfmt.links import links
    from digestfmt.parse import parse_bytes

    chosen, run = _profile(profile), _Run()
    for path in paths:
        try:
            style = chosen or _configured_profile(run, path)
            digest = parse_bytes(read_bytes(path), path=path, profile=style)
        except DigestError:
            continue
        for link in links(digest):
            yield path, link


def _check_links(paths: list[str], config_for: Callable[[str], Config],
                 profile: str | None) -> dict[str, LinkResult]:
    from digestfmt.links.session import check_urls, checkable

    readable = [p for p in paths if p != "-"]
    if not readable:
        return {}
    try:
        settings = config_for(readable[0]).link_settings()
    except DigestError as exc:
        click.echo(f"digestfmt: error: {exc}", err=True)
        sys.exit(2)
    urls = [link.url for _, link in _links_of(readable, profile) if checkable(link)]
    results, summary = check_urls(urls, settings)
    click.echo(f"links: {summary.line()}", err=True)
    return results


@main.command("links")
@click.argument("paths", nargs=-1, required=True)
@click.option("--dump", is_flag=True, help="List the links without checking them.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
@click.option("--config", "config_path", metavar="FILE",
              help="Settings file (default: the nearest to the first input).")
@_profile_option()
def links_command(paths: tuple[str, ...], dump: bool, output_format: str,
                  config_path: str | None, profile: str | None) -> None:
    """List every link with its location, and check each distinct URL once (unless --dump).

    Outcomes: ok, broken (exit 1), unverifiable (blocked, captcha, timeouts: a
    warning), skipped (excluded or a private address).
    """
    import json

    from digestfmt.io import expand
    from digestfmt.links.session import check_urls, checkable
    from digestfmt.lint.config import find_config, load_config

    _profile(profile)
    run = _Run()
    files = [p for p in expand(paths) if p != "-"]
    for path in files:
        run.attempt(_read_text, path)  # report unreadable inputs once, as one line each
    try:
        settings = (load_config(config_path) if config_path
                    else find_config(files[0] if files else ".")).link_settings()
    except DigestError as exc:
        click.echo(f"digestfmt: error: {exc}", err=True)
        sys.exit(2)
    found = list(_links_of(files, profile))
    results: dict[str, LinkResult] = {}
    if not dump:
        results, summary = check_urls((link.url for _, link in found if checkable(link)),
                                      settings)
    rows = []
    for path, link in found:
        where = link.url_span or link.span
        line, column = (where.line, where.column) if where else (0, 0)
        result = results.get(link.url)
        rows.append({"path": path, "line": line, "column": column, "url": link.url,
                     "origin": link.origin, "card": link.card,
                     "outcome": result.outcome.value if result else None,
                     "reason": result.reason if result else None,
                     "status": result.status if result else None})
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            verdict = "" if dump else f" {row['outcome'] or 'not checked'}"
            reason = f" ({row['reason']})" if row["reason"] else ""
            click.echo(f"{row['path']}:{row['line']}:{row['column']}:{verdict} {row['url']}"
                       f"{reason}")
    if not dump:
        click.echo(summary.line(), err=True)
    broken = any(r.outcome.value == "broken" for r in results.values())
    sys.exit(2 if run.failed else 1 if broken else 0)


@main.group("profile")
def profile_group() -> None:
    """Style profiles of one's own (spec §3): check them before use."""


@profile_group.command("check")
@click.argument("files", nargs=-1, required=True)
def profile_check_command(files: tuple[str, ...]) -> None:
    """Check profile files against spec/profile.schema.json and the rules of spec §3.10;
    report each problem at PATH:LINE:COL (exit 2 when any)."""
    from digestfmt.profile_file import check

    run, unusable = _Run(), 0
    for path in files:
        checked = run.attempt(check, path)
        if checked is None:
            continue
        for problem in checked[1]:
            click.echo(f"{path}:{problem.line}:{problem.column}: {problem.message}")
        unusable += bool(checked[1])
        if not checked[1]:
            click.echo(f"{path}: ok", err=True)
    sys.exit(2 if run.failed or unusable else 0)


@profile_group.command("draft")
@click.argument("samples", nargs=-1, required=True)
@click.option("--name", default="my-digest", show_default=True,
              help="The drafted style's name (lowercase words joined by '-').")
@click.option("-o", "--output", metavar="FILE", help="Write the draft here, not to stdout.")
def profile_draft_command(samples: tuple[str, ...], name: str, output: str | None) -> None:
    """Draft a profile from sample digests (files or folders): card headings, recurring
    labels, sections, groups, header and date form. Edit it, then `profile check` it."""
    from digestfmt.io import expand, read_bytes, write_atomic
    from digestfmt.parse.source import decode
    from digestfmt.profile_draft import draft_text

    if not re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", name):
        raise click.BadParameter("lowercase letters and digits, words joined by '-'",
                                 param_hint="--name")
    run = _Run()
    paths = list(expand(samples))
    texts = [t for path in paths if (data := run.attempt(read_bytes, path)) is not None
             and (t := run.attempt(decode, data, path)) is not None]
    if run.failed or not texts:
        if not texts and not run.failed:
            click.echo("digestfmt: error: no Markdown files among the samples", err=True)
        sys.exit(2)
    text = draft_text(texts, paths, name)
    if output:
        if run.attempt(write_atomic, output, text) is None:
            sys.exit(2)
        click.echo(f"{output}: drafted from {len(texts)} sample(s)", err=True)
    else:
        click.echo(text, nl=False)


@main.command("clean")
def clean_command() -> None:
    """Remove the caches: lint's result cache (the folder lint uses here, and every
    .digestfmt_cache below the current directory) and the link cache (links: cache)."""
    from pathlib import Path

    from digestfmt.links.cache import remove
    from digestfmt.lint.cache import CACHE_DIR_NAME, cache_dir, clean
    from digestfmt.lint.config import find_config

    run = _Run()
    config = run.attempt(find_config, os.path.join(os.curdir, "x.md"))
    folders = [cache_dir(config)] if config is not None else []
    for top, dirs, _ in os.walk(os.curdir):
        folders += [Path(top) / d for d in dirs if d == CACHE_DIR_NAME]
        dirs[:] = [d for d in dirs if not d.startswith(".")]
    removed = clean(list(dict.fromkeys(Path(os.path.abspath(f)) for f in folders)))
    links = run.attempt(config.link_settings) if config is not None else None
    if links is not None and links.cache_path is not None and remove(links.cache_path):
        removed.append(links.cache_path)
    for folder in removed:
        shown = os.path.relpath(folder)
        click.echo(f"removed {folder if shown.startswith('..') else shown}", err=True)
    if not removed:
        click.echo("no cache to remove", err=True)
    sys.exit(2 if run.failed else 0)


@main.command("rule")
@click.argument("selector", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every rule.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
def rule_command(selector: str | None, show_all: bool, output_format: str) -> None:
    """Explain a rule (DF201 or rating-emoji): what it checks, why, an example, the fix."""
    import json

    from digestfmt.lint.linter import rule_by_selector
    from digestfmt.lint.rules import all_rules
    from digestfmt.lint.select import specificity

    if show_all == (selector is not None):
        raise click.UsageError("give one rule code or name, or --all")
    if show_all:
        rules = list(all_rules().values())
    else:
        assert selector is not None
        found = rule_by_selector(selector)
        rules = [found] if found else [
            r for r in all_rules().values() if specificity(selector, r)
        ]  # a prefix such as DF2 lists its family
        if not rules:
            raise click.BadParameter(f"no rule {selector!r}", param_hint="SELECTOR")
        show_all = len(rules) > 1
    if output_format == "json":
        payload = [{"code": r.code, "name": r.name, "severity": r.severity.value,
                    "summary": r.summary, "options": dict(r.options),
                    "default_enabled": r.default_enabled, "doc": r.doc.strip()} for r in rules]
        click.echo(json.dumps(payload if show_all else payload[0], ensure_ascii=False, indent=2))
        return
    for r in rules:
        click.echo(f"{r.code} {r.name} ({r.severity.value})\n\n{r.doc.strip()}\n")
