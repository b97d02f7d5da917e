"""The reader: the database published as a static site that works from ``file://`` and offline.

``DIR/index.html`` (latest stories), ``DIR/stories/*.html`` (one per story: the note with tooltips, its sources,
conflicting facts and related stories), ``DIR/day|month|gs|subject/*.html`` and ``DIR/archive.html`` (indexes),
``DIR/glossary/`` (A–Z and a page per term listing every note using it), ``DIR/about.html``, ``DIR/feed.xml``
(Atom), ``DIR/search.html`` with ``DIR/pagefind/`` (see :mod:`upscnotes.publish.search`). ``DIR/notes/`` is the
pipeline's and is left alone.

Re-publishing rewrites only what changed: ``DIR/.publish.json`` keeps each page's content hash and each story
page's input fingerprint, so an unchanged story is neither rendered nor written, and a month's search index is
rebuilt only when one of its stories changed.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import nh3
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from upscnotes.model import PAPERS, KeyTerm
from upscnotes.notes.parse import ALLOWED, format_date, safe_url
from upscnotes.publish.search import Record, write_indexes
from upscnotes.publish.store import GlossaryTerm, SiteData, Story, load_site
from upscnotes.store import Store
from upscnotes.text import isolate_bidi

SITE_VERSION = "1"
MANIFEST = ".publish.json"
LATEST = 30
FEED_ENTRIES = 50
STATIC_FILES = ("site.css", "site.js", "search.js")

# No request leaves the site: scripts and styles are the site's own files, and nothing else may load.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; "
       "base-uri 'none'; form-action 'none'")
# Pagefind compiles its WebAssembly and fetches its index files.
CSP_SEARCH = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
              "connect-src 'self'; base-uri 'none'; form-action 'none'")

_SECTION_ATTRS = {"span": {"class", "tabindex", "data-definition"}, "a": {"href"}}
_SPAN_TOKEN = re.compile(r'<span\b((?:[^>"]|"[^"]*")*)>|</span>')
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_PAPER_IN_TEXT = re.compile(r"^\s*(GS ?[1-4]|Prelims)\b", re.M)


@dataclass
class PublishReport:
    out_dir: Path
    stories: int = 0
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    indexes_written: list[str] = field(default_factory=list)
    seconds: float = 0.0
    render_seconds: float = 0.0
    search_seconds: float = 0.0
    records: int = 0
    changed: list[str] = field(default_factory=list)  # the pages written

    @property
    def index_path(self) -> Path:
        return self.out_dir / "index.html"


def slugify(text: str, limit: int = 60) -> str:
    from upscnotes.text import normalize

    base = re.sub(r"[^a-z0-9]+", "-", normalize(text or "", casefold=True).text).strip("-")[:limit].strip("-")
    return base or "item"


def clean_fragment(fragment: str) -> str:
    return nh3.clean(fragment, tags=set(ALLOWED), attributes=_SECTION_ATTRS, link_rel=None, url_schemes={"http", "https", "mailto"},
                     strip_comments=True)


def _paper(raw: str) -> str:
    return raw.replace(" ", "")


class _Page:
    """Turns a note's section HTML into the page's: tooltips as DOM text tied by aria-describedby, print footnotes."""

    def __init__(self) -> None:
        self.defs: list[str] = []
        self.spans: list[str] = []
        self.n = 0

    def body(self, fragment: str) -> str:
        src = clean_fragment(fragment)
        out: list[str] = []
        pos = 0
        stack: list[str | None] = []  # the definition of each open span that is a key term, None for other spans
        for m in _SPAN_TOKEN.finditer(src):
            out.append(src[pos:m.start()])
            pos = m.end()
            if m.group(0) == "</span>":
                definition = stack.pop() if stack else None
                out.append("</span>")
                if definition is not None:
                    self.n += 1
                    if definition not in self.defs:
                        self.defs.append(definition)
                    num = self.defs.index(definition) + 1
                    tip = f"tip-{self.n}"
                    # the tooltip goes inside the term (so :hover/:focus reach it), the print number after it
                    out[-1] = (f'<span class="tip" role="tooltip" id="{tip}">{html.escape(definition)}</span></span>'
                               f'<sup class="fn">{num}</sup>')
                    # aria-describedby was written with the opening tag; patch its placeholder
                    for i in range(len(out) - 2, -1, -1):
                        if out[i] == "\0open\0":
                            out[i] = f'<span class="key-term" tabindex="0" aria-describedby="{tip}">'
                            break
                continue
            attrs = dict(_ATTR.findall(m.group(1)))
            classes = attrs.get("class", "").split()
            definition = html.unescape(attrs.get("data-definition", "")).strip()
            if "key-term" in classes and definition and not any(d is not None for d in stack):
                stack.append(definition)
                out.append("\0open\0")
            else:
                stack.append(None)
                out.append("<span>")
        out.append(src[pos:])
        # nh3's output with only escaped text and fixed attributes added: still sanitised, no second pass needed
        return "".join(out).replace("\0open\0", "<span>")


def _story_papers(story: Story) -> list[str]:
    found: set[str] = set()
    for sec in story.note.sections:
        if sec.title == "UPSC Relevance":
            found.update(_paper(p) for p in _PAPER_IN_TEXT.findall(sec.text or re.sub(r"<[^>]+>", "\n", sec.html)))
    for k in story.note.key_terms:
        found.update(t.paper for t in k.gs_tags if t.paper in PAPERS)
    return [p for p in PAPERS if p in found]


_SUBJECTS: dict[str, str] = {}


def _subject_name(raw: str) -> str:
    if raw not in _SUBJECTS:
        from upscnotes.syllabus.data import load_syllabus

        hit = load_syllabus().find_subject(raw)
        _SUBJECTS[raw] = hit.name if hit else raw.strip()
    return _SUBJECTS[raw]


def _story_subjects(story: Story) -> list[str]:
    out: list[str] = []
    for k in story.note.key_terms:
        for t in k.gs_tags:
            if t.subject:
                name = _subject_name(t.subject)
                if name and name not in out:
                    out.append(name)
    return out


def _plain(story: Story) -> str:
    parts = [story.title]
    for sec in story.note.sections:
        parts.append(sec.title)
        parts.append(sec.text or html.unescape(re.sub(r"<[^>]+>", " ", sec.html)))
    return "\n".join(p for p in parts if p)


def _hash(*parts: object) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _month_label(month: str) -> str:
    try:
        return datetime.strptime(month, "%Y-%m").strftime("%B %Y")
    except ValueError:
        return "Undated"


class Site:
    def __init__(self, data: SiteData, out_dir: Path) -> None:
        self.data = data
        self.out = out_dir
        self.env = Environment(loader=PackageLoader("upscnotes.publish", "templates"), autoescape=select_autoescape(default=True),
                               trim_blocks=False, lstrip_blocks=False)
        self.templates_key = _hash(SITE_VERSION, *(self._resource(f"templates/{n}") for n in sorted(self._names("templates"))),
                                   *(self._resource(f"static/{n}") for n in STATIC_FILES))
        self.stories = sorted(data.stories, key=lambda s: (s.date or "", s.title), reverse=True)
        used: set[str] = set()
        self.story_path: dict[str, str] = {}
        for s in sorted(data.stories, key=lambda s: s.id):
            name = f"{slugify(s.title)}-{s.id[:8]}"
            while name in used:
                name += "-x"
            used.add(name)
            self.story_path[s.id] = f"stories/{name}.html"
        self.note_story = {s.note_id: s for s in data.stories}
        self.by_id = {s.id: s for s in data.stories}
        self.papers = {s.id: _story_papers(s) for s in data.stories}
        self.term_path: dict[int, str] = {}
        used = set()
        for t in data.terms:
            name = slugify(t.head)
            if name in used:
                name = f"{name}-{t.id}"
            used.add(name)
            self.term_path[t.id] = f"glossary/{name}.html"
        self.term_by_head: dict[str, GlossaryTerm] = {}
        for t in data.terms:
            self.term_by_head.setdefault(t.head.casefold(), t)
            if t.abbreviation:
                self.term_by_head.setdefault(t.abbreviation.casefold(), t)
        self.manifest: dict[str, Any] = self._read_manifest()
        self.files: dict[str, str] = {}
        self.fingerprints: dict[str, str] = {}
        self.report = PublishReport(out_dir=out_dir, stories=len(data.stories))
        self.search_error: BaseException | None = None
        self.item_cache: dict[tuple[str, str], str] = {}
        self.item_macro = self.env.get_template("macros.html").module.story_item  # type: ignore[attr-defined]
        self.index_keys: dict[str, str] = {}
        self.search_months: list[str] = []

    @staticmethod
    def _names(folder: str) -> list[str]:
        return [p.name for p in resources.files("upscnotes.publish").joinpath(folder).iterdir() if p.is_file()]

    @staticmethod
    def _resource(name: str) -> str:
        return resources.files("upscnotes.publish").joinpath(name).read_text(encoding="utf-8")

    def _read_manifest(self) -> dict[str, Any]:
        try:
            data = json.loads((self.out / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) and data.get("templates") == self.templates_key else {"files": data.get("files", {})} \
            if isinstance(data, dict) else {}

    # -- writing -------------------------------------------------------------------------------------------
    def write(self, rel: str, content: str) -> None:
        if rel.endswith(".html"):
            content = isolate_bidi(content)  # a bidi control from a source never reorders the page around it
        digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
        self.files[rel] = digest
        self.report.pages += 1
        path = self.out / rel
        if self.manifest.get("files", {}).get(rel) == digest and path.exists():
            self.report.unchanged += 1
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # a new page: nothing to tear
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        else:
            tmp = path.with_name("." + path.name + ".tmp")
            tmp.write_text(content, encoding="utf-8", errors="surrogatepass")
            tmp.replace(path)
        self.report.written += 1
        self.report.changed.append(rel)

    def keep(self, rel: str) -> None:
        self.files[rel] = self.manifest["files"][rel]
        self.report.pages += 1
        self.report.unchanged += 1

    def render(self, template: str, rel: str, **ctx: Any) -> None:
        root = "../" * rel.count("/")
        ctx.setdefault("csp", CSP)
        self.write(rel, self.env.get_template(template).render(root=root, **ctx))

    # -- pieces --------------------------------------------------------------------------------------------
    def item(self, s: Story) -> dict[str, Any]:
        return {"path": self.story_path[s.id], "title": s.title, "date": s.date, "date_label": format_date(s.date) if s.date else "",
                "papers": self.papers[s.id]}

    def items(self, stories: Iterable[Story], root: str) -> Markup:
        """A list of stories; each story's item is rendered once per depth and reused by every list it is in."""
        lis = []
        for s in stories:
            key = (s.id, root)
            li = self.item_cache.get(key)
            if li is None:
                li = self.item_cache[key] = str(self.item_macro(self.item(s), root))
            lis.append(li)
        return Markup('<ul class="stories">\n' + "\n".join(lis) + "\n</ul>") if lis else Markup("")

    def _glossary_term(self, k: KeyTerm) -> GlossaryTerm | None:
        for name in (k.head, k.abbreviation, k.text):
            if name and name.casefold() in self.term_by_head:
                return self.term_by_head[name.casefold()]
        return None

    def story_fingerprint(self, s: Story) -> str:
        related = [(self.story_path.get(r), self.by_id[r].title, self.by_id[r].date) for r in s.related if r in self.by_id]
        links = [self.term_path.get(t.id) if (t := self._glossary_term(k)) else None for k in s.note.key_terms]
        return _hash(self.templates_key, s.fingerprint, self.story_path[s.id], related, links)

    def story_page(self, s: Story) -> None:
        rel = self.story_path[s.id]
        fp = self.story_fingerprint(s)
        self.fingerprints[s.id] = fp
        if self.manifest.get("stories", {}).get(s.id) == fp and rel in self.manifest.get("files", {}) and (self.out / rel).exists():
            self.keep(rel)
            return
        page = _Page()
        sections = [{"title": sec.title, "body": Markup(page.body(sec.html))} for sec in s.note.sections]
        terms = []
        for d in page.defs:
            key_term = next((k for k in s.note.key_terms if k.definition and k.definition.strip() in d), None)
            head, sep, rest = d.partition(" \u2014 ")
            g = self._glossary_term(key_term) if key_term else self.term_by_head.get(head.casefold())
            terms.append({"head": head if sep else (key_term.head if key_term else "Term"), "definition": rest if sep else d, "tags": "",
                          "path": self.term_path.get(g.id) if g else None})
        sources = []
        for src in s.sources:
            tail = ", ".join(x for x in (src.publisher, format_date(src.date) if src.date else None) if x)
            sources.append({"title": src.title or src.url or "Source", "url": safe_url(src.url) if src.url else None, "tail": tail})
        conflicts = [{"subject": c.subject, "kind": c.kind,
                      "entries": [{"text": v.text, "sentence": v.sentence, "article": v.article, "url": safe_url(v.url) if v.url else None}
                                 for v in c.values]} for c in s.conflicts]
        related = self.items([self.by_id[r] for r in s.related if r in self.by_id], "../")
        story = {"title": s.title, "date": s.date, "date_label": format_date(s.date) if s.date else ""}
        self.render("story.html", rel, page_title=s.title, story=story, papers=self.papers[s.id], sections=sections, terms=terms,
                    sources=sources, conflicts=conflicts, related=related, day_path=f"day/{s.date}.html" if s.date else "")

    def list_page(self, rel: str, heading: str, items: Iterable[Story], intro: str = "", more: bool = False) -> None:
        self.render("list.html", rel, page_title=heading, heading=heading, intro=intro, items=self.items(items, "../" * rel.count("/")),
                    more=more)

    def indexes(self) -> None:
        by_day: dict[str, list[Story]] = defaultdict(list)
        by_month: dict[str, list[Story]] = defaultdict(list)
        by_paper: dict[str, list[Story]] = defaultdict(list)
        by_subject: dict[str, list[Story]] = defaultdict(list)
        for s in self.stories:
            if s.date:
                by_day[s.date].append(s)
                by_month[s.date[:7]].append(s)
            for p in self.papers[s.id]:
                by_paper[p].append(s)
            for subj in _story_subjects(s):
                by_subject[subj].append(s)
        self.list_page("index.html", "Latest stories", self.stories[:LATEST], intro=f"{len(self.stories)} stories in all.", more=True)
        for day, items in by_day.items():
            self.list_page(f"day/{day}.html", format_date(day), items)
        for month, items in by_month.items():
            self.list_page(f"month/{month}.html", _month_label(month), items)
        for paper, items in by_paper.items():
            self.list_page(f"gs/{paper}.html", f"{paper} stories", items)
        subject_path = {}
        for subj, items in by_subject.items():
            subject_path[subj] = f"subject/{slugify(subj)}.html"
            self.list_page(subject_path[subj], subj, items, intro="Stories whose key terms belong to this syllabus subject.")
        months = [{"path": f"month/{m}.html", "label": _month_label(m), "count": len(by_month[m]),
                   "days": [{"path": f"day/{d}.html", "label": format_date(d), "count": len(by_day[d])}
                            for d in sorted((d for d in by_day if d.startswith(m)), reverse=True)]}
                  for m in sorted(by_month, reverse=True)]
        self.render("archive.html", "archive.html", page_title="Archive", months=months,
                    papers=[{"path": f"gs/{p}.html", "label": p, "count": len(by_paper[p])} for p in PAPERS if p in by_paper],
                    subjects=[{"path": subject_path[s], "label": s, "count": len(by_subject[s])} for s in sorted(by_subject)])

    def glossary(self) -> None:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for t in sorted(self.data.terms, key=lambda t: t.head.casefold()):
            stories = [self.note_story[n] for n in t.note_ids if n in self.note_story]
            stories.sort(key=lambda s: (s.date or "", s.title), reverse=True)
            letter = t.head[:1].upper() if t.head[:1].isalpha() and t.head[:1].isascii() else "#"
            groups[letter].append({"path": self.term_path[t.id], "head": t.head, "count": len(stories)})
            tags = [{"paper": g.paper, "label": g.label() if g.subject else g.paper} for g in t.gs_tags if g.paper in PAPERS]
            self.render("term.html", self.term_path[t.id], page_title=t.head, term=t, tags=tags, items=self.items(stories, "../"))
        self.render("glossary_index.html", "glossary/index.html", page_title="Glossary", groups=sorted(groups.items()))

    def feed(self) -> None:
        entries = self.stories[:FEED_ENTRIES]
        updated = max((s.date for s in entries if s.date), default="1970-01-01")
        self.render_xml("feed.xml", updated, entries)

    def render_xml(self, rel: str, updated: str, entries: list[Story]) -> None:
        e = html.escape
        out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">', "  <title>UPSC notes: latest stories</title>",
               "  <id>urn:upscnotes:site</id>", f"  <updated>{e(updated)}T00:00:00Z</updated>",
               '  <link rel="alternate" href="index.html"/>', "  <author><name>upscnotes</name></author>"]
        for s in entries:
            summary = next((sec.text for sec in s.note.sections if sec.title == "Overview" and sec.text), "")
            out += ["  <entry>", f"    <title>{e(s.title)}</title>", f"    <id>urn:upscnotes:story:{e(s.id)}</id>",
                    f'    <link rel="alternate" href="{e(self.story_path[s.id])}"/>', f"    <updated>{e(s.date or updated)}T00:00:00Z</updated>",
                    *([f"    <summary>{e(summary[:600])}</summary>"] if summary else []), "  </entry>"]
        out.append("</feed>")
        self.write(rel, "\n".join(out) + "\n")

    def static(self) -> None:
        for name in STATIC_FILES:
            self.write(f"static/{name}", self._resource(f"static/{name}"))

    # -- search --------------------------------------------------------------------------------------------
    def plan_search(self) -> dict[Path, list[Record]]:
        """The indexes whose content changed, with their records (computed from the data, not the rendered pages)."""
        old = self.manifest.get("index", {})
        new: dict[str, str] = {}
        groups: dict[Path, list[Record]] = {}
        base = self.out / "pagefind"
        glossary_records = [Record(url=self.term_path[t.id], title=t.head, content="\n".join(x for x in (t.head, t.abbreviation, t.definition) if x),
                                   filters={"gs": sorted({g.paper for g in t.gs_tags if g.paper in PAPERS}), "type": ["glossary"]},
                                   meta={"kind": "Glossary"}) for t in self.data.terms]
        new["glossary"] = _hash(self.templates_key, *((r.url, r.content, r.filters) for r in glossary_records))
        if old.get("glossary") != new["glossary"] or not (base / "pagefind.js").exists():
            groups[base] = glossary_records
        months: dict[str, list[Story]] = defaultdict(list)
        for s in self.stories:
            months[s.date[:7] if s.date else "undated"].append(s)
        for month, items in months.items():
            key = _hash(*(self.story_fingerprint(s) for s in sorted(items, key=lambda s: s.id)))
            new[f"month:{month}"] = key
            out = base / "months" / month
            if old.get(f"month:{month}") != key or not (out / "pagefind-entry.json").exists():
                groups[out] = [Record(url=self.story_path[s.id], title=s.title, content=_plain(s),
                                      filters={"gs": self.papers[s.id], "month": [month] if month != "undated" else []},
                                      meta={"kind": "Note", **({"date": s.date} if s.date else {})}) for s in items]
        for key in old:
            if key.startswith("month:") and key not in new:
                shutil.rmtree(base / "months" / key[6:], ignore_errors=True)
        self.index_keys = new
        self.search_months = sorted(months)
        self.report.records = sum(len(v) for v in groups.values())
        self.report.indexes_written = [str(p.relative_to(self.out)) for p in groups]
        # the primary index first: replacing it keeps months/ inside it
        return dict(sorted(groups.items(), key=lambda kv: len(kv[0].parts)))

    def run_search(self, groups: dict[Path, list[Record]]) -> None:
        started = time.perf_counter()
        try:
            write_indexes(groups)
        except BaseException as exc:  # noqa: BLE001  re-raised in the publishing thread
            self.search_error = exc
        self.report.search_seconds = time.perf_counter() - started

    def search_page(self) -> None:
        months = self.search_months
        indexes = " ".join(f"pagefind/months/{m}/" for m in months)
        papers = [p for p in PAPERS if any(p in v for v in self.papers.values())]
        self.render("search.html", "search.html", page_title="Search", csp=CSP_SEARCH, indexes=indexes, papers=papers,
                    months=[{"key": m, "label": _month_label(m)} for m in sorted(months, reverse=True) if m != "undated"])

    def about(self) -> None:
        published = max((s.date for s in self.stories if s.date), default="")
        self.render("about.html", "about.html", page_title="About", count=len(self.stories), terms=len(self.data.terms),
                    published=format_date(published) if published else "with no dated story yet")

    def finish(self) -> None:
        for rel in set(self.manifest.get("files", {})) - set(self.files):
            path = self.out / rel
            if path.exists():
                path.unlink()
                self.report.removed += 1
        manifest = {"templates": self.templates_key, "files": self.files, "stories": self.fingerprints, "index": self.index_keys}
        tmp = self.out / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        tmp.replace(self.out / MANIFEST)


