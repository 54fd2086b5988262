"""``[tool.digestfmt.links]`` -> checker settings, every key and type checked.

Host entries are merged over the built-in profiles (mp.weixin.qq.com, x.com,
twitter.com, linkedin.com, github.com), so a user changes one value without
restating the rest. Exclude patterns come from ``exclude`` and from an ignore
file (one regular expression a line, ``#`` comments), by default
``.digestfmt-linkignore`` next to the configuration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from digestfmt import __version__
from digestfmt.errors import DigestError
from digestfmt.i18n import _
from digestfmt.links.cache import default_path

_SCALARS: dict[str, tuple[str, type]] = {
    "timeout": ("timeout", float),
    "retries": ("retries", int),
    "budget": ("budget", float),
    "concurrency": ("concurrency", int),
    "max-redirects": ("max_redirects", int),
    "allow-private": ("allow_private", bool),
    "user-agent": ("user_agent", str),
}
_HOST_KEYS: dict[str, tuple[str, type]] = {
    "concurrency": ("concurrency", int),
    "interval": ("interval", float),
    "method": ("method", str),
    "headers": ("headers", dict),
    "ok-status": ("ok_status", list),
    "unverifiable-status": ("unverifiable_status", list),
    "soft-404": ("soft_404", list),
    "verification": ("verification", list),
}
KEYS = {*_SCALARS, "exclude", "ignore-file", "cache", "hosts"}


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


@dataclass(frozen=True)
class LinkSettings:
    check: CheckSettings
    cache_path: Path | None  # None: no cache


def link_settings(data: Mapping[str, Any], where: str, root: str) -> LinkSettings:
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise DigestError(where, _("unknown key {key!r} in {table!r} (known: {known})").format(
            key=unknown[0], table="links", known=", ".join(sorted(KEYS))))
    changes: dict[str, Any] = {}
    for key, (attr, kind) in _SCALARS.items():
        if key in data:
            changes[attr] = _typed(data[key], kind, f"links.{key}", where)
    excludes = list(_typed(data.get("exclude", []), list, "links.exclude", where))
    ignore_file = Path(root) / str(data.get("ignore-file", ".digestfmt-linkignore"))
    if ignore_file.is_file():
        excludes += [line.strip() for line in ignore_file.read_text("utf-8").splitlines()
                     if line.strip() and not line.lstrip().startswith("#")]
    for pattern in excludes:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise DigestError(where, _("bad exclude pattern {pattern!r}: {reason}").format(
                pattern=pattern, reason=exc)) from None
    changes["excludes"] = tuple(str(p) for p in excludes)
    hosts = dict(BUILTIN_HOSTS)
    for domain, entry in _typed(data.get("hosts", {}), dict, "links.hosts", where).items():
        hosts[str(domain).lower()] = _host(hosts.get(str(domain).lower(), HostProfile()),
                                           entry, f"links.hosts.{domain}", where)
    changes["hosts"] = hosts
    cache = data.get("cache", str(default_path()))
    cache_path = None if cache is False else Path(root) / str(cache)
    valid = {f.name for f in fields(CheckSettings)}
    assert set(changes) <= valid
    return LinkSettings(replace(CheckSettings(), **changes), cache_path)


def _host(base: HostProfile, entry: Any, key: str, where: str) -> HostProfile:
    entry = _typed(entry, dict, key, where)
    unknown = sorted(set(entry) - set(_HOST_KEYS))
    if unknown:
        raise DigestError(where, _("unknown key {key!r} in {table!r} (known: {known})").format(
            key=unknown[0], table=key, known=", ".join(sorted(_HOST_KEYS))))
    changes: dict[str, Any] = {}
    for name, (attr, kind) in _HOST_KEYS.items():
        if name not in entry:
            continue
        value = _typed(entry[name], kind, f"{key}.{name}", where)
        if attr.endswith("_status"):
            value = frozenset(_typed(v, int, f"{key}.{name}", where) for v in value)
        elif attr in ("soft_404", "verification"):
            value = tuple(str(v) for v in value)
        elif attr == "method" and value.upper() not in ("HEAD", "GET"):
            raise DigestError(where, _("'{key}.method' must be HEAD or GET").format(key=key))
        changes[attr] = value.upper() if attr == "method" else value
    return replace(base, **changes)


def _typed(value: Any, kind: type, key: str, where: str) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise DigestError(where, _("{key!r} must be {kind}, got {value!r}").format(
            key=key, kind=kind.__name__, value=value))
    return value
