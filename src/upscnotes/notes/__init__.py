"""The house format: reading (any dialect), writing (canonical HTML, JSON, Markdown) and checking notes."""

from upscnotes.notes.lint import check_note
from upscnotes.notes.parse import (
           CANONICAL_SECTIONS,
           match_section,
           parse_note,
           render_span,
)
from upscnotes.notes.render import render, render_html, render_json, render_markdown

__all__ = ["CANONICAL_SECTIONS", "check_note", "match_section", "parse_note", "render", "render_html", "render_json",
           "render_markdown", "render_span"]
