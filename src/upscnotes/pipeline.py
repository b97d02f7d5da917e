"""``build()``: the one place where the stages are wired together.

sources ─ingest→ articles ─stories.cluster→ stories (new articles join old stories) ─writer→ one note per story
─glossary.annotate→ note with key terms ─check→ problems ─store→ SQLite + ``DIR/notes/*.html|json``.

Every stage is a plain library function; this module only sequences them. Re-running over the same sources adds
nothing: articles are keyed by content hash (and URL), notes by their story id, and each note's files are written
to a temporary name and renamed, in step with one database transaction, so a killed build leaves no duplicate and
no half-written note.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
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
from upscnotes.stories import note_article
from upscnotes.stories.cluster import ClusterParams, Placement
from upscnotes.stories.features import article_features, embed_articles
from upscnotes.stories.store import StoryStore
from upscnotes.text import norm_key, normalize, split_sentences
from upscnotes.writers.base import Writer

Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    sources: int = 0
    articles_new: int = 0
    notes_imported: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    versions: list[tuple[str, str]] = field(default_factory=list)  # (origin, "new version of URL …")
    stories: int = 0
    placements: list[Placement] = field(default_factory=list)
    conflicts: int = 0
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
    """(paper, line id, line) best paper first per story, from one batched classifier call: only the lines with
    evidence of their own in the story (:func:`~upscnotes.syllabus.classify.shown_lines`), at most three; [] when
    no line has, None when the classifier is not installed (the writer then maps keywords)."""
    try:
        from upscnotes.syllabus.classify import classify_many, shown_lines
    except ImportError:  # the classifier's model stack is optional; the writer falls back to keywords
        return [None for _ in stories]
    embedder = cached_embedder(cache_dir) if cache_dir is not None else None
    results = classify_many([story_lead(s) for s in stories], term_tags, embedder=embedder, top_k=8)  # type: ignore[arg-type]
    out: list[list[tuple[str, str, str]] | None] = []
    for story, tags, result in zip(stories, term_tags, results):
        text = "\n\n".join(part for a in story for part in (a.title or "", a.text or "") if part)
        out.append([(x.paper, x.line_id, x.line) for x in shown_lines(result, text, tags)])
    return out


def _atomic_write(path: Path, content: str) -> None:
    # The temp name carries the writer's pid, so a build cleaning up after a killed one never touches the temp
    # files of a build running beside it in the same --out.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(notes_dir: Path) -> None:
    """Temp files left by builds that were killed (their pid is gone); a live build's are left alone."""
    for stale in notes_dir.glob(".*.tmp"):
        m = re.search(r"\.(\d+)\.[0-9a-f]+\.tmp$", stale.name)
        if m is None or (int(m.group(1)) != os.getpid() and not _alive(int(m.group(1)))):
            stale.unlink(missing_ok=True)


def _previous_version(glossary: Glossary, a: Article) -> str | None:
    """The stored article ``a`` is a new version of: same URL, other text (a note citing a page is not one)."""
    if not a.url or a.format == "note" or glossary.conn.execute("SELECT 1 FROM articles WHERE id = ?", (a.id,)).fetchone():
        return None
    row = glossary.conn.execute("SELECT id FROM articles WHERE url = ? AND format != 'note'", (a.url,)).fetchone()
    return row[0] if row else None


def _record_version(glossary: Glossary, a: Article, previous: str) -> None:
    """Number the versions of a URL in ``article_versions`` (the first text read is version 1)."""
    conn = glossary.conn
    last = conn.execute("SELECT MAX(version) FROM article_versions WHERE url = ?", (a.url,)).fetchone()[0]
    if last is None:
        conn.execute("INSERT OR IGNORE INTO article_versions(article_id, url, version) VALUES (?, ?, 1)", (previous, a.url))
        last = 1
    conn.execute("INSERT OR IGNORE INTO article_versions(article_id, url, version, replaces) VALUES (?, ?, ?, ?)",
                 (a.id, a.url, last + 1, previous))


def story_terms(articles: list[Article], annotator: Annotator) -> list[KeyTerm]:
    """Glossary terms the story's text contains, first occurrence order, one per term."""
    return annotator.terms_in("\n\n".join(a.text for a in articles))


def _line_tag(line: tuple[str, str, str]) -> GsTag | None:
    """The GS tag of a syllabus line: its paper and the subject the line belongs to."""
    from upscnotes.syllabus.data import load_syllabus
    from upscnotes.syllabus.tags import parse_gs_tags

    subject = next((s.name for s in load_syllabus().subjects.values() if line[1] in s.lines), None)
    if subject is None:
        return None
    tags = parse_gs_tags(f"({line[0]}: {subject})").tags
    return tags[0] if tags and tags[0].valid else None


