"""HTML → Note: reads every dialect of the house format.

A streaming reader on the standard library's tokenizer (``html.parser``), chosen over a tree builder because it
reports the line, column and code-point offset of every tag (``check`` needs them, truncation is reported by
offset) and never recurses, so 10,000 nested tags are read completely. Its output is a whitelist serialisation:
only the tags and attributes in ``ALLOWED`` survive, every text node and attribute value is escaped again, and
dropped dangerous markup is reported as ``unsafe-markup``.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from html.parser import HTMLParser

from rapidfuzz import fuzz, process

from upscnotes.model import KeyTerm, Note, Problem, Section, Source
from upscnotes.notes.terms import parse_definition, render_definition
from upscnotes.text import collapse_ws

CANONICAL_SECTIONS = ("Overview", "Key Developments", "Important Facts", "UPSC Relevance")
_SECTION_VARIANTS = {
    "Overview": ("overview", "summary", "background", "context", "introduction", "in brief", "why in news", "why in the news", "in news", "about"),
    "Key Developments": ("key developments", "developments", "key development", "major developments", "main developments", "highlights",
                         "key highlights", "key points", "key outcomes", "outcomes", "key takeaways", "what was agreed"),
    "Important Facts": ("important facts", "key facts", "facts", "facts for prelims", "prelims facts", "important facts for prelims",
                        "key figures", "important figures", "facts and figures", "data points", "prelims pointers"),
    "UPSC Relevance": ("upsc relevance", "relevance", "relevance for upsc", "relevance to upsc", "exam relevance", "syllabus relevance",
                       "gs relevance", "mains relevance", "upsc syllabus", "relevance for the exam", "relevance for upsc exam"),
}
_VARIANT_TO_SECTION = {v: name for name, vs in _SECTION_VARIANTS.items() for v in vs}
_VARIANT_KEYS = list(_VARIANT_TO_SECTION)

# Tags kept in section bodies (b/i are written as strong/em).
ALLOWED = {"p", "ul", "ol", "li", "strong", "em", "u", "br", "a", "blockquote", "sub", "sup", "code", "small", "q", "cite", "abbr", "span",
           "bdi"}
RENAME = {"b": "strong", "i": "em"}
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "area", "base", "source", "param", "track", "embed", "keygen"}
# Content of these is never text of the note.
SKIP_CONTENT = {"script", "style", "iframe", "object", "template", "noscript", "svg", "math", "head", "title", "textarea", "select", "button", "frameset", "frame", "applet"}
UNSAFE = {"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "meta", "link", "form", "style"}
BLOCK = {"p", "ul", "ol", "li", "blockquote", "div", "section", "article", "header", "footer", "main", "aside", "table", "tr", "td", "th", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "pre", "nav"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SECTION_HEADINGS = {"h1", "h2", "h3", "h4"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_LEADIN_TAIL = re.compile(r"^\s*[:\u2013\u2014-]?\s*")


def match_section(title: str) -> str | None:
    """Canonical section name for a heading (close variants too), or None."""
    key = re.sub(r"[^\w\s]", " ", title.casefold())
    key = re.sub(r"^\s*(?:\d+|[ivx]+)\s+", "", key)
    key = " ".join(key.split())
    if not key or len(key) > 40:
        return None
    if key in _VARIANT_TO_SECTION:
        return _VARIANT_TO_SECTION[key]
    best = process.extractOne(key, _VARIANT_KEYS, scorer=fuzz.ratio, score_cutoff=85)
    return _VARIANT_TO_SECTION[best[0]] if best else None


def safe_url(url: str) -> str | None:
    """The URL when its scheme is http(s) or mailto, else None (``javascript:``, ``data:`` …)."""
    u = "".join(ch for ch in url.strip() if ch > " ")
    return url.strip() if u.lower().startswith(_SAFE_SCHEMES) else None


@dataclass
class _Open:
    tag: str
    offset: int
    line: int
    col: int
    kind: str = "normal"  # normal | drop | skip | heading | leadin | term | sources | source-link | pending-p
    emitted: str | None = None  # the tag name written to the output, if any
    attrs: dict[str, str] = field(default_factory=dict)


_CAPTURE_KINDS = ("heading", "term", "leadin", "source-link")


class _Stack(list[_Open]):
    """The open elements, with counts by tag and kind and the positions of the capturing ones, so that every
    question the reader asks of the stack is answered without walking it: reading stays linear in nesting depth
    (a page 100,000 ``<div>``s deep is read in about a second, not hours)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.kinds: dict[str, int] = {}
        self.captures: list[int] = []

    def append(self, entry: _Open) -> None:
        self.tags[entry.tag] = self.tags.get(entry.tag, 0) + 1
        self.kinds[entry.kind] = self.kinds.get(entry.kind, 0) + 1
        if entry.kind in _CAPTURE_KINDS:
            self.captures.append(len(self))
        super().append(entry)

    def pop(self, index: int = -1) -> _Open:  # type: ignore[override]
        assert index == -1, "only the top of the stack is popped"
        entry = super().pop()
        self.tags[entry.tag] -= 1
        self.kinds[entry.kind] -= 1
        if self.captures and self.captures[-1] == len(self):
            self.captures.pop()
        return entry

    def set_kind(self, entry: _Open, kind: str) -> None:
        """Change an open entry's kind (it stays where it is)."""
        self.kinds[entry.kind] -= 1
        if entry.kind in _CAPTURE_KINDS and kind not in _CAPTURE_KINDS:
            self.captures = [i for i in self.captures if self[i] is not entry]
        entry.kind = kind
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def has_kind(self, kind: str) -> bool:
        return self.kinds.get(kind, 0) > 0

    def has_tag(self, tag: str) -> bool:
        return self.tags.get(tag, 0) > 0

    def top_capture(self) -> _Open | None:
        return self[self.captures[-1]] if self.captures else None


