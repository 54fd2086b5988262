"""memo.per_digest: what rules share lives exactly as long as its digest."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from digestfmt import memo
from digestfmt.lint.config import Config
from digestfmt.lint.linter import lint_digest
from digestfmt.parse import parse_bytes

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_nothing_memoised_keeps_a_linted_digest_alive() -> None:
    """A memo value that referred back to its digest would keep every digest of an
    archive in memory: the finalizer that drops the entry would never run."""
    before = len(memo._MEMOS)
    for sample in sorted(SAMPLES.rglob("*.md")):
        digest = parse_bytes(sample.read_bytes(), path=str(sample))
        assert lint_digest(digest, Config(), str(sample)) is not None
        assert len(memo._MEMOS) == before + 1  # the rules did share work
        alive = weakref.ref(digest)
        del digest
        gc.collect()
        assert alive() is None, sample
        assert len(memo._MEMOS) == before, sample
