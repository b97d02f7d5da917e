"""Every CLI command is documented in the README, and the README starts with the two commands."""

from __future__ import annotations

from conftest import ROOT, run_cli

from upscnotes.cli import app, glossary_app


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert set(names) >= {"parse", "render", "check", "init", "annotate", "build", "classify"}
    for name in names:
        assert f"upscnotes {name}" in readme, name
    for c in glossary_app.registered_commands:
        assert (c.name or c.callback.__name__) in readme


def test_readme_starts_with_make_demo_and_make_test() -> None:
    lines = [ln for ln in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if ln.startswith("make ")]
    assert lines[:2] and lines[0].startswith("make demo") and lines[1].startswith("make test")


def test_help_and_bad_command() -> None:
    assert run_cli("--help").returncode == 0
    proc = run_cli("no-such-command")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
