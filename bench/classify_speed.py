"""How fast GS classification runs: from cold text, and when the note embeddings are already cached.

Notes are generated from the labelled news items of ``bench/data/gs_eval.jsonl``: note ``k`` joins one, two or
three items (title, then each item's headline and text as paragraphs), with its own title, so no two notes are
the same text. Timings depend on what else the machine runs: torch's two threads slow down sharply when another
process holds a core. Three figures:

* **cold** — N notes (default 200) classified one at a time with :func:`classify`, no cache: every sentence
  goes through the model. Model load and the one-off syllabus embedding are timed separately, before.
  The same notes through :func:`classify_many` (one batched model call) are reported too.
* **cached** — M notes (default 1,000) with a :class:`CachedEmbedder` in a temporary directory: a first pass
  fills the cache, then a fresh cache object (same file, so the vectors come from disk) classifies every note
  one at a time; only that second pass is timed.

Usage: ``python bench/classify_speed.py [--embedder minilm|hashing] [--cold N] [--cached M] [--json]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from eval_gs import load_items

from upscnotes.embed import CachedEmbedder, Embedder, get_embedder
from upscnotes.syllabus.classify import (
    classify,
    classify_many,
    line_index,
    text_sentences,
)


def make_notes(items: list[dict[str, Any]], n: int) -> list[str]:
    """``n`` distinct note texts built from 1–3 eval items each (cycling through the items with a stride)."""
    notes: list[str] = []
    for k in range(n):
        parts = 1 + k % 3
        picked = [items[(k * 7 + 3 * j) % len(items)] for j in range(parts)]
        title = f"Daily brief {k + 1}: {picked[0]['headline']}"
        body = "\n".join(f"{it['headline']}\n{it['text']}" for it in picked)
        notes.append(f"{title}\n{body}")
    return notes


def _timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def run(embedder_name: str, n_cold: int, n_cached: int) -> dict[str, Any]:
    items = load_items()
    report: dict[str, Any] = {"cpus": os.cpu_count()}

    embedder, report["load_seconds"] = _timed(lambda: get_embedder(prefer=embedder_name))
    report["embedder"] = embedder.name
    _, report["syllabus_embedding_seconds"] = _timed(lambda: line_index(embedder))

    cold = make_notes(items, n_cold)
    report["cold_notes"] = n_cold
    report["cold_sentences_per_note"] = sum(len(text_sentences(t)) for t in cold) / n_cold
    _, secs = _timed(lambda: [classify(t, embedder=embedder) for t in cold])
    report["cold_seconds"] = secs
    report["cold_notes_per_second"] = n_cold / secs
    _, secs = _timed(lambda: classify_many(cold, embedder=embedder))
    report["cold_batched_seconds"] = secs
    report["cold_batched_notes_per_second"] = n_cold / secs

    cached_notes = make_notes(items, n_cached)
    with tempfile.TemporaryDirectory(prefix="upscnotes-speed-") as tmp:
        path = Path(tmp) / "embeddings.sqlite"
        filler = CachedEmbedder(embedder, path)
        _, report["cache_fill_seconds"] = _timed(lambda: classify_many(cached_notes, embedder=filler))
        filler.close()
        warm: Embedder = CachedEmbedder(embedder, path)
        _, secs = _timed(lambda: [classify(t, embedder=warm) for t in cached_notes])
        report["cached_notes"] = n_cached
        report["cached_seconds"] = secs
        report["cached_notes_per_second"] = n_cached / secs
        assert isinstance(warm, CachedEmbedder) and warm.misses == 0, "second pass should be all cache hits"
        warm.close()
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embedder", choices=("minilm", "hashing"), default="minilm")
    ap.add_argument("--cold", type=int, default=200, help="notes classified from cold text")
    ap.add_argument("--cached", type=int, default=1000, help="notes classified from cached embeddings")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    r = run(args.embedder, args.cold, args.cached)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    print(f"embedder {r['embedder']} on {r['cpus']} CPUs")
    print(f"one-off: embedder load {r['load_seconds']:.2f} s, "
          f"syllabus embedding {r['syllabus_embedding_seconds']:.2f} s")
    print(f"cold:    {r['cold_notes']} notes ({r['cold_sentences_per_note']:.1f} sentences each), "
          f"one at a time: {r['cold_seconds']:.2f} s = {r['cold_notes_per_second']:.1f} notes/s; "
          f"batched: {r['cold_batched_seconds']:.2f} s = {r['cold_batched_notes_per_second']:.1f} notes/s")
    print(f"cached:  {r['cached_notes']} notes, one at a time: {r['cached_seconds']:.2f} s "
          f"= {r['cached_notes_per_second']:.0f} notes/s (cache filled beforehand in {r['cache_fill_seconds']:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
