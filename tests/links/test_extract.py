"""links(digest): every link with exact positions (computed by hand, in code points),
its origin, kind and JSON pointer; and the URL helpers rules share with the checker."""

from __future__ import annotations

from digestfmt.codecs.json_ import from_dict, to_dict
from digestfmt.links import Link, links, normalize
from digestfmt.links.url import (
    dangerous_scheme,
    malformed,
    scheme,
    strip_tracking,
    tracking_params,
)
from digestfmt.model import Span
from digestfmt.parse import parse_text
from digestfmt.profiles import get_profile

INTEL = """\
# AI 每日情报 | 2026-02-20

见 <https://example.com/intro>。

### 1. [OpenAI] 新模型发布
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: 🌟🌟🌟🌟 **标签**: [发布]
**链接**: https://mp.weixin.qq.com/s/abc

> 🎯 **一句话摘要**：详见[原文](https://a.example/x "标题")。

#### 🔗 相关资源
- 论文：https://arxiv.org/abs/2602.00001。代码在 `https://in.code/x` 里
- 主页（https://b.example/p_(x)）
- [未闭合](https://c.example/y
- [空]()

```
https://in.fence/z
```

    https://in.indented/code
"""

BRIEF = """\
# 🤖 AI行业速递 - 2026年02月20日

## 标题

> **分类：** 产品
> **来源：** [极客公园](https://mp.weixin.qq.com/s/3d) 、 [量子位](https://mp.weixin.qq.com/s/_n)

**核心洞察：** 洞察。
**内容简介：** 见 [原文](https://d.example/q)

- 要点。

---

## 其他相关资讯

- [资讯一](https://mp.weixin.qq.com/s/r1)
"""


def _intel() -> list[Link]:
    return links(parse_text(INTEL, profile=get_profile("intel")))


def test_intel_links_in_document_order() -> None:
    assert [link.url for link in _intel()] == [
        "https://example.com/intro",
        "https://mp.weixin.qq.com/s/abc",
        "https://a.example/x",
        "https://arxiv.org/abs/2602.00001",
        "https://b.example/p_(x)",
        "https://c.example/y",
        "",
    ]


def test_intro_autolink() -> None:
    link = _intel()[0]
    # 见(1) space(2) <(3) url 4..28 >(29)
    assert (link.origin, link.kind, link.pointer) == ("intro", "autolink", ("intro",))
    assert link.span == Span(3, 3, 3, 30)
    assert link.url_span == Span(3, 4, 3, 29)
    assert link.card is None


def test_link_field_is_the_cards_main_link() -> None:
    link = _intel()[1]
    # `**链接**: ` is 8 code points; the 30-character URL fills columns 9..38
    assert (link.origin, link.kind, link.main) == ("field", "field", True)
    assert link.span == link.url_span == Span(8, 9, 8, 39)
    assert (link.card, link.pointer) == (0, ("cards", 0, "fields", "link"))


def test_inline_link_with_title_in_a_quoted_field() -> None:
    link = _intel()[2]
    # > sp 🎯 sp **一句话摘要** ： 详 见 -> `[` at 17, `(` at 21, URL 22..40, `)` at 46
    assert (link.origin, link.kind, link.main) == ("field", "inline", False)
    assert (link.text, link.title) == ("原文", "标题")
    assert link.span == Span(10, 17, 10, 47)
    assert link.url_span == Span(10, 22, 10, 41)
    assert link.pointer == ("cards", 0, "fields", "summary")


def test_bare_urls_stop_at_cjk_punctuation_and_skip_code() -> None:
    arxiv, paren = _intel()[3:5]
    assert (arxiv.origin, arxiv.kind) == ("body", "bare")
    assert arxiv.span == arxiv.url_span == Span(13, 6, 13, 38)  # the 。 is not part of it
    assert arxiv.pointer == ("cards", 0, "sections", 0, "body")
    assert paren.span == Span(14, 6, 14, 29)  # balanced (x) kept, full-width ） not


def test_unclosed_and_empty_targets_are_data() -> None:
    unclosed, empty = _intel()[5:7]
    assert unclosed.unclosed and not unclosed.rendered and unclosed.text == "未闭合"
    assert unclosed.span == Span(15, 3, 15, 28)
    assert unclosed.url_span == Span(15, 9, 15, 28)
    assert empty.empty_target and empty.rendered
    assert empty.span == Span(16, 3, 16, 8)
    assert empty.url_span == Span(16, 7, 16, 7)


