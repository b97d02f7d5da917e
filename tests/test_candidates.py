"""``glossary candidates``: unknown key-looking terms with their sentence and a defining apposition."""

from __future__ import annotations

import json

from conftest import run_cli

TEXT = ("Larsen & Toubro signed two agreements with Hanwha Aerospace, South Korea's largest defence manufacturer, in Seoul. "
        "The Defence Acquisition Program Administration (DAPA) oversees procurement for the Korean armed forces. "
        "India's Memorandum of Understanding with Korea covers cyber security.")


def test_candidates_with_definitions_and_known_terms_left_out(tmp_path) -> None:
    src = tmp_path / "news.txt"
    src.write_text(TEXT, encoding="utf-8")
    proc = run_cli("glossary", "candidates", str(src), "--json", "--db", str(tmp_path / "g.db"))
    assert proc.returncode == 0, proc.stderr
    rows = {r["term"]: r for r in json.loads(proc.stdout)}
    assert "Hanwha Aerospace" in rows
    assert rows["Hanwha Aerospace"]["definition"] == "South Korea's largest defence manufacturer"
    assert rows["Hanwha Aerospace"]["sentence"].startswith("Larsen & Toubro signed")
    assert "Memorandum of Understanding" not in rows  # already in the starter glossary
    assert any("Defence Acquisition Program Administration" in t for t in rows)


def test_candidates_bad_input_is_one_line(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    proc = run_cli("glossary", "candidates", str(empty), "--db", str(tmp_path / "g.db"))
    assert proc.returncode == 2 and "empty file" in proc.stderr and "Traceback" not in proc.stderr


def test_candidates_read_a_feed_and_markdown_by_content(tmp_path) -> None:
    from conftest import ROOT

    feed_copy = tmp_path / "todays-feed.txt"  # the name says text; the content is an RSS feed
    feed_copy.write_text((ROOT / "examples" / "feed.xml").read_text(encoding="utf-8"), encoding="utf-8")
    md = tmp_path / "brief.md"
    md.write_text("# Brief\n\n**" + TEXT + "**\n", encoding="utf-8")
    proc = run_cli("glossary", "candidates", str(feed_copy), str(md), "--json", "--db", str(tmp_path / "g.db"))
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    by_file = {r["file"]: r for r in rows}
    assert str(feed_copy) in by_file and str(md) in by_file
    assert not any("<p>" in r["sentence"] or "CDATA" in r["sentence"] for r in rows)  # article text, not markup
    assert not any(r["term"].startswith("*") for r in rows)  # Markdown emphasis is gone
    assert any("Hanwha Aerospace" in r["term"] for r in rows if r["file"] == str(md))


def test_candidates_of_a_feed_without_article_text_say_so(tmp_path) -> None:
    feed = tmp_path / "links.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>One</title>'
                    "<link>http://127.0.0.1:9/one</link></item></channel></rss>", encoding="utf-8")
    proc = run_cli("glossary", "candidates", str(feed), "--db", str(tmp_path / "g.db"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "links.xml: no item carries its article text" in proc.stderr
