"""Digest.hidden_cards: cards a reader sees that no card heading opens.

Hand-made cases for each way a heading goes wrong, a property that a digest the
writer made has none, and the issue's acceptance test: a heading broken at a
random card of a real digest is found at its line (DF119), and clean real digests
have none.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from real_files import PUBLICATIONS, real_id
from strategies import documents

import digestfmt
from digestfmt.codecs import json_, markdown
from digestfmt.lint.config import Config
from digestfmt.lint.run import lint_bytes
from digestfmt.model import HiddenCard, Span
from digestfmt.profiles import get_profile

BRIEF = """\
# 🤖 AI行业速递 - 2026年02月20日

## Gemini 3.1 Pro发布

> **分类：** 产品与商业模式
> **来源：** [量子位](https://mp.weixin.qq.com/s/def)

**核心洞察：** 一句话。
**内容简介：**

- 要点。

---

## 推理演化

> **分类：** 技术前沿解读
> **来源：** [机器之心](https://mp.weixin.qq.com/s/abc)

**核心洞察：** 一句话。
"""


def test_a_well_formed_digest_hides_no_card() -> None:
    assert digestfmt.loads(BRIEF).hidden_cards == ()


def test_a_heading_one_level_too_deep() -> None:
    text = BRIEF.replace("## 推理演化", "### 推理演化")
    digest = digestfmt.loads(text)
    assert len(digest.cards) == 1
    assert digest.hidden_cards == (HiddenCard(Span(17, 1, 17, 17), Span(15, 1, 15, 4), 3),)


def test_a_missing_heading() -> None:
    digest = digestfmt.loads(BRIEF.replace("## 推理演化\n\n", ""))
    assert digest.hidden_cards == (HiddenCard(Span(15, 1, 15, 17)),)


def test_a_heading_glued_to_the_line_before() -> None:
    digest = digestfmt.loads(BRIEF.replace("- 要点。\n\n---\n\n## ", "- 要点。## "))
    # `- 要点。` is 5 code points: the glued `##` is at 6 and 7.
    assert digest.hidden_cards == (HiddenCard(Span(13, 1, 13, 17), Span(11, 6, 11, 8)),)


def test_fields_under_a_section_label_are_a_cards_own() -> None:
    """Only a second field block hides a card: the first one may follow anything."""
    text = BRIEF.replace("## 推理演化\n\n", "## 推理演化\n\n**基本信息**\n\n")
    assert digestfmt.loads(text).hidden_cards == ()


@pytest.mark.parametrize("style", ["intel", "brief", "intel-legacy"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_digest_the_writer_made_hides_no_card(style: str, data: st.DataObject) -> None:
    """(Extra fields that repeat the style's own labels are left out: a second block
    of 来源 and 时间 does read as another card's opening, and DF114 reports them.)"""
    doc = data.draw(documents(style))
    labels = {spec.label for spec in get_profile(style).fields.values()}
    assume(not any(extra["label"] in labels
                   for card in doc["cards"] for extra in card.get("extra_fields", [])))
    text = markdown.dumps(json_.from_dict(doc))
    assert digestfmt.loads(text).hidden_cards == ()


# -- on real digests ---------------------------------------------------------------

def _card_headings(text: str) -> list[re.Match[str]]:
    """The headings of the most common level 2 or 3, but the first (a card's, mostly)."""
    found = list(re.finditer(r"^(#{2,3}) (?!📊|🔗|其他)(.+)$", text, re.M))
    levels = [len(m[1]) for m in found]
    if not levels:
        return []
    level = max(set(levels), key=levels.count)
    return [m for m in found if len(m[1]) == level][1:]


def _deeper(text: str, m: re.Match[str]) -> tuple[str, int]:
    return text[:m.start()] + "#" + text[m.start():], text.count("\n", 0, m.start()) + 1


def _glued(text: str, m: re.Match[str]) -> tuple[str, int]:
    before = re.sub(r"\s*(?:---)?\s*$", "", text[:m.start()])
    return before + text[m.start():], before.count("\n") + 1


BREAKS = {"one level too deep": _deeper, "glued to the line before": _glued}


@pytest.mark.skipif(not PUBLICATIONS, reason="../shared/corpus is not present")
@pytest.mark.parametrize("how", list(BREAKS))
def test_a_broken_card_heading_in_a_real_digest_is_reported(how: str) -> None:
    rng = random.Random(7)
    sample = [p for p in PUBLICATIONS if "seeds" in p.parts] + rng.sample(PUBLICATIONS, 10)
    missed = []
    for path in sample:
        text = path.read_text("utf-8")
        headings = _card_headings(text)
        if not headings:
            continue
        changed, line = BREAKS[how](text, random.Random(path.name).choice(headings))
        result = lint_bytes(changed.encode(), str(path), Config(select=("DF119",)))
        if [f.span.line for f in result.findings] != [line]:
            missed.append(f"{real_id(path)}:{line}")
    assert missed == []


@pytest.mark.skipif(not PUBLICATIONS, reason="../shared/corpus is not present")
def test_real_digests_hide_no_card() -> None:
    hidden = {real_id(p): digestfmt.loads(p.read_text("utf-8")).hidden_cards
              for p in PUBLICATIONS}
    assert {name: cards for name, cards in hidden.items() if cards} == {}

