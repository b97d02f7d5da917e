"""The project database: SQLite with WAL, numbered migrations and one transaction per change.

Path: ``--db FILE`` on every command that touches it, else ``$UPSCNOTES_DB``, else ``./upscnotes.db``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from upscnotes.errors import DatabaseError

DEFAULT_DB = "upscnotes.db"

STARTER_PENDING = "pending"  # meta 'starter' of a new database until its glossary is first filled (or declined)

MIGRATIONS: list[str] = [
    # 1: the glossary
    """
    CREATE TABLE terms (
        id INTEGER PRIMARY KEY,
        head TEXT NOT NULL,
        head_key TEXT NOT NULL UNIQUE,
        abbreviation TEXT,
        abbr_key TEXT,
        canonical_id INTEGER REFERENCES definitions(id) ON DELETE SET NULL,
        canonical_by TEXT NOT NULL DEFAULT 'auto',
        origin TEXT NOT NULL DEFAULT 'import',
        created TEXT NOT NULL DEFAULT (datetime('now')),
        updated TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE INDEX terms_abbr ON terms(abbr_key);
    CREATE TABLE aliases (
        term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        alias_key TEXT NOT NULL,
        rule TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (term_id, alias_key)
    );
    CREATE INDEX aliases_key ON aliases(alias_key);
    CREATE TABLE definitions (
        id INTEGER PRIMARY KEY,
        term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        raw TEXT NOT NULL DEFAULT '',
        gs_tags TEXT NOT NULL DEFAULT '[]',
        content_key TEXT NOT NULL,
        source TEXT,
        date TEXT,
        added TEXT NOT NULL DEFAULT (datetime('now')),
        UNIQUE (term_id, content_key)
    );
    CREATE TABLE uses (
        term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
        note_key TEXT NOT NULL,
        PRIMARY KEY (term_id, note_key)
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    """,
    # 2: articles and the notes written from them
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT UNIQUE,
        title TEXT,
        date TEXT,
        publisher TEXT,
        language TEXT,
        origin TEXT,
        format TEXT,
        text TEXT NOT NULL,
        added TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        title TEXT,
        date TEXT,
        file TEXT,
        html TEXT NOT NULL,
        json TEXT NOT NULL,
        problems INTEGER NOT NULL DEFAULT 0,
        updated TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE note_articles (
        note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id),
        PRIMARY KEY (note_id, article_id)
    );
    """,
    # 3: stories (one event, many articles), related stories, conflicting facts, editor decisions, article versions
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        date TEXT,
        note_id TEXT,
        centroid BLOB,
        created TEXT NOT NULL DEFAULT (datetime('now')),
        updated TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE story_articles (
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id),
        pinned INTEGER NOT NULL DEFAULT 0,
        added TEXT NOT NULL DEFAULT (datetime('now')),
        PRIMARY KEY (article_id)
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE story_related (
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        related_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        PRIMARY KEY (story_id, related_id)
    );
    CREATE TABLE story_links (
        a INTEGER NOT NULL,
        b INTEGER NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (a, b, kind)
    );
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        subject TEXT NOT NULL,
        kind TEXT NOT NULL,
        "values" TEXT NOT NULL,
        dismissed INTEGER NOT NULL DEFAULT 0,
        UNIQUE (story_id, key)
    );
    CREATE TABLE dismissed_conflicts (key TEXT PRIMARY KEY);
    CREATE TABLE article_features (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        embedding BLOB,
        minhash BLOB,
        entities TEXT NOT NULL DEFAULT '[]'
    );
    """,
    # 4: versions of a page: the same URL read again with other text. ``articles.url`` names the newest version;
    # every version keeps its URL here, numbered from 1, with the version it replaced.
    """
    CREATE TABLE article_versions (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        version INTEGER NOT NULL,
        replaces TEXT,
        added TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE INDEX article_versions_url ON article_versions(url);
    """,
    # 5: story terms an editor rejected (never proposed again)
    """
    CREATE TABLE rejected_terms (head_key TEXT PRIMARY KEY, head TEXT NOT NULL, rejected TEXT NOT NULL DEFAULT (datetime('now')));
    """,
]


def resolve_db_path(db: str | os.PathLike[str] | None) -> Path:
    return Path(db or os.environ.get("UPSCNOTES_DB") or DEFAULT_DB)


class Store:
    """An open project database."""

    def __init__(self, path: str | os.PathLike[str] | None = None, create_folder: bool = False) -> None:
        """Open (creating the file if needed) the database at ``path``. Its folder must exist unless
        ``create_folder`` (``init``, or a database inside the build's own ``--out``): a typo in ``--db`` must not
        quietly make folders and a fresh database."""
        self.path = resolve_db_path(path)
        parent = self.path.parent
        if not create_folder and not parent.is_dir():
            raise DatabaseError(f"{self.path}: folder {parent} does not exist (create it, or run `upscnotes init --db {self.path}`)")
        try:
            if not parent.exists():
                parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{self.path}: not a usable upscnotes database ({exc})") from None
        except OSError as exc:
            raise DatabaseError(f"{self.path}: cannot open database ({exc.strerror})") from None

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise DatabaseError(f"{self.path}: database schema {version} is newer than this upscnotes ({len(MIGRATIONS)})")
        while version < len(MIGRATIONS):
            with self.transaction():
                # Read again under the write lock: another process may have migrated while we waited for it.
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= len(MIGRATIONS):
                    break
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                if version == 0:
                    # A new database: the glossary's first fill is still owed. Written with the schema, so a build
                    # killed between creating the file and loading the starter glossary loads it on the re-run.
                    self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('starter', ?)", (STARTER_PENDING,))
                version += 1
                self.conn.execute(f"PRAGMA user_version = {version}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception; nested calls join the outer transaction."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
