"""Issue 14: a command line you can trust with your files. One test (at least) per case of the issue's "Why" list,
each reproducing what a new user ran into, on the real command line in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

HASHING = {"UPSCNOTES_EMBEDDER": "hashing"}
TEXT = ("India and the Republic of Korea signed a Memorandum of Understanding on defence cooperation in New Delhi on Monday. "
        "Union Defence Minister Rajnath Singh said the agreement covers joint exercises, training and shipbuilding. "
        "The two countries also agreed to expand cooperation in space, critical minerals and semiconductors over five years, "
        "and officials said a joint working group would meet every six months to review progress on each of the projects.")
NOTE = (ROOT / "examples" / "notes" / "note-g20.html")


def one_line_error(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 2, no traceback, exactly one line on stderr, holding every word given."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip() and "warning:" not in ln]
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def article(i: int, topic: str = "defence") -> str:
    # 100+ words, so that no minimum-prose filter drops it
    return (f"Story {i} about {topic}\n\n" + TEXT.replace("Monday", f"day {i} of the month").replace("five years", f"{i + 2} years")
            + f"\n\nOfficials from both sides described the {topic} talks as productive, and said that the next round of meetings "
            "would take place early next year in Seoul, where ministers are expected to review the progress made so far.")


# -- 1. output safety -----------------------------------------------------------------------------------------------

def test_annotate_never_replaces_an_executable(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    exe = tmp_path / "ls"
    shutil.copy2("/bin/ls", exe)
    before = exe.read_bytes()
    proc = run_cli("annotate", str(src), "--out", str(exe), "--db", str(tmp_path / "g.db"))
    one_line_error(proc, str(exe), "executable", "--force")
    assert exe.read_bytes() == before and os.access(exe, os.X_OK)


def test_annotate_replaces_only_what_it_wrote(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    target = tmp_path / "mine.txt"
    target.write_text("the user's own file\n", encoding="utf-8")
    db = str(tmp_path / "g.db")
    one_line_error(run_cli("annotate", str(src), "--out", str(target), "--db", db), str(target), "not written by upscnotes")
    assert target.read_text(encoding="utf-8") == "the user's own file\n"
    assert run_cli("annotate", str(src), "--out", str(target), "--db", db, "--force").returncode == 0
    assert 'class="key-term"' in target.read_text(encoding="utf-8")
    # Its own output it replaces again without --force, and no temp file is left beside it.
    assert run_cli("annotate", str(src), "--out", str(target), "--db", db).returncode == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_build_out_naming_a_file_is_one_line(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(article(1), encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text("x", encoding="utf-8")
    one_line_error(run_cli("build", str(src), "--out", str(out), "--db", str(tmp_path / "u.db"), env=HASHING), str(out), "is a file")
    assert out.read_text(encoding="utf-8") == "x" and not (tmp_path / "u.db").exists()


def test_render_out_naming_an_existing_file_or_a_folder(tmp_path: Path) -> None:
    existing = tmp_path / "note.html"
    existing.write_text("<p>someone else's</p>", encoding="utf-8")
    one_line_error(run_cli("render", str(NOTE), "--out", str(existing)), str(existing), "not written by upscnotes")
    folder = tmp_path / "folder.html"
    folder.mkdir()
    (folder / "keep").write_text("k", encoding="utf-8")
    # a folder where a file is meant: with one input and a folder, the file goes inside it; its name taken by a folder is refused
    (folder / "note-g20.html").mkdir()
    one_line_error(run_cli("render", str(NOTE), "--out", str(folder)), "is a folder")
    assert (folder / "keep").read_text(encoding="utf-8") == "k"


def test_out_in_proc_is_one_line(tmp_path: Path) -> None:
    one_line_error(run_cli("render", str(NOTE), "--out", "/proc/x"), "/proc/x", "cannot write")
    one_line_error(run_cli("build", str(NOTE), "--out", "/proc/x", "--db", str(tmp_path / "u.db"), env=HASHING), "/proc/x")


def test_parse_dev_zero_stops_at_max_bytes() -> None:
    start = time.monotonic()
    one_line_error(run_cli("parse", "/dev/zero", "--max-bytes", "1000000"), "/dev/zero", "too large")
    one_line_error(run_cli("check", "/dev/zero"), "/dev/zero", "too large")
    assert time.monotonic() - start < 30


# -- 3. input contract ----------------------------------------------------------------------------------------------

def test_stdin_is_read_once(tmp_path: Path) -> None:
    proc = run_cli("classify", "-", "--json", input=TEXT.encode())
    assert proc.returncode == 0, proc.stderr
    [row] = json.loads(proc.stdout)
    assert row["file"] == "<stdin>" and row["labels"]
    proc = run_cli("glossary", "candidates", "-", "--db", str(tmp_path / "g.db"), "--json", input=TEXT.encode())
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("annotate", "-", "--db", str(tmp_path / "g.db"), input=TEXT.encode())
    assert proc.returncode == 0 and 'class="key-term"' in proc.stdout, proc.stderr
    proc = run_cli("check", "-", "--json", input=NOTE.read_bytes())
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("command", [["classify"], ["annotate"], ["build"], ["glossary", "import"], ["glossary", "candidates"],
                                     ["parse"], ["check"], ["render"]])
def test_empty_folder_is_exit_2_naming_it(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden").write_text("not input", encoding="utf-8")
    extra = ["--db", str(tmp_path / "g.db")] if command[0] in ("annotate", "build", "glossary") else []
    if command == ["build"]:
        extra += ["--out", str(tmp_path / "out")]
    one_line_error(run_cli(*command, str(empty), *extra, env=HASHING), str(empty), "no input files")
    assert not (tmp_path / "g.db").exists() and not (tmp_path / "out").exists()


def test_bad_flags_are_one_line_on_every_command(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "g.db")
    cases = [
        (["render", "--format", "pdf", str(NOTE)], "pdf"),
        (["glossary", "export", "--format", "xml", "--db", db], "xml"),
        (["build", str(f), "--format", "pdf", "--out", str(tmp_path / "o")], "pdf"),
        (["build", str(f), "--writer", "nobody", "--out", str(tmp_path / "o")], "nobody"),
        (["classify", "--top", "99", str(f)], "--top"),
        (["build", str(f), "--max-articles", "0"], "--max-articles"),
    ]
    commands = [["parse"], ["render"], ["check"], ["classify"], ["annotate"], ["build"], ["init"], ["glossary", "import"],
                ["glossary", "list"], ["glossary", "show", "x"], ["glossary", "add", "x", "-d", "y"], ["glossary", "edit", "x"],
                ["glossary", "merge", "x", "y"], ["glossary", "conflicts"], ["glossary", "export"], ["glossary", "candidates"]]
    cases += [([*c, str(f), "--no-such-flag"], "--no-such-flag") for c in commands]
    for args, word in cases:
        one_line_error(run_cli(*args, env=HASHING), word)
    assert not (tmp_path / "o").exists() and not Path(db).exists()


# -- 4. output contract ---------------------------------------------------------------------------------------------

def test_render_json_of_two_files_is_one_document(tmp_path: Path) -> None:
    notes = sorted((ROOT / "examples" / "notes").glob("*.html"))[:2]
    proc = run_cli("render", "--format", "json", *map(str, notes))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and len(data) == 2 and all(d["sections"] for d in data)


def test_classify_json_rows_carry_file_and_errors_keep_their_place(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    proc = run_cli("classify", str(missing), str(good), "--json")
    assert proc.returncode == 2
    rows = json.loads(proc.stdout)
    assert [r["file"] for r in rows] == [str(missing), str(good)]
    assert "no such file" in rows[0]["error"] and rows[1]["labels"]


def test_check_json_of_a_missing_file_is_not_an_empty_list(tmp_path: Path) -> None:
    proc = run_cli("check", "--json", str(tmp_path / "nope.html"), str(NOTE))
    assert proc.returncode == 2
    rows = json.loads(proc.stdout)
    assert rows and rows[-1] == {"file": str(tmp_path / "nope.html"), "error": f"{tmp_path / 'nope.html'}: no such file"}
    proc = run_cli("parse", "--json", str(tmp_path / "nope.html"), str(NOTE))
    rows = json.loads(proc.stdout)
    assert rows[0]["file"] == str(tmp_path / "nope.html") and "error" in rows[0] and rows[1]["sections"]


def test_hashing_warning_is_one_line_once(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    proc = run_cli("classify", str(f), env=HASHING)
    assert proc.returncode == 0
    assert "UserWarning" not in proc.stderr and "warnings.warn" not in proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() if "hashing" in ln]
    assert len(warnings) == 1 and warnings[0].startswith("upscnotes: warning: "), proc.stderr


def test_parse_never_prints_terminal_escapes(tmp_path: Path) -> None:
    f = tmp_path / "evil.html"
    f.write_text('<h2>Title \x1b]0;owned\x07 \x1b[31mred\x1b[0m \x9b31m</h2><h3>Overview</h3><p>text</p>', encoding="utf-8")
    for args in (["parse", str(f)], ["check", str(f)], ["render", str(f)], ["render", str(f), "-f", "md"]):
        proc = run_cli(*args)
        assert "\x1b" not in proc.stdout + proc.stderr and "\x9b" not in proc.stdout + proc.stderr, args
    assert "red" in run_cli("parse", str(f)).stdout


# -- 5. databases ---------------------------------------------------------------------------------------------------

def test_db_in_a_missing_folder_is_an_error_except_for_init(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    typo = tmp_path / "typo" / "dir" / "x.db"
    for args in (["glossary", "list"], ["annotate", str(f)], ["glossary", "add", "X", "-d", "y"], ["classify", str(f)],
                 ["build", str(f), "--out", str(tmp_path / "o")]):
        one_line_error(run_cli(*args, "--db", str(typo), env=HASHING), str(typo.parent), "does not exist")
        assert not (tmp_path / "typo").exists() and not (tmp_path / "o").exists(), args
    proc = run_cli("init", "--db", str(typo))
    assert proc.returncode == 0 and typo.exists()
    # A database inside the build's own --out (make demo) is fine.
    out = tmp_path / "demo"
    proc = run_cli("build", str(f), "--out", str(out), "--db", str(out / "u.db"), env=HASHING)
    assert proc.returncode in (0, 1), proc.stderr
    assert (out / "u.db").exists()


# -- 2. one bad source never stops a build ---------------------------------------------------------------------------

def test_control_characters_in_every_kind_of_source_never_stop_a_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    bad = "\x07\x00\x1b[2J\ufffe\x0b\x7f\x85"
    (src / "a-text.txt").write_text(article(1, "ports") .replace("agreement", f"agree{bad}ment"), encoding="utf-8")
    body = "".join(f"<p>{s}.</p>" for s in article(2, "railways").split(". "))
    (src / "b-page.html").write_text(f"<html><head><title>Rail{bad}ways</title></head><body><article><h1>Rail{bad}ways</h1>"
                                     f"{body.replace('cooperation', 'co&#7;oper&#xfffe;ation' + bad)}</article></body></html>", encoding="utf-8")
    (src / "c-record.json").write_text(json.dumps({"title": f"Mines{bad}", "text": article(3, "mines").replace("the", f"the{bad}"),
                                                   "date": "2026-05-20"}), encoding="utf-8")
    items = "".join(f"<item><title>Item {i}\u0007</title><link>https://example.invalid/{i}</link><description><![CDATA["
                    f"{article(10 + i, 'telecom ' + str(i)).replace('India', 'In' + chr(7) + 'dia') + ' more words' * 120}]]></description></item>"
                    for i in range(2))
    (src / "d-feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>', encoding="utf-8")
    (src / "e-last.txt").write_text(article(5, "forests"), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", str(src), "--out", str(out), "--db", str(out / "u.db"), "--json", env=HASHING)
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    assert report["skipped"] == [], report["skipped"]
    assert report["sources"] == 6 and report["notes"], report
    conn = sqlite3.connect(out / "u.db")
    in_notes = conn.execute("SELECT COUNT(DISTINCT article_id) FROM note_articles").fetchone()[0]
    assert in_notes == conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 6  # each source reached a note
    for path in (out / "notes").iterdir():
        text = path.read_bytes().decode("utf-8")
        assert not any(c in text for c in "\x07\x00\x1b\ufffe\x0b\x7f\x85"), path


def test_feed_item_link_with_a_space_is_skipped_not_a_traceback(tmp_path: Path) -> None:
    items = ('<item><title>Teaser</title><link>http://127.0.0.1:9/a page with spaces</link><description>short</description></item>'
             f'<item><title>Full</title><link>https://example.invalid/full</link><description><![CDATA[{article(7) + " word" * 160}]]>'
             '</description></item>')
    feed = tmp_path / "feed.xml"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>', encoding="utf-8")
    after = tmp_path / "z-after.txt"
    after.write_text(article(8, "rivers"), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", str(feed), str(after), "--out", str(out), "--db", str(out / "u.db"), "--json", "--timeout", "2", env=HASHING)
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    assert report["sources"] == 2 and report["notes"]  # the full item and the file after the feed were built
    [(origin, reason)] = [(s["source"], s["reason"]) for s in report["skipped"]]
    assert "a page with spaces" in origin and "\n" not in reason


def test_glossary_add_cleans_control_characters_so_builds_keep_working(tmp_path: Path) -> None:
    db = str(tmp_path / "g.db")
    proc = run_cli("glossary", "add", "Zorbian Accord", "-d", "A pact\x07 on \x1b[31mtrade\ufffe (GS2: International Relations)", "--db", db)
    assert proc.returncode == 0, proc.stderr
    shown = run_cli("glossary", "show", "Zorbian Accord", "--db", db, "--json").stdout
    assert "\\u0007" not in shown and "\\u001b" not in shown and "A pact on" in shown
    f = tmp_path / "a.txt"
    f.write_text(article(1).replace("Memorandum of Understanding", "Zorbian Accord"), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", str(f), "--out", str(out), "--db", db, "--json", env=HASHING)
    assert proc.returncode in (0, 1), proc.stderr
    [note] = json.loads(proc.stdout)["notes"]
    assert "Zorbian Accord" in Path(note).read_text(encoding="utf-8")


def test_annotate_empty_pages_does_not_stop_the_batch(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a-doctype.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    (src / "b-comment.html").write_text("<!-- nothing here -->", encoding="utf-8")
    (src / "c-real.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("annotate", str(src), "--out", str(out), "--db", str(tmp_path / "g.db"))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert sorted(p.stem for p in out.iterdir() if not p.name.startswith(".")) == ["a-doctype", "b-comment", "c-real"]
    assert (out / "a-doctype.html").read_text(encoding="utf-8") == "<!DOCTYPE html>"
    assert 'class="key-term"' in (out / "c-real.html").read_text(encoding="utf-8")
    proc = run_cli("glossary", "candidates", str(src), "--db", str(tmp_path / "g.db"))
    assert proc.returncode == 0, proc.stderr


def test_a_page_100000_divs_deep_is_parsed_checked_and_built_in_seconds(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body><h3>Overview</h3>" + "<div>" * 100_000 + f"<p>{article(1)}</p>" + "</div>" * 100_000 + "</body></html>",
                    encoding="utf-8")
    for args in (["parse", str(page)], ["check", str(page)]):
        start = time.monotonic()
        proc = run_cli(*args, timeout=120)
        assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
        assert time.monotonic() - start < 30, args
    start = time.monotonic()
    out = tmp_path / "out"
    proc = run_cli("build", str(page), "--out", str(out), "--db", str(out / "u.db"), "--json", env=HASHING, timeout=120)
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
    assert time.monotonic() - start < 60
    [note] = json.loads(proc.stdout)["notes"]  # the text under 100,000 levels reached a note
    assert "Rajnath Singh" in Path(note).read_text(encoding="utf-8")


def test_a_build_cleans_only_temp_files_of_dead_builds(tmp_path: Path) -> None:
    from upscnotes.pipeline import remove_stale_temps

    notes = tmp_path / "notes"
    notes.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        live = notes / f".a.html.{sleeper.pid}.0123abcd.tmp"
        live.write_text("being written", encoding="utf-8")
        dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
        dead = notes / f".b.html.{dead_pid}.0123abcd.tmp"
        dead.write_text("left by a killed build", encoding="utf-8")
        old_style = notes / ".c.html.tmp"
        old_style.write_text("x", encoding="utf-8")
        remove_stale_temps(notes)
        assert live.exists() and not dead.exists() and not old_style.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


# -- 9. limits ------------------------------------------------------------------------------------------------------

def test_max_articles_caps_a_build_with_one_line(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(4):
        (src / f"{i}.txt").write_text(article(i, f"topic {i}"), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", str(src), "--out", str(out), "--db", str(out / "u.db"), "--max-articles", "2", env=HASHING)
    assert proc.returncode in (0, 1), proc.stderr
    assert list((out / "notes").glob("*.html"))
    lines = [ln for ln in proc.stderr.splitlines() if "--max-articles" in ln]
    assert len(lines) == 1 and "2 article(s) not built" in " ".join(proc.stderr.split()), proc.stderr
    conn = sqlite3.connect(out / "u.db")
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2


def test_two_gigabyte_feed_through_a_fifo_stops_at_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.xml"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    writer = subprocess.Popen([sys.executable, "-c", """
import sys
out = open(sys.argv[1], "wb")
out.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>')
item = b"<item><title>t</title><description>" + b"word " * 2000 + b"</description></item>"
sent = 0
try:
    while sent < 2 * 1024 ** 3:
        out.write(item)
        sent += len(item)
except BrokenPipeError:
    pass
print(sent)
""", str(fifo)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = tmp_path / "out"
    measure = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "sys.stderr.write(p.stderr); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(p.returncode)")
    proc = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "upscnotes", "build", str(fifo), "--out", str(out),
                           "--db", str(out / "u.db"), "--max-bytes", "20000000"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **HASHING})
    sent = int(writer.communicate(timeout=60)[0].strip() or 0)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if "too large" in ln]
    assert len(lines) == 1 and str(fifo) in lines[0] and "20,000,000" in lines[0], proc.stderr
    assert sent < 200_000_000  # the writer was cut off near the limit, not drained to 2 GB
    peak_mb = int(proc.stdout.strip()) / 1024
    assert peak_mb < 500, peak_mb
