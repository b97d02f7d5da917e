"""Evaluate the notes ``build`` writes from the 50 real pages of ``../shared/testdata/news-dev``.

Each news-dev file is a header (SOURCE, TITLE, EVENT_CLUSTER, DATE …), a ``---`` line and the body as stored. The
body alone becomes an HTML page with ``<title>``, ``og:url`` and, when the DATE line starts with a full date,
``article:published_time``; the header lines never reach the pipeline. Beside the pages the build gets inputs that
are not articles (news-dev's own ``INDEX.tsv`` and the team's fixtures in ``tests/data/not_articles/``), as a user
pointing ``build`` at a folder would. Notes are matched to pages through their ``sources`` (URL) and, failing that,
their provenance (source ids, looked up in the build's database), so the figures hold whether ``build`` writes one
note per article or one per story: a note is scored against the gold of every article it was built from.

Printed, overall and per event (the event of a note is the commonest event among its articles):

* key-term recall and precision against the expert's key terms (``bench/data/news_dev_gold.jsonl``): a note term
  matches a gold term when its text, head or abbreviation equals one of the term's alternatives (case, plural and
  punctuation folded);
* syllabus-line precision (share of the UPSC Relevance lines the expert accepts), the share of clearly wrong lines,
  and the share of notes whose first line is in the best paper;
* invented dates: dated notes whose date is not the earliest metadata date of their articles;
* repeated facts: Important Facts items that repeat a sentence used above them (Overview, Key Developments, or an
  earlier fact);
* notes made from non-articles.

The same date, repeat and junk figures are printed for ``make demo`` (the team's examples; their metadata dates
are in ``bench/data/demo_dates.json``).

    .venv/bin/python bench/eval_notes.py [--json] [--notes] [--keep DIR] [--no-demo]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SHARED = Path(os.environ.get("UPSCNOTES_SHARED", ROOT.parent / "shared"))
NEWS_DEV = SHARED / "testdata" / "news-dev"
GOLD = ROOT / "bench" / "data" / "news_dev_gold.jsonl"
DEMO_DATES = ROOT / "bench" / "data" / "demo_dates.json"
NOT_ARTICLES = ROOT / "tests" / "data" / "not_articles"
EXAMPLES = ROOT / "examples"
DEMO_INPUTS = [EXAMPLES / "notes", EXAMPLES / "sources", EXAMPLES / "feed.xml"]

FACTS, RELEVANCE = "Important Facts", "UPSC Relevance"
_FULL_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})\b")
# Notes the curator added to a header TITLE ("(title from URL slug)", "(AMP version)"): not part of the page's title.
_TITLE_NOTE = re.compile(r"\s*\((?=[^()]*(?:title from|version\b|stored excerpt))[^()]*\)\s*$", re.IGNORECASE)


# -- the pages ---------------------------------------------------------------------------------------------------

@dataclass
class Page:
    file: str
    url: str
    title: str
    event: str
    date: str | None  # the page's metadata date when the header gives a full one
    body: str


def read_news_dev(folder: Path = NEWS_DEV) -> list[Page]:
    pages = []
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        head, sep, body = raw.partition("\n---\n")
        if not sep:
            continue
        fields: dict[str, str] = {}
        for line in head.splitlines():
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        source, _, title = fields.get("SOURCE", "").partition(" | TITLE: ")
        m = _FULL_DATE.match(fields.get("DATE", ""))
        pages.append(Page(path.name, source.strip(), _TITLE_NOTE.sub("", title).strip(), fields.get("EVENT_CLUSTER", "?").split()[0],
                          m.group(1) if m else None, body.strip("\n")))
    return pages


def page_html(page: Page) -> str:
    """The body as a web page: paragraphs as they were (one per line), raw HTML kept as it is."""
    meta = [f'<meta property="og:url" content="{html.escape(page.url)}">']
    if page.date:
        meta.append(f'<meta property="article:published_time" content="{page.date}">')
    if page.body.lstrip().startswith("<"):
        inner = page.body
    else:
        inner = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in page.body.splitlines() if line.strip())
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(page.title)}</title>\n'
            + "\n".join(meta) + f"\n</head>\n<body>\n<article>\n{inner}\n</article>\n</body>\n</html>\n")


# -- gold and matching --------------------------------------------------------------------------------------------

def load_gold(path: Path = GOLD) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["file"]: row for row in rows}


def term_key(text: str) -> str:
    """Case, punctuation, hyphen/space and a plural -s folded: "MoUs", "MoU" and "mou" are one term."""
    from upscnotes.text import norm_key

    k = re.sub(r"[^\w]+", " ", norm_key(text)).strip()
    k = re.sub(r"(?<=\w{3})(?:es|s)\b", "", k)
    return k.replace(" ", "")


def alternatives(term: str) -> set[str]:
    return {term_key(alt) for alt in term.split(" | ") if alt.strip()}


def _line_index() -> dict[str, str]:
    from upscnotes.syllabus.data import load_syllabus
    from upscnotes.text import norm_key

    return {norm_key(line.text): line.id for line in load_syllabus().lines.values()}


def relevance_lines(note: dict[str, Any], index: dict[str, str]) -> list[str]:
    """Syllabus line ids of the UPSC Relevance items ``GSn — text`` (and ``Prelims — text``), in order."""
    from upscnotes.text import norm_key

    section = next((s for s in note["sections"] if s["title"] == RELEVANCE), None)
    out = []
    for item in (section["text"].split("\n") if section else []):
        paper, sep, text = item.partition(" \u2014 ")
        if sep and re.fullmatch(r"GS[1-4]|Prelims|CSAT", paper.strip()):
            line_id = index.get(norm_key(text))
            out.append(line_id or f"?{text[:30]}")
    return out


def question_of(note: dict[str, Any], index: dict[str, str]) -> dict[str, Any]:
    """The note's mains question with what it must be built from: the title, the key-term heads, the first line."""
    section = next((s for s in note["sections"] if s["title"] == RELEVANCE), None)
    items = section["text"].split("\n") if section else []
    lines = relevance_lines(note, index) if index else []
    return {"note": note["_file"], "title": note.get("title") or "", "question": next((x for x in items if x.startswith("Mains question: ")), None),
            "heads": sorted({k.get("head") or k.get("text") or "" for k in note.get("key_terms", [])}),
            "first_line": next((ln for ln in lines if not ln.startswith(("?", "PRE", "CSAT"))), None)}


