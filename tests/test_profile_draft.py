"""profile_draft: a starting profile from sample digests is a usable profile that reads
its samples' cards, fields and sections."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from block_tree import block_tree
from click.testing import CliRunner
from real_files import OTHERS

import digestfmt
from digestfmt import profiles
from digestfmt.cli import main
from digestfmt.lint.config import Config
from digestfmt.lint.run import lint_bytes
from digestfmt.profile_draft import draft, draft_text
from digestfmt.profile_file import check

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiles, "_REGISTERED", {})


def _sample(day: int, topics: list[list[str]]) -> str:
    """A digest of a made-up style: topic groups of numbered cards whose fields are list
    items opened by a marker emoji, and one bold-label section."""
    out = [f"# Model Watch — 2026-03-{day:02d}（周二）", ""]
    for topic, titles in zip(("Agents", "Chips"), topics, strict=False):
        out += [f"## {topic}", ""]
        for n, title in enumerate(titles, 1):
            out += [f"### {n}. [Lab] {title}", "",
                    f"- 🔗 [原文](https://example.com/{day}/{n})",
                    f"- ⏰ 2026-03-{day:02d} 08:0{n}",
                    "", "**要点:**", f"{title} matters.", "", "---", ""]
    return "\n".join(out)


SAMPLES = [_sample(3, [["Alpha", "Beta"], ["Gamma"]]), _sample(4, [["Delta"], ["Eps", "Zeta"]])]


def test_a_draft_describes_what_recurs(tmp_path: Path) -> None:
    data = draft(SAMPLES, "model-watch")
    assert data["card"]["level"] == 3
    assert data["groups"] == {"level": 2, "numbering": "per-group"}
    assert data["header"]["date_forms"] == ["YYYY-MM-DD"]
    assert data["header"]["template"] == ["{title}", " — {date}", "{note}"]
    assert {f["label"]: (f["kind"], f["required"]) for f in data["fields"].values()} == {
        "🔗": ("url", True), "⏰": ("datetime", True)}
    [container] = data["layout"]
    assert (container["container"], container["bullet"], container["label_style"]) == (
        "list", "- ", "{label} ")
    assert data["sections"]["items"] == [
        {"key": "section1", "name": "要点", "required": True, "body_start": "next-line"}]


def test_a_draft_is_a_usable_profile_that_reads_its_samples(tmp_path: Path) -> None:
    path = tmp_path / "model-watch.yaml"
    path.write_text(draft_text(SAMPLES, ["a.md", "b.md"], "model-watch"), "utf-8")
    assert check(str(path))[1] == []
    for day, text in zip((3, 4), SAMPLES, strict=True):
        result = lint_bytes(text.encode("utf-8"), f"2026-03-0{day}.md", Config(),
                            profile=str(path))
        assert [f.code for f in result.findings if f.severity == "error"] == []
        digest = digestfmt.loads(text, profile=str(path))
        assert len(digest.cards) == 3 and digest.header_note == "（周二）"
        assert [f.key for f in digest.cards[0].fields] == ["link", "time"]
        assert digestfmt.dumps(digest) == text


def test_the_draft_command(tmp_path: Path) -> None:
    for n, text in enumerate(SAMPLES):
        (tmp_path / f"{n}.md").write_text(text, "utf-8")
    out = tmp_path / "p.yaml"
    result = CliRunner().invoke(main, ["profile", "draft", str(tmp_path), "--name", "mw",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text("utf-8"))["name"] == "mw"
    assert out.read_text("utf-8").startswith("# Drafted by `digestfmt profile draft` from 2")
    bad = CliRunner().invoke(main, ["profile", "draft", str(tmp_path), "--name", "My Style"])
    assert bad.exit_code == 2 and "--name" in bad.output
    missing = CliRunner().invoke(main, ["profile", "draft", str(tmp_path / "none.md")])
    assert missing.exit_code == 2 and "none.md: no such file" in missing.output


FOLDERS = sorted({p.parent for p in OTHERS})


@pytest.mark.skipif(not FOLDERS, reason="no third-party digests beside the repository")
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.parent.name)
def test_a_draft_from_real_files_reads_them_and_keeps_their_blocks(
        tmp_path: Path, folder: Path) -> None:
    """Before any hand edit, a draft is a valid profile, finds cards in every sample and
    fmt with it keeps each sample's rendering and is idempotent."""
    files = sorted(folder.glob("*.md"))
    path = tmp_path / "draft.yaml"
    path.write_text(draft_text([f.read_text("utf-8") for f in files], []), "utf-8")
    assert check(str(path))[1] == []
    for f in files:
        text = f.read_text("utf-8")
        digest = digestfmt.loads(text, profile=str(path))
        canonical = digestfmt.dumps(digest)
        assert digest.cards and block_tree(canonical) == block_tree(text)
        assert digestfmt.dumps(digestfmt.loads(canonical, profile=str(path))) == canonical


