"""digestfmt benchmark: throughput over a synthetic archive, as ratios to a floor.

    python bench/run.py [--files N] [--quick] [--repeat N] [--only NAME] [--out DIR]
                        [--cprofile [N]] [--real DIR]

Builds a deterministic archive of digests from the project's own samples
(``samples/intel/2026-03-02/daily_report.md`` and ``samples/brief/2026/03/02.md``),
reads every file into memory, then times each row of ``BENCHES`` over the whole
archive (best of ``--repeat`` wall times, on one core unless the row asks for
more). Throughput is reported against the floor, markdown-it-py's own full
CommonMark parse, measured in the same run: absolute seconds depend on the
machine, the ratio much less so. Nothing here asserts a time; see README.md.

``--real DIR`` runs the rows that need no generated layout (parse, lint and their
peers) over copies of the real digests under DIR instead.

To add a row, append a ``Bench`` to ``BENCHES``: a name, a callable over the
loaded ``Archive``, and optionally a core count and an availability check.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import hashlib
import io
import itertools
import os
import pstats
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import lint_rows  # bench/lint_rows.py: digestfmt lint and markdownlint-cli2
import peers  # bench/peers.py: the pandoc rows (python puts bench/ on sys.path)
from markdown_it import MarkdownIt

from digestfmt.codecs import json_
from digestfmt.parse import parse_bytes
from digestfmt.schema import validate

REPO = Path(__file__).resolve().parent.parent
SAMPLES = (  # (style, path under the samples root, the sample's date)
    ("intel", "intel/2026-03-02/daily_report.md", dt.date(2026, 3, 2)),
    ("brief", "brief/2026/03/02.md", dt.date(2026, 3, 2)),
)
SEED = 20260302
MIN_CARDS, MAX_CARDS = 5, 40


# -- the synthetic archive ---------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A sample split at its card headings: head, cards (verbatim), tail."""

    style: str
    head: str  # header and intro, up to the first card
    cards: tuple[str, ...]  # each from its heading to just before the next card
    tail: str  # the trailing news list (brief style), or ""
    sample_date: dt.date


def split_sample(style: str, text: str, sample_date: dt.date) -> Template:
    """Cut a sample at its top-level card headings, as the style's profile defines them."""
    profile = parse_bytes(text.encode("utf-8")).profile
    if profile.name != style:
        raise SystemExit(f"bench: the {style} sample parses as style {profile.name!r}")
    lines = text.split("\n")
    card_starts: list[int] = []
    tail_start = len(lines)
    for token in MarkdownIt("commonmark", {"html": True}).enable("table").parse(text):
        if token.type != "heading_open" or token.level != 0 or token.map is None:
            continue
        line = token.map[0]
        content = lines[line].lstrip("#").strip()
        if profile.related_heading and content == profile.related_heading \
                and int(token.tag[1]) == profile.related_level:
            tail_start = line
            break
        if int(token.tag[1]) == profile.card_level:
            card_starts.append(line)
    if not card_starts:
        raise SystemExit(f"bench: the {style} sample has no cards")

    def chunk(start: int, stop: int) -> str:
        return "\n".join(lines[start:stop]).strip("\n")

    bounds = [*card_starts, tail_start]
    return Template(
        style=style,
        head=chunk(0, card_starts[0]),
        cards=tuple(chunk(a, b) for a, b in itertools.pairwise(bounds)),
        tail=chunk(tail_start, len(lines)),
        sample_date=sample_date,
    )


_ISO_LIKE = re.compile(r"\b(20\d\d)([-/.])(\d{1,2})\2(\d{1,2})\b")
_CJK_DATE = re.compile(r"(20\d\d)(\s*年\s*)(\d{1,2})(\s*月\s*)(\d{1,2})(\s*日)")
_CARD_NUMBER = re.compile(r"^(#+[ \t]+)\d+\.")
_RATING_LINE = re.compile(r"^.*\*\*价值.*$", re.M)


