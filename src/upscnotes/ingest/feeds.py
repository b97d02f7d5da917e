"""RSS/Atom feeds → articles, or the links still to fetch.

Parsing is feedparser's; this module never touches the network (``web.feed_articles`` fetches the links), so
reading a feed file is fast, offline and testable.
"""

from __future__ import annotations

import time
from typing import Any, NamedTuple

from upscnotes.ingest.extract import (
    Skip,
    Skipped,
    html_to_text,
    make_article,
    word_count,
)
from upscnotes.model import Article

# A <description> this long is the article itself (some feeds put the full text there), not a teaser.
SUMMARY_AS_TEXT_WORDS = 150


class FeedRead(NamedTuple):
    """Items with their full text in the feed, links of the others (fetch them), and items that gave nothing."""

    articles: list[Article]
    links: list[str]
    skipped: list[Skipped]


def _struct_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def _full_text(entry: Any) -> str:
    """The item's body as plain text: the longest ``content`` (content:encoded, Atom content), else a long summary."""
    best = ""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        text = html_to_text(value) if "html" in (content.get("type") or "html") else value
        if len(text) > len(best):
            best = text
    if best.strip():
        return best
    summary = html_to_text(entry.get("summary") or "")
    return summary if word_count(summary) >= SUMMARY_AS_TEXT_WORDS else ""


def read_feed(text: str, origin: str) -> FeedRead:
    """Articles from the items that carry their full text; links for the rest.

    Returns a 3-tuple rather than a pair so that items dropped here (not English, neither text nor link) keep
    their reasons. Raises :class:`Skip` when the text is not a feed feedparser can read.
    """
    import feedparser

    # Bytes plus an explicit charset: given a str, feedparser treats URL-like or path-like text as something to
    # open; and the text is already decoded, so an XML encoding declaration must not re-decode it.
    parsed = feedparser.parse(text.encode("utf-8"), response_headers={"content-type": "application/xml; charset=utf-8"})
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise Skip(f"not a readable feed ({type(parsed.get('bozo_exception')).__name__})")
        raise Skip("feed has no items")
    channel = parsed.get("feed") or {}
    publisher = channel.get("title") or None
    language = channel.get("language") or None
    result = FeedRead([], [], [])
    for i, entry in enumerate(entries, 1):
        link = entry.get("link") or None
        label = link or f"{origin} item {i}"
        body = _full_text(entry)
        if not body:
            if link:
                result.links.append(link)
            else:
                result.skipped.append(Skipped(label, "feed item has no text and no link"))
            continue
        try:
            result.articles.append(make_article(
                body, title=entry.get("title"), url=link, date=_struct_date(entry), publisher=publisher or entry.get("author"),
                language=language, origin=origin, format="feed",
            ))
        except Skip as exc:
            result.skipped.append(Skipped(label, exc.reason))
    return result
