"""The glossary: one entry per term across all notes, each keeping every author's definition variant.

A term is identified by its head (normalised, case-folded), then by an enabled alias, then by its abbreviation;
so ``MoU`` in one note and ``Memorandum of Understanding (MoU)`` in another are one entry with two variants.
Every write happens in one transaction and every insert is keyed, so importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from upscnotes.errors import InvalidArgument, TermNotFound, UnknownFormat
from upscnotes.glossary.aliases import Alias, generate_aliases
from upscnotes.model import GsTag, KeyTerm, Note
from upscnotes.notes.terms import parse_definition, split_head
from upscnotes.store import STARTER_PENDING, Store
from upscnotes.syllabus.tags import format_tags, parse_gs_tags, validate_tag
from upscnotes.text import KEY_VERSION, clean_controls, norm_key

log = logging.getLogger(__name__)

MAX_DEFINITION = 2000


@dataclass
class Definition:
    id: int
    text: str
    gs_tags: list[GsTag]
    source: str | None
    date: str | None
    raw: str = ""

    def label(self) -> str:
        return f"{self.text} ({format_tags(self.gs_tags)})" if self.gs_tags else self.text


@dataclass
class Term:
    id: int
    head: str
    abbreviation: str | None
    canonical: Definition | None
    definitions: list[Definition] = field(default_factory=list)
    aliases: list[tuple[str, str, bool]] = field(default_factory=list)  # (alias, rule, enabled)
    usage: int = 0
    origin: str = "import"

    def to_export(self) -> dict[str, Any]:
        return {
            "head": self.head,
            "abbreviation": self.abbreviation,
            "aliases": [a for a, _rule, enabled in self.aliases if enabled],
            "canonical": self.canonical.text if self.canonical else None,
            "canonical_gs_tags": [t.label() for t in self.canonical.gs_tags] if self.canonical else [],
            "usage": self.usage,
            "definitions": [
                {"text": d.text, "gs_tags": [_tag_export(t) for t in d.gs_tags], "source": d.source, "date": d.date} for d in self.definitions
            ],
        }


def _tag_export(tag: GsTag) -> dict[str, Any]:
    out: dict[str, Any] = {"tag": tag.label(), "paper": tag.paper, "subject": tag.subject, "valid": bool(tag.valid)}
    if tag.suggested_paper:
        out["suggested_paper"] = tag.suggested_paper
    return out


def _tags_json(tags: list[GsTag]) -> str:
    return json.dumps([t.label() for t in tags], ensure_ascii=False)


def _tags_from_json(raw: str) -> list[GsTag]:
    return [validate_tag(t) for label in json.loads(raw or "[]") for t in parse_gs_tags(f"({label})").tags]


def _content_key(text: str, tags: list[GsTag]) -> str:
    return norm_key(text) + "|" + "|".join(sorted(norm_key(t.label()) for t in tags))


@dataclass
class ImportStats:
    terms_added: int = 0
    definitions_added: int = 0
    files: int = 0

    def __iadd__(self, other: ImportStats) -> ImportStats:
        self.terms_added += other.terms_added
        self.definitions_added += other.definitions_added
        self.files += other.files
        return self


class Glossary:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn: sqlite3.Connection = store.conn

    @classmethod
    def open(cls, db: str | None = None, starter: bool = True, create_folder: bool = False) -> Glossary:
        """Open (creating if needed) the project database; a new one gets the starter glossary unless told not to.
        The database's folder must exist unless ``create_folder``."""
        store = Store(db, create_folder=create_folder)
        glossary = cls(store)
        if store.get_meta("starter") == STARTER_PENDING:
            with store.transaction():  # read again under the write lock: a build beside this one may have filled it
                if store.get_meta("starter") == STARTER_PENDING:
                    if starter:
                        glossary.load_starter()
                    else:
                        store.set_meta("starter", "none")
        if store.get_meta("key_version") != str(KEY_VERSION):
            glossary.rekey()
        return glossary

    def rekey(self) -> list[str]:
        """Recompute every stored lookup key with the current normalisation (run once when it has changed).

        A key that would now equal another row's stays as it was: for a term, its head is returned (and logged) so
        an editor can merge the two with ``glossary merge``; nothing is lost or merged silently."""
        clashes: list[str] = []
        with self.store.transaction() as conn:
            for row in conn.execute("SELECT id, head, abbreviation FROM terms").fetchall():
                abbr = norm_key(row["abbreviation"]) if row["abbreviation"] else None
                conn.execute("UPDATE terms SET abbr_key = ? WHERE id = ?", (abbr, row["id"]))
                if conn.execute("UPDATE OR IGNORE terms SET head_key = ? WHERE id = ?", (norm_key(row["head"]), row["id"])).rowcount == 0:
                    clashes.append(row["head"])
            for row in conn.execute("SELECT rowid, alias FROM aliases").fetchall():
                conn.execute("UPDATE OR IGNORE aliases SET alias_key = ? WHERE rowid = ?", (norm_key(row["alias"]), row["rowid"]))
            for row in conn.execute("SELECT id, text, gs_tags FROM definitions").fetchall():
                key = _content_key(row["text"], _tags_from_json(row["gs_tags"]))
                conn.execute("UPDATE OR IGNORE definitions SET content_key = ? WHERE id = ?", (key, row["id"]))
            self.store.set_meta("key_version", str(KEY_VERSION))
        for head in clashes:
            log.warning("glossary term %r now normalises like another term; merge them with `upscnotes glossary merge`", head)
        return clashes

    def close(self) -> None:
        self.store.close()

    # -- lookup ---------------------------------------------------------------------------------------------
    def _find_id(self, head: str, abbreviation: str | None = None) -> int | None:
        hk = norm_key(head)
        row = self.conn.execute("SELECT id FROM terms WHERE head_key = ?", (hk,)).fetchone()
        if row:
            return int(row[0])
        row = self.conn.execute("SELECT term_id FROM aliases WHERE alias_key = ? AND enabled = 1 ORDER BY rule = 'span-text'", (hk,)).fetchone()
        if row:
            return int(row[0])
        if abbreviation:
            ak = norm_key(abbreviation)
            rows = self.conn.execute("SELECT id, head_key FROM terms WHERE abbr_key = ?", (ak,)).fetchall()
            # One abbreviation can name two things (NSG: Nuclear Suppliers Group, National Security Guard): merge
            # on it only when one side gives no expansion or the expansions agree.
            same = [r for r in rows if hk == ak or r["head_key"] == ak or fuzz.token_set_ratio(hk, r["head_key"]) >= 85]
            if len(same) == 1:
                return int(same[0][0])
            # A plural made from one abbreviation ("IIPs") is never another abbreviation ("IIPS").
            row = self.conn.execute("SELECT term_id FROM aliases WHERE alias_key = ? AND enabled = 1 AND rule NOT IN ('plural', 'singular')",
                                    (ak,)).fetchone()
            if row and len(rows) == 0:
                return int(row[0])
        return None

    def find(self, name: str) -> Term:
        """A term by head, alias or abbreviation (any case, any hyphen); :class:`TermNotFound` otherwise."""
        head, abbr = split_head(name)
        term_id = self._find_id(head, abbr) or self._find_id(name, name)
        if term_id is None:
            raise TermNotFound(f"no glossary term '{name}'")
        return self.get(term_id)

    def get(self, term_id: int) -> Term:
        row = self.conn.execute("SELECT * FROM terms WHERE id = ?", (term_id,)).fetchone()
        if row is None:
            raise TermNotFound(f"no glossary term with id {term_id}")
        defs = [self._definition(r) for r in self.conn.execute("SELECT * FROM definitions WHERE term_id = ? ORDER BY id", (term_id,))]
        canonical = next((d for d in defs if d.id == row["canonical_id"]), defs[0] if defs else None)
        aliases = [(r["alias"], r["rule"], bool(r["enabled"]))
                   for r in self.conn.execute("SELECT alias, rule, enabled FROM aliases WHERE term_id = ? ORDER BY rowid", (term_id,))]
        usage = self.conn.execute("SELECT COUNT(*) FROM uses WHERE term_id = ?", (term_id,)).fetchone()[0]
        return Term(row["id"], row["head"], row["abbreviation"], canonical, defs, aliases, usage, row["origin"])

    @staticmethod
    def _definition(r: sqlite3.Row) -> Definition:
        return Definition(r["id"], r["text"], _tags_from_json(r["gs_tags"]), r["source"], r["date"], r["raw"])

    def terms(self) -> Iterator[Term]:
        for (term_id,) in self.conn.execute("SELECT id FROM terms ORDER BY head_key").fetchall():
            yield self.get(term_id)

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM terms").fetchone()[0])

    def match_forms(self) -> list[tuple[int, str]]:
        """Every (term id, surface form) the annotator should look for: heads and enabled aliases."""
        rows = self.conn.execute(
            "SELECT id, head FROM terms UNION ALL SELECT term_id, alias FROM aliases WHERE enabled = 1").fetchall()
        return [(int(r[0]), r[1]) for r in rows]

    def canonical_key_term(self, term_id: int, text: str) -> KeyTerm:
        """The KeyTerm a span for ``text`` gets: the term's head, abbreviation and canonical definition."""
        term = self.get(term_id)
        d = term.canonical
        return KeyTerm(text=text, head=term.head, abbreviation=term.abbreviation, definition=d.text if d else "",
                       gs_tags=list(d.gs_tags) if d else [])

    # -- writing --------------------------------------------------------------------------------------------
    def add_term(self, head: str, abbreviation: str | None = None, definition: str | None = None, gs_tags: Iterable[GsTag] = (),
                 source: str | None = None, date: str | None = None, raw: str = "", span_texts: Iterable[str] = (),
                 extra_aliases: Iterable[str] = (), origin: str = "import", note_key: str | None = None) -> tuple[int, bool, bool]:
        """Add or merge one term; returns (term id, term was new, definition was new). Runs inside a transaction.

        Control characters are cleaned out of every field first: a definition holding ``\\x07`` would otherwise
        be stored and break every later build whose notes mention the term.
        """
        head = clean_controls(head).strip()
        abbreviation = clean_controls(abbreviation).strip() or None if abbreviation else abbreviation
        definition = clean_controls(definition) if definition is not None else None
        raw = clean_controls(raw)
        source = clean_controls(source) if source else source
        span_texts = [clean_controls(t) for t in span_texts]
        extra_aliases = [clean_controls(a) for a in extra_aliases]
        if not head:
            raise InvalidArgument("a glossary term needs a head")
        if len(head) > 200:
            raise InvalidArgument(f"term head too long ({len(head)} characters; at most 200)")
        if definition is not None and len(definition) > MAX_DEFINITION:
            raise InvalidArgument(f"definition of '{head[:40]}' too long ({len(definition)} characters; at most {MAX_DEFINITION})")
        tags = [validate_tag(t) for t in gs_tags]
        with self.store.transaction() as conn:
            term_id = self._find_id(head, abbreviation)
            created = term_id is None
            if term_id is None:
                cur = conn.execute("INSERT INTO terms(head, head_key, abbreviation, abbr_key, origin) VALUES (?, ?, ?, ?, ?)",
                                   (head, norm_key(head), abbreviation, norm_key(abbreviation) if abbreviation else None, origin))
                term_id = int(cur.lastrowid or 0)
            elif abbreviation:
                conn.execute("UPDATE terms SET abbreviation = ?, abbr_key = ? WHERE id = ? AND abbreviation IS NULL",
                             (abbreviation, norm_key(abbreviation), term_id))
            row = conn.execute("SELECT head, abbreviation FROM terms WHERE id = ?", (term_id,)).fetchone()
            aliases = generate_aliases(row["head"], row["abbreviation"], [t for t in span_texts if t])
            if norm_key(head) != norm_key(row["head"]):
                aliases.append(Alias(head, "merged"))
            aliases.extend(Alias(a, "user" if origin == "user" else "listed") for a in extra_aliases if a.strip())
            self._add_aliases(term_id, row["head"], aliases)
            def_new = False
            if definition:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO definitions(term_id, text, raw, gs_tags, content_key, source, date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (term_id, definition.strip(), raw, _tags_json(tags), _content_key(definition, tags), source, date))
                def_new = cur.rowcount > 0
                if def_new:
                    self._pick_canonical(term_id)
            if note_key:
                conn.execute("INSERT OR IGNORE INTO uses(term_id, note_key) VALUES (?, ?)", (term_id, note_key))
            if created or def_new:
                conn.execute("UPDATE terms SET updated = datetime('now') WHERE id = ?", (term_id,))
        return term_id, created, def_new

    def _add_aliases(self, term_id: int, head: str, aliases: Iterable[Alias]) -> None:
        hk = norm_key(head)
        for a in aliases:
            key = norm_key(a.text)
            if key and key != hk:
                self.conn.execute("INSERT OR IGNORE INTO aliases(term_id, alias, alias_key, rule) VALUES (?, ?, ?, ?)",
                                  (term_id, a.text, key, a.rule))

    def _pick_canonical(self, term_id: int) -> None:
        """Auto-pick: the first variant whose tags are all valid (and present); an editor's choice is never overridden."""
        row = self.conn.execute("SELECT canonical_by, canonical_id FROM terms WHERE id = ?", (term_id,)).fetchone()
        if row["canonical_by"] == "user" and row["canonical_id"] is not None:
            return
        defs = [self._definition(r) for r in self.conn.execute("SELECT * FROM definitions WHERE term_id = ? ORDER BY id", (term_id,))]
        if not defs:
            return
        best = next((d for d in defs if d.gs_tags and all(t.valid for t in d.gs_tags)), defs[0])
        self.conn.execute("UPDATE terms SET canonical_id = ? WHERE id = ?", (best.id, term_id))

    def import_note(self, note: Note, source: str | None = None) -> ImportStats:
        """Harvest every key term of a note (one transaction for the whole note)."""
        stats = ImportStats(files=1)
        source = source or note.file
        with self.store.transaction():
            for term in note.key_terms:
                _id, new_term, new_def = self.add_term(
                    term.head, term.abbreviation, term.definition or None, term.gs_tags, source=source, date=note.date,
                    raw=term.raw_definition, span_texts=[term.text], note_key=source)
                stats.terms_added += new_term
                stats.definitions_added += new_def
        return stats

    def import_export(self, data: dict[str, Any], source: str) -> ImportStats:
        """Import a glossary export (the JSON ``glossary export`` writes)."""
        stats = ImportStats(files=1)
        terms = data.get("terms")
        if not isinstance(terms, list):
            raise UnknownFormat(f"{source}: a glossary export needs a 'terms' list")
        with self.store.transaction():
            for i, t in enumerate(terms):
                if not isinstance(t, dict) or not str(t.get("head", "")).strip():
                    raise UnknownFormat(f"{source}: term {i + 1} has no head")
                defs = t.get("definitions") or ([{"text": t["canonical"], "gs_tags": t.get("canonical_gs_tags", [])}] if t.get("canonical") else [])
                first = True
                for d in defs or [{}]:
                    tags = [tag for label in d.get("gs_tags", []) for tag in parse_gs_tags(
                        f"({label['tag'] if isinstance(label, dict) else label})").tags]
                    _id, new_term, new_def = self.add_term(
                        str(t["head"]), t.get("abbreviation"), d.get("text"), tags, source=d.get("source") or source, date=d.get("date"),
                        extra_aliases=t.get("aliases", []) if first else ())
                    first = False
                    stats.terms_added += new_term
                    stats.definitions_added += new_def
        return stats

    def import_csv(self, text: str, source: str) -> ImportStats:
        """Import the CSV ``glossary export --format csv`` writes (one row per definition variant)."""
        rows = list(csv.DictReader(io.StringIO(text)))
        data = {"terms": [{"head": r.get("head", ""), "abbreviation": r.get("abbreviation") or None,
                           "aliases": [a for a in (r.get("aliases") or "").split(";") if a.strip()],
                           "definitions": [{"text": r.get("definition") or None, "gs_tags": [g for g in (r.get("gs_tags") or "").split(";") if g.strip()],
                                            "source": r.get("source") or None, "date": r.get("date") or None}]} for r in rows]}
        return self.import_export(data, source)

    def load_starter(self, folder: Path | None = None) -> int:
        """Load the starter glossary shipped in the package (idempotent); ``folder`` holds other ``starter*.json``
        files instead (bench/eval_notes.py scores notes with an earlier starter glossary this way)."""
        seen: set[str] = set()
        n = 0
        files: Iterable[Traversable] = folder.iterdir() if folder is not None else resources.files("upscnotes.glossary").iterdir()
        with self.store.transaction():
            for path in sorted(files, key=lambda p: p.name):
                if not (path.name.startswith("starter") and path.name.endswith(".json")):
                    continue
                for t in json.loads(path.read_text(encoding="utf-8"))["terms"]:
                    key = norm_key(t["head"])
                    if key in seen:
                        continue
                    seen.add(key)
                    tags = [tag for label in t.get("gs_tags", []) for tag in parse_gs_tags(f"({label})").tags]
                    self.add_term(t["head"], t.get("abbreviation"), t["definition"], tags, source="starter",
                                  extra_aliases=t.get("aliases", []), origin="starter")
                    n += 1
            self.store.set_meta("starter", str(n))
        return n

    # -- drafts (story terms awaiting an editor) ------------------------------------------------------------
    def add_draft(self, head: str, abbreviation: str | None, definition: str, gs_tags: list[GsTag], source: str) -> int | None:
        """Store a story term as a draft; None when an editor rejected that term before or it is already known."""
        if self.conn.execute("SELECT 1 FROM rejected_terms WHERE head_key = ?", (norm_key(head),)).fetchone():
            return None
        if self._find_id(head, abbreviation) is not None:
            return None
        term_id, _new, _ = self.add_term(head, abbreviation, definition, gs_tags, source=source, origin="draft")
        return term_id

    def drafts(self) -> list[Term]:
        return [self.get(r[0]) for r in self.conn.execute("SELECT id FROM terms WHERE origin = 'draft' ORDER BY head_key").fetchall()]

    def draft_ids(self) -> set[int]:
        return {int(r[0]) for r in self.conn.execute("SELECT id FROM terms WHERE origin = 'draft'")}

    def _draft(self, name: str) -> Term:
        term = self.find(name)
        if term.origin != "draft":
            raise InvalidArgument(f"{term.head} is not a draft (see `upscnotes glossary review`)")
        return term

    def accept_draft(self, name: str) -> Term:
        term = self._draft(name)
        with self.store.transaction() as conn:
            conn.execute("UPDATE terms SET origin = 'reviewed', updated = datetime('now') WHERE id = ?", (term.id,))
        return self.get(term.id)

    def reject_draft(self, name: str) -> str:
        """Remove a draft for good: later builds do not propose it again."""
        term = self._draft(name)
        with self.store.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO rejected_terms(head_key, head) VALUES (?, ?)", (norm_key(term.head), term.head))
            conn.execute("DELETE FROM terms WHERE id = ?", (term.id,))
        return term.head

    def edit_draft(self, name: str, definition: str, gs: str | None = None) -> Term:
        """Settle a draft with the editor's definition (and GS tag): it becomes a reviewed term."""
        term = self._draft(name)
        text = f"{definition} ({gs})" if gs else definition
        self.edit(term.head, definition=text)
        return self.accept_draft(term.head)

    # -- editing --------------------------------------------------------------------------------------------
    def edit(self, name: str, definition: str | None = None, canonical: int | None = None, add_aliases: Iterable[str] = (),
             remove_aliases: Iterable[str] = (), abbreviation: str | None = None) -> Term:
        """Editor changes: a new canonical definition (text with tags), pick a variant, add or disable aliases."""
        definition = clean_controls(definition) if definition is not None else None
        add_aliases = [clean_controls(a) for a in add_aliases]
        abbreviation = clean_controls(abbreviation) if abbreviation is not None else None
        term = self.find(name)
        with self.store.transaction() as conn:
            if abbreviation is not None:
                conn.execute("UPDATE terms SET abbreviation = ?, abbr_key = ? WHERE id = ?",
                             (abbreviation or None, norm_key(abbreviation) if abbreviation else None, term.id))
            if definition is not None:
                parsed = parse_gs_tags(definition)
                if not parsed.definition:
                    raise InvalidArgument("the definition is empty")
                self.add_term(term.head, None, parsed.definition, parsed.tags, source="editor", origin="user")
                did = conn.execute("SELECT id FROM definitions WHERE term_id = ? AND content_key = ?",
                                   (term.id, _content_key(parsed.definition, parsed.tags))).fetchone()[0]
                conn.execute("UPDATE terms SET canonical_id = ?, canonical_by = 'user' WHERE id = ?", (did, term.id))
            if canonical is not None:
                ids = [d.id for d in term.definitions]
                if not 1 <= canonical <= len(ids):
                    raise InvalidArgument(f"'{term.head}' has {len(ids)} definition variants; --canonical takes 1 to {len(ids)}")
                conn.execute("UPDATE terms SET canonical_id = ?, canonical_by = 'user' WHERE id = ?", (ids[canonical - 1], term.id))
            for a in add_aliases:
                key = norm_key(a)
                conn.execute("INSERT INTO aliases(term_id, alias, alias_key, rule, enabled) VALUES (?, ?, ?, 'user', 1) "
                             "ON CONFLICT(term_id, alias_key) DO UPDATE SET enabled = 1", (term.id, a, key))
            for a in remove_aliases:
                key = norm_key(a)
                cur = conn.execute("UPDATE aliases SET enabled = 0 WHERE term_id = ? AND alias_key = ?", (term.id, key))
                if cur.rowcount == 0:
                    conn.execute("INSERT INTO aliases(term_id, alias, alias_key, rule, enabled) VALUES (?, ?, ?, 'user', 0)", (term.id, a, key))
            conn.execute("UPDATE terms SET updated = datetime('now') WHERE id = ?", (term.id,))
        return self.get(term.id)

    def merge(self, keep: str, other: str) -> Term:
        """Fold ``other`` into ``keep``: its head and abbreviation become aliases, its variants and uses move over."""
        a, b = self.find(keep), self.find(other)
        if a.id == b.id:
            raise InvalidArgument(f"'{keep}' and '{other}' are already the same term")
        with self.store.transaction() as conn:
            for d in b.definitions:
                conn.execute("INSERT OR IGNORE INTO definitions(term_id, text, raw, gs_tags, content_key, source, date) "
                             "SELECT ?, text, raw, gs_tags, content_key, source, date FROM definitions WHERE id = ?", (a.id, d.id))
            conn.execute("INSERT OR IGNORE INTO uses(term_id, note_key) SELECT ?, note_key FROM uses WHERE term_id = ?", (a.id, b.id))
            moved = [Alias(b.head, "merged")] + ([Alias(b.abbreviation, "merged")] if b.abbreviation else [])
            moved += [Alias(x, rule) for x, rule, enabled in b.aliases if enabled]
            conn.execute("DELETE FROM terms WHERE id = ?", (b.id,))
            self._add_aliases(a.id, a.head, moved)
            self._pick_canonical(a.id)
        return self.get(a.id)

    def conflicts(self) -> list[Term]:
        """Terms whose definition variants differ (in text or GS tags)."""
        ids = [r[0] for r in self.conn.execute("SELECT term_id FROM definitions GROUP BY term_id HAVING COUNT(*) > 1")]
        return [self.get(i) for i in ids]

    # -- export ---------------------------------------------------------------------------------------------
    def export_json(self) -> dict[str, Any]:
        return {"terms": [t.to_export() for t in self.terms()]}

    def export_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["head", "abbreviation", "aliases", "canonical", "definition", "gs_tags", "source", "date"])
        for t in self.terms():
            aliases = ";".join(a for a, _r, enabled in t.aliases if enabled)
            variants: list[Definition | None] = list(t.definitions) or [None]
            for d in variants:
                w.writerow([t.head, t.abbreviation or "", aliases, "yes" if d is not None and t.canonical and d.id == t.canonical.id else "",
                            d.text if d else "", ";".join(x.label() for x in d.gs_tags) if d else "", (d.source or "") if d else "",
                            (d.date or "") if d else ""])
        return buf.getvalue()


def term_from_definition(raw: str) -> KeyTerm:
    """A KeyTerm from ``Head (Abbr) — definition (tags)`` text, for ``glossary add``."""
    p = parse_definition(raw)
    return KeyTerm(text=p.head, head=p.head, definition=p.definition, abbreviation=p.abbreviation, gs_tags=p.tags)
