"""What the site is made of, read from the project database: stories with their notes, sources, conflicting
facts and related stories, and the glossary with the notes that use each term. All of publish's SQL is here.

Until the stories feature fills ``stories``, every note is its own story (story id = note id); notes that no story
points at are published the same way once it has, so both states of the database give a complete site.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from upscnotes.model import GsTag, Note, Source, note_from_dict
from upscnotes.store import Store
from upscnotes.syllabus.tags import parse_gs_tags


@dataclass
class ConflictValue:
    text: str
    sentence: str = ""
    article: str = ""
    url: str | None = None


@dataclass
class Conflict:
    subject: str
    kind: str
    values: list[ConflictValue] = field(default_factory=list)


@dataclass
class Story:
    """One published story: its note and what the story page shows around it."""

    id: str
    note_id: str
    title: str
    date: str | None
    note: Note
    sources: list[Source] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # story ids
    fingerprint: str = ""  # changes whenever anything the story's own page shows changes


@dataclass
class GlossaryTerm:
    id: int
    head: str
    abbreviation: str | None
    definition: str
    gs_tags: list[GsTag]
    note_ids: list[str] = field(default_factory=list)


@dataclass
class SiteData:
    stories: list[Story]
    terms: list[GlossaryTerm]


def _tags(raw: str | None) -> list[GsTag]:
    try:
        labels = json.loads(raw or "[]")
    except ValueError:
        return []
    return [t for label in labels if isinstance(label, str) for t in parse_gs_tags(f"({label})").tags]


def _note(row: sqlite3.Row) -> Note:
    try:
        data: dict[str, Any] = json.loads(row["json"])
        return note_from_dict(data)
    except (ValueError, KeyError, TypeError):
        from upscnotes.notes.parse import parse_note

        return parse_note(row["html"] or "")


def _conflict_values(raw: str) -> list[ConflictValue]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return []
    out = []
    for v in items if isinstance(items, list) else []:
        if isinstance(v, dict):
            out.append(ConflictValue(text=str(v.get("text") or v.get("value") or ""), sentence=str(v.get("sentence") or ""),
                                     article=str(v.get("article") or ""), url=v.get("url") if isinstance(v.get("url"), str) else None))
    return out


def load_site(store: Store) -> SiteData:
    """Everything the site shows, in one read."""
    conn = store.conn
    notes = {r["id"]: r for r in conn.execute("SELECT id, title, date, html, json, updated FROM notes")}
    stories: list[Story] = []
    linked: set[str] = set()
    article_ids: dict[str, list[str]] = {}
    for r in conn.execute("SELECT id, title, date, note_id FROM stories WHERE note_id IS NOT NULL ORDER BY id"):
        n = notes.get(r["note_id"])
        if n is None:
            continue
        linked.add(n["id"])
        note = _note(n)
        stories.append(Story(id=str(r["id"]), note_id=n["id"], title=r["title"] or note.title or "Untitled", date=r["date"] or note.date,
                             note=note))
    for r in conn.execute("SELECT story_id, article_id FROM story_articles ORDER BY added, article_id"):
        article_ids.setdefault(str(r["story_id"]), []).append(r["article_id"])
    for note_id, n in notes.items():
        if note_id in linked:
            continue
        note = _note(n)
        stories.append(Story(id=note_id, note_id=note_id, title=note.title or n["title"] or "Untitled", date=note.date or n["date"], note=note))
    for r in conn.execute("SELECT note_id, article_id FROM note_articles ORDER BY article_id"):
        if r["note_id"] not in linked:
            article_ids.setdefault(r["note_id"], []).append(r["article_id"])
    articles = {r["id"]: r for r in conn.execute("SELECT id, url, title, date, publisher FROM articles")}
    related: dict[str, list[str]] = {}
    for r in conn.execute("SELECT story_id, related_id FROM story_related ORDER BY story_id, related_id"):
        related.setdefault(str(r["story_id"]), []).append(str(r["related_id"]))
    conflicts: dict[str, list[Conflict]] = {}
    for r in conn.execute('SELECT story_id, subject, kind, "values" FROM conflicts WHERE dismissed = 0 ORDER BY id'):
        conflicts.setdefault(str(r["story_id"]), []).append(Conflict(r["subject"], r["kind"], _conflict_values(r["values"])))
    for s in stories:
        s.sources = list(s.note.sources)
        seen = {src.url for src in s.sources if src.url} | {src.title for src in s.sources}
        for aid in article_ids.get(s.id, []):
            a = articles.get(aid)
            if a is None or (a["url"] and a["url"] in seen) or (not a["url"] and a["title"] in seen):
                continue
            s.sources.append(Source(title=a["title"] or a["url"] or "Source", url=a["url"], publisher=a["publisher"], date=a["date"]))
        s.conflicts = conflicts.get(s.id, [])
        s.related = related.get(s.id, [])
        raw = notes[s.note_id]
        h = hashlib.sha256()
        for part in (s.id, s.title, s.date or "", raw["json"], raw["html"], raw["updated"],
                     json.dumps([[c.subject, c.kind, [v.__dict__ for v in c.values]] for c in s.conflicts]),
                     json.dumps([src.__dict__ for src in s.sources]), json.dumps(s.related)):
            h.update(str(part).encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        s.fingerprint = h.hexdigest()
    uses: dict[int, list[str]] = {}
    for r in conn.execute("SELECT term_id, note_key FROM uses ORDER BY note_key"):
        uses.setdefault(r["term_id"], []).append(r["note_key"])
    terms = []
    for r in conn.execute("SELECT t.id, t.head, t.abbreviation, d.text, d.gs_tags FROM terms t "
                          "LEFT JOIN definitions d ON d.id = t.canonical_id ORDER BY t.head"):
        terms.append(GlossaryTerm(r["id"], r["head"], r["abbreviation"], r["text"] or "", _tags(r["gs_tags"]), uses.get(r["id"], [])))
    return SiteData(stories, terms)


__all__ = ["Conflict", "ConflictValue", "GlossaryTerm", "SiteData", "Story", "load_site"]
