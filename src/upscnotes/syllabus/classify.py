"""Map a note (or any news text) onto GS papers and syllabus lines, with the evidence for each label.

Three signals, added per syllabus line:

(a) **Meaning** — cosine similarity between the note's sentences (and their mean, a whole-note vector) and each
    line's prototypes: the official wording plus a few hand-written "hints" phrased the way news reports talk
    (``line_hints.json``). Official syllabus prose ("Awareness in the fields of IT, Space…") sits far from news
    prose ("ISRO docked two satellites…") in embedding space; the hints close that gap.
(b) **Keywords** — distinct cue words of a line found in the text (``repo rate``, ``MoU``, ``landslide``). They
    rescue short texts whose embedding is vague and break ties between neighbouring lines.
(c) **Glossary votes** — the GS tags of key terms found in the note. A tag votes for the lines of its subject in
    its paper; a tag the syllabus contradicts votes for the paper the syllabus suggests instead.

Text with no exam relevance must not get a confident wrong label, so the classifier also measures how close the
text sits to a few "off-topic" prototypes (sport, films, gadgets, celebrity life) and flags ``no_clear_paper``
when the best line is weak or the off-topic prototypes win. Weights and thresholds are fitted per embedder
(:data:`TUNING`) on ``bench/data/gs_eval.jsonl``.

Line prototypes are embedded once per process and embedder (and also on disk when the embedder is a
:class:`~upscnotes.embed.CachedEmbedder`).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick
import numpy as np

from upscnotes.embed import Embedder, get_embedder, single_threaded_blas
from upscnotes.model import GsTag, Note
from upscnotes.syllabus.data import Syllabus, load_syllabus
from upscnotes.text import HYPHENS, SINGLE_QUOTES, is_word_char, split_sentences

GS_PAPERS = ("GS1", "GS2", "GS3", "GS4")
# The author's own statement of relevance; leaving it out keeps the classifier an independent check of it.
SKIPPED_SECTIONS = frozenset({"UPSC Relevance"})
MAX_SENTENCES = 48  # a long note is judged on its first 48 sentences: enough to place it, bounded cost
MIN_SENTENCE_CHARS = 12

TermTags = list[tuple[str, list[GsTag]]]


# --- public result types ------------------------------------------------------------------------------------------


@dataclass
class Label:
    """One syllabus line the text maps to, its score (higher is surer) and why."""

    paper: str
    line_id: str
    line: str
    score: float
    evidence: list[str] = field(default_factory=list)


@dataclass
class Classification:
    """Ranked labels (best first), the best score of each paper, and whether any paper clearly applies.

    When ``no_clear_paper`` is true the labels are still the nearest lines, for inspection, but none of them
    should be shown as the note's paper; :func:`best_papers` then returns nothing.
    """

    labels: list[Label]
    no_clear_paper: bool
    paper_scores: dict[str, float]
    relevance: float  # the top line score
    meaning: float  # the best line score from signal (a) alone: embedding similarity, no cues or votes
    off_topic: float  # similarity to the off-topic prototypes (same scale as ``meaning``)
    embedder: str  # name of the embedder whose similarity scale the scores are on

    @property
    def top(self) -> Label | None:
        return self.labels[0] if self.labels else None


# --- tuning -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tuning:
    """How the signals combine and where the relevance cut-offs lie, for one embedder's similarity scale.

    Fitted on ``bench/data/gs_eval.jsonl`` with a coarse grid (see ``bench/eval_gs.py``); the values sit in the
    middle of plateaus, not on a single best point. MiniLM similarities spread widely, so cues only break ties;
    hashing similarities mostly measure shared words, so the keyword cues must carry more of the decision.
    """

    sentence: float  # weight of the best single sentence against the whole-note vector, in the meaning score
    keyword: float  # full keyword bonus (saturating: one cue gives half, two three quarters…)
    term_line: float  # glossary vote for a line, times the share of tagged terms voting for it
    term_paper: float  # glossary vote for every line of a paper, times the share of terms voting for it
    min_score: float  # a top line score below this: no clear paper
    off_topic_margin: float  # off-topic similarity above the best meaning score plus this: no clear paper
    paper_margin: float  # best_papers keeps the papers within this of the top paper
    evidence_margin: float = 0.06  # sentences this close to a line's best sentence are cited too


TUNING: dict[str, Tuning] = {
    "all-MiniLM-L6-v2": Tuning(sentence=0.4, keyword=0.12, term_line=0.12, term_paper=0.05,
                               min_score=0.20, off_topic_margin=0.03, paper_margin=0.08),
    "hashing": Tuning(sentence=0.4, keyword=0.40, term_line=0.40, term_paper=0.15,
                      min_score=0.40, off_topic_margin=0.05, paper_margin=0.10),
}


def tuning_for(embedder_name: str) -> Tuning:
    """The tuning for an embedder, by name (hashing variants share one; other models use MiniLM's)."""
    if embedder_name.startswith("hashing"):
        return TUNING["hashing"]
    return TUNING.get(embedder_name, TUNING["all-MiniLM-L6-v2"])


# --- hints and keyword cues ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_line_hints() -> dict[str, Any]:
    """The packaged ``line_hints.json``: per-line hints and keywords, and the off-topic prototypes."""
    raw = resources.files("upscnotes.syllabus").joinpath("line_hints.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


# Hyphens read as spaces ("air-defence" is "air defence") and curly apostrophes as straight ones. Every fold is one
# character to one character, so offsets in the folded text are offsets in the original.
_CUE_FOLD = str.maketrans({c: " " for c in "-" + HYPHENS} | {c: "'" for c in SINGLE_QUOTES})


def _lower_same_length(s: str) -> str:
    """Lower case without changing the length (the rare characters that would grow keep their case)."""
    low = s.lower()
    return low if len(low) == len(s) else "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


class KeywordCues:
    """The cue words of every line in one Aho–Corasick automaton: a single pass over the text serves all lines.

    Matches may overlap ("defence" inside "defence manufacturing" counts for both lines). A cue must sit on word
    boundaries, may take a plural "s"/"es", and a cue written with a capital letter matches only with the same
    capitals ("Budget" but not "budget earbuds"; "AI" but not "ai"); an all-lower-case cue matches any case.
    """

    def __init__(self, per_line: Sequence[Sequence[str]]) -> None:
        self.n_lines = len(per_line)
        table: dict[str, list[tuple[int, str | None]]] = {}
        for i, words in enumerate(per_line):
            for word in words:
                folded = word.translate(_CUE_FOLD)
                exact = folded if word != word.lower() else None
                table.setdefault(_lower_same_length(folded), []).append((i, exact))
        self._automaton: Any = ahocorasick.Automaton()
        for key, entries in table.items():
            self._automaton.add_word(key, (key, tuple(entries)))
        self._empty = not table
        if table:
            self._automaton.make_automaton()

    def find(self, text: str, keep: Callable[[str, int, int], bool] | None = None) -> list[list[str]]:
        """Per line, the distinct cues found (as written in the text), in order of first appearance.

        ``keep(text, start, end)``, when given, decides whether one occurrence counts (see :func:`inside_name`)."""
        found: list[dict[str, str]] = [{} for _ in range(self.n_lines)]
        if self._empty:
            return [[] for _ in range(self.n_lines)]
        cased = text.translate(_CUE_FOLD)
        low = _lower_same_length(cased)
        for last, (key, entries) in self._automaton.iter(low):
            start, stop = last - len(key) + 1, last + 1
            if start > 0 and is_word_char(low[start - 1]):
                continue
            end = self._word_end(low, stop)
            if end is None or (keep is not None and not keep(text, start, end)):
                continue
            for i, exact in entries:
                if exact is None or cased[start:stop] == exact:
                    found[i].setdefault(key, text[start:end])
        return [list(d.values()) for d in found]

    @staticmethod
    def _word_end(low: str, stop: int) -> int | None:
        """Where the word ends when the cue ends at ``stop``: right there, or after a plural "s"/"es"; else None."""
        for suffix in ("", "s", "es"):
            end = stop + len(suffix)
            if low.startswith(suffix, stop) and (end >= len(low) or not is_word_char(low[end])):
                return end
        return None


# --- the syllabus side, embedded once -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LineIndex:
    """GS1–GS4 lines with their prototype vectors grouped per line (``starts`` marks each line's first row)."""

    line_ids: tuple[str, ...]
    papers: tuple[str, ...]
    texts: tuple[str, ...]
    prototypes: np.ndarray  # (n_prototypes, dim), rows of line k are starts[k]:starts[k+1]
    starts: np.ndarray  # (n_lines,) int
    off_topic: np.ndarray  # (n_off_topic, dim)
    cues: KeywordCues

    def per_line_max(self, sims: np.ndarray) -> np.ndarray:
        """``(rows, n_prototypes)`` similarities → ``(rows, n_lines)``: each line's best prototype."""
        return np.maximum.reduceat(sims, self.starts, axis=1)


_INDEX_LOCK = threading.Lock()
_INDEXES: dict[str, LineIndex] = {}


def line_prototypes(syllabus: Syllabus) -> list[tuple[str, str, str, list[str], list[str]]]:
    """``(line id, paper, official text, prototype texts, keywords)`` for every GS1–GS4 line.

    The official wording is always the first prototype; the hints follow.
    """
    hints = load_line_hints()["lines"]
    out = []
    for paper in GS_PAPERS:
        for ln in syllabus.lines_of(paper):
            extra = hints.get(ln.id, {})
            out.append((ln.id, ln.paper, ln.text, [ln.text, *extra.get("hints", [])], list(extra.get("keywords", []))))
    return out


def line_index(embedder: Embedder) -> LineIndex:
    """The embedded syllabus for ``embedder``, computed on first use and kept for the life of the process."""
    with _INDEX_LOCK:
        index = _INDEXES.get(embedder.name)
        if index is None:
            index = _build_index(embedder)
            _INDEXES[embedder.name] = index
        return index


def shipped_vectors_file(model: str) -> str:
    return f"line_vectors-{model}.npz"


def vectors_key(model: str, texts: list[str]) -> str:
    return hashlib.sha256((model + "\n" + "\n".join(texts)).encode("utf-8")).hexdigest()


def shipped_vectors(model: str, texts: list[str]) -> np.ndarray | None:
    """The syllabus-side vectors shipped in the package (``scripts/build_line_vectors.py``), when they were made by
    this model from exactly these texts; embedding them costs ~2 s on every cold start otherwise."""
    try:
        ref = resources.files("upscnotes.syllabus").joinpath(shipped_vectors_file(model))
        with ref.open("rb") as fh:
            data = np.load(fh)
            if str(data["key"]) != vectors_key(model, texts):
                return None
            return np.asarray(data["vectors"], dtype=np.float32)
    except (FileNotFoundError, KeyError, OSError, ValueError):
        return None


def line_texts() -> list[str]:
    """Every syllabus-side text the index embeds, in order: line prototypes, then off-topic examples."""
    texts: list[str] = []
    for _, _, _, protos, _ in line_prototypes(load_syllabus()):
        texts.extend(protos)
    return texts + list(load_line_hints().get("off_topic", []))


def _build_index(embedder: Embedder) -> LineIndex:
    lines = line_prototypes(load_syllabus())
    texts: list[str] = []
    starts: list[int] = []
    for _, _, _, protos, _ in lines:
        starts.append(len(texts))
        texts.extend(protos)
    off_topic = list(load_line_hints().get("off_topic", []))
    vectors = shipped_vectors(embedder.name, texts + off_topic)
    if vectors is None:
        vectors = embedder.embed(texts + off_topic)  # one call: one batch for the model, one lookup for a cache
    return LineIndex(
        line_ids=tuple(ln[0] for ln in lines),
        papers=tuple(ln[1] for ln in lines),
        texts=tuple(ln[2] for ln in lines),
        prototypes=vectors[: len(texts)],
        starts=np.asarray(starts, dtype=np.intp),
        off_topic=vectors[len(texts) :],
        cues=KeywordCues([ln[4] for ln in lines]),
    )


# --- the note side ------------------------------------------------------------------------------------------------


def text_sentences(text: str) -> list[str]:
    """Sentences of plain text; every line break ends a sentence too (headlines, bullet points)."""
    out: list[str] = []
    for para in text.splitlines():
        para = " ".join(para.split())
        out.extend(para[a:b] for a, b in split_sentences(para))
    return out


def note_text(note: Note) -> str:
    """Title and section texts (as the reader fills ``Section.text``), one paragraph per line, without the
    author's UPSC Relevance section."""
    parts = [note.title or ""]
    parts.extend(s.text for s in note.sections if s.title not in SKIPPED_SECTIONS)
    return "\n".join(p for p in parts if p)


def note_term_tags(note: Note) -> TermTags:
    """``(term, tags)`` for the note's own key terms that carry GS tags."""
    return [(k.text, list(k.gs_tags)) for k in note.key_terms if k.gs_tags]


def _sentences_for_embedding(text: str) -> list[str]:
    """The sentences worth a vector: fragments under 12 characters ("Key facts:") carry no topic of their own."""
    sentences = [s for s in text_sentences(text) if len(s) >= MIN_SENTENCE_CHARS]
    if not sentences and text.strip():
        sentences = [" ".join(text.split())]  # a lone short headline still deserves a vector
    return sentences[:MAX_SENTENCES]


@dataclass
class _Prepared:
    text: str
    sentences: list[str]
    term_tags: TermTags


def _prepare(item: Note | str, term_tags: TermTags | None) -> _Prepared:
    if isinstance(item, Note):
        text = note_text(item)
        tags = note_term_tags(item) + list(term_tags or [])
    else:
        text = item
        tags = list(term_tags or [])
    return _Prepared(text, _sentences_for_embedding(text), tags)


# --- glossary votes -----------------------------------------------------------------------------------------------


def tag_votes(tag: GsTag, syllabus: Syllabus) -> tuple[str | None, list[str]]:
    """The GS paper a tag votes for and the lines of its subject there.

    A valid tag votes for its own paper; an invalid one for the paper the syllabus suggests (the author named the
    subject correctly, the paper wrongly); a Prelims tag for its subject's home GS paper. Unknown subjects vote
    for the named GS paper only, without lines.
    """
    subject = syllabus.find_subject(tag.subject) if tag.subject else None
    paper: str | None = tag.paper
    if tag.valid is False and tag.suggested_paper:
        paper = tag.suggested_paper
    if paper not in GS_PAPERS:
        paper = next((p for p in subject.papers if p in GS_PAPERS), None) if subject else None
    if paper is None:
        return None, []
    lines = [ln for ln in subject.lines if syllabus.paper_of_line(ln) == paper] if subject else []
    if tag.line_id and syllabus.paper_of_line(tag.line_id) == paper and tag.line_id not in lines:
        lines.append(tag.line_id)
    return paper, lines


def _term_votes(term_tags: TermTags, index: LineIndex, tuning: Tuning) -> tuple[np.ndarray, list[list[str]]]:
    """Per-line bonus from glossary tags, and per line the terms behind it (for the evidence).

    Votes are shares of the tagged terms, so a note with forty economy terms does not drown its meaning score:
    the bonus saturates at ``term_line + term_paper``.
    """
    syllabus = load_syllabus()
    n = len(index.line_ids)
    bonus = np.zeros(n, dtype=np.float32)
    who: list[list[str]] = [[] for _ in range(n)]
    voters = [(term, tags) for term, tags in term_tags if tags]
    if not voters:
        return bonus, who
    line_pos = {lid: i for i, lid in enumerate(index.line_ids)}
    line_votes = np.zeros(n, dtype=np.float32)
    paper_votes = dict.fromkeys(GS_PAPERS, 0.0)
    for term, tags in voters:
        term_lines: set[int] = set()
        term_papers: set[str] = set()
        names: list[str] = []
        for tag in tags:
            paper, lines = tag_votes(tag, syllabus)
            if paper is None:
                continue
            term_papers.add(paper)
            term_lines.update(line_pos[ln] for ln in lines if ln in line_pos)
            names.append(tag.label() if tag.subject else tag.paper)
        for i in term_lines:
            line_votes[i] += 1.0
            who[i].append(f"{term} ({', '.join(names)})")
        for p in term_papers:  # a tag without lines still supports its whole paper
            paper_votes[p] += 1.0
    total = float(len(voters))
    bonus += tuning.term_line * (line_votes / total)
    bonus += tuning.term_paper * np.asarray([paper_votes[p] / total for p in index.papers], dtype=np.float32)
    return bonus, who


# --- scoring ------------------------------------------------------------------------------------------------------


def _shorten(sentence: str, width: int = 90) -> str:
    """Cut at a word boundary with an ellipsis (textwrap.shorten does the same, ten times slower)."""
    if len(sentence) <= width:
        return sentence
    cut = sentence[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ,;:") + "…"


@dataclass
class _Meaning:
    per_sentence: np.ndarray  # (n_sentences, n_lines): each sentence against each line's best prototype
    score: np.ndarray  # (n_lines,): mix of the best sentence and the whole-note vector
    off_topic: float  # the same mix against the off-topic prototypes


def _meaning(vectors: np.ndarray, index: LineIndex, tuning: Tuning) -> _Meaning:
    """Signal (a). The whole-note vector is the normalised sum of the sentence vectors: no second model pass."""
    doc = vectors.sum(axis=0)
    norm = float(np.linalg.norm(doc))
    rows = np.vstack([vectors, (doc / norm if norm > 0 else doc)[None, :]])
    per_line = index.per_line_max(rows @ index.prototypes.T)  # (n_sentences + 1, n_lines)
    w = tuning.sentence
    score = w * per_line[:-1].max(axis=0) + (1.0 - w) * per_line[-1]
    off_topic = 0.0
    if len(index.off_topic):
        off = rows @ index.off_topic.T
        off_topic = float(w * off[:-1].max() + (1.0 - w) * off[-1].max())
    return _Meaning(per_line[:-1], score, off_topic)


def _evidence(
    i: int, prep: _Prepared, meaning: _Meaning, cues: list[str], terms: list[str], tuning: Tuning
) -> list[str]:
    """What drove line ``i``: its best sentence (and a runner-up close to it), its cue words, its glossary terms."""
    out: list[str] = []
    col = meaning.per_sentence[:, i]
    best = float(col.max())
    for j in np.argsort(-col, kind="stable")[:2]:
        if col[j] >= best - tuning.evidence_margin:
            out.append(f'sentence: "{_shorten(prep.sentences[j])}" ({col[j]:.2f})')
    if cues:
        out.append("keywords: " + ", ".join(cues))
    if terms:
        out.append("terms: " + "; ".join(terms))
    return out


def _score_one(
    prep: _Prepared, vectors: np.ndarray, index: LineIndex, tuning: Tuning, embedder: str, top_k: int
) -> Classification:
    """All three signals for one text, the relevance decision and the ranked labels with their evidence."""
    if not prep.sentences:
        return Classification([], True, dict.fromkeys(GS_PAPERS, 0.0), 0.0, 0.0, 0.0, embedder)
    meaning = _meaning(vectors, index, tuning)
    cues = index.cues.find(prep.text)  # (b)
    cue_share = np.asarray([1.0 - 0.5 ** len(found) for found in cues], dtype=np.float32)
    term_bonus, term_who = _term_votes(prep.term_tags, index, tuning)  # (c)
    scores = meaning.score + tuning.keyword * cue_share + term_bonus

    order = np.argsort(-scores, kind="stable")
    paper_scores = dict.fromkeys(GS_PAPERS, 0.0)
    for paper, score in zip(index.papers, scores):
        paper_scores[paper] = max(paper_scores[paper], round(float(score), 4))
    relevance = float(scores[order[0]])
    best_meaning = float(meaning.score.max())
    no_clear = relevance < tuning.min_score or meaning.off_topic > best_meaning + tuning.off_topic_margin
    labels = [
        Label(index.papers[i], index.line_ids[i], index.texts[i], round(float(scores[i]), 4),
              _evidence(i, prep, meaning, cues[i], term_who[i], tuning))
        for i in order[:top_k]
    ]
    return Classification(labels, no_clear, paper_scores, relevance, best_meaning, meaning.off_topic, embedder)


def classify_many(
    items: Sequence[Note | str],
    term_tags: Sequence[TermTags | None] | None = None,
    embedder: Embedder | None = None,
    top_k: int = 5,
    tuning: Tuning | None = None,
) -> list[Classification]:
    """:func:`classify` for many texts at once: one embedding call for all their sentences (much faster in bulk)."""
    embedder = embedder or default_embedder()
    tuning = tuning or tuning_for(embedder.name)
    index = line_index(embedder)
    tags_per_item = list(term_tags) if term_tags is not None else [None] * len(items)
    if len(tags_per_item) != len(items):
        raise ValueError("term_tags must have one entry per item")
    preps = [_prepare(item, tags) for item, tags in zip(items, tags_per_item)]
    all_sentences = [s for p in preps for s in p.sentences]
    vectors = embedder.embed(all_sentences) if all_sentences else np.zeros((0, embedder.dim), dtype=np.float32)
    out: list[Classification] = []
    pos = 0
    with single_threaded_blas():
        for prep in preps:
            n = len(prep.sentences)
            out.append(_score_one(prep, vectors[pos : pos + n], index, tuning, embedder.name, top_k))
            pos += n
    return out


def classify(
    note_or_text: Note | str,
    term_tags: TermTags | None = None,
    embedder: Embedder | None = None,
    top_k: int = 5,
) -> Classification:
    """GS papers and syllabus lines for a note or a news text, best first, each with its evidence.

    ``term_tags`` are ``(term, GS tags)`` pairs of glossary terms found in the text; a :class:`Note` also
    contributes the tags of its own key terms. ``embedder`` defaults to :func:`default_embedder`.
    """
    return classify_many([note_or_text], [term_tags], embedder=embedder, top_k=top_k)[0]


def best_papers(classification: Classification, margin: float | None = None) -> list[str]:
    """The papers a note belongs to, best first: the top paper and any within ``margin`` of it; none when unclear.

    ``margin`` defaults to the tuning of the embedder that produced the classification.
    """
    if classification.no_clear_paper or not classification.labels:
        return []
    if margin is None:
        margin = tuning_for(classification.embedder).paper_margin
    top = max(classification.paper_scores.values())
    ranked = sorted(classification.paper_scores.items(), key=lambda kv: -kv[1])
    return [p for p, s in ranked if s >= top - margin]


# --- which lines a note shows ---------------------------------------------------------------------------------------
#
# The ranking above places a text; showing a line to a reader needs more. Embedding similarity alone matches on
# surface words ("expenditure" in a household survey is not Government Budgeting, a "Governor" of the RBI is not a
# constitutional post), so a line is shown only with evidence of its own: cue words of the line used in the text
# as ordinary words (not as a word inside a longer name), glossary terms of the text whose GS tags vote for it, or
# a clear margin over the next line.


@dataclass(frozen=True)
class ShowRule:
    """When a ranked line is shown. Fitted on ``bench/data/gs_eval.jsonl`` and the news-dev gold; checked on the
    frozen set (``bench/eval_gs.py`` prints both)."""

    max_lines: int = 3
    margin: float = 0.15  # the top line shown on similarity alone when this far above the next line
    below_top: float = 0.22  # a further line must score within this of the first line shown
    weak_cues: int = 2  # distinct one-word lower-case cues ("forest", "launch") needed when no stronger cue is found
    runner_up: float = 0.06  # when the top line has no evidence, a line this close to it may be shown first
    further_min: float = 0.45  # a further line must itself score at least this (a fair match, not just a near one)


SHOW_RULE = ShowRule()

# Capitalised words that start a sentence or a clause and so do not join the next word into a name.
_CLAUSE_WORDS = frozenset("The A An In On At It He She They This That These Those Both Its His Her Their Under "
                          "According As After Before When While With Without From For By Of And But Or If New "
                          "Also Now Then There Here Our Your We I".split())
_NAME_WORD = re.compile(r"[A-Z][\w'’.&-]*|[A-Z0-9][A-Z0-9&-]+")
_PREV_WORD = re.compile(r"(\S+) $")
_NEXT_WORD = re.compile(r" (\S+)")


def inside_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one capitalised word inside a longer name: "Governor" in "RBI Governor
    Sanjay Malhotra", "Expenditure" in "Household Consumption Expenditure Survey", "Research" in "Indian Space
    Research Organisation". Such a word names the thing the name names, not the concept of the syllabus line.
    Words joined by "of" ("Ministry of Defence") count as one name too."""
    word = text[start:end]
    if " " in word or not word[:1].isupper():
        return False
    before = _PREV_WORD.search(text[max(0, start - 40) : start])
    if before:
        prev = before.group(1)
        if prev in ("of", "and", "for", "&"):  # "Ministry of Defence", "Science and Technology"
            prev_cap = _PREV_WORD.search(text[max(0, start - 80) : start - len(prev) - 1])
            if prev_cap and _NAME_WORD.fullmatch(prev_cap.group(1)) and prev_cap.group(1) not in _CLAUSE_WORDS:
                return True
        elif _NAME_WORD.fullmatch(prev) and prev not in _CLAUSE_WORDS:
            return True
    after = _NEXT_WORD.match(text[end : end + 40])
    return bool(after and _NAME_WORD.match(after.group(1)) and after.group(1).rstrip(".,;:") not in _CLAUSE_WORDS)


def _kept_occurrence(text: str, start: int, end: int) -> bool:
    return not inside_name(text, start, end)


def _strong_cue(cue: str) -> bool:
    """A cue of several words, an acronym or a capitalised name ("repo rate", "ISRO", "Lok Sabha") says more than
    one common word ("policy", "launch", "solar")."""
    return " " in cue.strip() or any(c.isupper() for c in cue[1:]) or cue[:1].isupper() or any(c.isdigit() for c in cue)


@lru_cache(maxsize=1)
def _show_cues() -> tuple[tuple[str, ...], tuple[str, ...], KeywordCues, tuple[tuple[str, ...], ...]]:
    lines = line_prototypes(load_syllabus())
    return (tuple(ln[0] for ln in lines), tuple(ln[1] for ln in lines), KeywordCues([ln[4] for ln in lines]),
            tuple(tuple(ln[4]) for ln in lines))


def _term_in_text(term: str, text: str) -> bool:
    """A glossary term is evidence unless every place it occurs is one word of a longer name ("Governor" in
    "RBI Governor Sanjay Malhotra"); a term found under another form (an alias) counts."""
    found = False
    for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags=re.IGNORECASE):
        found = True
        if not inside_name(text, m.start(), m.end()):
            return True
    return not found


@dataclass
class ShownLine:
    """A line shown in a note's UPSC Relevance, with the evidence that earned it."""

    paper: str
    line_id: str
    line: str
    score: float
    cues: list[str]
    terms: list[str]
    reason: str  # "keywords", "terms", "keywords+terms" or "margin"


def _line_cues(text: str) -> dict[str, list[str]]:
    ids, _, cues, _ = _show_cues()
    return dict(zip(ids, cues.find(text, keep=_kept_occurrence)))


def _line_terms(term_tags: TermTags, text: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Per line, the terms voting for it, and the terms voting for it alone (a subject with one line in the paper,
    or a tag naming the line)."""
    syllabus = load_syllabus()
    voting: dict[str, list[str]] = {}
    only: dict[str, list[str]] = {}
    for term, tags in term_tags:
        if not tags or not _term_in_text(term, text):
            continue
        for tag in tags:
            _, lines = tag_votes(tag, syllabus)
            for ln in lines:
                if term not in voting.setdefault(ln, []):
                    voting[ln].append(term)
            if len(lines) == 1 and term not in only.setdefault(lines[0], []):
                only[lines[0]].append(term)
    return voting, only


def shown_lines(c: Classification, text: str, term_tags: TermTags | None = None,
                rule: ShowRule = SHOW_RULE) -> list[ShownLine]:
    """The lines a note shows, best paper first, at most ``rule.max_lines``; none when no paper is clear.

    ``text`` is the whole story (cues are looked for in all of it), ``term_tags`` its glossary terms. The first
    line shown is the top line, or a runner-up within ``rule.runner_up`` of it that has keywords (twice that when
    more glossary terms vote for it than for the top line), and it needs
    keywords of its own (one strong cue or ``weak_cues`` common ones), glossary terms voting for it alone, or a
    margin of ``rule.margin`` over the next line. A further line needs two distinct cues, one of them strong, a
    score within ``rule.below_top`` of the first and of at least ``rule.further_min``, and, in another paper, glossary terms voting for it too. Terms
    voting for a whole subject place the paper but never earn a line on their own.
    """
    if c.no_clear_paper or not c.labels:
        return []
    cues = _line_cues(text)
    voting, only = _line_terms(list(term_tags or []), text)
    labels: list[Label] = []
    for lb in c.labels:
        if lb.line_id not in {x.line_id for x in labels}:
            labels.append(lb)
    shown: list[ShownLine] = []
    for k, lb in enumerate(labels):
        if len(shown) == rule.max_lines:
            break
        found = cues.get(lb.line_id, [])
        strong = [x for x in found if _strong_cue(x)]
        cue_ok = bool(strong) or len(found) - len(strong) >= rule.weak_cues
        terms = voting.get(lb.line_id, [])
        nxt = next((x.score for x in labels[k + 1 :]), 0.0)
        margin = lb.score - nxt
        if not shown:
            # The first line shown is the top line or a close runner-up with keywords of its own; a little further
            # behind when more of the story's glossary terms vote for it than for the top line.
            gap = rule.runner_up * (2 if len(terms) > len(voting.get(labels[0].line_id, [])) else 1)
            if k > 0 and (lb.score < labels[0].score - gap or not cue_ok):
                continue
            if cue_ok and terms:
                reason = "keywords+terms"
            elif cue_ok:
                reason = "keywords"
            elif only.get(lb.line_id):
                reason = "terms"
            elif margin >= rule.margin:
                reason = "margin"
            else:
                continue
        else:
            # A second line needs more than the first: two distinct cues, one of them strong.
            if lb.score < max(shown[0].score - rule.below_top, rule.further_min) or not strong or len(found) < 2:
                continue
            if lb.paper != shown[0].paper and not terms:
                continue
            reason = "keywords+terms" if terms else "keywords"
        shown.append(ShownLine(lb.paper, lb.line_id, lb.line, lb.score, found, terms, reason))
    first = shown[0].paper if shown else None
    return sorted(shown, key=lambda x: x.paper != first)


_DEFAULT_LOCK = threading.Lock()
_DEFAULT: Embedder | None = None


def default_embedder() -> Embedder:
    """The process-wide embedder :func:`classify` uses when given none (see :func:`upscnotes.embed.get_embedder`)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = get_embedder()
        return _DEFAULT


__all__ = ["Classification", "Label", "ShowRule", "ShownLine", "Tuning", "best_papers", "classify", "classify_many", "default_embedder", "inside_name", "shown_lines"]
