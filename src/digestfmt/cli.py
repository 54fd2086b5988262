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
from typing import TYPE_CHECKING, Any

import click

from digestfmt import __version__, i18n
from digestfmt.errors import DigestError
from digestfmt.i18n import _
from digestfmt.runs import Run as _Run

if TYPE_CHECKING:
    from collections.abc import Iterator

    from digestfmt.links import Link
    from digestfmt.links.policy import LinkResult
    from digestfmt.lint.config import Config
    from digestfmt.model import Digest
    from digestfmt.profiles import Profile

FEED_DAYS = 30  # a feed of a directory: its latest days, not years of an archive


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--lang: the language from now on, whatever the settings and the locale say."""
    if value is None:
        return
    lang = i18n.normalize(value)
    if lang is None:
        raise click.BadParameter(_("{value!r} is not a language digestfmt speaks: use en or zh")
                                 .format(value=value))
    i18n.activate(lang, chosen=True)


def _lang_option(command: Callable[..., object]) -> Callable[..., object]:
    return click.option(
        "--lang", metavar="en|zh", expose_value=False, is_eager=True, callback=_set_lang,
        help="Language of messages and rule pages (default: the settings' 'lang', else the "
             "locale: LC_ALL, LC_MESSAGES, LANG; zh* is Chinese).")(command)


def _settings_lang() -> None:
    """The language the settings governing this folder name (``lang``), unless --lang chose:
    a settings file that cannot be read is reported by the command, not here."""
    if i18n.explicit():
        return
    import contextlib

    from digestfmt.lint.config import find_config

    with contextlib.suppress(DigestError):
        i18n.configured(find_config(os.path.join(os.curdir, "x.md")).lang)


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


class _Main(click.Group):
    """The top-level command: each run starts in the locale's language (then --lang and the
    settings' ``lang`` may change it), also when one process runs several (tests, the API)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        i18n.reset()
        _output_streams()
        return super().main(*args, **kwargs)


def _output_streams() -> None:
    """stdout and stderr fit for any path. A file name need not decode (``os.fsdecode``
    keeps its bytes as surrogates): it is printed as its bytes, as ``ls`` does, where a
    strict stream would raise. A process started with one closed (``>&-``) has None for
    it: what it would print is discarded, as the closing asked. (A closed stdin is told
    where it is read: ``io.read_bytes``.)"""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        elif isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="surrogateescape")


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="digestfmt")
@_lang_option
def main() -> None:
    """Lint, format and convert daily AI-news digests (Markdown, JSON)."""
    _settings_lang()


@main.command("fmt")
@_lang_option
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
    from digestfmt.convert import configured_profile
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
        style = chosen or configured_profile(run, path)
        digest = run.attempt(_fmt_load, data, path, style)
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
            click.echo(_("would reformat {path}").format(path=path), err=True)
        elif run.attempt(write_atomic, path, after) is None:
            continue  # not written: the error says why, and it is not counted
        else:
            click.echo(_("reformatted {path}").format(path=path), err=True)
        changed += 1
    if paths != ("-",):
        summary = _("{changed} file(s) would be reformatted, {unchanged} left unchanged") \
            if check or show_diff else _("{changed} file(s) reformatted, {unchanged} left "
                                         "unchanged")
        click.echo(summary.format(changed=changed, unchanged=unchanged), err=True)
    sys.exit(2 if run.failed else 1 if changed and (check or show_diff) else 0)


def _fmt_load(data: bytes, path: str, style: Profile | None) -> Digest:
    """The digest fmt rewrites; "not a digest" with the advice lint gives too."""
    from digestfmt.codecs import markdown
    from digestfmt.errors import NotADigest
    from digestfmt.lint.config import not_a_digest

    try:
        return markdown.loads(data, path, style)
    except NotADigest as exc:
        raise exc if path == "-" else not_a_digest(exc) from None


@main.command("convert")
@_lang_option
@click.argument("inputs", nargs=-1, required=True)
@click.option("--to", "to", required=True,
              type=click.Choice(["md", "json", "html", "epub", "jsonfeed", "atom"]),
              help="Output format. epub, jsonfeed and atom make ONE output of all inputs.")
@click.option("-o", "--output", metavar="OUT",
              help="Output file; a directory when there are several outputs. Default: stdout.")
@click.option("--template", metavar="FILE",
              help="Page template for --to html (Jinja2; see converters/page.html.j2).")
@click.option("--latest", type=click.IntRange(min=0), metavar="N",
              help="Feeds: only the latest N days (default: 30 when an input is a "
                   "directory, else all; 0: all).")
