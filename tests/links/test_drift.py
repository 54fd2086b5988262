"""drifts(digest): text meant as a link that renders as something else.

The rules' cases, positions and fixes are data (tests/fixtures/rules/DF32x.yml). Here:
the property that a link written in any form spec §5.3 allows is never reported, and
the issue's acceptance test -- one mistake of each class injected at a random card of
a real digest is reported at its line by the rule meant for it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lint_helpers import card, digest
from real_files import PUBLICATIONS, real_id

import digestfmt
from digestfmt.codecs.json_ import from_dict, to_dict
from digestfmt.links.drift import drifts
from digestfmt.lint.config import Config
from digestfmt.lint.run import lint_bytes

LINK_RULES = ("DF301", "DF302", "DF303", "DF320", "DF321", "DF322", "DF323", "DF324",
              "DF325", "DF326")

_SEGMENT = st.text("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-_.~", min_size=1, max_size=10)


@st.composite
def _urls(draw: st.DrawFn) -> str:
    host = draw(st.sampled_from(["example.com", "arxiv.org", "mp.weixin.qq.com",
                                 "a.b-c.io", "127.0.0.1:8080", "localhost:3000"]))
    path = "/".join(draw(st.lists(_SEGMENT, max_size=4)))
    if draw(st.booleans()):
        path += f"_({draw(_SEGMENT)})"  # balanced, as in a Wikipedia title
    query = draw(st.sampled_from(["", "?a=1", "?q=x&b=2"]))
    fragment = draw(st.sampled_from(["", "#top", "#a-b"]))
    return f"{draw(st.sampled_from(['https', 'http']))}://{host}/{path}{query}{fragment}"


_NAMES = st.sampled_from(["机器之心", "arXiv", "GitHub 仓库", "论文 PDF", "量子位", "官方博客",
                          "Hugging Face", "原文（英文）", "项目主页"])
_AFTER = st.sampled_from(["", " ", "，", "。", "）"])  # what may follow a link written as one


@st.composite
def _written_link(draw: st.DrawFn) -> str:
    """One link in a form §5.3 allows, with what follows it."""
    url, name = draw(_urls()), draw(_NAMES)
    form = draw(st.sampled_from(["link", "titled", "autolink", "bare"]))
    if form == "bare":  # only whitespace or ASCII punctuation may follow a bare URL
        return url + draw(st.sampled_from(["", " 。", ". ", ", 见上", "; "]))
    written = {"link": f"[{name}]({url})", "titled": f'[{name}]({url} "{name}")',
               "autolink": f"<{url}>"}[form]
    return written + draw(_AFTER)


@given(st.lists(_written_link(), min_size=1, max_size=4), _urls(), st.booleans())
def test_links_written_as_the_spec_allows_are_never_reported(
        written: list[str], main: str, named_main: bool) -> None:
    field = f"[机器之心]({main})" if named_main else main
    text = digest(card().replace("https://example.com/1", field).replace(
        "- 成本仍高。", "\n".join(f"- 见 {w}" for w in written)))
    result = lint_bytes(text.encode(), "d.md", Config(select=LINK_RULES))
    assert [(f.code, f.message) for f in result.findings] == []


def test_a_digest_read_from_json_still_has_its_drifts_but_no_positions() -> None:
    text = digest(card().replace("- 成本仍高。", "- 见 [arXiv] (https://arxiv.org/abs/1)"))
    parsed = digestfmt.loads(text)
    from_json = from_dict(to_dict(parsed))
    assert [d.kind for d in drifts(parsed)] == ["spaced"]
    assert [d.kind for d in drifts(from_json)] == ["spaced"]
    assert lint_bytes(text.encode(), "d.md", Config(select=("DF320",))).findings


# -- one injected mistake per class, on real digests ------------------------------

_INLINE = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_LINK_FIELD = re.compile(r"^(\*\*链接\*\*[:：][ \t]*)(https?://\S+)[ \t]*$", re.M)
_BULLET = re.compile(r"^- [^\n]*[\u4e00-\u9fff][^\n]*$", re.M)

Injector = Callable[[str, random.Random], "tuple[str, int] | None"]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _pick(rng: random.Random, found: list[re.Match[str]]) -> re.Match[str] | None:
    return rng.choice(found) if found else None


def _on_target(change: Callable[[re.Match[str]], str]) -> Injector:
    """Rewrite one inline link (``change`` gets the match and returns its new text)."""
    def inject(text: str, rng: random.Random) -> tuple[str, int] | None:
        m = _pick(rng, list(_INLINE.finditer(text)))
        if m is None:
            return None
        return text[:m.start()] + change(m) + text[m.end():], _line(text, m.start())
    return inject


def _on_field(change: Callable[[str], str]) -> Injector:
    """Rewrite one 链接 field's URL."""
    def inject(text: str, rng: random.Random) -> tuple[str, int] | None:
        m = _pick(rng, list(_LINK_FIELD.finditer(text)))
        if m is None:
            return None
        return text[:m.start(2)] + change(m[2]) + text[m.end(2):], _line(text, m.start())
    return inject


