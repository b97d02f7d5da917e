"""Fetching pages and feeds over HTTP(S) with the standard library.

urllib rather than a client library: one request at a time with a handful of guards is all we need, and it keeps
the install small. The guards are the point of this module: a time limit, a size limit enforced while streaming
(a 20 MB page is never held in memory), a redirect limit, and a content-type check before the body is read, so
that every way a URL can go wrong ends as one clear line in ``IngestResult.skipped`` and the batch carries on.
"""

from __future__ import annotations

import email.message
import http.client
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from upscnotes.errors import UpscnotesError
from upscnotes.files import decode_bytes
from upscnotes.ingest.detect import check_format, detect_format
from upscnotes.ingest.extract import IngestResult, Skip, article_from_html, skip_reason
from upscnotes.ingest.feeds import read_feed
from upscnotes.text import clean_controls

USER_AGENT = "upscnotes/0.1"
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
# Parallel fetches for the links of one feed: enough to hide latency, few enough to be polite to one site.
WORKERS = 4
_CHUNK = 64 * 1024
_ACCEPT = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"})


class FetchError(Skip):
    """A URL could not be fetched as a page or feed; ``reason`` says why in one line (``HTTP 404 Not Found``)."""


@dataclass
class FetchResult:
    """A fetched page: the URL asked for, the URL answered from (after redirects), its type and decoded text."""

    url: str
    final_url: str
    status: int
    content_type: str
    text: str
    encoding: str


def is_url(value: str) -> bool:
    return bool(re.match(r"https?://", value.strip(), re.IGNORECASE))


def quote_url(url: str) -> str:
    """``url`` with the characters HTTP forbids in a request line (spaces, controls, non-ASCII) percent-encoded,
    as a browser sends them; what is already encoded is kept."""
    return urllib.parse.quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    """Counts redirects per fetch and fails with our message before urllib's own loop detector fires."""

    # urllib's own detector (same URL 4 times, 10 hops) raises an HTTPError with a two-line message; raise its
    # thresholds out of the way so our count, with its one-line message, always decides.
    max_repeats = 1000
    max_redirections = 1000

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        self.count += 1
        if self.count > self.limit:
            fp.close()
            raise FetchError(f"too many redirects (more than {self.limit})")
        if not is_url(newurl):
            fp.close()
            raise FetchError(f"redirected to a non-HTTP address ({newurl[:60]})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def _decode(body: bytes, charset: str | None, url: str) -> tuple[str, str]:
    """Text of the body: the HTTP charset, else the page's own declaration, else sniffing (as for local files)."""
    declared = charset
    if not declared:
        m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
                      body[:4096], re.IGNORECASE)
        if m:
            declared = (m.group(1) or m.group(2)).decode("ascii")
    if declared:
        try:
            return clean_controls(body.decode(declared)), declared
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode_bytes(body, url)
    return decoded.text, decoded.encoding


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES, max_redirects: int = MAX_REDIRECTS) -> FetchResult:
    """GET ``url`` as an HTML page or feed; raise :class:`FetchError` with a one-line reason otherwise.

    ``timeout`` bounds each network wait and, checked between chunks, the whole download (a server trickling
    bytes would otherwise never time out).
    """
    if not is_url(url):
        raise FetchError("not an http(s) URL", url)
    opener = urllib.request.build_opener(_LimitedRedirects(max_redirects))
    request = urllib.request.Request(quote_url(url), headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: email.message.Message = response.headers
            ctype = headers.get_content_type() if headers.get("Content-Type") else ""
            if ctype and ctype not in HTML_TYPES and ctype not in FEED_TYPES:
                raise FetchError(f"not an HTML page ({ctype})", url)
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"page larger than {_megabytes(max_bytes)}", url)
            chunks: list[bytes] = []
            size = 0
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"page larger than {_megabytes(max_bytes)}", url)
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:g} s", url)
                chunks.append(chunk)
            final_url = response.geturl()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FetchError(f"HTTP {exc.code} {exc.reason}".rstrip(), url) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise FetchError(f"timed out after {timeout:g} s", url) from None
        reason = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else str(exc.reason)
        raise FetchError(f"cannot connect ({reason})", url) from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s", url) from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # connection reset mid-body, malformed URL or status line …
        raise FetchError(f"download failed ({type(exc).__name__}: {str(exc)[:80]})", url) from None
    body = b"".join(chunks)
    try:
        text, encoding = _decode(body, headers.get_content_charset(), url)
    except UpscnotesError as exc:
        raise FetchError(skip_reason(exc, url), url) from None
    return FetchResult(url, final_url, status, ctype, text, encoding)


def page_result(page: FetchResult, fmt: str | None = None, *, follow: bool = True, timeout: float = DEFAULT_TIMEOUT,
                max_bytes: int = DEFAULT_MAX_BYTES) -> IngestResult:
    """What a fetched page holds: a feed (its items, and with ``follow`` the pages it links), a note, or an article."""
    from upscnotes.notes.parse import parse_note

    result = IngestResult()
    kind = check_format(fmt) or detect_format(page.text, page.url)
    if kind == "feed":
        if not follow:
            raise FetchError("a feed linked from a feed; not followed", page.url)
        result.merge(feed_articles(page.text, page.url, timeout=timeout, max_bytes=max_bytes))
    elif kind == "note":
        result.notes.append(parse_note(page.text, page.url))
    elif fmt is None and page.content_type in FEED_TYPES:
        raise FetchError(f"not an HTML page or feed ({page.content_type})", page.url)
    else:
        result.add(article_from_html(page.text, url=page.url, origin=page.url))
    return result


def feed_articles(text: str, origin: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestResult:
    """A feed's items: full-text ones directly, the others by fetching their links (which are not followed further)."""
    feed = read_feed(text, origin)
    result = IngestResult(skipped=list(feed.skipped))
    for article in feed.articles:
        result.add(article)
    return result.merge(fetch_articles(feed.links, timeout=timeout, max_bytes=max_bytes, follow=False))


def _fetch_one(url: str, fmt: str | None, follow: bool, timeout: float, max_bytes: int) -> IngestResult:
    try:
        return page_result(fetch(url, timeout=timeout, max_bytes=max_bytes), fmt, follow=follow, timeout=timeout, max_bytes=max_bytes)
    except UpscnotesError as exc:
        result = IngestResult()
        result.skip(url, skip_reason(exc, url))
        return result


def fetch_articles(urls: Iterable[str], fmt: str | None = None, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
                   follow: bool = True) -> IngestResult:
    """Articles from ``urls`` (pages or feeds). A failed URL becomes a skip with its reason; the rest carry on.

    Fetches run a few at a time; results are merged in input order, so which copy of a duplicate is kept does
    not depend on network timing.
    """
    unique = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    result = IngestResult()
    if not unique:
        return result
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(unique))) as pool:
        for part in pool.map(lambda u: _fetch_one(u, fmt, follow, timeout, max_bytes), unique):
            result.merge(part)
    return result
