"""Extraction quality on real news pages with gold text (scrapinghub set): the share of gold sentences kept must
not drop below the floor measured when it was pinned (77.0% recall, 91.7% precision; see BENCHMARKS.md)."""

from __future__ import annotations

import sys

from conftest import ROOT, need_shared

FLOOR_SENTENCE_RECALL = 0.75
FLOOR_SENTENCE_PRECISION = 0.89


def test_scrapinghub_sentence_recall_floor() -> None:
    folder = need_shared("testdata", "extraction", "scrapinghub")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import extraction_eval
    finally:
        sys.path.pop(0)
    sent, _word, _extracted = extraction_eval.eval_scrapinghub(folder, extraction_eval.FAVOR, verbose=False)
    assert sent.hit / sent.gold >= FLOOR_SENTENCE_RECALL
    assert sent.kept / sent.ours >= FLOOR_SENTENCE_PRECISION
