"""The online checker against a server of our own on 127.0.0.1 (never the network)."""

from __future__ import annotations

import socket
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from digestfmt.links.cache import FileCache
from digestfmt.links.online import CheckSettings, HostProfile, LinkChecker, Outcome


class Scenario(BaseHTTPRequestHandler):
    """Each path is one behaviour a real site shows."""

    hits: defaultdict[str, int]
    active: defaultdict[str, int]
    peak: defaultdict[str, int]
    lock: threading.Lock

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.handle_request(head=True)

    def do_GET(self) -> None:
        self.handle_request(head=False)

    def handle_request(self, head: bool) -> None:
        host = self.headers.get("Host", "")
        with self.lock:
            self.hits[self.path] += 1
            self.active[host] += 1
            self.peak[host] = max(self.peak[host], self.active[host])
            count = self.hits[self.path]
        try:
            self.route(self.path.split("?")[0], count, head)
        finally:
            with self.lock:
                self.active[host] -= 1

    def send(self, status: int, body: str = "", headers: dict[str, str] | None = None,
             head: bool = False) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def route(self, path: str, count: int, head: bool) -> None:
        routes = {
            "/ok": lambda: self.send(200, "<p>hello</p>", head=head),
            "/moved": lambda: self.send(301, headers={"Location": "/ok"}, head=head),
            "/found": lambda: self.send(302, headers={"Location": "/ok"}, head=head),
            "/loop-a": lambda: self.send(302, headers={"Location": "/loop-b"}, head=head),
            "/loop-b": lambda: self.send(302, headers={"Location": "/loop-a"}, head=head),
            "/missing": lambda: self.send(404, "not found", head=head),
            "/gone": lambda: self.send(410, "gone", head=head),
            "/forbidden": lambda: self.send(403, "no bots", head=head),
            "/deleted": lambda: self.send(200, "<p>该内容已被发布者删除</p>", head=head),
            "/verify": lambda: self.send(200, "<p>环境异常，完成验证后即可继续访问</p>", head=head),
        }
        if path in routes:
            routes[path]()
        elif path == "/throttled":
            if count == 1:
                self.send(429, headers={"Retry-After": "1"}, head=head)
            else:
                self.send(200, "ok", head=head)
        elif path == "/flaky":
            self.send(503 if count == 1 else 200, "", head=head)
        elif path == "/slow":
            time.sleep(1.5)
            self.send(200, "late", head=head)
        elif path == "/no-head":
            self.send(405 if head else 200, "ok", head=head)
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.connection.close()
        elif path.startswith("/busy"):
            time.sleep(0.15)
            self.send(200, "ok", head=head)
        else:
            self.send(404, "", head=head)


