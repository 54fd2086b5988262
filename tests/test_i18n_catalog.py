"""The Chinese catalog is complete and compiled: every message marked in the source and
every part of every rule's documentation has a translation, with the same placeholders
and code blocks, and the shipped .mo is the .po's (tools/catalog.py, with Babel)."""

from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _catalog() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalog", ROOT / "tools" / "catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalog = _catalog()


def test_every_message_has_a_chinese_translation_and_the_mo_is_fresh() -> None:
    problems = catalog.problems()
    assert problems == [], "run `python tools/catalog.py update`, translate, then " \
                           "`python tools/catalog.py compile`:\n" + "\n".join(problems[:20])


def test_extraction_finds_marked_messages_and_rule_docs() -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog.extract() if m.id}
    assert "empty file" in ids  # _() in parse/source.py
    assert "input nests too deeply to process" in ids  # N_() in cli.py
    assert " (tolerance {n} day)" in ids  # ngettext() in a rule
    assert "A rating uses an emoji other than 🌟 (U+1F31F)." in ids  # DF201's summary
    assert len(ids) > 400


def test_a_message_without_translation_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    template = catalog.extract()
    template.add("a message added without a translation", locations=[("src/x.py", None)])
    monkeypatch.setattr(catalog, "extract", lambda: template)
    assert "untranslated: 'a message added without a translation'" in catalog.problems()


def test_a_translation_with_other_placeholders_or_code_fails(
        monkeypatch: pytest.MonkeyPatch) -> None:
    po = catalog.load()
    po["field {label} is empty"].string = "字段 {name} 为空"
    doc = next(m for m in po if m.id and isinstance(m.id, str) and m.id.startswith("Bad:\n```"))
    doc.string = doc.string.replace("```md\n", "```md\n改动 ", 1)
    monkeypatch.setattr(catalog, "load", lambda: po)
    found = catalog.problems()
    assert any(p.startswith("placeholders differ: 'field {label} is empty'") for p in found)
    assert any(p.startswith("code blocks differ from the English") for p in found)
    assert any(p.endswith("is stale: run python tools/catalog.py compile") for p in found)


def test_the_runtime_reads_the_shipped_mo_with_the_standard_library() -> None:
    found = gettext.find("digestfmt", str(ROOT / "src" / "digestfmt" / "locale"), ["zh"])
    assert found == str(catalog.MO)
    with open(found, "rb") as handle:
        zh = gettext.GNUTranslations(handle)
    assert zh.gettext("empty file") == "空文件"
    assert zh.gettext("Why") == "为什么"
