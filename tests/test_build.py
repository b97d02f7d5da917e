"""``upscnotes build``: the whole pipeline on the team's examples, on a local web server, and killed halfway."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from test_ingest import FixtureServer, server  # noqa: F401  (the real HTTP server fixture)

from upscnotes.ingest import ingest
from upscnotes.notes.parse import CANONICAL_SECTIONS, read_note
from upscnotes.stories import note_article
from upscnotes.text import norm_key

EXAMPLES = ROOT / "examples"
SOURCES = [str(EXAMPLES / "notes"), str(EXAMPLES / "sources"), str(EXAMPLES / "feed.xml")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    proc = run_cli("build", *SOURCES, "--out", str(out), "--db", str(out / "u.db"), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (out / "report.json").write_text(proc.stdout, encoding="utf-8")
    return out


def _stories(out: Path) -> list[dict]:  # type: ignore[type-arg]
    proc = run_cli("stories", "--json", "--db", str(out / "u.db"))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_one_checked_note_per_story(demo: Path) -> None:
    report = json.loads((demo / "report.json").read_text(encoding="utf-8"))
    articles = ingest([str(EXAMPLES / "sources"), str(EXAMPLES / "feed.xml")]).articles
    stories = _stories(demo)
    # The team's example notes are write-ups of events its sources report: they join those stories.
    assert len(report["notes"]) == len(stories) == len(articles) >= 12
    assert sorted(len(s["articles"]) for s in stories)[-3:] == [2, 2, 2]
    assert report["skipped"] == [] and report["problems"] == []
    htmls = sorted((demo / "notes").glob("*.html"))
    assert len(htmls) == len(stories)
    for s in stories:
        data = json.loads(Path(s["note"]).with_suffix(".json").read_text(encoding="utf-8"))
        assert len(data["sources"]) == len(s["articles"]), s
    for path in htmls:
        note = read_note(str(path))
        assert [s.title for s in note.sections] == list(CANONICAL_SECTIONS), path
        assert all(s.text for s in note.sections)
        assert note.key_terms and all(k.definition and k.gs_tags for k in note.key_terms), path
        data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert data["provenance"], path
    proc = run_cli("check", *map(str, htmls))
    assert proc.returncode == 0, proc.stdout


def test_every_sentence_has_provenance_and_every_figure_and_name_is_in_the_sources(demo: Path) -> None:
    result = ingest(SOURCES)
    texts = {a.id: a.text for a in result.articles}
    texts.update({a.id: a.text for n in result.notes if (a := note_article(n)) is not None})
    for path in sorted((demo / "notes").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for p in data["provenance"]:
            assert norm_key(texts[p["source_id"]][p["start"]:p["end"]]).find(norm_key(p["sentence"]).rstrip(".")[:40]) >= 0 or \
                norm_key(p["sentence"])[:40] in norm_key(texts[p["source_id"]]), p
        source = norm_key(" ".join(texts[p["source_id"]] for p in data["provenance"]))
        for section in data["sections"][:3]:
            for token in re.findall(r"\d[\d,.]*\d|\d", section["text"]):
                assert token in source, (path.name, token)
            for name in re.findall(r"\b[A-Z][a-zA-Z]+(?:\s+[A-Z][a-zA-Z]+)*", section["text"]):
                assert norm_key(name) in source, (path.name, name)


def test_rebuilding_adds_nothing(demo: Path) -> None:
    before = sorted(p.name for p in (demo / "notes").iterdir())
    db = sqlite3.connect(demo / "u.db")
    counts = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "notes", "terms", "definitions")]
    proc = run_cli("build", *SOURCES, "--out", str(demo), "--db", str(demo / "u.db"), "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["articles_new"] == 0
    assert sorted(p.name for p in (demo / "notes").iterdir()) == before
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "notes", "terms", "definitions")] == counts


def test_build_over_a_local_web_server(server: FixtureServer, tmp_path: Path) -> None:  # noqa: F811
    b = server.base
    urls = [f"{b}/monsoon", f"{b}/metro", f"{b}/missing", f"{b}/slow", f"{b}/big", f"{b}/report.pdf", f"{b}/loop", f"{b}/feed-full.xml"]
    proc = run_cli("build", *urls, "--out", str(tmp_path), "--db", str(tmp_path / "u.db"), "--timeout", "1", "--json")
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    reasons = {s["source"]: s["reason"] for s in report["skipped"]}
    assert reasons[f"{b}/missing"] == "HTTP 404 Not Found"
    assert "timed out" in reasons[f"{b}/slow"]
    assert "larger than" in reasons[f"{b}/big"]
    assert "not an HTML page" in reasons[f"{b}/report.pdf"]
    assert "redirects" in reasons[f"{b}/loop"]
    # Two pages and two full-text feed items, each in a story with one note.
    assert len(report["notes"]) == report["stories"] >= 1
    con = sqlite3.connect(tmp_path / "u.db")
    assert con.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == 4


def test_sigkill_halfway_then_rebuild_leaves_no_duplicate_or_half_written_note(tmp_path: Path) -> None:
    src = tmp_path / "many.jsonl"
    base = [a for a in ingest([str(EXAMPLES / "sources")]).articles]
    with src.open("w", encoding="utf-8") as fh:
        for i in range(40):
            a = base[i % len(base)]
            fh.write(json.dumps({"title": f"{a.title} (edition {i})", "date": a.date, "publisher": a.publisher,
                                 "text": f"Edition {i}. " + a.text}) + "\n")
    out, db = tmp_path / "out", tmp_path / "u.db"
    cmd = [sys.executable, "-m", "upscnotes", "build", str(src), "--out", str(out), "--db", str(db)]
    env = {**os.environ, "UPSCNOTES_EMBEDDER": "hashing"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120

    def written() -> int:
        return len(list((out / "notes").glob("*.html"))) if (out / "notes").exists() else 0

    while written() < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert written() < 5 or proc.returncode != 0, "the build was not killed halfway"
    assert subprocess.run(cmd, env=env, capture_output=True).returncode == 0
    htmls = sorted((out / "notes").glob("*.html"))
    con = sqlite3.connect(db)
    stories = con.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    # Forty editions of five write-ups: far fewer stories than articles, each with one note from all its editions.
    assert len(htmls) == stories and 5 <= stories < 40 and not list((out / "notes").glob(".*.tmp"))
    assert con.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == stories
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 40
    assert con.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == 40
    assert con.execute("SELECT COUNT(*) FROM note_articles").fetchone()[0] == 40
    for path in htmls:
        assert path.read_text(encoding="utf-8").rstrip().endswith("</article>")
        json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def test_build_over_real_news_pages(tmp_path: Path) -> None:
    from conftest import need_shared

    pages = need_shared("testdata", "extraction")
    proc = run_cli("build", str(pages), "--out", str(tmp_path), "--db", str(tmp_path / "u.db"), "--json",
                   env={"UPSCNOTES_EMBEDDER": "hashing"})
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert len(report["notes"]) == report["stories"] > 0
    assert all(s["reason"] for s in report["skipped"])
    built = {Path(p).name for p in report["notes"]}
    assert len(built) == len(report["notes"])


def test_build_with_nothing_usable_exits_2(tmp_path: Path) -> None:
    proc = run_cli("build", str(tmp_path / "missing.html"), "--out", str(tmp_path), "--db", str(tmp_path / "u.db"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"skipped {tmp_path / 'missing.html'}: no such file" in " ".join(proc.stderr.split())
