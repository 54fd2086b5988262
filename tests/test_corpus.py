"""Real digests that no one on this project wrote (``../shared``), read end to end.

Every file of both publications' archives (``corpus/style-a``: intel in both eras;
``corpus/style-b``: the brief grammar, for 🤖 AI行业速递 and its sibling 🎮 游戏行业速递)
and the seeds goes through every invariant of spec §6.1 and §7.7: it loads, its JSON
form is schema-valid with all its cards, ``md(json(x)) == fmt(x)``, ``fmt`` is
idempotent, keeps the JSON form and keeps the CommonMark block structure, and lint
reports no structure or date error on it. ``corpus/others`` (third-party styles) is
not read here. The corpus sits beside the repository, not in it; the module is
skipped when it is absent. Nothing here is copied into the project.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from block_tree import block_tree
from real_files import CORPUS, PUBLICATIONS, SEEDS, SHARED, real_id

import digestfmt
from digestfmt.codecs.json_ import from_dict
from digestfmt.lint.config import Config
from digestfmt.lint.run import lint_bytes
from digestfmt.model import Digest, Source
from digestfmt.schema import validate

if not CORPUS.is_dir() or not SEEDS:
    pytest.skip(f"no real corpus at {SHARED}", allow_module_level=True)

# What shared/corpus/README.md says each seed is: (folder, path in that folder).
SEED_TWINS = {
    "000_7d5cb8a22450b080.txt": ("style-a", "output/2026-02-20/daily_report.md"),
    "002_85e1fd231a2c6fe6.txt": ("style-b", "ai/2026/02/20.md"),
}
BRIEF_SEED = SHARED / "seeds" / "002_85e1fd231a2c6fe6.txt"
LEGACY_UNTIL = "2026-02-02"  # style-a files up to this date come from the older prompt

# Intel cards that really have no sections (the generator wrote the summary only):
# (date, card number). Every other intel card has all three required sections.
SUMMARY_ONLY = {
    ("2026-02-04", 9),
    ("2026-02-05", 4), ("2026-02-05", 8),
    ("2026-02-06", 3),
    ("2026-02-07", 11),
    ("2026-02-08", 1), ("2026-02-08", 6), ("2026-02-08", 9), ("2026-02-08", 14),
    ("2026-02-08", 16),
    ("2026-02-11", 10), ("2026-02-11", 15),
    ("2026-02-12", 14), ("2026-02-12", 16),
    ("2026-02-13", 7),
    ("2026-02-18", 5), ("2026-02-18", 7),
}
# Cards holding a block the style does not describe: (date, card number) -> its text.
# 2026-02-08 #17: the generator leaked a line of its own prompt into the card.
EXTRAS = {("2026-02-08", 17): ["请按 Markdown 格式生成，允许适当篇幅以讲透技术细节："]}
# Labels the brief grammar does not define, by (publication, date): the game digest's
# first days wrote a 日期 line in every card's blockquote (lint: DF113).
UNKNOWN_LABELS = {("style-b/game", "2025-09-12"): {"日期"}}
# The true errors the linter reports on the archives, each a defect of the file:
# (publication, date, code). 2026-02-26: a link written `[t]((https://…))`.
TRUE_ERRORS = {("style-a", "2026-02-26", "DF301")}

_INTEL_CARD = re.compile(r"^### \S")
_BRIEF_CARD = re.compile(r"^## (?!其他相关资讯\s*$)\S")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
_URL = re.compile(r"https?://\S+")

FILES = PUBLICATIONS
IDS = [real_id(p) for p in FILES]


def _origin(path: Path) -> tuple[str, str]:
    """(publication: style-a, style-b/ai or style-b/game; ISO date from the path); a
    seed takes its corpus twin's."""
    if path.parent == SHARED / "seeds":
        folder, rel = SEED_TWINS[path.name]
        path = CORPUS / folder / rel
    parts = path.relative_to(CORPUS).parts
    if parts[0] == "style-a":
        return "style-a", parts[2]
    return f"style-b/{parts[1]}", f"{parts[2]}-{parts[3]}-{Path(parts[4]).stem}"


# Parsing and validating are the slow steps; each text is parsed once (so a file
# that is already canonical is not parsed again as its own fmt output).
@cache
def _text(path: Path) -> str:
    return path.read_text("utf-8")


@cache
def _parse(text: str) -> Digest:
    return digestfmt.loads(text)


def _digest(path: Path) -> Digest:
    return _parse(_text(path))


def _fmt(path: Path) -> str:
    return digestfmt.dumps(_digest(path))


def test_corpus_is_there() -> None:
    publications = [_origin(p)[0] for p in FILES]
    for publication in ("style-a", "style-b/ai", "style-b/game"):
        assert publications.count(publication) >= 20, publication
    assert set(SEED_TWINS) == {p.name for p in SEEDS}


