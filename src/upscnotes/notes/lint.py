"""``check``: problems in a note, each positioned as file:line:col with a suggested fix."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from upscnotes.model import Note, Problem
from upscnotes.notes.parse import CANONICAL_SECTIONS
from upscnotes.notes.terms import render_definition
from upscnotes.syllabus.tags import tag_problem
from upscnotes.text import norm_key


def check_note(note: Note, end_line: int = 1, end_col: int = 1) -> list[Problem]:
    """All problems of a parsed note, in file order; reading warnings (truncation, unsafe markup) included."""
    problems: list[Problem] = list(note.warnings)
    present = {s.title for s in note.sections if s.known}
    for s in note.sections:
        if not s.known and s.title:
            best = process.extractOne(s.title, CANONICAL_SECTIONS, scorer=fuzz.WRatio)
            problems.append(Problem("unknown-section", f"section '{s.title}' is not one of {', '.join(CANONICAL_SECTIONS)}",
                                    s.line or 1, s.col or 1, None, f"rename it to '{best[0]}'" if best else None))
    for name in CANONICAL_SECTIONS:
        if name not in present:
            problems.append(Problem("missing-section", f"section '{name}' is missing", end_line, end_col, None, f"add a '{name}' section"))
    for s in note.sections:
        if s.known and not s.text.strip():
            problems.append(Problem("empty-section", f"section '{s.title}' is empty", s.line or 1, s.col or 1, None,
                                    f"write the '{s.title}' section or leave the heading out"))
    if note.sections and not note.key_terms:
        problems.append(Problem("no-key-term", "the note marks no key term in its body", 1, 1, None,
                                "annotate it with the glossary (upscnotes annotate) or mark terms as key-term spans"))
    # A note written from sources carries their date; without one the sources had none and the reader must be told.
    # (A hand-written note without a sources footer is not held to this.)
    if note.sources and not note.date:
        problems.append(Problem("no-date", "the note has no date: none of its sources gives one in its metadata", 1, 1, None,
                                "add data-date=\"YYYY-MM-DD\" from the sources' publication date"))
    seen: dict[str, tuple[str, int | None]] = {}
    for term in note.key_terms:
        line, col = term.line or 1, term.col or 1
        if not term.definition:
            problems.append(Problem("term-no-definition", f"key term '{term.text}' has no definition", line, col, term.offset,
                                    "add data-definition=\"Head — definition (GSn: Subject)\""))
        elif not term.gs_tags:
            problems.append(Problem("definition-no-gs-tag", f"definition of '{term.head}' has no GS tag", line, col, term.offset,
                                    "end the definition with a tag such as (GS2: Polity)"))
        for tag in term.gs_tags:
            found = tag_problem(tag)
            if found:
                code, message, fix = found
                problems.append(Problem(code, f"{term.head}: {message}", line, col, term.offset, fix))
        key = norm_key(term.abbreviation or term.head)
        rendered = norm_key(render_definition(term))
        if key in seen and seen[key][0] != rendered:
            problems.append(Problem("term-conflict", f"'{term.head}' is defined twice with different text (first at line {seen[key][1]})",
                                    line, col, term.offset, "keep one definition or move the term to the glossary"))
        seen.setdefault(key, (rendered, term.line))
    problems.sort(key=lambda p: (p.line, p.col))
    return problems