@_profile_option()
def convert_command(inputs: tuple[str, ...], to: str, output: str | None,
                    template: str | None, latest: int | None, profile: str | None) -> None:
    """Convert digests: Markdown, JSON, HTML, EPUB; or into a JSON Feed or Atom feed.

    Directories recurse: their .md and .json files, or, when they hold none, their
    .html and .epub files. Several inputs go into -o DIR, one output each (pages
    with links between them, an index and a page a month), except for epub,
    jsonfeed and atom, which gather every input into one book or feed (-o FILE).
    An EPUB input gives one file per digest it holds, named by date.
    """
    from pathlib import Path

    from digestfmt import convert
    from digestfmt.codecs import FORMATS

    chosen = _profile(profile)
    fmt = FORMATS[to]
    if template is not None:
        if to != "html":
            raise click.UsageError(_("--template applies to --to html only"))
        if not Path(template).is_file():
            raise click.BadParameter(_("no such file: {path}").format(path=template),
                                     param_hint="--template")
    run = _Run()
    found = convert.sources(run, inputs)
    many = len(found) > 1 or any(p != "-" and Path(p).is_dir() for p in inputs)
    show = many and sys.stderr.isatty() and not os.environ.get("CI")
    if latest is not None and to not in ("jsonfeed", "atom"):
        raise click.UsageError(_("--latest applies to --to jsonfeed and atom"))
    if fmt.aggregate:
        folders = any(p != "-" and Path(p).is_dir() for p in inputs)
        default = FEED_DAYS if folders and to in ("jsonfeed", "atom") else 0
        convert.into_one(run, fmt.name, found, output, chosen, show,
                         default if latest is None else latest)
    else:
        if many and output is None:
            raise click.UsageError(_("several inputs need -o DIR for their outputs"))
        convert.each(run, fmt.name, found, output, chosen, template, many, show)
    sys.exit(2 if run.failed else 0)


@main.command("schema")
@_lang_option
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
@_lang_option
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
            click.echo(_("{path}: valid").format(path=path), err=True)
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
@_lang_option
@click.argument("paths", nargs=-1)
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a diff instead of writing them (implies --fix); "
                   "exit 1 if there is anything to fix.")
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
    if fixed_config is not None:
        i18n.configured(fixed_config.lang)

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
    # Findings are written as files finish (text, github), so none are kept; whole-document
    # formats keep the findings. --diff prints the fixes, not the findings (as ruff's
    # --diff): they go only to --output-file, when one is given; else they are only
    # counted (as for --statistics), for the summary on stderr.
    only_count = show_diff and not output_file
    reporter = Report(chosen_format, statistics or only_count, report,
                      strict=strict, fixing=fix and not show_diff)
    linted: list[str] = []
    skipped = 0
    fixes = 0  # findings fixed (--fix) or that would be (--diff)
    fixed_files = 0
    recorded: Counter[baselines.Key] = Counter()

    def fail(dedupe: bool, message: str) -> None:  # reported by run.attempt, as before
        if not dedupe:
            raise RecursionError(message)
        raise DigestError(None, message)

    options = Options(profile=profile, fix=fix, unsafe_fixes=unsafe_fixes, diff=show_diff,
                      link_results=link_results, baseline=accepted if baseline_path else None,
                      baseline_root=baseline_root, record_baseline=bool(write_baseline),
                      cache=not no_cache, lang=i18n.current())
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
            reason = _("fix for {code} refused: it would change more than it meant to").format(
                code=refused.code)
            click.echo(f"digestfmt: warning: {shown}:{refused.span.line}:{refused.span.column}: "
                       f"{reason}", err=True)
        applied = 0
        if outcome.fixed is not None:
            if show_diff:
                sys.stdout.write(outcome.diff)
                applied = outcome.applied
            elif outcome.path == "-":
                sys.stdout.write(outcome.fixed)
                applied = outcome.applied
            elif run.attempt(_write_fixed, outcome.path, outcome.fixed):
                applied = outcome.applied
        fixes += applied
        fixed_files += bool(applied)
        if write_baseline:
            recorded.update(outcome.keys)
            continue
        reporter.add_file(shown, outcome.findings, outcome.rows, outcome.entry, applied)
    if write_baseline:
        run.attempt(write_atomic, write_baseline, baselines.dump(recorded))
        click.echo(_("recorded {n} finding(s) in {path}").format(n=sum(recorded.values()),
                                                                 path=write_baseline), err=True)
        sys.exit(2 if run.failed else 0)
    if show_diff:
        _would_fix(fixes, fixed_files, 0 if unsafe_fixes else reporter.unsafe)
    if not only_count and (statistics or not (chosen_format == "text" and not reporter.total
                                              and run.failed)):
        report.write(reporter.finish(linted))
    if output_file and isinstance(report, io.StringIO):
        run.attempt(write_atomic, output_file, report.getvalue())
    if not linted and skipped:
        note = _("{n} file(s) skipped by 'exclude' settings").format(n=skipped)
        click.echo(f"digestfmt: note: {note}", err=True)
    if show_diff:  # as ruff's --diff: 1 when there is something to fix, whatever remains
        sys.exit(2 if run.failed else 1 if fixes else 0)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(2 if run.failed else 1 if reporter.fails(failing) else 0)


def _write_fixed(path: str, text: str) -> bool:
    from digestfmt.io import write_atomic

    write_atomic(path, text)
    return True


