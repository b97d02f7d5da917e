"""Articles that report the same event become one story, incrementally and stably.

A new article is compared only with the stories it could belong to (blocking): those with an article dated within
the window (default 72 hours), those holding a near-copy of it (MinHash LSH), and, for an undated article, every
story while there are few enough to score in one matrix product (``dense_window``), else those that share a
distinctive name word with it. An undated article is never excluded by the window. Its score against a story is the
embedding cosine with the story's centroid plus the overlap of name words and of figures, plus a small bonus when
an undated article names a date of the story; another edition of the same series ("ISFR 2021" against "ISFR 2023")
is penalised; a near-copy joins outright. Below the join threshold but clearly on the same topic (another edition
always is), the story is linked as related ("the next RBI meeting", "the halo-orbit insertion after the launch").

Stability: an article, once placed, is never moved by a later build; a new article joins one existing story or
starts one. Editor decisions (split, merge, move) are stored and the index is always rebuilt from the stored
assignment, so they survive every build.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from upscnotes.errors import InvalidArgument
from upscnotes.stories.features import MINHASH_SCHEME, MINHASH_SEED, NUM_PERM, Features


@dataclass(frozen=True)
class ClusterParams:
    """Thresholds and weights of the story score; see bench/eval_stories.py for how they were chosen."""

    window_hours: float = 72.0
    join: float = 0.60
    related: float = 0.50
    entity_weight: float = 0.10
    figure_weight: float = 0.10
    # An undated article that names a date (a case note's "judgment delivered on") leans to the story of that date.
    date_weight: float = 0.05
    # An undated article whose dateline gives another day of the year ("New Delhi, March 9:" against reports of 21
    # September) reports another event, whatever the year: kept apart like another edition, and linked as related.
    dateline_penalty: float = 0.5
    edition_penalty: float = 0.5  # another edition of the same series ("ISFR 2021" against "ISFR 2023")
    near_copy: float = 0.6  # estimated Jaccard of word 3-shingles that makes two texts copies of one report
    entity_df_cap: int = 200  # an entity in more stories than this says nothing about which one an article is in
    # A date window with more articles than this is not scanned whole: only stories sharing an entity are scored,
    # so the cost of placing an article stays bounded however many articles a day brings.
    dense_window: int = 1000

    def __post_init__(self) -> None:
        if self.window_hours <= 0:
            raise InvalidArgument("window_hours must be > 0 (the date window of a story, in hours)")
        if not 0.0 <= self.related <= self.join:
            raise InvalidArgument("thresholds must satisfy 0 <= related <= join")


def _lean(f: Features) -> LeanMinHash:
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=f.minhash, scheme=MINHASH_SCHEME)


def _day(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return Date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def set_cosine(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def other_edition(a: dict[str, str], b: dict[str, str]) -> bool:
    return any(b.get(stem, num) != num for stem, num in a.items())


def names_a_day_of(f: Features, days: Iterable[int], window_days: int) -> bool:
    """An undated article names a date within the window of one of these days."""
    if f.date is not None or not f.mentions:
        return False
    named = [d for m in f.mentions if (d := _day(m)) is not None]
    return any(abs(n - d) <= window_days for n in named for d in days)


def _day_of_year(iso: str) -> int | None:
    try:
        return Date.fromisoformat("2000" + iso[-6:]).toordinal() if iso.startswith("--") else Date.fromisoformat("2000" + iso[4:10]).toordinal()
    except ValueError:
        return None


def dateline_elsewhere(f: Features, days: Iterable[int], window_days: int) -> bool:
    """An undated article's year-less dateline is more than the window away (as day of the year) from every day."""
    if f.date is not None or not f.dateline:
        return False
    mine = _day_of_year(f.dateline)
    if mine is None:
        return False
    theirs = [y for d in days if (y := _day_of_year(Date.fromordinal(d).isoformat())) is not None]
    return bool(theirs) and all(min(abs(mine - y), 366 - abs(mine - y)) > window_days for y in theirs)


