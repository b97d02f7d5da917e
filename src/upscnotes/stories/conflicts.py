"""Pairs of facts about the same subject, in two write-ups of one story, that disagree.

Not conflicts: the same value in other units or formats, or rounded (a value agrees with another within the step
it was written to: "1,480 kg" with "1,480.7 kg", not with "1,472 kg"); different measures (the words that say which
measure a figure is, such as rural/urban, with/without imputation, current/constant prices, or the year it is
for, differ); counts of differently qualified things (two MoUs on one pair of subjects, three on another); a
partial list against a fuller one; and facts of another story (a near miss), which are never compared, since only
the articles of one story are passed in.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import TYPE_CHECKING, Any

from upscnotes.model import Article
from upscnotes.stories.facts import StoryFact, article_facts, content_words, dates_agree, words_of

if TYPE_CHECKING:
    import numpy as np

MIN_SUBJECT_OVERLAP = 0.6
MAX_ARTICLES = 60  # write-ups of one story compared for conflicts
MAX_ITEMS, MAX_VALUES = 8, 8  # conflicts a note lists, and values (with their sources) per conflict
MAX_RATIO = 3.0
MIN_SENTENCE_SIMILARITY = 0.33  # weighted Dice of two sentences' content words: two wordings of one claim
MIN_DATE_SENTENCE_SIMILARITY = 0.5
NAME_SIMILARITY = 85  # rapidfuzz ratio at or above which two names are spellings of one
_RATE_WORDS = frozenset({"rate", "repo", "ratio", "yield", "tax", "gst", "interest", "inflation"})


@dataclass
class Conflict:
    subject: str
    kind: str
    values: list[StoryFact] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable across rebuilds (so a dismissal sticks): the subject, kind and the values in dispute."""
        vals = sorted({_shown(v) for v in self.values})
        return hashlib.sha256("\x1f".join([self.subject, self.kind, *vals]).encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "subject": self.subject, "kind": self.kind,
                "values": [{"text": v.text, "value": v.value, "unit": v.unit, "sentence": v.sentence, "article": v.article, "url": v.url}
                           for v in self.values]}


def _shown(f: StoryFact) -> str:
    return f"{f.value:.6g}" if isinstance(f.value, float) else str(f.value)


# Units whose one figure in each of two write-ups of an event is the same measure of the same thing.
_PHYSICAL = ("mass", "area", "length", "power")
# Counts of one kind of event ("raised rates seven times", "six consecutive rate hikes"): a source's one such count
# is the count of those events in the story.
_EVENTS = ("count:hike", "count:cut")


def same_subject(a: StoryFact, b: StoryFact) -> bool:
    wa, wb = set(a.subject.split()), set(b.subject.split())
    if wa & wb:
        return len(wa & wb) / len(wa | wb) >= MIN_SUBJECT_OVERLAP
    return a.only_of_unit and b.only_of_unit and (a.unit in _PHYSICAL or a.unit == "count:vote" or a.unit in _EVENTS)


def _names_differ(x: str, y: str) -> bool:
    """Two spellings of one name (Hanwa/Hanwha, Jeong Kyeong-doo/Jeong Kyeongdoo) are one name."""
    from rapidfuzz import fuzz

    fx, fy = re.sub(r"[^a-z]", "", x.casefold()), re.sub(r"[^a-z]", "", y.casefold())
    return fuzz.ratio(fx, fy) < NAME_SIMILARITY


def _roles_disagree(a: str, b: str) -> bool:
    """``title|name`` values: the same person under another title, or another person under the same title."""
    ta, na = a.split("|", 1)
    tb, nb = b.split("|", 1)
    if na and nb:
        if _names_differ(na, nb):
            return not ta or not tb or not _names_differ(ta, tb)
        return bool(ta and tb) and _names_differ(ta, tb)
    return bool(ta and tb) and _names_differ(ta, tb)