def _would_fix(fixes: int, files: int, unsafe: int) -> None:
    """--diff's summary on stderr, as ruff's ("Would fix 3 errors."): stdout has only the
    diff, for `patch` or `git apply`."""
    more = _(" ({n} more fixable with --unsafe-fixes)").format(n=unsafe) if unsafe else ""
    if fixes:
        click.echo(_("Would fix {fixes} problem(s) in {files} file(s){more}.").format(
            fixes=fixes, files=files, more=more), err=True)
    elif unsafe:
        click.echo(_("No problems would be fixed{more}.").format(more=more), err=True)


def _links_of(paths: list[str], profile: str | None) -> Iterator[tuple[str, Link]]:
    """Every link of every readable input, with its path (unreadable inputs are skipped
    here: the command that asked reports them)."""
    from digestfmt.convert import configured_profile
    from digestfmt.io import read_bytes
    from digestfmt.links import links
    from digestfmt.parse import parse_bytes

    chosen, run = _profile(profile), _Run()
    for path in paths:
        try:
            style = chosen or configured_profile(run, path)
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
@_lang_option
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
    from digestfmt.links.policy import explain
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
                     "reason": explain(result.reason) if result else None,
                     "status": result.status if result else None})
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        unchecked = _("not checked")
        for row in rows:
            verdict = "" if dump else f" {row['outcome'] or unchecked}"
            reason = f" ({row['reason']})" if row["reason"] else ""
            click.echo(f"{row['path']}:{row['line']}:{row['column']}:{verdict} {row['url']}"
                       f"{reason}")
    if not dump:
        click.echo(summary.line(), err=True)
    broken = any(r.outcome.value == "broken" for r in results.values())
    sys.exit(2 if run.failed else 1 if broken else 0)


@main.group("profile")
@_lang_option
def profile_group() -> None:
    """Style profiles of one's own (spec §3): check them before use."""


@profile_group.command("check")
@_lang_option
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
            click.echo(_("{path}: ok").format(path=path), err=True)
    sys.exit(2 if run.failed or unusable else 0)


@profile_group.command("draft")
@_lang_option
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
        raise click.BadParameter(_("lowercase letters and digits, words joined by '-'"),
                                 param_hint="--name")
    run = _Run()
    paths = list(expand(samples))
    texts = [t for path in paths if (data := run.attempt(read_bytes, path)) is not None
             and (t := run.attempt(decode, data, path)) is not None]
    if run.failed or not texts:
        if not texts and not run.failed:
            reason = _("no Markdown files among the samples")
            click.echo(f"digestfmt: error: {reason}", err=True)
        sys.exit(2)
    text = draft_text(texts, paths, name)
    if output:
        if run.attempt(write_atomic, output, text) is None:
            sys.exit(2)
        click.echo(_("{path}: drafted from {n} sample(s)").format(path=output, n=len(texts)),
                   err=True)
    else:
        click.echo(text, nl=False)


@main.command("clean")
@_lang_option
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
    for top, dirs, _files in os.walk(os.curdir):
        folders += [Path(top) / d for d in dirs if d == CACHE_DIR_NAME]
        dirs[:] = [d for d in dirs if not d.startswith(".")]
    removed = clean(list(dict.fromkeys(Path(os.path.abspath(f)) for f in folders)))
    links = run.attempt(config.link_settings) if config is not None else None
    if links is not None and links.cache_path is not None and remove(links.cache_path):
        removed.append(links.cache_path)
    for folder in removed:
        shown = os.path.relpath(folder)
        click.echo(_("removed {path}").format(path=folder if shown.startswith("..") else shown),
                   err=True)
    if not removed:
        click.echo(_("no cache to remove"), err=True)
    sys.exit(2 if run.failed else 0)


@main.command("rule")
@_lang_option
@click.argument("selector", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every rule.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
def rule_command(selector: str | None, show_all: bool, output_format: str) -> None:
    """Explain a rule (DF201 or rating-emoji): what it checks, why, an example, the fix."""
    import json

    from digestfmt.lint.docs import localized_doc
    from digestfmt.lint.linter import rule_by_selector
    from digestfmt.lint.rules import all_rules
    from digestfmt.lint.select import specificity

    if show_all == (selector is not None):
        raise click.UsageError(_("give one rule code or name, or --all"))
    if show_all:
        rules = list(all_rules().values())
    else:
        assert selector is not None
        found = rule_by_selector(selector)
        rules = [found] if found else [
            r for r in all_rules().values() if specificity(selector, r)
        ]  # a prefix such as DF2 lists its family
        if not rules:
            raise click.BadParameter(_("no rule {selector!r}").format(selector=selector),
                                     param_hint="SELECTOR")
        show_all = len(rules) > 1
    if output_format == "json":
        payload = [{"code": r.code, "name": r.name, "severity": r.severity.value,
                    "summary": _(r.summary), "options": dict(r.options),
                    "default_enabled": r.default_enabled, "doc": localized_doc(r)} for r in rules]
        click.echo(json.dumps(payload if show_all else payload[0], ensure_ascii=False, indent=2))
        return
    for r in rules:
        click.echo(f"{r.code} {r.name} ({r.severity.value})\n\n{localized_doc(r)}\n")
