"""``upscnotes classify``: ranked papers and lines with evidence; "no clear GS paper" for irrelevant news."""

from __future__ import annotations

import json

from conftest import run_cli


def test_classify_seed_and_cricket(tmp_path, seed000) -> None:
    cricket = tmp_path / "cricket.txt"
    cricket.write_text("India beat Australia by six wickets in the third ODI at Mumbai; Kohli scored 112 not out. "
                       "The series is now level at 1-1 with two matches to play.", encoding="utf-8")
    proc = run_cli("classify", str(seed000), str(cricket), "--json", "--db", str(tmp_path / "g.db"))
    assert proc.returncode == 0, proc.stderr
    seed_row, cricket_row = json.loads(proc.stdout)
    assert seed_row["file"] == str(seed000) and cricket_row["file"] == str(cricket)
    assert cricket_row["labels"] == [] and cricket_row["no_clear_paper"] is True
    seed = seed_row["labels"]
    papers = {label["paper"] for label in seed[:3]}
    assert {"GS2", "GS3"} <= papers
    assert seed[0]["line_id"] in ("GS2-17", "GS2-18") and seed[0]["evidence"]
    assert all({"paper", "line_id", "line", "score", "evidence"} <= set(label) for label in seed)
    text = run_cli("classify", str(cricket)).stdout
    assert "no clear GS paper" in text
