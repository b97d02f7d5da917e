"""Stories: every write-up of one event gathered into one story, and the facts its sources disagree on."""

from __future__ import annotations

from upscnotes.model import Article, Note
from upscnotes.notes.parse import parse_date

# A house-format note teaches the glossary and is also a write-up of its event; its syllabus lines and questions
# are the note author's view, not a report of the event.
_NOT_REPORTING = {"UPSC Relevance"}


def note_article(note: Note, origin: str | None = None) -> Article | None:
    """A house-format note as an article of its story: its text, its first footer source and its ``data-date``."""
    from upscnotes.ingest.extract import article_id

    text = "\n\n".join(s.text.strip() for s in note.sections if s.title not in _NOT_REPORTING and s.text.strip())
    if not text:
        return None
    src = note.sources[0] if note.sources else None
    return Article(id=article_id(text), text=text, title=note.title or (src.title if src else None), url=src.url if src else None,
                   date=parse_date(note.date) or (src.date if src else None), publisher=src.publisher if src else None,
                   language="en", origin=origin or note.file, format="note")


__all__ = ["note_article"]
