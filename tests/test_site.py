"""The static site (issue 13) without a browser: its pages, indexes, safety and incremental re-publishing."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

from conftest import run_cli
from lxml import html as lxml_html

from upscnotes.publish import publish_site
from upscnotes.publish.site import CSP, CSP_SEARCH
from upscnotes.store import Store

LOCAL_REF = re.compile(r"^(?:[a-z0-9_./-]+|#.*|data:,)$", re.I)


def pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "notes" not in p.relative_to(site).parts]


def test_the_site_has_its_pages(demo_site: Path) -> None:
    for rel in ("index.html", "archive.html", "about.html", "search.html", "feed.xml", "glossary/index.html", "static/site.css",
                "static/site.js", "pagefind/pagefind.js"):
        assert (demo_site / rel).is_file(), rel
    assert list((demo_site / "notes").glob("*.html")) and list((demo_site / "notes").glob("*.json"))
    for folder in ("stories", "day", "month", "gs", "subject", "glossary"):
        assert list((demo_site / folder).glob("*.html")), folder
    assert list((demo_site / "pagefind" / "months").iterdir())
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert home.count('href="stories/') >= 9
    feed = (demo_site / "feed.xml").read_text(encoding="utf-8")
    assert feed.startswith("<?xml") and feed.count("<entry>") >= 9


def test_a_story_page_has_the_note_sources_and_tooltips(demo_site: Path) -> None:
    story = next(p for p in (demo_site / "stories").glob("*.html") if "aditya" in p.name)
    doc = lxml_html.fromstring(story.read_bytes())
    assert [h.text_content() for h in doc.xpath("//article//h2")][:4] == ["Overview", "Key Developments", "Important Facts", "UPSC Relevance"]
    terms = doc.xpath("//span[contains(@class, 'key-term')]")
    assert terms
    for t in terms:
        tip = doc.get_element_by_id(t.get("aria-describedby"))
        assert tip.get("role") == "tooltip" and tip.text_content().strip() and tip.getparent() is t
        assert t.get("tabindex") == "0"
    assert doc.xpath("//section[@class='sources']//a[starts-with(@href, 'https://')]")
    assert doc.xpath("//ol[@class='footnotes']/li/a[starts-with(@href, '../glossary/')]")


def test_every_page_has_a_strict_csp_and_makes_no_external_request(demo_site: Path) -> None:
    for page in pages(demo_site):
        doc = lxml_html.fromstring(page.read_bytes())
        csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp == [CSP_SEARCH if page.name == "search.html" else CSP], page
        assert doc.xpath("//meta[@charset='utf-8']"), page
        for el in doc.xpath("//script|//link|//img"):
            ref = el.get("src") or el.get("href") or ""
            assert LOCAL_REF.match(ref), (page, ref)
        assert not doc.xpath("//script[not(@src)]"), page
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP and "'wasm-unsafe-eval'" in CSP_SEARCH


def test_glossary_pages_list_every_note_using_the_term(demo_site: Path) -> None:
    conn = sqlite3.connect(demo_site / "upscnotes.db")
    # Uses in story notes (a house-format note given to build records its uses under its path, and is shown as an
    # article of its story, not as a note of its own).
    tid, head, count = conn.execute("SELECT t.id, t.head, count(DISTINCT u.note_key) c FROM uses u JOIN terms t ON t.id = u.term_id "
                                    "JOIN notes n ON n.id = u.note_key GROUP BY t.id ORDER BY c DESC, t.head LIMIT 1").fetchone()
    index = (demo_site / "glossary" / "index.html").read_text(encoding="utf-8")
    href = re.search(r'href="\.\./(glossary/[^"]+)">' + re.escape(head.replace("&", "&amp;")) + "<", index)
    assert href, head
    page = (demo_site / href.group(1)).read_text(encoding="utf-8")
    assert page.count('href="../stories/') == count


def test_republishing_rewrites_only_what_changed(demo_site: Path, tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    shutil.copy(demo_site / "upscnotes.db", db)
    site = tmp_path / "site"
    with Store(db) as store:
        first = publish_site(store, site)
        assert first.written == first.pages and first.indexes_written
        again = publish_site(store, site)
        assert again.written == 0 and again.unchanged == again.pages and again.indexes_written == []
        row = store.conn.execute("SELECT id, json FROM notes ORDER BY date DESC LIMIT 1").fetchone()
        data = json.loads(row["json"])
        data["title"] = "A retitled story"
        store.conn.execute("UPDATE notes SET json = ?, title = ? WHERE id = ?", (json.dumps(data), data["title"], row["id"]))
        store.conn.execute("UPDATE stories SET title = ? WHERE note_id = ?", (data["title"], row["id"]))
        third = publish_site(store, site)
    # the retitled story (new name, old one removed) and the lists that show its title; no other story page
    assert third.removed == 1 and [p for p in third.changed if p.startswith("stories/")] == [third.changed[0]]
    assert third.written < 60
    assert len(third.indexes_written) == 1 and third.indexes_written[0].startswith("pagefind/months/")
    assert any("a-retitled-story" in p.name for p in (site / "stories").glob("*.html"))


def test_stories_table_gives_sources_conflicts_and_related(demo_site: Path, tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    shutil.copy(demo_site / "upscnotes.db", db)
    with Store(db) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM stories WHERE note_id IS NOT NULL ORDER BY id LIMIT 2")]
        if len(ids) < 2:  # a database from before the stories feature: every note its own story
            notes = store.conn.execute("SELECT id, title, date FROM notes ORDER BY id LIMIT 2").fetchall()
            for i, n in enumerate(notes, 1):
                store.conn.execute("INSERT INTO stories(id, title, date, note_id) VALUES (?,?,?,?)", (i, n["title"], n["date"], n["id"]))
            ids = [1, 2]
        store.conn.execute("INSERT OR IGNORE INTO story_related(story_id, related_id) VALUES (?, ?)", (ids[0], ids[1]))
        values = [{"text": "₹45 lakh crore", "value": 45, "unit": "lakh crore", "sentence": "It spends <b>₹45</b> lakh crore.",
                   "article": "Paper A", "url": "javascript:alert(1)"},
                  {"text": "₹48 lakh crore", "value": 48, "unit": "lakh crore", "sentence": "It spends ₹48 lakh crore.",
                   "article": "Paper B", "url": "https://example.org/b"}]
        store.conn.execute('INSERT INTO conflicts(story_id, key, subject, kind, "values") VALUES (?, "test-k", "total spending", "amount", ?)',
                           (ids[0], json.dumps(values)))
        report = publish_site(store, tmp_path / "site")
        count = store.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    assert report.stories == count
    page = next(p for p in (tmp_path / "site" / "stories").glob(f"*-{ids[0]}.html")).read_text(encoding="utf-8")
    assert "Conflicting facts" in page and "₹48 lakh crore" in page and "&lt;b&gt;₹45&lt;/b&gt;" in page
    assert "javascript:" not in page and 'href="https://example.org/b"' in page
    assert "Related stories" in page and f"-{ids[1]}.html" in page


def test_publish_and_serve_commands(demo_site: Path, tmp_path: Path) -> None:
    proc = run_cli("publish", "--db", str(demo_site / "upscnotes.db"), "--out", str(tmp_path / "s"), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["site"].endswith("index.html")
    proc = run_cli("serve", str(tmp_path / "missing"))
    assert proc.returncode == 2 and "no index.html" in proc.stderr



def test_notes_in_the_house_format_are_published(seed000: Path, tmp_path: Path) -> None:
    proc = run_cli("build", str(seed000), "--out", str(tmp_path / "site"), "--db", str(tmp_path / "u.db"), "--no-starter",
                   env={"UPSCNOTES_EMBEDDER": "hashing"})
    assert proc.returncode in (0, 1), proc.stderr
    pages = list((tmp_path / "site" / "stories").glob("*.html"))
    assert len(pages) == 1
    doc = lxml_html.fromstring(pages[0].read_bytes())
    assert doc.xpath("//span[contains(@class, 'key-term')]/span[@role='tooltip']")
    assert "Rajnath Singh" in doc.text_content()
