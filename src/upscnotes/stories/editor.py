"""Editor decisions on stories (split, merge, move) and on conflicts (dismiss), each stored and followed at once by
rewriting the notes it changes. Later builds start from the stored assignment, so every decision survives them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from upscnotes.glossary.store import Glossary
from upscnotes.stories.store import StoryRow, StoryStore


@contextmanager
def _stories(db: str | None) -> Iterator[StoryStore]:
    g = Glossary.open(db, starter=False)
    try:
        yield StoryStore(g.store)
    finally:
        g.close()


def _after(db: str | None, removed: tuple[str, ...] | list[str] = ()) -> None:
    """Remove the note files of stories that no longer exist, then rewrite the notes the decision changed."""
    from upscnotes.pipeline import refresh

    for f in removed:
        for p in (Path(f), Path(f).with_suffix(".json")):
            if p.is_file():
                p.unlink()
    refresh(db)


def list_stories(db: str | None = None) -> list[StoryRow]:
    with _stories(db) as ss:
        return ss.stories()


def show_story(db: str | None, story_id: int) -> StoryRow:
    with _stories(db) as ss:
        return ss.story(story_id)


def split_story(db: str | None, story_id: int, articles: list[str]) -> int:
    with _stories(db) as ss:
        new = ss.split(story_id, articles)
    _after(db)
    return new


def merge_stories(db: str | None, keep: int, other: int) -> None:
    with _stories(db) as ss:
        removed = ss.merge(keep, other)
    _after(db, removed)


def move_article(db: str | None, article: str, story_id: int) -> int:
    with _stories(db) as ss:
        src, removed = ss.move(article, story_id)
    _after(db, removed)
    return src


def list_conflicts(db: str | None, story_id: int | None = None) -> list[dict[str, Any]]:
    with _stories(db) as ss:
        return ss.conflicts(story_id)


def dismiss_conflict(db: str | None, conflict_id: int) -> None:
    with _stories(db) as ss:
        ss.dismiss(conflict_id)


__all__ = ["dismiss_conflict", "list_conflicts", "list_stories", "merge_stories", "move_article", "show_story", "split_story"]
