"""`digestfmt convert`: which files a run reads, where each output goes, and the books
and feeds that gather many digests into one file.

Inputs are walked as `lint` walks them: a directory's files, minus what the settings
exclude (README.md and the like), each skipped file named once in a note. Outputs
mirror the tree of the directory given, as `cp -r` users expect: `convert src/ -o out/`
writes `src/2025/11/20.md` to `out/2025/11/20.json`; several directories each go under
their own name (`convert 2025/11 2025/12 -o out` writes `out/11/…` and `out/12/…`);
files named one by one keep their paths below the folder they share. Two inputs
that would write the same output are an error for the second, never a silent
overwrite; an input is never overwritten.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from digestfmt.errors import DigestError
from digestfmt.i18n import _

if TYPE_CHECKING:
    from digestfmt.codecs.html import Nav
    from digestfmt.model import Digest
    from digestfmt.profiles import Profile
    from digestfmt.runs import Run

_DIGESTS = (".md", ".markdown", ".json")
_PAGES_AND_BOOKS = (".html", ".htm", ".xhtml", ".epub")


@dataclass(frozen=True)
class Source:
    """One file to read: its path, and where its output goes below ``-o DIR`` (its path
    below the directory it was found in, or its name when it was named)."""

    path: str
    relative: str


def sources(run: Run, inputs: tuple[str, ...]) -> list[Source]:
    """The files the inputs name: directories walked, each file found at its path below
    its directory; files as given, at their paths below the folder they share."""
    named = [os.path.abspath(p) for p in inputs if p != "-" and not Path(p).is_dir()]
    shared = os.path.commonpath([os.path.dirname(p) for p in named]) if named else ""
    found: list[Source] = []
    for path in inputs:
        if path == "-" or not Path(path).is_dir():
            relative = os.path.relpath(os.path.abspath(path), shared) if path != "-" else "-"
            found.append(Source(path, relative))
        else:  # one directory: its tree; several: each under its own name, as cp -r does
            found += _walk(run, path, keep_name=len(inputs) > 1)
    return found


def _walk(run: Run, path: str, keep_name: bool) -> list[Source]:
    """A directory's Markdown and JSON digests, or, when it holds none, its pages and
    books (never both: a day would be in a book twice)."""
    from digestfmt.io import expand

    found = list(expand((path,), _DIGESTS))
    if found == [path]:
        found = list(expand((path,), _PAGES_AND_BOOKS))
    if found == [path]:
        run.attempt(_nothing_in, path)
        return []
    name = os.path.basename(os.path.abspath(path)) if keep_name else ""
    return [Source(f, os.path.join(name, os.path.relpath(f, path)))
            for f in found if not _skipped(run, f)]


def _nothing_in(path: str) -> None:
    raise DigestError(path, _("no digest files (.md, .json, .html, .epub) in this directory"))


def _skipped(run: Run, path: str) -> bool:
    """Whether the settings exclude a file found in a directory (as lint skips it)."""
    from digestfmt.lint.config import find_config

    config = run.attempt(find_config, path)
    if config is None or not config.excludes(path):
        return False
    note = _("skipped (excluded by the settings)")
    click.echo(f"digestfmt: note: {path}: {note}", err=True)
    return True


def targets(run: Run, found: list[Source], output: str | None, extension: str,
            many: bool) -> list[str | None]:
    """Where each source's output goes: stdout (None), ``-o FILE``, or below ``-o DIR``
    at its relative path; a second source for one target gets None and an error."""
    if output is None:
        return [None] * len(found)
    if not many:
        out = Path(output)
        if out.is_dir():
            return [str(out / (Path(found[0].path).stem + extension))]
        return [output]
    taken: dict[str, str] = {}
    out_of: list[str | None] = []
    for source in found:
        target = str(Path(output) / Path(source.relative).with_suffix(extension))
        if target in taken:
            run.attempt(_collides, source.path, taken[target], target)
            out_of.append(None)
            continue
        taken[target] = source.path
        out_of.append(target)
    return out_of


def _collides(path: str, first: str, target: str) -> None:
    raise DigestError(path, _("would write {target}, as {first} does: give the inputs apart "
                              "or convert them one at a time").format(target=target, first=first))


def progress(items: list[Source], show: bool) -> Iterator[Source]:
    """A progress bar on stderr when ``show`` (a terminal, not CI), else the items as they are.

    click's bar, not tqdm: click is already the CLI's dependency and this needs
    only a count and an ETA.
    """
    if not show:
        yield from items
        return
    with click.progressbar(items, label="converting", file=sys.stderr,
                           item_show_func=lambda s: s and Path(s.path).name) as bar:
        yield from bar


def configured_profile(run: Run, path: str) -> Profile | None:
    """The profile the settings that govern ``path`` force, if any (loading the settings
    also makes the profiles they list known)."""
    from digestfmt.lint.config import find_config
    from digestfmt.profiles import get_profile

    config = run.attempt(find_config, path)
    return get_profile(config.profile) if config and config.profile else None


def read_digests(run: Run, path: str, profile: Profile | None) -> list[Digest] | None:
    """The digests of one input, read as lint and fmt read it: in the forced style, else
    in its settings' `profile`, else detected among the built-in profiles and those its
    settings add (`profiles`)."""
    from digestfmt.codecs import load_all
    from digestfmt.io import read_bytes

    style = profile or configured_profile(run, path)
    data = run.attempt(read_bytes, path)
    return None if data is None else run.attempt(load_all, data, path, style)


def each(run: Run, to: str, found: list[Source], output: str | None,
         profile: Profile | None, template: str | None, many: bool, show: bool) -> None:
    """One output an input (one a digest, for a book with several); pages of several
    inputs into a folder make a site (digestfmt.site)."""
    planned = _planned(run, to, found, output, profile, many, show)
    if to == "html" and many and output is not None:
        _site(run, list(planned), output, template)
        return
    for path, out, digest in planned:
        _write(run, to, path, out, digest, template)


def _planned(run: Run, to: str, found: list[Source], output: str | None,
             profile: Profile | None, many: bool, show: bool
             ) -> Iterator[tuple[str, str | None, Digest]]:
    """(input, where its output goes, digest) of each output, inputs read one at a time."""
    from digestfmt.codecs import FORMATS

    extension = FORMATS[to].extension
    inputs = {os.path.realpath(s.path) for s in found if s.path != "-"}
    for source, target in zip(progress(found, show), targets(run, found, output, extension,
                                                               many), strict=True):
        if target is None and output is not None:
            continue  # its target is another input's: reported
        if target is not None and os.path.realpath(target) in inputs:
            run.attempt(_refuse, target)
            continue
        digests = read_digests(run, source.path, profile)
        if not digests:
            continue
        if len(digests) == 1:
            outputs: list[tuple[str | None, Digest]] = [(target, digests[0])]
        elif output is None:
            run.attempt(_book_needs_dir, source.path, len(digests))
            continue
        else:
            folder = Path(target).with_suffix("") if many and target else Path(output)
            outputs = list(zip(_day_names(folder, digests, extension), digests, strict=True))
        for out, digest in outputs:
            if out is not None and os.path.realpath(out) in inputs:
                run.attempt(_refuse, out)
            else:
                yield source.path, out, digest


def _write(run: Run, to: str, path: str, out: str | None, digest: Digest,
           template: str | None, nav: Nav = ()) -> None:
    from digestfmt.io import write_atomic

    if to == "json":
        _warn_if_invalid(path, digest)
    chunks = _render(digest, to, template, nav)  # made as they are written: errors too
    if out is None:
        run.attempt(_to_stdout, chunks)
    else:
        run.attempt(write_atomic, out, chunks)


def _to_stdout(chunks: Iterable[bytes]) -> None:
    """Standard output gets the output whole, or nothing when making it fails."""
    data = b"".join(chunks)
    sys.stdout.flush()
    sys.stdout.buffer.write(data)


def _site(run: Run, planned: list[tuple[str, str | None, Digest]], output: str,
          template: str | None) -> None:
    """The pages, each with links to its neighbours, its month and the index; then the
    index and the month pages."""
    from digestfmt import site
    from digestfmt.io import write_atomic

    where: dict[str, tuple[str, Digest]] = {}
    days = []
    for path, out, digest in planned:
        assert out is not None
        page = Path(os.path.relpath(out, output)).as_posix()
        where[page] = (path, digest)
        days.append(site.Day(page, digest.date.iso if digest.date else None,
                             digest.title, len(digest.cards), digest.profile.language))
    for day, nav in site.navs(days):
        path, digest = where[day.page]
        _write(run, "html", path, str(Path(output) / day.page), digest, template, nav)
    if days:
        run.attempt(write_atomic, str(Path(output) / site.INDEX), site.index_page(days))
        for page, text in site.month_pages(days):
            run.attempt(write_atomic, str(Path(output) / page), text)


def into_one(run: Run, to: str, found: list[Source], output: str | None,
             profile: Profile | None, show: bool, latest: int = 0) -> None:
    """Every input into one book or feed; with ``latest``, only the latest that many
    days (by date; undated digests count as the oldest). Nothing at all when any input
    fails, as pandoc does: a book or feed missing a day must not replace a whole one
    (README, "Failed inputs")."""
    from digestfmt.codecs import FORMATS, dump_chunks
    from digestfmt.io import write_atomic

    if output is None and FORMATS[to].binary:
        raise click.UsageError(_("--to {to} writes one file: give -o FILE").format(to=to))
    if output is not None and output != "-" and Path(output).is_dir():
        raise click.UsageError(_("--to {to} writes one file: -o names a file, not a directory")
                               .format(to=to))
    if output is not None and os.path.realpath(output) in {os.path.realpath(s.path)
                                                           for s in found}:
        run.attempt(_refuse, output)
        return
    digests: list[Digest] = []
    for source in progress(found, show):
        digests += read_digests(run, source.path, profile) or []
    if run.failed:
        return
    if latest and len(digests) > latest:
        dates = [d.date.iso if d.date else "" for d in digests]  # "": the oldest
        keep = set(sorted(range(len(digests)), key=lambda n: (dates[n], n))[-latest:])
        digests = [d for n, d in enumerate(digests) if n in keep]
    if not digests:
        return
    chunks = dump_chunks(digests, to)  # made as they are written: errors too
    if output is None or output == "-":
        run.attempt(_to_stdout, chunks)
    else:
        run.attempt(write_atomic, output, chunks)


def _render(digest: Digest, to: str, template: str | None, nav: Nav = ()) -> Iterator[bytes]:
    from digestfmt.codecs import dump_chunks

    if to == "html":
        from digestfmt.codecs import html

        return html.dump_chunks(digest, template, nav)
    return dump_chunks([digest], to)


def _warn_if_invalid(path: str, digest: Digest) -> None:
    """The JSON is written either way (it is lossless); a digest with defects gives
    JSON the schema rejects, and the author should hear so."""
    from digestfmt.codecs.json_ import to_dict
    from digestfmt.schema import more, validate

    problems = validate(to_dict(digest), limit=100)
    if problems:
        reason = _("the JSON form is not schema-valid at {pointer}: {problem}{more}; "
                   "`digestfmt lint` says what to fix").format(
            pointer=problems[0].json_pointer, problem=problems[0].message,
            more=more(problems, 100))
        click.echo(f"digestfmt: warning: {path}: {reason}", err=True)


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
    raise DigestError(path, _("holds {count} digests: give -o DIR for one file each").format(
        count=count))


def _refuse(target: str) -> None:
    raise DigestError(target, _("refusing to overwrite an input file"))