@pytest.fixture()
def server() -> Iterator[tuple[str, type[Scenario]]]:
    handler = type("Handler", (Scenario,), {
        "hits": defaultdict(int), "active": defaultdict(int), "peak": defaultdict(int),
        "lock": threading.Lock(),
    })
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def settings(**changes: object) -> CheckSettings:
    base = CheckSettings(
        timeout=0.5, retries=1, backoff=0.05, backoff_cap=0.2, budget=30.0,
        allow_private=True,  # the test server is on loopback
        hosts={"127.0.0.1": HostProfile(concurrency=4, method="GET",
                                        soft_404=("该内容已被发布者删除",),
                                        verification=("完成验证后即可继续访问",))},
    )
    return CheckSettings(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_each_behaviour_gets_its_outcome(server: tuple[str, type[Scenario]]) -> None:
    base, _ = server
    expected = {
        "/ok": Outcome.OK, "/moved": Outcome.OK, "/found": Outcome.OK,
        "/loop-a": Outcome.BROKEN, "/missing": Outcome.BROKEN, "/gone": Outcome.BROKEN,
        "/deleted": Outcome.BROKEN, "/verify": Outcome.UNVERIFIABLE,
        "/forbidden": Outcome.UNVERIFIABLE, "/throttled": Outcome.OK, "/flaky": Outcome.OK,
        "/slow": Outcome.UNVERIFIABLE, "/reset": Outcome.UNVERIFIABLE,
    }
    results = LinkChecker(settings()).run(base + path for path in expected)
    got = {url[len(base):]: r.outcome for url, r in results.items()}
    assert got == expected, {u[len(base):]: r.reason for u, r in results.items()}
    assert results[base + "/moved"].moved_to == base + "/ok"
    assert results[base + "/found"].moved_to is None
    assert "soft 404" in results[base + "/deleted"].reason
    assert "redirect loop" in results[base + "/loop-a"].reason


def test_retry_after_is_honoured(server: tuple[str, type[Scenario]]) -> None:
    base, handler = server
    started = time.monotonic()
    result = LinkChecker(settings()).run([base + "/throttled"])[base + "/throttled"]
    assert result.outcome is Outcome.OK
    assert time.monotonic() - started >= 1.0  # waited the Retry-After second
    assert handler.hits["/throttled"] == 2


def test_head_falls_back_to_get(server: tuple[str, type[Scenario]]) -> None:
    base, handler = server
    head_first = settings(hosts={"127.0.0.1": HostProfile(method="HEAD")})
    result = LinkChecker(head_first).run([base + "/no-head"])[base + "/no-head"]
    assert result.outcome is Outcome.OK
    assert handler.hits["/no-head"] == 2


def test_per_host_limit_is_never_exceeded(server: tuple[str, type[Scenario]]) -> None:
    base, handler = server
    limited = settings(hosts={"127.0.0.1": HostProfile(concurrency=2, method="GET")},
                       concurrency=16)
    results = LinkChecker(limited).run(f"{base}/busy?{i}" for i in range(12))
    assert all(r.outcome is Outcome.OK for r in results.values())
    assert max(handler.peak.values()) == 2


def test_interval_spaces_requests(server: tuple[str, type[Scenario]]) -> None:
    base, _ = server
    spaced = settings(hosts={"127.0.0.1": HostProfile(concurrency=1, interval=0.3,
                                                      method="GET")})
    started = time.monotonic()
    LinkChecker(spaced).run(f"{base}/ok?{i}" for i in range(4))
    assert time.monotonic() - started >= 0.9  # three gaps of 0.3 s


def test_second_run_comes_from_the_cache(server: tuple[str, type[Scenario]],
                                         tmp_path: Path) -> None:
    base, handler = server
    urls = [base + "/ok", base + "/missing", base + "/forbidden"]
    cache = FileCache(tmp_path / "links.json")
    LinkChecker(settings(), cache).run(urls)
    cache.save()
    before = sum(handler.hits.values())
    again = LinkChecker(settings(), FileCache(tmp_path / "links.json")).run(urls)
    assert again[base + "/ok"].cached and again[base + "/missing"].cached
    assert not again[base + "/forbidden"].cached  # unverifiable is never cached
    assert sum(handler.hits.values()) - before == 1


def test_each_url_is_checked_once(server: tuple[str, type[Scenario]]) -> None:
    base, handler = server
    LinkChecker(settings()).run([base + "/ok"] * 5)
    assert handler.hits["/ok"] == 1


def test_excludes_and_private_addresses_are_not_fetched(
        server: tuple[str, type[Scenario]]) -> None:
    base, handler = server
    private = settings(allow_private=False, excludes=(r"/missing$",))
    results = LinkChecker(private).run([base + "/ok", base + "/missing"])
    assert results[base + "/ok"].outcome is Outcome.SKIPPED
    assert "private or local" in results[base + "/ok"].reason
    assert results[base + "/missing"].outcome is Outcome.SKIPPED
    assert sum(handler.hits.values()) == 0


def test_refused_connection_is_broken() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    assert LinkChecker(settings()).run([url])[url].outcome is Outcome.BROKEN


def test_budget_makes_the_rest_unverifiable(server: tuple[str, type[Scenario]]) -> None:
    base, _ = server
    result = LinkChecker(settings(budget=0.0)).run([base + "/ok"])[base + "/ok"]
    assert result.outcome is Outcome.UNVERIFIABLE
    assert "budget" in result.reason


def test_builtin_profiles_pace_wechat() -> None:
    wechat = CheckSettings().host("mp.weixin.qq.com")
    assert wechat.concurrency == 1 and wechat.interval >= 1 and wechat.method == "GET"
    assert CheckSettings().host("www.linkedin.com") is CheckSettings().hosts["linkedin.com"]


def _digest_linking(base: str) -> str:
    return (
        "# AI 每日情报 | 2026-02-20\n\n"
        "### 1. [机构] 标题\n"
        "**来源**: 机器之心 | **时间**: 2026-02-20 07:39\n"
        "**价值**: 🌟🌟🌟 **标签**: [发布]\n"
        f"**链接**: {base}/missing\n\n"
        f"> 🎯 **一句话摘要**：见 [原文]({base}/ok) 与 [镜像]({base}/forbidden)。\n"
    )


def test_lint_check_links_reports_broken_and_unverifiable(
        server: tuple[str, type[Scenario]], tmp_path: Path) -> None:
    import subprocess
    import sys

    base, handler = server
    (tmp_path / ".digestfmt.yaml").write_text(
        "links:\n  allow-private: true\n  cache: false\n  timeout: 2\n", "utf-8")
    digest = tmp_path / "2026-02-20.md"
    digest.write_text(_digest_linking(base), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "digestfmt", "lint", "--check-links", "--select", "DF3",
         "--output-format", "json", str(digest)],
        capture_output=True, text=True, check=False, cwd=tmp_path)
    import json

    found = {(f["code"], f["line"], f["column"]) for f in json.loads(result.stdout)}
    summary_line = _digest_linking(base).split("\n")[7]
    mirror_column = summary_line.index(base + "/forbidden") + 1
    assert ("DF310", 6, 9) in found  # the card's own link is a 404
    assert ("DF311", 8, mirror_column) in found  # the 403 mirror in the summary
    assert not any(code == "DF310" and line == 8 for code, line, _ in found)
    assert result.returncode == 1
    assert "checked 3 URL(s)" in result.stderr
    assert handler.hits["/missing"] >= 1


