"""The frozen gold files of bench/data stay as they were written, and stay consistent with the data they describe.

bench/data/news_dev_gold.jsonl: expert key terms and syllabus lines for each news-dev article (../shared/testdata/news-dev).
bench/data/gs_frozen.jsonl: a frozen syllabus-mapping set, written independently of bench/data/gs_eval.jsonl.
See bench/data/GOLD_NOTES.md for how they were written.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

# frozen: the gold was written before any tuning; changing it needs a new issue
NEWS_DEV_GOLD_SHA256 = "d0e12069ea3f2edbfccfbd1bed89cfb48a28357223b983efa3e241f131cc0808"
GS_FROZEN_SHA256 = "440bc2369d12091924ca73a1d4d6929668a0f05ecf9b756b1ee4e3ba6ef5adda"

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
NEWS_DEV_GOLD = DATA / "news_dev_gold.jsonl"
GS_FROZEN = DATA / "gs_frozen.jsonl"
SYLLABUS = ROOT / "src" / "upscnotes" / "syllabus" / "syllabus.json"
NEWS_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "news-dev"
PAPERS = {"GS1", "GS2", "GS3", "GS4"}


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _line_papers() -> dict[str, str]:
    return {line["id"]: line["paper"] for line in json.loads(SYLLABUS.read_text(encoding="utf-8"))["lines"]}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _news_dev_dir() -> Path:
    if NEWS_DEV.is_dir():
        return NEWS_DEV
    reason = f"{NEWS_DEV} is absent: the news-dev articles live in ../shared beside the checkout"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true, so this is an error, not a skip)")
    pytest.skip(reason)


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    assert sep, f"{path.name}: no '---' line between header and body"
    return body


@pytest.mark.parametrize("path,pinned", [(NEWS_DEV_GOLD, NEWS_DEV_GOLD_SHA256), (GS_FROZEN, GS_FROZEN_SHA256)],
                         ids=["news_dev_gold", "gs_frozen"])
def test_gold_bytes_are_pinned(path: Path, pinned: str) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == pinned, f"{path.name} changed (sha256 {digest}); the gold is frozen, changing it needs a new issue"


def test_news_dev_gold_has_one_line_per_article() -> None:
    folder = _news_dev_dir()
    files = sorted(p.name for p in folder.glob("*.txt"))
    rows = _rows(NEWS_DEV_GOLD)
    assert [r["file"] for r in rows] == files


def test_news_dev_gold_shape_and_lines() -> None:
    papers = _line_papers()
    for r in _rows(NEWS_DEV_GOLD):
        name = r["file"]
        assert set(r) <= {"file", "event", "key_terms", "accept_lines", "best_paper", "wrong_lines", "notes"}, name
        assert re.fullmatch(r"D\d+b?", r["event"]), name
        assert 6 <= len(r["key_terms"]) <= 15, name
        assert 1 <= len(r["accept_lines"]) <= 4, name
        assert 2 <= len(r["wrong_lines"]) <= 5, name
        assert r["best_paper"] in PAPERS, name
        for line_id in r["accept_lines"] + r["wrong_lines"]:
            assert line_id in papers, f"{name}: unknown syllabus line {line_id}"
        assert not set(r["accept_lines"]) & set(r["wrong_lines"]), name
        assert papers[r["accept_lines"][0]] == r["best_paper"], f"{name}: first accepted line is not in the best paper"


def test_news_dev_gold_event_matches_header() -> None:
    folder = _news_dev_dir()
    for r in _rows(NEWS_DEV_GOLD):
        head = (folder / r["file"]).read_text(encoding="utf-8").partition("\n---\n")[0]
        match = re.search(r"^EVENT_CLUSTER: (\S+)", head, re.M)
        assert match and match.group(1) == r["event"], r["file"]


def test_news_dev_key_terms_occur_in_body() -> None:
    folder = _news_dev_dir()
    missing = []
    for r in _rows(NEWS_DEV_GOLD):
        body = _norm(_body(folder / r["file"]))
        for term in r["key_terms"]:
            for alternative in term.split(" | "):
                if not alternative.strip() or _norm(alternative) not in body:
                    missing.append(f"{r['file']}: {alternative!r}")
    assert not missing, "key terms not found in the article body:\n" + "\n".join(missing)


def test_gs_frozen_items() -> None:
    papers = _line_papers()
    rows = _rows(GS_FROZEN)
    assert len(rows) >= 64
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids in gs_frozen"
    for r in rows:
        assert set(r) == {"id", "headline", "text", "papers", "lines", "wrong_lines"}, r["id"]
        assert r["headline"].strip() and r["text"].strip(), r["id"]
        for line_id in r["lines"] + r["wrong_lines"]:
            assert line_id in papers, f"{r['id']}: unknown syllabus line {line_id}"
        assert not set(r["lines"]) & set(r["wrong_lines"]), r["id"]
        expected = list(dict.fromkeys(papers[line_id] for line_id in r["lines"]))
        assert r["papers"] == expected, r["id"]