def shift_dates(text: str, delta: dt.timedelta) -> str:
    """Move every date written in the text by ``delta``, keeping how it is written."""

    def moved(year: str, month: str, day: str) -> tuple[str, str, str] | None:
        try:
            new = dt.date(int(year), int(month), int(day)) + delta
        except ValueError:
            return None
        return (f"{new.year:04d}", f"{new.month:0{len(month)}d}", f"{new.day:0{len(day)}d}")

    def iso(m: re.Match[str]) -> str:
        new = moved(m[1], m[3], m[4])
        return m[0] if new is None else f"{new[0]}{m[2]}{new[1]}{m[2]}{new[2]}"

    def cjk(m: re.Match[str]) -> str:
        new = moved(m[1], m[3], m[5])
        return m[0] if new is None else f"{new[0]}{m[2]}{new[1]}{m[4]}{new[2]}{m[6]}"

    return _CJK_DATE.sub(cjk, _ISO_LIKE.sub(iso, text))


def _rating(card: str) -> int:
    m = _RATING_LINE.search(card)
    return m[0].count("\U0001F31F") if m else 0


def make_digest(template: Template, date: dt.date, n_cards: int, rng: random.Random) -> str:
    """One digest of ``n_cards`` cards drawn from the sample's, dated ``date``."""
    pool: list[str] = []
    while len(pool) < n_cards:
        batch = list(template.cards)
        rng.shuffle(batch)
        pool += batch
    cards = pool[:n_cards]
    if template.style == "intel":  # the generator writes cards by rating, numbered 1..N
        cards.sort(key=_rating, reverse=True)
        cards = [_CARD_NUMBER.sub(rf"\g<1>{i}.", c, count=1) for i, c in enumerate(cards, 1)]
    parts = [template.head, *cards, template.tail]
    text = "\n\n".join(p for p in parts if p) + "\n"
    return shift_dates(text, date - template.sample_date)


def archive_path(style: str, date: dt.date) -> str:
    if style == "intel":
        return f"intel/{date:%Y-%m-%d}/daily_report.md"
    return f"brief/{date:%Y/%m/%d}.md"


def generate(templates: dict[str, Template], n_files: int, root: Path,
             seed: int) -> dict[str, int]:
    """Write ``n_files`` digests under ``root``, styles alternating: {path: cards}."""
    rng = random.Random(seed)
    styles = [t for t in ("intel", "brief") if t in templates]
    dates = {s: templates[s].sample_date for s in styles}
    made: dict[str, int] = {}
    for index in range(n_files):
        style = styles[index % len(styles)]
        # Walk back in time from the sample's date, skipping a day now and then.
        dates[style] -= dt.timedelta(days=1 + (rng.random() < 0.1))
        n_cards = rng.randint(MIN_CARDS, MAX_CARDS)
        path = archive_path(style, dates[style])
        made[path] = n_cards
        text = make_digest(templates[style], dates[style], n_cards, rng)
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(text.encode("utf-8"))
    return made


def load_templates(samples_root: Path, wait: float) -> dict[str, Template]:
    """The samples, split; waits up to ``wait`` seconds for them to appear."""
    deadline = time.monotonic() + wait
    paths = [samples_root / rel for _, rel, _ in SAMPLES]
    while missing := [p for p in paths if not p.is_file()]:
        if time.monotonic() >= deadline:
            raise SystemExit("bench: missing samples: " + ", ".join(map(str, missing)))
        print(f"bench: waiting for {', '.join(map(str, missing))} ...", file=sys.stderr)
        time.sleep(min(30.0, max(0.0, deadline - time.monotonic())))
    return {
        style: split_sample(style, (samples_root / rel).read_text("utf-8"), date)
        for style, rel, date in SAMPLES
    }


# -- the archive in memory ---------------------------------------------------


