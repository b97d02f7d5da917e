"""The one place for Unicode normalisation.

Matching and comparison run on a normalised form (NFKC; the hyphen family U+2010–2015 and U+2212 folded to
``-``; curly quotes folded to straight ones; soft hyphens, zero-width and bidi control characters removed;
optionally case-folded). :class:`Normalized` maps every offset in the normalised text back to the author's text,
so output keeps the author's characters (``Ahn Gyu‑back`` keeps its U+2011).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Bumped whenever normalisation changes what it gives for some text: keys stored under an older version are
# recomputed when a database is opened (see ``Glossary.open``). 2: decomposed marks compose with their base letter.
KEY_VERSION = 2

HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"
# Invisible characters that only change how text is shown: soft hyphen, zero-width, bidi controls (Trojan Source).
REMOVED = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"

# One-to-one folds, applied before anything slower.
_ONE_TO_ONE = {ord(c): "-" for c in HYPHENS}
_ONE_TO_ONE.update({ord(c): "'" for c in SINGLE_QUOTES})
_ONE_TO_ONE.update({ord(c): '"' for c in DOUBLE_QUOTES})
_ONE_TO_ONE.update({0xA0: " ", 0x202F: " ", 0x2007: " "})
_DROP = {ord(c): None for c in REMOVED}
_FOLD_ALL = {**_ONE_TO_ONE, **_DROP}

# Hangul vowel and trailing jamo compose with the character before them although they are not combining marks.
_HANGUL_SECOND = [(0x1161, 0x1175), (0x11A8, 0x11C2)]
_STABLE, _FOLD, _UNSTABLE = 0, 1, 2
_ASTRAL = 0x10000


@lru_cache(maxsize=2)
def _kinds(casefold: bool) -> tuple[np.ndarray, frozenset[str]]:
    """What normalisation does to each character, as a table indexed by code point, and the set of characters that
    join the one before them.

    ``_STABLE``: NFKC leaves it as it is whatever surrounds it (no compatibility mapping, no combining mark, never
    composes with the character before it), it is not removed and, with ``casefold``, folds to one character;
    ``_FOLD``: one of the one-to-one folds; ``_UNSTABLE``: anything else. Every character beyond the Basic
    Multilingual Plane (index ``_ASTRAL``) counts as unstable: rare, and only slower. Computed from the running
    Python's Unicode database once per process, when non-ASCII text is first seen (about 20 ms).
    """
    joins: set[str] = {chr(c) for lo, hi in _HANGUL_SECOND for c in range(lo, hi + 1)}
    for cp in range(0x80, _ASTRAL):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            joins.add(chr(int(parts[1], 16)))
    kinds = np.full(_ASTRAL + 1, _UNSTABLE, dtype=np.uint8)
    kinds[:0x80] = _STABLE
    for cp in range(0x80, _ASTRAL):
        c = chr(cp)
        if cp in _ONE_TO_ONE:
            kinds[cp] = _FOLD
            continue
        decomposed = unicodedata.normalize("NFKD", c)
        if unicodedata.combining(c) or (decomposed and unicodedata.combining(decomposed[0])):
            joins.add(c)  # a combining mark, or a character that decomposes into one (U+0F73, U+0344)
        elif (c not in joins and c not in REMOVED and unicodedata.normalize("NFKC", c) == c
              and not (casefold and len(c.casefold()) != 1)):  # ß casefolds to ss
            kinds[cp] = _STABLE
    return kinds, frozenset(joins)


def fold_char(cluster: str, casefold: bool = False) -> str:
    """Normalise one character (with its combining marks) the way :func:`normalize` does."""
    out = unicodedata.normalize("NFKC", cluster).translate(_FOLD_ALL)
    return out.casefold() if casefold else out


@dataclass
class Normalized:
    """Normalised text plus the segment table mapping its offsets back to the original.

    Segment k covers normalised ``[norm[k], norm[k+1])`` and original ``[orig[k], orig_end[k])``; a ``unit``
    segment maps character by character, any other maps as a whole (an expansion, a contraction or a removal).
    """

    text: str
    original: str
    norm: list[int]
    orig: list[int]
    orig_end: list[int]
    unit: list[bool]

    def _segment(self, i: int) -> int:
        return max(bisect_right(self.norm, i) - 1, 0)

    def to_original(self, i: int) -> int:
        """Offset in the original of the character at normalised offset ``i`` (start side)."""
        if i >= len(self.text):
            return len(self.original)
        k = self._segment(i)
        return self.orig[k] + (i - self.norm[k]) if self.unit[k] else self.orig[k]

    @property
    def identity(self) -> bool:
        return len(self.norm) == 1 and self.unit[0] and self.orig[0] == 0 and len(self.text) == len(self.original)

    def span_arrays(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`span` for arrays of non-empty spans, vectorised."""
        if self.identity or len(starts) == 0:
            return starts, ends
        norm = np.asarray(self.norm, dtype=np.int64)
        orig = np.asarray(self.orig, dtype=np.int64)
        orig_end = np.asarray(self.orig_end, dtype=np.int64)
        unit = np.asarray(self.unit, dtype=bool)
        k = np.searchsorted(norm, starts, side="right") - 1
        o_s = np.where(unit[k], orig[k] + (starts - norm[k]), orig[k])
        j = np.searchsorted(norm, ends - 1, side="right") - 1
        o_e = np.where(unit[j], orig[j] + (ends - norm[j]), orig_end[j])
        return o_s, o_e

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalised ``[start, end)``."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        k = self._segment(end - 1)
        o_end = self.orig[k] + (end - self.norm[k]) if self.unit[k] else self.orig_end[k]
        return self.to_original(start), o_end


