"""Regenerate src/upscnotes/syllabus/line_vectors-<model>.npz: the all-MiniLM-L6-v2 (and hashing fallback) vectors of the syllabus-side texts
(line prototypes and off-topic examples), shipped so a cold start does not embed them again. Run it after editing
line_hints.json; tests/test_classify_vectors.py fails while the shipped file is stale.

Usage: .venv/bin/python scripts/build_line_vectors.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from upscnotes.embed import Embedder, HashingEmbedder, MiniLMEmbedder
from upscnotes.syllabus.classify import line_texts, shipped_vectors_file, vectors_key


def main() -> None:
    texts = line_texts()
    embedders: list[Embedder] = [MiniLMEmbedder(), HashingEmbedder()]
    for embedder in embedders:
        vectors = embedder.embed(texts).astype(np.float32)
        out = Path(__file__).resolve().parent.parent / "src" / "upscnotes" / "syllabus" / shipped_vectors_file(embedder.name)
        np.savez_compressed(out, key=np.array(vectors_key(embedder.name, texts)), vectors=vectors)
        print(f"{out}: {vectors.shape[0]} vectors for {embedder.name}")


if __name__ == "__main__":
    main()
