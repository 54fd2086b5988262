"""Online link checking that tells broken links from links it cannot verify.

Most digest links point at mp.weixin.qq.com, which throttles after a couple of
requests and answers 200 with a "deleted" or "verification" page; x.com answers
403 and LinkedIn 999 to anything that is not a browser. A checker that only
knows ok/broken drowns users in false alarms, so every URL gets one of:

- ``ok``;
- ``broken``: DNS failure, connection refused, 404/410 and other 4xx not listed as
  unverifiable, a redirect loop, a soft-404 page (a 200 whose body is a known
  "deleted / not found" page);
- ``unverifiable``: 401/403/429/999 and other host-listed statuses, captcha or
  verification pages, timeouts and resets after retries, TLS trouble, 5xx after
  retries, the time budget running out;
- ``skipped``: excluded by a pattern, or a private/loopback/link-local address
  that the settings do not allow (a digest must not make CI probe its network).

A failed name lookup or an unreachable network is a broken link only when the
network works: when no host of the run was reached and at least two failed so,
the run is offline (``network_unavailable``), those links are unverifiable, and
nothing about them is cached.

Requests are spaced per host (one at a time with a pause for WeChat by default),
redirects are followed by hand (to limit them, to see permanent ones and to
check every hop's address), ``Retry-After`` is honoured and retries back off
exponentially up to a cap. This module does no file I/O; the cache is passed in.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from digestfmt.links import policy
from digestfmt.links.policy import LinkResult, Outcome
from digestfmt.links.settings import CheckSettings, HostProfile

__all__ = ["CheckSettings", "HostProfile", "LinkChecker", "LinkResult", "Outcome"]


class ResultCache(Protocol):
    def get(self, url: str) -> LinkResult | None: ...

    def put(self, result: LinkResult) -> None: ...


class _Host:
    """Per-host pacing: at most ``concurrency`` requests, starts ``interval`` apart."""

    def __init__(self, profile: HostProfile) -> None:
        self.profile = profile
        self.slots = asyncio.Semaphore(max(1, profile.concurrency))
        self.spacing = asyncio.Lock()
        self.last_start = 0.0

    async def wait_turn(self) -> None:
        async with self.spacing:
            delay = self.last_start + self.profile.interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self.last_start = time.monotonic()


class LinkChecker:
    def __init__(self, settings: CheckSettings, cache: ResultCache | None = None,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self.transport = transport
        self._excludes = [re.compile(p) for p in settings.excludes]
        self._hosts: dict[str, _Host] = {}
        self._resolved: dict[str, asyncio.Future[LinkResult | None]] = {}
        self._reached: set[str] = set()  # hosts that answered (a response, a refusal)
        self._unreached: set[str] = set()  # hosts the network could not get to
        self._pending: list[LinkResult] = []  # network failures, cached once the run is over
        self.network_unavailable = False
        self.requests = 0

    def run(self, urls: Iterable[str],
            progress: Callable[[LinkResult], None] | None = None) -> dict[str, LinkResult]:
        return asyncio.run(self.check_all(urls, progress))

    async def check_all(self, urls: Iterable[str],
                        progress: Callable[[LinkResult], None] | None = None
                        ) -> dict[str, LinkResult]:
        """Check each distinct URL once; results by URL."""
        unique = list(dict.fromkeys(urls))
        self._deadline = time.monotonic() + self.settings.budget
        self._global = asyncio.Semaphore(max(1, self.settings.concurrency))
        limits = httpx.Limits(max_connections=self.settings.concurrency * 2)
        async with httpx.AsyncClient(transport=self.transport, limits=limits,
                                     follow_redirects=False, trust_env=False,
                                     headers={"User-Agent": self.settings.user_agent}) as client:
            self._client = client

            async def one(url: str) -> LinkResult:
                result = await self.check(url)
                if progress:
                    progress(result)
                return result

            results = await asyncio.gather(*(one(u) for u in unique))
        self.network_unavailable = len(self._unreached) >= 2 and not self._reached
        if self.network_unavailable:
            results = [replace(r, outcome=Outcome.UNVERIFIABLE,
                               reason=policy.OFFLINE.format(failure=r.reason)) if r.network else r
                       for r in results]
        elif self.cache:
            for result in self._pending:
                self.cache.put(result)
        return {r.url: r for r in results}

    async def check(self, url: str) -> LinkResult:
        if any(p.search(url) for p in self._excludes):
            return LinkResult(url, Outcome.SKIPPED, policy.EXCLUDED)
        if self.cache and (hit := self.cache.get(url)):
            return replace(hit, cached=True)
        result = await self._follow(url)
        if self.cache and result.outcome in (Outcome.OK, Outcome.BROKEN):
            if result.network:
                self._pending.append(result)  # unless the whole run turns out offline
            else:
                self.cache.put(result)
        return result

    async def _follow(self, url: str) -> LinkResult:
        seen: set[str] = set()
        current, moved_to = url, None
        for _ in range(self.settings.max_redirects + 1):
            if current in seen:
                return LinkResult(url, Outcome.BROKEN, policy.REDIRECT_LOOP, final_url=current)
            seen.add(current)
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return LinkResult(url, Outcome.BROKEN, policy.CANNOT_FETCH.format(url=current))
            blocked = await self._private(parts.hostname)
            if blocked is not None:
                return replace(blocked, url=url)
            answer = await self._fetch(current, parts.hostname)
            if isinstance(answer, LinkResult):
                return replace(answer, url=url, final_url=current, moved_to=moved_to)
            response, body = answer
            if response.is_redirect and "location" in response.headers:
                target = urljoin(current, response.headers["location"])
                if response.status_code in (301, 308) and moved_to is None and current == url:
                    moved_to = target
                current = target
                continue
            return replace(self._classify(response, body, parts.hostname), url=url,
                           final_url=current, moved_to=moved_to)
        return LinkResult(url, Outcome.BROKEN,
                          policy.TOO_MANY_REDIRECTS.format(count=self.settings.max_redirects),
                          final_url=current)

    async def _private(self, hostname: str) -> LinkResult | None:
        """A SKIPPED or BROKEN result when the host must not or cannot be fetched.

        Resolved once per host and run: an archive links the same few hosts
        thousands of times.
        """
        if hostname not in self._resolved:
            self._resolved[hostname] = asyncio.ensure_future(self._resolve(hostname))
        return await self._resolved[hostname]

    async def _resolve(self, hostname: str) -> LinkResult | None:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(hostname, None)
        except socket.gaierror as exc:
            self._unreached.add(hostname)
            return LinkResult(hostname, Outcome.BROKEN,
                              policy.DNS_FAILED.format(reason=exc.strerror), network=True)
        if self.settings.allow_private:
            return None
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
            if not address.is_global:
                return LinkResult(hostname, Outcome.SKIPPED,
                                  policy.PRIVATE.format(address=address))
        return None

    def _host(self, hostname: str) -> _Host:
        if hostname not in self._hosts:
            self._hosts[hostname] = _Host(self.settings.host(hostname))
        return self._hosts[hostname]

    async def _fetch(self, url: str, hostname: str) -> tuple[httpx.Response, str] | LinkResult:
        """One URL without redirects, with retries; a response or a final result."""
        host = self._host(hostname)
        method = host.profile.method
        attempt = 0
        while True:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                return LinkResult(url, Outcome.UNVERIFIABLE, policy.OUT_OF_TIME)
            try:
                async with self._global, host.slots:
                    await host.wait_turn()
                    self.requests += 1
                    response = await self._client.request(
                        method, url, headers=dict(host.profile.headers),
                        timeout=min(self.settings.timeout, remaining))
                    body = response.text if method == "GET" else ""
            except httpx.ConnectError as exc:
                kind = _connect_failure(exc)
                if kind == "refused":
                    self._reached.add(hostname)
                else:
                    self._unreached.add(hostname)
                if kind is not None:
                    return LinkResult(url, Outcome.BROKEN,
                                      policy.CANNOT_CONNECT.format(reason=_why(exc)),
                                      network=kind != "refused")
                failure = policy.CONNECTION_FAILED.format(reason=_why(exc))
            except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                failure = f"{type(exc).__name__} ({_why(exc)})"
            except httpx.HTTPError as exc:
                return LinkResult(url, Outcome.UNVERIFIABLE,
                                  policy.REQUEST_FAILED.format(reason=_why(exc)))
            else:
                self._reached.add(hostname)
                if method == "HEAD" and (response.status_code == 501 or (
                        400 <= response.status_code < 500 and response.status_code != 429)):
                    method = "GET"  # many servers answer HEAD wrongly: ask again properly
                    continue
                wait = self._retry_wait(response, attempt)
                if wait is None:
                    return response, body
                failure = f"HTTP {response.status_code}"
                if wait > self.settings.retry_after_cap:
                    return LinkResult(url, Outcome.UNVERIFIABLE,
                                      policy.RETRY_TOO_LONG.format(failure=failure,
                                                                   seconds=f"{wait:.0f}"),
                                      status=response.status_code)
                attempt += 1
                await asyncio.sleep(min(wait, max(0.0, self._deadline - time.monotonic())))
                continue
            if attempt >= self.settings.retries:
                return LinkResult(url, Outcome.UNVERIFIABLE,
                                  policy.GAVE_UP.format(failure=failure, attempts=attempt + 1))
            await asyncio.sleep(self._backoff(attempt))
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        return float(min(self.settings.backoff * 2 ** attempt, self.settings.backoff_cap))

    def _retry_wait(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when the answer is final."""
        status = response.status_code
        if status not in (429, 502, 503, 504) or attempt >= self.settings.retries:
            return None
        retry_after = response.headers.get("retry-after", "").strip()
        if retry_after.isdigit():
            return float(retry_after)
        return self._backoff(attempt)

    def _classify(self, response: httpx.Response, body: str, hostname: str) -> LinkResult:
        profile = self._host(hostname).profile
        status = response.status_code
        url = str(response.request.url)
        if status in profile.ok_status or 200 <= status < 300:
            if marker := next((m for m in profile.verification if m in body), None):
                return LinkResult(url, Outcome.UNVERIFIABLE,
                                  policy.VERIFICATION.format(marker=marker), status)
            if marker := next((m for m in profile.soft_404 if m in body), None):
                return LinkResult(url, Outcome.BROKEN, policy.SOFT_404.format(marker=marker),
                                  status)
            return LinkResult(url, Outcome.OK, f"HTTP {status}", status)
        if status in profile.unverifiable_status:
            return LinkResult(url, Outcome.UNVERIFIABLE,
                              policy.BLOCKS_CHECKERS.format(status=status), status)
        if 400 <= status < 500:
            return LinkResult(url, Outcome.BROKEN, f"HTTP {status}", status)
        return LinkResult(url, Outcome.UNVERIFIABLE, f"HTTP {status}", status)


def _why(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _connect_failure(exc: BaseException) -> str | None:
    """Why a connection failed for good: ``"refused"`` (the host answered no) or
    ``"unresolved"`` (no such host, or no name resolution); None when by chance."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError):
            return "refused"
        if isinstance(seen, socket.gaierror):
            return "unresolved"
        if isinstance(seen, ExceptionGroup):
            kinds = {_connect_failure(e) for e in seen.exceptions} - {None}
            if kinds:
                return "refused" if "refused" in kinds else "unresolved"
        seen = seen.__cause__ or seen.__context__
    text = _why(exc).lower()
    if "refused" in text:
        return "refused"
    if any(s in text for s in ("name or service not known", "no address associated",
                               "name resolution")):
        return "unresolved"
    return None
