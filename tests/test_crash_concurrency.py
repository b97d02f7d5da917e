"""Issue 14, points 7 and 8: builds killed with SIGKILL at random points, and builds beside a glossary edit.

Killed: after each of 20 kills the database passes ``PRAGMA integrity_check``, a re-run completes, and nothing is
duplicated or half-written (every note on disk is the note in the database, every row has its files, no temp file
is left). Concurrent: two builds and a stream of glossary edits on one database at once; no "database is locked"
reaches the user and the final counts are exact.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, run_cli

from upscnotes.notes.parse import read_note

HASHING = {**os.environ, "UPSCNOTES_EMBEDDER": "hashing"}
EXAMPLES = ROOT / "examples"
SOURCES = [str(EXAMPLES / "notes"), str(EXAMPLES / "sources"), str(EXAMPLES / "feed.xml")]
KILLS = 20


def start_build(out: Path, db: Path, *sources: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "upscnotes", "build", *sources, "--out", str(out), "--db", str(db), "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=HASHING)


def assert_consistent(out: Path, db: Path, complete: bool) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table, key in (("articles", "id"), ("notes", "id"), ("terms", "head_key"), ("stories", "id")):
            total, distinct = conn.execute(f"SELECT COUNT(*), COUNT(DISTINCT {key}) FROM {table}").fetchone()
            assert total == distinct, table
        # An article is stored once however often the build was killed and re-run: one row per text (and URL).
        assert conn.execute("SELECT COUNT(*) - COUNT(DISTINCT text) FROM articles").fetchone()[0] == 0
        rows = {Path(f): (h, j) for f, h, j in conn.execute("SELECT file, html, json FROM notes")}
    finally:
        conn.close()
    notes = out / "notes"
    for path, (html, data) in rows.items():
        # A note the database holds is on disk complete, with its JSON, exactly as stored.
        assert path.read_text(encoding="utf-8") == html, path
        assert json.loads(path.with_suffix(".json").read_text(encoding="utf-8")) == json.loads(data)
    for path in notes.glob("*.html"):
        note = read_note(str(path))
        assert not [w for w in note.warnings if w.code == "truncated"], path
        json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    if complete:
        assert set(notes.glob("*.html")) == set(rows), "a note file the database does not know, or the reverse"
        assert not list(notes.glob(".*.tmp")), "temp file left"


def test_builds_killed_at_20_random_points(tmp_path: Path) -> None:
    out = tmp_path / "out"
    db = out / "u.db"
    # How long a whole build takes here, so the kills spread over all of it (start-up, reading, writing notes).
    start = time.monotonic()
    first = start_build(tmp_path / "timing", tmp_path / "timing" / "u.db", *SOURCES)
    assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
    duration = time.monotonic() - start
    rng = random.Random(14)
    expected: tuple[int, int] | None = None
    for kill in range(KILLS):
        proc = start_build(out, db, *SOURCES)
        time.sleep(rng.uniform(0.2, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if db.exists():
            assert_consistent(out, db, complete=False)
        rerun = run_cli("build", *SOURCES, "--out", str(out), "--db", str(db), "--json", env={"UPSCNOTES_EMBEDDER": "hashing"})
        assert rerun.returncode == 0, (kill, rerun.stderr[-2000:])
        assert "Traceback" not in rerun.stderr
        assert_consistent(out, db, complete=True)
        conn = sqlite3.connect(db)
        counts = (conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0], conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0])
        conn.close()
        assert expected is None or counts == expected, (kill, counts, expected)
        expected = counts
    assert expected is not None and expected[0] >= 10 and expected[1] >= 1


def test_two_builds_and_a_glossary_edit_at_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    assert run_cli("init", "--db", str(db)).returncode == 0
    conn = sqlite3.connect(db)
    starter = conn.execute("SELECT COUNT(*) FROM terms WHERE origin != 'draft'").fetchone()[0]
    conn.close()
    out = tmp_path / "out"  # both builds write into one --out: neither may delete the other's temp files
    sources = sorted((EXAMPLES / "sources").iterdir())
    a = start_build(out, db, *map(str, sources[: len(sources) // 2]))
    b = start_build(out, db, *map(str, sources[len(sources) // 2 :]), str(EXAMPLES / "feed.xml"))
    edits = 40
    editor = subprocess.Popen([sys.executable, "-c", f"""
import subprocess, sys
failed = 0
for i in range({edits}):
    p = subprocess.run([sys.executable, "-m", "upscnotes", "glossary", "add", f"Concurrency Term {{i}}", "-d",
                        f"Term number {{i}} added while builds run (GS2: Polity)", "--db", sys.argv[1]], capture_output=True, text=True)
    if p.returncode != 0 or "locked" in p.stderr:
        failed += 1
        sys.stderr.write(p.stderr)
sys.exit(1 if failed else 0)
""", str(db)], stderr=subprocess.PIPE, env=HASHING)
    results = [(p, p.communicate(timeout=600)) for p in (a, b, editor)]
    for p, (stdout, stderr) in results:
        err = (stderr or b"").decode()
        assert "locked" not in err and "Traceback" not in err, err
        assert p.returncode in (0, 1), err  # 1: a note has problems for check; never a failure to run
    reports = [json.loads(stdout) for p, (stdout, _) in results[:2]]
    conn = sqlite3.connect(db)
    articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    notes = conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    added = conn.execute("SELECT COUNT(*) FROM terms WHERE head LIKE 'Concurrency Term %'").fetchone()[0]
    terms = conn.execute("SELECT COUNT(*) FROM terms WHERE origin != 'draft'").fetchone()[0]
    conn.close()
    assert articles == sum(r["articles_new"] for r in reports) and notes >= 1
    assert len(list((out / "notes").glob("*.html"))) == notes
    assert added == edits
    assert terms == starter + edits
    assert not list((out / "notes").glob(".*.tmp"))
