"""Many-term matching: one Aho–Corasick pass over the normalised text.

Keys and text are prepared the same way: normalised (text.py), lower-cased without changing length, and every
non-word character (by Unicode category) shown as a space, with one space in front; that string is pure ASCII,
so it is matched as bytes. A key is stored as ``" " + prepared form``, so a match can only start at a word
boundary; the end boundary, the exact characters (``Indo-Pacific`` is not ``Indo Pacific`` unless both are
aliases) and the case of acronyms are checked on each match. Matches are leftmost-longest without overlaps; when
the longest match at a position fails a check, the region up to the next match is searched again with every
overlapping key and the longest valid ones are taken greedily, so a failed long match never hides a valid short
one. Offsets are mapped back to the original text.

The engine is ahocorasick-rs (Rust) rather than pyahocorasick: it returns all leftmost-longest matches of a
whole text in one call, which bench/annotate.py measures at several times pyahocorasick's ``iter_long`` on the
same haystack; the per-match Python work that is left is only the checks above.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs

from upscnotes.glossary.aliases import is_case_sensitive
from upscnotes.text import Normalized, is_word_char, normalize

_ASCII_NONWORD = bytes((i if chr(i).isalnum() else 32) for i in range(256))


def _word_class(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a non-ASCII character becomes ``a`` (word) or a space (non-word), one byte each."""
    assert isinstance(exc, UnicodeEncodeError)
    run = exc.object[exc.start : exc.end]
    return "".join("a" if is_word_char(c) else " " for c in run), exc.end


codecs.register_error("upscnotes-wordclass", _word_class)


def _lower_same_length(s: str) -> str:
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def _boundaries(low: str) -> str:
    """Word characters kept (non-ASCII ones as ``a``), everything else a space; same length as ``low``.

    Matching runs on this string and every match is then checked against the real characters, so the
    placeholder never lets a wrong match through; it only keeps the pass in C (bytes.translate)."""
    return low.encode("ascii", "upscnotes-wordclass").translate(_ASCII_NONWORD).decode("ascii")


class Match(NamedTuple):
    start: int  # offsets in the original text
    end: int
    term_id: int
    form: str  # the glossary form that matched


@dataclass(frozen=True)
class _Entry:
    low: str
    norm: str
    term_id: int
    case_sensitive: bool
    form: str


class TermMatcher:
    def __init__(self, forms: Iterable[tuple[int, str]]) -> None:
        """``forms``: (term id, surface form) pairs; heads and aliases alike."""
        table: dict[str, list[_Entry]] = {}
        prefixed: dict[str, bool] = {}
        for term_id, form in forms:
            norm = " ".join(normalize(form).text.split())
            if not norm:
                continue
            low = _lower_same_length(norm)
            # A key that starts with a word character must start at a word boundary: the leading space says so.
            key = (" " if is_word_char(norm[0]) else "") + _boundaries(low)
            prefixed.setdefault(key, is_word_char(norm[0]))
            entries = table.setdefault(key, [])
            if not any(e.low == low and e.norm == norm and e.term_id == term_id for e in entries):
                entries.append(_Entry(low, norm, term_id, is_case_sensitive(norm), form))
        keys = [k for k in table if k.strip()]
        # Per key: how far its match start is from the term start (the leading space), whether it ends with a
        # word character (then the end boundary matters), and its entries (usually exactly one).
        self._patterns = [(0 if prefixed[k] else 1, k[-1] != " ", tuple(table[k])) for k in keys]
        self.size = len(keys)
        if keys:
            encoded = [k.encode("ascii") for k in keys]
            self._longest = ahocorasick_rs.BytesAhoCorasick(encoded, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            self._overlapping = ahocorasick_rs.BytesAhoCorasick(encoded)

    def find_normalized(self, n: Normalized) -> list[tuple[int, int, _Entry]]:
        """Matches as (start, end, entry) in normalised offsets, in text order."""
        if self.size == 0:
            return []
        norm = n.text
        low = _lower_same_length(norm)
        wb = _boundaries(low)
        hay = (" " + wb).encode("ascii")  # hay[i + 1] is text[i]
        size = len(wb)
        patterns = self._patterns
        raw = self._longest.find_matches_as_indexes(hay)
        found: list[tuple[int, int, _Entry]] = []
        append = found.append
        for i, (idx, ms, me) in enumerate(raw):
            shift, ends_word, entries = patterns[idx]
            s = ms - shift
            e = me - 1
            if not (ends_word and e < size and wb[e] != " "):
                piece = low[s:e]
                for x in entries:
                    if x.low == piece and (not x.case_sensitive or norm[s:e] == x.norm):
                        append((s, e, x))
                        break
                else:
                    self._rescue(hay, ms, raw[i + 1][1] if i + 1 < len(raw) else len(hay), norm, low, wb, found)
                continue
            self._rescue(hay, ms, raw[i + 1][1] if i + 1 < len(raw) else len(hay), norm, low, wb, found)
        return found

    def _rescue(self, hay: bytes, a: int, b: int, norm: str, low: str, wb: str, found: list[tuple[int, int, _Entry]]) -> None:
        """Greedy longest valid matches among all overlapping keys in ``hay[a:b]`` (after a failed longest match)."""
        size = len(wb)
        candidates = sorted(self._overlapping.find_matches_as_indexes(hay[a:b], overlapping=True), key=lambda m: (m[1], -m[2]))
        cursor = 0
        for idx, ms, me in candidates:
            if ms < cursor:
                continue
            shift, ends_word, entries = self._patterns[idx]
            s = a + ms - shift
            e = a + me - 1
            if ends_word and e < size and wb[e] != " ":
                continue
            piece = low[s:e]
            entry = next((x for x in entries if x.low == piece and (not x.case_sensitive or norm[s:e] == x.norm)), None)
            if entry is not None:
                found.append((s, e, entry))
                cursor = me

    def find(self, text: str) -> list[Match]:
        """All leftmost-longest matches in ``text`` with original offsets."""
        n = normalize(text)
        found = self.find_normalized(n)
        new = tuple.__new__  # a NamedTuple's own __new__ is Python code: too slow for half a million matches
        if n.identity:
            return [new(Match, (s, e, entry.term_id, entry.form)) for s, e, entry in found]
        spans = n.spans([(s, e) for s, e, _entry in found])
        return [new(Match, (o_s, o_e, entry.term_id, entry.form)) for (o_s, o_e), (_s, _e, entry) in zip(spans, found)]
