"""From raw input to :class:`Article`: main-text extraction, language, dates, content ids, and the result type.

Every reader (files, feeds, web) ends in :func:`make_article`, so the id, the text clean-up and the English-only
rule are decided in one place. An input that yields no article raises :class:`Skip`; callers record its reason
in :attr:`IngestResult.skipped` and carry on with the other inputs instead of failing the whole run.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Literal

from upscnotes.errors import UpscnotesError
from upscnotes.ingest.clean import clean_body, clean_title, dateline_date, not_article_reason
from upscnotes.model import Article, Note
from upscnotes.notes.parse import parse_date
from upscnotes.text import clean_charrefs, clean_controls, norm_key

Favor = Literal["precision", "balanced", "recall"]

# Chosen by bench/extraction_eval.py on the scrapinghub pages (see the docstring of article_from_html).
FAVOR: Favor = "balanced"
# Fewer words than this is a teaser, a cookie wall or an index page, not an article worth a note.
MIN_ARTICLE_WORDS = 30

# trafilatura reports every page it finds unusual at WARNING; for us that is an ordinary skip with a reason.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


class Skip(UpscnotesError):
    """An input holds no usable article. ``reason`` is the one-line why, shown next to the input's name."""

    def __init__(self, reason: str, origin: str | None = None) -> None:
        super().__init__(f"{origin}: {reason}" if origin else reason)
        self.reason = reason
        self.origin = origin


@dataclass
class Skipped:
    """An input (file, URL, feed item) that produced nothing, and why."""

    origin: str
    reason: str


@dataclass
class IngestResult:
    """What a batch of inputs produced. Articles are unique by id and by URL; later copies become skips."""

    articles: list[Article] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    versions: list[Skipped] = field(default_factory=list)  # (origin, what it replaced): same URL, new text
    _by_id: dict[str, Article] = field(default_factory=dict, repr=False, compare=False)
    _by_url: dict[str, Article] = field(default_factory=dict, repr=False, compare=False)

    def add(self, article: Article) -> bool:
        """Keep ``article`` unless the same text was already kept (say which one it repeats). The same URL with
        other text is a new version of that page: it replaces the earlier one in this batch, and is said so."""
        first = self._by_id.get(article.id)
        if first is not None:
            self.skip(article.origin or article.url or article.id, f"duplicate of {first.origin or first.url} (same text)")
            return False
        earlier = self._by_url.get(article.url) if article.url else None
        if earlier is not None:
            self.articles = [a for a in self.articles if a is not earlier]
            del self._by_id[earlier.id]
            self.versions.append(Skipped(article.origin or article.url or article.id,
                                         f"new version of {article.url} (replaces the text read from {earlier.origin or earlier.id})"))
        self.articles.append(article)
        self._by_id[article.id] = article
        if article.url:
            self._by_url[article.url] = article
        return True

    def skip(self, origin: str, reason: str) -> None:
        self.skipped.append(Skipped(origin, reason))

    def merge(self, other: IngestResult) -> IngestResult:
        """Fold ``other`` into this result (deduplicating its articles against ours) and return self."""
        for article in other.articles:
            self.add(article)
        self.notes.extend(other.notes)
        self.skipped.extend(other.skipped)
        self.versions.extend(other.versions)
        return self


def skip_reason(exc: UpscnotesError, origin: str) -> str:
    """The reason part of an error message: project errors start with the input's name, which we show apart."""
    if isinstance(exc, Skip):
        return exc.reason
    msg = str(exc)
    for prefix in (f"{origin}: ", "<stdin>: "):
        if msg.startswith(prefix):
            return msg[len(prefix):]
    return msg


# -- ids, dates, text -------------------------------------------------------------------------------------------

def article_id(text: str) -> str:
    """Content hash of the normalised text, so the same story read twice, from any format, gets the same id."""
    return hashlib.sha256(norm_key(text).encode("utf-8")).hexdigest()[:16]


def iso_date(value: object) -> str | None:
    """ISO ``yyyy-mm-dd`` from the date spellings inputs use (ISO, RFC 2822, ``20 May 2026``), else None."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, Date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    v = value.strip()
    found = parse_date(v)
    if found:
        return found
    try:
        return parsedate_to_datetime(v).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", v)
    if m:
        return parse_date(m.group(0))
    return None


def clean_text(text: str) -> str:
    """Paragraphs separated by one blank line, no trailing spaces: the shape every reader hands on."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


# -- language ---------------------------------------------------------------------------------------------------

