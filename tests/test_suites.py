"""Issue 14, point 6: suites nobody on the team wrote, through ingest, parse, annotate, check and build.

Every html5lib tree-construction ``#data`` case (read as bytes) is a page; every big-list-of-naughty-strings entry,
plus NUL, CR and LF, and every Trojan Source line is an article body, a title, a note and a glossary definition.
Each case sits in its own article of 100+ distinct words, so no filter, deduplication or clustering can drop it;
the build runs once over all of them (hashing embeddings, to stay fast) and the test first asserts that every
case reached a note. Then: no traceback anywhere, every byte written is valid UTF-8, and every text run holding a
bidi control is isolated (``<bdi>``) in the HTML written, with the author's characters kept.
"""

from __future__ import annotations

import html
import json
import random
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import need_shared, run_cli
from lxml import etree
from lxml import html as lxml_html

HASHING = {"UPSCNOTES_EMBEDDER": "hashing"}
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
FUNCTION = ["the", "of", "and", "in", "to", "for", "on", "with", "is", "was", "by", "that", "from", "at", "as"]


def html5lib_cases() -> list[bytes]:
    """The ``#data`` section of every test in every ``.dat`` file, as bytes (without the line break before ``#errors``)."""
    cases: list[bytes] = []
    for dat in sorted(need_shared("testdata", "html5lib-tests", "tree-construction").rglob("*.dat")):
        raw = dat.read_bytes()
        for block in re.split(rb"(?m)^#data\n", raw)[1:]:
            m = re.search(rb"\n#(?:errors|document-fragment|script-off|script-on|new-errors|document)\b", block)
            cases.append(block[: m.start()] if m else block)
    return cases


def naughty_strings() -> list[str]:
    folder = need_shared("testdata", "adversarial-text")
    strings = json.loads((folder / "blns.json").read_text(encoding="utf-8")) + ["\x00", "\r", "\n"]
    strings += [row["text"] for row in json.loads((folder / "trojan_source_lines.json").read_text(encoding="utf-8"))]
    return strings


