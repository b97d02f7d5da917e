"""Which glossary terms a story's note marks: the 5 to 15 that matter most, in the sense the story uses.

``annotate`` marks every glossary term it finds (and stays fast); a note is read by a student, so ``build``
chooses. A term is left out when it is a unit or a generic word ("lakh", "per cent", "government", "state"), when
it is only part of a longer name the glossary does not hold ("Governor" in "RBI Governor"), or when its definition
does not fit the sentence that uses it (with the model: for a one-word match, where homonyms live, the sentence
and the definition are embedded, and a cosine below ``MIN_SENSE_COSINE`` is a wrong sense).
The rest are ranked by how central they are: in the title, in the lead, how often, how specific.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from upscnotes.glossary.matcher import Match
from upscnotes.model import Article
from upscnotes.text import norm_key, split_sentences

MIN_TERMS, MAX_TERMS = 5, 15
# Units, counting words and generic words: never worth a tooltip.
GENERIC = frozenset(norm_key(w) for w in (
    "lakh", "crore", "lakh crore", "per cent", "percent", "percentage", "million", "billion", "trillion", "rupee", "rupees",
    "government", "state", "states", "centre", "union", "minister", "ministry", "policy", "scheme", "mission", "country",
    "nation", "people", "public", "official", "officials", "report", "act", "law", "bill", "court", "committee", "commission",
    "board", "council", "department", "authority", "agency", "programme", "program", "project", "plan", "budget", "tax",
    "india", "indian", "district", "village", "city", "year", "month", "week", "day", "today", "union territory",
    "union territories", "union public service commission",  # the exam itself, named by prep sites
))
MIN_SENSE_COSINE = 0.20
SENSE_WINDOW = 150  # characters of context either side of a match that the sense check reads
SENSE_POOL = 2 * MAX_TERMS  # candidates, best-ranked first, whose sense is checked
MIN_CONTEXT_WORDS = 6  # a shorter "sentence" (a title fragment such as "ISRO's PSLV-C57") cannot judge a sense
_WORD = re.compile(r"[\w'’-]+")
_CAP_BEFORE = re.compile(r"(?:^|[\s(])((?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z]{2,}|[A-Z][a-z]+))\s+$")
_POSSESSIVE = re.compile(r"['’]s\s+$")
_SENTENCE_START = frozenset("The A An In On At It This That These Those His Her Its Their Our Under After Before With For From By As".split())

Embed = Callable[[list[str]], np.ndarray]


@dataclass
class Candidate:
    term_id: int
    head: str
    definition: str
    text: str  # as first written in the story
    count: int = 0
    in_title: bool = False
    in_lead: bool = False
    swallowed: int = 0  # occurrences that are part of a longer capitalised name
    listed: int = 0  # occurrences as one item of a list of three or more terms
    sentence: str = ""
    score: float = 0.0
    forms: set[str] = field(default_factory=set)  # every way the story writes it ("ISRO", "PSLV rockets")


def is_generic(head: str, abbreviation: str | None = None) -> bool:
    return norm_key(head) in GENERIC


_LIST_GAP = re.compile(r"\s*(?:,|;|/|,?\s+(?:and|or|&))\s*(?:the\s+)?", re.IGNORECASE)
MIN_LIST = 3


def _list_items(text: str, found: list[Match]) -> set[int]:
    """Indexes of matches that are items of a list of at least ``MIN_LIST`` terms joined only by commas, "and",
    "or" (``found`` is in text order)."""
    items: set[int] = set()
    run = [0] if found else []
    for i in range(1, len(found) + 1):
        if i < len(found) and _LIST_GAP.fullmatch(text[found[i - 1].end : found[i].start]):
            run.append(i)
            continue
        if len(run) >= MIN_LIST:
            items.update(run)
        run = [i]
    return items


def _part_of_longer_name(text: str, start: int) -> bool:
    """``RBI Governor``, ``Korea National Defence University``: the match continues a capitalised name to its left."""
    before = text[max(0, start - 40) : start]
    if _POSSESSIVE.search(before):
        return False
    m = _CAP_BEFORE.search(before)
    if m is None:
        return False
    return m.group(1) not in _SENTENCE_START and not re.search(r"[.!?:]\s+\S+\s+$", before[-60:])


def select_terms(articles: list[Article], annotator: object, embed: Embed | None = None, limit: int | None = None) -> list[int]:
    """Term ids worth marking in the story's note, most central first (all of them unless ``limit``)."""
    return [c.term_id for c in select_candidates(articles, annotator, embed, limit)]