def test_brief_sources_lead_text_and_related_items() -> None:
    found = links(parse_text(BRIEF, profile=get_profile("brief")))
    first, second, lead, related = found
    # > sp **来源：** sp -> `[` at 11; 极客公园 12..15, `]` 16, `(` 17, URL 18..46, `)` 47
    assert (first.origin, first.main, first.text) == ("source", True, "极客公园")
    assert first.span == Span(6, 11, 6, 48)
    assert first.url_span == Span(6, 18, 6, 47)
    assert first.pointer == ("cards", 0, "fields", "source", 0)
    assert second.span == Span(6, 51, 6, 87)
    assert second.pointer == ("cards", 0, "fields", "source", 1)
    # the text after `**内容简介：**` on its line: 见 at 11, `[` at 13, `)` at 37
    assert (lead.origin, lead.span) == ("body", Span(9, 13, 9, 38))
    assert lead.pointer == ("cards", 0, "sections", 1, "body")
    assert (related.origin, related.kind) == ("related", "inline")
    assert related.span == Span(17, 3, 17, 39)
    assert related.url_span == Span(17, 9, 17, 38)
    assert related.pointer == ("related", "items", 0)


def test_continued_field_value_keeps_positions() -> None:
    text = INTEL.replace("详见[原文](https://a.example/x \"标题\")。",
                         "第一行\n> 第二行 https://e.example/m 结束")
    found = [link for link in links(parse_text(text, profile=get_profile("intel")))
             if link.url == "https://e.example/m"]
    assert found[0].span == Span(11, 7, 11, 26)  # > sp 第 二 行 sp -> 7


def test_digest_from_json_has_links_without_positions() -> None:
    digest = parse_text(INTEL, profile=get_profile("intel"))
    again = links(from_dict(to_dict(digest)))
    assert [link.url for link in again] == [link.url for link in links(digest)]
    assert all(link.span is None for link in again)


def test_links_are_cached_per_digest() -> None:
    digest = parse_text(INTEL, profile=get_profile("intel"))
    assert links(digest) == links(digest)


def test_schemes_and_danger() -> None:
    assert scheme("HTTPS://x.org") == "https"
    assert scheme("www.x.com:8080/a") is None
    assert scheme("/relative") is None
    assert dangerous_scheme(" JaVa&#115;cript:alert(1)") == "javascript"
    assert dangerous_scheme("java\tscript:x") == "javascript"
    assert dangerous_scheme("data:image/png;base64,AAAA", image=True) is None
    assert dangerous_scheme("data:image/png;base64,AAAA") == "data"


def test_malformed() -> None:
    assert malformed("https://mp.weixin.qq.com/s/abc") is None
    assert malformed("https://en.wikipedia.org/wiki/Rust_(language)") is None
    assert malformed("https://[2001:db8::1]:8080/x") is None
    assert malformed("#top") is None
    assert malformed("https//x.com") == "missing ':' after 'https'"
    assert malformed("http:/x.com") == "'http:' must be followed by '//'"
    assert malformed("https：//x.com") == "full-width colon '：' after 'https'"
    assert malformed("https:///x") == "has no host"
    assert malformed("https://x.com/a b") == "contains a space"
    assert malformed("https://x.com/a_(b") == "has unbalanced parentheses"
    assert malformed("https://x。com/") == "has '。' in its host 'x。com'"
    assert malformed("https://x.com:80a/") == "has an invalid port ':80a'"
    assert malformed("(https://x.com/)") == "has '(' before the scheme"
    assert malformed("www.x.com") == "has no scheme (write https://…)"


def test_tracking_parameters() -> None:
    url = "https://t.co/a/?id=7&utm_source=x&UTM_Medium=y&spm=1#frag"
    assert tracking_params(url) == ["utm_source", "UTM_Medium", "spm"]
    assert strip_tracking(url) == "https://t.co/a/?id=7#frag"
    wechat = "https://mp.weixin.qq.com/s?__biz=M&mid=1&idx=1&sn=a&chksm=b&scene=21"
    assert strip_tracking(wechat) == "https://mp.weixin.qq.com/s?__biz=M&mid=1&idx=1&sn=a&chksm=b"
    assert tracking_params("https://www.youtube.com/watch?v=1&si=z&t=3") == ["si"]
    assert tracking_params("https://example.com/?si=1&s=2") == []


def test_normalize_ignores_what_does_not_name_a_page() -> None:
    assert normalize("HTTPS://MP.Weixin.QQ.com:443/s/abc/#x") == "https://mp.weixin.qq.com/s/abc"
    assert normalize("https://mp.weixin.qq.com/s/abc?utm_source=a") == \
        normalize("https://mp.weixin.qq.com/s/abc")
    assert normalize("https://x.com/a?b=1") != normalize("https://x.com/a?b=2")