def add_story_terms(glossary: Glossary, annotator: Annotator, articles: list[Article], note: Note,
                    relevance: list[tuple[str, str, str]] | None, source: str) -> Note:
    """Names and defined phrases the glossary lacks, defined by the story's text: stored as drafts with the tag of
    the story's first syllabus line, and marked in the note at once (``draft: true``)."""
    from upscnotes.glossary.drafts import find_drafts

    tag = _line_tag(relevance[0]) if relevance else None
    new: set[int] = set()
    if tag is not None:
        with glossary.store.transaction():
            for d in find_drafts(articles, annotator.matcher):
                tid = glossary.add_draft(d.head, d.abbreviation, d.definition, [tag], source=source)
                if tid is not None:
                    new.add(tid)
    if new:
        note = Annotator(glossary, only=new).annotate_note(note, skip=("UPSC Relevance",))
    drafts = {norm_key(t.head) for t in glossary.drafts()}
    for k in note.key_terms:
        k.draft = norm_key(k.head) in drafts
    return note


def write_story(articles: list[Article], annotator: Annotator, writer: Writer,
                relevance: list[tuple[str, str, str]] | None, extra_facts: list[str] | None = None,
                embed: object | None = None, source: str | None = None) -> tuple[Note, list[Problem]]:
    """Write, annotate and check one story's note: the terms that matter, in the sense the story uses them,
    marked in the body sections and never in the syllabus lines."""
    from upscnotes.glossary.select import MAX_TERMS, select_candidates, terms_for_note

    cands = select_candidates(articles, annotator, embed=getattr(embed, "embed", None))
    ranking = [c.term_id for c in cands]
    heads = [annotator.key_term(c.term_id, "").head for c in cands[:MAX_TERMS]]
    forms = {h: sorted(c.forms) for h, c in zip(heads, cands, strict=False)}
    note = writer.write(articles, key_terms=heads, relevance=relevance, extra_facts=extra_facts, term_forms=forms)
    body = "\n\n".join(s.text for s in note.sections if s.title != "UPSC Relevance")
    chosen = terms_for_note(ranking, body, annotator)
    note = annotator.annotate_note(note, allowed=set(chosen), skip=("UPSC Relevance",))
    if source is not None:
        note = add_story_terms(annotator.glossary, annotator, articles, note, relevance, source)
    from upscnotes.writers.extractive import fill_question_topic

    note = fill_question_topic(note, [k.head for k in note.key_terms], body)
    # Check what will be on disk: the rendered file read back, positions included.
    problems = check_note(parse_note(render_html(note)))
    return note, problems


def story_note_id(story_id: int, first_article: str) -> str:
    """A note id fixed when the story is first written: the note keeps it (and its file name) as articles join."""
    return hashlib.sha256(f"story:{story_id}:{first_article}".encode()).hexdigest()[:16]


def _embedder(cache: Path | None) -> object | None:
    try:
        return cached_embedder(cache) if cache is not None else None
    except Exception:  # noqa: BLE001  no model stack: features.embed_articles falls back to hashing, with its warning
        return None


def write_stories(glossary: Glossary, stories: StoryStore, story_ids: list[int], notes_dir: Path, writer: Writer, report: BuildReport,
                  cache: Path | None = None, progress: Progress | None = None) -> None:
    """(Re)write the notes of ``story_ids``: each from all its articles, in place (same id, same file), with the
    facts its sources disagree on; one transaction per note, in step with the file renames."""
    annotator = Annotator(glossary)
    groups = [(sid, stories.members(sid)) for sid in story_ids]
    groups = [(sid, arts) for sid, arts in groups if arts]
    terms = [story_terms(arts, annotator) for _, arts in groups]
    if progress:
        progress("classifying", 0, len(groups))
    relevance = classify_stories([arts for _, arts in groups], [[(t.head, t.gs_tags) for t in ts] for ts in terms], cache)
    for i, (sid, arts) in enumerate(groups):
        if progress:
            progress("writing notes", i, len(groups))
        try:
            _write_one_story(glossary, stories, annotator, writer, notes_dir, report, sid, arts, relevance[i], cache)
        except Exception as exc:  # noqa: BLE001  one story must not cost the others; the reason is reported
            report.skipped.append((arts[0].origin or arts[0].url or arts[0].id, f"note not written ({type(exc).__name__}: {str(exc)[:100]})"))
    if progress:
        progress("writing notes", len(groups), len(groups))


