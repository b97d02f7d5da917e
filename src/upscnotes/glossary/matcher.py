"""Many-term matching: one Aho–Corasick pass over the normalised text.

Keys and text are prepared the same way: normalised (text.py), lower-cased without changing length, and every
non-word character (by Unicode category) shown as a space, with one space in front; that string is pure ASCII,
so it is matched as bytes. A key is stored as ``" " + prepared form``, so a match can only start at a word
boundary; the end boundary, the exact characters (``Indo-Pacific`` is not ``Indo Pacific`` unless both are
aliases) and the case of acronyms are checked on each match. White space in the text is read as a glossary form's
single space (a run with at most one line break; see :class:`_Prepared`), and a paragraph break is never crossed.
Matches are leftmost-longest without overlaps; when the longest match at a position fails a check, the region up
to the next match is searched again with every overlapping key and the longest valid ones are taken greedily, so a
failed long match never hides a valid short one. Offsets are mapped back to the original text.

The checks run on arrays (numpy) for all matches at once; only keys with non-ASCII characters or several forms
are checked one by one. The engine is ahocorasick-rs (Rust) rather than pyahocorasick: its one call returns every
leftmost-longest match of a text as a list, which becomes arrays faster than pyahocorasick's ``iter_long``
iterator does (bench/annotate.py times both on the same haystack and keys).
"""

from __future__ import annotations

import codecs
import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

import ahocorasick_rs
import numpy as np

from upscnotes.glossary.aliases import is_case_sensitive
from upscnotes.text import Normalized, is_word_char, normalize

_ASCII_NONWORD = bytes((i if chr(i).isalnum() else 32) for i in range(256))


def _word_class(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a non-ASCII character becomes ``a`` (word) or a space (non-word), one byte each."""
    assert isinstance(exc, UnicodeEncodeError)
    run = exc.object[exc.start : exc.end]
    return "".join("a" if is_word_char(c) else " " for c in run), exc.end


def _punct_class(exc: UnicodeError) -> tuple[str, int]:
    """Like :func:`_word_class` but a non-word character becomes ``#``: it differs from the space it matched."""
    assert isinstance(exc, UnicodeEncodeError)
    run = exc.object[exc.start : exc.end]
    return "".join("a" if is_word_char(c) else "#" for c in run), exc.end


codecs.register_error("upscnotes-wordclass", _word_class)
codecs.register_error("upscnotes-punctclass", _punct_class)


def _lower_same_length(s: str) -> str:
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


_ASCII_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))


_ASCII_SPACE = b" \t\n\r\x0b\x0c"
_IS_SPACE = bytes(1 if i in _ASCII_SPACE else 0 for i in range(256))
_IS_ODD_SPACE = bytes(1 if i in _ASCII_SPACE[1:] else 0 for i in range(256))  # white space other than " "
_IS_NEWLINE = bytes(1 if i == 10 else 0 for i in range(256))
_BREAK = 1  # in ``hay``: a paragraph break, which no key crosses (keys hold only letters, digits, ``a`` and spaces)
_HAY = _ASCII_NONWORD[:_BREAK] + bytes([_BREAK]) + _ASCII_NONWORD[_BREAK + 1 :]  # the key table, and the break kept
_SPACE_RUN = re.compile(r"[ \t\n\r\x0b\x0c]+")


class _Prepared(NamedTuple):
    """The forms of a normalised text that matching reads, as bytes, one per character of ``norm`` that is kept.

    ``exact``: ASCII kept, any other character ``a`` (word) or ``#`` (non-word); ``lower``: the same in lower
    case; ``hay``: a space, then ``lower`` with every non-word character a space. A non-ASCII character's case
    never turns it into ASCII after NFKC, so these agree with lower-casing the text first.

    White space is read as the one space a glossary form has between its words: a run of spaces, tabs and at most
    one line break (text wrapped in an HTML source, ``Memorandum of\n    Understanding``) is one space, kept at its
    first character; a run with two line breaks or more is a paragraph break that no term crosses. ``dropped``
    holds the positions in ``norm`` of the characters left out (empty when none are), and :meth:`to_norm` maps
    offsets back."""

    exact: bytes
    lower: bytes
    hay: bytes
    dropped: np.ndarray

    def to_norm(self, offsets: np.ndarray) -> np.ndarray:
        if not len(self.dropped):
            return offsets
        # Dropped character j sits before the kept character that is the (dropped[j] - j)-th one.
        return offsets + np.searchsorted(self.dropped - np.arange(len(self.dropped)), offsets, side="right")

    def spans_to_norm(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Non-empty ``[starts, ends)`` in these forms as spans of ``norm`` (an end maps from its last character)."""
        return self.to_norm(starts), self.to_norm(ends - 1) + 1


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``starts[k], starts[k] + 1, …, starts[k] + lengths[k] - 1`` for every k, one flat array."""
    total = int(lengths.sum())
    return np.repeat(starts, lengths) + (np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths))


