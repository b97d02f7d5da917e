"""Note writers: one story (one or more articles about an event) in, one note with the four sections out."""

from upscnotes.writers.base import (
    Classifier,
    Writer,
    available_writers,
    get_writer,
    register_writer,
)
from upscnotes.writers.facts import Fact, find_facts

__all__ = ["Classifier", "Fact", "Writer", "available_writers", "find_facts", "get_writer", "register_writer"]
