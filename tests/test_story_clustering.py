"""What the story clustering compares (names, figures, dates named in undated pages, the embedded opening) and how
an undated article finds its story. No model: embeddings are made by hand or by the hashing fallback."""

from __future__ import annotations

import numpy as np
import pytest

from upscnotes.embed import Embedder
from upscnotes.model import Article
from upscnotes.stories.cluster import ClusterParams, StoryIndex, calibrated, pair_score, story_similarity
from upscnotes.stories.features import (
    EMBED_CHARS,
    OPENING_CHARS,
    Features,
    article_features,
    dateline_day,
    editions,
    embed_articles,
    entities,
    figures,
    mentioned_dates,
)

DIM = 8


def unit(*xs: float) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[: len(xs)] = xs
    return v / np.linalg.norm(v)


def feat(aid: str, vec: np.ndarray, date: str | None = None, ents: set[str] | None = None, mentions: tuple[str, ...] = (),
         eds: dict[str, str] | None = None, dateline: str | None = None) -> Features:
    return Features(aid, vec, np.arange(64, dtype=np.uint64) * (1 + sum(map(ord, aid))), frozenset(ents or ()), frozenset(), eds or {}, date,
                    mentions, dateline)


def test_names_are_compared_word_by_word_and_never_across_a_line() -> None:
    a = entities("Chief Justice DY Chandrachud and the State Bank of India were named.")
    b = entities("CJI D Y Chandrachud directed the SBI to disclose the details.")
    assert "chandrachud" in a & b
    heading = entities("Date Of Judgment\nJudgment Delivered On: 15 February 2024")
    assert "date of judgment judgment" not in heading and "delivered" in heading
    assert not {"d", "y", "of", "the"} & (a | b)  # initials and joiners say nothing about which event it is


def test_days_of_dates_and_clock_times_are_not_figures() -> None:
    got = figures("On 15 February 2024 (Feb 15) at 11:50 am, 11.50 IST, the repo rate went to 6.25 per cent; Rs 6,250 crore; "
                  "1,480.7 kg; 215 votes.")
    assert got == {"6.25", "6250", "1480.7", "215"}


def test_an_undated_page_is_dated_by_the_dates_it_names() -> None:
    text = ("Case note. Authored by a student. Citation: (2024) 3 SCR 417. Bench: five judges. Court: Supreme Court.\n"
            "Judgment Delivered On: 15 February 2024\nIt followed the April 12, 2019 order.")  # past the lead: no lead date
    assert mentioned_dates(text) == ("2024-02-15", "2019-04-12")
    undated, dated = article_features([Article(id="u", text=text), Article(id="d", text=text, date="2024-02-15")], np.stack([unit(1), unit(1)]))
    assert undated.mentions == ("2024-02-15", "2019-04-12") and dated.mentions == ()


def test_an_undated_article_leans_to_the_story_of_the_date_it_names() -> None:
    idx = StoryIndex(ClusterParams())
    later = idx.add(feat("later", unit(1, 0.3), "2024-03-11", {"court"}))  # a later development, created first
    verdict = idx.add(feat("verdict", unit(1, -0.3), "2024-02-15", {"court"}))
    assert later.story_id != verdict.story_id
    note = feat("note", unit(1), None, {"court"}, mentions=("2024-02-15",))  # equally close to both
    assert pair_score(note, feat("x", unit(1, -0.3), "2024-02-15")) > pair_score(note, feat("y", unit(1, 0.3), "2024-03-11"))
    assert idx.add(note).story_id == verdict.story_id
    plain = StoryIndex(ClusterParams(date_weight=0.0))
    first = plain.add(feat("later", unit(1, 0.3), "2024-03-11", {"court"}))
    plain.add(feat("verdict", unit(1, -0.3), "2024-02-15", {"court"}))
    assert plain.add(feat("note", unit(1), None, {"court"}, mentions=("2024-02-15",))).story_id == first.story_id


def test_an_undated_article_is_compared_with_every_story_of_a_small_index() -> None:
    """No name in common with the story (a case note spells every name its own way): a small index is scanned whole."""
    for params, joins in ((ClusterParams(), True), (ClusterParams(dense_window=0), False)):
        idx = StoryIndex(params)
        story = idx.add(feat("report", unit(1, 0.1), "2024-02-15", {"sc", "sbi"}))
        placed = idx.add(feat("note", unit(1, 0.15), None, {"adr", "chandrachud"}))
        assert (placed.story_id == story.story_id) is joins, params


