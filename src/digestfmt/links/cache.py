"""A file cache of link results, so a second run over an archive asks almost nothing.

Keyed by URL; each outcome has its own maximum age (ok long, broken short,
unverifiable never cached, since "cannot tell" is not worth remembering).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from digestfmt.links.policy import LinkResult, Outcome

DEFAULT_MAX_AGE = {Outcome.OK: 7 * 86400.0, Outcome.BROKEN: 86400.0}
VERSION = 1


def default_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "digestfmt" / "links.json"


class FileCache:
    def __init__(self, path: str | Path, max_age: Mapping[Outcome, float] | None = None) -> None:
        self.path = Path(path)
        self.max_age = dict(DEFAULT_MAX_AGE if max_age is None else max_age)
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        from digestfmt.errors import DigestError
        from digestfmt.io import read_text
        from digestfmt.structured import load_json

        try:
            data = load_json(read_text(str(self.path), "a link cache"), str(self.path))
            if data.get("version") == VERSION:
                self.entries = dict(data["entries"])
        except (DigestError, KeyError, TypeError, AttributeError, ValueError):
            self.entries = {}  # a missing or unreadable cache is an empty cache

    def get(self, url: str) -> LinkResult | None:
        entry = self.entries.get(url)
        if entry is None:
            return None
        try:
            outcome = Outcome(str(entry["outcome"]))
            age = time.time() - float(entry["checked"])
        except (KeyError, ValueError, TypeError):
            return None
        if age > self.max_age.get(outcome, 0.0) or age < 0:
            return None
        status = entry.get("status")
        return LinkResult(url, outcome, str(entry.get("reason", "")),
                          status if isinstance(status, int) else None,
                          moved_to=entry.get("moved_to") or None)

    def put(self, result: LinkResult) -> None:
        if self.max_age.get(result.outcome, 0.0) <= 0:
            return
        self.entries[result.url] = {
            "outcome": result.outcome.value, "reason": result.reason, "status": result.status,
            "moved_to": result.moved_to, "checked": time.time(),
        }
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        from digestfmt.io import write_atomic

        write_atomic(str(self.path), json.dumps({"version": VERSION, "entries": self.entries},
                                                ensure_ascii=False))
        self.dirty = False


def remove(path: Path) -> bool:
    """Delete the link cache at ``path``; only a file that is one (its JSON names
    this cache's version and entries), so a mistyped ``cache`` setting never makes
    ``digestfmt clean`` delete another file."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if not (isinstance(data, dict) and "version" in data and "entries" in data):
            return False
        path.unlink()
    except (OSError, ValueError):
        return False
    return True