def fact_items(note: dict[str, Any]) -> list[str]:
    section = next((s for s in note["sections"] if s["title"] == FACTS), None)
    return [ln for ln in (section["text"].split("\n") if section else []) if ln.strip()]


_LABEL = re.compile(r"^[^:]{1,80}:\s+(?=\S)")


def _sentences(text: str) -> list[str]:
    from upscnotes.text import split_sentences

    return [text[a:b] for a, b in split_sentences(text)]


def repeated_facts(note: dict[str, Any]) -> list[str]:
    """Important Facts items that say again a sentence shown above them, or an earlier item.

    The item's label ("Repo rate: ") is left out; a repeat is the same sentence nearly word for word (token sort
    ratio of 90 or more) or one wholly contained in an earlier sentence of eight words or more.
    """
    from rapidfuzz import fuzz

    from upscnotes.text import norm_key

    above: list[str] = []
    for s in note["sections"]:
        if s["title"] in (FACTS, RELEVANCE):
            continue
        for line in s["text"].split("\n"):
            above.extend(norm_key(x).rstrip(".") for x in _sentences(line))
    found = []
    for item in fact_items(note):
        if item.startswith("Sources disagree on "):  # two values and their sources: not a statement said again
            continue
        body = _LABEL.sub("", item, count=1)
        parts = [norm_key(x).rstrip(".") for x in _sentences(body)] or [norm_key(body).rstrip(".")]
        repeat = False
        for part in parts:
            if len(part.split()) < 4:
                continue
            for prev in above:
                if fuzz.token_sort_ratio(part, prev) >= 90 or (len(part.split()) >= 8 and part in prev):
                    repeat = True
        if repeat:
            found.append(item)
        above.extend(parts)
    return found


