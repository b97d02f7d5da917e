"""Which reader an input needs, decided from its content.

File names lie (``.html`` saved from a feed reader, ``.txt`` holding JSON, downloads without a suffix), so the
name is never consulted for the decision; it is accepted only so callers can pass it along uniformly and for
future tie-breaking. ``--format`` overrides this function entirely at the call site.
"""

from __future__ import annotations

import json
import re

from upscnotes.errors import InvalidArgument
from upscnotes.notes.parse import looks_like_note

FORMATS = ("note", "feed", "json", "jsonl", "html", "markdown", "text")

# How far into a document the cheap prefix checks look: feeds and HTML declare themselves at the top.
_HEAD = 4096

_FEED_ROOT = re.compile(r"<(?:rss\b|rdf:RDF\b|feed\b[^>]*xmlns\s*=\s*[\"']http://www\.w3\.org/2005/Atom)", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"<(?:p|div|span|h[1-6]|article|section|main|ul|ol|li|a|br|table|strong|em|b|i|blockquote|time|footer|header)\b[^>]*>", re.IGNORECASE)


_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_MD_FEATURE = re.compile(r"^(?:#{1,6}\s+\S|[-*+]\s+\S|\d+\.\s+\S|>\s|```)|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)|^(?:=+|-+)\s*$", re.MULTILINE)


def check_format(fmt: str | None) -> str | None:
    """Validate a ``--format`` value early so a typo fails before any file is read."""
    if fmt is None:
        return None
    f = fmt.strip().lower()
    if f not in FORMATS:
        raise InvalidArgument(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return f


def _json_kind(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        return "note" if "sections" in data and isinstance(data["sections"], list) else "json"
    if isinstance(data, list):
        if len(data) == 1 and isinstance(data[0], dict) and isinstance(data[0].get("sections"), list):
            return "note"  # `render --json` writes a one-element list
        return "json"
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) >= 1 and all(ln.lstrip().startswith("{") for ln in lines[:5]):
        try:
            json.loads(lines[0])
        except ValueError:
            return None
        return "jsonl"
    return None


def is_note_html(text: str) -> bool:
    """True for the house format (the reader's own test, so ingest and the note commands agree)."""
    return looks_like_note(text)


def detect_format(text: str, name: str = "") -> str:
    """One of :data:`FORMATS` for ``text``, judged by content only (see the module docstring for why)."""
    del name  # accepted for a uniform call signature; deliberately unused
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        return "text"
    head = body[:_HEAD]
    if body[0] in "{[":
        kind = _json_kind(body)
        if kind is not None:
            return kind
    if body[0] == "<":
        if _FEED_ROOT.search(head) and not _HTML_ROOT.search(head):
            return "feed"
        if is_note_html(body):
            return "note"
        if _HTML_ROOT.search(head) or _HTML_TAG.search(head):
            return "html"
    elif _HTML_ROOT.search(head):
        return "note" if is_note_html(body) else "html"
    first = next((ln for ln in body.splitlines() if ln.strip()), "")
    if _MD_HEADING.match(first) or len(_MD_FEATURE.findall(head)) >= 3:
        return "markdown"
    return "text"