def normalize(text: str, casefold: bool = False) -> Normalized:
    """Normalise ``text`` for matching; see the module docstring for what is folded."""
    if text.isascii():
        low = text.lower() if casefold else text
        return Normalized(low, text, [0], [0], [len(text)], [True])
    # Only the non-ASCII characters need a look, and in news text nearly all of them are quotes and dashes (folded
    # one to one) or letters NFKC keeps: find the few others with a table over the code points.
    kinds, joins = _kinds(casefold)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # a lone surrogate is kept as it is
    high = np.flatnonzero(cps >= 0x80)
    kind = kinds[np.minimum(cps[high], _ASTRAL)]
    del cps  # four bytes a character: let it go before the folded copies are made
    folds = high[kind == _FOLD].tolist()
    if folds:
        pieces: list[str] = []
        prev = 0
        for p in folds:
            pieces.append(text[prev:p])
            pieces.append(_ONE_TO_ONE[ord(text[p])])
            prev = p + 1
        pieces.append(text[prev:])
        folded = "".join(pieces)
    else:
        folded = text
    norm: list[int] = []
    orig: list[int] = []
    orig_end: list[int] = []
    unit: list[bool] = []
    edits: list[tuple[int, int, str]] = []  # the places where the output differs from ``folded``
    n = 0  # length of normalised output so far

    def add(o_start: int, o_end: int, out: str | None, is_unit: bool) -> None:
        """Segment for ``folded[o_start:o_end]``, which becomes ``out`` (None: unchanged)."""
        nonlocal n
        if is_unit and unit and unit[-1] and orig_end[-1] == o_start:
            orig_end[-1] = o_end  # extend the previous one-to-one run
        else:
            norm.append(n)
            orig.append(o_start)
            orig_end.append(o_end)
            unit.append(is_unit)
        if out is None:
            n += o_end - o_start
        else:
            edits.append((o_start, o_end, out))
            n += len(out)

    def copy(start: int, end: int) -> None:
        # casefold, unlike lower(), ignores context (no final sigma)
        add(start, end, folded[start:end].casefold() if casefold else None, True)

    pos = 0
    unstable = high[kind == _UNSTABLE]
    if len(unstable):
        # Runs of consecutive unstable characters: [run_start, run_end)
        cut = np.flatnonzero(np.diff(unstable) != 1) + 1
        run_starts = unstable[np.r_[0, cut]].tolist()
        run_ends = (unstable[np.r_[cut - 1, len(unstable) - 1]] + 1).tolist()
        for i, end in zip(run_starts, run_ends):
            if i > pos and folded[i] in joins:
                i -= 1  # a combining mark composes with the character before it (e + U+0301 is é)
            if i > pos:
                copy(pos, i)
            while i < end:
                j = i + 1
                while j < end and folded[j] in joins:
                    j += 1
                cluster = folded[i:j]
                out = fold_char(cluster, casefold)
                # Unchanged text (and any one character for one) maps character by character; the rest as a whole.
                add(i, j, None if out == cluster else out, out == cluster or len(out) == len(cluster) == 1)
                i = j
            pos = end
    if pos < len(folded) or not norm:
        copy(pos, len(folded))
    if edits:
        pieces = []
        prev = 0
        for start, end, out in edits:
            pieces.append(folded[prev:start])
            pieces.append(out)
            prev = end
        pieces.append(folded[prev:])
        folded = "".join(pieces)
    return Normalized(folded, text, norm, orig, orig_end, unit)