def pair_score(a: Features, b: Features, params: ClusterParams = ClusterParams()) -> float:
    """How likely two articles report one event: the same score the clustering uses, for one pair."""
    cos = float(np.dot(a.embedding, b.embedding))
    score = cos + params.entity_weight * set_cosine(a.entities, b.entities) + params.figure_weight * set_cosine(a.figures, b.figures)
    window = max(0, math.ceil(params.window_hours / 24.0))
    if any(names_a_day_of(x, [d], window) for x, y in ((a, b), (b, a)) if (d := _day(y.date)) is not None):
        score += params.date_weight
    if any(dateline_elsewhere(x, [d], window) for x, y in ((a, b), (b, a)) if (d := _day(y.date)) is not None):
        score -= params.dateline_penalty
    return score - (params.edition_penalty if other_edition(a.editions, b.editions) else 0.0)


# The story score mapped onto 0..1 by a logistic curve: two reports of one event score 0.7 to 1.0 and unrelated ones
# anything below 0.4, so the raw score keeps ranking pairs that are plainly unrelated, which a reader (and a graded
# scale such as SemEval's) sees as equally far apart. Slope and centre are the only numbers fitted, on the English
# SemEval-2022 Task 8 pairs; bench/eval_stories.py refits them in 5-fold cross-validation and reports that figure.
SIMILARITY_SLOPE = 7.5
SIMILARITY_CENTRE = 0.51


def calibrated(score: float, slope: float = SIMILARITY_SLOPE, centre: float = SIMILARITY_CENTRE) -> float:
    return 1.0 / (1.0 + math.exp(-slope * (score - centre)))


def story_similarity(a: Features, b: Features, params: ClusterParams = ClusterParams()) -> float:
    """How alike two articles are as reports of one story, from 0 to 1: :func:`pair_score` calibrated. Monotone in
    the score, so the clustering's join threshold is ``calibrated(params.join)`` on this scale."""
    return calibrated(pair_score(a, b, params))


@dataclass
class StoryState:
    id: int
    total: np.ndarray  # sum of member embeddings
    articles: list[str] = field(default_factory=list)
    entities: set[str] = field(default_factory=set)
    figures: set[str] = field(default_factory=set)
    days: set[int] = field(default_factory=set)
    edition_votes: dict[str, dict[str, int]] = field(default_factory=dict)

    def editions(self) -> dict[str, str]:
        return {stem: max(v, key=lambda n: (v[n], n)) for stem, v in self.edition_votes.items()}

    def centroid(self) -> np.ndarray:
        n = float(np.linalg.norm(self.total))
        return self.total / n if n else self.total


class _DayBlock:
    """The embeddings of one day's articles (rows) and the story of each."""

    def __init__(self, dim: int) -> None:
        self.mat = np.zeros((8, dim), dtype=np.float32)
        self.stories: list[int] = []

    def append(self, vec: np.ndarray, story_id: int) -> None:
        n = len(self.stories)
        if n == self.mat.shape[0]:
            grown = np.zeros((2 * n, self.mat.shape[1]), dtype=np.float32)
            grown[:n] = self.mat
            self.mat = grown
        self.mat[n] = vec
        self.stories.append(story_id)


@dataclass
class Placement:
    article_id: str
    story_id: int
    new_story: bool
    score: float
    related: list[int] = field(default_factory=list)


