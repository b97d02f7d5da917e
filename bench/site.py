"""Site benchmark: 10,000 synthetic notes published to a static site with its search index, then 20 more.

Prints pages per second (the whole publish, search index included), the Pagefind step alone, the re-publish after
20 new notes, and peak memory (this process and the Pagefind binary). Figures go in BENCHMARKS.md.

    .venv/bin/python bench/site.py            # 10,000 notes
    .venv/bin/python bench/site.py --notes 300 # a quick run
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from upscnotes.glossary.store import Glossary
from upscnotes.model import GsTag, KeyTerm, Note, Section, Source, note_to_dict
from upscnotes.notes.render import render_html
from upscnotes.publish import publish_site

WORDS = ("policy ministry scheme court budget growth monsoon satellite reform tariff river treaty election census forest "
         "fiscal deficit inflation export subsidy mission launch orbit verdict bench parliament bill committee").split()


def synthetic_note(i: int, day: date, terms: list[tuple[int, str, str, list[GsTag]]], rng: random.Random) -> tuple[Note, list[int]]:
    picked = rng.sample(terms, 6)
    sections, key_terms = [], []
    for title in ("Overview", "Key Developments", "Important Facts", "UPSC Relevance"):
        parts = []
        for j, (_tid, head, definition, tags) in enumerate(picked[:3] if title != "UPSC Relevance" else []):
            filler = " ".join(rng.choice(WORDS) for _ in range(25))
            full = f"{head} \u2014 {definition}" + (f" ({', '.join(t.label() for t in tags)})" if tags else "")
            span = f'<span class="key-term" tabindex="0" data-definition="{full.replace(chr(34), "&quot;")}">{head}</span>'
            parts.append(f"<li>{filler} {span} rose by {rng.randint(2, 95)}.{j} per cent in note {i}.</li>")
            if title == "Overview":
                key_terms.append(KeyTerm(text=head, head=head, definition=definition, gs_tags=tags, section=title))
        if title == "UPSC Relevance":
            parts = [f"<li>GS{rng.randint(1, 3)} \u2014 {rng.choice(WORDS)} and {rng.choice(WORDS)}</li>"]
        html = "<ul>" + "".join(parts) + "</ul>"
        sections.append(Section(title=title, html=html, text=re.sub(r"<[^>]+>", " ", html)))
    note = Note(title=f"Synthetic story {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}", date=day.isoformat(), sections=sections,
                key_terms=key_terms, sources=[Source(title=f"Source {i}", url=f"https://example.org/news/{i}", publisher="Example Daily",
                                                     date=day.isoformat())])
    return note, [t[0] for t in picked[:3]]


def add_notes(glossary: Glossary, start: int, count: int, first_day: date, spread_days: int, rng: random.Random) -> None:
    terms = [(t.id, t.head, t.canonical.text, t.canonical.gs_tags) for t in glossary.terms() if t.canonical]
    with glossary.store.transaction() as conn:  # the bench fills the database directly, as the pipeline would
        for i in range(start, start + count):
            day = first_day + timedelta(days=(i - start) * spread_days // max(count, 1))
            note, term_ids = synthetic_note(i, day, terms, rng)
            note_id = f"bench{i:08d}"
            conn.execute("INSERT INTO notes(id, title, date, file, html, json) VALUES (?,?,?,?,?,?)",
                         (note_id, note.title, note.date, None, render_html(note), json.dumps(note_to_dict(note))))
            conn.executemany("INSERT OR IGNORE INTO uses(term_id, note_key) VALUES (?, ?)", [(t, note_id) for t in term_ids])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as tmp:
        glossary = Glossary.open(str(Path(tmp) / "bench.db"))
        add_notes(glossary, 0, args.notes, date(2025, 1, 1), 700, rng)
        out = Path(tmp) / "site"
        t0 = time.perf_counter()
        first = publish_site(glossary.store, out)
        elapsed = time.perf_counter() - t0
        print(f"first publish: {args.notes} notes -> {first.pages} pages in {elapsed:.1f} s = {first.pages / elapsed:.0f} pages/s "
              f"(search index included; goal >= 150)")
        print(f"  render and write: {first.render_seconds:.1f} s; Pagefind alone: {first.search_seconds:.1f} s for {first.records} records "
              f"= {first.records / max(first.search_seconds, 1e-9):.0f} records/s in {len(first.indexes_written)} indexes")
        add_notes(glossary, args.notes, args.new, date(2026, 12, 1), 1, rng)
        t0 = time.perf_counter()
        again = publish_site(glossary.store, out)
        elapsed2 = time.perf_counter() - t0
        print(f"re-publish after {args.new} new notes: {elapsed2:.1f} s (goal < 10); {again.written} pages written, {again.unchanged} unchanged, "
              f"indexes rebuilt: {', '.join(again.indexes_written)}; Pagefind {again.search_seconds:.1f} s")
        glossary.close()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: {own:.0f} MB (Python), {child:.0f} MB (Pagefind binary, the largest child); goal < 4096 MB")


if __name__ == "__main__":
    main()
