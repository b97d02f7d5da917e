"""Annotation throughput with the shipped starter glossary (every term, alias and abbreviation), beside flashtext.

    .venv/bin/python bench/annotate_starter.py [--mb 10] [--repeat 3]

The text is ~10 MB of the SemEval-2022 Task 8 English texts (../shared/data), as in bench/annotate.py; the glossary
is the starter glossary a new database gets (``Glossary.open``), so the figure is what ``upscnotes annotate`` does on
a fresh project. Both engines run in this process, taking turns, and the best of ``--repeat`` runs is shown with
the median; peak memory is this process's high-water mark (VmHWM) after the runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from annotate import corpus  # noqa: E402


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from flashtext import KeywordProcessor

    from upscnotes.glossary.annotate import Annotator
    from upscnotes.glossary.store import Glossary

    text = corpus(args.mb)
    with tempfile.TemporaryDirectory() as tmp:
        g = Glossary.open(str(Path(tmp) / "g.db"))
        t0 = time.perf_counter()
        ann = Annotator(g)
        build = time.perf_counter() - t0
        forms = g.match_forms()
        kp = KeywordProcessor(case_sensitive=False)
        for tid, form in forms:
            kp.add_keyword(form, str(tid))
        ours, theirs = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            out = ann.annotate_text(text)
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            kp.extract_keywords(text, span_info=True)
            theirs.append(time.perf_counter() - t0)
        spans = out.count('class="key-term"')
        g.close()
    mb = len(text.encode("utf-8")) / 1e6
    print(f"starter glossary: {len(forms):,} forms of {len({t for t, _ in forms}):,} terms; automaton built in {build:.2f} s")
    print(f"text: {mb:.1f} MB, {spans:,} spans (first occurrence per section)")
    print(f"annotate_text: best {mb / min(ours):.1f} MB/s, median {mb / statistics.median(ours):.1f} MB/s")
    print(f"flashtext 2.7 extract_keywords: best {mb / min(theirs):.1f} MB/s, median {mb / statistics.median(theirs):.1f} MB/s")
    print(f"ratio (median, same process): {statistics.median(theirs) / statistics.median(ours):.2f}x flashtext; peak {vm_hwm_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
