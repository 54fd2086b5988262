"""The sample digests in ``samples/``: what the README's first command runs on and what
the benchmark multiplies, so they must be canonical, valid and complete."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

import digestfmt
from digestfmt.model import Card, Digest, Source
from digestfmt.schema import validate

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
INTEL = SAMPLES / "intel" / "2026-03-02" / "daily_report.md"
BRIEF = SAMPLES / "brief" / "2026" / "03" / "02.md"
ALL = [INTEL, BRIEF]

_URL = re.compile(r"https?://[^\s)>\]]+")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|spm|scene|chksm|mc_cid|mc_eid|from|share\w*)$")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from digestfmt.cli import main; main()", *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )


def _path_date(path: Path) -> str:
    rel = path.relative_to(SAMPLES).parts
    return rel[1] if rel[0] == "intel" else f"{rel[1]}-{rel[2]}-{Path(rel[3]).stem}"


def _value(card: Card, key: str) -> Any:
    found = card.field(key)
    assert found is not None, f"{card.title}: no {key}"
    return found.value


def test_samples_are_the_two_digests() -> None:
    assert sorted(p for p in SAMPLES.rglob("*") if p.is_file()) == sorted(ALL)


def test_fmt_check_passes_on_samples_dir() -> None:
    result = _cli("fmt", "--check", "samples/")
    assert result.returncode == 0, result.stderr
    assert f"0 file(s) would be reformatted, {len(ALL)} left unchanged" in result.stderr


def test_converted_json_validates_with_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "json"
    assert _cli("convert", "samples/", "--to", "json", "-o", str(out)).returncode == 0
    written = sorted(out.rglob("*.json"))
    assert len(written) == 2
    result = _cli("validate", *map(str, written))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.relative_to(SAMPLES).parts[0])
def test_sample_is_canonical_and_valid(path: Path) -> None:
    text = path.read_text("utf-8")
    digest = digestfmt.loads(text)
    assert digestfmt.dumps(digest) == text
    document = json.loads(digestfmt.dumps(digest, to="json"))
    assert validate(document) == []
    assert digestfmt.dumps(digestfmt.loads(json.dumps(document))) == text


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.relative_to(SAMPLES).parts[0])
def test_header_date_is_the_path_date(path: Path) -> None:
    digest = digestfmt.load(path)
    assert digest.date is not None
    assert digest.date.iso == _path_date(path)
    assert digest.date.format == digest.profile.date_format


def _well_formed_fields(digest: Digest) -> None:
    for card in digest.cards:
        assert [f.key for f in card.fields if f.key] == list(digest.profile.fields), card.title
        assert all(f.key is not None for f in card.fields), "no unknown labels"
        assert all(f.well_formed for f in card.fields), card.title
        assert not card.extras and card.separator, card.title


def test_intel_sample() -> None:
    digest = digestfmt.load(INTEL)
    assert digest.style == "intel"
    assert digest.intro is not None and digest.intro.text == "## 📊 今日情报"
    cards = digest.cards
    assert 4 <= len(cards) <= 5
    assert [c.number for c in cards] == list(range(1, len(cards) + 1))
    _well_formed_fields(digest)
    ratings = [_value(c, "rating") for c in cards]
    assert all(isinstance(r, int) and 1 <= r <= 5 for r in ratings)
    assert ratings == sorted(ratings, reverse=True)
    assert len(set(ratings)) > 1
    day = dt.date.fromisoformat(_path_date(INTEL))
    for card in cards:
        assert card.org, card.title
        time = dt.datetime.strptime(_value(card, "time"), "%Y-%m-%d %H:%M")
        assert time.date() == day
        assert _value(card, "tags"), card.title
        assert [s.key for s in card.sections[:3]] == ["tech", "data", "insight"]
        canonical = {s.key: s.heading for s in digest.profile.sections}
        assert all(s.heading == canonical[s.key] for s in card.sections)
    with_resources = [c for c in cards if c.section("resources")]
    assert 0 < len(with_resources) < len(cards)


def test_intel_sample_uses_the_markdown_an_archive_has() -> None:
    bodies = "\n\n".join(s.body.text for c in digestfmt.load(INTEL).cards for s in c.sections)
    assert re.search(r"^\| --- \|", bodies, re.M), "a table"
    assert re.search(r"^- .*\n  - ", bodies, re.M), "a nested list"
    assert re.search(r"^1\. ", bodies, re.M), "an ordered list"
    assert re.search(r"\*\*[^*\n]+\*\*", bodies), "bold"
    assert re.search(r"`[^`\n]+`", bodies), "inline code"
    assert re.search(r"\]\(https://[^)\s]+\?[^)\s]+\)", bodies), "a link with a query string"


def test_brief_sample() -> None:
    digest = digestfmt.load(BRIEF)
    assert digest.style == "brief"
    cards = digest.cards
    assert 4 <= len(cards) <= 5
    _well_formed_fields(digest)
    for card in cards:
        assert card.number is None and card.org is None
        assert [s.key for s in card.sections] == ["insight", "overview"]
        assert card.sections[1].body.text.startswith("- ")
        sources = _value(card, "source")
        assert isinstance(sources, list)
        assert all(isinstance(s, Source) and s.url for s in sources), card.title
    assert max(len(_value(c, "source")) for c in cards) >= 2
    # The later era's insight: paragraphs with bold lead-ins, all of it body text.
    assert any(c.sections[0].body.text.count("\n\n**") >= 2 for c in cards)
    assert digest.related is not None and digest.related.items
    assert digest.related.heading == "其他相关资讯"


def _urls(digest: Digest) -> list[list[str]]:
    """Every URL, grouped by card; the related list is one more group."""
    groups = []
    for card in digest.cards:
        urls = []
        for f in card.fields:
            if isinstance(f.value, list):
                urls += [s.url for s in f.value if isinstance(s, Source) and s.url]
            else:
                urls += _URL.findall(str(f.value))
        for s in card.sections:
            urls += _URL.findall(s.body.text)
        groups.append(urls)
    if digest.related and digest.related.items:
        groups.append([i.url for i in digest.related.items])
    return groups


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.relative_to(SAMPLES).parts[0])
def test_links_are_https_untracked_and_unique(path: Path) -> None:
    digest = digestfmt.load(path)
    groups = _urls(digest)
    urls = [u for g in groups for u in g]
    assert len(urls) >= len(digest.cards)
    # Every URL in the text is one the model found (none hides in a malformed value).
    assert sorted(urls) == sorted(_URL.findall(path.read_text("utf-8")))
    assert len(set(urls)) == len(urls), "a link appears twice"
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.netloc, url
        assert not [k for k, _ in parse_qsl(parts.query) if _TRACKING.match(k)], url
    assert any(urlsplit(u).query for u in urls), "some link has a query string"
