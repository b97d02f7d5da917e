"""Ingest: turn whatever the user points at (files, folders, page URLs, feeds) into articles and notes.

:func:`ingest` is the entry point the commands use; the submodules hold one reader each (``files``, ``web``,
``feeds``), the content sniffing (``detect``) and the shared article construction (``extract``).
"""

from __future__ import annotations

from itertools import groupby

from upscnotes.files import DEFAULT_MAX_BYTES
from upscnotes.ingest.detect import FORMATS, check_format, detect_format
from upscnotes.ingest.extract import (
    IngestResult,
    Skip,
    Skipped,
    article_from_html,
    detect_language,
)
from upscnotes.ingest.feeds import read_feed
from upscnotes.ingest.files import read_sources
from upscnotes.ingest.web import (
    DEFAULT_TIMEOUT,
    FetchError,
    FetchResult,
    fetch,
    fetch_articles,
    is_url,
)

__all__ = [
    "FORMATS", "FetchError", "FetchResult", "IngestResult", "Skip", "Skipped", "article_from_html", "detect_format",
    "detect_language", "fetch", "fetch_articles", "ingest", "read_feed", "read_sources",
]


def ingest(inputs: list[str], fmt: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
           timeout: float = DEFAULT_TIMEOUT) -> IngestResult:
    """Articles and notes from ``inputs``: paths, folders, ``-``, page URLs and feed URLs, in the order given.

    Consecutive URLs are fetched as one batch (a few in parallel); which copy of a duplicate is kept follows the
    input order. ``fmt`` (``--format``) forces one reader for every input. ``max_bytes`` limits local files;
    pages have their own 5 MB limit.
    """
    fmt = check_format(fmt)
    result = IngestResult()
    for remote, group in groupby(inputs, key=is_url):
        items = list(group)
        result.merge(fetch_articles(items, fmt, timeout=timeout) if remote else read_sources(items, fmt, max_bytes, timeout=timeout))
    return result