@dataclass
class Archive:
    root: Path
    paths: list[str]  # relative to root, sorted
    data: list[bytes]  # each file's bytes, in the order of ``paths``
    texts: list[str] = field(default_factory=list)  # decoded, for rows that take text
    cards: dict[str, int] = field(default_factory=dict)  # path -> cards it was made with

    @property
    def size(self) -> int:
        return sum(len(d) for d in self.data)

    def subset(self, paths: list[str], root: Path | None = None) -> Archive:
        """Some of the files (read again from ``root``, if another root is given)."""
        base = root or self.root
        data = [(base / p).read_bytes() for p in paths]
        return Archive(base, paths, data, [d.decode("utf-8") for d in data],
                       {p: self.cards[p] for p in paths if p in self.cards})

    @classmethod
    def read(cls, root: Path, cards: dict[str, int]) -> Archive:
        paths = sorted(str(p.relative_to(root)) for p in root.rglob("*.md"))
        data = [(root / p).read_bytes() for p in paths]
        return cls(root, paths, data, [d.decode("utf-8") for d in data], cards)


def check(archive: Archive, every: int = 10) -> None:
    """Untimed, on every ``every``-th file: it parses as its style, has the cards it
    was made with, and converts to schema-valid JSON. (The md -> json row checks
    validity of every file as it goes.)"""
    if set(archive.paths) != set(archive.cards):
        raise SystemExit("bench: the archive directory holds files the generator did not make")
    for path, data in list(zip(archive.paths, archive.data, strict=True))[::every]:
        digest = parse_bytes(data, path=path)
        problems = [
            f"style {digest.profile.name}" if not path.startswith(digest.profile.name + "/")
            else "",
            f"{len(digest.cards)} cards, made with {archive.cards[path]}"
            if len(digest.cards) != archive.cards[path] else "",
            "not schema-valid" if validate(json_.to_dict(digest)) else "",
        ]
        if any(problems):
            raise SystemExit(f"bench: {path}: " + "; ".join(p for p in problems if p))


# -- the rows ----------------------------------------------------------------


def bench_read(a: Archive) -> None:
    """Reading and decoding every file (warm page cache): the I/O left out of other rows."""
    for path in a.paths:
        (a.root / path).read_bytes().decode("utf-8")


def bench_floor(a: Archive) -> None:
    md = MarkdownIt("commonmark")
    for text in a.texts:
        md.parse(text)


def bench_parse(a: Archive) -> None:
    for path, data in zip(a.paths, a.data, strict=True):
        parse_bytes(data, path=path)


def bench_md_to_json(a: Archive) -> None:
    for path, data in zip(a.paths, a.data, strict=True):
        digest = parse_bytes(data, path=path)
        json_.dumps(digest)
        if validate(json_.to_dict(digest)):
            raise AssertionError(f"{path}: not schema-valid")


@dataclass(frozen=True)
class Bench:
    name: str
    run: Callable[[Archive], object]
    cores: int = 1  # CPUs the row may use (the process is pinned to that many)
    available: Callable[[], str | None] = lambda: None  # a reason to skip, or None
    files: Callable[[Archive], Archive] | None = None  # the files it works on (default: all)
    # the rows it is compared with, time to time, over the same files, each with the time
    # ratio to stay at or under (or None)
    peers: tuple[tuple[str, float | None], ...] = ()
    real: bool = False  # runs with --real too (it needs no file layout of the generator's)


def _peer_files(pick: Callable[[Archive], Archive]) -> Callable[[Archive], Archive]:
    """``pick``, made once per archive, so that a row and its peer share the files."""
    made: dict[int, tuple[Archive, Archive]] = {}

    def files(a: Archive) -> Archive:
        if id(a) not in made:
            made[id(a)] = (a, pick(a))  # holding ``a`` keeps its id from being reused
        return made[id(a)][1]

    return files


def _unique(name: str, choose: Callable[[list[str]], list[str]]) -> Callable[[Archive], Archive]:
    def pick(a: Archive) -> Archive:
        root, paths = peers.unique_copies(a.root, choose(a.paths), name)
        return a.subset(paths, root)

    return _peer_files(pick)


HTML_FILES = _unique("html", lambda paths: peers.spread(paths, peers.HTML_FILES))
BOOK_FILES = _unique("book", lambda paths: peers.month(paths, peers.BOOK_FILES))
PANDOC_HTML = f"pandoc md -> html, {peers.HTML_FILES} processes"
PANDOC_EPUB = f"pandoc md -> epub, {peers.BOOK_FILES} files"