def filler(seed: int, vocabulary: list[str], words: int = 110) -> str:
    """Distinct English-looking prose for case ``seed``: no two cases share enough words to look like one story."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < words:
        sentence = [rng.choice(FUNCTION) if k % 2 else rng.choice(vocabulary) for k in range(12)]
        out.extend(sentence)
        out[-1] += "."
    out[0] = out[0].capitalize()
    return " ".join(out)


def vocabulary() -> list[str]:
    from importlib import resources

    words: set[str] = set()
    for path in resources.files("upscnotes.glossary").iterdir():
        if path.name.startswith("starter") and path.name.endswith(".json"):
            words.update(w.lower() for w in re.findall(r"\b[A-Za-z]{4,}\b", path.read_text(encoding="utf-8")) if w.lower() not in FUNCTION)
    return sorted(words)


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("suites")
    pages, articles, notes, texts = (root / "src" / d for d in ("pages", "articles", "notes", "texts"))
    for d in (pages, articles, notes, texts):
        d.mkdir(parents=True)
    vocab = vocabulary()
    cases = html5lib_cases()
    strings = naughty_strings()
    assert len(cases) > 1500 and len(strings) > 590
    for i, case in enumerate(cases):
        intro = filler(i, vocab).encode()
        (pages / f"p{i:04d}.html").write_bytes(b"<!DOCTYPE html><html><head><title>Page %d</title></head><body><article><h1>Page %d report</h1><p>"
                                               % (i, i) + intro + b"</p>" + case + b"</article></body></html>")
    for i, s in enumerate(strings):
        term = f"Suite Term {i:04d}"
        body = f"{filler(100_000 + i, vocab)}\n\n{s}\n\nThe {term} was discussed. {filler(200_000 + i, vocab, 20)}"
        (articles / f"a{i:04d}.json").write_text(json.dumps({"title": s, "text": body, "date": "2026-05-20", "publisher": s}), encoding="utf-8")
        definition = html.escape(f"{term} \u2014 {s} (GS2: Polity)", quote=True)
        (notes / f"n{i:04d}.html").write_text(
            f'<article class="upsc-note" lang="en" data-date="2026-05-20"><h2>{html.escape(s)}</h2><h3>Overview</h3>'
            f'<p>{html.escape(s)} <span class="key-term" tabindex="0" data-definition="{definition}">{term}</span>.</p>'
            f"<h3>Key Developments</h3><ul><li>{html.escape(s)}</li></ul></article>\n", encoding="utf-8")
        (texts / f"t{i:04d}.txt").write_text(f"{filler(300_000 + i, vocab)}\n\n{s}\n", encoding="utf-8")
    out = root / "out"
    proc = run_cli("build", str(root / "src" / "pages"), str(articles), str(notes), "--out", str(out), "--db", str(out / "u.db"),
                   "--json", env=HASHING, timeout=1200)
    return {"root": root, "out": out, "cases": cases, "strings": strings, "build": proc}


def no_traceback(proc) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in proc.stderr and "Error:" not in proc.stderr, proc.stderr[-3000:]


def test_every_case_reached_a_note(suite) -> None:  # type: ignore[no-untyped-def]
    proc = suite["build"]
    no_traceback(proc)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    # A few html5lib cases leave a browser nothing to read (a frameset, or markup that turns the page into a table):
    # those are skipped with the reason, never silently, and never more than a handful.
    skipped = report["skipped"]
    assert len(skipped) <= 3 and all(s["reason"] for s in skipped), skipped[:10]
    assert all(Path(s["source"]).parent.name == "pages" for s in skipped), skipped
    n_strings = len(suite["strings"])
    assert report["notes_imported"] == n_strings
    # Stories may gather several cases into one note (clustering); what matters is that none is left out of one.
    assert report["notes"] and all(Path(p).exists() for p in report["notes"])
    conn = sqlite3.connect(suite["out"] / "u.db")
    origins = {row[0] for row in conn.execute(
        "SELECT a.origin FROM articles a JOIN note_articles na ON na.article_id = a.id JOIN notes n ON n.id = na.note_id")}
    expected = {str(p) for d in ("pages", "articles") for p in (suite["root"] / "src" / d).iterdir()} - {s["source"] for s in skipped}
    assert not expected - origins, sorted(expected - origins)[:10]
    # Every naughty string became a glossary definition (empty ones have nothing to define).
    defined = conn.execute("SELECT COUNT(*) FROM terms WHERE head LIKE 'Suite Term %'").fetchone()[0]
    assert defined >= n_strings - 5, defined


def test_everything_written_is_valid_utf8_and_bidi_is_isolated(suite) -> None:  # type: ignore[no-untyped-def]
    written = [p for p in suite["out"].rglob("*") if p.is_file() and p.suffix in (".html", ".json")]
    notes = json.loads(suite["build"].stdout)["notes"]
    assert len(written) >= 2 * len(notes)
    with_bidi = 0
    for path in written:
        text = path.read_bytes().decode("utf-8")  # strict: raises on anything invalid
        if path.suffix == ".html" and BIDI.search(text):
            with_bidi += 1
            assert_bidi_isolated(text, path)
    assert with_bidi >= 1  # Trojan Source lines made it into notes
    conn = sqlite3.connect(suite["out"] / "u.db")
    for table, column in (("notes", "html"), ("notes", "json"), ("articles", "text"), ("articles", "title"), ("definitions", "text")):
        for (value,) in conn.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
            value.encode("utf-8")  # no lone surrogate stored


def assert_bidi_isolated(markup: str, where: object) -> None:
    root = lxml_html.document_fromstring(markup) if "<html" in markup[:300].lower() else lxml_html.fragment_fromstring(markup, create_parent="div")
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("title", "script", "style", "textarea"):
            continue
        if el.text and BIDI.search(el.text):
            assert el.tag == "bdi" or any(a.tag == "bdi" for a in el.iterancestors()), (where, el.text)
        parent = el.getparent()
        if el.tail and BIDI.search(el.tail) and parent is not None:
            assert parent.tag == "bdi" or any(a.tag == "bdi" for a in parent.iterancestors()), (where, el.tail)


def test_parse_and_check_read_every_page_and_note(suite) -> None:  # type: ignore[no-untyped-def]
    src = suite["root"] / "src"
    for command in ("parse", "check"):
        proc = run_cli(command, str(src / "pages"), str(src / "notes"), "--json", timeout=600)
        no_traceback(proc)
        assert proc.returncode in (0, 1), proc.stderr[-2000:]
        rows = json.loads(proc.stdout)
        assert not [r for r in rows if "error" in r], [r for r in rows if "error" in r][:5]
        if command == "parse":
            assert len(rows) == len(suite["cases"]) + len(suite["strings"])


def test_annotate_keeps_every_character_and_isolates_bidi(suite) -> None:  # type: ignore[no-untyped-def]
    root = suite["root"]
    src = root / "src"
    out = root / "annotated"
    proc = run_cli("annotate", str(src / "pages"), str(src / "notes"), str(src / "texts"), "--out", str(out), "--db", str(root / "g.db"),
                   env=HASHING, timeout=900)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr[-2000:]
    outputs = {p.stem: p for p in out.iterdir() if not p.name.startswith(".")}
    assert len(outputs) == len(suite["cases"]) + 2 * len(suite["strings"])
    from upscnotes.text import clean_controls

    kept = 0
    for i, s in enumerate(suite["strings"]):
        path = outputs[f"t{i:04d}"]
        text = path.read_bytes().decode("utf-8")
        if path.suffix != ".txt":
            continue  # the string made the file read as HTML or Markdown (judged by content): markup is not text
        kept += 1
        # Plain text comes back as text with spans: strip them and the author's (cleaned) characters are all there.
        plain = html.unescape(re.sub(r"</?(?:span|bdi)\b[^>]*>", "", text))
        assert clean_controls(s).strip() in plain, (i, s)
    assert kept > 400
    for path in outputs.values():
        markup = path.read_bytes().decode("utf-8")
        if path.suffix == ".html" and BIDI.search(markup):
            assert_bidi_isolated(markup, path)
    # Pages: the visible text is the input's, character for character (spans and <bdi> add markup only).
    from upscnotes.errors import UpscnotesError
    from upscnotes.files import decode_bytes

    compared = 0
    for i in range(0, len(suite["cases"]), 3):
        path = src / "pages" / f"p{i:04d}.html"
        got = outputs[f"p{i:04d}"].read_text(encoding="utf-8")
        try:
            # What annotate read: the page as decoded, control characters cleaned out on the way in.
            # (through one lxml parse and serialisation, which is how annotate writes a page: a few html5lib cases,
            # such as markup-looking text in <noscript>, change in that round trip itself, not in annotation)
            read = lxml_html.document_fromstring(decode_bytes(path.read_bytes(), str(path)).text)
            before = lxml_html.document_fromstring(lxml_html.tostring(read, encoding="unicode", method="html")).text_content()
        except (etree.ParserError, ValueError, UpscnotesError):
            continue
        compared += 1
        # References to control characters (``&#x9d;``) are cleaned as the characters are.
        assert lxml_html.document_fromstring(got).text_content() == clean_controls(before), i
    assert compared > 500


def test_glossary_import_takes_every_note_as_definitions(suite) -> None:  # type: ignore[no-untyped-def]
    root = suite["root"]
    proc = run_cli("glossary", "import", str(root / "src" / "notes"), "--db", str(root / "import.db"), "--no-starter", timeout=600)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr[-2000:]
    exported = run_cli("glossary", "export", "--db", str(root / "import.db"))
    data = json.loads(exported.stdout)
    assert len(data["terms"]) >= len(suite["strings"]) - 5
