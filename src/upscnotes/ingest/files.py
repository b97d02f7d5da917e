"""Local inputs → articles and notes: files and folders of HTML, feeds, JSON/JSONL, Markdown and plain text.

Each file is decoded by ``upscnotes.files`` (size limit, binary detection, legacy encodings), classified by
content (:func:`detect_format`), and read by the matching reader. A file that cannot be used is recorded in
``skipped`` with its reason instead of stopping the batch: one stray PDF in a folder must not cost the rest.
"""

from __future__ import annotations

import json
import re
from typing import Any

from upscnotes.errors import UpscnotesError
from upscnotes.files import DEFAULT_MAX_BYTES, expand_path, read_input
from upscnotes.ingest.detect import check_format, detect_format
from upscnotes.ingest.extract import (
    IngestResult,
    Skip,
    article_from_html,
    clean_text,
    html_to_text,
    make_article,
    skip_reason,
)
from upscnotes.ingest.web import DEFAULT_TIMEOUT, feed_articles, is_url
from upscnotes.model import Article

# Header lines of text and Markdown sources ("Published: 2023-08-23", "**Source:** Example Wire").
_META = re.compile(
    r"^\s*[*_]{0,2}(published|date|dated|updated|source|publisher|url|link|author|by|title)[*_]{0,2}\s*:[*_]{0,2}\s*(.+?)\s*$", re.IGNORECASE)
_META_FIELD = {"published": "date", "date": "date", "dated": "date", "updated": "updated", "source": "publisher",
               "publisher": "publisher", "url": "url", "link": "url", "author": "author", "by": "author", "title": "title"}
_MD_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_TITLE_MAX = 200

# Field names JSON article dumps use for the same thing, in order of preference.
_JSON_TEXT = ("text", "content", "body", "articleBody", "article", "full_text")
_JSON_TITLE = ("title", "headline", "name")
_JSON_DATE = ("date", "published", "datePublished", "pubDate", "published_at", "publishedAt", "date_published")
_JSON_PUBLISHER = ("publisher", "source", "sitename", "site", "site_name", "author")
_JSON_URL = ("url", "link", "canonical_url")
_JSON_LIST_KEYS = ("articles", "items", "entries", "data")


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = item.get(key)
        if isinstance(value, dict):  # schema.org style {"name": "..."}
            value = value.get("name")
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = "\n\n".join(value)
        if value not in (None, ""):
            return value
    return None


# -- plain text and Markdown ------------------------------------------------------------------------------------

def _header(lines: list[str], markdown: bool) -> tuple[dict[str, str], int]:
    """Metadata and title at the top of a text or Markdown file, and the index of the first body line.

    The title is the first line when it is short (plain text) or a heading (Markdown); metadata lines may come
    before or after it; the body starts at the first line that is neither.
    """
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = _META.match(line)
        if m:
            meta.setdefault(_META_FIELD[m.group(1).lower()], m.group(2).strip("*_ "))
            i += 1
            continue
        if "title" not in meta:
            heading = _MD_ATX.match(line) if markdown else None
            if heading and heading.group(2):
                meta["title"] = heading.group(2)
                i += 1
                continue
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if markdown and _SETEXT.match(nxt) and nxt.strip().startswith("="):
                meta["title"] = line.strip()
                i += 2
                continue
            text = line.strip()
            if not markdown and len(text) <= _TITLE_MAX and (text[-1] not in ".,;:" or _META.match(nxt)):
                meta["title"] = text
                i += 1
                continue
        break
    return meta, i


