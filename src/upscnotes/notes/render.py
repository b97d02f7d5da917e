"""Note → canonical HTML, JSON (every field) and Markdown."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser

import nh3

from upscnotes.model import Note, note_to_dict
from upscnotes.notes.parse import ALLOWED, format_date
from upscnotes.text import isolate_bidi

_ATTRIBUTES = {"span": {"class", "tabindex", "data-definition"}, "a": {"href"}}


def sanitize_fragment(fragment: str) -> str:
    """Second line of defence: the section HTML passes nh3 with the house allow-list before it is written."""
    return nh3.clean(fragment, tags=set(ALLOWED), attributes=_ATTRIBUTES, link_rel=None, url_schemes={"http", "https", "mailto"},
                     strip_comments=True)


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def render_html(note: Note) -> str:
    date_attr = f' data-date="{_e(note.date)}"' if note.date else ""
    out = [f'<article class="upsc-note" lang="en"{date_attr}>']
    if note.title:
        out.append(f"  <h2>{_e(note.title)}</h2>")
    for section in note.sections:
        if section.title:
            out.append(f"  <h3>{_e(section.title)}</h3>")
        body = sanitize_fragment(section.html)
        if body:
            out.append("  " + body)
    if note.sources:
        out.append('  <footer class="sources"><ul>')
        for s in note.sources:
            label = _e(s.title or s.url or "")
            item = f'<a href="{_e(s.url)}">{label}</a>' if s.url else f"<cite>{label}</cite>"
            when = f'<time datetime="{_e(s.date)}">{_e(format_date(s.date))}</time>' if s.date else None
            tail = ", ".join(x for x in (_e(s.publisher) if s.publisher else None, when) if x)
            if tail:
                item += f" \u2014 {tail}"
            out.append(f"    <li>{item}</li>")
        out.append("  </ul></footer>")
    out.append("</article>")
    # Text holding bidi controls is isolated, so an override left open (Trojan Source) cannot reorder what follows.
    return isolate_bidi("\n".join(out) + "\n")


def render_json(note: Note) -> str:
    return json.dumps(note_to_dict(note), ensure_ascii=False, indent=2) + "\n"


class _Markdown(HTMLParser):
    """Section HTML (canonical, well-formed) → Markdown; key terms become bold text with numbered footnotes."""

    def __init__(self, footnotes: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.footnotes = footnotes
        self.lists: list[tuple[str, int]] = []
        self.term: str | None = None
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("ul", "ol"):
            self.lists.append((tag, 0))
        elif tag == "li":
            kind, n = self.lists[-1] if self.lists else ("ul", 0)
            if self.lists:
                self.lists[-1] = (kind, n + 1)
            indent = "  " * max(len(self.lists) - 1, 0)
            self.out.append(f"\n{indent}{n + 1}. " if kind == "ol" else f"\n{indent}- ")
        elif tag == "p":
            self.out.append("\n\n")
        elif tag in ("strong",):
            self.out.append("**")
        elif tag == "em":
            self.out.append("*")
        elif tag == "br":
            self.out.append("  \n")
        elif tag == "span" and "key-term" in (a.get("class") or ""):
            self.term = a.get("data-definition") or ""
            self.out.append("**")
        elif tag == "a":
            self.href = a.get("href")
            self.out.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.out.append("\n")
        elif tag == "strong":
            self.out.append("**")
        elif tag == "em":
            self.out.append("*")
        elif tag == "span" and self.term is not None:
            self.footnotes.append(self.term)
            self.out.append(f"**[^{len(self.footnotes)}]")
            self.term = None
        elif tag == "a":
            self.out.append(f"]({self.href})" if self.href else "]")
            self.href = None

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split()) if not data.strip() else data.replace("\n", " ")
        for ch in "\\`*_[]<>":
            text = text.replace(ch, "\\" + ch)
        self.out.append(text)


def render_markdown(note: Note) -> str:
    lines: list[str] = []
    if note.title:
        lines.append(f"# {note.title}\n")
    if note.date:
        lines.append(f"*{format_date(note.date)}*\n")
    footnotes: list[str] = []
    for section in note.sections:
        if section.title:
            lines.append(f"## {section.title}")
        conv = _Markdown(footnotes)
        conv.feed(section.html)
        conv.close()
        body = "".join(conv.out).strip()
        body = "\n".join(ln.rstrip() for ln in body.splitlines())
        while "\n\n\n" in body:
            body = body.replace("\n\n\n", "\n\n")
        lines.append(body + "\n")
    if note.sources:
        lines.append("## Sources")
        for s in note.sources:
            tail = ", ".join(x for x in (s.publisher, format_date(s.date) if s.date else None) if x)
            link = f"[{s.title}]({s.url})" if s.url else s.title
            lines.append(f"- {link}" + (f" — {tail}" if tail else ""))
        lines.append("")
    if footnotes:
        for i, raw in enumerate(footnotes, 1):
            lines.append(f"[^{i}]: {raw}")
        lines.append("")
    return "\n".join(lines)


def render(note: Note, fmt: str = "html") -> str:
    if fmt == "html":
        return render_html(note)
    if fmt == "json":
        return render_json(note)
    if fmt in ("md", "markdown"):
        return render_markdown(note)
    raise ValueError(f"unknown format {fmt!r}: use html, json or md")


__all__ = ["render", "render_html", "render_json", "render_markdown", "sanitize_fragment"]
