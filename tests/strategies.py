"""Hypothesis strategies: schema-valid digests in their JSON form, and Markdown drift.

``documents()`` draws model-level JSON documents (the dicts ``codecs.json_.to_dict``
returns) for every style. They are schema-valid by construction; ``valid_documents``
adds the schema as a final guard, which should almost never reject anything.

``drifted()`` rewrites canonical Markdown the way real files drift, changing only
formatting: the parsed model must not change.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import strategies as st

from digestfmt.model import Digest
from digestfmt.parse.blocks import top_level_blocks
from digestfmt.profiles import all_profiles, get_profile
from digestfmt.schema import validate

JSON = dict[str, Any]
Draw = Callable[[st.SearchStrategy[Any]], Any]

EMPTY_DAY = "今日无内容。"

# -- inline text ----------------------------------------------------------------
#
# Leaf text is drawn from pools built once from a seeded RNG: one draw per token
# keeps an example to a few hundred draws (hypothesis-native text for every token
# made each example ~0.7 s). A native branch still adds arbitrary CJK and ASCII.

_rng = random.Random(20260220)
_CJK_COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物"
    "现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全"
    "表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无"
    "系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基"
    "资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取"
    "据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离"
    "华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低"
    "持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历"
    "模型推理智能体训练数据算法芯片开源发布评测强化学习多模态大语言机器人视觉生成"
)
_ASCII = string.ascii_letters + string.digits
_EMOJI = ["🔥", "🚀", "🤖", "✨", "🧠", "📈", "💬", "🎉", "👀", "🌍", "⚠️", "👨‍💻", "🇨🇳"]
_SPECIAL_WORDS = [
    "GPT-4o", "DeepSeek-R1", "3.5%", "v1.2", "A/B", "Claude Opus 4.6", "o3-mini",
    "C++", "Node.js", "R1-Zero", "1M", "Q&A", "x86_64", "e.g.", "AI", "2026年", "10倍",
]
_FULLWIDTH = [*list("，。：「」（）、！？；《》"), "……", "——", "“", "”"]
_ASCII_PUNCT = [*list(",.:;!?()'\"/%&+=~"), " - ", " | ", " -> ", "..."]
_HOSTS = ["example.com", "arxiv.org", "github.com", "mp.weixin.qq.com", "zh.wikipedia.org",
          "huggingface.co", "evjang.com", "a.b-c.io", "127.0.0.1:8080"]


def _pool_word(r: random.Random) -> str:
    kind = r.random()
    if kind < 0.45:
        return "".join(r.choice(_CJK_COMMON) for _ in range(r.randint(1, 6)))
    if kind < 0.75:
        return "".join(r.choice(_ASCII) for _ in range(r.randint(1, 8)))
    if kind < 0.9:
        return r.choice(_SPECIAL_WORDS)
    return r.choice(_EMOJI)


def _pool_url(r: random.Random) -> str:
    def segment() -> str:
        kind = r.random()
        if kind < 0.6:
            return "".join(r.choice(_ASCII + "-_.~") for _ in range(r.randint(1, 10)))
        if kind < 0.75:
            return "".join(r.choice(_CJK_COMMON) for _ in range(r.randint(1, 4)))
        # Balanced parentheses, as in https://en.wikipedia.org/wiki/Foo_(bar).
        return f"{_pool_word(r).replace(' ', '_')}_({r.choice(_ASCII)}{r.randint(0, 99)})"

    url = f"{r.choice(['https', 'https', 'http'])}://{r.choice(_HOSTS)}/"
    url += "/".join(segment() for _ in range(r.randint(0, 4)))
    if r.random() < 0.4:
        url += "?" + "&".join(f"{r.choice(_ASCII)}{r.randint(0, 9)}="
                              f"{''.join(r.choice(_ASCII + '%-') for _ in range(r.randint(0, 6)))}"
                              for _ in range(r.randint(1, 3)))
    if r.random() < 0.3:
        url += "#" + "".join(r.choice(_ASCII + "-") for _ in range(r.randint(1, 8)))
    return url.replace(" ", "")


def _pool_phrase(r: random.Random, n: int = 3) -> str:
    return " ".join(_pool_word(r) for _ in range(r.randint(1, n)))


def _pool_token(r: random.Random) -> str:
    kind = r.random()
    if kind < 0.5:
        token = _pool_word(r)
    elif kind < 0.62:
        token = r.choice(_FULLWIDTH)
    elif kind < 0.7:
        token = r.choice(_ASCII_PUNCT)
    elif kind < 0.78:
        token = f"**{_pool_phrase(r)}**"
    elif kind < 0.84:
        code = "".join(r.choice(_ASCII + " _-=+()<>#*[]") for _ in range(r.randint(1, 12)))
        token = f"`{code.strip() or 'x'}`"
    elif kind < 0.93:
        token = f"[{_pool_phrase(r)}]({_pool_url(r)})"
    elif kind < 0.97:
        token = _pool_url(r)
    elif kind < 0.99:
        token = r.choice(["$x^2$", "$E = mc^2$", r"$\alpha + \beta$", r"$O(n \log n)$"])
    else:
        token = r.choice(["a **b", "**", "x*y", "C#", "\\*", "1. ", "<br>", "&amp;"])
    return (" " if r.random() < 0.6 else "") + token


WORD_POOL = sorted({_pool_word(_rng) for _ in range(3000)}, key=lambda w: (len(w), w))
URL_POOL = [_pool_url(_rng) for _ in range(400)]
TOKEN_POOL = [_pool_token(_rng) for _ in range(4000)]

words = st.one_of(
    st.sampled_from(WORD_POOL),
    st.sampled_from(WORD_POOL),
    st.sampled_from(WORD_POOL),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=5),
    st.text(_ASCII, min_size=1, max_size=8),
)
urls = st.sampled_from(URL_POOL)


@cache
def _phrase(max_words: int = 4) -> st.SearchStrategy[str]:
    return st.lists(words, min_size=1, max_size=max_words).map(" ".join)


bold = _phrase(3).map(lambda s: f"**{s}**")
code_span = st.sampled_from([t.strip() for t in TOKEN_POOL if t.strip().startswith("`")])
link = st.builds(lambda text, url: f"[{text}]({url})", _phrase(3), urls)


_TOKENS = st.sampled_from(TOKEN_POOL)
_TOKEN_LISTS = {n: st.lists(_TOKENS, max_size=n) for n in range(1, 9)}


@st.composite
def _inline_line(draw: Draw, max_tokens: int) -> str:
    tokens = draw(_TOKEN_LISTS[max_tokens])
    return " ".join((draw(words) + "".join(tokens)).split(" ")).strip()


_INLINE = {n: _inline_line(n) for n in range(1, 9)}


def inline_line(max_tokens: int = 8) -> st.SearchStrategy[str]:
    """One line of inline Markdown that starts with a word (so no block markup)."""
    return _INLINE[max_tokens]


# A field value: one trimmed line holding nothing that reads as a label, and not
# ending in a field joiner (the schema's `text`).
_LABEL_LIKE = re.compile(r"\*\*[^*\n]*\*\*[ \t]*[:：]|\*\*[^*\n]*[:：][ \t]*\*\*")
field_text = inline_line(6).filter(
    lambda s: not _LABEL_LIKE.search(s) and s[-1] not in "|｜")

# -- blocks ---------------------------------------------------------------------


@cache
def _paragraph() -> st.SearchStrategy[str]:
    return st.lists(inline_line(), min_size=1, max_size=3).map("\n".join)


@st.composite
def _bullet_list(draw: Draw, ordered: bool = False) -> str:
    marker = draw(st.sampled_from(["1."] if ordered else ["-", "*", "+", "*  "]))
    n = draw(st.integers(1, 4))
    loose = draw(st.booleans())
    items = []
    for i in range(n):
        bullet = f"{i + 1}." if ordered else marker.strip()
        pad = " " * (len(marker) - len(marker.strip()) + 1)
        head = f"{bullet}{pad}{draw(inline_line())}"
        indent = " " * (len(bullet) + len(pad))
        if draw(st.integers(0, 3)) == 0:  # a nested list
            sub = draw(st.sampled_from(["-", "*", "1."]))
            for j in range(draw(st.integers(1, 3))):
                bullet2 = f"{j + 1}." if sub == "1." else sub
                head += f"\n{indent}{bullet2} {draw(inline_line())}"
        items.append(head)
    return ("\n\n" if loose else "\n").join(items)


_CELL = st.one_of(words, bold, code_span.filter(lambda c: "|" not in c), link)


@st.composite
def _table(draw: Draw) -> str:
    cols = draw(st.integers(1, 4))

    def cell() -> str:
        return draw(_CELL)

    rows = [[cell() for _ in range(cols)] for _ in range(draw(st.integers(1, 3)))]
    align = draw(st.lists(st.sampled_from(["---", ":---", "---:", ":---:"]),
                          min_size=cols, max_size=cols))
    header = [cell() for _ in range(cols)]
    return "\n".join("| " + " | ".join(r) + " |" for r in [header, align, *rows])


@st.composite
def _fence(draw: Draw) -> str:
    fence = draw(st.sampled_from(["```", "~~~", "````"]))
    lang = draw(st.sampled_from(["", "python", "bash", "json"]))
    body = draw(st.lists(
        st.one_of(st.text(_ASCII + " =()[]{}:,.'\"*_-+/<>|`", max_size=30).map(str.rstrip),
                  st.sampled_from(["x = 1", "print('你好')", "// 注释", "  indented()",
                                   "- not a list", "> not a quote", "**not bold**:"])),
        min_size=1, max_size=4,
    ))
    # A fenced block may hold one blank line, never two (the schema keeps blocks
    # apart with exactly one), and no line that could close the fence.
    lines, prev_blank = [], True
    for line in body:
        line = line.replace("`", "'") if fence.startswith("`") else line.replace("~", "-")
        blank = not line.strip()
        if blank and prev_blank:
            continue
        lines.append("" if blank else line)
        prev_blank = blank
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join([fence + lang, *lines, fence])


@cache
def _blockquote() -> st.SearchStrategy[str]:
    return st.lists(inline_line(), min_size=1, max_size=3).map(
        lambda ls: "\n".join("> " + line for line in ls))


_latex = st.sampled_from([
    "$$\nE = mc^2\n$$",
    "$$\n\\sum_{i=1}^{n} x_i^2 \\leq \\lambda\n$$",
    "$$\\mathcal{L}(\\theta) = -\\log p_\\theta(y \\mid x)$$",
])
_html_comment = _phrase(4).map(lambda s: f"<!-- {s} -->")


@cache
def _heading(level: int) -> st.SearchStrategy[str]:
    return inline_line(4).map(lambda s: "#" * level + " " + s)


@cache
def blocks(minor_heading: int | None = None, include_lists: bool = True,
           include_quote: bool = True) -> st.SearchStrategy[str]:
    """One Markdown block that a section body (or an extra) may hold."""
    options = [_paragraph(), _paragraph(), _table(), _fence(), _latex, _html_comment]
    if include_lists:
        options += [_bullet_list(), _bullet_list(), _bullet_list(ordered=True)]
    if include_quote:
        options.append(_blockquote())
    if minor_heading:
        options.append(_heading(minor_heading))
    return st.one_of(*options)


@cache
def body(minor_heading: int | None, min_blocks: int = 0) -> st.SearchStrategy[str]:
    return st.lists(blocks(minor_heading), min_size=min_blocks, max_size=4).map("\n\n".join)


# -- digest parts -----------------------------------------------------------------

_SECTION_NAMES = {"核心技术/实现逻辑", "实验数据/关键结论", "独家洞察/局限性", "相关资源"}
_EXTRA_LABELS = ["注", "备注", "作者", "Note", "阅读时间", "原文", "热度 🔥", "Source URL", "难度"]


@cache
def _times() -> st.SearchStrategy[str]:
    return st.datetimes(min_value=__import__("datetime").datetime(2020, 1, 1),
                        max_value=__import__("datetime").datetime(2030, 12, 31)).map(
        lambda t: t.strftime("%Y-%m-%d %H:%M"))


@cache
def _tags() -> st.SearchStrategy[list[str]]:
    tag = st.one_of(words, _phrase(2), st.sampled_from(["深度分析", "大语言模型", "VLA", "发布"]))
    return st.lists(tag, min_size=1, max_size=5)


@cache
def _intel_fields(legacy: bool) -> st.SearchStrategy[JSON]:
    del legacy  # the same keys; only the summary's label differs
    return st.fixed_dictionaries({
        "source": field_text,
        "time": _times(),
        "rating": st.integers(1, 5),
        "tags": _tags(),
        "link": urls,
        "summary": field_text,
    })


_source_name = st.one_of(
    st.sampled_from(["机器之心", "量子位", "极客公园", "新智元", "AI 科技评论", "The Verge"]),
    _phrase(2),
)
_linked_name = st.one_of(
    _source_name,
    st.builds(lambda a, b: f"{a} ({b})", _phrase(2), words),  # "Rocks (evjang.com)"
)
brief_source = st.one_of(
    st.builds(lambda n: {"name": n}, _source_name),
    st.builds(lambda n, u: {"name": n, "url": u}, _linked_name, urls),
)


@cache
def _brief_fields() -> st.SearchStrategy[JSON]:
    return st.fixed_dictionaries({
        "category": field_text,
        "source": st.lists(brief_source, min_size=1, max_size=4),
    })


@st.composite
def _brief_sections(draw: Draw) -> list[JSON]:
    """核心洞察 (a body of one paragraph or several, with bold lead-ins and numbered
    points, its body on the label's line or after it) and 内容简介 (usually its label
    continuing the insight's last paragraph); or neither, a card of fields only."""
    if not draw(st.integers(0, 5)):
        return []
    start = draw(st.sampled_from(["same-line", "same-line", "next-line", "next-block"]))
    first = draw(_paragraph()) if start != "next-block" else draw(blocks(minor_heading=3))
    more = draw(st.lists(st.one_of(_paragraph(), _lead_in_paragraph(), blocks(3)), max_size=3))
    parts = [first, *more]
    insight: JSON = {"key": "insight", "body": "\n\n".join(parts)}
    if start != "same-line":
        insight["body_start"] = start
    last = top_level_blocks(parts[-1], parts[-1].split("\n"))
    overview: JSON = {"key": "overview", "body": draw(body(minor_heading=3))}
    # The label opens its own paragraph (a reader sees one more), which only differs
    # from the style's way after a paragraph it could have continued.
    if last[-1].kind == "paragraph" and draw(st.integers(0, 3)) == 0:
        overview["joined"] = False
    if overview["body"] and draw(st.integers(0, 4)) == 0:
        overview["body"] = draw(_paragraph()) + "\n\n" + overview["body"]
        overview["body_start"] = draw(st.sampled_from(["same-line", "next-line"]))
    return [insight, overview]


@cache
def _lead_in_paragraph() -> st.SearchStrategy[str]:
    """A paragraph opening with a bold lead-in (``**① 标题**：…``): body text, no field."""
    lead = st.builds(lambda n, t: f"**{n}{t}**：", st.sampled_from(["", "① ", "② ", "故事线"]),
                     _phrase(2))
    return st.builds(lambda a, b: a + b, lead, inline_line())


@st.composite
def extra_fields(draw: Draw, style: str) -> list[JSON]:
    profile = get_profile(style)
    known = [f.label for f in profile.fields.values()]
    # A made-up label must be no style's field or section: 摘要 is intel-legacy's field,
    # which an intel card refuses as an extra (it would read back in the other era).
    taken = {name for p in all_profiles().values()
             for name in (*(f.label for f in p.fields.values()), *(x.name for x in p.sections))}
    label = st.one_of(st.sampled_from(_EXTRA_LABELS), _phrase(2).filter(
        lambda s: len(s) <= 32 and "*" not in s and s[-1] not in ":：" and s[0] not in ":："
        and s not in taken))
    if draw(st.integers(0, 3)) == 0:  # a repeat of a label the style knows
        label = st.sampled_from(known)
    out = []
    for _ in range(draw(st.integers(1, 2))):
        name = draw(label)
        if name in (s.name for s in profile.sections):
            continue
        value = draw(st.one_of(field_text, st.just("")))
        out.append({"label": name, "value": value})
    return out


@st.composite
def _intel_sections(draw: Draw) -> list[JSON]:
    if draw(st.integers(0, 4)) == 0:
        return []  # a summary-only card
    keys = ["tech", "data", "insight"] + (["resources"] if draw(st.booleans()) else [])
    markers = {"tech": "🔹", "data": "📊", "insight": "💡", "resources": "🔗"}
    out: list[JSON] = []
    for key in keys:
        section: JSON = {"key": key}
        if draw(st.integers(0, 4)) == 0:  # renamed, keeping the marker
            name = draw(_phrase(2).filter(lambda s: s not in _SECTION_NAMES
                                          and not _starts_with_emoji(s)))
            section["heading"] = f"{markers[key]} {name}"
        section["body"] = draw(body(minor_heading=5))
        out.append(section)
    if draw(st.integers(0, 3)) == 0:  # a section the style does not define
        out.insert(draw(st.integers(0, len(out))), _keyless_section(draw))
    return out


_EMOJI_START = re.compile("^[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF]")


def _starts_with_emoji(s: str) -> bool:
    return bool(_EMOJI_START.match(s))


def _keyless_section(draw: Draw) -> JSON:
    heading = draw(_phrase(3).filter(lambda s: s not in _SECTION_NAMES
                                     and not _starts_with_emoji(s)))
    return {"heading": heading, "body": draw(body(minor_heading=5))}


@cache
def _extra_block(style: str) -> st.SearchStrategy[str]:
    """A block a card does not define. It must not read as a field block."""
    minor = 3 if style == "brief" else 5
    return st.one_of(
        _html_comment, _html_comment,
        blocks(minor_heading=minor, include_quote=True),
    )


@st.composite
def _extras(draw: Draw, style: str, field_blocks: int) -> list[JSON]:
    """Extras anchored after 0..field_blocks parts: a block placed later than the
    first section is part of that section's body (the parser cannot tell)."""
    anchors = draw(st.lists(st.integers(0, field_blocks), min_size=1, max_size=3, unique=True))
    return [
        {"after": after, "markdown": "\n\n".join(draw(st.lists(_extra_block(style),
                                                                min_size=1, max_size=2)))}
        for after in sorted(anchors)
    ]


@cache
def _card_title() -> st.SearchStrategy[str]:
    return inline_line(6)


@st.composite
def intel_card(draw: Draw, legacy: bool = False) -> JSON:
    card: JSON = {"number": draw(st.integers(1, 120))}
    if draw(st.booleans()):
        card["org"] = draw(st.one_of(
            st.sampled_from(["DeepSeek/Eric Jang", "HKU & SJTU", "OpenAI", "智谱 AI"]),
            _phrase(2).filter(lambda s: "[" not in s and "]" not in s)))
    card["title"] = draw(_card_title().filter(lambda s: not s.startswith("[")))
    card["fields"] = draw(_intel_fields(legacy))
    style = "intel-legacy" if legacy else "intel"
    if draw(st.integers(0, 4)) == 0:
        card["extra_fields"] = draw(extra_fields(style))
        if not card["extra_fields"]:
            del card["extra_fields"]
    if legacy:
        card["sections"] = [_keyless_section(draw)
                            for _ in range(draw(st.integers(0, 1)))]
    else:
        card["sections"] = draw(_intel_sections())
    if draw(st.integers(0, 4)) == 0:
        card["extras"] = draw(_extras(style, 2 + ("extra_fields" in card)))
    if draw(st.integers(0, 5)) == 0:
        card["separator"] = False
    return card


@st.composite
def brief_card(draw: Draw) -> JSON:
    card: JSON = {
        "title": draw(_card_title().filter(lambda s: s != "其他相关资讯")),
        "fields": draw(_brief_fields()),
    }
    if draw(st.integers(0, 4)) == 0:
        card["extra_fields"] = draw(extra_fields("brief"))
        if not card["extra_fields"]:
            del card["extra_fields"]
    card["sections"] = draw(_brief_sections())
    if draw(st.integers(0, 4)) == 0:
        card["extras"] = draw(_extras("brief", 1 + ("extra_fields" in card)))
    if draw(st.integers(0, 5)) == 0:
        card["separator"] = False
    return card


_DATE_FORMATS = ["YYYY-MM-DD", "YYYY/MM/DD", "YYYY.MM.DD", "YYYY年MM月DD日"]


@st.composite
def _header(draw: Draw, style: str, doc: JSON, need_date: bool) -> None:
    if style == "brief":
        doc["title"] = draw(st.one_of(
            st.sampled_from(["🤖 AI行业速递", "🎮 游戏行业速递", "AI - Daily"]),
            inline_line(3).filter(lambda s: not re.search(r"[-–—|｜:：]", s))))
    else:
        doc["title"] = draw(st.sampled_from(["AI 每日情报", "AI每日情报"]))
    choice = 0 if need_date else draw(st.integers(0, 2))
    if choice == 0:
        date = draw(st.dates(min_value=__import__("datetime").date(2020, 1, 1),
                             max_value=__import__("datetime").date(2030, 12, 31)))
        doc["date"] = date.isoformat()
        default = get_profile(style).date_format
        fmt = draw(st.sampled_from([default, default, *_DATE_FORMATS]))
        if fmt != default:
            doc["date_format"] = fmt
    elif choice == 1:
        doc["date_text"] = draw(inline_line(3).filter(lambda s: not re.match(r"\d{4}", s)))


@st.composite
def intel_document(draw: Draw, legacy: bool = False) -> JSON:
    style = "intel-legacy" if legacy else "intel"
    doc: JSON = {"format": "digestfmt/3", "style": style}
    if not legacy and draw(st.integers(0, 6)) == 0:  # an empty day: header and text only
        draw(_header(style, doc, need_date=False))
        doc["intro"] = EMPTY_DAY
        doc["cards"] = []
        return doc
    if draw(st.integers(0, 4)) == 0:
        doc["preamble"] = draw(st.one_of(_html_comment, _paragraph()))
    draw(_header(style, doc, need_date=True))
    if draw(st.booleans()):
        doc["intro"] = draw(st.sampled_from(["## 📊 今日情报", "## 📊 今日情报\n\n共 3 条。"]))
    doc["cards"] = draw(st.lists(intel_card(legacy), min_size=1, max_size=3))
    return doc


@st.composite
def brief_document(draw: Draw) -> JSON:
    doc: JSON = {"format": "digestfmt/3", "style": "brief"}
    if draw(st.integers(0, 4)) == 0:
        doc["preamble"] = draw(st.one_of(_html_comment, _paragraph()))
    draw(_header("brief", doc, need_date=True))
    if draw(st.integers(0, 3)) == 0:
        doc["intro"] = draw(st.one_of(_paragraph(), _blockquote(), _heading(3)))
    doc["cards"] = draw(st.lists(brief_card(), min_size=1, max_size=3))
    choice = draw(st.integers(0, 3))
    if choice == 1:
        doc["related"] = {"items": draw(st.lists(
            st.builds(lambda t, u: {"title": t, "url": u},
                      inline_line(5).filter(lambda s: "[" not in s and "]" not in s), urls),
            min_size=1, max_size=5))}
    elif choice == 2:
        doc["related"] = {"body": draw(st.one_of(_paragraph(), _fence(), _table()))}
    return doc


def documents(style: str | None = None) -> st.SearchStrategy[JSON]:
    """Schema-valid JSON documents of ``style`` (every style when None)."""
    by_style = {
        "intel": intel_document(),
        "intel-legacy": intel_document(legacy=True),
        "brief": brief_document(),
    }
    if style is not None:
        return by_style[style]
    return st.one_of(by_style["intel"], by_style["brief"], by_style["intel-legacy"])


def schema_valid(doc: JSON) -> bool:
    return not validate(doc)


def valid_documents(style: str | None = None) -> st.SearchStrategy[JSON]:
    return documents(style).filter(schema_valid)


# -- drift ---------------------------------------------------------------------------

DRIFTS = (
    "emoji_space", "number_spaces", "label_colons", "blank_lines", "heading_spaces",
    "target_space", "separator_style", "crlf", "bom", "no_final_newline",
)
_LABEL_FORMS = ("**{}**:", "**{}**：", "**{}：**", "**{}:**")


@st.composite
def drifted(draw: Draw, canonical: str, digest: Digest) -> tuple[str, list[str]]:
    """Canonical Markdown with formatting-only drift applied; also the drifts used."""
    chosen = draw(st.lists(st.sampled_from(DRIFTS), min_size=1, max_size=5, unique=True))
    lines = canonical.split("\n")
    edits: list[tuple[int, int, int, str]] = []  # (line, start col, end col, replacement)
    inserts: set[int] = set()  # 0-based line indices to get a blank line before them
    section_level = digest.profile.section_level
    for card in digest.cards:
        assert card.heading_span is not None
        heading = card.heading_span.line - 1
        if "number_spaces" in chosen and card.number is not None:
            text = lines[heading]
            at = text.index(f"{card.number}.") + len(f"{card.number}.")
            edits.append((heading, at, at, draw(st.sampled_from([" ", "  ", "\t"]))))
        if "heading_spaces" in chosen and draw(st.booleans()):
            at = digest.profile.card_level
            edits.append((heading, at, at, " "))
        if "separator_style" in chosen and card.separator_span is not None:
            row = card.separator_span.line - 1
            edits.append((row, 0, len(lines[row]), draw(st.sampled_from(
                ["***", "* * *", "___", "-----", "- - -"]))))
        for f in card.fields:
            assert f.span is not None
            row, col = f.span.line - 1, f.span.column - 1
            if "label_colons" in chosen and draw(st.booleans()):
                if f.raw[:1] in ":：":
                    continue  # the colon would be read as part of the label
                form = draw(st.sampled_from(_LABEL_FORMS)).format(f.label)
                space = draw(st.sampled_from(["", " ", "  "])) if f.raw else ""
                edits.append((row, col, col + len(f.label_markup), form + space))
            if "target_space" in chosen and lines[row][:col].endswith("🎯 "):
                edits.append((row, col - 1, col, ""))
        for s in card.sections:
            assert s.span is not None
            row, col = s.span.line - 1, s.span.column - 1
            if section_level is None:
                if "label_colons" in chosen and draw(st.booleans()):
                    form = draw(st.sampled_from(_LABEL_FORMS)).format(s.heading)
                    edits.append((row, col, col + len(s.heading_raw), form))
                continue
            if "emoji_space" in chosen and s.key is not None and " " in s.heading:
                marker = s.heading.split(" ", 1)[0]
                if s.heading_raw.startswith(marker + " "):
                    at = col + len(marker)
                    edits.append((row, at, at + 1, ""))
            if "heading_spaces" in chosen and draw(st.booleans()):
                edits.append((row, section_level, section_level, " "))
    if "blank_lines" in chosen:
        for block in top_level_blocks(canonical, lines):
            if block.start > 0 and draw(st.integers(0, 2)) == 0:
                inserts.add(block.start)
        if draw(st.booleans()):
            inserts.add(0)
        if draw(st.booleans()):
            inserts.add(len(lines) - 1)  # blank lines at the end
    for row, start, end, new in sorted(edits, reverse=True):
        lines[row] = lines[row][:start] + new + lines[row][end:]
    out = []
    for row, line in enumerate(lines):
        if row in inserts:
            out.append("")
        out.append(line)
    text = "\n".join(out)
    if "no_final_newline" in chosen:
        text = text.rstrip("\n")
    if "crlf" in chosen:
        text = text.replace("\n", "\r\n")
    if "bom" in chosen:
        text = "\ufeff" + text
    return text, chosen
