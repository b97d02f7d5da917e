"""An article's date from its metadata only: the page's published-time tags, a feed's date, a dateline.

Never from a year in the body: "the previous edition, released in 2011-12" or "takes effect on 1 April 2025" are
facts of the story, not the day it was reported, and a guessed date puts a note on the wrong day. When no metadata
gives a date the article is undated, and so is its note.
"""

from __future__ import annotations

import json
import re

# Meta tags that state when the page was first published (not modified), best first.
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished", "publishdate", "publish-date",
    "publish_date", "pubdate", "date", "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.created", "citation_publication_date",
    "parsely-pub-date", "sailthru.date", "article.published", "cxenseparse:recs:publishtime",
)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ITEMPROP_TIME = re.compile(r"<time\b[^>]*\bitemprop\s*=\s*[\"']datePublished[\"'][^>]*>", re.IGNORECASE)
_LD_JSON = re.compile(r"<script\b[^>]*type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def _attrs(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) if m.group(2) is not None else (m.group(3) if m.group(3) is not None else m.group(4))
            for m in _ATTR.finditer(tag)}


def _ld_dates(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["datePublished"]] if isinstance(node.get("datePublished"), str) else []
        for value in node.values():
            found.extend(_ld_dates(value))
        return found
    if isinstance(node, list):
        return [d for item in node for d in _ld_dates(item)]
    return []


def html_published_date(html: str) -> str | None:
    """ISO date from the page's metadata (meta tags, ``itemprop="datePublished"``, JSON-LD), or None."""
    from upscnotes.ingest.extract import iso_date

    found: dict[str, str] = {}
    for tag in _META.findall(html[:200_000]):
        a = _attrs(tag)
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        if key in _PUBLISHED_META and a.get("content") and key not in found:
            found[key] = a["content"]
    for key in _PUBLISHED_META:
        if key in found and (d := iso_date(found[key])):
            return d
    for tag in _ITEMPROP_TIME.findall(html):
        a = _attrs(tag)
        if a.get("datetime") and (d := iso_date(a["datetime"])):
            return d
    for block in _LD_JSON.findall(html[:500_000]):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for value in _ld_dates(data):
            if d := iso_date(value):
                return d
    return None


__all__ = ["html_published_date"]
