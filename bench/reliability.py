"""Reliability figures (issue 14): time to parse, check and build a page nested N ``<div>``s deep (linear in N),
and the time to stop reading a 2 GB feed piped through a FIFO at the size limit, with peak memory.

Each run is the real command line in a child process, as a user runs it (hashing embeddings, to time the command
line rather than the model).

    .venv/bin/python bench/reliability.py [--depths 8000 32000 100000]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TEXT = ("India and the Republic of Korea signed a Memorandum of Understanding on defence cooperation in New Delhi on Monday. "
        "Union Defence Minister Rajnath Singh said the agreement covers joint exercises, training and shipbuilding. "
        "The two countries also agreed to expand cooperation in space, critical minerals and semiconductors over five years.")
ENV = {**os.environ, "UPSCNOTES_EMBEDDER": "hashing"}


def timed(*args: str) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "upscnotes", *args], capture_output=True, env=ENV, timeout=900)
    return time.monotonic() - start


def deep_page(depth: int, path: Path) -> None:
    path.write_text("<html><body><h3>Overview</h3>" + "<div>" * depth + f"<p>{TEXT}</p>" + "</div>" * depth + "</body></html>",
                    encoding="utf-8")


def fifo_feed(folder: Path, limit: int) -> tuple[float, int, float]:
    """Seconds until `build` gives up on a 2 GB feed in a FIFO, bytes the writer got through, peak RSS (MB)."""
    fifo = folder / "feed.xml"
    os.mkfifo(fifo)
    sent = [0]

    def write() -> None:
        item = b"<item><title>t</title><description>" + b"word " * 2000 + b"</description></item>"
        try:
            with open(fifo, "wb") as out:
                out.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>')
                while sent[0] < 2 * 1024**3:
                    out.write(item)
                    sent[0] += len(item)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "upscnotes", "build", str(fifo), "--out", str(folder / "out"), "--db", str(folder / "out" / "u.db"),
                    "--max-bytes", str(limit)], capture_output=True, env=ENV, timeout=900)
    seconds = time.monotonic() - start
    writer.join(timeout=30)
    return seconds, sent[0], resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--depths", type=int, nargs="+", default=[8000, 32000, 100_000])
    args = ap.parse_args()
    print("| depth | parse (s) | check (s) | build (s) |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for depth in args.depths:
            page = Path(tmp) / f"deep{depth}.html"
            deep_page(depth, page)
            out = Path(tmp) / f"out{depth}"
            print(f"| {depth:,} | {timed('parse', str(page)):.2f} | {timed('check', str(page)):.2f} | "
                  f"{timed('build', str(page), '--out', str(out), '--db', str(out / 'u.db')):.2f} |", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        seconds, sent, peak = fifo_feed(Path(tmp), 16 * 1024 * 1024)
        print(f"\n2 GB feed through a FIFO, --max-bytes 16 MiB: stopped after {seconds:.1f} s, writer got {sent / 1e6:.0f} MB through, "
              f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