_EXACT_RATES = frozenset({"repo", "rate", "tax", "gst", "duty", "interest", "crr", "slr"})
_ABOUT = re.compile(r"\b(?:about|around|nearly|almost|roughly|approximately|over|more\s+than|less\s+than|some|close\s+to)\s+$", re.IGNORECASE)


def _exact_rate(f: StoryFact) -> bool:
    """A policy or tax rate is set to the step it is written to: "6%" is not a rounded 6.25%."""
    if f.kind != "percent" or not set(f.subject.split()) & _EXACT_RATES:
        return False
    i = f.sentence.find(f.text)
    return i >= 0 and not _ABOUT.search(f.sentence[:i])


def disagree(a: StoryFact, b: StoryFact) -> bool:
    if a.kind == "date":
        return not dates_agree(str(a.value), str(b.value))
    if a.kind == "name":
        return _roles_disagree(str(a.value), str(b.value))
    if isinstance(a.value, str) or isinstance(b.value, str):
        return a.value != b.value
    if a.unit == "count:vote" or (a.value < 0) != (b.value < 0) or _exact_rate(a) or _exact_rate(b):
        return a.value != b.value  # a vote is exact, so is the direction of a change, and so is a policy or tax rate
    coarse, fine = (a, b) if a.precision >= b.precision else (b, a)
    step = coarse.precision
    # Rounding: "46 per cent" is 46.38%. Counts and quantities are also cut short ("1,480 kg" for 1,480.7 kg,
    # "261,000 households" for 2,61,746); a percentage is not ("18%" is not "18.5%").
    if abs(coarse.value - fine.value) < 0.5 * step * 0.9999:  # type: ignore[operator]
        return False
    if a.kind != "percent" and math.floor(abs(fine.value) / step + 1e-9) * step == abs(coarse.value):  # type: ignore[arg-type]
        return False
    # Two reports of one measure differ by a slip or a revision, not by an order of magnitude: figures that far
    # apart are a level and a change, a part and a whole, or two different things.
    low, high = sorted((abs(a.value), abs(b.value)))
    return high <= MAX_RATIO * low


Embed = Callable[[list[str]], "np.ndarray"]
CONTEXT_CHARS = 70
MIN_CONTEXT_COSINE = 0.80


def context(f: StoryFact) -> str:
    """The words around a figure with the figure itself masked: what two reports of one claim share."""
    i = f.sentence.find(f.text)
    if i < 0:
        return f.sentence
    return f"{f.sentence[max(0, i - CONTEXT_CHARS) : i]} _ {f.sentence[i + len(f.text) : i + len(f.text) + CONTEXT_CHARS // 2]}".strip()


def _compatible_units(a: StoryFact, b: StoryFact) -> bool:
    if a.unit == b.unit:
        return True
    # A bare figure takes its unit from the words around it: "a tiger population of 3,682" counts tigers.
    for x, y in ((a, b), (b, a)):
        if x.unit == "number" and y.unit.startswith("count:") and y.unit[6:] and y.unit[6:] in set(content_words(x.sentence)):
            return True
    return False


def _comparable(a: StoryFact, b: StoryFact) -> bool:
    if a.article == b.article or a.kind != b.kind and not {a.unit, b.unit} & {"number"} or not _compatible_units(a, b):
        return False
    if a.kind in ("date", "time", "name", "category", "rank"):
        return True
    if a.unit in _EVENTS:
        return True  # how many hikes: a count of events over a span, whatever years each source names
    # The years a figure is for: one source may name fewer of them ("since 2021" against "between 2021 and 2023").
    ya, yb = a.context_years, b.context_years
    return a.qualifiers == b.qualifiers and (ya == yb or bool(ya and yb and (ya <= yb or yb <= ya)))


