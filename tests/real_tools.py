"""The real tools some tests drive: git (for pre-commit) and java (EPUBCheck, the Nu
checker). On a developer's machine without one, those tests skip; under CI, which
installs them (.ci/run sets DIGESTFMT_REQUIRE_TOOLS=1), a missing tool fails them
instead, so a green CI has really run them."""

from __future__ import annotations

import os
import shutil

import pytest

REQUIRED = os.environ.get("DIGESTFMT_REQUIRE_TOOLS") == "1"


def tool(name: str) -> str:
    """The tool's path; skips the test (fails it, under CI) when it is not installed."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed"
        if REQUIRED:
            pytest.fail(f"{message}, and DIGESTFMT_REQUIRE_TOOLS=1", pytrace=False)
        pytest.skip(message, allow_module_level=True)
    return found