def norm_key(text: str) -> str:
    """Comparison key: normalised, case-folded, whitespace collapsed."""
    return " ".join(normalize(text, casefold=True).text.split())


def is_word_char(c: str) -> bool:
    """Letters, digits and combining marks are word characters (by Unicode category)."""
    return unicodedata.category(c)[0] in "LNM"


_WS = re.compile(r"\s+")


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")

# Abbreviations that never end a sentence: titles before a name, words before a number or a name.
_NEVER_FINAL = (
    "Mr|Mrs|Ms|Mx|Dr|Prof|Shri|Smt|Sri|Kum|Sh|Hon|Rev|Fr|Sr|St|Gen|Lt|Col|Capt|Cdr|Maj|Brig|Adm|Sgt|Cpl|Gov|Govt|Dept|"
    "Rs|Re|Nos?|Art|Arts|Sec|Secs|Cl|Ch|Vol|Fig|Figs|Para|Paras|Reg|Ref|Sch|Approx|approx|Est|est|vs|viz|cf|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|Pt|Dist|Distt|Tehsil|Ltd|Pvt|Corp|Inc|Bros|Co|Jr"
)
# Abbreviations that end a sentence only when a word that usually opens one follows ("… at 10 a.m. The minister").
_MAYBE_FINAL = r"a\.m|p\.m|A\.M|P\.M|[Hh]rs|etc|U\.S|U\.K|U\.N|U\.A\.E|E\.U"
_ABBREV_END = re.compile(rf"(?:(?<![\w.])(?:{_NEVER_FINAL})\.|(?<![\w.])(?:i\.e|e\.g)\.|(?<![\w.-])[A-Z]\.|\b(?:[A-Za-z]\.){{2,}})$")
_MAYBE_END = re.compile(rf"(?<![\w.])(?:{_MAYBE_FINAL})\.$")
# Words that open a sentence after "a.m." or "U.S." (anything else continues it: "a.m. IST", "U.S. President").
_OPENERS = frozenset(
    "The A An He She It They We I You This That These Those His Her Its Their Our There Here But And Yet So However "
    "Meanwhile Earlier Later Officials According In On At As After Before When While If Since Although Though Also "
    "Further Moreover Besides Now Then Today Yesterday".split()
)


