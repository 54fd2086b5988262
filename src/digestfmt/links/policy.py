"""What a link check can conclude, and the settings that steer it.

Kept apart from the HTTP code so that reading settings and the cache does not
import an HTTP client: commands that never go online stay fast to start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from digestfmt import __version__


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


@dataclass(frozen=True)
class HostProfile:
    """How to treat one host: pacing, headers and what its answers mean."""

    concurrency: int = 4
    interval: float = 0.0  # seconds between the starts of two requests
    headers: Mapping[str, str] = field(default_factory=dict)
    method: str = "HEAD"  # GET where the body decides (soft-404 and verification pages)
    ok_status: frozenset[int] = frozenset()
    unverifiable_status: frozenset[int] = frozenset({401, 403, 429, 999})
    soft_404: tuple[str, ...] = ()
    verification: tuple[str, ...] = ()


BUILTIN_HOSTS: dict[str, HostProfile] = {
    "mp.weixin.qq.com": HostProfile(
        concurrency=1, interval=2.0, method="GET",
        soft_404=("该内容已被发布者删除", "此内容因违规无法查看", "此内容被多人投诉",
                  "该公众号已迁移", "内容已删除", "The content has been deleted"),
        verification=("环境异常", "完成验证后即可继续访问", "去验证", "请在微信客户端打开",
                      "Weixin Official Accounts Platform"),
    ),
    "x.com": HostProfile(concurrency=1, interval=1.0),
    "twitter.com": HostProfile(concurrency=1, interval=1.0),
    "linkedin.com": HostProfile(concurrency=1, interval=1.0),
    "github.com": HostProfile(concurrency=2, interval=0.5,
                              soft_404=(), unverifiable_status=frozenset({403, 429})),
}


@dataclass(frozen=True)
class CheckSettings:
    """How the online checker runs: timeouts, retries, budget, pacing per host."""

    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5  # first retry waits this, doubling up to backoff_cap
    backoff_cap: float = 8.0
    retry_after_cap: float = 30.0  # longer Retry-After waits make the URL unverifiable
    budget: float = 600.0  # seconds for the whole run
    max_redirects: int = 5
    concurrency: int = 16
    allow_private: bool = False
    excludes: tuple[str, ...] = ()  # regular expressions matched against the URL
    hosts: Mapping[str, HostProfile] = field(default_factory=lambda: dict(BUILTIN_HOSTS))
    default_host: HostProfile = field(default_factory=HostProfile)
    user_agent: str = f"digestfmt/{__version__} (link checker; +https://pypi.org/project/digestfmt/)"

    def host(self, hostname: str) -> HostProfile:
        """The profile of the most specific listed domain that ``hostname`` is in."""
        name = hostname.lower().rstrip(".")
        best = max((d for d in self.hosts if name == d or name.endswith("." + d)),
                   key=len, default=None)
        return self.hosts[best] if best else self.default_host
