"""The language a run speaks: the locale, --lang and the settings' ``lang``; what a
translated message keeps of its English (baselines depend on it)."""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest

from digestfmt import i18n
from digestfmt.i18n import Text


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.activate("zh")
    yield
    i18n.reset()


@pytest.mark.parametrize(("environ", "lang"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
    ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # an empty variable is not set
])
def test_the_locale_picks_the_language(environ: dict[str, str], lang: str) -> None:
    assert i18n.from_environment(environ) == lang


@pytest.mark.parametrize(("value", "lang"), [
    ("zh", "zh"), ("zh_CN", "zh"), ("zh-Hans", "zh"), ("ZH_cn.UTF-8", "zh"),
    ("en", "en"), ("en_GB", "en"), ("C", "en"), ("POSIX", "en"), ("fr", None), ("", None),
])
def test_normalize(value: str, lang: str | None) -> None:
    assert i18n.normalize(value) == lang


def test_english_is_the_source_text() -> None:
    i18n.activate("en")
    assert i18n._("empty file") == "empty file"
    assert not isinstance(i18n._("empty file"), Text)  # nothing to remember


def test_chinese_comes_from_the_catalog(chinese: None) -> None:
    message = i18n._("empty file")
    assert message == "空文件"
    assert isinstance(message, Text) and message.english == "empty file"
    assert i18n._("no message of digestfmt's") == "no message of digestfmt's"  # fallback


def test_a_formatted_message_keeps_its_english(chinese: None) -> None:
    where = i18n._(" (first at line {line})").format(line=3)
    message = i18n._("field {label} appears again{where}").format(label="来源", where=where)
    assert message == "字段 来源 重复出现（首次出现在第 3 行）"
    assert i18n.english(message) == "field 来源 appears again (first at line 3)"
    assert i18n._(message) is message  # translating twice changes nothing
    again = pickle.loads(pickle.dumps(message))  # as workers send findings
    assert again == message and again.english == message.english


def test_ngettext(chinese: None) -> None:
    one = i18n.ngettext(" (tolerance {n} day)", " (tolerance {n} days)", 1).format(n=1)
    two = i18n.ngettext(" (tolerance {n} day)", " (tolerance {n} days)", 2).format(n=2)
    assert (one, two) == ("（容差 1 天）", "（容差 2 天）")
    assert i18n.english(two) == " (tolerance 2 days)"


def test_the_settings_give_way_to_lang(chinese: None) -> None:
    i18n.activate("en", chosen=True)
    i18n.configured("zh")
    assert i18n.current() == "en"
    i18n.reset()
    i18n.configured("zh")
    assert i18n.current() == "zh" and not i18n.explicit()


@pytest.mark.parametrize(("reason", "zh"), [
    ("redirect loop", "重定向循环"),
    ("HTTP 503 after 3 attempts", "HTTP 503（已尝试 3 次）"),
    ("connection failed (boom) after 2 attempts", "连接失败（boom）（已尝试 2 次）"),
    ("network unavailable: DNS lookup failed (Temporary failure in name resolution)",
     "网络不可用：DNS 解析失败（Temporary failure in name resolution）"),
    ("HTTP 429, Retry-After 3600s is too long", "HTTP 429，Retry-After 3600 秒太长"),
    ("verification page ('完成验证')", "验证页面（'完成验证'）"),
    ("HTTP 404", "HTTP 404"),  # a status line reads the same in any language
    ("ReadTimeout (timed out)", "ReadTimeout (timed out)"),  # httpx's own text
])
def test_a_link_reason_is_explained_from_its_english(chinese: None, reason: str,
                                                      zh: str) -> None:
    from digestfmt.links.policy import explain

    assert explain(reason) == zh
    assert i18n.english(explain(reason)) == reason


def test_every_link_reason_template_reads_back_to_itself() -> None:
    from digestfmt.links import policy

    for template in policy.REASONS:
        names = [m.group(1) for m in policy._FIELD.finditer(template)]
        values = {name: "HTTP 500" if name == "failure" else "7" if name in policy._NUMBERS
                  else "x y" for name in names}
        made = policy._FIELD.sub(lambda m, v=values: v[m.group(1)], template)
        assert policy.explain(made) == made  # English: as it is
        i18n.activate("zh")
        try:
            assert policy.explain(made) != made, template  # Chinese: recognised
        finally:
            i18n.reset()
