"""The glossary: one definition per term across all notes, alias rules, matching and annotation."""

from upscnotes.glossary.annotate import Annotator
from upscnotes.glossary.matcher import Match, TermMatcher
from upscnotes.glossary.store import Glossary, Term

__all__ = ["Annotator", "Glossary", "Match", "Term", "TermMatcher"]