class _Sentences:
    """The story's sentences as bags of content words weighted by rarity, to find two wordings of one claim."""

    def __init__(self, facts: list[StoryFact]) -> None:
        texts: dict[str, list[str]] = {}
        for f in facts:
            texts.setdefault(f.sentence, []).append(f.text)
        self.bags: dict[str, set[str]] = {}
        for sentence, figures in texts.items():
            masked = sentence
            for t in figures:  # the figures themselves are what may differ
                masked = masked.replace(t, " ")
            self.bags[sentence] = set(content_words(masked))
        df: dict[str, int] = {}
        for bag in self.bags.values():
            for w in bag:
                df[w] = df.get(w, 0) + 1
        n = max(len(self.bags), 1)
        self.weight = {w: math.log(1 + n / d) for w, d in df.items()}

    def similarity(self, x: str, y: str) -> float:
        bx, by = self.bags.get(x, set()), self.bags.get(y, set())
        both = sum(self.weight[w] for w in bx & by)
        total = sum(self.weight[w] for w in bx) + sum(self.weight[w] for w in by)
        return 2 * both / total if total else 0.0


class _Measures:
    """Per source, the sentences that give a figure of each measure, with their words: what a source reports apart."""

    def __init__(self, facts: list[StoryFact]) -> None:
        self.by: dict[tuple[str, str, frozenset[str]], dict[str, set[str]]] = {}
        self.words: dict[str, set[str]] = {}
        for f in facts:
            if f.sentence not in self.words:
                self.words[f.sentence] = set(content_words(f.sentence))
            self.by.setdefault((f.article, f.unit, f.qualifiers), {})[f.sentence] = self.words[f.sentence]
        self.text: dict[str, str] = {}
        for f in facts:
            self.text[f.article] = self.text.get(f.article, "")
        seen: set[tuple[str, str]] = set()
        for f in facts:
            if (f.article, f.sentence) not in seen:
                seen.add((f.article, f.sentence))
                self.text[f.article] += "\n" + f.sentence


def _subjects_clash(a: StoryFact, b: StoryFact, m: _Measures) -> bool:
    """A word of one figure's subject that the other source leaves out here but uses in another sentence where it
    gives a figure of the same measure: it reports that thing apart, so the two figures measure different things."""
    for x, y in ((a, b), (b, a)):
        here = m.words.get(y.sentence) or set(content_words(y.sentence))
        missing = {w for w in (x.subject + " " + x.scope).split() if w not in here}
        if missing and any(sentence != y.sentence and missing & words
                           for sentence, words in m.by.get((y.article, y.unit, y.qualifiers), {}).items()):
            return True
    return False


_NAME_RUN = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z][\w-]*(?:\s+[A-Z][a-z][\w-]*)*")


def _names_before(f: StoryFact) -> set[str]:
    i = f.sentence.find(f.text)
    return {m.group(0) for m in _NAME_RUN.finditer(f.sentence[: max(i, 0)])}


def _names_clash(a: StoryFact, b: StoryFact, m: _Measures) -> bool:
    """A name that one sentence puts before its figure ("Madhya Pradesh has the largest area … at 85,724 sq km")
    and the other leaves out, though its source names it elsewhere: the figures are about different things."""
    for x, y in ((a, b), (b, a)):
        others = m.text.get(y.article, "").replace(y.sentence, " ")
        if any(n not in y.sentence and n in others for n in _names_before(x)):
            return True
    return False


def _across(groups: dict[str, list[Any]]) -> Iterator[tuple[Any, Any]]:
    """Every pair of items from two different sources."""
    ids = sorted(groups)
    for i, x in enumerate(ids):
        for y in ids[i + 1 :]:
            yield from product(groups[x], groups[y])


