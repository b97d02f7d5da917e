"""The domain model: plain dataclasses shared by every stage.

Fields marked ``compare=False`` are derived or positional (validity flags, offsets, warnings); two notes are equal
when everything the HTML form carries is equal.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PAPERS = ("GS1", "GS2", "GS3", "GS4", "Prelims")


@dataclass
class GsTag:
    """One author tag such as ``GS2: Polity``; ``valid`` is filled in by syllabus validation."""

    paper: str
    subject: str
    line_id: str | None = field(default=None, compare=False)
    valid: bool | None = field(default=None, compare=False)
    suggested_paper: str | None = field(default=None, compare=False)
    raw: str = field(default="", compare=False)

    def label(self) -> str:
        return f"{self.paper}: {self.subject}"


@dataclass
class KeyTerm:
    """A key-term tooltip: the span text as written and the definition it carries."""

    text: str
    head: str
    definition: str
    abbreviation: str | None = None
    gs_tags: list[GsTag] = field(default_factory=list)
    section: str | None = None
    raw_definition: str = field(default="", compare=False)
    offset: int | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)
    col: int | None = field(default=None, compare=False)
    draft: bool = field(default=False, compare=False)  # a story term defined by the story's text, awaiting review


@dataclass
class Section:
    """A section: canonical title (or the author's, when unknown), inner HTML in canonical form, plain text."""

    title: str
    html: str
    text: str = field(default="", compare=False)
    known: bool = field(default=True, compare=False)
    line: int | None = field(default=None, compare=False)
    col: int | None = field(default=None, compare=False)


@dataclass
class Source:
    title: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd


@dataclass
class Problem:
    """A warning from reading or a problem from checking, positioned in the input."""

    code: str
    message: str
    line: int = 1
    col: int = 1
    offset: int | None = None
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Provenance:
    """Where a sentence of a written note came from: source id and code-point span in its text."""

    section: str
    sentence: str
    source_id: str
    start: int
    end: int
    supported_by: list[str] = field(default_factory=list)  # every source that reports it (near-identical sentences merged)


@dataclass
class Article:
    """One news article or press release after extraction: main text plus metadata."""

    id: str  # content hash of the normalised text (sha256 hex, first 16 chars)
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    publisher: str | None = None
    language: str | None = None
    origin: str | None = None  # file path, URL or feed the article was read from
    format: str = "text"  # html | text | markdown | json | feed | note


@dataclass
class Note:
    title: str | None = None
    date: str | None = None
    sections: list[Section] = field(default_factory=list)
    key_terms: list[KeyTerm] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list, compare=False)
    provenance: list[Provenance] = field(default_factory=list, compare=False)
    file: str | None = field(default=None, compare=False)

    def section(self, title: str) -> Section | None:
        for s in self.sections:
            if s.title == title:
                return s
        return None


def tag_to_dict(tag: GsTag) -> dict[str, Any]:
    d: dict[str, Any] = {"paper": tag.paper, "subject": tag.subject, "valid": tag.valid}
    if tag.line_id:
        d["line_id"] = tag.line_id
    if tag.suggested_paper:
        d["suggested_paper"] = tag.suggested_paper
    return d


def note_to_dict(note: Note) -> dict[str, Any]:
    """The JSON shape ``parse --json`` prints (one object per file)."""
    return {
        "file": note.file,
        "title": note.title,
        "date": note.date,
        "sections": [{"title": s.title, "text": s.text, "html": s.html} for s in note.sections],
        "key_terms": [
            {
                "text": k.text,
                "head": k.head,
                "abbreviation": k.abbreviation,
                "definition": k.definition,
                "section": k.section,
                "gs_tags": [tag_to_dict(t) for t in k.gs_tags],
                "line": k.line,
                "col": k.col,
                "draft": k.draft,
            }
            for k in note.key_terms
        ],
        "sources": [asdict(s) for s in note.sources],
        "warnings": [w.to_dict() for w in note.warnings],
        **({"provenance": [asdict(p) for p in note.provenance]} if note.provenance else {}),
    }


def note_from_dict(d: dict[str, Any]) -> Note:
    """Inverse of :func:`note_to_dict` for the fields it carries."""
    return Note(
        title=d.get("title"),
        date=d.get("date"),
        sections=[Section(title=s["title"], html=s.get("html", ""), text=s.get("text", "")) for s in d.get("sections", [])],
        key_terms=[
            KeyTerm(
                text=k["text"],
                head=k["head"],
                definition=k.get("definition", ""),
                abbreviation=k.get("abbreviation"),
                section=k.get("section"),
                gs_tags=[GsTag(paper=t["paper"], subject=t["subject"], line_id=t.get("line_id"), valid=t.get("valid")) for t in k.get("gs_tags", [])],
                draft=bool(k.get("draft", False)),
            )
            for k in d.get("key_terms", [])
        ],
        sources=[Source(**s) for s in d.get("sources", [])],
        provenance=[Provenance(**p) for p in d.get("provenance", [])],
        file=d.get("file"),
    )
