"""How much of a news page's real text our HTML extraction keeps, and how much else it lets in.

Usage:  .venv/bin/python bench/extraction_eval.py [--data DIR] [--favor precision|balanced|recall|all] [--verbose]

DIR defaults to ../shared/testdata/extraction beside the checkout (or $UPSCNOTES_SHARED/testdata/extraction).
With the scrapinghub set (HTML + whole gold article text) it reports sentence recall (share of gold sentences
found among ours) and precision (share of our sentences that are in the gold), both over sentences split with
``split_sentences`` and compared by ``norm_key``; exact sentence matching is strict on purpose, since a sentence
cut in two by stray markup is a sentence a note cannot quote. Word-level figures are printed beside them to show
how much of the gap is boundary noise. Without it, the trafilatura set is used: share of must-have snippets found
and of boilerplate snippets kept out. Pages skipped (no article, not English …) count as extracting nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from upscnotes.files import read_input
from upscnotes.ingest.extract import FAVOR, Favor, Skip, article_from_html
from upscnotes.text import norm_key, split_sentences


@dataclass
class Tally:
    """Counts summed over pages (micro averages) plus per-page ratios (macro averages)."""

    hit: int = 0  # gold units found in our text
    gold: int = 0
    kept: int = 0  # our units that are in the gold
    ours: int = 0
    page_recall: list[float] = field(default_factory=list)
    page_precision: list[float] = field(default_factory=list)

    def add(self, gold: Counter[str], ours: Counter[str]) -> None:
        common = sum((gold & ours).values())
        self.hit += common
        self.gold += sum(gold.values())
        self.kept += common
        self.ours += sum(ours.values())
        if gold:
            self.page_recall.append(common / sum(gold.values()))
        if ours:
            self.page_precision.append(common / sum(ours.values()))

    def line(self, unit: str) -> str:
        def pct(a: float, b: float) -> str:
            return f"{100 * a / b:5.1f}%" if b else "  n/a"

        macro_r = sum(self.page_recall) / len(self.page_recall) if self.page_recall else 0.0
        macro_p = sum(self.page_precision) / len(self.page_precision) if self.page_precision else 0.0
        return (f"{unit:<9} recall {pct(self.hit, self.gold)} ({self.hit}/{self.gold})   precision {pct(self.kept, self.ours)} "
                f"({self.kept}/{self.ours})   per-page mean recall {100 * macro_r:5.1f}%  precision {100 * macro_p:5.1f}%")


def sentences(text: str) -> Counter[str]:
    return Counter(k for k in (norm_key(text[s:e]) for s, e in split_sentences(text)) if k)


def words(text: str) -> Counter[str]:
    return Counter(norm_key(text).split())


def extract(path: Path, url: str | None, favor: Favor) -> tuple[str, str | None]:
    """Our text for a page, or "" and the reason it was skipped."""
    try:
        html = read_input(path).text
        return article_from_html(html, url=url, origin=str(path), favor=favor).text, None
    except Skip as exc:
        return "", exc.reason


def eval_scrapinghub(folder: Path, favor: Favor, verbose: bool) -> tuple[Tally, Tally, Tally]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    sent, word, sent_extracted = Tally(), Tally(), Tally()
    skipped: Counter[str] = Counter()
    for entry in manifest:
        gold = (folder / entry["gold"]).read_text(encoding="utf-8")
        ours, reason = extract(folder / entry["file"], entry.get("url"), favor)
        g, o = sentences(gold), sentences(ours)
        sent.add(g, o)
        word.add(words(gold), words(ours))
        if reason:
            skipped[reason] += 1
        else:
            sent_extracted.add(g, o)
        if verbose:
            common = sum((g & o).values())
            print(f"  {entry['file']}: {common}/{sum(g.values())} gold sentences, {sum(o.values())} ours{'  SKIPPED: ' + reason if reason else ''}")
    print(f"scrapinghub, {len(manifest)} pages, favor={favor}")
    print("  " + sent.line("sentences"))
    print("  " + word.line("words"))
    print(f"  over the {len(manifest) - sum(skipped.values())} pages not skipped:")
    print("  " + sent_extracted.line("sentences"))
    report_skips(skipped)
    return sent, word, sent_extracted


def eval_trafilatura(folder: Path, favor: Favor, verbose: bool) -> None:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    found = wanted = leaked = unwanted = 0
    skipped: Counter[str] = Counter()
    for entry in gold:
        ours, reason = extract(folder / entry["file"], entry.get("url"), favor)
        if reason:
            skipped[reason] += 1
        key = norm_key(ours)
        hits = sum(1 for s in entry.get("gold_with", []) if norm_key(s) in key)
        leaks = sum(1 for s in entry.get("gold_without", []) if norm_key(s) in key)
        found, wanted = found + hits, wanted + len(entry.get("gold_with", []))
        leaked, unwanted = leaked + leaks, unwanted + len(entry.get("gold_without", []))
        if verbose:
            print(f"  {entry['file']}: {hits} wanted found, {leaks} boilerplate kept{'  SKIPPED: ' + reason if reason else ''}")
    print(f"trafilatura set, {len(gold)} pages, favor={favor}")
    print(f"  must-have snippets found {found}/{wanted}; boilerplate snippets kept out {unwanted - leaked}/{unwanted}")
    report_skips(skipped)


def report_skips(skipped: Counter[str]) -> None:
    print(f"  skipped {sum(skipped.values())} page(s)" + (":" if skipped else ""))
    for reason, n in skipped.most_common():
        print(f"    {n} × {reason}")


def main() -> int:
    shared = Path(os.environ.get("UPSCNOTES_SHARED", ROOT.parent / "shared"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=shared / "testdata" / "extraction")
    ap.add_argument("--favor", choices=[*get_args(Favor), "all"], default=FAVOR)
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    favors: list[Favor] = list(get_args(Favor)) if args.favor == "all" else [args.favor]
    if (args.data / "scrapinghub" / "manifest.json").exists():
        run, folder = eval_scrapinghub, args.data / "scrapinghub"
    elif (args.data / "trafilatura" / "gold.json").exists():
        run, folder = eval_trafilatura, args.data / "trafilatura"
    else:
        print(f"no extraction test set with gold text under {args.data}", file=sys.stderr)
        return 2
    for favor in favors:
        run(folder, favor, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