def _in_bullet(addition: str) -> Injector:
    """Append text to one bullet line that holds CJK (a section's or a brief's point)."""
    def inject(text: str, rng: random.Random) -> tuple[str, int] | None:
        m = _pick(rng, list(_BULLET.finditer(text)))
        if m is None:
            return None
        return text[:m.end()] + addition + text[m.end():], _line(text, m.start())
    return inject


def _split(url: str) -> str:
    cut = url.index("/", url.index("//") + 2) + 1
    return url[:cut] + " " + url[cut:]


def _no_dots(url: str) -> str:
    head, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    return f"{head}://{host.replace('.', '')}/{path}"


INJECTIONS: dict[str, tuple[str, Injector]] = {
    "space inside the link field's URL": ("DF325", _on_field(_split)),
    "space between ] and (": ("DF320", _on_target(lambda m: f"[{m[1]}] ({m[2]})")),
    "full-width parentheses": ("DF321", _on_target(lambda m: f"[{m[1]}]（{m[2]}）")),
    "full-width brackets": ("DF321", _on_target(lambda m: f"【{m[1]}】({m[2]})")),
    "full-width colon in a target": ("DF301", _on_target(
        lambda m: f"[{m[1]}]({m[2].replace(':', '：', 1)})")),
    "scheme typo in a target": ("DF301", _on_target(
        lambda m: f"[{m[1]}]({re.sub('^https?', 'htps', m[2])})")),
    "missing colon in the link field": ("DF301", _on_field(lambda u: u.replace(":", "", 1))),
    "one slash in the link field": ("DF301", _on_field(lambda u: u.replace("//", "/", 1))),
    "host without a dot": ("DF301", _on_field(_no_dots)),
    "scheme typo in text": ("DF323", _in_bullet("（见 htps://github.com/org/repo）")),
    "CJK glued to a bare URL": ("DF322", _in_bullet("，见https://github.com/org/repo。")),
    "bare URL cut by emphasis": ("DF324", _in_bullet(" _https://example.com/a_b_")),
    "placeholder link text": ("DF326", _on_target(lambda m: f"[Source 2]({m[2]})")),
}


def _real_sample() -> list[Path]:
    """The seeds and five digests of each archive, picked at random (seeded)."""
    rng = random.Random(12)
    sample = [p for p in PUBLICATIONS if "seeds" in p.parts]
    for archive in ("style-a", "style-b"):
        files = [p for p in PUBLICATIONS if archive in p.parts]
        sample += rng.sample(files, min(5, len(files)))
    return sample


@pytest.mark.skipif(not PUBLICATIONS, reason="../shared/corpus is not present")
@pytest.mark.parametrize("mistake", list(INJECTIONS))
def test_a_mistake_injected_into_real_digests_is_reported_at_its_line(mistake: str) -> None:
    code, inject = INJECTIONS[mistake]
    tried, missed = 0, []
    for path in _real_sample():
        text = path.read_text("utf-8")
        injected = inject(text, random.Random(f"{mistake}:{path.name}"))
        if injected is None:
            continue  # the digest has no place for this mistake (no 链接 field, say)
        changed, line = injected
        tried += 1
        result = lint_bytes(changed.encode(), str(path), Config(select=(code,)))
        if not any(f.span.line == line for f in result.findings):
            missed.append(f"{real_id(path)}:{line}")
    assert tried >= 3, f"too few real digests with a place for: {mistake}"
    assert missed == [], f"{code} missed {mistake} in {missed}"


@pytest.mark.skipif(not PUBLICATIONS, reason="../shared/corpus is not present")
def test_clean_real_digests_have_no_link_drift_but_known_real_defects() -> None:
    """On the real archives the new rules find only what is really wrong: a few bare
    URLs with CJK punctuation glued on (DF322) and generators' `Source N` (DF326)."""
    seen: dict[str, set[str]] = {}
    for path in PUBLICATIONS:
        for d in drifts(digestfmt.loads(path.read_text("utf-8"), path=str(path))):
            seen.setdefault(d.kind, set()).add(d.detail[-1])
    assert set(seen) <= {"glued"}
    assert seen.get("glued", set()) <= {"。", "）", "，"}  # all CJK punctuation: safe fixes


@given(st.text(alphabet="[]【】()（）ab:/.\n ", max_size=30))
def test_the_full_width_pre_check_skips_only_text_with_nothing_to_report(text: str) -> None:
    """Where ``_may_be_wide`` says no, every ``_FULL_WIDTH`` match is ASCII markup or has
    only its closing ``）`` full-width, which the drift scan passes over."""
    from digestfmt.links.drift import _ASCII, _FULL_WIDTH, _may_be_wide

    if _may_be_wide(text, 0, len(text)):
        return
    for m in _FULL_WIDTH.finditer(text):
        assert [g for g in ("open", "close", "paren", "end") if m[g] in _ASCII] in ([], ["end"])