def test_links_command_lists_and_checks(server: tuple[str, type[Scenario]],
                                        tmp_path: Path) -> None:
    import subprocess
    import sys

    base, handler = server
    (tmp_path / ".digestfmt.yaml").write_text("links:\n  allow-private: true\n  cache: false\n",
                                              "utf-8")
    digest = tmp_path / "d.md"
    digest.write_text(_digest_linking(base), "utf-8")
    dump = subprocess.run([sys.executable, "-m", "digestfmt", "links", "--dump", str(digest)],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert dump.returncode == 0 and sum(handler.hits.values()) == 0
    assert f"{digest}:6:9: {base}/missing" in dump.stdout.splitlines()
    checked = subprocess.run([sys.executable, "-m", "digestfmt", "links", str(digest)],
                             capture_output=True, text=True, check=False, cwd=tmp_path)
    assert checked.returncode == 1  # one broken link
    assert f"{digest}:6:9: broken {base}/missing (HTTP 404)" in checked.stdout.splitlines()


@pytest.fixture()
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """A resolver that fails for every name but the loopback address: a machine with
    its network unplugged (the tests never reach the network either way)."""
    real = socket.getaddrinfo

    def resolve(host: object, *args: object, **kwargs: object) -> object:
        if host in ("127.0.0.1", "localhost"):
            return real(host, *args, **kwargs)  # type: ignore[arg-type]
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


OFFLINE_URLS = ["https://news.example.com/a", "https://mp.example.org/b",
                "https://blog.example.net/c"]


@pytest.mark.usefixtures("offline")
def test_with_no_network_links_are_unverifiable_and_nothing_is_cached(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "links.json")
    checker = LinkChecker(settings(), cache)
    results = checker.run(OFFLINE_URLS)
    cache.save()
    assert checker.network_unavailable
    assert {r.outcome for r in results.values()} == {Outcome.UNVERIFIABLE}
    assert all(r.reason.startswith("network unavailable: DNS lookup failed")
               for r in results.values())
    assert FileCache(tmp_path / "links.json").entries == {}


@pytest.mark.usefixtures("offline")
def test_a_name_that_fails_while_other_hosts_answer_is_broken_and_cached(
        server: tuple[str, type[Scenario]], tmp_path: Path) -> None:
    base, _ = server
    cache = FileCache(tmp_path / "links.json")
    checker = LinkChecker(settings(), cache)
    results = checker.run([base + "/ok", *OFFLINE_URLS])
    cache.save()
    assert not checker.network_unavailable
    assert results[base + "/ok"].outcome is Outcome.OK
    assert {results[u].outcome for u in OFFLINE_URLS} == {Outcome.BROKEN}
    assert set(FileCache(tmp_path / "links.json").entries) == {base + "/ok", *OFFLINE_URLS}


@pytest.mark.usefixtures("offline")
def test_the_links_command_says_the_network_is_unavailable(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from digestfmt.cli import main

    (tmp_path / ".digestfmt.yaml").write_text("links:\n  cache: links.json\n", "utf-8")
    digest = tmp_path / "d.md"
    digest.write_text(_digest_linking("https://news.example.com").replace(
        "https://news.example.com/ok", "https://mirror.example.org/ok"), "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["links", str(digest)])
    assert result.exit_code == 0, result.output
    assert "network unavailable" in result.output
    assert " broken " not in result.output and " unverifiable https://news.example.com" in (
        result.output)
    assert FileCache(tmp_path / "links.json").entries == {}