def _first_file(a: Archive) -> Archive:
    """One digest (for whole-process rows), its bytecode warmed by an untimed run."""
    one = a.subset(a.paths[:1])
    lint_rows.warm_bytecode(one)
    return one


def _cache_filled(a: Archive) -> Archive:
    lint_rows.fill_cache(a)
    return a


LINT_1 = "lint, 1 job"
MDL_ARCHIVE = "markdownlint-cli2, archive"
RUMDL_ARCHIVE = "rumdl, archive"
MDL_SINGLE = f"markdownlint-cli2: 1 file, whole process x{lint_rows.SINGLE_RUNS}"
FLOOR = "floor: markdown-it parse"
BENCHES: list[Bench] = [
    Bench(FLOOR, bench_floor, real=True),
    Bench("read + decode (disk)", bench_read, real=True),
    Bench("parse-to-model", bench_parse, real=True),
    Bench("md -> json (+ validate)", bench_md_to_json, real=True),
    Bench(f"md -> html, {peers.HTML_FILES} digests", peers.md_to_html, files=HTML_FILES,
          peers=((PANDOC_HTML, 0.05),)),  # issue 15 (issue 6: 0.15)
    Bench(PANDOC_HTML, peers.pandoc_html, files=HTML_FILES, available=peers.pandoc_missing),
    Bench(f"md -> epub, {peers.BOOK_FILES}-digest book", peers.md_to_epub, files=BOOK_FILES,
          peers=((PANDOC_EPUB, 0.1),)),  # issue 15 (issue 6: 0.25)
    Bench(PANDOC_EPUB, peers.pandoc_epub, files=BOOK_FILES, available=peers.pandoc_missing),
    Bench(LINT_1, lint_rows.lint_one_job, real=True,  # issue 15: 5x the floor; issue 6
          peers=((FLOOR, 0.2), (MDL_ARCHIVE, 0.125))),
    Bench("lint, --jobs 2", lint_rows.lint_two_jobs, cores=2,
          peers=((LINT_1, 1 / 1.9), (RUMDL_ARCHIVE, 1.0)), real=True),
    Bench("lint, warm cache", lint_rows.lint_warm_cache, files=_cache_filled,
          peers=((LINT_1, 1 / 50),), real=True),
    Bench(MDL_ARCHIVE, lint_rows.markdownlint_archive, available=lint_rows.markdownlint_missing,
          real=True),
    Bench(RUMDL_ARCHIVE, lint_rows.rumdl_archive, cores=2, available=lint_rows.rumdl_missing,
          real=True),
    Bench(f"pre-commit lint: 1 file, whole process x{lint_rows.SINGLE_RUNS}",
          lint_rows.single_file, files=_first_file, real=True,
          peers=((MDL_SINGLE, 0.2),)),  # issue 15 (issue 6: 0.25)
    Bench(MDL_SINGLE, lint_rows.markdownlint_single, files=_first_file,
          available=lint_rows.markdownlint_missing, real=True),
]


@dataclass(frozen=True)
class Result:
    name: str
    seconds: float  # best of the repeats
    spread: float  # worst / best - 1: how noisy the repeats were
    files: int = 0  # files the row worked on
    size: int = 0  # their bytes


