"""Annotation: leftmost-longest, boundaries, case rules, never inside tags/links/headings, author's characters kept."""

from __future__ import annotations

import html
import re

import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from upscnotes.glossary.annotate import Annotator
from upscnotes.glossary.matcher import TermMatcher
from upscnotes.glossary.store import Glossary
from upscnotes.model import GsTag
from upscnotes.notes.parse import parse_note, read_note


def unwrap(text: str) -> str:
    return re.sub(r'<span class="key-term"[^>]*>(.*?)</span>', r"\1", text, flags=re.S)


def test_seed000_glossary_annotates_unwrapped_seed001(tmp_path, seed000, seed001):
    db = str(tmp_path / "g.db")
    assert run_cli("glossary", "import", str(seed000), "--db", db, "--no-starter").returncode == 0
    bare = tmp_path / "001-bare.html"
    bare.write_text(unwrap(seed001.read_text(encoding="utf-8")), encoding="utf-8")
    proc = run_cli("annotate", str(bare), "--db", db)
    assert proc.returncode == 0, proc.stderr
    note = parse_note(proc.stdout)
    heads = {k.head for k in note.key_terms}
    for wanted in ["Memorandum of Understanding", "India\u2011Korea Defence Innovation Accelerator Ecosystem", "Rajnath Singh",
                   "Ahn Gyu\u2011back", "National Defence College"]:
        assert wanted in heads, (wanted, heads)
    texts = {k.head: k.text for k in note.key_terms}
    assert texts["Ahn Gyu\u2011back"] == "Ahn Gyu\u2011back"  # U+2011 kept
    assert texts["Memorandum of Understanding"] == "MoU"
    # Headings stay headings; the lead-in "Overview" paragraph is body text and was annotated.
    assert [s.title for s in note.sections][:2] == ["Overview", "Key Developments"]
    assert note.key_terms[0].section == "Overview"


def matcher(*forms: str) -> TermMatcher:
    return TermMatcher(list(enumerate(forms)))


def found(m: TermMatcher, text: str) -> list[str]:
    return [text[x.start:x.end] for x in m.find(text)]


def test_leftmost_longest_and_failed_long_match_does_not_hide_short():
    m = matcher("Make", "Make in India", "India", "Indian Ocean")
    assert found(m, "Make in India and Indian Ocean") == ["Make in India", "Indian Ocean"]
    assert found(m, "Make in Indiana.") == ["Make"]
    assert found(m, "Indians") == []


def test_case_rules_and_hyphens():
    m = matcher("MoU", "Indo-Pacific", "Act East Policy")
    assert found(m, "the mou and the MoU") == ["MoU"]
    assert found(m, "act east policy, INDO\u2011PACIFIC") == ["act east policy", "INDO\u2011PACIFIC"]


def test_regex_metacharacters_and_substrings():
    m = matcher("a.b*c+", "C++", "(x)|[y]", "Union", "Union Budget")
    assert found(m, "see a.b*c+ and axb then (x)|[y] in the Union Budget.") == ["a.b*c+", "(x)|[y]", "Union Budget"]


def test_annotate_html_never_touches_tags_links_headings(tmp_path):
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    g.add_term("Repo rate", None, "Rate at which the RBI lends to banks", [GsTag("GS3", "Economy")])
    a = Annotator(g)
    page = ('<!DOCTYPE html><html><head><title>repo rate</title></head><body><h1>Repo rate cut</h1>'
            '<p title="repo rate">The <a href="/repo-rate">repo rate</a> fell; the repo rate is 6%.</p>'
            '<h2>More</h2><p>Repo rate again, repo rate.</p></body></html>')
    out = a.annotate_html(page)
    doc = lxml_html.document_fromstring(out)
    spans = doc.xpath('//span[@class="key-term"]')
    assert [s.text for s in spans] == ["repo rate", "Repo rate"]  # first per section; not in link, title, heading
    assert doc.xpath("//h1")[0].text == "Repo rate cut" and doc.xpath("//a")[0].text == "repo rate"
    assert doc.xpath("//p")[0].get("title") == "repo rate"
    assert out.startswith("<!DOCTYPE html>")
    every = Annotator(g, every=True).annotate_html(page)
    assert len(lxml_html.document_fromstring(every).xpath('//span[@class="key-term"]')) == 3


def test_existing_spans_kept_and_count_as_first(tmp_path, seed001):
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    g.import_note(read_note(str(seed001)))
    note = read_note(str(seed001))
    out = Annotator(g).annotate_note(note)
    # Every span the note had is still there, same text, term, definition and section, in the same order.
    before = [(k.text, k.head, k.definition, k.section) for k in note.key_terms]
    after = iter((k.text, k.head, k.definition, k.section) for k in out.key_terms)
    assert before and all(any(span == later for later in after) for span in before), before
    heads = [k.head for k in out.key_terms]
    assert heads.count("Memorandum of Understanding") == 1  # already marked in Key Developments


