"""Clustering speed and memory: synthetic articles over 365 days, 1 to 12 per story.

    python bench/cluster.py [--sizes 10000 100000] [--seed 7]

Each article gets a precomputed embedding (its story's direction plus noise), a MinHash signature (its story's
word shingles, partly rewritten) and entity and figure sets (its story's, partly), so nothing is embedded or read
here: the figure is the cost of placing articles one by one into ``StoryIndex``, the blocking included. Peak memory
is the process's high-water mark (ru_maxrss), so run one size per process for a clean figure (the script does).
Also prints pairwise F1 against the synthetic truth, as a check that the index does real work.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DIM = 384


def synthetic(n: int, seed: int) -> tuple[list[object], list[int]]:
    from datetime import date, timedelta

    from datasketch import MinHash

    from upscnotes.stories.features import MINHASH_SCHEME, MINHASH_SEED, NUM_PERM, Features

    rng = np.random.default_rng(seed)
    feats: list[Features] = []
    truth: list[int] = []
    story = 0
    start = date(2025, 1, 1)
    base = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    vocab = 50_000
    while len(feats) < n:
        size = int(rng.integers(1, 13))
        direction = rng.standard_normal(DIM).astype(np.float32)
        direction /= np.linalg.norm(direction)
        day = start + timedelta(days=int(rng.integers(0, 365)))
        ents = {f"e{int(x)}" for x in rng.zipf(1.3, 6) % vocab}
        figs = {str(int(x)) for x in rng.integers(13, 100_000, 4)}
        words = rng.integers(0, 1 << 30, 200)
        for k in range(min(size, n - len(feats))):
            noise = rng.standard_normal(DIM).astype(np.float32)
            vec = direction + 0.7 * noise / np.linalg.norm(noise)  # cosine about 0.8 to its story, 0.67 to a sibling
            vec /= np.linalg.norm(vec)
            mine = words.copy()
            mine[rng.integers(0, 200, 120)] = rng.integers(0, 1 << 30, 120)  # rewritten, not a near-copy
            mh = base.copy()
            mh.update_batch([int(w).to_bytes(8, "little") for w in mine])
            feats.append(Features(f"s{story}-{k}", vec.astype(np.float32), mh.hashvalues.copy(), frozenset(ents),
                                  frozenset(figs), {}, (day + timedelta(days=int(rng.integers(0, 2)))).isoformat()))
            truth.append(story)
        story += 1
    return feats, truth  # type: ignore[return-value]


def f1(pred: list[int], truth: list[int]) -> float:
    from collections import Counter

    def pairs(labels: list[int]) -> int:
        return sum(c * (c - 1) // 2 for c in Counter(labels).values())

    both = pairs([hash((p, t)) for p, t in zip(pred, truth, strict=True)])
    p_pairs, t_pairs = pairs(pred), pairs(truth)
    prec = both / p_pairs if p_pairs else 1.0
    rec = both / t_pairs if t_pairs else 1.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def run_one(n: int, seed: int) -> dict[str, float]:
    from upscnotes.stories.cluster import StoryIndex, order_for_clustering

    feats, truth = synthetic(n, seed)
    by_id = {f.article_id: t for f, t in zip(feats, truth, strict=True)}  # type: ignore[attr-defined]
    ordered = order_for_clustering(feats)  # type: ignore[arg-type]
    idx = StoryIndex()
    t0 = time.perf_counter()
    for f in ordered:
        idx.add(f)
    elapsed = time.perf_counter() - t0
    pred = [idx.story_of[f.article_id] for f in ordered]
    gold = [by_id[f.article_id] for f in ordered]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": n, "seconds": elapsed, "articles_per_s": n / elapsed, "peak_mb": peak_mb, "stories": len(idx.stories),
            "true_stories": len(set(truth)), "pairwise_f1": f1(pred, gold)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed)))
        return 0
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print("| articles | seconds | articles/s | peak MB | stories (true) | pairwise F1 |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['articles']:,} | {r['seconds']:.1f} | {r['articles_per_s']:,.0f} | {r['peak_mb']:,.0f} | "
              f"{r['stories']:,} ({r['true_stories']:,}) | {r['pairwise_f1']:.3f} |")
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        ratio = b["seconds"] / a["seconds"]
        nlogn = (b["articles"] * math.log(b["articles"])) / (a["articles"] * math.log(a["articles"]))
        print(f"time ratio {ratio:.1f} for {b['articles'] / a['articles']:.0f}x the articles (n log n would be {nlogn:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