# -- building -----------------------------------------------------------------------------------------------------

@dataclass
class Built:
    notes: list[dict[str, Any]]
    origins: dict[str, list[str]]  # note file -> origins of its articles
    skipped: list[tuple[str, str]]
    seconds: float


def run_build(inputs: list[str], out: Path, starter: Path | None = None) -> Built:
    """Build ``inputs`` into ``out``; ``starter``: a folder of earlier starter glossary files to build with instead
    of the shipped ones (``--starter-rev``)."""
    from upscnotes.glossary.store import Glossary
    from upscnotes.pipeline import build

    if starter is not None:
        out.mkdir(parents=True, exist_ok=True)
        g = Glossary.open(str(out / "eval.db"), starter=False)
        g.load_starter(starter)
        g.close()
    start = time.perf_counter()
    report = build(inputs, out, db=str(out / "eval.db"))
    seconds = time.perf_counter() - start
    con = sqlite3.connect(out / "eval.db")
    by_id = {row[0]: row[1] for row in con.execute("SELECT id, origin FROM articles")}
    by_url = {row[0]: row[1] for row in con.execute("SELECT url, origin FROM articles WHERE url IS NOT NULL")}
    con.close()
    notes: list[dict[str, Any]] = []
    origins: dict[str, list[str]] = {}
    for html_path in report.notes:
        data = json.loads(Path(html_path).with_suffix(".json").read_text(encoding="utf-8"))
        data["_file"] = Path(html_path).name
        found = [by_url[s["url"]] for s in data.get("sources", []) if s.get("url") in by_url]
        found += [by_id[p["source_id"]] for p in data.get("provenance", []) if p.get("source_id") in by_id]
        origins[data["_file"]] = list(dict.fromkeys(o for o in found if o))
        notes.append(data)
    return Built(notes, origins, list(report.skipped), seconds)


# -- scoring ------------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    notes: int = 0
    gold_terms: int = 0
    gold_terms_found: int = 0
    note_terms: int = 0
    note_terms_gold: int = 0
    lines: int = 0
    lines_accepted: int = 0
    lines_wrong: int = 0
    first_scored: int = 0
    first_in_best: int = 0
    dated: int = 0
    invented_dates: int = 0
    missing_dates: int = 0
    fact_items: int = 0
    repeated_facts: int = 0
    junk_notes: int = 0
    generic_marks: int = 0  # tooltips on units and generic words ("lakh", "government")
    relevance_marks: int = 0  # tooltips in UPSC Relevance (syllabus wording, pointers, the question)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name != "examples":
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, Any]:
        def share(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "notes": self.notes,
            "key_term_recall": share(self.gold_terms_found, self.gold_terms),
            "key_term_precision": share(self.note_terms_gold, self.note_terms),
            "line_precision": share(self.lines_accepted, self.lines),
            "wrong_line_share": share(self.lines_wrong, self.lines),
            "first_line_in_best_paper": share(self.first_in_best, self.first_scored),
            "invented_dates": self.invented_dates,
            "missing_dates": self.missing_dates,
            "dated_notes": self.dated,
            "repeated_facts": self.repeated_facts,
            "fact_items": self.fact_items,
            "notes_from_non_articles": self.junk_notes,
            "generic_marks": self.generic_marks,
            "relevance_marks": self.relevance_marks,
        }


def note_terms(note: dict[str, Any]) -> list[set[str]]:
    """One set of keys per distinct key term of the note (its text, head and abbreviation)."""
    seen: dict[str, set[str]] = {}
    for k in note.get("key_terms", []):
        keys = {term_key(x) for x in (k.get("text"), k.get("head"), k.get("abbreviation")) if x}
        seen.setdefault(term_key(k.get("head") or k.get("text") or ""), set()).update(keys)
    return list(seen.values())