def test_plain_text_annotation_escapes(tmp_path):
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    g.add_term("Repo rate", None, 'Rate "quoted" <b>', [GsTag("GS3", "Economy")])
    out = Annotator(g).annotate_text("<script>x</script> repo rate & more")
    assert out.startswith("&lt;script&gt;") and "&amp; more" in out
    assert 'data-definition="Repo rate \u2014 Rate &quot;quoted&quot; &lt;b&gt; (GS3: Economy)"' in out


def test_vectorised_checks_agree_with_one_by_one_checks(tmp_path) -> None:
    """The numpy fast path must find exactly what checking every match in Python finds."""
    import numpy as np
    from conftest import ROOT

    from upscnotes.ingest import ingest
    from upscnotes.text import normalize

    g = Glossary.open(str(tmp_path / "g.db"))  # the starter glossary: 650 terms with their aliases
    text = "\n\n".join(a.text for a in ingest([str(ROOT / "examples" / "sources"), str(ROOT / "examples" / "feed.xml")]).articles)
    text += " Indian ocean, India's, MoUs, mous, Indo Pacific, Make in Indiana, G20's, NITI-Aayog."
    m = TermMatcher(g.match_forms())
    n = normalize(text)
    fast = m.find_arrays(n)
    m._p_fast[:] = False
    slow = m.find_arrays(n)
    assert len(fast[0]) > 100
    assert all(np.array_equal(x, y) for x, y in zip(fast, slow))


def test_white_space_runs_match_one_space_but_paragraph_breaks_do_not():
    m = matcher("Memorandum of Understanding", "New Delhi", "Delhi", "caf\u00e9 society")
    wrapped = "signed a Memorandum of\n        Understanding  in New\tDelhi"
    assert found(m, wrapped) == ["Memorandum of\n        Understanding", "New\tDelhi"]
    assert found(m, "New  Delhi; New\r\nDelhi; New \n Delhi") == ["New  Delhi", "New\r\nDelhi", "New \n Delhi"]
    assert found(m, "in New\n\nDelhi and New \n \n Delhi") == ["Delhi", "Delhi"]  # a paragraph break is not crossed
    assert found(m, "Cafe\u0301\n  society") == ["Cafe\u0301\n  society"]  # non-ASCII forms take the one-by-one check


def test_wrapped_html_source_is_annotated_with_the_authors_characters(tmp_path):
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    g.add_term("Memorandum of Understanding", "MoU", "A written agreement", [GsTag("GS2", "International Relations")])
    page = "<html><body><p>India and Korea signed a Memorandum of\n    Understanding on defence.</p></body></html>"
    out = Annotator(g).annotate_html(page)
    span = lxml_html.fromstring(out).find_class("key-term")[0]
    assert span.text == "Memorandum of\n    Understanding"
    assert lxml_html.fromstring(out).text_content() == lxml_html.fromstring(page).text_content()


def test_annotate_text_equals_annotating_match_by_match(tmp_path):
    """The array assembly of annotate_text (one escaped copy, pieces joined in C) against a plain loop over find()."""
    from upscnotes.notes.parse import render_span

    g = Glossary.open(str(tmp_path / "g.db"))  # the starter glossary
    text = ("The RBI & SEBI <b>met</b>; the Reserve Bank of India\ncut the repo rate. Make in India\u2019s \u201cPLI\u201d "
            "NITI Aayog, Indo\u2011Pacific & G20 > G7; cafe\u0301 ISRO.\n\n") * 30
    for every in (False, True):
        a = Annotator(g, every=every)
        seen: set[int] = set()
        expected, pos = [], 0
        for x in a.matcher.find(text):
            if not every and x.term_id in seen:
                continue
            seen.add(x.term_id)
            expected += [html.escape(text[pos:x.start], quote=False), render_span(a.key_term(x.term_id, text[x.start:x.end]))]
            pos = x.end
        expected.append(html.escape(text[pos:], quote=False))
        out = a.annotate_text(text)
        assert out == "".join(expected)
        assert out.count('class="key-term"') >= (300 if every else 8)


def test_a_term_right_before_a_paragraph_break_is_found():
    m = matcher("Rajnath Singh", "Raksha Mantri Shri Rajnath Singh")
    assert found(m, "Raksha Mantri Shri Rajnath Singh\n\nmet") == ["Raksha Mantri Shri Rajnath Singh"]
    assert found(m, "met Rajnath Singh\n\n") == ["Rajnath Singh"]


def test_very_long_white_space_runs_are_linear():
    """A run of 200,000 spaces or line breaks is read in one linear scan (a step-by-step widening would be quadratic)."""
    m = matcher("New Delhi", "Delhi")
    assert found(m, "New" + " " * 200_000 + "Delhi") == ["New" + " " * 200_000 + "Delhi"]
    assert found(m, "New" + "\n" * 200_000 + "Delhi") == ["Delhi"]
    assert found(m, "New \t" * 50_000 + "Delhi") == ["New \tDelhi"]


