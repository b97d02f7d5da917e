"""Adding key-term spans to plain text, HTML pages and notes.

Text inside tags' attributes, links, headings, scripts and existing key-term spans is never touched; existing spans
are kept and count as the first occurrence of their term. By default only the first occurrence of each term per
section is marked (``every=True`` marks all). The author's characters are kept: matching runs on the normalised
text and offsets are mapped back.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from lxml import etree
from lxml import html as lxml_html
from lxml.etree import Element, _Element

from upscnotes.errors import UnknownFormat
from upscnotes.glossary.matcher import TermMatcher, paused_gc
from upscnotes.glossary.store import Glossary
from upscnotes.model import KeyTerm, Note
from upscnotes.notes.parse import match_section, parse_note, render_span
from upscnotes.notes.render import render_html
from upscnotes.notes.terms import parse_definition, render_definition
from upscnotes.text import clean_charrefs, clean_controls, isolate_bidi, norm_key, normalize

SKIP_TAGS = {"a", "script", "style", "title", "textarea", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "head", "button",
             "select", "option", "noscript", "template", "svg", "math", "time", "footer", "nav"}
SECTION_BREAKS = {"h1", "h2", "h3", "h4"}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Annotator:
    """A glossary's matcher plus the spans it produces; build once, annotate many texts."""

    glossary: Glossary
    every: bool = False
    only: set[int] | None = None  # the terms to look for (all of the glossary when None)
    matcher: TermMatcher = field(init=False)
    _terms: dict[int, KeyTerm] = field(default_factory=dict, init=False)
    _head_ids: dict[str, int] = field(default_factory=dict, init=False)
    _span_open: dict[int, str] = field(default_factory=dict, init=False)
    _definitions: dict[int, str] = field(default_factory=dict, init=False)
    added: int = field(default=0, init=False)
    _allowed: set[int] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        forms = self.glossary.match_forms()
        if self.only is not None:
            forms = [(t, f) for t, f in forms if t in self.only]
        self.matcher = TermMatcher(forms)
        for term_id, form in forms:
            self._head_ids.setdefault(norm_key(form), term_id)

    def key_term(self, term_id: int, text: str) -> KeyTerm:
        if term_id not in self._terms:
            self._terms[term_id] = self.glossary.canonical_key_term(term_id, "")
        t = self._terms[term_id]
        return KeyTerm(text=text, head=t.head, definition=t.definition, abbreviation=t.abbreviation, gs_tags=list(t.gs_tags))

    def term_id_of(self, head: str, abbreviation: str | None = None) -> int | None:
        return self._head_ids.get(norm_key(head)) or (self._head_ids.get(norm_key(abbreviation)) if abbreviation else None)

    def terms_in(self, text: str) -> list[KeyTerm]:
        """The glossary terms ``text`` contains, one per term, in order of first occurrence."""
        seen: set[int] = set()
        out = []
        for m in self.matcher.find(text):
            if m.term_id not in seen:
                seen.add(m.term_id)
                out.append(self.key_term(m.term_id, text[m.start : m.end]))
        return out

    # -- plain text -----------------------------------------------------------------------------------------
    def span_open(self, term_id: int) -> str:
        """The opening tag of a term's span: it depends on the term alone, so it is rendered once per annotator."""
        tag = self._span_open.get(term_id)
        if tag is None:
            span = render_span(self.key_term(term_id, ""))
            tag = self._span_open[term_id] = span[: -len(_SPAN_CLOSE)]
        return tag

    def annotate_text(self, text: str, markdown: bool = False) -> str:
        """Plain text in, the same text out (HTML-escaped) with key-term spans; never inside a URL.

        With ``markdown``, the text is kept as it is (Markdown takes the spans as inline HTML), a ``#`` heading line
        starts a new section and is not annotated, and neither are code, links, images, autolinks or HTML tags."""
        with paused_gc():
            n = normalize(text)
            starts, ends, eids = self.matcher.find_arrays(n)
            starts, ends = n.span_arrays(starts, ends)
            terms = self.matcher.entry_terms[eids] if len(eids) else eids
            protected = _MARKDOWN_PROTECTED if markdown else _URL
            p_s, p_e = _spans_of(protected, text)
            keep = ~_overlaps(starts, ends, p_s, p_e)
            starts, ends, terms = starts[keep], ends[keep], terms[keep]
            if not self.every and len(terms):
                key = terms
                if markdown:  # first occurrence per (section, term)
                    section = np.searchsorted(_spans_of(_MARKDOWN_HEADING, text)[0], starts, side="right")
                    _, dense = np.unique(terms, return_inverse=True)
                    key = section * (int(dense.max()) + 1) + dense
                _, first = np.unique(key, return_index=True)
                keep = np.sort(first)
                starts, ends, terms = starts[keep], ends[keep], terms[keep]
            self.added += len(terms)
            # Escape the whole text once and cut every piece from it; the pieces are put together by C loops
            # (map, slice assignment, join), which matters with half a million spans.
            escaped, shift = (text, None) if markdown else _escape_with_offsets(text)
            cuts = np.empty(2 * len(terms) + 2, dtype=np.int64)
            cuts[0], cuts[-1] = 0, len(text)
            cuts[1:-1:2], cuts[2:-1:2] = starts, ends
            cut_list = (shift(cuts) if shift else cuts).tolist()
            texts = list(map(escaped.__getitem__, map(slice, cut_list[:-1], cut_list[1:])))  # gap, term, gap, …, gap
            k = len(terms)
            pieces: list[str] = [_SPAN_CLOSE] * (4 * k + 1)
            pieces[0::4] = texts[0::2]
            if k:
                distinct, which = np.unique(terms, return_inverse=True)
                opens = np.array([self.span_open(t) for t in distinct.tolist()], dtype=object)
                pieces[1::4] = opens[which].tolist()
            pieces[2::4] = texts[1::2]
            return "".join(pieces)

    # -- HTML trees -----------------------------------------------------------------------------------------
    def definition(self, term_id: int) -> str:
        """A term's canonical definition text, rendered once per annotator."""
        text = self._definitions.get(term_id)
        if text is None:
            text = self._definitions[term_id] = clean_controls(render_definition(self.key_term(term_id, "")))
        return text

    def _matches_in(self, texts: list[str]) -> list[list[tuple[int, int, int]]]:
        """(start, end, term id) of every match in each of many strings, found in one pass: the strings are joined
        by a paragraph break, which no term crosses, and each match comes back in its own string's offsets."""
        found: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        if not texts:
            return found
        bases = np.cumsum([0] + [len(t) + len(_PIECE_BREAK) for t in texts[:-1]])
        joined = _PIECE_BREAK.join(texts)
        n = normalize(joined)
        starts, ends, eids = self.matcher.find_arrays(n)
        starts, ends = n.span_arrays(starts, ends)
        keep = ~_overlaps(starts, ends, *_spans_of(_URL, joined))  # never inside a URL written out in the text
        starts, ends, eids = starts[keep], ends[keep], eids[keep]
        which = np.searchsorted(bases, starts, side="right") - 1
        starts, ends = starts - bases[which], ends - bases[which]
        inside = ends <= np.array([len(t) for t in texts])[which]  # always, as the break is never crossed
        which, starts, ends, terms = which[inside], starts[inside], ends[inside], self.matcher.entry_terms[eids[inside]]
        for k, s, e, t in zip(which.tolist(), starts.tolist(), ends.tolist(), terms.tolist()):
            found[k].append((s, e, t))
        return found

    def _annotate_string(self, s: str, matches: list[tuple[int, int, int]], seen: set[int]) -> list[str | _Element]:
        pieces: list[str | _Element] = []
        pos = 0
        for start, end, term_id in matches:
            if (not self.every and term_id in seen) or (self._allowed is not None and term_id not in self._allowed):
                continue
            seen.add(term_id)
            self.added += 1
            pieces.append(_NOT_XML.sub("", s[pos:start]))
            # lxml refuses control characters, which its HTML parser lets through from a source: drop them
            definition = _NOT_XML.sub("", self.definition(term_id))
            span = Element("span", {"class": "key-term", "tabindex": "0", "data-definition": definition})
            span.text = _NOT_XML.sub("", s[start:end])
            pieces.append(span)
            pos = end
        if not pieces:
            return [s]
        pieces.append(_NOT_XML.sub("", s[pos:]))
        return pieces

    def annotate_tree(self, root: _Element, seen: set[int] | None = None) -> None:
        """Annotate text nodes under ``root`` in document order; iterative, so deep trees are fine."""
        with paused_gc():
            self._annotate_tree(root, set() if seen is None else seen)

    def _annotate_tree(self, root: _Element, seen: set[int]) -> None:
        events: list[tuple[str, _Element]] = []
        stack: list[tuple[str, _Element, bool]] = [("enter", root, False)]
        while stack:
            phase, el, skipped = stack.pop()
            if phase == "tail":
                if not skipped and el.tail:
                    events.append(("tail", el))
                continue
            tag = el.tag if isinstance(el.tag, str) else ""
            is_term = tag == "span" and "key-term" in (el.get("class") or "").split()
            skip_here = skipped or not tag or tag in SKIP_TAGS or is_term
            if tag in SECTION_BREAKS or _is_leadin(el):
                events.append(("break", el))
            if is_term:
                events.append(("term", el))
            if not skip_here and el.text:
                events.append(("text", el))
            for child in reversed(list(el)):
                stack.append(("tail", child, skipped))
                stack.append(("enter", child, skip_here))
        texts = [(el.text if kind == "text" else el.tail) or "" for kind, el in events if kind in ("text", "tail")]
        matches = iter(self._matches_in(texts))
        for kind, el in events:
            if kind == "break":
                seen.clear()
            elif kind == "term":
                p = parse_definition(el.get("data-definition") or "")
                tid = self.term_id_of(p.head, p.abbreviation) or self.term_id_of(el.text_content())
                if tid is not None:
                    seen.add(tid)
            elif kind == "text":
                pieces = self._annotate_string(el.text or "", next(matches), seen)
                if len(pieces) > 1:
                    el.text = pieces[0]  # type: ignore[assignment]
                    _splice(pieces[1:], el, 0)
            else:
                pieces = self._annotate_string(el.tail or "", next(matches), seen)
                parent = el.getparent()
                if len(pieces) > 1 and parent is not None:
                    el.tail = pieces[0]  # type: ignore[assignment]
                    _splice(pieces[1:], parent, parent.index(el) + 1)

    def annotate_html(self, source: str) -> str:
        """A whole HTML page or fragment: the same markup back, with spans added to its text (and text runs holding
        bidi controls isolated). A page with nothing in it (only a doctype or comments) comes back as it was."""
        from upscnotes.ingest.extract import flatten_deep

        source = flatten_deep(clean_charrefs(clean_controls(source)))
        try:
            return isolate_bidi(self._annotate_html(source))
        except etree.ParserError:  # "Document is empty": no text, so nothing to annotate
            return source

    def _annotate_html(self, source: str) -> str:
        doctype = re.match(r"\s*<!doctype[^>]*>", source, re.I)
        is_document = bool(doctype) or re.search(r"<html[\s>]", source, re.I) is not None
        if is_document:
            root = lxml_html.document_fromstring(source)
            body = root.find("body")
            self.annotate_tree(body if body is not None else root)
            out = lxml_html.tostring(root, encoding="unicode", method="html")
            return (doctype.group(0).strip() + "\n" if doctype else "") + out
        container = lxml_html.fragment_fromstring(source, create_parent="div")
        self.annotate_tree(container)
        return (container.text or "") + "".join(lxml_html.tostring(c, encoding="unicode", method="html") for c in container)

    def annotate_note(self, note: Note, allowed: set[int] | None = None, skip: tuple[str, ...] = ()) -> Note:
        """A note: each section annotated on its own (first occurrence per section), re-read in canonical form.

        ``allowed`` limits the spans to those terms (the ones ``build`` chose for the story); sections titled in
        ``skip`` (the syllabus lines and questions of UPSC Relevance) are left unmarked."""
        sections = []
        self._allowed = allowed
        for section in note.sections:
            if section.title in skip:
                sections.append(section)
                continue
            container = lxml_html.fragment_fromstring(clean_controls(section.html) or "<p></p>", create_parent="div")
            self.annotate_tree(container)
            inner = (container.text or "") + "".join(lxml_html.tostring(c, encoding="unicode", method="html") for c in container)
            sections.append(type(section)(section.title, inner, section.text, section.known, section.line, section.col))
        self._allowed = None
        draft = Note(title=note.title, date=note.date, sections=sections, sources=note.sources)
        out = parse_note(render_html(draft), note.file)
        out.warnings = [w for w in note.warnings]
        out.provenance = note.provenance
        return out


