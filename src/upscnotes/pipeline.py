"""``build()``: the one place where the stages are wired together.

sources ─ingest→ articles ─stories→ one story per article (clustering comes later) ─writer→ note
─glossary.annotate→ note with key terms ─check→ problems ─store→ SQLite + ``DIR/notes/*.html|json``.

Every stage is a plain library function; this module only sequences them. Re-running over the same sources adds
nothing: articles are keyed by content hash (and URL), notes by their story id, and each note's files are written
to a temporary name and renamed, in step with one database transaction, so a killed build leaves no duplicate and
no half-written note.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from upscnotes.files import DEFAULT_MAX_BYTES
from upscnotes.glossary.annotate import Annotator
from upscnotes.glossary.store import Glossary
from upscnotes.model import Article, GsTag, KeyTerm, Note, Problem, note_to_dict
from upscnotes.notes.lint import check_note
from upscnotes.notes.parse import parse_note
from upscnotes.notes.render import render_html
from upscnotes.publish import PublishReport, publish_site
from upscnotes.text import normalize, split_sentences
from upscnotes.writers.base import Writer

Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    sources: int = 0
    articles_new: int = 0
    notes_imported: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    stories: int = 0
    notes: list[Path] = field(default_factory=list)
    terms_annotated: int = 0
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    out_dir: Path | None = None
    site: PublishReport | None = None


def slug(title: str | None, note_id: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", normalize(title or "note", casefold=True).text).strip("-")[:60].strip("-")
    return f"{base or 'note'}-{note_id[:8]}"


# The lead of a story says what it is about: the title and two sentences, the shape the classifier was tuned on
# (bench/data/gs_eval.jsonl); embedding every sentence of a long article costs time, not accuracy.
LEAD_SENTENCES = 2


def story_lead(articles: list[Article]) -> str:
    a = articles[0]
    spans = split_sentences(a.text)[:LEAD_SENTENCES]
    return "\n".join([a.title or "", *(a.text[s:e] for s, e in spans)])


_EMBEDDERS: dict[str, object] = {}


def cached_embedder(cache_dir: Path) -> object:
    """The default embedder behind an on-disk cache (by content hash) beside the database, one per process."""
    from upscnotes.embed import get_embedder

    key = str(cache_dir)
    if key not in _EMBEDDERS:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _EMBEDDERS[key] = get_embedder(cache_dir=cache_dir)
    return _EMBEDDERS[key]


def _warm_embedder(cache_dir: Path) -> None:
    try:
        cached_embedder(cache_dir)
    except Exception:  # noqa: BLE001  the same error surfaces, with its message, when classification runs
        return


def classify_stories(stories: list[list[Article]], term_tags: list[list[tuple[str, list[GsTag]]]],
                     cache_dir: Path | None = None) -> list[list[tuple[str, str, str]] | None]:
    """(paper, line id, line) best first per story, from one batched classifier call; [] when no clear paper,
    None when the classifier is not installed (the writer then maps keywords)."""
    try:
        from upscnotes.syllabus.classify import classify_many
    except ImportError:  # the classifier's model stack is optional; the writer falls back to keywords
        return [None for _ in stories]
    embedder = cached_embedder(cache_dir) if cache_dir is not None else None
    results = classify_many([story_lead(s) for s in stories], term_tags, embedder=embedder)  # type: ignore[arg-type]
    out: list[list[tuple[str, str, str]] | None] = []
    for result in results:
        lines: list[tuple[str, str, str]] = []
        if not result.no_clear_paper:
            for label in result.labels:
                if label.line_id not in {ln[1] for ln in lines}:
                    lines.append((label.paper, label.line_id, label.line))
        out.append(lines[:3])
    return out


def _atomic_write(path: Path, content: str) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)


def _store_article(glossary: Glossary, a: Article) -> bool:
    cur = glossary.conn.execute(
        "INSERT OR IGNORE INTO articles(id, url, title, date, publisher, language, origin, format, text) VALUES (?,?,?,?,?,?,?,?,?)",
        (a.id, a.url, a.title, a.date, a.publisher, a.language, a.origin, a.format, a.text))
    return cur.rowcount > 0


def story_terms(articles: list[Article], annotator: Annotator) -> list[KeyTerm]:
    """Glossary terms the story's text contains, first occurrence order, one per term."""
    return annotator.terms_in("\n\n".join(a.text for a in articles))