_MD_INLINE = (
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),
)
_MD_BLOCK_MARK = re.compile(r"^\s{0,3}(?:>\s?)+|^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def markdown_to_text(md: str) -> str:
    """Plain text of a Markdown body: markup gone, headings and list items as their own paragraphs.

    Not a full CommonMark renderer: notes need the words and the paragraph breaks, not the layout.
    """
    md = _MD_INLINE[0][0].sub("", md)  # comments may span lines; the other inline rules work line by line
    out: list[str] = []
    for line in md.split("\n"):
        if line.strip().startswith("```") or _MD_RULE.match(line) or _SETEXT.match(line) and line.strip() or _MD_TABLE_RULE.match(line):
            out.append("")
            continue
        heading = _MD_ATX.match(line)
        if heading:
            out.extend(["", heading.group(2), ""])
            continue
        is_item = bool(re.match(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", line))
        line = _MD_BLOCK_MARK.sub("", line)
        for pattern, repl in _MD_INLINE[1:]:
            line = pattern.sub(repl, line)
        out.extend(["", line, ""] if is_item else [line])
    return clean_text("\n".join(out))


def read_plain(text: str, origin: str, markdown: bool = False) -> Article:
    """One article from a text or Markdown file, with the title and date/source lines at its top as metadata."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta, start = _header(lines, markdown)
    body = "\n".join(lines[start:])
    title = meta.get("title")
    if markdown:
        body = markdown_to_text(body)
        title = markdown_to_text(title) if title else None
    publisher = meta.get("publisher")
    url = meta.get("url")
    if publisher and is_url(publisher):
        url, publisher = url or publisher, None
    return make_article(body, title=title, url=url, date=meta.get("date") or meta.get("updated"),
                        publisher=publisher or meta.get("author"), origin=origin, format="markdown" if markdown else "text")


# -- JSON -------------------------------------------------------------------------------------------------------

def _json_items(text: str, kind: str, origin: str, result: IngestResult) -> list[tuple[str, Any]]:
    """(label, item) pairs from a JSON object, a list, a wrapper like ``{"articles": [...]}``, or JSON Lines."""
    if kind == "jsonl":
        pairs: list[tuple[str, Any]] = []
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                pairs.append((f"{origin} line {n}", json.loads(line)))
            except json.JSONDecodeError as exc:
                result.skip(f"{origin} line {n}", f"not valid JSON ({exc.msg})")
        return pairs
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Skip(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(data, dict):
        wrapped = next((data[k] for k in _JSON_LIST_KEYS if isinstance(data.get(k), list)), None)
        if wrapped is None:
            return [(origin, data)]
        data = wrapped
    if not isinstance(data, list):
        raise Skip("JSON holds neither an article object nor a list of them")
    return [(f"{origin} item {n}", item) for n, item in enumerate(data, 1)]


def read_json(text: str, origin: str, kind: str, result: IngestResult) -> None:
    """Articles from JSON records with title/date/publisher/url/text (or content/body); bad records are skipped."""
    for label, item in _json_items(text, kind, origin, result):
        try:
            if not isinstance(item, dict):
                raise Skip("not a JSON object")
            body = _first(item, _JSON_TEXT)
            if not isinstance(body, str) or not body.strip():
                raise Skip("no text (expected a text, content or body field)")
            if re.search(r"<(?:p|div|br|span|a|li|h[1-6])\b[^>]*>", body, re.IGNORECASE):
                body = html_to_text(body)
            title = _first(item, _JSON_TITLE)
            publisher = _first(item, _JSON_PUBLISHER)
            url = _first(item, _JSON_URL)
            language = _first(item, ("language", "lang", "inLanguage"))
            result.add(make_article(body, title=str(title) if title else None, url=url if isinstance(url, str) else None,
                                    date=_first(item, _JSON_DATE), publisher=str(publisher) if publisher else None,
                                    language=language if isinstance(language, str) else None, origin=origin, format="json"))
        except Skip as exc:
            result.skip(label, exc.reason)


# -- dispatch ---------------------------------------------------------------------------------------------------

def read_source(path: str, fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, *, timeout: float = DEFAULT_TIMEOUT) -> IngestResult:
    """Everything one file holds; problems become skips named after the file."""
    from upscnotes.notes.parse import parse_note, read_note

    result = IngestResult()
    name = "<stdin>" if path == "-" else path
    try:
        src = read_input(path, max_bytes)
        kind = fmt or detect_format(src.text, src.name)
        if kind == "note":
            # read_note also understands the JSON `render` writes; stdin cannot be read twice, and is HTML in practice.
            result.notes.append(read_note(path, max_bytes) if path != "-" else parse_note(src.text, name))
        elif kind == "feed":
            result.merge(feed_articles(src.text, name, timeout=timeout))
        elif kind in ("json", "jsonl"):
            read_json(src.text, name, kind, result)
        elif kind == "html":
            result.add(article_from_html(src.text, origin=name))
        else:
            result.add(read_plain(src.text, name, markdown=kind == "markdown"))
    except UpscnotesError as exc:
        result.skip(name, skip_reason(exc, name))
    return result


def read_sources(paths: list[str], fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, *,
                 timeout: float = DEFAULT_TIMEOUT) -> IngestResult:
    """Articles and notes from files and folders (walked recursively, hidden files left out), deduplicated.

    ``fmt`` forces one reader for every file (the CLI's ``--format``); ``timeout`` applies to the pages that
    feed items link to instead of carrying their text.
    """
    fmt = check_format(fmt)
    result = IngestResult()
    for item in paths:
        try:
            files = expand_path(item)
        except UpscnotesError as exc:
            result.skip(item, skip_reason(exc, item))
            continue
        for path in files:
            result.merge(read_source(path, fmt, max_bytes, timeout=timeout))
    return result