def _aligned_pairs(facts: list[StoryFact], sentences: _Sentences, m: _Measures) -> list[tuple[StoryFact, StoryFact]]:
    """Figures in the same place of two wordings of one sentence: once the figures both give alike are set aside,
    the one figure of a kind left on each side is the same claim."""
    by_sentence: dict[tuple[str, str], list[StoryFact]] = {}
    for f in facts:
        if f.kind not in ("name", "category", "rank"):
            by_sentence.setdefault((f.article, f.sentence), []).append(f)
    per_article: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(by_sentence):
        per_article.setdefault(key[0], []).append(key)
    # Each sentence is matched with its closest wording in each other source, and only where that sentence's
    # closest wording is it in turn (a mutual best match), so one sentence is never the rewording of many.
    best: dict[tuple[tuple[str, str], str], tuple[float, tuple[str, str]]] = {}
    sims: dict[tuple[tuple[str, str], tuple[str, str]], float] = {}
    for ka, kb in _across(per_article):
        sim = sentences.similarity(ka[1], kb[1])
        if sim < MIN_SENTENCE_SIMILARITY:
            continue
        sims[(ka, kb)] = sim
        for x, y in ((ka, kb), (kb, ka)):
            if sim > best.get((x, y[0]), (-1.0, x))[0]:
                best[(x, y[0])] = (sim, y)
    out: list[tuple[StoryFact, StoryFact]] = []
    for ((art_a, sa), (art_b, sb)), sim in sims.items():
        if best[((art_a, sa), art_b)][1] != (art_b, sb) or best[((art_b, sb), art_a)][1] != (art_a, sa):
            continue
        left, right = list(by_sentence[(art_a, sa)]), list(by_sentence[(art_b, sb)])
        for x in list(left):  # the figures both sentences give alike anchor the rest
            twin = next((y for y in right if _comparable(x, y) and not disagree(x, y)), None)
            if twin is not None:
                left.remove(x)
                right.remove(twin)
        for x in left:
            mates = [y for y in right if _comparable(x, y)]
            if x.kind in ("date", "time") and sim < MIN_DATE_SENTENCE_SIMILARITY and not (
                    x.kind == "time" and x.only_of_unit and len(mates) == 1 and mates[0].only_of_unit):
                continue  # a story has many dates: only a close rewording (or each source's one time) puts two in one place
            others = [z for z in left if _comparable(z, mates[0])] if len(mates) == 1 else []
            if len(mates) == 1 and len(others) == 1 and disagree(x, mates[0]) and not _subjects_clash(x, mates[0], m) \
                    and not _names_clash(x, mates[0], m):
                out.append((x, mates[0]))
    return out


def _rate_or_percent(a: StoryFact, b: StoryFact) -> str:
    if a.kind == "percent" and set(a.subject.split() + b.subject.split()) & _RATE_WORDS:
        return "rate"
    return a.kind


