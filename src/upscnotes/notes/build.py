"""Building section HTML from text and key terms, for writers and tests: every piece is escaped here."""

from __future__ import annotations

import html
from collections.abc import Sequence

from upscnotes.model import KeyTerm, Section
from upscnotes.notes.parse import render_span
from upscnotes.text import collapse_ws

Inline = str | KeyTerm


def inline_html(parts: Sequence[Inline]) -> str:
    return "".join(render_span(p) if isinstance(p, KeyTerm) else html.escape(p, quote=False) for p in parts)


def inline_text(parts: Sequence[Inline]) -> str:
    return "".join(p.text if isinstance(p, KeyTerm) else p for p in parts)


def make_section(title: str, paragraphs: Sequence[Sequence[Inline]] = (), bullets: Sequence[Sequence[Inline]] = ()) -> Section:
    """A section of paragraphs followed by a bullet list, in canonical HTML."""
    chunks = [f"<p>{inline_html(p)}</p>" for p in paragraphs]
    if bullets:
        chunks.append("<ul>\n" + "\n".join(f"<li>{inline_html(b)}</li>" for b in bullets) + "\n</ul>")
    text = "\n".join(collapse_ws(inline_text(p)) for p in [*paragraphs, *bullets])
    return Section(title=title, html="\n".join(chunks), text=text)


def section_terms(title: str, paragraphs: Sequence[Sequence[Inline]] = (), bullets: Sequence[Sequence[Inline]] = ()) -> list[KeyTerm]:
    """The key terms of a section built by :func:`make_section`, in document order, with their section set."""
    out = []
    for parts in [*paragraphs, *bullets]:
        for p in parts:
            if isinstance(p, KeyTerm):
                p.section = title
                out.append(p)
    return out
