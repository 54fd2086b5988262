"""What a one-file ``digestfmt lint`` process imports (pre-commit starts one per commit):
nothing that only other commands, online checks or configuration files need."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "intel" / "2026-03-02" / "daily_report.md"
# JSON validation, the HTML/EPUB converters, the link checker, YAML (profiles come from
# profile_data.py), TOML (no configuration here), the result cache and file writing.
NOT_FOR_LINT = ("jsonschema", "fastjsonschema", "jinja2", "lxml", "nh3", "defusedxml", "httpx",
                "yaml", "tomllib", "pathlib", "tempfile", "hashlib", "json",
                "digestfmt.lint.cache", "digestfmt.links.settings", "digestfmt.codecs")

_PROBE = """
import sys
from digestfmt.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
modules = sorted(sys.modules)
import json
print(json.dumps({"code": code, "modules": modules}), file=sys.stderr)
"""


def _python(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -c CODE ARGS`` seeing this interpreter's packages but running none of their
    ``.pth`` start-up hooks (-S), as a virtualenv holding only digestfmt would not: here one
    imports certifi, and with it json, pathlib and tempfile."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    return subprocess.run([sys.executable, "-S", "-c", code, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def _imported(*args: str, cwd: Path) -> tuple[int, set[str]]:
    """The exit code of ``digestfmt ARGS`` in a new process, and the modules it imported
    (the probe's own ``json`` is imported after the command ran)."""
    done = _python(_PROBE, *args, cwd=cwd)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


def test_import_of_the_cli_loads_no_command_code(tmp_path: Path) -> None:
    done = _python("import sys, digestfmt.cli; print(' '.join(sys.modules))", cwd=tmp_path)
    loaded = set(done.stdout.split())
    assert "digestfmt.cli" in loaded, done.stderr
    assert not {m for m in (*NOT_FOR_LINT, "digestfmt.lint", "digestfmt.parse") if m in loaded}


def test_one_file_lint_imports_only_what_linting_needs(tmp_path: Path) -> None:
    target = tmp_path / "intel" / "2026-03-02" / "daily_report.md"
    target.parent.mkdir(parents=True)
    shutil.copyfile(SAMPLE, target)
    code, loaded = _imported("lint", "--no-cache", str(target), cwd=tmp_path)
    assert code == 0
    assert "digestfmt.lint.rules" in loaded  # it did lint
    assert sorted(m for m in NOT_FOR_LINT if m in loaded) == []
