"""End-to-end build throughput: articles per second and peak memory for 100 and 1,000 articles, with the
embedding model and without it (hashing fallback), each configuration in its own child process.

Articles are generated here as variants of the team's examples and of the SemEval-2022 news texts in
../shared/data (paragraph order shuffled, an edition line added), so no two are the same text.

    .venv/bin/python bench/build.py [--sizes 100 1000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEMEVAL = ROOT.parent / "shared" / "data" / "semeval2022_task8_en_train.jsonl"


def generate(n: int, path: Path, seed: int = 11) -> None:
    from upscnotes.ingest import ingest
    from upscnotes.text import split_sentences

    rng = random.Random(seed)
    bases = [{"title": a.title, "date": a.date, "publisher": a.publisher, "text": a.text}
             for a in ingest([str(ROOT / "examples" / "sources"), str(ROOT / "examples" / "feed.xml")]).articles]
    if SEMEVAL.exists():
        for line in SEMEVAL.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for key in ("text1", "text2"):
                text = (row.get(key) or "").strip()
                spans = split_sentences(text)
                if len(spans) >= 4:
                    bases.append({"title": text[spans[0][0]:spans[0][1]][:120], "date": "2020-01-01", "publisher": "SemEval news",
                                  "text": text})
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            b = bases[i % len(bases)]
            paras = [p for p in b["text"].split("\n") if p.strip()]
            if len(paras) > 2:
                head, rest = paras[:1], paras[1:]
                rng.shuffle(rest)
                paras = head + rest
            text = "\n".join(paras) + f"\nThis is edition {i} of the report."
            fh.write(json.dumps({"title": f"{b['title']} ({i})", "date": b["date"], "publisher": b["publisher"], "text": text}) + "\n")


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(src: str, embedder: str, q: mp.Queue) -> None:  # type: ignore[type-arg]
    os.environ["UPSCNOTES_EMBEDDER"] = embedder
    from upscnotes.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        report = build([src], tmp, db=str(Path(tmp) / "u.db"))
        elapsed = time.perf_counter() - t0
    q.put({"articles": report.articles_new, "notes": len(report.notes), "stories": report.stories,
           "seconds": elapsed, "peak_mb": peak_mb()})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--embedders", nargs="+", default=["minilm", "hashing"])
    args = ap.parse_args()
    mp.set_start_method("spawn")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    # The rate is articles read per second: since stories, notes (one per story) are fewer than articles.
    print(f"{'articles':>8} {'embedder':>8} {'notes':>6} {'seconds':>8} {'articles/s':>11} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            src = Path(tmp) / f"articles-{n}.jsonl"
            generate(n, src)
            for emb in args.embedders:
                q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
                p = mp.Process(target=run, args=(str(src), emb, q))
                p.start()
                r = q.get()
                p.join()
                print(f"{r['articles']:>8} {emb:>8} {r['notes']:>6} {r['seconds']:>8.1f} {r['articles'] / r['seconds']:>11.1f} {r['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()
