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
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from upscnotes.model import Article
from upscnotes.stories.facts import StoryFact, article_facts

MIN_SUBJECT_OVERLAP = 0.5


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
        return len(wa & wb) / min(len(wa), len(wb)) >= MIN_SUBJECT_OVERLAP
    return a.only_of_unit and b.only_of_unit and a.unit in _PHYSICAL


def comparable(a: StoryFact, b: StoryFact) -> bool:
    """Two claims about one measure of one thing."""
    if a.article == b.article or a.kind != b.kind or a.unit != b.unit:
        return False
    if a.qualifiers != b.qualifiers or a.context_years != b.context_years:
        return False
    return a.subject == b.subject if a.kind == "category" else same_subject(a, b)


def disagree(a: StoryFact, b: StoryFact) -> bool:
    if isinstance(a.value, str) or isinstance(b.value, str):
        return a.value != b.value
    step = max(a.precision, b.precision)
    return abs(a.value - b.value) > step * 1.0001


def find_conflicts(articles: list[Article]) -> list[Conflict]:
    """The story's conflicting facts: one conflict per subject, with one value from each side."""
    facts = [f for a in articles for f in article_facts(a)]
    found: dict[tuple[str, str, str], Conflict] = {}
    for a, b in combinations(facts, 2):
        if not comparable(a, b) or not disagree(a, b):
            continue
        subject = a.subject if len(a.subject) <= len(b.subject) else b.subject
        lo, hi = sorted((a, b), key=_shown)
        key = (subject, a.kind, _shown(lo) + "|" + _shown(hi))
        if key not in found:
            found[key] = Conflict(subject, a.kind, [lo, hi])
    # One conflict per subject and pair of values; the same pair of values under a longer subject is a duplicate.
    out: list[Conflict] = []
    seen: set[tuple[str, str]] = set()
    for (_subject, _kind, pair), c in sorted(found.items()):
        if (pair, c.kind) in seen:
            continue
        seen.add((pair, c.kind))
        out.append(c)
    return out


def _who(f: StoryFact, articles: dict[str, Article]) -> str:
    a = articles.get(f.article)
    return (a.publisher or a.title or a.url or f.article) if a else f.article


def conflict_items(conflicts: list[Conflict], articles: list[Article] | None = None) -> list[str]:
    """Important Facts items: both values and who says which."""
    by_id = {a.id: a for a in articles or []}
    return [f"Sources disagree on {c.subject}: " + " vs ".join(f"{v.text} ({_who(v, by_id)})" for v in c.values) for c in conflicts]


__all__ = ["Conflict", "comparable", "conflict_items", "disagree", "find_conflicts"]
