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
