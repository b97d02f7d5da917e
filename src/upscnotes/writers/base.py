"""What every note writer promises, and how callers pick one by name.

Writers are looked up by name so the command line and configuration can choose one without importing it: a
model-backed writer may pull in heavy libraries, and nobody should pay for that import unless they ask for it.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

from upscnotes.errors import InvalidArgument
from upscnotes.model import Article, Note

# A syllabus classifier: story text in, (paper, line id, official line text) out, best match first.
Classifier = Callable[[str], list[tuple[str, str, str]]]


class Writer(ABC):
    """Turns one story (one or more articles about the same event) into a note with the four canonical sections."""

    name: ClassVar[str]

    @abstractmethod
    def write(self, articles: list[Article], key_terms: list[str] | None = None,
              relevance: list[tuple[str, str, str]] | None = None, extra_facts: list[str] | None = None,
              term_forms: dict[str, list[str]] | None = None) -> Note:
        """The note for the story; ``articles[0]`` is the lead article, ``key_terms`` the terms to point out (most
        central first), ``relevance`` the (paper, line id, line) ranking when the caller has classified the story
        already, ``extra_facts`` items the caller adds to Important Facts (the facts the sources disagree on),
        ``term_forms`` the other forms in which the story writes a key term (its abbreviation, a plural)."""


# name -> "module:Class" for writers that are imported only when asked for, or a factory already in hand.
_REGISTRY: dict[str, str | Callable[..., Writer]] = {
    "extractive": "upscnotes.writers.extractive:ExtractiveWriter",
}


def register_writer(name: str, factory: str | Callable[..., Writer]) -> None:
    """Make a writer available to :func:`get_writer`; ``factory`` is a callable or a lazy ``"module:Class"``."""
    _REGISTRY[name] = factory


def available_writers() -> list[str]:
    return sorted(_REGISTRY)


def get_writer(name: str = "extractive", **options: Any) -> Writer:
    """A new writer of the named kind; ``options`` go to its constructor (e.g. ``classify=...``)."""
    factory = _REGISTRY.get(name)
    if factory is None:
        raise InvalidArgument(f"unknown writer {name!r}: choose one of {', '.join(available_writers())}")
    if isinstance(factory, str):
        module, _, attr = factory.partition(":")
        factory = getattr(importlib.import_module(module), attr)
        _REGISTRY[name] = factory
    writer = factory(**options)
    if not isinstance(writer, Writer):
        raise TypeError(f"writer factory for {name!r} returned {type(writer).__name__}, not a Writer")
    return writer


__all__ = ["Classifier", "Writer", "available_writers", "get_writer", "register_writer"]