@dataclass
class _SectionBuf:
    title: str
    known: bool
    line: int
    col: int
    out: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def parse_date(value: str | None) -> str | None:
    """ISO date from ``2026-05-20``, ``20 May 2026`` or ``May 20, 2026``; None when unreadable."""
    if not value:
        return None
    v = value.strip()
    try:
        return Date.fromisoformat(v[:10]).isoformat()
    except ValueError:
        pass
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(v, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def format_date(iso: str) -> str:
    d = Date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%b')} {d.year}"


class _Reader(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack = _Stack()
        self.sections: list[_SectionBuf] = []
        self.preamble = _SectionBuf("", False, 1, 1)
        self.current: _SectionBuf | None = None
        self.title: str | None = None
        self.date: str | None = None
        self.terms: list[KeyTerm] = []
        self.sources: list[Source] = []
        self.warnings: list[Problem] = []
        self.capture: list[str] | None = None
        self.pending_ws = ""
        self.strip_leadin = False
        self.skip = 0
        self.source_item: dict[str, str] | None = None
        self.in_note_article = False

    # -- positions ------------------------------------------------------------------------------------------
    def _pos(self) -> tuple[int, int, int]:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col, line, col + 1

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def _warn(self, code: str, message: str, fix: str | None = None) -> None:
        offset, line, col = self._pos()
        self.warnings.append(Problem(code, message, line, col, offset, fix))

    # -- output ---------------------------------------------------------------------------------------------
    @property
    def buf(self) -> _SectionBuf:
        return self.current if self.current is not None else self.preamble

    def _emit(self, s: str) -> None:
        self.buf.out.append(s)

    def _flush_pending_p(self) -> None:
        if not self.stack.has_kind("pending-p"):
            return
        for entry in reversed(self.stack):
            if entry.kind == "pending-p":
                self.stack.set_kind(entry, "normal")
                entry.emitted = "p"
                self._emit("<p>" + html.escape(self.pending_ws, quote=False))
                self.pending_ws = ""
                return

    def _has_pending_p(self) -> bool:
        return bool(self.stack) and self.stack[-1].kind == "pending-p"

    def _close_entry(self, entry: _Open) -> None:
        if entry.kind == "pending-p":
            self.pending_ws = ""
            return
        if entry.kind == "heading":
            self._finish_heading(entry)
            return
        if entry.kind == "leadin":
            self._finish_leadin(entry)
            return
        if entry.kind == "term":
            self._finish_term(entry)
            return
        if entry.kind == "skip":
            self.skip -= 1
            return
        if entry.kind == "source-link":
            if self.source_item is not None and self.capture is not None:
                self.source_item["title"] = collapse_ws("".join(self.capture))
                self.capture = None
            return
        if entry.kind == "source-item":
            self._finish_source()
            return
        if entry.emitted:
            self._emit(f"</{entry.emitted}>")
        if entry.tag in BLOCK:
            self.buf.text.append("\n")

    def _pop_to(self, index: int) -> None:
        while len(self.stack) > index:
            self._close_entry(self.stack.pop())

    def _in_kind(self, kind: str) -> bool:
        return self.stack.has_kind(kind)

    # -- sections -------------------------------------------------------------------------------------------
    def _start_section(self, title: str, known: bool, line: int, col: int) -> None:
        # Close what is open in the old section so each section's HTML stands alone.
        for entry in self.stack:
            if entry.emitted:
                self._emit(f"</{entry.emitted}>")
                entry.emitted = None
        self.current = _SectionBuf(title, known, line, col)
        self.sections.append(self.current)

    def _finish_heading(self, entry: _Open) -> None:
        text = collapse_ws("".join(self.capture or []))
        self.capture = None
        line, col = entry.line, entry.col
        if not text:
            return
        name = match_section(text.rstrip(":"))
        if self.in_note_article and self.current is None and self.title is None and entry.tag == "h2":
            self.title = text  # canonical form: the <h2> before the first section is the title, whatever it says
        elif name is not None:
            self._start_section(name, True, line, col)
        elif self.current is None and self.title is None and entry.tag in ("h1", "h2"):
            self.title = text
        elif entry.tag in SECTION_HEADINGS and self.current is not None or entry.tag in ("h3", "h4"):
            self._start_section(text.rstrip(":"), False, line, col)
        elif self.current is None and self.title is None:
            self.title = text
        else:
            self._emit(f"<p><strong>{html.escape(text, quote=False)}</strong></p>")
            self.buf.text.append(text + "\n")

    def _finish_leadin(self, entry: _Open) -> None:
        text = collapse_ws("".join(self.capture or []))
        self.capture = None
        name = match_section(text.rstrip(":").strip())
        if name is not None:
            # Only the <strong> is the heading; the paragraph it opens is body text of the new section.
            pending = next((e for e in reversed(self.stack) if e.kind == "pending-p"), None) if self.stack.has_kind("pending-p") else None
            self._start_section(name, True, entry.line, entry.col)
            self.strip_leadin = True
            self.pending_ws = ""
            if pending is not None:
                self._flush_pending_p()
            return
        self._flush_pending_p()
        self._emit(f"<strong>{html.escape(text, quote=False)}</strong>")
        self.buf.text.append(text)

    def _finish_term(self, entry: _Open) -> None:
        text = collapse_ws("".join(self.capture or []))
        self.capture = None
        if not text:
            return
        raw = entry.attrs.get("data-definition", "")
        parsed = parse_definition(raw)
        term = KeyTerm(
            text=text,
            head=parsed.head or text,
            definition=parsed.definition,
            abbreviation=parsed.abbreviation,
            gs_tags=parsed.tags,
            section=self.current.title if self.current is not None else None,
            raw_definition=raw,
            offset=entry.offset,
            line=entry.line,
            col=entry.col,
        )
        self.terms.append(term)
        self._emit(render_span(term))
        self.buf.text.append(text)

    def _finish_source(self) -> None:
        item = self.source_item
        self.source_item = None
        if not item:
            return
        title = item.get("title", "").strip()
        tail = collapse_ws(item.get("tail", "")).lstrip("\u2014\u2013-:, ").strip()
        publisher: str | None = tail or None
        date: str | None = None
        if item.get("date"):
            publisher, date = tail.rstrip(", ").strip() or None, item["date"]
        elif tail and "," in tail:
            head, _, last = tail.rpartition(",")
            parsed = parse_date(last)
            if parsed:
                publisher, date = head.strip() or None, parsed
        elif tail:
            parsed = parse_date(tail)
            if parsed:
                publisher, date = None, parsed
        if not title and publisher:
            title, publisher = publisher, None
        if title or item.get("url"):
            self.sources.append(Source(title=title, url=item.get("url"), publisher=publisher, date=date))

    # -- tokenizer callbacks --------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def _check_attrs(self, tag: str, attrs: dict[str, str]) -> None:
        for name, value in attrs.items():
            if name.startswith("on"):
                self._warn("unsafe-markup", f"event handler attribute {name} on <{tag}> removed", "remove the attribute")
            elif name in ("href", "src", "action", "formaction", "xlink:href") and value and not safe_url(value) and \
                    re.match(r"\s*(?:javascript|vbscript|data)\s*:", "".join(ch for ch in value if ch > " "), re.I):
                self._warn("unsafe-markup", f"{name}={value[:40]!r} on <{tag}> removed", "use an http(s) link")

    def _start(self, tag: str, raw_attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        attrs = {k.lower(): (v or "") for k, v in raw_attrs}
        offset, line, col = self._pos()
        self._check_attrs(tag, attrs)
        if tag in UNSAFE:
            self._warn("unsafe-markup", f"<{tag}> removed", f"remove the <{tag}> element")
        if self.skip:
            if tag not in VOID and not self_closing and tag in SKIP_CONTENT:
                self.stack.append(_Open(tag, offset, line, col, "skip"))
                self.skip += 1
            return
        if tag in SKIP_CONTENT:
            if tag not in VOID and not self_closing:
                self.stack.append(_Open(tag, offset, line, col, "skip"))
                self.skip += 1
            return
        if self.capture is not None:
            top = self.stack.top_capture()
            if top is not None and top.kind == "leadin":
                # Markup inside the bold lead-in: it is ordinary bold text, not a heading.
                text = "".join(self.capture)
                self.capture = None
                self.stack.set_kind(top, "normal")
                top.emitted = "strong"
                self._flush_pending_p()
                self._emit("<strong>" + html.escape(text, quote=False))
                self.buf.text.append(text)
            else:
                if tag == "br":
                    self.capture.append(" ")
                if tag not in VOID and not self_closing:
                    self.stack.append(_Open(tag, offset, line, col, "drop"))
                return
        tag_out = RENAME.get(tag, tag)

        # Implied ends, the parts of HTML tree construction that matter for notes.
        if tag in BLOCK or tag in HEADINGS:
            self._close_open_p()
        if tag == "li":
            self._close_until(("li",), stop=("ul", "ol"))
        if tag in HEADINGS:
            self.stack.append(_Open(tag, offset, line, col, "heading"))
            self.capture = []
            return

        if tag == "article":
            self.in_note_article = self.in_note_article or "upsc-note" in attrs.get("class", "").split()
            if "upsc-note" in attrs.get("class", "").split() or "data-date" in attrs:
                self.date = parse_date(attrs.get("data-date")) or self.date
        if tag == "footer" and "sources" in attrs.get("class", "").split():
            self.stack.append(_Open(tag, offset, line, col, "sources"))
            return
        if self._in_kind("sources"):
            if tag == "li":
                self._finish_source()
                self.source_item = {}
                self.stack.append(_Open(tag, offset, line, col, "source-item"))
            elif tag in ("a", "cite") and self.source_item is not None:
                url = safe_url(attrs.get("href", "")) if tag == "a" else None
                if url:
                    self.source_item["url"] = url
                self.capture = []
                self.stack.append(_Open(tag, offset, line, col, "source-link"))
            elif tag == "time" and self.source_item is not None:
                self.source_item["date"] = parse_date(attrs.get("datetime")) or ""
                self.stack.append(_Open(tag, offset, line, col, "source-time"))
            elif tag not in VOID and not self_closing:
                self.stack.append(_Open(tag, offset, line, col, "drop"))
            return
        if tag == "time" and self.current is None and not self_closing:
            # A dateline before the first section is metadata, not body text.
            self.date = self.date or parse_date(attrs.get("datetime"))
            self.stack.append(_Open(tag, offset, line, col, "skip"))
            self.skip += 1
            return

        if tag == "span" and "key-term" in attrs.get("class", "").split():
            self._flush_pending_p()
            self.stack.append(_Open(tag, offset, line, col, "term", attrs=attrs))
            self.capture = []
            return
        if tag == "p" and not self_closing:
            self.stack.append(_Open(tag, offset, line, col, "pending-p"))
            self.pending_ws = ""
            return
        if tag_out == "strong" and self._has_pending_p() and not self_closing:
            self.stack.append(_Open(tag, offset, line, col, "leadin"))
            self.capture = []
            return
        self._flush_pending_p()
        if tag_out not in ALLOWED or tag_out == "span":
            if tag_out == "br" or tag in BLOCK:
                self.buf.text.append("\n")
            if tag not in VOID and not self_closing:
                self.stack.append(_Open(tag, offset, line, col, "drop"))
            return
        if tag_out == "br":
            self._emit("<br>")
            self.buf.text.append("\n")
            return
        attr_out = ""
        if tag_out == "a":
            url = safe_url(attrs.get("href", ""))
            if url:
                attr_out = f' href="{html.escape(url, quote=True)}"'
        if self_closing and tag_out in ("p", "li", "ul", "ol"):
            return
        self._emit(f"<{tag_out}{attr_out}>")
        self.stack.append(_Open(tag, offset, line, col, "normal", emitted=tag_out))

    def _close_open_p(self) -> None:
        if not self.stack.has_tag("p"):
            return
        for i in range(len(self.stack) - 1, -1, -1):
            e = self.stack[i]
            if e.tag == "p":
                self._pop_to(i)
                return
            if e.tag in BLOCK or e.kind in ("term", "heading", "leadin"):
                return

    def _close_until(self, tags: tuple[str, ...], stop: tuple[str, ...]) -> None:
        if not any(self.stack.has_tag(t) for t in tags):
            return
        for i in range(len(self.stack) - 1, -1, -1):
            e = self.stack[i]
            if e.tag in tags:
                self._pop_to(i)
                return
            if e.tag in stop:
                return

    def handle_endtag(self, tag: str) -> None:
        if not self.stack.has_tag(tag):
            return  # a stray end tag
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                if self.skip and self.stack[i].kind != "skip" and any(e.kind == "skip" for e in self.stack[i:]):
                    return
                self._pop_to(i)
                return

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        if self.capture is not None:
            self.capture.append(data)
            if self.source_item is not None and not self._in_kind("source-link"):
                self.source_item["tail"] = self.source_item.get("tail", "") + data
            return
        if self._in_kind("sources"):
            if self.source_item is not None and not self._in_kind("source-time"):
                self.source_item["tail"] = self.source_item.get("tail", "") + data
            return
        if self.strip_leadin:
            data = _LEADIN_TAIL.sub("", data, count=1)
            if not data:
                return
            self.strip_leadin = False
        if self._has_pending_p():
            if not data.strip():
                self.pending_ws += data
                return
            self._flush_pending_p()
        if self.current is None and not data.strip() and not self.preamble.out:
            return
        self._emit(html.escape(data, quote=False))
        self.buf.text.append(data)

    def handle_comment(self, data: str) -> None:
        return

    def unknown_decl(self, data: str) -> None:
        return

    # -- end of input ---------------------------------------------------------------------------------------
    def finish(self) -> tuple[int | None, str]:
        """Flush the tokenizer; returns the truncation offset (or None) and a description."""
        rest = self.rawdata
        truncated_at: int | None = None
        what = ""
        if rest.lstrip().startswith("<"):
            truncated_at = len(self.source) - len(rest) + (len(rest) - len(rest.lstrip()))
            what = "inside a tag"
            self.rawdata = ""
        self.close()
        open_elements = [e for e in self.stack if e.tag not in ("html", "body", "head") and e.kind != "skip"]
        last_text = "".join(self.buf.text).rstrip()
        if truncated_at is None and open_elements and not re.search(r"[.!?)\]\"'”’]$", last_text):
            blocks = [e for e in open_elements if e.tag in BLOCK or e.kind in ("pending-p", "heading")]
            target = blocks[-1] if blocks else open_elements[-1]
            truncated_at = target.offset
            what = f"inside <{target.tag}>"
        # Keep the partial text of unfinished key terms as plain text rather than inventing a definition.
        for e in self.stack:
            if e.kind == "term":
                self.stack.set_kind(e, "drop")
                if self.capture:
                    text = "".join(self.capture)
                    self.capture = None
                    self._emit(html.escape(text, quote=False))
                    self.buf.text.append(text)
        self._pop_to(0)
        return truncated_at, what


def parse_note(source: str, file: str | None = None) -> Note:
    """Read a note in any dialect of the house format; reading problems become ``note.warnings``."""
    reader = _Reader(source)
    reader.feed(source)
    truncated_at, what = reader.finish()
    sections = []
    for buf in reader.sections:
        sections.append(Section(buf.title, "".join(buf.out).strip(), _plain(buf.text), buf.known, buf.line, buf.col))
    if reader.preamble.out and "".join(reader.preamble.text).strip():
        # Body text before any heading: keep it, as an untitled first section.
        pre = reader.preamble
        sections.insert(0, Section("", "".join(pre.out).strip(), _plain(pre.text), False, 1, 1))
    note = Note(title=reader.title, date=reader.date, sections=sections, key_terms=reader.terms, sources=reader.sources, file=file)
    note.warnings = list(reader.warnings)
    if truncated_at is not None:
        line, col = reader.line_col(truncated_at)
        note.warnings.append(Problem(
            "truncated",
            f"input ends {what} at character {truncated_at}; the complete parts and the partial text were kept",
            line, col, truncated_at, "restore the rest of the note from its source",
        ))
    return note


def _plain(parts: list[str]) -> str:
    lines = [collapse_ws(ln) for ln in "".join(parts).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def render_span(term: KeyTerm) -> str:
    """Canonical key-term span."""
    definition = render_definition(term)
    return (f'<span class="key-term" tabindex="0" data-definition="{html.escape(definition, quote=True)}">'
            f"{html.escape(term.text, quote=False)}</span>")


_NOTE_WRAPPER = re.compile(r"<article\b[^>]*\bclass\s*=\s*[\"'][^\"']*\bupsc-note\b", re.I)
_KEY_TERM_SPAN = re.compile(r"<span\b(?=[^>]*\bclass\s*=\s*[\"'][^\"']*\bkey-term\b)[^>]*>", re.I)
_DATA_DEFINITION = re.compile(r"\bdata-definition\s*=", re.I)
_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)
_HEADING = re.compile(r"<(h[1-6]|strong|b)\b[^>]*>\s*([^<]{3,40}?)\s*:?\s*</\1>", re.I)


def looks_like_note(text: str) -> bool:
    """House-format content, by content alone: the note wrapper or key-term spans; a definition beside a section
    heading; or, outside a full web page, at least two section headings (a note whose spans were stripped)."""
    head = text[:200_000]
    if _NOTE_WRAPPER.search(head) or _KEY_TERM_SPAN.search(head):
        return True
    names = {match_section(m.group(2)) for m in _HEADING.finditer(head)} - {None}
    if names and _DATA_DEFINITION.search(head):
        return True
    return len(names) >= 2 and not _DOCUMENT.search(head[:5000])


def read_note(path: str, max_bytes: int | None = None) -> Note:
    """Read a note file (house-format HTML in any dialect, or the JSON ``render`` writes), by content."""
    import json

    from upscnotes.errors import UnknownFormat
    from upscnotes.files import DEFAULT_MAX_BYTES, read_nonempty
    from upscnotes.model import note_from_dict

    src = read_nonempty(path, max_bytes or DEFAULT_MAX_BYTES)
    text = src.text
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, list) and len(data) == 1:
            data = data[0]
        if isinstance(data, dict) and "sections" in data:
            note = note_from_dict(data)
            note.file = src.name
            return note
    if "<" not in text or not re.search(r"<\s*[a-zA-Z]", text):
        raise UnknownFormat(f"{src.name}: no HTML markup; not a note in the house format (annotate or build read plain text)")
    note = parse_note(text, src.name)
    note.warnings[:0] = src.warnings
    return note
