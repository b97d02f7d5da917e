"""Issue 10: clean sentences, true dates, no junk input, stable note JSON."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli

from upscnotes.ingest import ingest
from upscnotes.ingest.clean import clean_body, clean_title, not_article_reason
from upscnotes.ingest.dates import html_published_date
from upscnotes.ingest.extract import Skip, article_from_html, make_article
from upscnotes.notes.lint import check_note
from upscnotes.notes.parse import parse_note
from upscnotes.notes.render import render_html
from upscnotes.text import split_sentences
from upscnotes.writers import get_writer

DATA = Path(__file__).resolve().parent / "data"
FILLER = ("The decision follows months of consultation with states, experts and industry bodies on how the new rules "
          "should work in practice. Officials said the details would be published in the official gazette soon.")


@pytest.mark.parametrize("sentence", [
    "The launch took place at 11.50 a.m. IST from the second launch pad at Sriharikota.",
    "Voting closed at 5 p.m. Monday in most of the constituencies in the state.",
    "The talks were held in Seoul on Oct. 5 between the two defence ministers.",
    "The satellite was launched at 1150 Hrs. IST on a clear morning.",
    "The scheme will cost Rs. 6,250 crore in its first year of operation.",
    "The order was issued under Notification No. 12 of the finance ministry.",
    "The Govt. of India notified the rules on the same evening.",
    "The U.S. Secretary of State met the Indian minister in Washington.",
    "Dr. Jitendra Singh announced the mission at the event in New Delhi.",
    "The memorial to Martin Luther King Jr. Stands in the heart of the capital.",
    "Chief Justice D. Y. Chandrachud wrote the lead opinion for the bench.",
    "S. Korean and Indian officials signed two agreements during the visit.",
])
def test_abbreviations_and_times_do_not_split_a_sentence(sentence: str) -> None:
    assert split_sentences(sentence) == [(0, len(sentence))]
    # and two sentences stay two
    text = sentence + " The next sentence starts here."
    assert len(split_sentences(text)) == 2


def test_a_time_at_the_end_of_a_sentence_still_ends_it() -> None:
    text = "The session ended at 10 a.m. The minister left for Delhi."
    assert [text[a:b] for a, b in split_sentences(text)] == ["The session ended at 10 a.m.", "The minister left for Delhi."]


BOILERPLATE_ARTICLE = "\n\n".join([
    "Posted On: 24 AUG 2024 8:45PM by PIB Delhi",
    "Ministry of Finance",
    "By Staff Reporter",
    "New Delhi, Aug 24 (PTI) The Union Cabinet on Saturday approved a new pension scheme for central government employees "
    "that assures half of the last basic pay as pension after 25 years of service.",
    "Also Read | Pension Reform Explained In Five Charts",
    "The scheme will benefit about 23 lakh employees, the information and broadcasting minister told reporters. " + FILLER,
    "Under the scheme, the government's contribution rises to 18.5 per cent of basic pay, he said. {{^adFree}} {{/adFree}}",
    "(With inputs from agencies)",
    "Release ID: 2048543",
    "Employees who retire after at least ten years of service will receive a minimum pension of Rs 10,000 a month, while the "
    "families of [excerpt ends]",
])
BOILERPLATE = ["Posted On", "PIB Delhi", "Ministry of Finance", "Staff Reporter", "(PTI)", "New Delhi, Aug 24", "Also Read",
               "Five Charts", "adFree", "inputs from agencies", "Release ID", "excerpt ends", "families of"]


def test_datelines_pib_headers_and_other_furniture_never_reach_a_note() -> None:
    article = make_article(BOILERPLATE_ARTICLE, title="Cabinet approves new pension scheme | Example Times", date="2024-08-24",
                           publisher="Example Times")
    assert article.title == "Cabinet approves new pension scheme"
    note = get_writer().write([article])
    html = render_html(note)
    body = " ".join(s.text for s in note.sections)
    for junk in BOILERPLATE:
        assert junk not in body and junk not in html, junk
    assert "The Union Cabinet on Saturday approved a new pension scheme" in body
    # attribution kept: "he said" stays with the claim it attributes
    assert any("he said" in p.sentence for p in note.provenance) or "he said" not in body
    cleaned = clean_body(BOILERPLATE_ARTICLE)
    assert cleaned.dateline is not None and (cleaned.dateline.month, cleaned.dateline.day) == (8, 24)


def test_datelines_of_several_shapes_are_cut_and_dated() -> None:
    for line, month_day in [("SEOUL, Sept. 5 (Yonhap) -- South Korean officials met their counterparts today.", (9, 5)),
                            ("New Delhi, March 9: A historic bill was passed by the upper house today.", (3, 9)),
                            ("Mumbai, 7 February 2025: The central bank cut its policy rate today.", (2, 7))]:
        c = clean_body(line)
        assert c.text[:1].isupper() and not c.text.startswith(line.split(",")[0]), c.text
        assert c.dateline and (c.dateline.month, c.dateline.day) == month_day
    assert clean_body("NEW DELHI (Reuters) - The government said on Monday it would act.").text.startswith("The government")
    assert clean_body("New Delhi: The Cabinet approved the scheme on Saturday.").text.startswith("The Cabinet")
    assert clean_body("New Delhi [India], Sept 6 (ANI): The minister met his counterpart.").text.startswith("The minister")
    # A label is not a dateline.
    assert clean_body("Assured pension: 50% of the average basic pay.").text.startswith("Assured pension")


def test_a_subheading_is_the_context_of_the_facts_under_it() -> None:
    text = ("The Forest Survey of India released its biennial report in Dehradun on Saturday, covering every state.\n\n"
            "Mangrove cover\n\n"
            "It now stands at 4,992 square kilometres, about 0.15 per cent of the country's geographical area.\n\n" + FILLER)
    note = get_writer().write([make_article(text, title="Forest report released", date="2024-12-21")])
    facts = next(s for s in note.sections if s.title == "Important Facts").text
    assert "Mangrove cover: " in facts and "4,992 square kilometres" in facts


def test_important_facts_repeat_no_sentence_and_pointers_are_statements() -> None:
    text = ("The Reserve Bank of India cut the repo rate by 25 basis points to 6.25 per cent on Friday, its first cut in five years.\n\n"
            "The monetary policy committee voted unanimously for the cut and kept its neutral stance.\n\n"
            "The central bank projected GDP growth at 6.7 per cent for the next financial year.\n\n"
            "Retail inflation is expected to average 4.2 per cent, down from 4.8 per cent this year.\n\n" + FILLER)
    note = get_writer().write([make_article(text, title="RBI cuts repo rate", date="2025-02-07")], key_terms=["repo rate", "GDP"])
    above = [p.sentence for p in note.provenance if p.section in ("Overview", "Key Developments")]
    facts = [p.sentence for p in note.provenance if p.section == "Important Facts"]
    assert not set(above) & set(facts)
    lines = next(s for s in note.sections if s.title == "Important Facts").text.split("\n")
    assert all(re.match(r"^[^:]{2,60}: ", ln) for ln in lines), lines
    pointers = next(ln for ln in next(s for s in note.sections if s.title == "UPSC Relevance").text.split("\n")
                    if ln.startswith("Prelims pointers: "))
    for item in pointers.removeprefix("Prelims pointers: ").split("; "):
        assert not re.fullmatch(r"[\d.,%\s]+(?:per cent|basis points|bps)?", item), item


@pytest.mark.parametrize(("title", "publisher", "clean"), [
    ("RBI cuts repo rate to 6.25% | Example Ledger", "Example Ledger", "RBI cuts repo rate to 6.25%"),
    ("India State of Forest Report 2023 (Syllabus: GS Paper 3 - Environment)", None, "India State of Forest Report 2023"),
    ("Unified Pension Scheme approved by the Cabinet - News-CRUX-10", None, "Unified Pension Scheme approved by the Cabinet"),
    ("Rajnath Singh to meet defence leaders in South Korea (IANS)", None, "Rajnath Singh to meet defence leaders in South Korea"),
    ("Aditya-L1: India's first solar mission lifts off", None, "Aditya-L1: India's first solar mission lifts off"),
])
def test_titles_lose_site_boilerplate(title: str, publisher: str | None, clean: str) -> None:
    assert clean_title(title, publisher) == clean


def _page(body: str, published: str | None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return f"<html lang='en'><head><title>Survey results out</title>{meta}</head><body><article>{paras}</article></body></html>"


SURVEY = ("The statistics office released the household consumption survey on Saturday, the first since the previous "
          "edition, released in 2011-12. Average monthly spending more than doubled in both rural and urban areas.\n\n"
          "The new scheme takes effect on 1 April 2025, and the next round of the survey is due in 2026. " + FILLER)


def test_dates_come_from_metadata_never_from_a_year_in_the_body(tmp_path: Path) -> None:
    assert article_from_html(_page(SURVEY, "2024-02-24T18:00:00+05:30")).date == "2024-02-24"
    assert article_from_html(_page(SURVEY, None)).date is None
    assert html_published_date('<script type="application/ld+json">{"datePublished": "2024-02-24"}</script>') == "2024-02-24"
    undated = tmp_path / "undated.html"
    undated.write_text(_page(SURVEY, None), encoding="utf-8")
    proc = run_cli("build", str(undated), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "u.db"), "--json",
                   env={"UPSCNOTES_EMBEDDER": "hashing"})
    assert proc.returncode in (0, 1), proc.stderr
    [note_path] = json.loads(proc.stdout)["notes"]
    html = Path(note_path).read_text(encoding="utf-8")
    assert "data-date" not in html
    assert json.loads(Path(note_path).with_suffix(".json").read_text(encoding="utf-8"))["date"] is None
    assert [p.code for p in check_note(parse_note(html))].count("no-date") == 1
    checked = run_cli("check", note_path)
    assert checked.returncode == 1 and " no-date " in checked.stdout


def test_a_dateline_dates_an_article_a_day_before_its_page() -> None:
    text = "New Delhi, Feb 15 (PTI) The Supreme Court struck down the scheme on Thursday. " + FILLER + " " + FILLER
    assert make_article(text, date="2024-02-16").date == "2024-02-15"
    assert make_article(text).date is None  # a dateline without a year and no metadata: no guess
    assert make_article(text.replace("Feb 15", "Feb 15, 2024")).date == "2024-02-15"


def test_non_articles_are_skipped_with_a_reason(tmp_path: Path) -> None:
    files = sorted((DATA / "not_articles").iterdir())
    assert len(files) >= 6
    result = ingest([str(p) for p in files])
    assert result.articles == []
    reasons = {Path(s.origin).name: s.reason for s in result.skipped}
    assert set(reasons) == {p.name for p in files}
    assert "tab-separated" in reasons["file_list.tsv"] and "comma-separated" in reasons["state_table.csv"]
    assert "list of files" in reasons["file_paths.txt"] and "list of names" in reasons["speakers.txt"]
    assert "too little prose" in reasons["teaser.txt"]
    with pytest.raises(Skip):
        make_article("Name\tFile\nA\ta.html\nB\tb.html")
    assert not_article_reason(SURVEY) is None


def test_a_url_read_again_with_new_text_is_stored_as_a_new_version(tmp_path: Path) -> None:
    page = tmp_path / "page.json"
    record = {"title": "Survey results out", "url": "https://example.org/survey", "date": "2024-02-24", "text": SURVEY}
    page.write_text(json.dumps(record), encoding="utf-8")
    args = ["build", str(page), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "u.db"), "--json"]
    env = {"UPSCNOTES_EMBEDDER": "hashing"}
    assert run_cli(*args, env=env).returncode in (0, 1)
    page.write_text(json.dumps({**record, "text": SURVEY + " A correction was added later in the day."}), encoding="utf-8")
    proc = run_cli(*args, env=env)
    report = json.loads(proc.stdout)
    assert report["articles_new"] == 1
    assert [v["message"].split(" (")[0] for v in report["versions"]] == ["new version of https://example.org/survey"]
    con = sqlite3.connect(tmp_path / "u.db")
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    assert [r[0] for r in con.execute("SELECT version FROM article_versions ORDER BY version")] == [1, 2]
    first, second = con.execute("SELECT article_id, replaces FROM article_versions WHERE url = ? ORDER BY version", (record["url"],))
    assert first[1] is None and second[1] == first[0]
    texts = dict(con.execute("SELECT id, text FROM articles"))
    assert texts[second[0]].endswith("later in the day.") and not texts[first[0]].endswith("later in the day.")
    plain = run_cli(*args[:-1], env=env)
    assert "new version of" not in plain.stderr  # the same text a third time is no new version


def test_note_json_keeps_its_shape(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(_page(SURVEY, "2024-02-24"), encoding="utf-8")
    proc = run_cli("build", str(page), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "u.db"), "--json",
                   env={"UPSCNOTES_EMBEDDER": "hashing"})
    [note_path] = json.loads(proc.stdout)["notes"]
    data = json.loads(Path(note_path).with_suffix(".json").read_text(encoding="utf-8"))
    assert {"title", "date", "sections", "key_terms", "sources", "provenance"} <= set(data)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["date"])
    assert [s["title"] for s in data["sections"]] == ["Overview", "Key Developments", "Important Facts", "UPSC Relevance"]
    assert all({"title", "text", "html"} <= set(s) for s in data["sections"])
    assert all({"text", "head", "abbreviation", "definition", "gs_tags"} <= set(k) for k in data["key_terms"])
    assert all({"url", "title", "publisher", "date"} <= set(s) for s in data["sources"])
    from upscnotes.syllabus.data import load_syllabus

    texts = {f"{ln.paper} \u2014 {ln.text}" for ln in load_syllabus().lines.values()}
    for item in data["sections"][3]["text"].split("\n"):
        assert item in texts or item.startswith(("Prelims pointers: ", "Mains question: ", "No clear GS paper")), item


def test_a_dateline_after_a_teaser_or_caption_is_cut() -> None:
    # News pages put a teaser or photo caption first; the dateline then opens a later line.
    text = ("Singh said that India and South Korea are natural partners with many complementarities in trade, defence "
            "and technology, and that their policies give a strong framework for ties\n\n"
            "New Delhi: Defence Minister Rajnath Singh on Wednesday held talks with the Prime Minister in Seoul.\n\n" + FILLER)
    cleaned = clean_body(text)
    assert "New Delhi:" not in cleaned.text and "Defence Minister Rajnath Singh on Wednesday" in cleaned.text
