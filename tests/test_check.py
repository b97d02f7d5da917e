"""``upscnotes check``: positioned problems, exit codes, JSON."""

from __future__ import annotations

import json

from conftest import run_cli

from upscnotes.notes.lint import check_note
from upscnotes.notes.parse import parse_note


def test_check_seed001_reports_three_wrong_paper_tags_naming_gs2(seed001):
    proc = run_cli("check", str(seed001))
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    wrong = [ln for ln in lines if " gs-wrong-paper " in ln]
    assert len(wrong) == 3
    assert all("GS3: International Relations" in ln and "belongs to GS2" in ln for ln in wrong)
    assert any(" truncated " in ln for ln in lines)
    assert all(ln.startswith(f"{seed001}:") for ln in lines)


def test_check_seed000_exactly_truncation_and_two_missing_sections(seed000):
    proc = run_cli("check", str(seed000), "--json")
    assert proc.returncode == 1
    rows = json.loads(proc.stdout)
    assert sorted((r["code"], r["message"]) for r in rows if r["code"] == "missing-section") == [
        ("missing-section", "section 'Important Facts' is missing"), ("missing-section", "section 'UPSC Relevance' is missing")]
    assert sorted(r["code"] for r in rows) == ["missing-section", "missing-section", "truncated"]
    assert all({"file", "line", "col", "code", "message", "fix"} <= set(r) for r in rows)


def test_check_clean_note_passes(tmp_path):
    note = tmp_path / "ok.html"
    note.write_text('<h3>Overview</h3><p>A <span class="key-term" data-definition="Repo rate \u2014 Rate at which the RBI lends to banks (GS3: Economy)">repo rate</span> cut.</p>'
                    '<h3>Key Developments</h3><ul><li>Cut.</li></ul><h3>Important Facts</h3><p>6.25%.</p><h3>UPSC Relevance</h3><p>GS3</p>',
                    encoding="utf-8")
    proc = run_cli("check", str(note))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def codes(src: str) -> list[str]:
    return [p.code for p in check_note(parse_note(src)) if p.code != "missing-section"]


def test_term_problems():
    assert codes('<h3>Overview</h3><p><span class="key-term">NITI</span></p>') == ["term-no-definition"]
    assert codes('<h3>Overview</h3><p><span class="key-term" data-definition="NITI Aayog \u2014 Policy think tank">NITI</span></p>') == ["definition-no-gs-tag"]
    assert codes('<h3>Overview</h3><p><span class="key-term" data-definition="X \u2014 a thing (GS2: Astrology)">X</span></p>') == ["gs-unknown-subject"]
    assert codes('<h3>Overview</h3><p><span class="key-term" data-definition="MoU \u2014 one (GS2: Polity)">MoU</span> '
                 '<span class="key-term" data-definition="MoU \u2014 two (GS2: Polity)">MoU</span></p>') == ["term-conflict"]
    assert codes('<h3>Overview</h3><p><span class="key-term" data-definition="MoU \u2014 one (GS2: Polity)">MoU</span> '
                 '<span class="key-term" data-definition="MoU \u2014 one (GS2: Polity)">MoUs</span></p>') == []


def test_unknown_section_and_unsafe_markup():
    found = codes('<h3>Overview</h3><p onclick="x()">a</p><h3>Gossip</h3><script>alert(1)</script><p><a href="javascript:alert(1)">l</a></p>')
    assert found.count("unsafe-markup") == 3 and "unknown-section" in found
