"""Regenerate src/upscnotes/syllabus/line_vectors.npz: the all-MiniLM-L6-v2 vectors of the syllabus-side texts
(line prototypes and off-topic examples), shipped so a cold start does not embed them again. Run it after editing
line_hints.json; tests/test_classify_vectors.py fails while the shipped file is stale.

Usage: .venv/bin/python scripts/build_line_vectors.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from upscnotes.embed import MiniLMEmbedder
from upscnotes.syllabus.classify import SHIPPED_VECTORS, line_texts, vectors_key


def main() -> None:
    embedder = MiniLMEmbedder()
    texts = line_texts()
    vectors = embedder.embed(texts).astype(np.float32)
    out = Path(__file__).resolve().parent.parent / "src" / "upscnotes" / "syllabus" / SHIPPED_VECTORS
    np.savez_compressed(out, key=np.array(vectors_key(embedder.name, texts)), vectors=vectors)
    print(f"{out}: {vectors.shape[0]} vectors for {embedder.name}")


if __name__ == "__main__":
    main()