@contextmanager
def pinned(cores: int) -> Iterator[None]:
    """Restrict the process to ``cores`` CPUs (Linux), restoring the mask afterwards."""
    if not hasattr(os, "sched_getaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, sorted(before)[:cores])
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def time_once(bench: Bench, archive: Archive) -> float:
    with pinned(bench.cores):
        gc.collect()
        start = time.perf_counter()
        bench.run(archive)
        return time.perf_counter() - start


def measure(benches: list[Bench], archive: Archive, repeat: int) -> list[Result]:
    """Best of ``repeat`` per row, the rows taking turns (round-robin), so a burst of
    load from other processes hits every row alike rather than one row's repeats."""
    times: dict[str, list[float]] = {b.name: [] for b in benches}
    inputs = {b.name: b.files(archive) if b.files else archive for b in benches}
    for run in range(1, repeat + 1):
        for bench in benches:
            times[bench.name].append(time_once(bench, inputs[bench.name]))
            print(f"  run {run}/{repeat}  {bench.name}: {times[bench.name][-1]:.3f} s",
                  file=sys.stderr, flush=True)
    return [Result(name, min(ts), max(ts) / min(ts) - 1, len(inputs[name].data),
                   inputs[name].size) for name, ts in times.items()]


def table(results: list[Result], archive: Archive) -> str:
    floor = next((r for r in results if r.name == FLOOR), None)
    width = max(len(r.name) for r in results)
    rows = [f"{'row':<{width}}  {'total s':>8}  {'files/s':>8}  {'MB/s':>7}  {'vs floor':>8}"
            f"  {'spread':>6}",
            "-" * (width + 49)]
    for r in results:
        files, mb = (r.files, r.size / 1e6) if r.files else (len(archive.data), archive.size / 1e6)
        # Throughput in MB/s against the floor's: for a row over the whole archive this is
        # floor time / row time; for a row over some of the files it weighs their size.
        ratio = f"{(mb / r.seconds) / (floor.size / 1e6 / floor.seconds):7.2f}x" \
            if floor and floor.size else "       -"
        rows.append(f"{r.name:<{width}}  {r.seconds:8.3f}  {files / r.seconds:8.0f}  "
                    f"{mb / r.seconds:7.2f}  {ratio:>8}  {r.spread:6.0%}")
    return "\n".join(rows)


def peer_table(results: list[Result]) -> str:
    """Each row that has a peer: its time over the peer's, on the same files."""
    by_name = {r.name: r for r in results}
    lines = []
    for bench, (peer, target) in ((b, p) for b in BENCHES for p in b.peers):
        ours = by_name.get(bench.name)
        if ours is None:
            continue
        theirs = by_name.get(peer)
        if theirs is None:
            lines.append(f"  {bench.name}: no ratio, the row {peer!r} did not run")
            continue
        ratio = ours.seconds / theirs.seconds
        goal = "" if target is None else \
            f"; target <= {target:.2f}x: {'met' if ratio <= target else 'NOT met'}"
        lines.append(f"  {bench.name} / {peer}: {ours.seconds:.3f} s / "
                     f"{theirs.seconds:.3f} s = {ratio:.3f}x (the peer takes {1 / ratio:.1f}x "
                     f"as long){goal}")
    if not lines:
        return ""
    return "\n".join(["time ratios to peers (digestfmt's time / the peer's, same files, same "
                      "run; lower is better):", *lines])


def profile_parse(archive: Archive, n_files: int, top: int = 10) -> str:
    """cProfile of parse-to-model over the first ``n_files`` files, by cumulative time."""
    subset = Archive(archive.root, archive.paths[:n_files], archive.data[:n_files])
    bench_parse(subset)  # warm caches (parser, profiles) so they do not dominate
    profiler = cProfile.Profile()
    profiler.runcall(bench_parse, subset)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def source_fingerprint() -> str:
    """A short hash of the digestfmt sources this run imported, to tell runs apart."""
    package = Path(sys.modules["digestfmt"].__file__ or "").parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def peak_rss_mib() -> float:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kib / 1024


def generated(args: argparse.Namespace, n_files: int, root: Path) -> Archive:
    """The synthetic archive, written under ``root``, read back and checked."""
    templates = load_templates(args.samples, args.wait)
    cards = generate(templates, n_files, root, args.seed)
    archive = Archive.read(root, cards)
    check(archive)
    per_style = {s: sum(p.startswith(s + "/") for p in archive.paths) for s in templates}
    print(f"archive: {len(archive.data)} files "
          f"({', '.join(f'{n} {s}' for s, n in per_style.items())}), "
          f"{archive.size / 1e6:.1f} MB, {sum(cards.values())} cards "
          f"({MIN_CARDS}-{MAX_CARDS} a file), seed {args.seed}"
          + (f", at {root}" if args.out else ""))
    return archive


def copy_real(folders: list[Path], root: Path) -> None:
    """Every .md file under each of ``folders``, copied to ``root``/<folder's name>/: the
    rows and their peers read one folder, and never touch the originals."""
    for folder in folders:
        found = sorted(folder.rglob("*.md")) if folder.is_dir() else []
        if not found:
            raise SystemExit(f"bench: --real {folder}: no .md files there")
        for path in found:
            target = root / folder.resolve().name / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


# -- main --------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--files", type=int, help="digests in the archive (default 2000; "
                        "200 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 200 files, best of 1")
    parser.add_argument("--repeat", type=int, help="timed runs per row; the best counts "
                        "(default 3; 1 with --quick)")
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="run only rows whose name contains TEXT (repeatable); "
                        "the floor always runs")
    parser.add_argument("--out", type=Path, metavar="DIR", help="write the archive to DIR "
                        "and keep it (e.g. bench/out/archive); default: a temporary directory")
    parser.add_argument("--samples", type=Path, default=REPO / "samples", metavar="DIR",
                        help="where the two samples are (default: samples/)")
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                        help="wait this long for the samples to appear (default: 0)")
    parser.add_argument("--real", action="append", type=Path, metavar="DIR",
                        help="instead of the generated archive, copies of every .md file "
                        "under DIR (repeatable), e.g. ../shared/corpus/style-a; only the rows "
                        "that need no generated layout run (parse, lint and their peers)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cprofile", type=int, nargs="?", const=200, metavar="N",
                        help="also print a cProfile of parse-to-model over N files (200)")
    args = parser.parse_args(argv)
    if args.real and args.out:
        parser.error("--out keeps a generated archive; --real copies its files to a "
                     "temporary folder")
    n_files = args.files or (200 if args.quick else 2000)
    repeat = args.repeat or (1 if args.quick else 3)

    temp = None
    if args.out:
        root: Path = args.out
        if root.exists():  # replace an earlier archive, and nothing else
            if not {p.name for p in root.iterdir()} <= {"intel", "brief"}:
                raise SystemExit(f"bench: {root} holds more than an archive; not overwriting")
            shutil.rmtree(root)
    else:
        temp = tempfile.TemporaryDirectory(prefix="digestfmt-bench-")
        root = Path(temp.name)
    try:
        if args.real:
            copy_real(args.real, root)
            archive = Archive.read(root, {})
            print(f"archive: {len(archive.data)} real files from "
                  f"{', '.join(map(str, args.real))}, {archive.size / 1e6:.1f} MB "
                  "(copied to a temporary folder)")
        else:
            archive = generated(args, n_files, root)
        print(f"each row: best of {repeat} wall time(s) over the whole archive, files "
              f"already in memory; digestfmt sources {source_fingerprint()}, python "
              f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load_average()}")
        chosen = []
        for bench in BENCHES:
            if args.only and bench.name != FLOOR \
                    and not any(text in bench.name for text in args.only):
                continue
            if args.real and not bench.real:
                continue
            if reason := bench.available():
                print(f"skipped {bench.name}: {reason}")
                continue
            chosen.append(bench)
        if any(b.available is lint_rows.markdownlint_missing for b in chosen):
            print(f"peer: markdownlint-cli2 {lint_rows.markdownlint_version()} (npm, "
                  "bench/.tools), default rules, one core like every row")
        if any(b.available is lint_rows.rumdl_missing for b in chosen):
            print(f"peer: {lint_rows.rumdl_version()} (pip, bench/.tools/rumdl), default "
                  "rules, on two cores like `lint, --jobs 2`")
        if any(b.available is peers.pandoc_missing for b in chosen):
            print(f"peer: {peers.pandoc_version()}, one core like every row")
        results = measure(chosen, archive, repeat)
        print()
        print(table(results, archive))
        if peer_lines := peer_table(results):
            print()
            print(peer_lines)
        print()
        print(f"peak RSS: {peak_rss_mib():.0f} MiB (whole process, archive held in memory "
              f"twice: bytes and text); load average at the end {load_average()}")
        if any(b.run is lint_rows.lint_one_job for b in chosen):
            print(f"peak RSS of `digestfmt lint --jobs 1 --no-cache` as its own process: "
                  f"{lint_rows.peak_rss(archive)}")
        if args.cprofile:
            print()
            print(profile_parse(archive, args.cprofile))
    finally:
        lint_rows.cleanup()
        if temp is not None:
            temp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
