"""Shared inputs for the HTML, EPUB and feed tests (tests/codecs/).

Real digests live beside the repository (``../shared``); tests that read them
skip cleanly when it is absent. Parsed digests are cached per process, so the
several round trips over the corpus parse each file once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from real_files import PUBLICATIONS, SEEDS, SHARED, real_id

from digestfmt.codecs import markdown
from digestfmt.model import Digest

__all__ = ["CORPUS", "REAL", "SEEDS", "SHARED", "real_id"]

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [p for p in PUBLICATIONS if p not in SEEDS]
REAL = PUBLICATIONS
INTEL_SEED = SHARED / "seeds" / "000_7d5cb8a22450b080.txt"
BRIEF_SEED = SHARED / "seeds" / "002_85e1fd231a2c6fe6.txt"
SAMPLES = sorted((ROOT / "samples").rglob("*.md"))


@cache
def parsed(path: Path) -> Digest:
    return markdown.loads(path.read_bytes(), str(path))


@cache
def canonical(path: Path) -> str:
    return markdown.dumps(parsed(path))


def month_of(folder: str) -> list[Digest]:
    """The corpus digests of one month of a publication (``style-b/game/2025/09``)."""
    return [parsed(p) for p in CORPUS if str(p.relative_to(SHARED / "corpus")).startswith(folder)]


def month_of_intel() -> list[Digest]:
    """The corpus's intel digests (one month), or the samples when the corpus is absent."""
    chosen = [p for p in CORPUS if "style-a" in p.parts]
    return [parsed(p) for p in chosen or SAMPLES]