def gold_term_sets(golds: list[dict[str, Any]]) -> list[set[str]]:
    """The distinct gold key terms of these pages, each as the set of its written alternatives."""
    gold_terms: list[set[str]] = []
    for g in golds:
        for term in g.get("key_terms", []):
            alts = alternatives(term)
            if alts and not any(alts & other for other in gold_terms):
                gold_terms.append(alts)
    return gold_terms


def score_note(note: dict[str, Any], golds: list[dict[str, Any]], expected_date: str | None, index: dict[str, str],
               junk: bool) -> Tally:
    from upscnotes.syllabus.data import load_syllabus

    t = Tally(notes=1)
    name = note["_file"]
    if junk:
        t.junk_notes = 1
        t.examples["junk"].append(name)
    date = note.get("date")
    if date:
        t.dated = 1
        if date != expected_date:
            t.invented_dates = 1
            t.examples["invented"].append(f"{name}: {date} (metadata: {expected_date})")
    elif expected_date:
        t.missing_dates = 1
    from upscnotes.glossary.select import is_generic

    for k in note.get("key_terms", []):
        if is_generic(k.get("head") or "") or is_generic(k.get("text") or ""):
            t.generic_marks += 1
            t.examples["generic_marks"].append(f"{name}: {k.get('text')}")
        if k.get("section") == "UPSC Relevance":
            t.relevance_marks += 1
            t.examples["relevance_marks"].append(f"{name}: {k.get('text')}")
    items = fact_items(note)
    repeats = repeated_facts(note)
    t.fact_items, t.repeated_facts = len(items), len(repeats)
    t.examples["repeats"].extend(f"{name}: {r[:100]}" for r in repeats)
    if not golds:
        return t
    gold_terms = gold_term_sets(golds)
    mine = note_terms(note)
    t.gold_terms = len(gold_terms)
    t.gold_terms_found = sum(1 for alts in gold_terms if any(alts & m for m in mine))
    t.note_terms = len(mine)
    t.note_terms_gold = sum(1 for m in mine if any(alts & m for alts in gold_terms))
    accepted = {ln for g in golds for ln in g.get("accept_lines", [])}
    wrong = {ln for g in golds for ln in g.get("wrong_lines", [])} - accepted
    lines = relevance_lines(note, index)
    t.lines = len(lines)
    t.lines_accepted = sum(ln in accepted for ln in lines)
    t.lines_wrong = sum(ln in wrong for ln in lines)
    t.examples["wrong_lines"].extend(f"{name}: {ln}" for ln in lines if ln in wrong)
    best = Counter(g["best_paper"] for g in golds if g.get("best_paper")).most_common(1)
    mains = [ln for ln in lines if not ln.startswith("?")]
    if best:
        t.first_scored = 1
        paper = load_syllabus().paper_of_line(mains[0]) if mains else None
        t.first_in_best = int(paper == best[0][0])
    return t


def starter_at(rev: str, folder: Path) -> Path:
    """The starter glossary files as they were at git revision ``rev``, written into ``folder``."""
    listing = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{rev}:src/upscnotes/glossary"],
                             capture_output=True, text=True, check=True).stdout.split()
    folder.mkdir(parents=True, exist_ok=True)
    for name in listing:
        if name.startswith("starter") and name.endswith(".json"):
            blob = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:src/upscnotes/glossary/{name}"],
                                  capture_output=True, check=True).stdout
            (folder / name).write_bytes(blob)
    return folder


