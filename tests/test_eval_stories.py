"""Accuracy floors of the stories feature, measured by bench/eval_stories.py (the figures are in BENCHMARKS.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import DATA, ROOT, need_shared

from upscnotes.model import Article
from upscnotes.writers.extractive import ExtractiveWriter

sys.path.insert(0, str(ROOT / "bench"))

# Floors reached on news-dev and the SemEval pairs (see BENCHMARKS.md); a change that lowers one fails here.
CLUSTER_F1 = 0.98  # 1.000 reached (was 0.948 before names were compared word by word)
ORDER_F1 = 0.96  # mean F1 over 20 random orders of arrival, one article at a time: 0.980 reached (main's code: about 0.77)
CONFLICT_RECALL = 0.72  # 0.773 reached (17/22; was 0.273)
PEARSON_STORY = 0.86  # by 5-fold cross-validation of the calibration: 0.871 reached
PEARSON_RAW = 0.855  # the story score with nothing fitted: 0.863 reached (plain MiniLM cosine 0.858)
SAME_STORY_ACCURACY = 0.93  # 0.943 reached


def test_pairs_mode_needs_no_database_and_no_shared_folder() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "eval_stories.py"), "--pairs", str(DATA / "story_pairs.jsonl"), "--json"],
                          capture_output=True, text=True, timeout=600, env={"UPSCNOTES_EMBEDDER": "hashing", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    figs = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(figs) >= {"pearson_story", "pearson_cosine", "same_story_accuracy"}
    assert figs["pearson_story"] > 0.5  # even the hashing fallback ranks the team's pairs the right way round


def test_semeval_story_similarity_floor() -> None:
    pairs = need_shared("data", "semeval2022_task8_en_train.jsonl")
    from eval_stories import pair_figures

    figs = pair_figures([json.loads(x) for x in pairs.read_text(encoding="utf-8").splitlines() if x.strip()])
    print(figs)
    assert figs["pearson_story_cv"] >= PEARSON_STORY
    assert figs["pearson_raw"] >= PEARSON_RAW
    assert figs["pearson_story_cv"] > figs["pearson_cosine"] and figs["pearson_raw"] > figs["pearson_cosine"]
    assert figs["same_story_accuracy"] >= SAME_STORY_ACCURACY


def test_calibration_is_fitted_and_cross_validated_on_the_folds_it_does_not_score() -> None:
    import numpy as np
    from eval_stories import cross_validated_pearson, fit_calibration

    rng = np.random.default_rng(1)
    score = rng.uniform(0, 1, 200)
    target = (1 / (1 + np.exp(-10 * (score - 0.45))) + rng.normal(0, 0.05, 200)).tolist()
    slope, centre = fit_calibration(score.tolist(), target)
    assert abs(centre - 0.45) <= 0.05 and 6 <= slope <= 14
    cv = cross_validated_pearson(score.tolist(), target)
    assert 0.9 < cv < 1.0
    assert cross_validated_pearson(score.tolist(), rng.permutation(target).tolist()) < 0.3  # nothing to learn: nothing found


def test_news_dev_clustering_and_conflict_floors() -> None:
    need_shared("testdata", "news-dev")
    from eval_stories import dev_figures

    figs = dev_figures()
    print(figs)
    assert figs["clustering"]["f1"] >= CLUSTER_F1  # type: ignore[index]
    assert figs["arrival_orders"]["mean_f1"] >= ORDER_F1  # type: ignore[index]
    assert figs["conflict_recall"] >= CONFLICT_RECALL
    assert figs["lookalikes_flagged"] == 0


def test_merged_sentences_list_every_source_that_supports_them() -> None:
    text = ("The Union Cabinet on Saturday approved the Unified Pension Scheme for central government employees, "
            "assuring half of the average basic pay as pension. ")
    a = Article(id="a1", text=text + "The scheme takes effect next April. Officials said states may adopt it too.", title="Cabinet approves UPS")
    b = Article(id="b2", text=text + "Opposition leaders said the move came after years of protests by employees.", title="UPS cleared")
    note = ExtractiveWriter().write([a, b])
    lead = [p for p in note.provenance if "Unified Pension Scheme" in p.sentence]
    assert lead and all(set(p.supported_by) == {"a1", "b2"} for p in lead), note.provenance
    assert len({p.sentence for p in note.provenance}) == len(note.provenance)  # each statement once
    assert [s.url for s in note.sources] == [None, None] and len(note.sources) == 2


@pytest.mark.parametrize("path", ["story_pairs.jsonl", "conflict_pairs.jsonl"])
def test_team_data_is_valid_jsonl(path: str) -> None:
    rows = [json.loads(x) for x in (DATA / path).read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(rows) >= 8