def test_annotate_judges_inputs_by_content_and_refuses_feeds(tmp_path):
    from conftest import ROOT

    db = str(tmp_path / "g.db")
    page = tmp_path / "page.txt"  # an HTML page whatever its name says
    page.write_text("<!doctype html><html><body><p>The Reserve Bank of India cut the repo rate.</p></body></html>", encoding="utf-8")
    plain = tmp_path / "plain.html"  # plain text that mentions a tag, whatever its name says
    plain.write_text("A note on the <p> tag: the Reserve Bank of India & the repo rate.", encoding="utf-8")
    feed = tmp_path / "feed.html"
    feed.write_text((ROOT / "examples" / "feed.xml").read_text(encoding="utf-8"), encoding="utf-8")
    data = tmp_path / "items.txt"
    data.write_text('[{"title": "x", "text": "The Reserve Bank of India"}]', encoding="utf-8")
    proc = run_cli("annotate", str(page), str(plain), str(feed), str(data), "--db", db, "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("upscnotes:")]
    assert len(errors) == 2 and "feed.html: a feed; annotate reads" in errors[0] and "items.txt: a JSON file" in errors[1]
    assert "annotated 2 input(s)" in proc.stderr
    out_page = (tmp_path / "out" / "page.html").read_text(encoding="utf-8")
    assert out_page.lstrip().lower().startswith("<!doctype html>") and 'class="key-term"' in out_page
    out_plain = (tmp_path / "out" / "plain.txt").read_text(encoding="utf-8")
    assert out_plain.startswith("A note on the &lt;p&gt; tag") and 'class="key-term"' in out_plain


MARKDOWN = """# The Reserve Bank of India cuts the repo rate

The Reserve Bank of India (RBI) cut the repo rate; see [Reserve Bank of India](https://rbi.org.in/repo-rate) and
<https://example.org/repo rate> or www.example.org/Reserve-Bank-of-India. `repo rate` in code stays code.

```
repo rate inside a fence
```

## Why the repo rate matters

The repo rate & inflation: the Reserve Bank of India again.
"""


def test_markdown_keeps_headings_code_links_and_urls_unannotated(tmp_path):
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    g.add_term("Reserve Bank of India", "RBI", "India's central bank", [GsTag("GS3", "Economy")])
    g.add_term("Repo rate", None, "The rate at which the RBI lends to banks", [GsTag("GS3", "Economy")])
    out = Annotator(g).annotate_text(MARKDOWN, markdown=True)
    assert unwrap(out) == MARKDOWN  # the author's Markdown, untouched but for the spans (no escaping)
    marked = re.findall(r'<span class="key-term"[^>]*>(.*?)</span>', out)
    # First section: the body's first Reserve Bank of India and repo rate; second section: its body's repo rate and RBI.
    assert marked == ["Reserve Bank of India", "repo rate", "repo rate", "Reserve Bank of India"]
    for line in out.splitlines():
        if line.startswith("#") or line.startswith("```") or "inside a fence" in line:
            assert "key-term" not in line
    assert "[Reserve Bank of India](https://rbi.org.in/repo-rate)" in out and "`repo rate`" in out


def test_plain_text_urls_are_never_annotated(tmp_path):
    m_text = "Read https://example.org/India/news and www.India.gov.in/India-today (India) today; Make in India."
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    g.add_term("India", None, "A country", [GsTag("GS1", "Geography")])
    out = Annotator(g, every=True).annotate_text(m_text)
    assert out.count('class="key-term"') == 2 and out.endswith('Make in <span class="key-term" tabindex="0" '
                                                              'data-definition="India \u2014 A country (GS1: Geography)">India</span>.')


PIECES = [*"RBI India repo rate <>&\"' \n\t#`[]()!*-", "\u0301", "\u2011", "\u00a0", "\u200b", "\ufeff", "\udcff",
          "Reserve Bank of India", "Make in India", "\n\n", "```", "## ", "https://x.org/", "Indo\u2011Pacific", "MoUs"]


@pytest.fixture(scope="module")
def starter_annotators(tmp_path_factory):
    g = Glossary.open(str(tmp_path_factory.mktemp("starter") / "g.db"))
    return Annotator(g), Annotator(g, every=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_annotation_only_adds_spans(starter_annotators, text):
    """Whatever the text, taking the spans out again gives back the author's characters exactly."""
    for annotator in starter_annotators:
        assert html.unescape(unwrap(annotator.annotate_text(text))) == text
        assert unwrap(annotator.annotate_text(text, markdown=True)) == text


def test_urls_in_html_text_are_never_annotated(tmp_path):
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    g.add_term("India", None, "A country", [GsTag("GS1", "Geography")])
    out = Annotator(g, every=True).annotate_html("<p>Details at https://example.org/India/news or www.India.gov.in today.</p><p>India</p>")
    spans = lxml_html.fromstring(out).find_class("key-term")
    assert [s.text for s in spans] == ["India"] and spans[0].getparent().text is None  # only the second paragraph's
