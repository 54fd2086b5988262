"""A local wheelhouse, so that the tests that pip-install this project (the Action's
install step, pre-commit's hook environment) never reach a package index.

Tests run with no network but loopback. Installing the project needs its build
backend (hatchling) and its dependencies: all are installed in the test
environment, so each is packed back into a wheel (``wheel pack``, from the files
its RECORD lists) and pip is pointed at that folder alone (``PIP_NO_INDEX``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# written by the installer, not part of the wheel (pip writes its own on install)
_INSTALLER_FILES = {"INSTALLER", "REQUESTED", "RECORD", "direct_url.json"}


def _wanted(root: Path) -> list[str]:
    """The project's build requirements and dependencies, with theirs, as installed here."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    todo = [r for r in map(Requirement, (*pyproject["build-system"]["requires"],
                                         *pyproject["project"]["dependencies"]))
            if not r.marker or r.marker.evaluate()]
    names: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        requirement = todo.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        names[key[0]] = requirement.name
        for extra in {"", *requirement.extras}:
            todo.extend(r for r in map(Requirement, metadata.requires(requirement.name) or [])
                        if not r.marker or r.marker.evaluate({"extra": extra}))
    return sorted(names.values())


def _pack(name: str, unpacked: Path, dest: Path) -> None:
    """One installed distribution back into a wheel in ``dest``."""
    dist = metadata.distribution(name)
    if not any(str(f).endswith(".dist-info/WHEEL") for f in dist.files or []):
        raise RuntimeError(f"{name} was not installed from a wheel: cannot pack it")
    for file in dist.files or []:
        parts = Path(str(file)).parts
        if parts[0] == ".." or "__pycache__" in parts or (
                parts[0].endswith(".dist-info") and parts[-1] in _INSTALLER_FILES):
            continue  # scripts and data outside site-packages are remade from the metadata
        target = unpacked / file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(str(dist.locate_file(file))), target)
    done = subprocess.run([sys.executable, "-m", "wheel", "pack", "-d", str(dest), str(unpacked)],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"wheel pack {name}: {done.stdout}{done.stderr}")


def build(root: Path, work: Path) -> Path:
    """A folder of wheels of everything installing the project at ``root`` needs."""
    dest = work / "wheels"
    dest.mkdir()
    for name in _wanted(root):
        _pack(name, work / "unpacked" / name, dest)
    return dest


def offline_env(wheels: Path) -> dict[str, str]:
    """Environment for pip (and virtualenv, which seeds it) to install from ``wheels`` only."""
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels),
            "VIRTUALENV_NO_PERIODIC_UPDATE": "1", "VIRTUALENV_NO_DOWNLOAD": "1"}