def select_candidates(articles: list[Article], annotator: object, embed: Embed | None = None,
                      limit: int | None = None) -> list[Candidate]:
    """The terms worth marking in the story's note, most central first, with how the story writes each."""
    from upscnotes.glossary.annotate import Annotator

    assert isinstance(annotator, Annotator)
    title = " ".join(a.title or "" for a in articles[:3])
    lead = " ".join((a.text or "")[s:e] for a in articles for s, e in split_sentences((a.text or "")[:2000])[:2])
    cands: dict[int, Candidate] = {}
    title_ids = {m.term_id for m in annotator.matcher.find(title)} if title.strip() else set()
    lead_ids = {m.term_id for m in annotator.matcher.find(lead)} if lead.strip() else set()
    for a in articles:
        text = a.text or ""
        found = annotator.matcher.find(text)
        listed = _list_items(text, found)
        for i, m in enumerate(found):
            kt = annotator.key_term(m.term_id, text[m.start : m.end])
            if is_generic(kt.head, kt.abbreviation) or is_generic(kt.text):
                continue
            c = cands.get(m.term_id)
            if c is None:
                c = cands[m.term_id] = Candidate(m.term_id, kt.head, kt.definition, kt.text)
            if _part_of_longer_name(text, m.start):
                c.swallowed += 1
                continue
            c.forms.add(text[m.start : m.end])
            if i in listed:
                c.listed += 1
                continue
            c.count += 1
            if not c.sentence:
                # The sentence around the match, at most SENSE_WINDOW characters either side: enough to tell a
                # sense, and the model's cost grows with the length it reads.
                s = max(text.rfind(".", 0, m.start) + 1, m.start - SENSE_WINDOW)
                e = text.find(".", m.end)
                c.sentence = text[s : min(e if e != -1 else len(text), m.end + SENSE_WINDOW)].strip()
    for c in cands.values():
        c.in_title, c.in_lead = c.term_id in title_ids, c.term_id in lead_ids
    # Named only as one item of a list ("Madhya Pradesh, Arunachal Pradesh, Chhattisgarh and Odisha"): a detail of
    # the story, not what it is about, unless the title names it.
    kept = [c for c in cands.values() if c.count > 0 or (c.listed and c.in_title)]
    for c in kept:
        words = len(_WORD.findall(c.head))
        c.score += 3.0 * c.in_title + 1.5 * c.in_lead + min(c.count, 4) + 0.5 * min(words, 4)
    kept.sort(key=lambda c: (-c.score, c.head))
    if embed is not None and kept:
        # Only terms with a chance of a place in the note are worth a model call: the best-ranked SENSE_POOL.
        wrong = _wrong_senses(kept[:SENSE_POOL], embed)
        kept = [c for c in kept if c.term_id not in wrong]
    return kept[:limit]


def terms_for_note(ranking: list[int], body: str, annotator: object, limit: int = MAX_TERMS) -> list[int]:
    """The best-ranked terms that the note's body (Overview, Key Developments, Important Facts) actually uses."""
    from upscnotes.glossary.annotate import Annotator

    assert isinstance(annotator, Annotator)
    present = {m.term_id for m in annotator.matcher.find(body)}
    return [t for t in ranking if t in present][:limit]


def ambiguous(text: str) -> bool:
    """A match of one word ("Governor", "Speaker", "ED") is where homonyms live; a name of several words
    ("Satish Dhawan Space Centre", "absolute majority") means one thing, and its sentence is no better a judge."""
    return len(_WORD.findall(text)) == 1


def _wrong_senses(cands: list[Candidate], embed: Embed) -> set[int]:
    """The one-word terms whose definition does not fit the sentence that uses them. Only those are embedded: the
    check costs a model call per sentence, and on several-word names it mostly removed right terms."""
    checked = [c for c in cands if ambiguous(c.text) and len(_WORD.findall(c.sentence)) >= MIN_CONTEXT_WORDS]
    if not checked:
        return set()
    vecs = embed([c.sentence for c in checked] + [f"{c.head}: {c.definition}" for c in checked])
    n = len(checked)
    fit = np.einsum("ij,ij->i", vecs[:n], vecs[n:])
    return {c.term_id for c, f in zip(checked, fit.tolist(), strict=True) if f < MIN_SENSE_COSINE}


__all__ = ["GENERIC", "MAX_TERMS", "MIN_TERMS", "Candidate", "ambiguous", "is_generic", "select_candidates", "select_terms", "terms_for_note"]