_SPAN_CLOSE = "</span>"
_PIECE_BREAK = "\n\n"  # between the text nodes of a tree, matched in one pass: a paragraph break
_HTML_SPECIAL = re.compile("[&<>]")
_ESCAPED_EXTRA = {"&": len("&amp;") - 1, "<": len("&lt;") - 1, ">": len("&gt;") - 1}


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+")
# What Markdown keeps from annotation: fenced code, heading lines, inline code, links and images (text and target),
# autolinks and HTML tags, bare URLs.
_MARKDOWN_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t][^\n]*)?$", re.MULTILINE)
_MARKDOWN_PROTECTED = re.compile("|".join([
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?:[^\n]*\n)*? {0,3}(?P=fence)[^\n]*$",  # a fenced code block
    r"^ {0,3}(?:`{3,}|~{3,})[^\n]*(?:\n[^\n]*)*\Z",  # an unclosed fence runs to the end
    _MARKDOWN_HEADING.pattern,
    r"(?P<tick>`+)[^`\n][^\n]*?(?P=tick)",  # inline code, however many backticks open it
    r"!?\[[^\]\n]*\]\([^)\n]*\)",
    r"!?\[[^\]\n]*\]\[[^\]\n]*\]",
    r"<[^<>\n]+>",
    _URL.pattern,
]), re.MULTILINE)


