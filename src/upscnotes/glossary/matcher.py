"""Many-term matching: one Aho–Corasick pass (pyahocorasick) over the normalised text.

Keys and text are prepared the same way: normalised (text.py), lower-cased without changing length, and every
non-word character (by Unicode category) shown as a space, with one space in front. A key is stored as
``" " + prepared form``, so a match can only start at a word boundary; the end boundary, the exact characters
(``Indo-Pacific`` is not ``Indo Pacific`` unless both are aliases) and the case of acronyms are checked on each
match. Matches are leftmost-longest without overlaps; when the longest match at a position fails a check, the
longest shorter key at the same position that passes is taken instead, so a failed long match never hides a valid
short one. Offsets are mapped back to the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from upscnotes.glossary.aliases import is_case_sensitive
from upscnotes.text import Normalized, is_word_char, normalize

_ASCII_NONWORD = {i: " " for i in range(128) if not chr(i).isalnum()}
_NONASCII_NONWORD = re.compile(r"[^\x00-\x7f\w\u0300-\u036f\u0900-\u097f]")


def _lower_same_length(s: str) -> str:
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def _boundaries(low: str) -> str:
    out = low.translate(_ASCII_NONWORD)
    return out if out.isascii() else _NONASCII_NONWORD.sub(" ", out)


@dataclass(frozen=True)
class Match:
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
        self._automaton = ahocorasick.Automaton()
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
        for key, entries in table.items():
            self._automaton.add_word(key, (len(key), prefixed[key], tuple(entries)))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def _valid(self, entries: tuple[_Entry, ...], norm: str, low: str, s: int, e: int, wb: str) -> _Entry | None:
        if e < len(wb) and wb[e] != " " and wb[e - 1] != " ":
            return None  # the match ends inside a word
        piece = low[s:e]
        for entry in entries:
            if entry.low == piece and (not entry.case_sensitive or norm[s:e] == entry.norm):
                return entry
        return None

    def find_normalized(self, n: Normalized) -> list[tuple[int, int, _Entry]]:
        """Matches as (start, end, entry) in normalised offsets."""
        if self.size == 0:
            return []
        norm = n.text
        low = _lower_same_length(norm)
        wb = _boundaries(low)
        t = " " + wb
        found: list[tuple[int, int, _Entry]] = []
        pos = 0
        automaton = self._automaton
        while True:
            restart = None
            for end_t, (klen, prefixed, entries) in automaton.iter_long(t, pos):
                # t is " " + text: a prefixed key's leading space sits at t[s], so the term starts at text[s].
                s = end_t - klen + 1 if prefixed else end_t - klen
                e = end_t  # exclusive end in the text
                entry = self._valid(entries, norm, low, s, e, wb)
                if entry is not None:
                    found.append((s, e, entry))
                    continue
                best: tuple[int, _Entry] | None = None
                for end2, (klen2, prefixed2, entries2) in automaton.iter(t, s, end_t):
                    if (end2 - klen2 + 1 if prefixed2 else end2 - klen2) != s or end2 >= end_t:
                        continue
                    cand = self._valid(entries2, norm, low, s, end2, wb)
                    if cand is not None and (best is None or end2 > best[0]):
                        best = (end2, cand)
                if best is not None:
                    found.append((s, best[0], best[1]))
                    restart = best[0]
                else:
                    restart = s + 1
                break
            if restart is None:
                return found
            pos = restart

    def find(self, text: str) -> list[Match]:
        """All leftmost-longest matches in ``text`` with original offsets."""
        n = normalize(text)
        out = []
        for s, e, entry in self.find_normalized(n):
            o_s, o_e = n.span(s, e)
            out.append(Match(o_s, o_e, entry.term_id, entry.form))
        return out
