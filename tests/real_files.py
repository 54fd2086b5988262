"""The real digests beside the repository (``../shared``), by what each test is about.

Nothing here is copied into the project; every list is empty when ``../shared`` is
absent, and the tests that read them skip. ``PUBLICATIONS`` are the two built-in
styles' archives (``corpus/style-a``, ``corpus/style-b``) and the seeds; ``OTHERS``
are the third-party styles of ``corpus/others``, which need a profile of their own.
"""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


def _markdown(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.name != "README.md")


PUBLICATIONS = _markdown(CORPUS / "style-a") + _markdown(CORPUS / "style-b") + SEEDS
OTHERS = _markdown(CORPUS / "others")


def real_id(path: Path) -> str:
    return str(path.relative_to(SHARED))