def write_story(articles: list[Article], annotator: Annotator, writer: Writer, terms: list[KeyTerm],
                relevance: list[tuple[str, str, str]] | None) -> tuple[Note, list[Problem]]:
    """Write, annotate and check one story's note."""
    note = writer.write(articles, key_terms=[t.head for t in terms[:10]], relevance=relevance)
    note = annotator.annotate_note(note)
    # Check what will be on disk: the rendered file read back, positions included.
    problems = check_note(parse_note(render_html(note)))
    return note, problems


def build(inputs: list[str], out_dir: str | Path, db: str | None = None, fmt: str | None = None, writer_name: str = "extractive",
          starter: bool = True, max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None,
          timeout: float = 10.0) -> BuildReport:
    """Build notes from ``inputs`` into ``out_dir/notes`` and the project database."""
    from upscnotes.ingest import ingest
    from upscnotes.writers import get_writer

    report = BuildReport(out_dir=Path(out_dir))
    notes_dir = Path(out_dir) / "notes"
    notes_dir.mkdir(parents=True, exist_ok=True)
    for stale in notes_dir.glob(".*.tmp"):
        stale.unlink()
    glossary = Glossary.open(db, starter=starter)
    cache = glossary.store.path.with_name(glossary.store.path.name + ".cache")
    # Loading torch and the model takes seconds: do it while the sources are read and the glossary is matched.
    warm = threading.Thread(target=_warm_embedder, args=(cache,), daemon=True)
    warm.start()
    try:
        if progress:
            progress("reading sources", 0, 0)
        result = ingest(inputs, fmt, max_bytes=max_bytes, timeout=timeout)
        report.sources = len(result.articles) + len(result.notes)
        report.skipped = [(s.origin, s.reason) for s in result.skipped]
        # Notes already in the house format teach the glossary before anything is annotated.
        for note in result.notes:
            glossary.import_note(note)
            report.notes_imported += 1
        with glossary.store.transaction():
            for a in result.articles:
                report.articles_new += _store_article(glossary, a)
        annotator = Annotator(glossary)
        writer = get_writer(writer_name)
        stories = [[a] for a in result.articles]
        report.stories = len(stories)
        terms = [story_terms(story, annotator) for story in stories]
        if progress:
            progress("classifying", 0, len(stories))
        warm.join()
        relevance = classify_stories(stories, [[(t.head, t.gs_tags) for t in ts] for ts in terms], cache)
        for i, story in enumerate(stories):
            if progress:
                progress("writing notes", i, len(stories))
            before = annotator.added
            note, problems = write_story(story, annotator, writer, terms[i], relevance[i])
            report.terms_annotated += annotator.added - before
            note_id = story[0].id
            name = slug(note.title, note_id)
            html_path, json_path = notes_dir / f"{name}.html", notes_dir / f"{name}.json"
            note.file = str(html_path)
            html = render_html(note)
            data = json.dumps(note_to_dict(note), ensure_ascii=False, indent=2) + "\n"
            with glossary.store.transaction() as conn:
                conn.execute("INSERT INTO notes(id, title, date, file, html, json, problems) VALUES (?,?,?,?,?,?,?) "
                             "ON CONFLICT(id) DO UPDATE SET title=excluded.title, date=excluded.date, file=excluded.file, "
                             "html=excluded.html, json=excluded.json, problems=excluded.problems, updated=datetime('now')",
                             (note_id, note.title, note.date, str(html_path), html, data, len(problems)))
                conn.executemany("INSERT OR IGNORE INTO note_articles(note_id, article_id) VALUES (?, ?)", [(note_id, a.id) for a in story])
                for term in note.key_terms:
                    tid = annotator.term_id_of(term.head, term.abbreviation)
                    if tid is not None:
                        conn.execute("INSERT OR IGNORE INTO uses(term_id, note_key) VALUES (?, ?)", (tid, note_id))
                _atomic_write(json_path, data)
                _atomic_write(html_path, html)
            report.notes.append(html_path)
            report.problems.extend((str(html_path), p) for p in problems)
        if progress:
            progress("writing notes", len(stories), len(stories))
        report.site = publish_site(glossary.store, out_dir)
    finally:
        glossary.close()
    return report
