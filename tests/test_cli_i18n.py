"""Messages in Chinese: the locale (LANG=zh_CN.UTF-8), --lang or the settings' ``lang`` pick
the language of findings, error lines, summaries and rule pages; codes, names and the
``digestfmt: error:`` prefix stay as they are."""

from __future__ import annotations

import json
from pathlib import Path

from lint_helpers import run_cli

from digestfmt.lint.rules import all_rules

ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
EN = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
DIGEST = """\
# AI 每日情报 | 2026-02-20

### 1. [OpenAI] GPT-5 发布
**来源**: 机器之心 | **时间**: 2026-02-20 07:39
**价值**: ⭐⭐⭐⭐ **标签**: [发布]
**链接**: https://example.com/a

> 🎯 **一句话摘要**：新模型。

#### 🔹 核心技术/实现逻辑
- 新架构。

#### 📊 实验数据/关键结论
- 基准提升 20%。

#### 💡 独家洞察/局限性
- 成本仍高。

---
"""
FINDING_ZH = "d.md:5:9: DF201 [error] 评分用了 ⭐ (U+2B50)，而不是 🌟 (U+1F31F) [*]\n"
FINDING_EN = "d.md:5:9: DF201 [error] rating uses ⭐ (U+2B50) instead of 🌟 (U+1F31F) [*]\n"


def _digest(tmp_path: Path) -> Path:
    (tmp_path / "d.md").write_text(DIGEST, "utf-8")
    return tmp_path


def test_the_locale_gives_chinese_findings_and_summary(tmp_path: Path) -> None:
    result = run_cli(["lint", "--no-cache", "d.md"], _digest(tmp_path), env=ZH)
    assert result.code == 1
    assert result.out == (FINDING_ZH + "在 1 个文件中发现 1 个问题：1 个错误。\n"
                          "[*] 1 个可用 --fix 修复。\n")


def test_english_otherwise(tmp_path: Path) -> None:
    result = run_cli(["lint", "--no-cache", "d.md"], _digest(tmp_path), env=EN)
    assert result.out.startswith(FINDING_EN)
    assert "Found 1 problem(s) in 1 file(s): 1 error." in result.out


def test_lang_overrides_the_locale(tmp_path: Path) -> None:
    _digest(tmp_path)
    for args in (["--lang", "en", "lint"], ["lint", "--lang", "en"]):
        result = run_cli([*args, "--no-cache", "d.md"], tmp_path, env=ZH)
        assert result.out.startswith(FINDING_EN), args
    for args in (["--lang", "zh", "lint"], ["lint", "--lang", "zh_CN"]):
        result = run_cli([*args, "--no-cache", "d.md"], tmp_path, env=EN)
        assert result.out.startswith(FINDING_ZH), args


def test_an_unknown_lang_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["--lang", "fr", "lint", "d.md"], _digest(tmp_path), env=EN)
    assert result.code == 2 and result.out == ""
    assert "'fr' is not a language digestfmt speaks: use en or zh" in result.err


def test_the_settings_lang(tmp_path: Path) -> None:
    _digest(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.digestfmt]\nlang = "zh"\n', "utf-8")
    assert run_cli(["lint", "--no-cache", "d.md"], tmp_path, env=EN).out \
        .startswith(FINDING_ZH)
    assert run_cli(["lint", "--lang", "en", "--no-cache", "d.md"], tmp_path, env=ZH).out \
        .startswith(FINDING_EN)  # --lang wins over the settings
    (tmp_path / "pyproject.toml").write_text('[tool.digestfmt]\nlang = "fr"\n', "utf-8")
    result = run_cli(["lint", "--no-cache", "d.md"], tmp_path, env=EN)
    assert result.code == 2
    assert result.err.startswith("digestfmt: error: ")
    assert result.err.endswith("pyproject.toml [tool.digestfmt]: 'lang' must be en or zh, "
                               "got 'fr'\n")