def publish_site(store: Store, out_dir: str | Path) -> PublishReport:
    """Write (or bring up to date) the static site for everything in ``store`` under ``out_dir``.

    Two builds into one folder publish one after the other (an exclusive lock on ``DIR/.publish.lock``): each
    re-publish swaps whole index folders, which two writers at once would tear."""
    import fcntl

    Path(out_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(out_dir) / ".publish.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _publish_site(store, out_dir)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _publish_site(store: Store, out_dir: str | Path) -> PublishReport:
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    site = Site(load_site(store), out)
    # Pagefind is a separate process: it indexes while the pages are rendered.
    search = threading.Thread(target=site.run_search, args=(site.plan_search(),), daemon=True)
    search.start()
    site.static()
    for s in site.stories:
        site.story_page(s)
    site.indexes()
    site.glossary()
    site.feed()
    site.about()
    site.search_page()
    site.report.render_seconds = time.perf_counter() - started
    search.join()
    if site.search_error is not None:
        raise site.search_error
    site.finish()
    site.report.seconds = time.perf_counter() - started
    return site.report


def publish(db: str | None, out_dir: str | Path) -> PublishReport:
    """``upscnotes publish``: the site from the database alone."""
    with Store(db) as store:
        return publish_site(store, out_dir)


__all__ = ["CSP", "CSP_SEARCH", "PublishReport", "clean_fragment", "publish", "publish_site", "slugify"]