def _spans_of(pattern: re.Pattern[str], text: str) -> tuple[np.ndarray, np.ndarray]:
    """``[start, end)`` of every match of ``pattern`` in ``text``, as arrays in text order."""
    found = [m.span() for m in pattern.finditer(text)]
    arr = np.array(found, dtype=np.int64).reshape(-1, 2)
    return arr[:, 0], arr[:, 1]


def _overlaps(starts: np.ndarray, ends: np.ndarray, p_starts: np.ndarray, p_ends: np.ndarray) -> np.ndarray:
    """For each ``[starts, ends)``: does it overlap one of the sorted, disjoint ``[p_starts, p_ends)``?"""
    if not len(p_starts) or not len(starts):
        return np.zeros(len(starts), dtype=bool)
    k = np.searchsorted(p_starts, ends, side="left") - 1  # the last protected span starting before the match ends
    return (k >= 0) & (p_ends[np.maximum(k, 0)] > starts)


def _escape_with_offsets(text: str) -> tuple[str, Callable[[np.ndarray], np.ndarray] | None]:
    """``html.escape(text, quote=False)`` and a function mapping offsets in ``text`` to offsets in it (None when
    nothing needed escaping)."""
    special = [(m.start(), _ESCAPED_EXTRA[m.group()]) for m in _HTML_SPECIAL.finditer(text)]
    if not special:
        return text, None
    at = np.array([p for p, _ in special], dtype=np.int64)
    grown = np.concatenate([[0], np.cumsum([x for _, x in special])])
    return html.escape(text, quote=False), lambda offsets: offsets + grown[np.searchsorted(at, offsets)]