def test_another_edition_of_a_series_is_a_related_story() -> None:
    idx = StoryIndex()
    old = idx.add(feat("isfr21", unit(1, 0.2), "2022-01-13", {"isfr"}, eds={"isfr": "2021"}))
    new = idx.add(feat("isfr23", unit(1, 0.8), "2024-12-21", {"isfr"}, eds={"isfr": "2023"}))
    assert new.new_story and new.related == [old.story_id]
    undated = idx.add(feat("note23", unit(1, 0.8), None, {"isfr"}, eds={"isfr": "2023"}))
    assert undated.story_id == new.story_id and undated.related == [old.story_id]


def test_story_similarity_is_the_story_score_calibrated() -> None:
    a, b, c = feat("a", unit(1), "2024-01-01"), feat("b", unit(1, 0.5), "2024-01-01"), feat("c", unit(0, 1), "2024-01-01")
    assert 0.0 < story_similarity(a, c) < story_similarity(a, b) < 1.0
    assert story_similarity(a, b) == pytest.approx(calibrated(pair_score(a, b)))
    join = ClusterParams().join
    assert (story_similarity(a, b) >= calibrated(join)) == (pair_score(a, b) >= join)


class _Recording(Embedder):
    name = "recording"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.stack([unit(1.0, float(len(t) > EMBED_CHARS // 2)) for t in texts])


def test_the_opening_is_embedded_beside_the_lead() -> None:
    rec = _Recording()
    text = "word " * 400
    vec = embed_articles([Article(id="a", title="T", text=text)], rec)
    assert rec.seen == [f"T\n{text[:EMBED_CHARS]}", f"T\n{text[:OPENING_CHARS]}"]
    both = unit(1, 1) + unit(1, 0)
    assert np.allclose(vec[0], both / np.linalg.norm(both), atol=1e-6)


def test_undated_members_count_in_the_window_of_a_later_dated_article() -> None:
    """A story of one dated report and two undated explainers (an earlier build): the next day's report is judged
    against all three, not against the dated one alone over the norm of all three."""
    idx = StoryIndex()
    first = idx.add(feat("wire", unit(1, 0.1), "2024-08-24", {"ups"}))
    for aid in ("explainer1", "explainer2"):
        assert idx.add(feat(aid, unit(1, 0.12), None, {"ups"})).story_id == first.story_id
    assert idx.add(feat("next-day", unit(1, 0.11), "2024-08-25", {"ups"})).story_id == first.story_id


def test_a_dateline_on_another_day_of_the_year_is_another_event() -> None:
    assert dateline_day("New Delhi, March 9: A historic bill was passed.") == "--03-09"
    assert dateline_day("SEOUL, Sept. 5 (Yonhap) -- The ministers met.") == "--09-05"
    assert dateline_day("New Delhi, March 9, 2010: a dated line") is None and dateline_day("On March 9: no place") is None
    page = article_features([Article(id="w", text="New Delhi, March 9: The Rajya Sabha passed the bill.")], np.stack([unit(1)]))[0]
    assert page.dateline == "--03-09"
    for params, apart in ((ClusterParams(), True), (ClusterParams(dateline_penalty=0.0), False)):
        idx = StoryIndex(params)
        story = idx.add(feat("rs2023", unit(1, 0.1), "2023-09-21", {"rajya"}))
        placed = idx.add(feat("rs2010", unit(1, 0.15), None, {"rajya"}, dateline="--03-09"))
        assert (placed.story_id != story.story_id) is apart, params
        assert not apart or placed.related == [story.story_id]
        same_day = idx.add(feat("other-year", unit(1, 0.12), None, {"rajya"}, dateline="--09-22"))  # the year is unknown
        assert same_day.story_id == story.story_id


def test_a_series_word_in_lowercase_still_names_an_edition() -> None:
    assert editions("", "The figures come from the State of Forest report 2023; the last edition was published in 2021.") == {"report": "2023"}
    assert editions("", "India has added a carbon sink since 2005. The Modi government 2014 promise.") == {}  # no series named