def test_a_config_file_named_with_config_sets_the_language(tmp_path: Path) -> None:
    _digest(tmp_path)
    (tmp_path / "zh.yaml").write_text("lang: zh\n", "utf-8")
    result = run_cli(["lint", "--config", "zh.yaml", "--no-cache", "d.md"], tmp_path, env=EN)
    assert result.out.startswith(FINDING_ZH)


def test_error_lines_keep_their_prefix_and_translate_the_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("  \n", "utf-8")
    result = run_cli(["lint", "--no-cache", "missing.md", "empty.md"], tmp_path, env=ZH)
    assert result.code == 2
    assert result.err == ("digestfmt: error: missing.md: 文件不存在\n"
                          "digestfmt: error: empty.md: 空文件\n")
    english = run_cli(["lint", "--no-cache", "missing.md"], tmp_path, env=EN)
    assert english.err == "digestfmt: error: missing.md: no such file\n"


def test_json_keeps_codes_and_names(tmp_path: Path) -> None:
    result = run_cli(["lint", "--no-cache", "--output-format", "json", "d.md"],
                     _digest(tmp_path), env=ZH)
    [finding] = json.loads(result.out)
    assert (finding["code"], finding["name"], finding["severity"]) == \
        ("DF201", "rating-emoji", "error")
    assert finding["message"] == "评分用了 ⭐ (U+2B50)，而不是 🌟 (U+1F31F)"
    assert finding["fix"]["description"] == "改为 4 个 🌟"


def test_the_cache_keeps_languages_apart(tmp_path: Path) -> None:
    _digest(tmp_path)
    for env, finding in ((EN, FINDING_EN), (ZH, FINDING_ZH), (EN, FINDING_EN)):
        assert run_cli(["lint", "d.md"], tmp_path, env=env).out.startswith(finding)


def test_a_baseline_holds_in_either_language(tmp_path: Path) -> None:
    _digest(tmp_path)
    assert run_cli(["lint", "--write-baseline", "b.json", "d.md"], tmp_path, env=EN).code == 0
    for env in (ZH, EN):
        for cache in ([], ["--no-cache"]):
            result = run_cli(["lint", *cache, "--baseline", "b.json", "d.md"], tmp_path, env=env)
            assert result.code == 0, (env, cache, result.out)


def test_the_rule_page_in_chinese(tmp_path: Path) -> None:
    result = run_cli(["rule", "DF201"], tmp_path, env=ZH)
    assert result.code == 0
    assert result.out.startswith("DF201 rating-emoji (error)\n\n评分")
    for heading in ("检查什么", "为什么", "示例", "修复"):
        assert f"\n## {heading}\n" in result.out
    assert "**价值**: ⭐⭐⭐⭐ **标签**: [发布]" in result.out  # the example is the same
    assert "## What it checks" not in result.out
    english = run_cli(["rule", "DF201"], tmp_path, env=EN)
    assert english.out == f"DF201 rating-emoji (error)\n\n{all_rules()['DF201'].doc.strip()}\n\n"


def test_every_rule_page_is_chinese(tmp_path: Path) -> None:
    payload = json.loads(run_cli(["rule", "--all", "--output-format", "json"], tmp_path,
                                 env=ZH).out)
    for item, rule in zip(payload, all_rules().values(), strict=True):
        assert (item["code"], item["name"]) == (rule.code, rule.name)
        assert item["summary"] != rule.summary, rule.code
        assert "## 检查什么\n" in item["doc"] and "## Why\n" not in item["doc"], rule.code


def test_fmt_and_clean_notes(tmp_path: Path) -> None:
    _digest(tmp_path)
    result = run_cli(["fmt", "--check", "d.md"], tmp_path, env=ZH)
    assert result.err == "将重排 d.md\n1 个文件将被重排，0 个不变\n"
    assert run_cli(["clean"], tmp_path, env=ZH).err == "没有可删除的缓存\n"
