"""Editor decisions on stories (split, merge, move) and on conflicts (dismiss), each stored and followed at once by
rewriting the notes it changes. Later builds start from the stored assignment, so every decision survives them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from upscnotes.glossary.store import Glossary
from upscnotes.stories.store import StoryRow, StoryStore


def _open(db: str | None) -> Glossary:
    return Glossary.open(db, starter=False)


def _remove(files: list[str]) -> None:
    for f in files:
        for p in (Path(f), Path(f).with_suffix(".json")):
            if p.is_file():
                p.unlink()


def _after(db: str | None) -> None:
    from upscnotes.pipeline import refresh

    refresh(db)


def list_stories(db: str | None = None) -> list[StoryRow]:
    g = _open(db)
    try:
        return StoryStore(g.store).stories()
    finally:
        g.close()


def show_story(db: str | None, story_id: int) -> StoryRow:
    g = _open(db)
    try:
        return StoryStore(g.store).story(story_id)
    finally:
        g.close()


def split_story(db: str | None, story_id: int, articles: list[str]) -> int:
    g = _open(db)
    try:
        new = StoryStore(g.store).split(story_id, articles)
    finally:
        g.close()
    _after(db)
    return new


def merge_stories(db: str | None, keep: int, other: int) -> None:
    g = _open(db)
    try:
        removed = StoryStore(g.store).merge(keep, other)
    finally:
        g.close()
    _remove(removed)
    _after(db)


def move_article(db: str | None, article: str, story_id: int) -> int:
    g = _open(db)
    try:
        src, removed = StoryStore(g.store).move(article, story_id)
    finally:
        g.close()
    _remove(removed)
    _after(db)
    return src


def list_conflicts(db: str | None, story_id: int | None = None) -> list[dict[str, Any]]:
    g = _open(db)
    try:
        return StoryStore(g.store).conflicts(story_id)
    finally:
        g.close()


def dismiss_conflict(db: str | None, conflict_id: int) -> None:
    g = _open(db)
    try:
        StoryStore(g.store).dismiss(conflict_id)
    finally:
        g.close()


__all__ = ["dismiss_conflict", "list_conflicts", "list_stories", "merge_stories", "move_article", "show_story", "split_story"]
