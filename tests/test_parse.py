"""The reader on the seeds: every dialect, every term, truncation by offset."""

from __future__ import annotations

import json

from conftest import run_cli

from upscnotes.notes.parse import match_section, parse_note, read_note

SEED000_HEADS = [
    "Rajnath Singh", "Ahn Gyu\u2011back", "Memorandum of Understanding", "Self\u2011propelled air\u2011defence system",
    "Directed energy weapon system", "Make in India", "National Defence College", "Lee Yong\u2011chul",
    "India\u2011Korea Defence Innovation Accelerator Ecosystem", "Aatmanirbhar Bharat",
]
SEED001_HEADS = ["Act East Policy", "Indo\u2011Pacific", "Memorandum of Understanding",
                 "India\u2011Korea Defence Innovation Accelerator Ecosystem", "No First Use"]


def test_seed000_every_term_head_definition_tags(seed000):
    note = read_note(str(seed000))
    assert [k.head for k in note.key_terms] == SEED000_HEADS
    assert all(k.definition and k.gs_tags for k in note.key_terms)
    assert [s.title for s in note.sections] == ["Overview", "Key Developments"]
    mou = note.key_terms[2]
    assert (mou.text, mou.abbreviation) == ("MoUs", "MoU")
    assert mou.definition == "Formal agreement between governments or institutions to cooperate on specific projects"
    kindx = note.key_terms[8]
    assert kindx.abbreviation == "KIND\u2011X"
    assert [t.label() for t in kindx.gs_tags] == ["GS2: Polity", "GS3: Technology"]
    assert note.key_terms[0].text == "Union Defence Minister Rajnath Singh"
    assert note.key_terms[1].section == "Overview" and mou.section == "Key Developments"


def test_seed000_truncation_keeps_partial_text(seed000):
    note = read_note(str(seed000))
    text = seed000.read_text(encoding="utf-8")
    trunc = [w for w in note.warnings if w.code == "truncated"]
    assert len(trunc) == 1
    assert trunc[0].offset == text.rindex("<li>")
    assert note.sections[1].text.endswith("Signing of a cooperation agreement between Larsen & Toub")


def test_seed001_dialect_leadin_h2_and_semicolon_tags(seed001):
    note = read_note(str(seed001))
    assert [k.head for k in note.key_terms] == SEED001_HEADS
    assert [s.title for s in note.sections] == ["Overview", "Key Developments", "Important Facts", "UPSC Relevance"]
    overview = note.sections[0]
    # Only the <strong> is the heading: the rest of the paragraph is Overview body text, with its bold names.
    assert overview.text.startswith("On 20 May 2026, Raksha Mantri Shri Rajnath Singh met")
    assert "<strong>Raksha Mantri Shri Rajnath Singh</strong>" in overview.html
    mou = note.key_terms[2]
    assert (mou.head, mou.abbreviation, mou.definition) == ("Memorandum of Understanding", "MoU", "a formal agreement outlining cooperation areas")
    indo = note.key_terms[1]
    assert indo.definition == "Geopolitical region spanning the Indian and Pacific Oceans; central to India\u2019s strategic outlook"
    bad = [(k.head, t.label(), t.suggested_paper) for k in note.key_terms for t in k.gs_tags if not t.valid]
    assert [b[1] for b in bad] == ["GS3: International Relations"] * 3
    assert {b[2] for b in bad} == {"GS2"}
    text = seed001.read_text(encoding="utf-8")
    trunc = [w for w in note.warnings if w.code == "truncated"]
    assert trunc and trunc[0].offset == text.rindex("<span")
    assert note.sections[3].text == "1."


def test_author_characters_kept(seed000):
    note = read_note(str(seed000))
    assert "Ahn Gyu\u2011back" in note.sections[0].text
    assert "Gyu\u2011back" in note.sections[0].html


def test_parse_json_cli_shape(seed000, seed001):
    proc = run_cli("parse", str(seed000), str(seed001), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [len(d["key_terms"]) for d in data] == [10, 5]
    first = data[0]
    assert set(first) >= {"file", "title", "date", "sections", "key_terms", "sources", "warnings"}
    term = first["key_terms"][2]
    assert term["text"] == "MoUs" and term["head"] == "Memorandum of Understanding" and term["abbreviation"] == "MoU"
    assert term["gs_tags"] == [{"paper": "GS2", "subject": "Polity", "valid": True, "line_id": "GS2-01"}]
    assert [w["code"] for w in first["warnings"]] == ["truncated"]
    assert isinstance(first["warnings"][0]["offset"], int)


def test_section_name_variants():
    assert match_section("Key Highlights") == "Key Developments"
    assert match_section("Relevance for UPSC:") == "UPSC Relevance"
    assert match_section("Imporant Facts") == "Important Facts"
    assert match_section("Overveiw") == "Overview"
    assert match_section("Weather in Delhi") is None


def test_heading_variants_h4_and_canonical_title():
    src = ('<article class="upsc-note" data-date="2026-05-20"><h2>Ties deepen</h2><h4>Summary</h4><p>A met B.</p>'
           '<h4>Key Highlights</h4><ul><li>One</li></ul><h3>Key Facts</h3><p>Rs 5 crore.</p><h3>Relevance</h3><p>GS2</p></article>')
    note = parse_note(src)
    assert note.title == "Ties deepen" and note.date == "2026-05-20"
    assert [s.title for s in note.sections] == ["Overview", "Key Developments", "Important Facts", "UPSC Relevance"]


def test_abbreviation_first_head():
    src = '<h3>Overview</h3><p><span class="key-term" data-definition="KIND\u2011X (India\u2011Korea Defence Innovation Accelerator Ecosystem) \u2014 A platform (GS3: Technology)">KIND\u2011X</span></p>'
    term = parse_note(src).key_terms[0]
    assert (term.head, term.abbreviation) == ("India\u2011Korea Defence Innovation Accelerator Ecosystem", "KIND\u2011X")


def test_roman_and_paper_wordings():
    src = ('<h3>Overview</h3><p><span class="key-term" data-definition="BSF \u2014 Border force; important for GS-III: Internal Security">BSF</span> '
           '<span class="key-term" data-definition="Budget \u2014 Annual statement in GS Paper 3: Economy">Budget</span></p>')
    terms = parse_note(src).key_terms
    assert [t.label() for k in terms for t in k.gs_tags] == ["GS3: Internal Security", "GS3: Economy"]
    assert terms[1].definition == "Annual statement"
