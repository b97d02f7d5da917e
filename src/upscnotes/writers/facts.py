"""Figures in news text (money, percentages, counts, quantities, dates) with the sentence that carries them.

Regular expressions rather than a tagger: the writer must run offline and give the same answer every time, and
the figures UPSC notes care about ("Rs 1.54 lakh crore", "25 basis points", "FY 2025-26", "3,167 tigers") follow
a handful of fixed shapes. Every match keeps its character span so a writer can prove where a figure came from.

The sentence segmentation lives here too because a figure is only useful with its sentence, and the writer must
cut the text into exactly the same sentences for the two to line up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from upscnotes.text import split_sentences

# Digits with Western (3,167) or Indian (1,54,000) grouping, optionally decimal; never glued to a letter, a
# hyphen or another digit group, so "Chandrayaan-3", "G20", "330A" and "6:04" are not figures.
_DIGITS = r"(?:\d{1,3}(?:,\d{2,3})+|\d+)(?:\.\d+)?(?!\w|[.,]\d)"
_NUM = rf"(?<![\w.,:/-]){_DIGITS}"
_NUM_WORD = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
             r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)")
_SCALE = r"(?:lakh\s+crore|lakh|crore|million|billion|trillion|bn|mn|cr)"
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_UNIT = (r"(?:square\s+kilometres|square\s+kilometers|sq\s?km|km|kilometres|kilometers|kilometre|kilometer|kg|kilograms?|"
         r"tonnes?|tons?|MW|GW|kW|degrees|°C|hectares?|acres?|metres|meters|metre|meter|feet|light-years|km/h)")


def word_set(words: str) -> frozenset[str]:
    """A word list written as one string, so long vocabularies stay readable in the source."""
    return frozenset(words.split())


# Words that end a number rather than name what is counted ("3,167 in 2022").
_NOT_COUNTED = word_set(
    "a an and as at by for from in into is of on or per the to with against was were are be than over under about "
    "around nearly almost up down out off till until since after before between among across per cent percent "
    "lakh crore million billion trillion am pm when where which that who while if but so"
)

# (kind, pattern) in order of precedence: where two matches overlap the earlier kind wins, then the longer match,
# so "Rs 1 crore" beats the count "1 crore", "9 April 2023" beats "2023 released" and "FY 2025-26" beats "2025".
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("money", re.compile(rf"(?:₹|\bRs\.?|\bINR|\bUS\s?\$|\$|\bUSD|€|£)\s?{_DIGITS}(?:\s?{_SCALE}\b)?")),
    ("money", re.compile(rf"{_NUM}\s+(?:{_SCALE}\s+)?(?:rupees|dollars|US\s+dollars)\b")),
    ("percent", re.compile(rf"{_NUM}\s?(?:%|per\s?cent\b|percent\b|percentage\s+points?\b)")),
    ("percent", re.compile(rf"(?:{_NUM}|\b{_NUM_WORD}\b)\s+(?:basis\s+points?|bps)\b", re.IGNORECASE)),
    ("quantity", re.compile(rf"{_NUM}\s?(?:(?:million|billion|lakh|crore)\s+)?{_UNIT}(?!\w)")),
    ("date", re.compile(rf"(?<!\w)\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b(?:,?\s+\d{{4}}\b)?")),
    ("date", re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}})?(?!\d)")),
    ("date", re.compile(rf"\b{_MONTH}\s+\d{{4}}\b")),
    ("date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("date", re.compile(r"\b(?:FY|fiscal\s+year|financial\s+year|fiscal)\s?'?\d{2,4}(?:\s?[-–/]\s?\d{2,4})?\b", re.IGNORECASE)),
    ("date", re.compile(r"(?<![\w-])(?:19|20)\d{2}\s?[-–]\s?(?:(?:19|20)\d{2}|\d{2})(?![\w-])")),
    ("fraction", re.compile(r"\b(?:one|two|three|four)[-\s](?:half|third|fourth|quarter|fifth|tenth)s?\b", re.IGNORECASE)),
    ("year", re.compile(r"(?<![\w.,:/-])(?:1[89]|20)\d{2}(?![\w%]|[.,]\d)")),
    # Digits may join their noun with a hyphen ("15-day"); number words may not ("five-judge" describes, not counts).
    ("count", re.compile(rf"(?:{_NUM}(?:\s+|-)|\b{_NUM_WORD}\s+)(?P<noun>[A-Za-z][\w'-]*)"
                         rf"(?:(?:\s+[a-z][\w'-]*)?\s+(?P<noun2>[A-Za-z][\w'-]*s)\b)?",
                         re.IGNORECASE)),
    ("number", re.compile(r"(?<![\w.,:/-])\d{1,3}(?:,\d{2,3})+(?:\.\d+)?(?!\w|[.,]\d)")),
]
_RANK = {kind: i for i, kind in enumerate(dict.fromkeys(k for k, _ in _PATTERNS))}
_MONTH_WORD = re.compile(rf"^{_MONTH}$")


@dataclass(frozen=True)
class Fact:
    """One figure: its kind, the text as written, its span and the sentence around it (span included)."""

    kind: str  # money | percent | quantity | date | fraction | year | count | number
    value: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int


_LINE = re.compile(r"[^\n]*(?:\n|$)")
_BULLET = re.compile(r"^\s*(?:[-*•▪●–]|\d{1,2}[.)])\s+")
_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")
_WRAP_WIDTH = 60
# A line that stops on a comma or a function word cannot be a heading: the sentence goes on in the next line.
_MID_SENTENCE = re.compile(r"(?:,|\b(?:the|a|an|of|and|or|to|in|on|at|by|for|with|from|that|which|its|their|is|was|are|were))\s*$",
                           re.IGNORECASE)
_CLOSERS = {'"': '"', "”": "“", "’": "‘", ")": "("}


def _blocks(text: str) -> list[tuple[int, int]]:
    """Line groups that may hold sentences: a heading, a list item or a paragraph never runs into the next one.

    Lines are joined only when they look hard-wrapped (long, no closing punctuation, stopping mid-phrase or followed
    by a lower-case line), because ``split_sentences`` alone would glue a headline without a full stop to the
    paragraph after it.
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    for i, (a, b) in enumerate(lines):
        line = text[a:b]
        if not line.strip():
            if start is not None:
                spans.append((start, a))
                start = None
            continue
        if start is None:
            start = a
        nxt = text[lines[i + 1][0]:lines[i + 1][1]] if i + 1 < len(lines) else ""
        wrapped = (len(line.strip()) >= _WRAP_WIDTH and not _TERMINAL.search(line) and bool(nxt.strip()) and not _BULLET.match(nxt)
                   and bool(_MID_SENTENCE.search(line) or nxt.lstrip()[:1].islower()))
        if not wrapped:
            spans.append((start, b))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _balance_end(text: str, start: int, end: int, limit: int) -> int:
    """Extend a sentence over the closing quotes or bracket that ``split_sentences`` leaves after the full stop."""
    while end < limit and text[end] in _CLOSERS:
        ch = text[end]
        body = text[start:end]
        opener = _CLOSERS[ch]
        unbalanced = body.count(ch) % 2 == 1 if opener == ch else body.count(opener) > body.count(ch)
        if not unbalanced:
            break
        end += 1
    return end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` in reading order; headings and list items count as sentences of their own."""
    out: list[tuple[int, int]] = []
    for a, b in _blocks(text):
        for s, e in split_sentences(text[a:b]):
            out.append((a + s, _balance_end(text, a + s, a + e, b)))
    return out


def _counted(m: re.Match[str]) -> tuple[int, int] | None:
    """The span of a count ("3,167 tigers", "53 tiger reserves"), or None when the number counts nothing."""
    noun = m.group("noun")
    if noun.casefold() in _NOT_COUNTED or _MONTH_WORD.match(noun) or not any(c.isalpha() for c in noun):
        return None
    noun2 = m.group("noun2")
    if noun2 and not noun.casefold().endswith("s") and noun2.casefold() not in _NOT_COUNTED:
        return m.start(), m.end("noun2")
    return m.start(), m.end("noun")


def _matches(text: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            span = _counted(m) if kind == "count" else (m.start(), m.end())
            if span is not None:
                found.append((kind, *span))
    found.sort(key=lambda f: (_RANK[f[0]], -(f[2] - f[1]), f[1]))
    taken: list[tuple[str, int, int]] = []
    for f in found:
        if all(f[2] <= t[1] or f[1] >= t[2] for t in taken):
            taken.append(f)
    taken.sort(key=lambda f: f[1])
    return taken


def find_facts(text: str) -> list[Fact]:
    """All figures in ``text`` in reading order, each with the sentence it stands in."""
    facts: list[Fact] = []
    for s, e in sentence_spans(text):
        sentence = text[s:e]
        for kind, a, b in _matches(sentence):
            facts.append(Fact(kind, sentence[a:b], s + a, s + b, sentence, s, e))
    return facts


__all__ = ["Fact", "find_facts", "sentence_spans", "word_set"]