@pytest.mark.parametrize("seed", sorted(SEED_TWINS))
def test_seed_is_its_corpus_file(seed: str) -> None:
    folder, rel = SEED_TWINS[seed]
    assert (SHARED / "seeds" / seed).read_bytes() == (CORPUS / folder / rel).read_bytes()


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_style_is_detected(path: Path) -> None:
    publication, date = _origin(path)
    expected = "brief" if publication.startswith("style-b") else \
        "intel-legacy" if date <= LEGACY_UNTIL else "intel"
    assert _digest(path).style == expected


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_header_gives_the_path_date_and_the_publication(path: Path) -> None:
    digest = _digest(path)
    assert digest.date is not None and digest.date.as_date() is not None
    assert digest.date.iso == _origin(path)[1]
    # The title is the header's text before the separator and the date, whatever it is.
    header = _text(path).split("\n", 1)[0]
    assert header.startswith(f"# {digest.title} ")
    assert header.endswith(digest.date.raw) and digest.date.raw not in digest.title


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_card_heading_is_a_card(path: Path) -> None:
    pattern = _INTEL_CARD if _origin(path)[0] == "style-a" else _BRIEF_CARD
    headings = [line for line in _text(path).split("\n") if pattern.match(line)]
    cards = _digest(path).cards
    assert len(cards) == len(headings)
    assert [c.heading_raw for c in cards] == headings


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_required_fields_are_present_and_well_formed(path: Path) -> None:
    digest = _digest(path)
    day = digest.date.iso if digest.date else ""
    unknown = UNKNOWN_LABELS.get((_origin(path)[0], day), set())
    for index, card in enumerate(digest.cards, 1):
        where = f"card {index}: {card.title}"
        assert {f.label for f in card.fields if f.key is None} == unknown, where
        keys = [f.key for f in card.fields if f.key is not None]
        assert sorted(keys) == sorted(digest.profile.fields), where  # each once
        assert all(f.well_formed for f in card.fields), where
        value = {f.key: f.value for f in card.fields}
        if digest.style == "brief":
            assert card.number is None
            assert value["category"], where
            sources = value["source"]
            assert isinstance(sources, list) and sources, where
            assert all(isinstance(s, Source) and s.name for s in sources), where
            assert all(s.url is None or s.url.startswith("https://")
                       for s in sources if isinstance(s, Source)), where
        else:
            assert card.number == index, where
            assert isinstance(value["rating"], int) and 1 <= value["rating"] <= 5, where
            assert isinstance(value["tags"], list) and value["tags"], where
            time = str(value["time"])
            assert _TIME.fullmatch(time) and time[:10] == day, where
            assert _URL.fullmatch(str(value["link"])), where
            assert value["source"] and value["summary"], where
            assert (card.org is not None) == (digest.style == "intel"), where


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_required_sections_except_known_summary_only_cards(path: Path) -> None:
    digest = _digest(path)
    day = digest.date.iso if digest.date else ""
    required = digest.profile.required_sections
    for index, card in enumerate(digest.cards, 1):
        keys = [s.key for s in card.sections]
        if digest.style == "intel" and (day, index) in SUMMARY_ONLY:
            assert card.sections == (), f"card {index} is known to be summary-only"
        else:
            assert set(required) <= set(keys), f"card {index}: {card.title}"
        if digest.style == "intel-legacy":
            assert card.sections == ()
        if digest.style == "brief":  # each once, every body read, no lead-in a field
            assert keys == ["insight", "overview"], f"card {index}: {card.title}"
            assert all(s.body.text for s in card.sections), f"card {index}: {card.title}"


def test_summary_only_cards_are_all_in_the_corpus() -> None:
    dates = {_origin(p)[1] for p in FILES if _origin(p)[0] == "style-a"}
    assert {date for date, _ in SUMMARY_ONLY} <= dates


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_unrecognised_blocks_are_only_the_known_ones(path: Path) -> None:
    digest = _digest(path)
    day = digest.date.iso if digest.date else ""
    found = {(day, i): [e.body.text for e in card.extras]
             for i, card in enumerate(digest.cards, 1) if card.extras}
    expected = EXTRAS if _origin(path)[0] == "style-a" else {}
    assert found == {k: v for k, v in expected.items() if k[0] == day}
    assert digest.preamble is None
    if _origin(path)[0] == "style-a":
        assert digest.intro is not None and digest.intro.text == "## 📊 今日情报"
    else:
        assert digest.intro is None


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_json_form_is_schema_valid_with_every_card(path: Path) -> None:
    document = json.loads(digestfmt.dumps(_digest(path), to="json"))
    problems = validate(document)
    assert problems == [], [(p.json_pointer, p.message) for p in problems[:5]]
    assert len(document["cards"]) == len(_digest(path).cards)
    assert document["title"] == _digest(path).title


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_markdown_of_json_is_fmt(path: Path) -> None:
    # from_dict: the JSON is schema-checked above; digestfmt.loads would check it again.
    from_json = from_dict(json.loads(digestfmt.dumps(_digest(path), to="json")))
    assert digestfmt.dumps(from_json) == _fmt(path)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_fmt_is_idempotent(path: Path) -> None:
    assert digestfmt.dumps(_parse(_fmt(path))) == _fmt(path)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_fmt_keeps_the_json_form(path: Path) -> None:
    before = digestfmt.dumps(_digest(path), to="json")
    assert digestfmt.dumps(_parse(_fmt(path)), to="json") == before


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_fmt_keeps_what_a_reader_sees(path: Path) -> None:
    """Spec §6.1: the CommonMark block structure of fmt(x) is that of x."""
    assert block_tree(_fmt(path)) == block_tree(_text(path))


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_lint_reports_no_false_structure_or_date_error(path: Path) -> None:
    result = lint_bytes(_text(path).encode("utf-8"), str(path), Config())
    publication, day = _origin(path)
    errors = {(publication, day, f.code) for f in result.findings if f.severity == "error"}
    assert errors == {e for e in TRUE_ERRORS if e[:2] == (publication, day)}


def test_brief_seed_is_canonical() -> None:
    assert _fmt(BRIEF_SEED) == _text(BRIEF_SEED)


@pytest.mark.parametrize("path", [p for p in FILES if _origin(p)[0].startswith("style-b")],
                         ids=[i for p, i in zip(FILES, IDS, strict=True)
                              if _origin(p)[0].startswith("style-b")])
def test_brief_generator_output_is_canonical(path: Path) -> None:
    """The brief profile's canonical form is what its generator writes, in every era
    (several-paragraph insights with bold lead-ins, 内容简介 continuing them)."""
    assert _fmt(path) == _text(path)
