from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("UPSCNOTES_SHARED", ROOT.parent / "shared"))
DATA = Path(__file__).resolve().parent / "data"
SEED_000 = SHARED / "seeds" / "000_b6d71a92323a2ec6.txt"
SEED_001 = SHARED / "seeds" / "001_8d9464e448fc4b44.txt"


IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
# `make test` installs the model stack; a test that needs the model then fails instead of skipping when it is missing.
MODEL_REQUIRED = IN_CI or os.environ.get("UPSCNOTES_REQUIRE_MODEL", "").strip() == "1"


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI and not SHARED.exists():
        pytest.exit(f"{SHARED} is missing: CI needs ../shared (seeds and test data) beside the checkout", returncode=1)


def need_shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: ../shared (beside the checkout) holds the seeds and test data"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def need_model(reason: str) -> None:
    """The model is missing: fail where `make test` (or CI) was to install it, else skip with the reason."""
    if MODEL_REQUIRED:
        pytest.fail(f"all-MiniLM-L6-v2 is required here (make test installs it): {reason}", pytrace=False)
    pytest.skip(f"all-MiniLM-L6-v2 is not available: {reason}")


@pytest.fixture
def seed000() -> Path:
    return need_shared("seeds", SEED_000.name)


@pytest.fixture
def seed001() -> Path:
    return need_shared("seeds", SEED_001.name)


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real command line, in a subprocess, as a user runs it."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "upscnotes", *args], input=input, capture_output=True, cwd=cwd, env=full_env,
                          timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples built once into a site (offline writer, hashing embedder): DIR with index.html and upscnotes.db."""
    out = tmp_path_factory.mktemp("site") / "demo"
    proc = run_cli("build", str(ROOT / "examples" / "notes"), str(ROOT / "examples" / "sources"), str(ROOT / "examples" / "feed.xml"),
                   "--out", str(out), "--db", str(out / "upscnotes.db"), env={"UPSCNOTES_EMBEDDER": "hashing"}, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    assert (out / "index.html").is_file(), proc.stderr
    return out


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Lets fixtures see whether their test failed (the browser tests save a screenshot then)."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)
