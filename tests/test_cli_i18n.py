"""Messages in Chinese: the locale (LANG=zh_CN.UTF-8), --lang or the settings' ``lang`` pick
the language of findings, error lines, summaries and rule pages; codes, names and the
``digestfmt: error:`` prefix stay as they are."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
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


def test_unreadable_epub_and_html_inputs_say_why_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "b.epub").write_bytes(b"not a zip")
    (tmp_path / "p.html").write_text('<html><head><meta name="generator" content="Hugo 0.1">'
                                     "</head><body><p>hi</p></body></html>", "utf-8")
    (tmp_path / "bare.html").write_text("<html><body><main>hi</main></body></html>", "utf-8")
    args = ["convert", "--to", "json", "-o", "out", "b.epub", "p.html", "bare.html"]
    result = run_cli(args, tmp_path, env=ZH)
    assert result.code == 2
    assert result.err == (
        "digestfmt: error: b.epub: 不是 EPUB：不是 zip 压缩包\n"
        "digestfmt: error: p.html: 不是 digestfmt 生成的 HTML 页面：由 'Hugo 0.1' 生成\n"
        "digestfmt: error: bare.html: 不是 digestfmt 生成的 HTML 页面：没有 "
        '<main class="digest" data-style> 元素\n')
    english = run_cli(args, tmp_path, env=EN)
    assert english.err == (
        "digestfmt: error: b.epub: not an EPUB: not a zip archive\n"
        "digestfmt: error: p.html: not a digestfmt HTML page: made by 'Hugo 0.1'\n"
        'digestfmt: error: bare.html: not a digestfmt HTML page: no <main class="digest" '
        "data-style> element\n")


def test_an_epub_entry_problem_in_chinese(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "b.epub", "w") as book:
        book.writestr("mimetype", "text/plain")
    result = run_cli(["convert", "--to", "json", "b.epub"], tmp_path, env=ZH)
    assert result.err == "digestfmt: error: b.epub: 不是 EPUB：mimetype 不是 " \
                         "application/epub+zip\n"


PROFILE_PROBLEMS = ("name: mine\ncolour: red\n", "pattern: '^(?P<number>",
                    "pattern: '^(?P<nummer>")


def _bad_profile(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "profiles" / \
        "daily-news.yaml"
    text = example.read_text("utf-8").replace("name: daily-news\n", PROFILE_PROBLEMS[0])
    (tmp_path / "bad.yaml").write_text(text.replace(*PROFILE_PROBLEMS[1:]), "utf-8")


def test_profile_check_lists_problems_in_chinese(tmp_path: Path) -> None:
    _bad_profile(tmp_path)
    result = run_cli(["profile", "check", "bad.yaml"], tmp_path, env=ZH)
    assert result.code == 2
    lines = result.out.splitlines()
    assert lines[0].startswith("bad.yaml:14:1: 未知键 'colour'（已知：name, description,")
    assert lines[1:] == ["bad.yaml:27:12: 分组 nummer 在此处没有意义（已知：number, org, title）",
                         "bad.yaml:28:13: 模式中的分组 nummer 从未被写出：fmt 会丢掉它们",
                         "bad.yaml:28:14: 占位符 number 不是模式中的分组"]
    english = run_cli(["profile", "check", "bad.yaml"], tmp_path, env=EN)
    assert english.out.splitlines()[1] == \
        "bad.yaml:27:12: group(s) nummer mean nothing here (known: number, org, title)"
    used = run_cli(["lint", "--no-cache", "--profile", "bad.yaml", "d.md"], _digest(tmp_path),
                   env=ZH)
    assert used.code == 2
    assert used.err.startswith("digestfmt: error: bad.yaml:14:1: 不是可用的风格配置：未知键 ")
    assert used.err.endswith("（另有 3 个问题；`digestfmt profile check` 会全部列出）\n")
    unknown = run_cli(["lint", "--no-cache", "--profile", "nosuch", "d.md"], tmp_path, env=ZH)
    assert "未知风格 'nosuch'（已知：" in unknown.err


class _Site(BaseHTTPRequestHandler):
    """A 404, a deleted page (a soft 404) and a page that refuses checkers."""

    hits: ClassVar[Counter[str]] = Counter()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        status, body = {"/deleted": (200, "<p>该内容已被发布者删除</p>"),
                        "/forbidden": (403, "no bots")}.get(self.path, (404, ""))
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture()
def site() -> Iterator[str]:
    _Site.hits.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _linking(tmp_path: Path, base: str) -> None:
    (tmp_path / ".digestfmt.yaml").write_text(
        "links:\n  allow-private: true\n  cache: links.json\n  timeout: 5\n  retries: 0\n"
        "  hosts:\n    127.0.0.1:\n      method: GET\n      soft-404: ['该内容已被发布者删除']\n",
        "utf-8")
    (tmp_path / "d.md").write_text(DIGEST.replace("https://example.com/a", f"{base}/deleted")
                                   .replace("新模型。", f"新模型，见 <{base}/forbidden>、"
                                                     f"<{base}/missing>。"), "utf-8")


def _rows(out: str) -> list[str]:
    """The listing without its PATH:LINE:COL."""
    return [line.split(": ", 1)[1] for line in out.splitlines()]


def test_link_reasons_and_summary_in_chinese_cached_ones_too(tmp_path: Path, site: str) -> None:
    _linking(tmp_path, site)
    english = run_cli(["links", "d.md"], tmp_path, env=EN)
    assert english.code == 1
    assert _rows(english.out) == [
        f"broken {site}/deleted (soft 404: page says '该内容已被发布者删除')",
        f"unverifiable {site}/forbidden (HTTP 403 (blocks checkers))",
        f"broken {site}/missing (HTTP 404)"]
    assert english.err == "checked 3 URL(s): 2 broken, 1 unverifiable; 0 from the cache, " \
                          "3 request(s)\n"
    cached = json.loads((tmp_path / "links.json").read_text("utf-8"))["entries"]
    assert cached[f"{site}/deleted"]["reason"] == "soft 404: page says '该内容已被发布者删除'"
    chinese = run_cli(["links", "d.md"], tmp_path, env=ZH)
    assert _Site.hits["/deleted"] == 1  # the English run's result, from the cache
    assert _rows(chinese.out) == [
        f"broken {site}/deleted (软 404：页面显示 '该内容已被发布者删除')",
        f"unverifiable {site}/forbidden (HTTP 403（拒绝检查程序）)",
        f"broken {site}/missing (HTTP 404)"]
    assert chinese.err == "检查了 3 个 URL：2 个失效，1 个无法验证；2 个来自缓存，1 次请求\n"
    dump = run_cli(["links", "--output-format", "json", "d.md"], tmp_path, env=ZH)
    assert json.loads(dump.out)[0]["reason"] == "软 404：页面显示 '该内容已被发布者删除'"
    lint = run_cli(["lint", "--no-cache", "--check-links", "--select", "DF3", "d.md"],
                   tmp_path, env=ZH)
    assert f"DF310 [error] 失效链接 {site}/deleted：软 404：页面显示 '该内容已被发布者删除'" \
        in lint.out
    assert lint.err.startswith("links: 检查了 3 个 URL：")


def test_a_reason_cached_in_english_reads_in_chinese(tmp_path: Path) -> None:
    url = "https://example.com/a"
    (tmp_path / ".digestfmt.yaml").write_text("links:\n  cache: links.json\n", "utf-8")
    (tmp_path / "links.json").write_text(json.dumps({"version": 1, "entries": {url: {
        "outcome": "broken", "reason": "redirect loop", "status": None, "moved_to": None,
        "checked": time.time()}}}), "utf-8")
    result = run_cli(["links", "d.md"], _digest(tmp_path), env=ZH)
    assert result.out == f"d.md:6:9: broken {url} (重定向循环)\n"
    assert result.err == "检查了 1 个 URL：1 个失效；1 个来自缓存，0 次请求\n"
