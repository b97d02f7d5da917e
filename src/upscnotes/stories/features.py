"""What the clustering compares: an embedding, a MinHash signature, named entities and figures, and a date.

Computed once per article and stored (``article_features``), so a later build compares new articles with old ones
without reading or embedding the old texts again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

import numpy as np
from datasketch import MinHash

from upscnotes.model import Article
from upscnotes.text import norm_key, split_sentences

NUM_PERM = 64
MINHASH_SEED = 7
MINHASH_SCHEME = "affine32"
SHINGLE = 3
EMBED_CHARS = 1200  # MiniLM reads 256 word pieces; the title and the lead are what say which event it is
# The opening lines again, on their own: who did what, and when, is said there, while the later lines bring the
# background that write-ups of neighbouring events share. The article's vector is the normalised sum of the two, so
# the opening counts twice. (Chosen among 400, 600, 800 and 1200 characters, alone and summed, on the SemEval-2022
# pairs: see bench/eval_stories.py and BENCHMARKS.md.)
OPENING_CHARS = 400

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# Capitalised runs ("Reserve Bank of India", "Aditya-L1", "PSLV-C57") and acronyms: a cheap, offline entity finder.
# A name never runs across a line break: headings and labels of note-style pages ("Date of Judgment\nJudgment
# Delivered On") are lines of their own.
_ENTITY = re.compile(r"(?<![\w-])(?:[A-Z][\w’'-]*[\w]|[A-Z])(?:[^\S\n]+(?:of|and|for|the|de|&)?[^\S\n]*(?:[A-Z][\w’'-]*[\w]|[A-Z]))*")
# Editions: "ISFR 2023", "Report 2021", "128th Amendment", "108th Constitutional Amendment". Two write-ups whose main
# edition differs are about two events of one series, however alike their words.
# The series word may be lowercase after a capitalised name ("State of Forest report 2023").
_NAME_YEAR = re.compile(r"\b([A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){0,4}(?:\s+[a-z][a-z-]{2,})?)(?:\s*\([A-Z]{2,8}\))?(?:\s+|\s*[-–]\s*)"
                        r"\(?((?:19|20)\d\d)\)?(?![\w-])")
# Words before a year that name no series: "India since 2005", "Targets until 2030".
_NOT_SERIES = frozenset("since until till from after before during than around beyond over under about nearly between within through "
                        "year years fiscal last next this that each every".split())
_ORDINAL_NAME = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+((?:Constitutional\s+|Constitution\s+)?[A-Z][a-z]+)")
_GENERIC = frozenset(norm_key(w) for w in (
    "The A An In On At It He She They This That These Those His Her Their Its We Our I But And Or If As For With From By "
    "After Before When While Also However Meanwhile Mr Mrs Ms Dr Shri Smt Sri India Indian Indians Government Centre Union "
    "Minister Ministry Prime Minister President Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February "
    "March April May June July August September October November December New Delhi Read Also Read According PTI ANI IANS "
    "Photo File Image Express News Today Times Live Updates UPSC GS Paper"
).split())
_NAME_JOINERS = frozenset(("of", "and", "for", "the", "de", "&"))
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{2,3})+|\d+)(?:\.(\d+))?(?![\w])")
_FULL_DATE = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?,?\s+((?:19|20)\d\d)"
    r"|(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sept|Sep|Oct|Nov|Dec)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d))\b")
_MONTH_WORD = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|"
               r"Aug|Sept|Sep|Oct|Nov|Dec)\.?")
# The day of a date ("15 February", "Feb 15") and the parts of a clock time ("11:50") are not figures of the event:
# every report of a day's news shares them with every other report of that day.
_DATE_OR_TIME_NUMBER = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD}(?!\w)|\b{_MONTH_WORD}\s+\d{{1,2}}\b"
                                  r"|\b\d{1,2}:\d\d\b|\b\d{1,2}\.\d\d\s*(?:am|pm|a\.m\.|p\.m\.|hrs|IST)", re.I)
_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}


@dataclass
class Features:
    """One article as the clustering sees it."""

    article_id: str
    embedding: np.ndarray  # float32, L2-normalised
    minhash: np.ndarray  # uint64 hash values
    entities: frozenset[str] = field(default_factory=frozenset)
    figures: frozenset[str] = field(default_factory=frozenset)
    editions: dict[str, str] = field(default_factory=dict)
    date: str | None = None  # metadata date, else a full date in the lead (clustering only, never the note's date)
    mentions: tuple[str, ...] = ()  # full dates named in the text of an undated article (see mentioned_dates)
    dateline: str | None = None  # "--MM-DD" of a dateline without a year ("New Delhi, March 9:"), undated articles only


def lead_date(text: str, sentences: int = 4) -> str | None:
    """A full date (day, month and year) written in the first sentences: the event's day in an undated page."""
    spans = split_sentences(text[:3000])[:sentences]
    for s, e in spans:
        m = _FULL_DATE.search(text[s:e])
        # Only a date that dates the report itself: "On 6 June 2025, …" or a dateline; "takes effect from
        # April 1, 2025" is a date in the story, not the story's date.
        if m and not (m.start() == 0 or re.search(r"(?:^|\W)(?:[Oo]n|ON|[Dd]ated):?\s+$", text[s:e][: m.start()])):
            continue
        if m:
            day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
            try:
                return Date(int(year), _MONTHS[month[:3].lower()], int(day)).isoformat()
            except ValueError:
                continue
    return None


