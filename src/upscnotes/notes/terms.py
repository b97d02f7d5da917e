"""Key-term definitions: ``Head (Abbr) — definition (GS tags)`` in all the wordings the seeds use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from upscnotes.model import GsTag, KeyTerm
from upscnotes.syllabus.tags import format_tags, parse_gs_tags

_SEPARATOR = re.compile(r"\s+[\u2014\u2013\u2012-]\s+|\s*\u2014\s*")
_PARENTHESISED = re.compile(r"^(?P<a>.+?)\s*\((?P<b>[^()]+)\)\s*$")
_MINOR = {"of", "and", "for", "the", "in", "on", "to", "a", "an", "&", "de", "la"}


def is_abbreviation(s: str) -> bool:
    """``MoU``, ``KIND‑X``, ``ISRO``, ``G20``, ``RoK``: one token with at least two capitals, mostly upper case."""
    s = s.strip()
    if not s or " " in s or len(s) > 16:
        return False
    letters = [c for c in s if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 2 and upper >= len(letters) / 2


def _looks_like_expansion(phrase: str) -> bool:
    words = phrase.split()
    if len(words) < 2 or len(phrase) > 90:
        return False
    major = [w for w in words if w.casefold() not in _MINOR]
    return bool(major) and all(w[0].isupper() or not w[0].isalpha() for w in major)


@dataclass
class ParsedTerm:
    head: str
    abbreviation: str | None
    definition: str
    tags: list[GsTag]


def split_head(head: str) -> tuple[str, str | None]:
    """``Memorandum of Understanding (MoU)`` and ``KIND‑X (India‑Korea …)`` → (expansion, abbreviation)."""
    m = _PARENTHESISED.match(head)
    if m:
        a, b = m.group("a").strip(), m.group("b").strip()
        if is_abbreviation(b) and not is_abbreviation(a):
            return a, b
        if is_abbreviation(a) and not is_abbreviation(b):
            return b, a
    return head.strip(), None


def parse_definition(raw: str) -> ParsedTerm:
    """Parse a ``data-definition`` value. A value without a separator is all head (no definition)."""
    raw = raw.strip()
    m = _SEPARATOR.search(raw)
    if m is None:
        tagged = parse_gs_tags(raw)
        head, abbr = split_head(tagged.definition)
        return ParsedTerm(head, abbr, "", tagged.tags)
    head, abbr = split_head(raw[: m.start()])
    tagged = parse_gs_tags(raw[m.end() :])
    definition = tagged.definition
    if abbr is None and is_abbreviation(head):
        lead, comma, rest = definition.partition(",")
        if comma and rest.strip() and _looks_like_expansion(lead.strip()):
            head, abbr, definition = lead.strip(), head, rest.strip()
    return ParsedTerm(head, abbr, definition, tagged.tags)


def render_definition(term: KeyTerm) -> str:
    """The canonical definition text: ``Head (Abbr) — definition (GS2: Polity, GS3: Technology)``."""
    out = f"{term.head} ({term.abbreviation})" if term.abbreviation else term.head
    if term.definition:
        out += f" \u2014 {term.definition}"
    if term.gs_tags:
        out += f" ({format_tags(term.gs_tags)})"
    return out
