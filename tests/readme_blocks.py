"""Code blocks of the README, which tests run: what a user pastes must work."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def block(section: str, language: str) -> str:
    """The first ``language`` code block of the README's ``## section``."""
    text = README.read_text("utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(rf"```{language}\n(.*?)```", body, re.S)
    assert found, f"the README's {section} section has no {language} block"
    return found.group(1)
