"""The import boundaries of DESIGN.md are checked, not hoped for: import-linter's contracts (pyproject.toml) pass on
the tree, and they catch a breach when one is made."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_contracts_hold_on_the_tree() -> None:
    out = lint(ROOT / "src")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "BROKEN" not in out.stdout


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [
        (
            "reference/domain.py",
            "import sibina.web.urls",
            "sibina.reference is not allowed to import sibina.web",
        ),
        (
            "needs/domain.py",
            "import sibina.planning.models",
            "sibina.needs is not allowed to import sibina.planning",
        ),
        ("optimiser/words.py", "import django.db", "sibina.optimiser is not allowed to import django"),
    ],
)
def test_a_breach_is_caught(tmp_path: Path, module: str, line: str, expected: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "sibina", src / "sibina", ignore=shutil.ignore_patterns("__pycache__", "locale")
    )
    target = src / "sibina" / module
    target.write_text(target.read_text() + f"\n{line}  # a deliberate breach\n")
    out = lint(src)
    assert out.returncode != 0
    assert expected in " ".join(out.stdout.split())