def entities(text: str) -> frozenset[str]:
    """The words of the names in a text ("Reserve Bank of India" gives reserve, bank; "CJI D Y Chandrachud" gives
    cji, chandrachud): two write-ups of one event name its people and bodies in different ways ("Chief Justice DY
    Chandrachud", "CJI Chandrachud", "Hon'ble Chief Justice D.Y. Chandrachud"), and whole names would match only when
    spelt alike. Single letters (initials) and the generic words of every story are left out."""
    out: set[str] = set()
    for m in _ENTITY.finditer(text):
        for w in m.group().split():
            key = norm_key(w).removesuffix("'s").removesuffix("’s")
            if len(key) >= 2 and not key.isdigit() and key not in _GENERIC and key not in _NAME_JOINERS:
                out.add(key)
    return frozenset(out)


_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'-]{{1,40}},\s*(?:({_MONTH_WORD})\s+(\d{{1,2}})|(\d{{1,2}})\s+({_MONTH_WORD}))(?:st|nd|rd|th)?"
    r"(?!\s*,?\s*(?:19|20)\d\d)\s*(?:[:(—–-]|\s\()")


def dateline_day(text: str) -> str | None:
    """Month and day ("--03-09") of a dateline that gives no year, "New Delhi, March 9: …" or "SEOUL, Sept. 5
    (Yonhap)": the day of the report, though not its year."""
    m = _DATELINE.match(text[:120])
    if not m:
        return None
    month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    try:
        return "--" + Date(2000, _MONTHS[month[:3].lower()], int(day)).isoformat()[5:]  # 2000: a leap year, so 29 Feb is a day
    except (KeyError, ValueError):
        return None


def mentioned_dates(text: str, limit: int = 8) -> tuple[str, ...]:
    """Full dates named anywhere in a text (the first ``limit``), in order: what dates an undated page. A case note
    says "Judgment delivered on: 15 February 2024"; the story of that day is then likelier than a later one about
    the same case. Used only for articles with no date of their own, and only as a small bonus."""
    out: list[str] = []
    for m in _FULL_DATE.finditer(text):
        day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        try:
            iso = Date(int(year), _MONTHS[month[:3].lower()], int(day)).isoformat()
        except ValueError:
            continue
        if iso not in out:
            out.append(iso)
        if len(out) >= limit:
            break
    return tuple(out)


