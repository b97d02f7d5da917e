"""Evaluate GS classification on the labelled news items of ``bench/data/gs_eval.jsonl``.

Each item is classified from its headline and text alone (no glossary terms), then scored:

* top-1 paper accuracy — over items with papers: right when the top label's paper is one of the gold papers and
  the item is not flagged ``no_clear_paper`` (a flag on a relevant item is a miss);
* top-3 line recall — share of items with at least one gold line among the first three distinct line ids;
  the stricter per-line recall counts every gold line (found / all gold lines);
* no-relevance accuracy — share of items with no papers that are flagged ``no_clear_paper``;
* a confusion matrix of gold first paper against predicted top paper ("none" on both sides);
* the lines a note would show (:func:`upscnotes.syllabus.classify.shown_lines`, from the text alone): their
  precision (share among the item's gold lines), the share marked wrong (items with ``wrong_lines``), and the share
  of relevant items whose first shown line is in the gold first paper.

Every figure is printed for the tuned set (``gs_eval.jsonl``, which the weights and the show rule were fitted on)
and, beside it, for the frozen set (``gs_frozen.jsonl``, written before any tuning and hash-pinned): the frozen
column is the honest one.

Usage: ``python bench/eval_gs.py [--embedder minilm|hashing] [--json] [--data PATH] [--frozen PATH] [--misses]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from upscnotes.embed import get_embedder
from upscnotes.syllabus.classify import GS_PAPERS, Classification, classify_many, shown_lines

DATA = ROOT / "bench" / "data" / "gs_eval.jsonl"
FROZEN = ROOT / "bench" / "data" / "gs_frozen.jsonl"
NONE = "none"


def load_items(path: Path = DATA) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def item_text(item: dict[str, Any]) -> str:
    """Headline on its own line, then the body: the classifier treats the headline as a sentence."""
    return f"{item['headline']}\n{item['text']}"


def predicted_paper(c: Classification) -> str:
    return NONE if c.no_clear_paper or not c.labels else c.labels[0].paper


def top_line_ids(c: Classification, k: int = 3) -> list[str]:
    ids: list[str] = []
    for label in c.labels:
        if label.line_id not in ids:
            ids.append(label.line_id)
        if len(ids) == k:
            break
    return ids


def evaluate(items: list[dict[str, Any]], results: list[Classification]) -> dict[str, Any]:
    """All the figures the module docstring lists, plus per-item misses for inspection."""
    relevant = [(it, c) for it, c in zip(items, results) if it["papers"]]
    irrelevant = [(it, c) for it, c in zip(items, results) if not it["papers"]]
    top1 = sum(predicted_paper(c) in it["papers"] for it, c in relevant)
    any_line = 0
    lines_found = 0
    lines_total = 0
    misses: list[dict[str, Any]] = []
    for it, c in relevant:
        top3 = [] if c.no_clear_paper else top_line_ids(c, 3)
        found = [ln for ln in it["lines"] if ln in top3]
        any_line += bool(found)
        lines_found += len(found)
        lines_total += len(it["lines"])
        if predicted_paper(c) not in it["papers"] or not found:
            misses.append({"id": it["id"], "headline": it["headline"], "gold": it["lines"], "predicted": top3,
                           "paper": predicted_paper(c), "relevance": round(c.relevance, 3)})
    flagged = sum(c.no_clear_paper for _, c in irrelevant)
    for it, c in irrelevant:
        if not c.no_clear_paper:
            misses.append({"id": it["id"], "headline": it["headline"], "gold": [], "predicted": top_line_ids(c, 3),
                           "paper": predicted_paper(c), "relevance": round(c.relevance, 3)})
    shown_total = shown_gold = shown_wrong = first_best = 0
    for it, c in zip(items, results):
        shown = shown_lines(c, item_text(it))
        shown_total += len(shown)
        shown_gold += sum(x.line_id in it["lines"] for x in shown)
        shown_wrong += sum(x.line_id in it.get("wrong_lines", []) for x in shown)
        if it["papers"]:
            first_best += bool(shown) and shown[0].paper == it["papers"][0]
    rows = [*GS_PAPERS, NONE]
    confusion = {g: {p: 0 for p in rows} for g in rows}
    for it, c in zip(items, results):
        gold = it["papers"][0] if it["papers"] else NONE
        confusion[gold][predicted_paper(c)] += 1
    return {
        "items": len(items),
        "relevant_items": len(relevant),
        "no_relevance_items": len(irrelevant),
        "top1_paper_accuracy": top1 / len(relevant) if relevant else 0.0,
        "top3_line_recall": any_line / len(relevant) if relevant else 0.0,
        "top3_line_recall_per_line": lines_found / lines_total if lines_total else 0.0,
        "no_relevance_accuracy": flagged / len(irrelevant) if irrelevant else 0.0,
        "relevant_flagged_no_clear_paper": sum(c.no_clear_paper for _, c in relevant),
        "shown_lines": shown_total,
        "shown_line_precision": shown_gold / shown_total if shown_total else 0.0,
        "shown_wrong_share": shown_wrong / shown_total if shown_total else 0.0,
        "shown_first_in_best_paper": first_best / len(relevant) if relevant else 0.0,
        "confusion": confusion,
        "misses": misses,
    }


def run(embedder_name: str, data: Path = DATA) -> dict[str, Any]:
    """Classify every item and evaluate; timing covers model load, syllabus embedding and classification."""
    start = time.perf_counter()
    embedder = get_embedder(prefer=embedder_name)
    loaded = time.perf_counter()
    items = load_items(data)
    results = classify_many([item_text(it) for it in items], embedder=embedder, top_k=8)
    done = time.perf_counter()
    report = evaluate(items, results)
    report.update({"embedder": embedder.name, "load_seconds": loaded - start, "classify_seconds": done - loaded,
                   "wall_seconds": done - start, "data": data.name})
    return report


FIGURES = [
    ("top-1 paper accuracy", "top1_paper_accuracy"),
    ("top-3 line recall (any gold)", "top3_line_recall"),
    ("top-3 line recall (per line)", "top3_line_recall_per_line"),
    ("no-relevance accuracy", "no_relevance_accuracy"),
    ("shown-line precision", "shown_line_precision"),
    ("shown lines marked wrong", "shown_wrong_share"),
    ("first shown line in gold paper", "shown_first_in_best_paper"),
]


def print_report(r: dict[str, Any], show_misses: bool, frozen: dict[str, Any] | None = None) -> None:
    print(f"embedder: {r['embedder']}")
    sets = [("tuned", r)] + ([("frozen", frozen)] if frozen else [])
    print(f"{'':<32}" + "".join(f"{name:>10}" for name, _ in sets))
    print(f"{'items (relevant / no relevance)':<32}" + "".join(
        f"{str(x['relevant_items']) + '/' + str(x['no_relevance_items']):>10}" for _, x in sets))
    for label, key in FIGURES:
        print(f"{label:<32}" + "".join(f"{x[key]:>10.1%}" for _, x in sets))
    print(f"{'relevant items flagged no paper':<32}" + "".join(f"{x['relevant_flagged_no_clear_paper']:>10}" for _, x in sets))
    print(f"{'lines shown':<32}" + "".join(f"{x['shown_lines']:>10}" for _, x in sets))
    for name, x in sets:
        rows = list(x["confusion"])
        print(f"\nconfusion, {name} set {x['data']} (rows: gold first paper, columns: predicted top paper)")
        print("gold\\pred " + "".join(f"{p:>6}" for p in rows))
        for g in rows:
            print(f"{g:<9} " + "".join(f"{x['confusion'][g][p]:>6}" for p in rows))
        if show_misses:
            print(f"\nmisses ({name}):")
            for m in x["misses"]:
                print(f"  {m['id']} gold={m['gold']} paper={m['paper']} top3={m['predicted']} "
                      f"rel={m['relevance']}  {m['headline']}")
    print(f"\nwall time {r['wall_seconds']:.2f} s (embedder load {r['load_seconds']:.2f} s, "
          f"classification incl. syllabus embedding {r['classify_seconds']:.2f} s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embedder", choices=("minilm", "hashing"), default="minilm")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--data", type=Path, default=DATA, help="the tuned set")
    ap.add_argument("--frozen", type=Path, default=FROZEN, help="the frozen set, printed beside the tuned one")
    ap.add_argument("--misses", action="store_true", help="list the items the classifier got wrong")
    args = ap.parse_args(argv)
    report = run(args.embedder, args.data)
    frozen = run(args.embedder, args.frozen) if args.frozen.exists() else None
    if args.json:
        print(json.dumps({**report, "frozen": frozen}, indent=2))
    else:
        print_report(report, args.misses, frozen)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
