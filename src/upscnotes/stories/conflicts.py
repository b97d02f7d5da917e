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
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from upscnotes.model import Article
from upscnotes.stories.facts import StoryFact, article_facts

if TYPE_CHECKING:
    import numpy as np

MIN_SUBJECT_OVERLAP = 0.6
MAX_RATIO = 3.0


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


def same_subject(a: StoryFact, b: StoryFact) -> bool:
    wa, wb = set(a.subject.split()), set(b.subject.split())
    if wa & wb:
        return len(wa & wb) / len(wa | wb) >= MIN_SUBJECT_OVERLAP
    return a.only_of_unit and b.only_of_unit and (a.unit in _PHYSICAL or a.unit == "count:vote")


def disagree(a: StoryFact, b: StoryFact) -> bool:
    if isinstance(a.value, str) or isinstance(b.value, str):
        return a.value != b.value
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


def find_conflicts(articles: list[Article], embed: Embed | None = None) -> list[Conflict]:
    """The story's conflicting facts: one conflict per subject and pair of values, one value from each side.

    Two facts are about the same thing when their subjects match, or (with ``embed``) when the words around the two
    figures mean the same (cosine of their embeddings with the figures masked)."""
    facts = [f for a in articles for f in article_facts(a)]
    pairs: list[tuple[StoryFact, StoryFact, bool]] = []
    for a, b in combinations(facts, 2):
        if a.article == b.article or a.kind != b.kind or a.unit != b.unit or not _same_measure(a, b) or not disagree(a, b):
            continue
        pairs.append((a, b, a.subject == b.subject if a.kind == "category" else same_subject(a, b)))
    if embed is not None and any(not ok for *_, ok in pairs):
        texts = sorted({context(f) for a, b, ok in pairs if not ok for f in (a, b)})
        vecs = dict(zip(texts, embed(texts), strict=True))
        pairs = [(a, b, ok or float(vecs[context(a)] @ vecs[context(b)]) >= MIN_CONTEXT_COSINE) for a, b, ok in pairs]
    found: dict[tuple[str, str, str], Conflict] = {}
    for a, b, ok in pairs:
        if not ok:
            continue
        subject = a.subject if len(a.subject) <= len(b.subject) else b.subject
        lo, hi = sorted((a, b), key=_shown)
        key = (subject or context(a), a.kind, _shown(lo) + "|" + _shown(hi))
        if key not in found:
            found[key] = Conflict(subject or context(a), a.kind, [lo, hi])
    # One conflict per pair of values; the same pair under another wording of the subject is a duplicate.
    out: list[Conflict] = []
    seen: set[tuple[str, str]] = set()
    for (_subject, _kind, pair), c in sorted(found.items()):
        if (pair, c.kind) in seen:
            continue
        seen.add((pair, c.kind))
        out.append(c)
    return out


def _same_measure(a: StoryFact, b: StoryFact) -> bool:
    return a.qualifiers == b.qualifiers and a.context_years == b.context_years


def _who(f: StoryFact, articles: dict[str, Article]) -> str:
    a = articles.get(f.article)
    return (a.publisher or a.title or a.url or f.article) if a else f.article


def conflict_items(conflicts: list[Conflict], articles: list[Article] | None = None) -> list[str]:
    """Important Facts items: both values and who says which."""
    by_id = {a.id: a for a in articles or []}
    return [f"Sources disagree on {c.subject}: " + " vs ".join(f"{v.text} ({_who(v, by_id)})" for v in c.values) for c in conflicts]


__all__ = ["Conflict", "conflict_items", "disagree", "find_conflicts"]