def _ends_sentence(before: str, after: str) -> bool:
    """Whether the full stop ending ``before`` ends a sentence, given the text that follows."""
    if _MAYBE_END.search(before):
        m = re.match(r"[\"'“‘(]*([A-Za-z]+)", after)
        return bool(m and m.group(1) in _OPENERS)
    return not _ABBREV_END.search(before)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``.

    A full stop after an abbreviation (Mr., Rs., No., Govt., Oct., Dr., initials such as "D. Y.") never ends a
    sentence; after one that can also close a sentence (a.m., p.m., Hrs., U.S., etc.) it does only when a word that
    usually opens one follows.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        candidate = text[start : m.start()]
        if not _ends_sentence(candidate, text[m.end() : m.end() + 30]):
            continue
        if candidate.strip():
            s = start + (len(candidate) - len(candidate.lstrip()))
            spans.append((s, m.start()))
        start = m.end()
    tail = text[start:]
    if tail.strip():
        s = start + (len(tail) - len(tail.lstrip()))
        spans.append((s, start + len(tail.rstrip())))
    return spans


# Characters no text of ours should hold: C0 controls but tab, newline and carriage return; DEL and the C1 controls
# (terminal escapes); the noncharacters U+FFFE/U+FFFF and lone surrogates, none of which XML (lxml) accepts.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _control_sub(m: re.Match[str]) -> str:
    c = m.group()
    if c in "\x0b\x0c":
        return "\n"
    if c in "\ufffe\uffff" or "\ud800" <= c <= "\udfff":
        return "\ufffd"
    return ""


def clean_controls(text: str) -> str:
    """``text`` without control characters: vertical tab and form feed become newlines, U+FFFE/U+FFFF and lone
    surrogates U+FFFD, every other C0/C1 control (and DEL) is removed; tab, newline and CR are kept."""
    return _CONTROL.sub(_control_sub, text) if _CONTROL.search(text) else text


def has_controls(text: str) -> bool:
    return _CONTROL.search(text) is not None


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*>|</?([A-Za-z][A-Za-z0-9:-]*)[^>]*>|[^<]+|<", re.DOTALL)


def isolate_bidi(markup: str) -> str:
    """HTML with every text run that holds a bidi control wrapped in ``<bdi>``, so an override or embedding the
    author left open (Trojan Source) cannot reorder the text around it. The author's characters are all kept."""
    if not _BIDI.search(markup):
        return markup
    out: list[str] = []
    raw: str | None = None
    depth = 0
    for m in _TOKEN.finditer(markup):
        tok, tag = m.group(), (m.group(1) or "").lower()
        if tag:
            closing = tok.startswith("</")
            if raw is not None:
                if closing and tag == raw:
                    raw = None
            elif not closing and tag in _RAW_TEXT:
                raw = tag
            elif tag == "bdi" and not tok.endswith("/>"):
                depth += -1 if closing else 1
            out.append(tok)
        elif raw is None and depth <= 0 and not tok.startswith("<") and _BIDI.search(tok):
            out.append(f"<bdi>{tok}</bdi>")
        else:
            out.append(tok)
    return "".join(out)


def show_controls(text: str) -> str:
    """``text`` for a terminal: every control character written as a visible escape (``\\x1b``), none sent raw."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _charref_sub(m: re.Match[str]) -> str:
    digits = (m.group(1) or m.group(2)).lstrip("0") or "0"
    cp = 0x110000 if len(digits) > 8 else int(digits, 16 if m.group(1) else 10)  # as HTML reads them: all the digits
    if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF):
        return "&#xfffd;"
    if 0x80 <= cp <= 0x9F:
        # What browsers show (the HTML standard's table): the windows-1252 character, where there is one.
        try:
            return f"&#x{ord(bytes([cp]).decode('cp1252')):x};"
        except UnicodeDecodeError:
            return ""
    if cp < 0x20 and cp not in (0x09, 0x0A, 0x0D) or cp == 0x7F:
        return ""  # a reference to a control character
    return m.group()


def clean_charrefs(markup: str) -> str:
    """HTML or XML with numeric character references to control characters removed (and to noncharacters or
    surrogates replaced by U+FFFD): ``&#7;`` is as bad for lxml as the character itself."""
    return _CHARREF.sub(_charref_sub, markup) if "&#" in markup else markup