QUOTED = """# AI 早报 2026/3/{day} 星期二

### 【OpenAI】新模型发布

> 来源：机器之心
> 链接：https://example.com/{day}/1

**要点**：新增电脑操作模式。

**点评**：集成成本下降。

### 【Google】新芯片

> 来源：量子位
> 链接：https://example.com/{day}/2

**要点**：能效翻倍。

**点评**：训练成本下降。
"""


def test_a_draft_reads_plain_quoted_labels_and_keeps_the_header_note(tmp_path: Path) -> None:
    texts = [QUOTED.format(day=day) for day in (10, 11)]
    data = draft(texts, "zaobao")
    assert data["header"]["date_forms"] == ["YYYY/M/D"]
    quote, points, comment = data["layout"]
    assert (quote["container"], quote["label_style"]) == ("blockquote", "{label}：")
    assert [line["fields"] for line in quote["lines"]] == [["source"], ["link"]]
    assert points["label_style"] == comment["label_style"] == "**{label}**："
    path = tmp_path / "zaobao.yaml"
    path.write_text(draft_text(texts, [], "zaobao"), "utf-8")
    for text in texts:
        digest = digestfmt.loads(text, profile=str(path))
        assert digest.header_note == " 星期二"
        assert digestfmt.dumps(digest) == text
        page = digestfmt.dumps(digest, to="html")  # the note keeps its space on the page too
        assert digestfmt.dumps(digestfmt.loads(page, path="p.html")) == text


BULLETS = """\
# Model Watch - 2026-03-10

## 大模型

- **OpenAI 发布 GPT-5**：推理能力大幅提升。
  - **来源**：机器之心
  - **链接**：https://example.com/gpt5
- **Google 发布 Gemini 3**
  - **来源**：量子位
  - **链接**：https://example.com/gemini

## 开源

- **DeepSeek 开源 R2**：权重全部开放
  - **来源**：新智元
  - **链接**：https://example.com/r2
"""


def test_a_draft_of_a_bullet_digest_reads_its_items_as_cards(tmp_path: Path) -> None:
    data = draft([BULLETS], "bullets")
    assert (data["card"]["form"], data["card"]["level"]) == ("item", 3)
    assert data["groups"] == {"level": 2, "numbering": "global"}
    assert {f["label"]: (f["kind"], f["required"]) for f in data["fields"].values()} == {
        "来源": ("text", True), "链接": ("url", True)}
    path = tmp_path / "bullets.yaml"
    path.write_text(draft_text([BULLETS], ["a.md"], "bullets"), "utf-8")
    assert check(str(path))[1] == []
    digest = digestfmt.loads(BULLETS, profile=str(path))
    assert [c.title for c in digest.cards] == ["OpenAI 发布 GPT-5", "Google 发布 Gemini 3",
                                               "DeepSeek 开源 R2"]
    assert digestfmt.dumps(digest) == BULLETS
    result = lint_bytes(BULLETS.encode(), "2026-03-10.md", Config(), profile=str(path))
    assert result.findings == []