def _splice(pieces: list[str | _Element], parent: _Element, index: int) -> None:
    """Insert span elements at ``index`` in ``parent``; each string piece becomes the tail of the span before it."""
    last: _Element | None = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is not None:
                last.tail = piece
        else:
            parent.insert(index, piece)
            index += 1
            last = piece


def _is_leadin(el: _Element) -> bool:
    """A bold lead-in heading (``<p><strong>Overview</strong>: …``) starts a section too."""
    if el.tag not in ("strong", "b"):
        return False
    parent = el.getparent()
    if parent is None or parent.tag != "p" or parent.index(el) != 0 or (parent.text or "").strip():
        return False
    return match_section((el.text_content() or "").strip().rstrip(":")) is not None


def annotate_source(annotator: Annotator, path: str, max_bytes: int) -> tuple[str, str]:
    """Annotate one input file; returns (content, file suffix) in the input's own form, judged by content
    (:func:`upscnotes.ingest.detect.detect_format`, as every other command judges it)."""
    from upscnotes.files import read_nonempty
    from upscnotes.ingest.detect import detect_format

    src = read_nonempty(path, max_bytes)
    kind = detect_format(src.text, src.name)
    if kind == "note":
        return render_html(annotator.annotate_note(parse_note(src.text, src.name))), ".html"
    if kind == "html":
        return annotator.annotate_html(src.text), ".html"
    if kind in ("feed", "json", "jsonl"):
        raise UnknownFormat(f"{src.name}: a {'feed' if kind == 'feed' else 'JSON file'}; annotate reads plain text, Markdown, "
                            "HTML pages and notes (build reads feeds and JSON)")
    if kind == "markdown":
        return annotator.annotate_text(src.text, markdown=True), ".md"
    return annotator.annotate_text(src.text), ".txt"
