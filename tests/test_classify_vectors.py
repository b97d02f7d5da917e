"""The syllabus vectors shipped in the package are the ones the model gives for today's hint texts."""

from __future__ import annotations

import numpy as np
from conftest import need_model

from upscnotes.syllabus.classify import line_texts, shipped_vectors


def test_shipped_line_vectors_are_current() -> None:
    from upscnotes.embed import EmbedderUnavailable, MiniLMEmbedder

    try:
        embedder = MiniLMEmbedder()
        fresh = embedder.embed(line_texts())
    except EmbedderUnavailable as exc:
        need_model(str(exc))
    shipped = shipped_vectors(embedder.name, line_texts())
    assert shipped is not None, "line_vectors.npz is stale: run scripts/build_line_vectors.py"
    assert np.allclose(shipped, fresh, atol=1e-3)


def test_shipped_hashing_vectors_are_current() -> None:
    from upscnotes.embed import HashingEmbedder

    embedder = HashingEmbedder()
    shipped = shipped_vectors(embedder.name, line_texts())
    assert shipped is not None, "line_vectors-hashing is stale: run scripts/build_line_vectors.py"
    assert np.allclose(shipped, embedder.embed(line_texts()), atol=1e-5)


def test_shipped_vectors_refused_for_other_texts() -> None:
    assert shipped_vectors("all-MiniLM-L6-v2", line_texts() + ["one more hint"]) is None
    assert shipped_vectors("hashing-v1", line_texts()) is None