# Script blocks that decide the language on their own; the declared language refines within a script.
_SCRIPTS: tuple[tuple[int, int, str, tuple[str, ...]], ...] = (
    (0x0900, 0x097F, "hi", ("hi", "mr", "ne", "sa", "kok", "mai")),
    (0x0980, 0x09FF, "bn", ("bn", "as")),
    (0x0A00, 0x0A7F, "pa", ("pa",)),
    (0x0A80, 0x0AFF, "gu", ("gu",)),
    (0x0B00, 0x0B7F, "or", ("or",)),
    (0x0B80, 0x0BFF, "ta", ("ta",)),
    (0x0C00, 0x0C7F, "te", ("te",)),
    (0x0C80, 0x0CFF, "kn", ("kn",)),
    (0x0D00, 0x0D7F, "ml", ("ml",)),
    (0x0600, 0x06FF, "ur", ("ur", "ar", "fa", "ps", "ks", "sd")),
    (0x0400, 0x04FF, "ru", ("ru", "uk", "bg", "sr", "be", "mk", "kk")),
    (0x0370, 0x03FF, "el", ("el",)),
    (0x0590, 0x05FF, "he", ("he", "yi")),
    (0x0E00, 0x0E7F, "th", ("th",)),
    (0xAC00, 0xD7AF, "ko", ("ko",)),
    (0x3040, 0x30FF, "ja", ("ja",)),
    (0x4E00, 0x9FFF, "zh", ("zh", "ja")),
)
# Frequent short words: English prose is 35-50% these; other Latin-script languages share few of them.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset([
        "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "was", "as", "by", "it", "are", "be", "at",
        "from", "this", "has", "have", "which", "an", "were", "said", "will", "its", "not", "or", "their", "had",
        "been", "also", "who", "but"
    ]),
    "de": frozenset([
        "der", "die", "und", "das", "ist", "nicht", "mit", "sich", "auf", "für", "ein", "eine", "dem", "den", "des",
        "zu", "von", "im", "auch", "es", "sie", "wir", "ich", "werden", "wird"
    ]),
    "fr": frozenset([
        "le", "la", "les", "et", "des", "est", "une", "un", "du", "que", "pour", "dans", "qui", "sur", "pas", "par",
        "au", "avec", "ce", "il", "sont"
    ]),
    "es": frozenset([
        "el", "la", "los", "las", "y", "de", "que", "en", "un", "una", "por", "con", "para", "es", "del", "se", "su",
        "al", "lo", "como"
    ]),
    "it": frozenset([
        "il", "la", "di", "che", "e", "è", "un", "una", "per", "non", "con", "sono", "del", "della", "gli", "le", "nel",
        "si"
    ]),
    "pt": frozenset(["o", "a", "os", "as", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "por", "se", "na", "no"]),
    "nl": frozenset(["de", "het", "een", "en", "van", "is", "dat", "op", "te", "in", "voor", "niet", "met", "zijn", "die", "er", "ook"]),
}
_MIN_STOPWORD_SHARE = 0.12
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def _primary(tag: str | None) -> str | None:
    if not tag:
        return None
    code = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def declared_language(html: str) -> str | None:
    """The ``<html lang>`` of a page (primary subtag), a hint for texts too short to judge."""
    m = _HTML_LANG.search(html[:20000])
    return _primary(m.group(1)) if m else None


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``, or None when it cannot be told.

    A cheap heuristic instead of a model: the writing system settles most non-English texts (Hindi, Tamil …), and
    for Latin script the share of each language's commonest words does. Page templates often declare the wrong
    ``lang``, so the text wins; ``declared`` only decides texts too short to judge and picks among the languages
    sharing one script (Hindi or Marathi in Devanagari).
    """
    hint = _primary(declared)
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 40:
        return hint
    latin = sum(1 for c in letters if ord(c) < 0x250)
    if latin / len(letters) < 0.5:
        scripts: Counter[int] = Counter()
        for c in letters:
            o = ord(c)
            for i, (lo, hi, _code, _langs) in enumerate(_SCRIPTS):
                if lo <= o <= hi:
                    scripts[i] += 1
                    break
        if not scripts:
            return hint
        _lo, _hi, code, langs = _SCRIPTS[scripts.most_common(1)[0][0]]
        return hint if hint in langs else code
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) < 12:
        return hint
    shares = {lang: sum(1 for w in words if w in stop) / len(words) for lang, stop in _STOPWORDS.items()}
    best = max(shares, key=lambda k: shares[k])
    if shares[best] < _MIN_STOPWORD_SHARE:
        return hint
    return best


# -- building articles ------------------------------------------------------------------------------------------

def make_article(text: str, *, title: str | None = None, url: str | None = None, date: object = None, publisher: str | None = None,
                 language: str | None = None, origin: str | None = None, format: str = "text") -> Article:
    """The one constructor every reader uses: cleans the text, hashes it, and refuses empty or non-English ones.

    ``language`` is a declared hint (``<html lang>``, a feed's ``<language>``); the text itself decides.
    """
    # Feeds and JSON carry control characters as entities and escapes, after the file's own cleaning: clean again.
    body = clean_text(clean_controls(text))
    title = clean_controls(title) if title else title
    publisher = clean_controls(publisher) if publisher else publisher
    url = clean_controls(url) if url else url
    if not body:
        raise Skip("no article text")
    # The text is kept as read (provenance points into it); what is page furniture is judged here and left out by
    # the writer (``clean_body`` again). A table or a list of files is not an article in any language; too little
    # prose is said after the language.
    cleaned = clean_body(body)
    reason = not_article_reason(cleaned.text)
    if reason and reason.startswith(("a table", "a list")):
        raise Skip(reason)
    lang = detect_language(body, language)
    if lang is not None and lang != "en":
        raise Skip(f"not English ({lang})")
    if reason:
        raise Skip(reason)
    published = iso_date(date)
    # The story's date is the earliest metadata date: a dateline filed the day before the page went up wins.
    from_dateline = dateline_date(cleaned.dateline, published)
    dated = min(d for d in (published, from_dateline) if d) if (published or from_dateline) else None
    clean_publisher = " ".join(publisher.split()) if publisher and publisher.strip() else None
    headline = clean_title(" ".join(title.split()), clean_publisher) if title and title.strip() else None
    return Article(
        id=article_id(body),
        text=body,
        title=headline or None,
        url=url.strip() if url and url.strip() else None,
        date=dated,
        publisher=clean_publisher,
        language=lang,
        origin=origin,
        format=format,
    )


_BLOCK_TAGS = frozenset([
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
    "figcaption", "address", "hr"
])
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "svg", "head")


# libxml2's HTML parser stops building the tree 256 elements deep (and drops what is deeper); stay well under it.
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"])


def flatten_deep(markup: str, max_depth: int = MAX_DEPTH) -> str:
    """``markup`` with the tags nested deeper than ``max_depth`` removed (their text kept), in one linear pass, so
    that a page 100,000 ``<div>``s deep is read for its text instead of losing everything below level 256."""
    if markup.count("<") < max_depth:
        return markup
    depth = 0
    deepest = 0
    for m in _TAG.finditer(markup):
        if m.group(2).lower() in _VOID or m.group(3):
            continue
        depth = max(depth - 1, 0) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    if deepest <= max_depth:
        return markup
    out: list[str] = []
    pos = depth = 0
    for m in _TAG.finditer(markup):
        if m.group(2).lower() in _VOID or m.group(3):
            continue
        closing = bool(m.group(1))
        level = depth if closing else depth + 1
        depth = max(depth - 1, 0) if closing else depth + 1
        if level > max_depth:
            out.append(markup[pos:m.start()])
            pos = m.end()
    out.append(markup[pos:])
    return "".join(out)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment with one paragraph per block element.

    For feed ``content:encoded`` and HTML inside JSON: these are already the article body, so main-text
    extraction (which judges fragments as boilerplate) would only lose text; we just need markup gone.
    """
    import lxml.etree
    import lxml.html

    if not fragment.strip():
        return ""
    src = flatten_deep(clean_charrefs(clean_controls(re.sub(r"^\s*<\?xml[^>]*\?>", "", fragment))))
    try:
        root = lxml.html.fragment_fromstring(src, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return clean_text(src)
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    parts: list[str] = []
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            elif tag == "br":
                parts.append("\n")
            if tag and el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if el is not root and el.tail:
                parts.append(el.tail)
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", "".join(parts)))
    return "\n\n".join(p for p in paragraphs if p)


def article_from_html(html: str, url: str | None = None, origin: str | None = None, *, favor: Favor = FAVOR) -> Article:
    """The main text and metadata of a news page, via trafilatura; raises :class:`Skip` when there is no article.

    Raising instead of returning None carries the reason ("no article text found", "not English (hi)", "only 12
    words") to the user. ``favor`` maps to trafilatura's precision/recall switches; the default is the setting
    that scored best on the gold-text pages in ``bench/extraction_eval.py``. Comments are never included: they
    are not the article. The publisher is the site name, or the author when the page names no site.
    """
    import trafilatura
    from trafilatura.settings import Document

    html = flatten_deep(clean_charrefs(clean_controls(html)))
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=favor == "precision", favor_recall=favor == "recall",
        )
    except Exception as exc:  # noqa: BLE001 - third-party parser on arbitrary pages; one page must not stop the batch
        raise Skip(f"extraction failed ({type(exc).__name__}: {str(exc)[:80]})") from None
    if not isinstance(doc, Document) or not doc.text or not doc.text.strip():
        raise Skip("no article text found")
    words = word_count(doc.text)
    if words < MIN_ARTICLE_WORDS:
        raise Skip(f"no article: only {words} words of main text")
    # trafilatura puts one paragraph per line; our texts separate paragraphs by a blank line.
    body = "\n\n".join(ln.strip() for ln in doc.text.split("\n") if ln.strip())
    from upscnotes.ingest.dates import html_published_date

    return make_article(
        body,
        title=doc.title,
        url=url or doc.url,
        # The page's metadata only: trafilatura's date finder also reads years in the body, which are not the date.
        date=html_published_date(html),
        publisher=doc.sitename or doc.author,
        language=doc.language or declared_language(html),
        origin=origin if origin is not None else url,
        format="html",
    )