def evaluate_news_dev(keep: Path | None = None, starter: Path | None = None) -> dict[str, Any]:
    pages = read_news_dev()
    gold = load_gold()
    index = _line_index()
    with tempfile.TemporaryDirectory() as tmp:
        work = keep or Path(tmp)
        page_dir = work / "pages"
        page_dir.mkdir(parents=True, exist_ok=True)
        page_of: dict[str, Page] = {}
        for p in pages:
            path = page_dir / (Path(p.file).stem + ".html")
            path.write_text(page_html(p), encoding="utf-8")
            page_of[str(path)] = p
        junk_inputs = [str(NEWS_DEV / "INDEX.tsv"), *sorted(str(x) for x in NOT_ARTICLES.glob("*") if x.is_file())]
        built = run_build([str(page_dir), *junk_inputs], work / "out", starter)
    overall, per_event = Tally(), defaultdict(Tally)
    page_terms = [0, 0]  # gold terms of each page, summed; of them, found in the note of the page's story
    covered: set[str] = set()
    per_note = []
    questions: list[dict[str, Any]] = []
    for note in built.notes:
        origins = built.origins.get(note["_file"], [])
        mine = [page_of[o] for o in origins if o in page_of]
        covered.update(p.file for p in mine)
        junk = any(o not in page_of for o in origins) or not origins
        dates = sorted(p.date for p in mine if p.date)
        golds = [gold[p.file] for p in mine if p.file in gold]
        t = score_note(note, golds, dates[0] if dates else None, index, junk)
        # Per page: the page's own gold terms against the note of its story (the gold was written page by page).
        mine_terms = note_terms(note)
        for g in golds:
            sets = gold_term_sets([g])
            page_terms[0] += len(sets)
            page_terms[1] += sum(1 for alts in sets if any(alts & m for m in mine_terms))
        event = Counter(p.event for p in mine).most_common(1)[0][0] if mine else "non-article"
        overall.add(t)
        per_event[event].add(t)
        for k, v in t.examples.items():
            overall.examples[k].extend(v)
        per_note.append({"note": note["_file"], "event": event, "files": [p.file for p in mine], **t.figures()})
        questions.append(question_of(note, index))
    return {
        "pages": len(pages),
        "gold_files": len(gold),
        "pages_with_a_note": len(covered),
        "pages_without_a_note": sorted(p.file for p in pages if p.file not in covered),
        "skipped": [{"source": Path(o).name, "reason": r} for o, r in built.skipped],
        "build_seconds": round(built.seconds, 1),
        "overall": {**overall.figures(), "key_term_recall_per_page": page_terms[1] / page_terms[0] if page_terms[0] else None},
        "events": {e: per_event[e].figures() for e in sorted(per_event)},
        "examples": {k: v for k, v in overall.examples.items() if v},
        "per_note": per_note,
        "questions": questions,
    }


def evaluate_demo(keep: Path | None = None) -> dict[str, Any]:
    """The date, repeat and junk figures on ``make demo``'s inputs; expected dates from ``bench/data/demo_dates.json``."""
    expected: dict[str, str | None] = json.loads(DEMO_DATES.read_text(encoding="utf-8")) if DEMO_DATES.exists() else {}
    with tempfile.TemporaryDirectory() as tmp:
        work = keep or Path(tmp)
        built = run_build([str(p) for p in DEMO_INPUTS], work / "demo")
    tally = Tally()
    index = _line_index()
    questions = [question_of(note, index) for note in built.notes]
    for note in built.notes:
        origins = built.origins.get(note["_file"], [])
        keys = [s.get("url") or s.get("title") for s in note.get("sources", [])]
        dates = sorted(d for k in keys if (d := expected.get(k or "")))
        junk = not origins or any(Path(o).name.startswith("not_article") for o in origins)
        tally.add(score_note(note, [], dates[0] if dates else None, {}, junk))
        for k, v in score_note(note, [], dates[0] if dates else None, {}, junk).examples.items():
            tally.examples[k].extend(v)
    return {"notes": len(built.notes), "figures": tally.figures(), "examples": {k: v for k, v in tally.examples.items() if v},
            "questions": questions}


# -- output -------------------------------------------------------------------------------------------------------

def _pct(x: float | None) -> str:
    return "   n/a" if x is None else f"{x:6.1%}"


