"""Link-checking benchmark: 2,000 distinct URLs against servers of our own on loopback.

Four hosts (127.0.0.1-4, one threaded server each) answer every request after a
fixed delay. The floor is the time the per-host limits allow at best:
``urls / hosts / per_host_concurrency * delay``. Reported: total time, its ratio
to that floor, requests made, the peak number of concurrent requests each host
saw (it must never exceed the per-host limit), and a second run from the cache.

Run: ``python bench/links.py [--urls N] [--delay SECONDS]``. Only loopback is used.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from digestfmt.links.cache import FileCache
from digestfmt.links.online import CheckSettings, HostProfile, LinkChecker

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")


def _servers(delay: float) -> tuple[list[ThreadingHTTPServer], dict[str, int]]:
    active: defaultdict[str, int] = defaultdict(int)
    peak: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            host = self.server.server_address[0]  # type: ignore[index]
            with lock:
                active[host] += 1
                peak[host] = max(peak[host], active[host])
            time.sleep(delay)
            with lock:  # counted while the request is being served, not while the
                active[host] -= 1  # answer travels back and the client moves on
            body = b"<p>ok</p>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_HEAD = do_GET

    servers = []
    for host in HOSTS:
        server = ThreadingHTTPServer((host, 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--delay", type=float, default=0.01)
    parser.add_argument("--per-host", type=int, default=4)
    args = parser.parse_args()
    servers, peak = _servers(args.delay)
    try:
        urls = [f"http://{s.server_address[0]}:{s.server_address[1]}/article/{n}"
                for n in range(args.urls) for s in [servers[n % len(servers)]]]
        settings = CheckSettings(
            allow_private=True, concurrency=16, timeout=10.0, budget=600.0,
            hosts={host: HostProfile(concurrency=args.per_host) for host in HOSTS},
        )
        floor = args.urls / len(HOSTS) / args.per_host * args.delay
        with tempfile.TemporaryDirectory() as folder:
            cache_path = Path(folder) / "links.json"
            cache = FileCache(cache_path)
            checker = LinkChecker(settings, cache)
            started = time.perf_counter()
            results = checker.run(urls)
            cold = time.perf_counter() - started
            cache.save()
            outcomes = sorted({r.outcome.value for r in results.values()})
            warm_checker = LinkChecker(settings, FileCache(cache_path))
            started = time.perf_counter()
            warm_results = warm_checker.run(urls)
            warm = time.perf_counter() - started
        print(f"link check: {args.urls} distinct URLs on {len(HOSTS)} loopback hosts, "
              f"{args.delay * 1000:.0f} ms per answer, {args.per_host} per host, 16 in all")
        print(f"  cold: {cold:.2f} s ({args.urls / cold:.0f} URLs/s), {checker.requests} "
              f"requests, outcomes {outcomes}; floor {floor:.2f} s -> {floor / cold:.2f}x of "
              "the best the per-host limits allow")
        print("  peak concurrent requests per host: "
              + ", ".join(f"{h}={peak[h]}" for h in HOSTS)
              + f" (limit {args.per_host})")
        print(f"  warm (cache): {warm:.3f} s, {warm_checker.requests} requests, "
              f"{sum(r.cached for r in warm_results.values())} cached; "
              f"{cold / max(warm, 1e-9):.0f}x faster than cold")
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
