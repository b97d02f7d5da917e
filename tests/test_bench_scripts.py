"""The annotation benchmark must keep running as the code under it changes: a tiny run of the real script (it
measures nothing at this size; BENCHMARKS.md holds the figures from full runs)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, need_shared


def test_annotate_benchmark_runs_end_to_end() -> None:
    need_shared("data", "semeval2022_task8_en_train.jsonl")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "annotate.py"), "--mb", "0.2", "--terms", "400", "--repeat", "1",
                           "--regex-timeout", "20"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for row in ("annotate_text, default", "annotate_text, every", "TermMatcher.find", "annotate_html", "flashtext", "re alternation",
                "pyahocorasick iter_long", "same process"):
        assert row in out, (row, out)
    assert "target (default annotate >= 10 MB/s and >= 2x flashtext):" in out