class StoryIndex:
    """Stories in memory with the blocking structures; ``add`` places one article."""

    def __init__(self, params: ClusterParams | None = None, next_id: int = 1) -> None:
        self.params = params or ClusterParams()
        self.stories: dict[int, StoryState] = {}
        self.story_of: dict[str, int] = {}
        self.by_day: dict[int, set[int]] = defaultdict(set)
        self.undated: set[int] = set()
        self.by_entity: dict[str, set[int]] = defaultdict(set)
        self.lsh = MinHashLSH(threshold=self.params.near_copy, num_perm=NUM_PERM)
        self.next_id = next_id
        self._window_days = max(0, math.ceil(self.params.window_hours / 24.0))
        # Centroids and the norms of the member sums, indexed by story id (ids are dense), so candidates are
        # scored by array operations; article embeddings by day, contiguous, so a date window is a few matrix
        # products over its articles without gathering rows.
        self._centroids = np.zeros((0, 0), dtype=np.float32)
        self._norms = np.zeros(0, dtype=np.float64)
        # The sum of each story's undated members: they are in every window, so they count in a window's cosine.
        self._undated_sums = np.zeros((0, 0), dtype=np.float32)
        self._days: dict[int, _DayBlock] = {}

    # -- loading ---------------------------------------------------------------------------------------------
    def _grow(self, story_id: int, dim: int) -> None:
        if story_id < self._norms.shape[0]:
            return
        size = max(64, 2 * story_id)
        cents = np.zeros((size, dim), dtype=np.float32)
        undated = np.zeros((size, dim), dtype=np.float32)
        norms = np.ones(size, dtype=np.float64)
        if self._norms.shape[0]:
            cents[: self._centroids.shape[0]] = self._centroids
            undated[: self._undated_sums.shape[0]] = self._undated_sums
            norms[: self._norms.shape[0]] = self._norms
        self._centroids, self._norms, self._undated_sums = cents, norms, undated

    def attach(self, story_id: int, f: Features) -> None:
        """Put an article into a story (creating it): used for stored assignments and for new placements."""
        s = self.stories.get(story_id)
        if s is None:
            s = self.stories[story_id] = StoryState(story_id, np.zeros_like(f.embedding, dtype=np.float64))
            self.next_id = max(self.next_id, story_id + 1)
        s.total = s.total + f.embedding
        self._grow(story_id, f.embedding.shape[0])
        norm = float(np.linalg.norm(s.total)) or 1.0
        self._centroids[story_id] = s.total / norm
        self._norms[story_id] = norm
        s.articles.append(f.article_id)
        s.entities |= f.entities
        s.figures |= f.figures
        for stem, num in f.editions.items():
            votes = s.edition_votes.setdefault(stem, {})
            votes[num] = votes.get(num, 0) + 1
        day = _day(f.date)
        if day is None:
            self.undated.add(story_id)
            self._undated_sums[story_id] += f.embedding
        else:
            s.days.add(day)
            self.by_day[day].add(story_id)
            block = self._days.get(day)
            if block is None:
                block = self._days[day] = _DayBlock(f.embedding.shape[0])
            block.append(f.embedding, story_id)
        for e in f.entities:
            self.by_entity[e].add(story_id)
        self.story_of[f.article_id] = story_id
        if f.article_id not in self.lsh.keys:
            self.lsh.insert(f.article_id, _lean(f))

    # -- placing ---------------------------------------------------------------------------------------------
    def _in_window(self, s: StoryState, day: int | None) -> bool:
        if day is None or not s.days:
            return True
        return any(abs(day - d) <= self._window_days for d in s.days)

    def _window_cosines(self, f: Features, day: int, floor: float) -> dict[int, float]:
        """Cosine with each story that has articles in the date window, from those articles and its undated ones
        (which no window excludes): the sum of their cosines over the norm of the story's sum (the centroid's cosine
        when all its dated articles are in the window); only stories at or above ``floor``."""
        blocks = [b for d in range(day - self._window_days, day + self._window_days + 1) if (b := self._days.get(d)) is not None]
        if sum(len(b.stories) for b in blocks) > self.params.dense_window:
            return self._blocked_cosines(f, day, floor)
        cos_parts: list[np.ndarray] = []
        ids: list[int] = []
        for block in blocks:
            if block.stories:
                cos_parts.append(block.mat[: len(block.stories)] @ f.embedding)
                ids.extend(block.stories)
        if not cos_parts:
            return {}
        uniq, inverse = np.unique(np.asarray(ids, dtype=np.int64), return_inverse=True)
        score = (np.bincount(inverse, weights=np.concatenate(cos_parts)) + self._undated_sums[uniq] @ f.embedding) / self._norms[uniq]
        keep = score >= floor
        return dict(zip(uniq[keep].tolist(), score[keep].tolist(), strict=True))

    def _blocked_cosines(self, f: Features, day: int, floor: float) -> dict[int, float]:
        """A window too busy to scan whole: only the stories in it that share an entity with the article."""
        ids = sorted({sid for e in f.entities if (posting := self.by_entity.get(e)) is not None and len(posting) <= self.params.entity_df_cap
                      for sid in posting if self._in_window(self.stories[sid], day)})
        if not ids:
            return {}
        cos = self._centroids[ids] @ f.embedding
        return {sid: c for sid, c in zip(ids, cos.tolist(), strict=True) if c >= floor}

    def near_copies(self, f: Features) -> set[int]:
        return {self.story_of[k] for k in self.lsh.query(_lean(f)) if k in self.story_of}

    def score(self, f: Features, s: StoryState, cos: float | None = None) -> float:
        p = self.params
        if cos is None:
            cos = float(np.dot(f.embedding, s.centroid()))
        score = cos + p.entity_weight * set_cosine(f.entities, s.entities) + p.figure_weight * set_cosine(f.figures, s.figures)
        if names_a_day_of(f, s.days, self._window_days):
            score += p.date_weight
        return score - self._apart(f, s)

    def _apart(self, f: Features, s: StoryState) -> float:
        """The penalty for signs of another event of the same kind: another edition, a dateline on another day."""
        p = self.params
        return ((p.edition_penalty if other_edition(f.editions, s.editions()) else 0.0)
                + (p.dateline_penalty if dateline_elsewhere(f, s.days, self._window_days) else 0.0))

    def add(self, f: Features) -> Placement:
        if f.article_id in self.story_of:
            return Placement(f.article_id, self.story_of[f.article_id], False, 1.0)
        p = self.params
        day = _day(f.date)
        # Entities and figures add at most their weights: a story whose cosine cannot reach the related
        # threshold with them is not looked at.
        floor = p.related - p.entity_weight - p.figure_weight - p.date_weight
        near = self.near_copies(f)
        topical: set[int] = set()
        if day is None and len(self.stories) <= p.dense_window:
            # No date to block on, and few enough stories to score them all in one matrix product: an undated
            # article is then compared with every story, not only with those that share a name with it.
            topical = set(self.stories)
        else:
            for e in f.entities:
                ids = self.by_entity.get(e)
                if ids and len(ids) <= p.entity_df_cap:
                    topical |= ids
        cosines = self._window_cosines(f, day, floor) if day is not None else {}
        joinable = set(cosines) | self.undated | near if day is not None else near | topical
        others = sorted((near | topical | self.undated) - cosines.keys())
        if others:
            cosines.update(zip(others, (self._centroids[others] @ f.embedding).tolist(), strict=True))
        best: tuple[float, int] | None = None
        related: list[tuple[float, int]] = []
        for sid in sorted(cosines):
            cos = cosines[sid]
            if cos < floor and sid not in near:
                continue
            s = self.stories[sid]
            sc = self.score(f, s, cos)
            in_window = sid in joinable and self._in_window(s, day)
            if sid in near and in_window:
                sc = max(sc, p.join + 1.0)
            # Another edition of the same series (ISFR 2021 against ISFR 2023), or a dateline on another day, is never
            # the same story, and always a related one: the penalty that keeps it apart does not count against the link.
            topic = sc + self._apart(f, s)
            if not in_window:
                if topic >= p.related:
                    related.append((topic, sid))
                continue
            if best is None or sc > best[0]:
                best = (sc, sid)
            if p.related <= topic and sc < p.join:
                related.append((topic, sid))
        if best is not None and best[0] >= p.join:
            sid, new, score = best[1], False, best[0]
        else:
            sid, new, score = self.next_id, True, best[0] if best else 0.0
        self.attach(sid, f)
        rel = sorted({r for _, r in sorted(related, reverse=True)[:5] if r != sid})
        return Placement(f.article_id, sid, new, score, rel)


def order_for_clustering(features: Iterable[Features]) -> list[Features]:
    """Dated articles in date order first (a story grows forward in time), undated after; ties by id."""
    return sorted(features, key=lambda f: (f.date is None, f.date or "", f.article_id))


__all__ = ["ClusterParams", "Placement", "StoryIndex", "calibrated", "order_for_clustering", "pair_score", "set_cosine", "story_similarity"]