def editions(title: str, text: str) -> dict[str, str]:
    """Series name -> its main edition in this article: the number written most often with it (title counts thrice)."""
    counts: dict[str, dict[str, int]] = {}
    for src, weight in ((title, 3), (text, 1)):
        for m in _NAME_YEAR.finditer(src):
            name = m.group(1).split()
            last = norm_key(name[-1])
            if last in _NOT_SERIES or (name[-1].islower() and last in _GENERIC):
                continue
            words = [w for w in name if norm_key(w) not in _GENERIC and not w[:1].isdigit()]
            if not words:
                continue
            stems = {norm_key(words[-1])}
            initials = "".join(w[0] for w in name if w[:1].isupper())
            if len(initials) >= 3:  # "India State of Forest Report 2021" is also the "ISFR" series
                stems.add(norm_key(initials))
            for stem in stems:
                counts.setdefault(stem, {}).setdefault(m.group(2), 0)
                counts[stem][m.group(2)] += weight
        for m in _ORDINAL_NAME.finditer(src):
            stem = norm_key(m.group(2).split()[-1])
            counts.setdefault(stem, {}).setdefault(m.group(1), 0)
            counts[stem][m.group(1)] += weight
    return {stem: max(nums, key=lambda n: (nums[n], n)) for stem, nums in counts.items()}


def figures(text: str) -> frozenset[str]:
    """Numbers as values ("7,14,249" and "714,249" are one), without years and small counts, which every story has."""
    out: set[str] = set()
    text = _DATE_OR_TIME_NUMBER.sub(" ", text)  # dates keep no number: their years are skipped anyway
    for m in _NUMBER.finditer(text):
        whole = m.group(1).replace(",", "")
        frac = (m.group(2) or "").rstrip("0")
        value = whole + ("." + frac if frac else "")
        if not frac and (len(whole) == 4 and whole[:2] in ("19", "20") or int(whole) <= 12):
            continue
        out.add(value)
    return frozenset(out)


def shingles(text: str) -> set[bytes]:
    words = [w.casefold() for w in _WORD.findall(text)]
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(max(1, len(words) - SHINGLE + 1))}


def minhash_of(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    mh.update_batch(list(shingles(text)))
    return mh


def embed_text(article: Article, chars: int = EMBED_CHARS) -> str:
    return f"{article.title or ''}\n{(article.text or '')[:chars]}"


def article_features(articles: list[Article], embeddings: np.ndarray) -> list[Features]:
    out: list[Features] = []
    for a, vec in zip(articles, embeddings, strict=True):
        text = f"{a.title or ''}\n{a.text or ''}"
        date = a.date or lead_date(a.text or "")
        out.append(Features(
            article_id=a.id,
            embedding=np.asarray(vec, dtype=np.float32),
            minhash=minhash_of(a.text or "").hashvalues.astype(np.uint64),
            entities=entities(text),
            figures=figures(text),
            editions=editions(a.title or "", a.text or ""),
            date=date,
            mentions=() if date else mentioned_dates(text),
            dateline=None if date else dateline_day(a.text or ""),
        ))
    return out


def embed_articles(articles: list[Article], embedder: object | None) -> np.ndarray:
    """One vector per article: the normalised sum of the embeddings of its title and lead (``EMBED_CHARS``) and of
    its title and opening lines (``OPENING_CHARS``); the hashing fallback when no model is installed."""
    from upscnotes.embed import Embedder, get_embedder, l2_normalise

    emb = embedder if isinstance(embedder, Embedder) else get_embedder()
    if not articles:
        return np.zeros((0, 384), dtype=np.float32)
    n = len(articles)
    both = np.asarray(emb.embed([embed_text(a) for a in articles] + [embed_text(a, OPENING_CHARS) for a in articles]), dtype=np.float32)
    return np.asarray(l2_normalise(both[:n] + both[n:]), dtype=np.float32)


__all__ = ["Features", "article_features", "dateline_day", "editions", "embed_articles", "entities", "figures", "lead_date", "mentioned_dates", "minhash_of"]
