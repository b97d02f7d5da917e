"""Stories in the project database: which article is in which story, related stories, conflicts, editor choices.

All SQL of the stories feature lives here. Every change runs in one transaction, so a killed build or editor
command leaves either the old assignment or the new one, never half of each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from upscnotes.errors import InvalidArgument, NotFound
from upscnotes.model import Article
from upscnotes.store import Store
from upscnotes.stories.cluster import ClusterParams, Placement, StoryIndex, order_for_clustering
from upscnotes.stories.features import Features


@dataclass
class StoryRow:
    id: int
    title: str | None
    date: str | None
    note_id: str | None
    note_file: str | None = None
    articles: list[dict[str, Any]] = field(default_factory=list)
    related: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "date": self.date, "note": self.note_file, "related": self.related,
                "articles": self.articles}


_ARTICLE_COLS = "a.id, a.url, a.title, a.date, a.publisher, a.language, a.origin, a.format, a.text"


def _article(row: Any) -> Article:
    return Article(id=row["id"], text=row["text"], title=row["title"], url=row["url"], date=row["date"], publisher=row["publisher"],
                   language=row["language"], origin=row["origin"], format=row["format"])


class StoryStore:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # -- articles and their features -------------------------------------------------------------------------
    def add_article(self, a: Article) -> bool:
        """Store an article once (by content id). A second text under a URL already stored (an updated page, or a
        note citing the page it was written from) is kept too, without claiming the URL a second time."""
        if self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (a.id,)).fetchone():
            return False
        url = a.url if a.url and not self.conn.execute("SELECT 1 FROM articles WHERE url = ?", (a.url,)).fetchone() else None
        self.conn.execute(
            "INSERT INTO articles(id, url, title, date, publisher, language, origin, format, text) VALUES (?,?,?,?,?,?,?,?,?)",
            (a.id, url, a.title, a.date, a.publisher, a.language, a.origin, a.format, a.text))
        return True

    def unplaced(self, ids: list[str]) -> list[str]:
        placed = {r[0] for r in self.conn.execute("SELECT article_id FROM story_articles")}
        return [i for i in dict.fromkeys(ids) if i not in placed]

    def articles(self, ids: list[str]) -> list[Article]:
        rows = {r["id"]: _article(r) for r in self.conn.execute(
            f"SELECT {_ARTICLE_COLS} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))}
        return [rows[i] for i in ids if i in rows]

    def save_features(self, feats: list[Features]) -> None:
        with self.store.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO article_features(article_id, embedding, minhash, entities) VALUES (?,?,?,?)",
                [(f.article_id, f.embedding.astype(np.float32).tobytes(), f.minhash.astype(np.uint64).tobytes(),
                  json.dumps({"entities": sorted(f.entities), "figures": sorted(f.figures), "editions": f.editions, "date": f.date,
                              "mentions": list(f.mentions), "dateline": f.dateline}))
                 for f in feats])

    def features(self, ids: list[str] | None = None) -> list[Features]:
        sql = "SELECT article_id, embedding, minhash, entities FROM article_features"
        rows = self.conn.execute(sql + " WHERE article_id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)) if ids is not None \
            else self.conn.execute(sql)
        out = []
        for r in rows:
            meta = json.loads(r["entities"])
            out.append(Features(r["article_id"], np.frombuffer(r["embedding"], dtype=np.float32).copy(),
                                np.frombuffer(r["minhash"], dtype=np.uint64).copy(), frozenset(meta["entities"]),
                                frozenset(meta["figures"]), dict(meta.get("editions", {})), meta.get("date"),
                                tuple(meta.get("mentions", ())), meta.get("dateline")))
        return out

    # -- placing ---------------------------------------------------------------------------------------------
    def index(self, params: ClusterParams | None = None) -> StoryIndex:
        """The in-memory index rebuilt from the stored assignment (editor choices included)."""
        feats = {f.article_id: f for f in self.features()}
        top = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0]
        idx = StoryIndex(params, next_id=top + 1)
        for r in self.conn.execute("SELECT story_id, article_id FROM story_articles ORDER BY story_id, added, article_id"):
            f = feats.get(r["article_id"])
            if f is not None:
                idx.attach(r["story_id"], f)
        return idx

    def place(self, feats: list[Features], params: ClusterParams | None = None) -> list[Placement]:
        """Place new articles into stories and store the result in one transaction; returns one placement each."""
        idx = self.index(params)
        placements = [idx.add(f) for f in order_for_clustering(feats)]
        with self.store.transaction() as conn:
            for p in placements:
                if p.new_story:
                    conn.execute("INSERT OR IGNORE INTO stories(id) VALUES (?)", (p.story_id,))
                conn.execute("INSERT OR IGNORE INTO story_articles(story_id, article_id) VALUES (?, ?)", (p.story_id, p.article_id))
                for r in p.related:
                    self._relate(p.story_id, r)
        return placements

    def _relate(self, a: int, b: int) -> None:
        if a != b:
            self.conn.executemany("INSERT OR IGNORE INTO story_related(story_id, related_id) VALUES (?, ?)", [(a, b), (b, a)])

    # -- reading ---------------------------------------------------------------------------------------------
    def story_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM stories ORDER BY id")]

    def require(self, story_id: int) -> None:
        if self.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is None:
            raise NotFound(f"no story {story_id} (see `upscnotes stories` for the ids)")

    def members(self, story_id: int) -> list[Article]:
        """The story's articles, earliest first (undated last), each once."""
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLS} FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ? "
            "ORDER BY a.date IS NULL, a.date, sa.added, a.id", (story_id,))
        return [_article(r) for r in rows]

    def story(self, story_id: int) -> StoryRow:
        self.require(story_id)
        r = self.conn.execute("SELECT s.id, s.title, s.date, s.note_id, n.file FROM stories s LEFT JOIN notes n ON n.id = s.note_id "
                              "WHERE s.id = ?", (story_id,)).fetchone()
        row = StoryRow(r["id"], r["title"], r["date"], r["note_id"], r["file"])
        row.articles = [{"id": a.id, "url": a.url, "origin": a.origin, "title": a.title, "publisher": a.publisher, "date": a.date}
                        for a in self.members(story_id)]
        row.related = [x[0] for x in self.conn.execute("SELECT related_id FROM story_related WHERE story_id = ? ORDER BY related_id",
                                                       (story_id,))]
        return row

    def stories(self) -> list[StoryRow]:
        return [self.story(i) for i in self.story_ids()]

    def set_note(self, story_id: int, note_id: str, title: str | None, date: str | None) -> None:
        self.conn.execute("UPDATE stories SET note_id = ?, title = ?, date = ?, updated = datetime('now') WHERE id = ?",
                          (note_id, title, date, story_id))

    def note_file(self, note_id: str) -> str | None:
        r = self.conn.execute("SELECT file FROM notes WHERE id = ?", (note_id,)).fetchone()
        return r[0] if r else None

    def note_of(self, story_id: int) -> str | None:
        r = self.conn.execute("SELECT note_id FROM stories WHERE id = ?", (story_id,)).fetchone()
        return r[0] if r else None

    def save_note(self, note_id: str, title: str | None, date: str | None, file: str, html: str, data: str, problems: int,
                  article_ids: list[str]) -> None:
        self.conn.execute("INSERT INTO notes(id, title, date, file, html, json, problems) VALUES (?,?,?,?,?,?,?) "
                          "ON CONFLICT(id) DO UPDATE SET title=excluded.title, date=excluded.date, file=excluded.file, "
                          "html=excluded.html, json=excluded.json, problems=excluded.problems, updated=datetime('now')",
                          (note_id, title, date, file, html, data, problems))
        self.conn.execute("DELETE FROM note_articles WHERE note_id = ?", (note_id,))
        self.conn.executemany("INSERT OR IGNORE INTO note_articles(note_id, article_id) VALUES (?, ?)", [(note_id, a) for a in article_ids])

    def record_use(self, term_id: int, note_id: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO uses(term_id, note_key) VALUES (?, ?)", (term_id, note_id))

    def stale(self) -> list[int]:
        """Stories whose note is missing or was written from another set of articles (a killed build, an editor's
        split, merge or move)."""
        rows = self.conn.execute(
            "SELECT s.id FROM stories s WHERE s.note_id IS NULL OR NOT EXISTS (SELECT 1 FROM notes n WHERE n.id = s.note_id) "
            "OR (SELECT group_concat(article_id) FROM (SELECT article_id FROM story_articles WHERE story_id = s.id ORDER BY article_id)) IS NOT "
            "(SELECT group_concat(article_id) FROM (SELECT article_id FROM note_articles WHERE note_id = s.note_id ORDER BY article_id)) "
            "ORDER BY s.id")
        return [r[0] for r in rows]

    def notes_dir(self) -> Path | None:
        r = self.conn.execute("SELECT file FROM notes WHERE file IS NOT NULL ORDER BY updated DESC LIMIT 1").fetchone()
        return Path(r[0]).parent if r else None

    def drop_story(self, story_id: int) -> str | None:
        """Delete an emptied story; returns the file of its note (the caller removes the files)."""
        note_id = self.note_of(story_id)
        file = self.note_file(note_id) if note_id else None
        self.conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        if note_id:
            self.conn.execute("DELETE FROM uses WHERE note_key = ?", (note_id,))
            self.conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        return file

    # -- editor choices --------------------------------------------------------------------------------------
    def _members_ids(self, story_id: int) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT article_id FROM story_articles WHERE story_id = ?", (story_id,))]

    def _resolve_article(self, ref: str) -> str:
        rows = [r[0] for r in self.conn.execute("SELECT article_id FROM story_articles WHERE article_id = ? OR article_id LIKE ?",
                                                (ref, ref + "%"))]
        if len(rows) != 1:
            raise NotFound(f"no article {ref} (see `upscnotes stories --json` for the ids)" if not rows else f"article id {ref} is ambiguous")
        return rows[0]

    def split(self, story_id: int, refs: list[str]) -> int:
        """Move ``refs`` out of ``story_id`` into a new story, pinned; the original keeps the rest."""
        self.require(story_id)
        ids = [self._resolve_article(r) for r in refs]
        members = self._members_ids(story_id)
        stray = [i for i in ids if i not in members]
        if stray:
            raise InvalidArgument(f"article {stray[0]} is not in story {story_id}")
        if set(members) <= set(ids):
            raise InvalidArgument(f"story {story_id} would be left empty: split off fewer articles than it has ({len(members)})")
        with self.store.transaction() as conn:
            top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0]
            new = top + 1
            conn.execute("INSERT INTO stories(id) VALUES (?)", (new,))
            conn.executemany("UPDATE story_articles SET story_id = ?, pinned = 1 WHERE article_id = ?", [(new, i) for i in ids])
            self._relate(story_id, new)
        return new

    def merge(self, keep: int, other: int) -> list[str]:
        """All articles of ``other`` join ``keep``; ``other`` is removed. Returns files of the removed note."""
        self.require(keep)
        self.require(other)
        if keep == other:
            raise InvalidArgument("cannot merge a story with itself")
        with self.store.transaction() as conn:
            conn.execute("UPDATE story_articles SET story_id = ?, pinned = 1 WHERE story_id = ?", (keep, other))
            for (r,) in conn.execute("SELECT related_id FROM story_related WHERE story_id = ?", (other,)).fetchall():
                self._relate(keep, r)
            conn.execute("UPDATE conflicts SET story_id = ? WHERE story_id = ? AND key NOT IN (SELECT key FROM conflicts WHERE story_id = ?)",
                         (keep, other, keep))
            file = self.drop_story(other)
        return [file] if file else []

    def move(self, ref: str, story_id: int) -> tuple[int, list[str]]:
        """Move one article to ``story_id``; returns the story it left and the note files removed with it if emptied."""
        self.require(story_id)
        article = self._resolve_article(ref)
        src = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article,)).fetchone()[0]
        if src == story_id:
            raise InvalidArgument(f"article {article} is already in story {story_id}")
        with self.store.transaction() as conn:
            conn.execute("UPDATE story_articles SET story_id = ?, pinned = 1 WHERE article_id = ?", (story_id, article))
            removed = []
            if not self._members_ids(src):
                file = self.drop_story(src)
                removed = [file] if file else []
        return src, removed

    # -- conflicts -------------------------------------------------------------------------------------------
    def save_conflicts(self, story_id: int, conflicts: list[dict[str, Any]]) -> None:
        dismissed = {r[0] for r in self.conn.execute("SELECT key FROM dismissed_conflicts")}
        keep = {c["key"] for c in conflicts}
        with self.store.transaction() as conn:
            for (key,) in conn.execute("SELECT key FROM conflicts WHERE story_id = ?", (story_id,)).fetchall():
                if key not in keep:
                    conn.execute("DELETE FROM conflicts WHERE story_id = ? AND key = ?", (story_id, key))
            for c in conflicts:
                conn.execute('INSERT INTO conflicts(story_id, key, subject, kind, "values", dismissed) VALUES (?,?,?,?,?,?) '
                             'ON CONFLICT(story_id, key) DO UPDATE SET subject=excluded.subject, kind=excluded.kind, "values"=excluded."values", '
                             'dismissed=excluded.dismissed',
                             (story_id, c["key"], c["subject"], c["kind"], json.dumps(c["values"], ensure_ascii=False), int(c["key"] in dismissed)))

    def conflicts(self, story_id: int | None = None, include_dismissed: bool = False) -> list[dict[str, Any]]:
        sql = 'SELECT id, story_id, subject, kind, "values", dismissed FROM conflicts'
        where = []
        args: list[Any] = []
        if story_id is not None:
            self.require(story_id)
            where.append("story_id = ?")
            args.append(story_id)
        if not include_dismissed:
            where.append("dismissed = 0")
        rows = self.conn.execute(sql + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY story_id, id", args)
        return [{"id": r["id"], "story": r["story_id"], "subject": r["subject"], "kind": r["kind"], "values": json.loads(r["values"]),
                 **({"dismissed": bool(r["dismissed"])} if include_dismissed else {})} for r in rows]

    def dismiss(self, conflict_id: int) -> None:
        r = self.conn.execute("SELECT key FROM conflicts WHERE id = ?", (conflict_id,)).fetchone()
        if r is None:
            raise NotFound(f"no conflict {conflict_id} (see `upscnotes conflicts` for the ids)")
        with self.store.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO dismissed_conflicts(key) VALUES (?)", (r[0],))
            conn.execute("UPDATE conflicts SET dismissed = 1 WHERE key = ?", (r[0],))


__all__ = ["StoryRow", "StoryStore"]
