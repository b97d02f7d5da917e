"""upscnotes: the day's news as UPSC study notes."""

from upscnotes.model import GsTag, KeyTerm, Note, Problem, Section, Source
from upscnotes.notes import check_note, parse_note, render

__version__ = "0.1.0"
__all__ = ["GsTag", "KeyTerm", "Note", "Problem", "Section", "Source", "check_note", "parse_note", "render", "__version__"]