def print_report(r: dict[str, Any], show_notes: bool) -> None:
    print(f"news-dev: {r['pages']} pages, gold for {r['gold_files']}; {r['overall']['notes']} notes; "
          f"{r['pages_with_a_note']} pages in a note; build {r['build_seconds']} s")
    if r["pages_without_a_note"]:
        print("  pages in no note: " + ", ".join(r["pages_without_a_note"]))
    for s in r["skipped"]:
        print(f"  skipped {s['source']}: {s['reason']}")
    header = (f"{'':<12}{'notes':>6}{'term R':>8}{'term P':>8}{'line P':>8}{'wrong':>8}{'1st best':>9}"
              f"{'invented':>9}{'no date':>8}{'repeats':>8}{'junk':>6}")
    print(header)
    rows = [("overall", r["overall"]), *r["events"].items()]
    for name, f in rows:
        print(f"{name:<12}{f['notes']:>6}{_pct(f['key_term_recall']):>8}{_pct(f['key_term_precision']):>8}"
              f"{_pct(f['line_precision']):>8}{_pct(f['wrong_line_share']):>8}{_pct(f['first_line_in_best_paper']):>9}"
              f"{f['invented_dates']:>9}{f['missing_dates']:>8}{f['repeated_facts']:>8}{f['notes_from_non_articles']:>6}")
    o = r["overall"]
    print(f"key-term recall {_pct(o['key_term_recall']).strip()} (per page, each page's gold against its story's note: "
          f"{_pct(o['key_term_recall_per_page']).strip()}), precision {_pct(o['key_term_precision']).strip()}; "
          f"syllabus-line precision {_pct(o['line_precision']).strip()}, clearly wrong {_pct(o['wrong_line_share']).strip()}, "
          f"first line in the best paper {_pct(o['first_line_in_best_paper']).strip()}; invented dates {o['invented_dates']} "
          f"({o['dated_notes']} dated, {o['missing_dates']} undated though their pages have a date); repeated facts "
          f"{o['repeated_facts']} of {o['fact_items']} items; notes from non-articles {o['notes_from_non_articles']}")
    for kind, items in r["examples"].items():
        print(f"  {kind}:")
        for x in items[:12]:
            print(f"    {x}")
    if "demo" in r:
        d = r["demo"]["figures"]
        print(f"make demo: {r['demo']['notes']} notes; invented dates {d['invented_dates']} ({d['dated_notes']} dated, "
              f"{d['missing_dates']} undated though dated in their sources); repeated facts {d['repeated_facts']} of "
              f"{d['fact_items']} items; notes from non-articles {d['notes_from_non_articles']}")
        for kind, items in r["demo"]["examples"].items():
            for x in items[:8]:
                print(f"  {kind}: {x}")
    if show_notes:
        for q in [*r["questions"], *r.get("demo", {}).get("questions", [])]:
            print(f"  [{q['first_line']}] {q['question']}")
        for n in r["per_note"]:
            print(f"  {n['note']} [{n['event']}] {','.join(n['files'])}: terms R {_pct(n['key_term_recall'])} "
                  f"P {_pct(n['key_term_precision'])}, lines P {_pct(n['line_precision'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the report as one JSON object")
    ap.add_argument("--notes", action="store_true", help="list every note with its figures")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep the pages and notes")
    ap.add_argument("--no-demo", action="store_true", help="skip the run over make demo's examples")
    ap.add_argument("--starter-rev", metavar="REV",
                    help="build with the starter glossary as it was at this git revision (a before/after figure)")
    args = ap.parse_args(argv)
    if not NEWS_DEV.exists():
        print(f"{NEWS_DEV} is absent: ../shared (beside the checkout) holds news-dev", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        try:
            starter = starter_at(args.starter_rev, Path(tmp)) if args.starter_rev else None
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"--starter-rev {args.starter_rev}: cannot read the glossary files from git ({exc})", file=sys.stderr)
            return 2
        report = evaluate_news_dev(args.keep, starter)
    if not args.no_demo:
        report["demo"] = evaluate_demo(args.keep)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_report(report, args.notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
