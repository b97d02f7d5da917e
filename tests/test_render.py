"""Writing notes: canonical HTML, JSON, Markdown; round trip parse(render(n)) == n over generated notes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from upscnotes.model import GsTag, KeyTerm, Note, Source, note_from_dict, note_to_dict
from upscnotes.notes.build import make_section, section_terms
from upscnotes.notes.parse import CANONICAL_SECTIONS, parse_note, read_note
from upscnotes.notes.render import render_html, render_json, render_markdown
from upscnotes.syllabus.tags import validate_tag

VALID_TAGS = [("GS1", "History"), ("GS1", "Art and Culture"), ("GS2", "Polity"), ("GS2", "International Relations"),
              ("GS3", "Economy"), ("GS3", "Science and Technology"), ("GS3", "Environment"), ("GS4", "Ethics"), ("Prelims", "Polity")]
CONNECTORS = {"for", "in", "under", "of", "relevant", "crucial", "important", "key", "significant", "useful", "central", "pertinent",
              "essential", "vital", "topic", "tagged", "and", "to", "gs", "prelims", "general", "paper"}

lower_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéñ\u2011", min_size=2, max_size=9).filter(
    lambda w: w.casefold() not in CONNECTORS and w[0].isalpha() and w[-1].isalpha())
title_word = st.builds(lambda w: w[0].upper() + w[1:], lower_word)
phrase = st.lists(lower_word, min_size=1, max_size=8).map(" ".join)
free_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<>&\u2028\u2029"), min_size=1, max_size=40)
plain_text = st.lists(st.sampled_from(["India", "signed", "two", "Rs 1.54 lakh crore", "&", "<b>", "\"q\"", "’", "Seoul", "a"]),
                      min_size=1, max_size=6).map(" ".join)


@st.composite
def key_terms(draw: st.DrawFn) -> KeyTerm:
    head = " ".join(draw(st.lists(title_word, min_size=1, max_size=4)))
    abbr = draw(st.one_of(st.none(), st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=6)))
    tags = [validate_tag(GsTag(p, s)) for p, s in draw(st.lists(st.sampled_from(VALID_TAGS), max_size=2, unique=True))]
    text = draw(st.one_of(st.just(head), phrase))
    return KeyTerm(text=text, head=head, definition=draw(phrase), abbreviation=abbr, gs_tags=tags)


@st.composite
def notes(draw: st.DrawFn) -> Note:
    names = draw(st.lists(st.sampled_from(CANONICAL_SECTIONS), min_size=1, max_size=4, unique=True))
    names.sort(key=CANONICAL_SECTIONS.index)
    sections, terms = [], []
    for name in names:
        inline = st.lists(st.one_of(plain_text.map(lambda s: s + " "), key_terms()), min_size=1, max_size=4)
        paras = draw(st.lists(inline, max_size=2))
        bullets = draw(st.lists(inline, max_size=3))
        if not paras and not bullets:
            paras = [["Text."]]
        sections.append(make_section(name, paras, bullets))
        terms.extend(section_terms(name, paras, bullets))
    title = draw(st.one_of(st.none(), free_text.map(lambda s: " ".join(s.split())).filter(bool)))
    date = draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
    sources = draw(st.lists(st.builds(
        Source, title=phrase, url=st.one_of(st.none(), lower_word.map(lambda w: f"https://example.org/{w}?a=1&b=2")),
        publisher=st.one_of(st.none(), title_word), date=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))), max_size=3))
    return Note(title=title, date=date, sections=sections, key_terms=terms, sources=sources)


@settings(max_examples=150, deadline=None)
@given(notes())
def test_round_trip_html(note: Note) -> None:
    assert parse_note(render_html(note)) == note


@settings(max_examples=50, deadline=None)
@given(notes())
def test_round_trip_json(note: Note) -> None:
    assert note_from_dict(json.loads(render_json(note))) == note


def test_rendering_a_seed_keeps_every_term_definition_and_tag(seed000, seed001):
    for seed in (seed000, seed001):
        note = read_note(str(seed))
        again = parse_note(render_html(note))
        assert again.key_terms == note.key_terms
        assert [(t.text, t.head, t.abbreviation, t.definition, [g.label() for g in t.gs_tags]) for t in again.key_terms] == \
               [(t.text, t.head, t.abbreviation, t.definition, [g.label() for g in t.gs_tags]) for t in note.key_terms]
        assert [s.title for s in again.sections] == [s.title for s in note.sections]
        assert [s.text for s in again.sections] == [s.text for s in note.sections]


def test_canonical_html_shape(seed001):
    out = render_html(read_note(str(seed001)))
    doc = lxml_html.fragment_fromstring(out)
    assert doc.tag == "article" and doc.get("class") == "upsc-note"
    assert [h.text for h in doc.findall("h3")] == list(CANONICAL_SECTIONS)
    spans = doc.xpath('//span[@class="key-term"]')
    assert len(spans) == 5 and all(s.get("tabindex") == "0" for s in spans)
    assert spans[2].get("data-definition").startswith("Memorandum of Understanding (MoU) \u2014 a formal agreement")


def test_sources_footer_round_trip():
    note = Note(title="T", date="2026-05-20", sections=[make_section("Overview", [["A met B."]])],
                sources=[Source("Ministers meet", "https://example.org/x?a=1&b=2", "Press Desk", "2026-05-20")])
    out = render_html(note)
    assert "<footer class=\"sources\">" in out and "Press Desk, <time datetime=\"2026-05-20\">20 May 2026</time>" in out
    assert parse_note(out).sources == note.sources


def test_markdown_has_sections_and_footnotes(seed000):
    md = render_markdown(read_note(str(seed000)))
    assert "## Overview" in md and "## Key Developments" in md
    assert "**MoUs**[^3]" in md
    assert "[^3]: Memorandum of Understanding (MoU) \u2014 Formal agreement" in md


def test_json_carries_every_field(seed001):
    data = json.loads(render_json(read_note(str(seed001))))
    assert data == note_to_dict(read_note(str(seed001)))
