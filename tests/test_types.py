"""The package is typed (it ships py.typed): mypy must pass on it, and pyflakes-level lint on everything."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_mypy_passes_on_the_package() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "src"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_unused_imports_or_undefined_names() -> None:
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9,I", "src", "tests", "bench", "scripts"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
