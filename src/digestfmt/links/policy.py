"""What a link check can conclude.

Kept apart from the HTTP code and the checker's settings (links/settings.py):
the linter reads results through it on every run, online or not, and a plain
lint stays fast to start.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    OK = "ok"
    BROKEN = "broken"
    UNVERIFIABLE = "unverifiable"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class LinkResult:
    """What checking one URL concluded, and why."""

    url: str
    outcome: Outcome
    reason: str = ""
    status: int | None = None
    final_url: str | None = None
    moved_to: str | None = None  # target of a permanent redirect (301/308)
    cached: bool = False
    # the failure was the network's (no name resolution, no route), not the site's answer
    network: bool = False
