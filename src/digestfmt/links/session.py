"""One online check per run: every distinct URL of every input, once, with a cache."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from digestfmt.i18n import N_, _
from digestfmt.links.model import Link
from digestfmt.links.policy import LinkResult
from digestfmt.links.settings import LinkSettings


@dataclass(frozen=True)
class Summary:
    checked: int
    outcomes: Counter[str]
    cached: int
    requests: int
    network_unavailable: bool = False

    def line(self) -> str:
        counts = _(", ").join(_("{n} {outcome}").format(n=n, outcome=_(OUTCOMES.get(name, name)))
                              for name, n in sorted(self.outcomes.items()))
        offline = _("network unavailable: no host could be reached, so links that failed "
                    "to resolve or connect are unverifiable and nothing about them is cached; ") \
            if self.network_unavailable else ""
        return offline + _("checked {checked} URL(s): {counts}; {cached} from the cache, "
                           "{requests} request(s)").format(
            checked=self.checked, counts=counts or _("none"), cached=self.cached,
            requests=self.requests)


# The outcomes as the summary counts them (the listing and JSON keep their names).
OUTCOMES = {"ok": N_("ok"), "broken": N_("broken"), "unverifiable": N_("unverifiable"),
            "skipped": N_("skipped")}


def checkable(link: Link) -> bool:
    """Links a browser would follow over the network: rendered http(s) targets."""
    return link.rendered and link.url.lower().startswith(("http://", "https://"))


def check_urls(urls: Iterable[str], settings: LinkSettings,
               progress: bool | None = None) -> tuple[dict[str, LinkResult], Summary]:
    from digestfmt.links.cache import FileCache
    from digestfmt.links.online import LinkChecker

    unique = list(dict.fromkeys(urls))
    cache = FileCache(settings.cache_path) if settings.cache_path else None
    checker = LinkChecker(settings.check, cache)
    show = progress if progress is not None else _interactive()
    if show and unique:
        import click

        with click.progressbar(length=len(unique), label=_("checking links"),
                               file=sys.stderr) as bar:
            results = checker.run(unique, lambda _result: bar.update(1))
    else:
        results = checker.run(unique)
    if cache:
        cache.save()
    summary = Summary(len(unique), Counter(r.outcome.value for r in results.values()),
                      sum(r.cached for r in results.values()), checker.requests,
                      checker.network_unavailable)
    return results, summary


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")