def _space_runs(space: np.ndarray, odd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``[lo, hi)`` of every run of white space (``space``) that holds a position in ``odd``, in text order.

    Runs are short in real text, so each position is widened a step at a time, at most a few steps; a long run
    (a page indented with a thousand spaces) sends the whole text to the linear scan over every run instead."""
    lo, hi = odd.copy(), odd + 1
    last = len(space) - 1
    for _ in range(8):
        grow_lo = np.flatnonzero((lo > 0) & space[np.maximum(lo - 1, 0)])
        grow_hi = np.flatnonzero((hi <= last) & space[np.minimum(hi, last)])
        if not len(grow_lo) and not len(grow_hi):
            lo, first = np.unique(lo, return_index=True)
            return lo, hi[first]
        lo[grow_lo] -= 1
        hi[grow_hi] += 1
    edge = np.diff(space.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    wanted = np.unique(np.searchsorted(starts, odd, side="right") - 1)
    return starts[wanted], ends[wanted]


def _prepare(norm: str) -> _Prepared:
    exact = norm.encode("ascii", "upscnotes-punctclass")
    dropped = np.zeros(0, dtype=np.int64)
    doubled = b"  " in exact
    if doubled or any(c in exact for c in b"\t\n\r\x0b\x0c"):
        space = np.frombuffer(exact.translate(_IS_SPACE), dtype=bool)
        odd = np.flatnonzero(np.frombuffer(exact.translate(_IS_ODD_SPACE), dtype=bool))
        if doubled:
            odd = np.union1d(odd, np.flatnonzero(space[:-1] & space[1:]))
        lo, hi = _space_runs(space, odd)  # every run of white space that is not one plain space
        nl = np.flatnonzero(np.frombuffer(exact.translate(_IS_NEWLINE), dtype=bool))
        paragraph = np.bincount(np.searchsorted(lo, nl, side="right") - 1, minlength=len(lo)) >= 2
        out = bytearray(exact)
        np.frombuffer(out, dtype=np.uint8)[lo] = np.where(paragraph, _BREAK, 32)
        # Inside a run that is one space, every character after the first is left out.
        short = np.flatnonzero(~paragraph & (hi - lo > 1))
        if len(short):
            cut_lo, cut_hi = lo[short] + 1, hi[short]
            view = memoryview(out)
            exact = b"".join(map(view.__getitem__, map(slice, [0, *cut_hi.tolist()], [*cut_lo.tolist(), len(out)])))
            dropped = _ranges(cut_lo, cut_hi - cut_lo)
        else:
            exact = bytes(out)
    lower = exact.translate(_ASCII_LOWER)
    return _Prepared(exact, lower, b" " + lower.translate(_HAY), dropped)


def _boundaries(low: str) -> str:
    """The ``hay`` of a key: word characters kept (non-ASCII ones as ``a``), everything else a space."""
    return low.encode("ascii", "upscnotes-wordclass").translate(_ASCII_NONWORD).decode("ascii")


def _as_arrays(raw: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ahocorasick-rs matches (key index, start, end) as three int64 arrays."""
    arr = np.fromiter(chain.from_iterable(raw), dtype=np.int64, count=3 * len(raw)).reshape(-1, 3)
    return arr[:, 0], arr[:, 1], arr[:, 2]


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off for a block that makes a million short-lived, acyclic objects (match tuples
    and text pieces): otherwise it walks them again and again while they are made (bench/annotate.py: a fifth of
    the time). Reference counting still frees everything; the collector is back on after the block."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        # The same facts as arrays, for checking half a million matches at once. A "fast" key has one entry and is
        # ASCII: the automaton already guarantees its word characters (in lower case), so the match is exact when
        # the text holds the key's own non-word characters (spaces, hyphens, apostrophes) at the same places (for
        # an acronym: every character, in its case) and does not end inside a word. Those characters are kept
        # flat: offsets and bytes per key.
        self.entries: list[_Entry] = []
        p_entry, p_fast, p_case, nw_start, nw_count = [], [], [], [], []
        nw_off: list[int] = []
        nw_chr: list[int] = []
        for _shift, _ends, key_entries in self._patterns:
            p_entry.append(len(self.entries))
            self.entries.extend(key_entries)
            e0 = key_entries[0]
            # Several forms on one key ("In the", "in the") check alike when none is case-sensitive and they agree
            # in lower case; the first wins, as it does in the one-by-one check.
            fast = e0.norm.isascii() and (len(key_entries) == 1 or all(not x.case_sensitive and x.low == e0.low for x in key_entries))
            p_fast.append(fast)
            p_case.append(fast and e0.case_sensitive)
            nw_start.append(len(nw_off))
            if not fast:
                marks: list[tuple[int, int]] = []
            elif e0.case_sensitive:  # an acronym: every character, in its case
                marks = [(r, ord(c)) for r, c in enumerate(e0.norm)]
            else:
                marks = [(r, ord(c)) for r, c in enumerate(e0.low) if not c.isalnum()]
            nw_count.append(len(marks))
            nw_off.extend(r for r, _c in marks)
            nw_chr.extend(c for _r, c in marks)
        self._p_shift = np.array([p[0] for p in self._patterns], dtype=np.int64)
        self._p_ends_word = np.array([p[1] for p in self._patterns], dtype=bool)
        # Every key starts with a space (hay and keys turn non-word characters into spaces). A key with no other
        # space covers one word, so when it fails no other key can start inside it, and a shorter key at its start
        # would end inside that word: nothing to rescue there.
        self._p_one_word = np.array([" " not in k[1:] for k in keys], dtype=bool)
        self._p_fast = np.array(p_fast, dtype=bool)
        self._p_case = np.array(p_case, dtype=bool)
        self._p_entry = np.array(p_entry, dtype=np.int64)
        self._p_nw_start = np.array(nw_start, dtype=np.int64)
        self._p_nw_count = np.array(nw_count, dtype=np.int64)
        self._nw_off = np.array(nw_off, dtype=np.int64)
        self._nw_chr = np.array(nw_chr, dtype=np.uint8)
        self.entry_terms = np.array([e.term_id for e in self.entries], dtype=np.int64)
        if keys:
            encoded = [k.encode("ascii") for k in keys]
            self._longest = ahocorasick_rs.BytesAhoCorasick(encoded, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            self._overlapping = ahocorasick_rs.BytesAhoCorasick(encoded)

    def find_arrays(self, n: Normalized) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Matches as arrays (start, end, entry index) in normalised offsets, in text order; simple keys are
        checked as in :meth:`_entries`."""
        empty = np.zeros(0, dtype=np.int64)
        if self.size == 0 or not n.text:
            return empty, empty, empty
        norm = n.text
        prep = _prepare(norm)
        idx, ms, me = _as_arrays(self._longest.find_matches_as_indexes(prep.hay))
        if not len(idx):
            return empty, empty, empty
        starts = ms - self._p_shift[idx]
        ends = me - 1  # hay[i + 1] is text[i]
        entry = self._entries(idx, starts, ends, norm, prep)
        ok = entry >= 0
        if not ok.all():
            # Where the longest match failed, a shorter key may hold: search the stretch up to the next match again.
            nxt = np.append(ms[1:], len(prep.hay))
            bad = np.flatnonzero(~ok & ~self._p_one_word[idx])
            r_s, r_e, r_i = self._rescue(ms[bad], nxt[bad], norm, prep)
            starts = np.concatenate([starts[ok], r_s])
            ends = np.concatenate([ends[ok], r_e])
            entry = np.concatenate([entry[ok], r_i])
            order = np.argsort(starts, kind="stable")
            starts, ends, entry = starts[order], ends[order], entry[order]
        return *prep.spans_to_norm(starts, ends), entry

    def _entries(self, idx: np.ndarray, starts: np.ndarray, ends: np.ndarray, norm: str, prep: _Prepared) -> np.ndarray:
        """For matches of keys ``idx`` at ``[starts, ends)``: the entry that holds there (index in ``self.entries``),
        -1 where none does. Fast keys are checked all at once (:meth:`_check`), the others one by one."""
        ok, settled = self._check(idx, starts, ends, prep)
        entry = np.where(ok, self._p_entry[idx], -1)
        unsure = np.flatnonzero(~settled)
        if len(unsure):
            s_norm, e_norm = prep.spans_to_norm(starts[unsure], ends[unsure])
            for i, s, e in zip(unsure.tolist(), s_norm.tolist(), e_norm.tolist()):
                found = self._entry_of(int(idx[i]), _SPACE_RUN.sub(" ", norm[s:e]))
                entry[i] = -1 if found is None else found
        return entry

    def _check(self, idx: np.ndarray, starts: np.ndarray, ends: np.ndarray, prep: _Prepared) -> tuple[np.ndarray, np.ndarray]:
        """For matches of keys ``idx`` at ``[starts, ends)``: whether each holds, and whether that is settled (every
        match of a fast key, and any that ends inside a word); the others need :meth:`_entry_of`."""
        size = len(prep.lower)
        hb = np.frombuffer(prep.hay, dtype=np.uint8)
        inside_word = self._p_ends_word[idx] & (ends < size) & (hb[np.minimum(ends, size - 1) + 1] > 32)  # a letter or digit, not a space or break
        fast = self._p_fast[idx]
        ok = fast & ~inside_word
        cand = np.flatnonzero(ok)
        counts = self._p_nw_count[idx[cand]]
        total = int(counts.sum())
        if total:
            # One row per (match, non-word character of its key): does the text hold that character there?
            owner = np.repeat(cand, counts)
            flat = _ranges(self._p_nw_start[idx[cand]], counts)
            at = starts[owner] + self._nw_off[flat]
            case = self._p_case[idx[owner]]
            lb = np.frombuffer(prep.lower, dtype=np.uint8)
            if case.any():
                text_chr = np.where(case, np.frombuffer(prep.exact, dtype=np.uint8)[at], lb[at])
            else:
                text_chr = lb[at]
            ok[owner[text_chr != self._nw_chr[flat]]] = False
        return ok, fast | inside_word

    def _entry_of(self, idx: int, piece: str) -> int | None:
        """Index (in ``self.entries``) of the first entry of key ``idx`` that ``piece`` is, in its case for an acronym."""
        low = _lower_same_length(piece)
        first = int(self._p_entry[idx])
        for k, x in enumerate(self._patterns[idx][2]):
            if x.low == low and (not x.case_sensitive or piece == x.norm):
                return first + k
        return None

    def _rescue(self, region_starts: np.ndarray, region_ends: np.ndarray, norm: str,
                prep: _Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """After failed longest matches: the longest valid matches, taken greedily, among all overlapping keys in
        each region ``hay[a:b]``. All regions are searched in one call, joined by ``#``, which no key contains, and
        the candidates checked at once like the longest matches."""
        hay = prep.hay
        a_list, b_list = region_starts.tolist(), region_ends.tolist()
        joined = b"#".join(map(hay.__getitem__, map(slice, a_list, b_list)))
        offsets = np.cumsum(np.concatenate([[0], region_ends - region_starts + 1]))[:-1]
        idx, js, je = _as_arrays(self._overlapping.find_matches_as_indexes(joined, overlapping=True))
        if not len(idx):
            return idx, js, je
        region = np.searchsorted(offsets, js, side="right") - 1
        ms = region_starts[region] + (js - offsets[region])  # back in hay offsets
        me = ms + (je - js)
        starts = ms - self._p_shift[idx]
        ends = me - 1
        entry = self._entries(idx, starts, ends, norm, prep)
        keep = np.flatnonzero(entry >= 0)
        # Greedy within each region: leftmost first, longest first at one place, none overlapping a taken one.
        keep = keep[np.lexsort((-(me[keep] - ms[keep]), ms[keep], region[keep]))]
        taken: list[int] = []
        cursor_region, cursor = -1, 0
        for i, r, m_s, m_e in zip(keep.tolist(), region[keep].tolist(), ms[keep].tolist(), me[keep].tolist()):
            if r != cursor_region:
                cursor_region, cursor = r, 0
            if m_s >= cursor:
                taken.append(i)
                cursor = m_e
        pick = np.array(taken, dtype=np.int64)
        return starts[pick], ends[pick], entry[pick]

    def find(self, text: str) -> list[Match]:
        """All leftmost-longest matches in ``text`` with original offsets."""
        with paused_gc():
            n = normalize(text)
            starts, ends, eids = self.find_arrays(n)
            o_s, o_e = n.span_arrays(starts, ends)
            entries = self.entries
            new = tuple.__new__  # a NamedTuple's own __new__ is Python code: too slow for half a million matches
            return [new(Match, (s, e, entries[i].term_id, entries[i].form))
                    for s, e, i in zip(o_s.tolist(), o_e.tolist(), eids.tolist())]
