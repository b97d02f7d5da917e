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

import codecs
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from upscnotes.glossary.aliases import is_case_sensitive
from upscnotes.text import Normalized, is_word_char, normalize

CHUNK = 16_384
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
        found: list[tuple[int, int, _Entry]] = []
        # pyahocorasick copies the whole string on every call, and a failed match restarts the scan: work in
        # line-aligned chunks so a restart costs the chunk, not the text (keeps the whole pass linear).
        a = 0
        while a < len(wb):
            b = norm.find("\n", a + CHUNK) if a + CHUNK < len(wb) else -1
            b = len(wb) if b == -1 else b
            self._scan(" " + wb[a:b], a, norm, low, wb, found)
            a = b
        return found

    def _scan(self, t: str, offset: int, norm: str, low: str, wb: str, found: list[tuple[int, int, _Entry]]) -> None:
        automaton = self._automaton
        pos = 0
        while True:
            restart = None
            for end_t, (klen, prefixed, entries) in automaton.iter_long(t, pos):
                # t is " " + chunk: a prefixed key's leading space sits at t[s], so the term starts at chunk[s].
                s = end_t - klen + 1 if prefixed else end_t - klen
                e = end_t  # exclusive end in the chunk
                entry = self._valid(entries, norm, low, offset + s, offset + e, wb)
                if entry is not None:
                    found.append((offset + s, offset + e, entry))
                    continue
                best: tuple[int, _Entry] | None = None
                window = t[: end_t]
                for end2, (klen2, prefixed2, entries2) in automaton.iter(window, s):
                    if (end2 - klen2 + 1 if prefixed2 else end2 - klen2) != s:
                        continue
                    cand = self._valid(entries2, norm, low, offset + s, offset + end2, wb)
                    if cand is not None and (best is None or end2 > best[0]):
                        best = (end2, cand)
                if best is not None:
                    found.append((offset + s, offset + best[0], best[1]))
                    restart = best[0]
                else:
                    restart = s + 1
                break
            if restart is None:
                return
            pos = restart

    def find(self, text: str) -> list[Match]:
        """All leftmost-longest matches in ``text`` with original offsets."""
        n = normalize(text)
        found = self.find_normalized(n)
        spans = n.spans([(s, e) for s, e, _entry in found])
        return [Match(o_s, o_e, entry.term_id, entry.form) for (o_s, o_e), (_s, _e, entry) in zip(spans, found)]