def _write_one_story(glossary: Glossary, stories: StoryStore, annotator: Annotator, writer: Writer, notes_dir: Path, report: BuildReport,
                     sid: int, arts: list[Article], relevance: list[tuple[str, str, str]] | None,
                     cache: Path | None = None) -> None:
    from upscnotes.stories.conflicts import conflict_items, find_conflicts

    conflicts = find_conflicts(arts)
    before = annotator.added
    note, problems = write_story(arts, annotator, writer, relevance, conflict_items(conflicts, arts), _embedder(cache),
                                 source=f"story:{sid}")
    report.terms_annotated += annotator.added - before
    note_id = stories.note_of(sid) or story_note_id(sid, arts[0].id)
    old = stories.note_file(note_id)
    html_path = Path(old) if old else notes_dir / f"{slug(note.title, note_id)}.html"
    json_path = html_path.with_suffix(".json")
    note.file = str(html_path)
    html = render_html(note)
    data = json.dumps(note_to_dict(note), ensure_ascii=False, indent=2) + "\n"
    with glossary.store.transaction():
        stories.save_note(note_id, note.title, note.date, str(html_path), html, data, len(problems), [a.id for a in arts])
        stories.set_note(sid, note_id, note.title, note.date)
        for term in note.key_terms:
            tid = annotator.term_id_of(term.head, term.abbreviation)
            if tid is not None:
                stories.record_use(tid, note_id)
        stories.save_conflicts(sid, [c.to_dict() for c in conflicts])
        html_path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(json_path, data)
        _atomic_write(html_path, html)
    report.notes.append(html_path)
    report.conflicts += sum(1 for c in stories.conflicts(sid))
    report.problems.extend((str(html_path), p) for p in problems)


def build(inputs: list[str], out_dir: str | Path, db: str | None = None, fmt: str | None = None, writer_name: str = "extractive",
          starter: bool = True, max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None,
          timeout: float = 10.0, params: ClusterParams | None = None, max_articles: int | None = None) -> BuildReport:
    """Build notes from ``inputs`` into ``out_dir/notes`` and the project database: one note per story.

    New articles join the stories they report on (or start new ones); only the stories that changed are
    rewritten. Notes in the house format teach the glossary and are articles of their stories too. A story whose
    note cannot be written is skipped with its reason and the others are built; ``max_articles`` caps the
    articles one build takes (the rest are reported as one skip).
    """
    from upscnotes.ingest import ingest
    from upscnotes.writers import get_writer

    report = BuildReport(out_dir=Path(out_dir))
    notes_dir = Path(out_dir) / "notes"
    notes_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(notes_dir)
    glossary = Glossary.open(db, starter=starter, create_folder=True)
    stories = StoryStore(glossary.store)
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
        if max_articles is not None and len(result.articles) > max_articles:
            extra = result.articles[max_articles:]
            del result.articles[max_articles:]
            report.skipped.append((extra[0].origin or extra[0].url or extra[0].id,
                                   f"--max-articles {max_articles} reached; {len(extra)} article(s) not built, from this one on"))
            report.sources = len(result.articles) + len(result.notes)
        report.versions = [(v.origin, v.reason) for v in result.versions]
        articles = list(result.articles)
        # Notes already in the house format teach the glossary before anything is annotated.
        for note in result.notes:
            try:
                glossary.import_note(note)
            except Exception as exc:  # noqa: BLE001  one bad note must not stop the build
                report.skipped.append((note.file or "note", f"not imported ({type(exc).__name__}: {str(exc)[:100]})"))
                continue
            report.notes_imported += 1
            if (a := note_article(note)) is not None:
                articles.append(a)
        articles = list({a.id: a for a in articles}.values())
        with glossary.store.transaction():
            for a in articles:
                replaced = _previous_version(glossary, a)
                report.articles_new += stories.add_article(a)
                if replaced:
                    _record_version(glossary, a, replaced)
                    report.versions.append((a.origin or a.url or a.id, f"new version of {a.url} (the earlier text, article {replaced}, is kept)"))
        fresh = set(stories.unplaced([a.id for a in articles]))
        new = [a for a in articles if a.id in fresh]
        warm.join()
        if progress:
            progress("clustering", 0, len(new))
        feats = article_features(new, embed_articles(new, _embedder(cache)))
        stories.save_features(feats)
        placements = stories.place(feats, params)
        report.placements = placements
        touched = sorted({p.story_id for p in placements} | set(stories.stale()))
        report.stories = len(touched)
        write_stories(glossary, stories, touched, notes_dir, get_writer(writer_name), report, cache, progress)
        report.site = publish_site(glossary.store, out_dir)
    finally:
        glossary.close()
    return report


def refresh(db: str | None = None, notes_dir: Path | None = None, writer_name: str = "extractive") -> BuildReport:
    """Rewrite the notes of stories an editor changed (split, merge, move), beside the notes already written."""
    from upscnotes.writers import get_writer

    report = BuildReport()
    glossary = Glossary.open(db, starter=False)
    try:
        stories = StoryStore(glossary.store)
        stale = stories.stale()
        target = notes_dir or stories.notes_dir() or Path("out") / "notes"
        cache = glossary.store.path.with_name(glossary.store.path.name + ".cache")
        report.stories = len(stale)
        if stale:
            write_stories(glossary, stories, stale, target, get_writer(writer_name), report, cache)
    finally:
        glossary.close()
    return report