def find_conflicts(articles: list[Article], embed: Embed | None = None) -> list[Conflict]:
    """The story's conflicting facts: one conflict per subject and pair of values, one value from each side.

    Two facts are about the same thing when their subjects match (the same entity for a rank, the same role of the
    same body for a name, the same property for a categorical claim, the same house and side for a vote), when
    they stand in the same place of two wordings of one sentence, or (with ``embed``) when the words around the
    two figures mean the same (cosine of their embeddings with the figures masked)."""
    # Every pair of facts across articles is a candidate, so a story is checked on its first MAX_ARTICLES
    # write-ups: beyond them the cost grows with the square of the story and the list outgrows any editor.
    facts = [f for a in articles[:MAX_ARTICLES] for f in article_facts(a)]
    measures = _Measures(facts)
    by_unit: dict[str, dict[str, list[StoryFact]]] = {}
    for f in facts:
        by_unit.setdefault(f.unit, {}).setdefault(f.article, []).append(f)
    candidates = [pair for groups in by_unit.values() for pair in _across(groups)]
    bare = [f for group in by_unit.get("number", {}).values() for f in group]
    for unit, groups in by_unit.items():  # a bare figure may count what a counted one counts
        if unit.startswith("count:"):
            candidates.extend((n, c) for n in bare for group in groups.values() for c in group if n.article != c.article)
    pairs: list[tuple[StoryFact, StoryFact, bool]] = []
    for a, b in candidates:
        if not _comparable(a, b) or a.kind in ("date", "time") or not disagree(a, b):
            continue
        if a.kind in ("category", "rank", "name") or a.unit == "count:vote":
            ok = a.subject == b.subject and (a.unit != "count:vote" or a.qualifiers == b.qualifiers)
        else:
            ok = same_subject(a, b) and not _subjects_clash(a, b, measures)
        pairs.append((a, b, ok))
    if embed is not None and any(not ok for *_, ok in pairs):
        texts = sorted({context(f) for a, b, ok in pairs if not ok for f in (a, b)})
        vecs = dict(zip(texts, embed(texts), strict=True))
        pairs = [(a, b, ok or float(vecs[context(a)] @ vecs[context(b)]) >= MIN_CONTEXT_COSINE) for a, b, ok in pairs]
    pairs.extend((a, b, True) for a, b in _aligned_pairs(facts, _Sentences(facts), measures))
    # One conflict per pair of values of one measure, listing every source that gives either value; the same pair
    # under another wording of the subject is the same conflict.
    found: dict[tuple[str, str, str], Conflict] = {}
    for a, b, ok in sorted(((a, b, ok) for a, b, ok in pairs if ok), key=lambda p: (p[0].article, p[0].start, p[1].article, p[1].start)):
        lo, hi = sorted((a, b), key=_shown)
        kind = _rate_or_percent(a, b)
        key = (kind, _shown(lo) + "|" + _shown(hi), " ".join(sorted(a.qualifiers)))
        subject = a.subject if len(a.subject) <= len(b.subject) else b.subject
        c = found.get(key)
        if c is None:
            found[key] = Conflict(subject or context(a), kind, [lo, hi])
            continue
        for f in (lo, hi):
            if all(v.article != f.article or _shown(v) != _shown(f) for v in c.values):
                c.values.append(f)
    out = [found[k] for k in sorted(found)]
    for c in out:
        c.values.sort(key=lambda v: (_shown(v), v.article))
    return out


def _who(f: StoryFact, articles: dict[str, Article]) -> str:
    a = articles.get(f.article)
    return (a.publisher or a.title or a.url or f.article) if a else f.article


def shown_subject(c: Conflict) -> str:
    """The subject as a reader says it: its words as the first source writes them, in that order ("forest cover",
    not the folded key "cover forest"); the key itself when the sentence has none of them."""
    wanted = set(c.subject.split())
    if c.kind in ("name", "category") or not wanted:
        return c.subject
    for v in c.values:
        words: list[str] = []
        for w in words_of(v.sentence):
            k = content_words(w)
            if k and k[0] in wanted and k[0] not in {content_words(x)[0] for x in words}:
                words.append(w)
        if {content_words(w)[0] for w in words} == wanted:
            return " ".join(words)
    return c.subject


def conflict_items(conflicts: list[Conflict], articles: list[Article] | None = None, limit: int = MAX_ITEMS) -> list[str]:
    """Important Facts items: both values and who says which; the ``limit`` conflicts most sources take part in,
    and one line counting the rest (an editor sees them all with ``upscnotes conflicts``)."""
    by_id = {a.id: a for a in articles or []}
    shown = {id(c) for c in sorted(conflicts, key=lambda c: -len({v.article for v in c.values}))[:limit]}
    items = [f"Sources disagree on {shown_subject(c)}: " + " vs ".join(f"{v.text} ({_who(v, by_id)})" for v in c.values[:MAX_VALUES])
             + (f" and {len(c.values) - MAX_VALUES} more" if len(c.values) > MAX_VALUES else "")
             for c in conflicts if id(c) in shown]
    if len(conflicts) > limit:
        items.append(f"Sources disagree on {len(conflicts) - limit} more figures of this story")
    return items


__all__ = ["Conflict", "conflict_items", "disagree", "find_conflicts", "shown_subject"]
