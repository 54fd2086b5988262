"""Shared test setup.

Test directories have no ``__init__.py``; pyproject puts tests/ on ``sys.path``
(``pythonpath``), so test modules anywhere under tests/ import shared helpers as
``from strategies import ...``.

``HYPOTHESIS_PROFILE=explore`` runs the property tests with many more examples
and without the time-bounded shrinking of the default profile.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))

settings.register_profile(
    "explore", max_examples=2000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "noshrink", max_examples=400, deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

# The suite checks English messages: a developer's Chinese locale (zh_CN.UTF-8) would turn
# them into Chinese, so the locale's language is set aside here (the i18n tests set it).
for _name in ("LC_ALL", "LC_MESSAGES", "LANG"):
    if os.environ.get(_name, "").lower().startswith("zh"):
        os.environ[_name] = "C.UTF-8"


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A test that switches the language (in-process) does not leave it switched."""
    yield
    from digestfmt import i18n

    if i18n.current() != i18n.from_environment() or i18n.explicit():
        i18n.reset()


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    """Real digests shared with the project (absent in a bare checkout: tests skip)."""
    if not SEEDS:
        pytest.skip("no seed digests in ../shared/seeds")
    return SEEDS


@pytest.fixture(autouse=True, scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The caches a test run makes or clears (the link cache, by default below
    ``$XDG_CACHE_HOME``) are its own, never the user's."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))


@pytest.fixture(scope="session")
def offline_pip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment variables under which pip installs this project from a local
    wheelhouse, never an index: for the tests that pip-install it (tests/wheelhouse.py)."""
    import wheelhouse
    from real_tools import REQUIRED

    missing = [name for name in ("wheel", "hatchling") if find_spec(name) is None]
    if missing:
        message = f"{', '.join(missing)} not installed: cannot build the wheelhouse"
        if REQUIRED:
            pytest.fail(f"{message}, and DIGESTFMT_REQUIRE_TOOLS=1", pytrace=False)
        pytest.skip(message)
    return wheelhouse.offline_env(wheelhouse.build(ROOT, tmp_path_factory.mktemp("wheelhouse")))
