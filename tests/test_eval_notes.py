"""bench/eval_notes.py on news-dev and the demo: every figure printed, and the floors reached pinned.

Issue 10 makes the date, repeat and junk figures 0; the term and line figures are pinned where they stand so a
later change can only raise them (later issues do)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from conftest import ROOT, SHARED

# Key terms (issues 11, 12), 2026-12-02: recall 0.346 (0.489 per page: each page's gold against its story's note) at
# precision 0.769, after the 4,957-term starter glossary, person drafts and "of India" short names; with the 650-term
# glossary of 68e7189 the same pipeline gives 0.131 (0.192) at 0.884 (bench/eval_notes.py --starter-rev 68e7189).
# Second session of 2026-12-02: 6,127 terms (three field batches), the writer carrying every marked term in a
# sentence of the note, list items not marked: recall 0.458, 0.601 per page, at precision 0.770. The gold was written
# page by page (6-15 terms a page) and a story note marks at most 15, so the story-level figure cannot pass 0.614 here.
# Syllabus lines: a further line must itself score 0.45 (ShowRule.further_min): 16 of 16 lines accepted (1.0), none
# clearly wrong, the first line in the best paper on 13 of 14 notes (the household-survey note shows no line).
FLOORS = {"key_term_recall": 0.44, "key_term_recall_per_page": 0.595, "key_term_precision": 0.75, "line_precision": 0.9,
          "first_line_in_best_paper": 0.92}
CEILINGS = {"wrong_line_share": 0.05}
# Issue 11: no tooltip on a unit or generic word, none in UPSC Relevance (syllabus wording, pointers, the question).
ZERO = ("invented_dates", "repeated_facts", "notes_from_non_articles", "generic_marks", "relevance_marks")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    if not (SHARED / "testdata" / "news-dev").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED}/testdata/news-dev is absent in CI")
        pytest.skip(f"{SHARED}/testdata/news-dev is absent: ../shared (beside the checkout) holds news-dev")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "eval_notes.py"), "--json"], cwd=ROOT, capture_output=True, text=True,
                          timeout=1200)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_every_figure_is_reported_overall_and_per_event(report: dict[str, Any]) -> None:
    assert report["pages"] == 50 and report["gold_files"] == 50
    keys = {"key_term_recall", "key_term_precision", "line_precision", "wrong_line_share", "first_line_in_best_paper",
            "invented_dates", "repeated_facts", "notes_from_non_articles"}
    assert keys <= set(report["overall"])
    assert {"D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"} <= set(report["events"])
    assert all(keys <= set(f) for f in report["events"].values())
    assert report["pages_with_a_note"] >= 49


def test_floors(report: dict[str, Any]) -> None:
    o = report["overall"]
    for name, floor in FLOORS.items():
        assert o[name] >= floor, (name, o[name])
    for name, ceiling in CEILINGS.items():
        assert o[name] <= ceiling, (name, o[name])


def test_no_invented_date_no_repeated_fact_no_note_from_a_non_article(report: dict[str, Any]) -> None:
    for figures in (report["overall"], report["demo"]["figures"]):
        for name in ZERO:
            assert figures[name] == 0, (name, report["examples"], report["demo"]["examples"])
    assert report["overall"]["missing_dates"] == 0  # every page with a date gives its note that date
    assert report["demo"]["notes"] >= 12 and report["demo"]["figures"]["dated_notes"] == report["demo"]["notes"]


def test_pages_carry_the_body_and_metadata_never_the_header_lines() -> None:
    if not (SHARED / "testdata" / "news-dev").exists():
        pytest.skip("news-dev is absent")
    from importlib import util

    spec = util.spec_from_file_location("eval_notes", ROOT / "bench" / "eval_notes.py")
    assert spec and spec.loader
    module = util.module_from_spec(spec)
    sys.modules["eval_notes"] = module
    spec.loader.exec_module(module)
    pages = module.read_news_dev()
    page = next(p for p in pages if p.file.startswith("eb01"))
    html = module.page_html(page)
    # the header lines never reach the page; the body does, with the metadata the header gives
    assert "EVENT_CLUSTER" not in html and "GS_LABEL_ON_PAGE" not in html and "CAPTURE:" not in html
    assert 'article:published_time" content="2024-02-15"' in html and "title from URL slug" not in html
    undated = next(p for p in pages if p.file.startswith("ad04"))
    assert "published_time" not in module.page_html(undated)


def _topic_is_a_term_head_or_a_title_phrase(q: dict[str, Any]) -> str | None:
    """Why the question's topic slot is wrong, or None when it is a key-term head or a noun phrase of the title."""
    from upscnotes.writers.extractive import _good_topic, _plain, _words, parse_question

    parsed = parse_question(q["question"] or "")
    if parsed is None:
        return f"not one of the forms: {q['question']!r}"
    _, topic = parsed
    if topic == "these developments":
        return None if not q["heads"] else f"no topic although the note has key terms {q['heads']}"
    bare = topic[4:] if topic.startswith("the ") else topic
    if not _good_topic(bare):
        return f"a role, a person's title or a generic word: {topic!r}"
    key = _words(bare)
    heads = {_words(_plain(h)) for h in q["heads"]}
    if key in heads or key.rstrip("s") in heads or any(key == h + "es" for h in heads):
        return None
    if f" {key} " in f" {_words(q['title'])} ":
        return None
    return f"topic {topic!r} is neither a key-term head {sorted(heads)} nor a phrase of the title {q['title']!r}"


def test_every_mains_question_has_a_real_topic_and_the_form_of_its_line(report: dict[str, Any]) -> None:
    """Every demo and news-dev question: a UPSC form chosen by the kind of the note's first syllabus line, with a
    topic that is one of the note's key-term heads or a phrase of its title, never a fragment or a role."""
    from upscnotes.writers.extractive import parse_question, question_kind

    questions = [*report["questions"], *report["demo"]["questions"]]
    assert len(questions) == report["overall"]["notes"] + report["demo"]["notes"]
    problems = [f"{q['note']}: {why}" for q in questions if (why := _topic_is_a_term_head_or_a_title_phrase(q))]
    assert not problems, problems
    kinds = set()
    for q in questions:
        parsed = parse_question(q["question"])
        assert parsed is not None
        assert parsed[0] == question_kind(q["first_line"]), q  # the form follows the kind of the first line
        kinds.add(parsed[0])
    assert len(kinds) >= 5, kinds  # the forms vary with the lines: polity, economy, IR, science, environment …
