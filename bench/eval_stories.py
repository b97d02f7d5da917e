"""Stories on news-dev and on SemEval-2022 Task 8 pairs: clustering, conflicts, story similarity.

    python bench/eval_stories.py                  # all three figures (needs ../shared)
    python bench/eval_stories.py --pairs FILE [--json]   # story similarity on any JSONL of SemEval's shape

news-dev: each file's body (after the ``---`` line) is fed to ``build`` as an HTML page with ``<title>``,
``og:url`` and ``article:published_time`` from its header (no published_time when the page is undated), never
the header lines themselves. Clustering is scored pairwise against EVENT_CLUSTER; conflicts against the CONFLICT
and NOT A CONFLICT lines of CONFLICTS_OBSERVED.md (a detected conflict matches a line when its two values come
from files on the two sides of the line's "vs" and each value is one the line quotes for its side).

SemEval: the similarity is :func:`upscnotes.stories.cluster.story_similarity`, the clustering's score
(:func:`~upscnotes.stories.cluster.pair_score`) through a logistic curve whose slope and centre were fitted on these
pairs; so the figure printed for them is by 5-fold cross-validation (the curve refitted on four folds, scored on the
fifth), beside the shipped curve in-sample, the unfitted score, and plain MiniLM cosine of what the model reads of
each text. Pearson with −Overall; balanced same-story accuracy (Overall ≤ 1.5 vs ≥ 3) of the unfitted score at the
clustering's join threshold. The length of the opening embedded beside the lead (features.OPENING_CHARS) was also
chosen on these pairs. ``--pairs FILE`` scores another file with the shipped curve (``pearson_story``) and also
refits it there by cross-validation (``pearson_story_cv``).
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"
NEWS_DEV = SHARED / "testdata" / "news-dev"
SEMEVAL = SHARED / "data" / "semeval2022_task8_en_train.jsonl"


def read_dev(folder: Path = NEWS_DEV) -> list[dict[str, str | None]]:
    out = []
    for p in sorted(folder.glob("*.txt")):
        head, body = p.read_text(encoding="utf-8").split("\n---\n", 1)
        url = re.search(r"^SOURCE: (\S+)", head, re.M)
        title = re.search(r"TITLE: (.*?)(?: \((?:title from|vaidra|ixambee|explanation)[^)]*\))*\s*$", head, re.M)
        event = re.search(r"^EVENT_CLUSTER: (\S+)", head, re.M)
        date = re.search(r"^DATE: (\d{4}-\d{2}-\d{2})", head, re.M)
        out.append({"file": p.name, "key": p.name[:4], "url": url.group(1) if url else None, "title": title.group(1) if title else None,
                    "event": event.group(1) if event else None, "date": date.group(1) if date else None, "body": body})
    return out


def as_page(item: dict[str, str | None]) -> str:
    body = item["body"] or ""
    if not re.search(r"<(?:p|div|h\d|ul|span)\b", body):
        body = "\n".join(f"<p>{html.escape(par.strip())}</p>" for par in re.split(r"\n\s*\n", body) if par.strip())
    meta = [f'<meta property="og:url" content="{html.escape(item["url"] or "")}">']
    if item["date"]:
        meta.append(f'<meta property="article:published_time" content="{item["date"]}T09:00:00+05:30">')
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(item["title"] or "")}</title>'
            f'{"".join(meta)}</head><body><article>{body}</article></body></html>')


def build_dev(work: Path, items: list[dict[str, str | None]]) -> Path:
    from upscnotes.pipeline import build

    pages = work / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for it in items:
        (pages / (str(it["file"])[:-4] + ".html")).write_text(as_page(it), encoding="utf-8")
    db = work / "dev.db"
    build([str(pages)], work / "out", db=str(db))
    return db


def pairwise(pred: dict[str, int], gold: dict[str, str]) -> dict[str, float]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(pred), 2):
        same, truth = pred[a] == pred[b], gold[a] == gold[b]
        tp += same and truth
        fp += same and not truth
        fn += truth and not same
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


_QUOTE = re.compile(r"[\"“]([^\"”]+)[\"”]")
_FILE = re.compile(r"\(([a-z]{2}\d\d)[a-z_]*[^)]*\)")


def conflict_lines(path: Path) -> list[dict[str, object]]:
    """CONFLICT and NOT A CONFLICT lines, each side as (files, quoted texts)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"- (CONFLICT|NOT A CONFLICT)\b", line)
        if not m or " vs " not in line:
            continue
        left, right = line.split(" vs ", 1)
        sides = []
        for side in (left, right):
            sides.append({"files": set(_FILE.findall(side)), "quotes": _QUOTE.findall(side)})
        out.append({"conflict": m.group(1) == "CONFLICT", "line": line, "sides": sides})
    return out


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip("0").rstrip(".") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def _value_on_side(value: dict[str, object], side: dict[str, object]) -> bool:
    text = str(value["text"])
    quotes = " ".join(side["quotes"])  # type: ignore[arg-type]
    nums = _numbers(text)
    if nums:
        return bool(nums & _numbers(quotes))
    return text.casefold() in quotes.casefold() or str(value["value"]).casefold() in quotes.casefold()


def match_conflicts(found: list[dict[str, object]], lines: list[dict[str, object]], file_of: dict[str, str]) -> tuple[int, int, int, int]:
    """(CONFLICT lines detected, CONFLICT lines, NOT A CONFLICT lines flagged, NOT A CONFLICT lines)."""
    def hit(line: dict[str, object]) -> bool:
        sides = line["sides"]  # type: ignore[assignment]
        for c in found:
            vals = c["values"]  # type: ignore[assignment]
            for a, b in itertools.permutations(vals, 2):  # type: ignore[arg-type]
                fa, fb = file_of.get(a["article"]), file_of.get(b["article"])
                if fa in sides[0]["files"] and fb in sides[1]["files"] and _value_on_side(a, sides[0]) and _value_on_side(b, sides[1]):
                    return True
        return False

    real = [ln for ln in lines if ln["conflict"]]
    alike = [ln for ln in lines if not ln["conflict"]]
    return sum(hit(ln) for ln in real), len(real), sum(hit(ln) for ln in alike), len(alike)


def pearson(x: list[float], y: list[float]) -> float:
    import numpy as np

    return float(np.corrcoef(np.asarray(x), np.asarray(y))[0, 1])


CV_FOLDS = 5
CV_SEED = 0


def fit_calibration(scores: list[float], target: list[float]) -> tuple[float, float]:
    """Slope and centre of the logistic curve over the story score that correlate best with ``target`` (a grid)."""
    import numpy as np

    x, y = np.asarray(scores), np.asarray(target)
    best = (-2.0, 8.0, 0.5)
    for slope in np.arange(2.0, 16.01, 0.5):
        for centre in np.arange(0.20, 0.801, 0.01):
            pred = 1.0 / (1.0 + np.exp(-slope * (x - centre)))
            if pred.std() == 0:
                continue
            r = float(np.corrcoef(pred, y)[0, 1])
            if r > best[0] + 1e-12:
                best = (r, float(slope), float(round(centre, 2)))
    return best[1], best[2]


def cross_validated_pearson(scores: list[float], target: list[float], folds: int = CV_FOLDS) -> float:
    """Pearson of out-of-fold calibrated scores: each fold's curve fitted on the other folds only."""
    import numpy as np

    from upscnotes.stories.cluster import calibrated

    n = len(scores)
    if n < 2 * folds:
        return float("nan")
    order = np.random.default_rng(CV_SEED).permutation(n)
    out = np.zeros(n)
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        slope, centre = fit_calibration([scores[i] for i in train], [target[i] for i in train])
        out[test] = [calibrated(scores[i], slope, centre) for i in test]
    return pearson(out.tolist(), list(target))


def pair_figures(rows: list[dict[str, object]]) -> dict[str, float]:
    """Pearson with −Overall of the story similarity (shipped calibration, and refitted by 5-fold cross-validation),
    of the unfitted clustering score and of plain MiniLM cosine; balanced same-story accuracy at the join threshold."""
    import numpy as np

    from upscnotes.embed import get_embedder, l2_normalise
    from upscnotes.model import Article
    from upscnotes.stories.cluster import ClusterParams, calibrated, pair_score
    from upscnotes.stories.features import article_features, embed_articles, embed_text

    arts = [Article(id=f"a{i}", text=str(r[k]).strip(), title=None) for i, r in enumerate(rows) for k in ("text1", "text2")]
    embedder = get_embedder()
    feats = article_features(arts, embed_articles(arts, embedder))
    plain = l2_normalise(np.asarray(embedder.embed([embed_text(a) for a in arts])))  # what MiniLM reads of each text
    raw, cosine, overall = [], [], []
    for i, r in enumerate(rows):
        raw.append(pair_score(feats[2 * i], feats[2 * i + 1]))
        cosine.append(float(np.dot(plain[2 * i], plain[2 * i + 1])))
        overall.append(-float(r["Overall"]))  # type: ignore[arg-type]
    join = ClusterParams().join
    same = [s for s, o in zip(raw, overall, strict=True) if -o <= 1.5]
    diff = [s for s, o in zip(raw, overall, strict=True) if -o >= 3]
    acc = 0.5 * ((sum(s >= join for s in same) / len(same) if same else 0.0) + (sum(s < join for s in diff) / len(diff) if diff else 0.0))
    return {"pearson_story": pearson([calibrated(s) for s in raw], overall), "pearson_story_cv": cross_validated_pearson(raw, overall),
            "pearson_raw": pearson(raw, overall), "pearson_cosine": pearson(cosine, overall), "same_story_accuracy": acc,
            "pairs": float(len(rows))}


ORDERS = 20


def arrival_orders(feats: list[object], key_of: dict[str, str], gold: dict[str, str], runs: int = ORDERS) -> dict[str, float]:
    """Pairwise F1 when the same articles arrive one at a time in random orders (seeded), from their stored
    features: how much the stories depend on the order of arrival, which a batch build sorts away."""
    import numpy as np

    from upscnotes.stories.cluster import StoryIndex
    from upscnotes.stories.features import Features

    fs = [f for f in feats if isinstance(f, Features) and f.article_id in key_of]
    rng = np.random.default_rng(CV_SEED)
    f1s = []
    for _ in range(runs):
        idx = StoryIndex()
        pred = {key_of[fs[i].article_id]: idx.add(fs[i]).story_id for i in rng.permutation(len(fs))}
        f1s.append(pairwise(pred, {k: gold[k] for k in pred})["f1"])
    return {"mean_f1": float(np.mean(f1s)) if f1s else 0.0, "min_f1": float(min(f1s)) if f1s else 0.0, "runs": float(runs)}


def dev_figures(items: list[dict[str, str | None]] | None = None) -> dict[str, object]:
    from upscnotes.glossary.store import Glossary
    from upscnotes.stories.store import StoryStore

    items = items if items is not None else read_dev()
    with tempfile.TemporaryDirectory() as tmp:
        db = build_dev(Path(tmp), items)
        g = Glossary.open(str(db), starter=False)
        try:
            ss = StoryStore(g.store)
            by_url = {it["url"]: str(it["key"]) for it in items}
            pred: dict[str, int] = {}
            file_of: dict[str, str] = {}
            for row in ss.stories():
                for a in row.articles:
                    key = by_url.get(a["url"]) or next((str(it["key"]) for it in items if it["file"][:-4] in str(a["origin"])), None)
                    if key:
                        pred[key] = row.id
                        file_of[a["id"]] = key
            found = ss.conflicts()
            orders = arrival_orders(list(ss.features()), file_of, {str(it["key"]): str(it["event"]) for it in items})
        finally:
            g.close()
    gold = {str(it["key"]): str(it["event"]) for it in items}
    missing = sorted(set(gold) - set(pred))
    for k in missing:  # a page the build skipped counts as a story of its own
        pred[k] = -len(pred)
    clustering = pairwise(pred, gold)
    got, real, flagged, alike = match_conflicts(found, conflict_lines(NEWS_DEV / "CONFLICTS_OBSERVED.md"), file_of)
    return {"clustering": clustering, "arrival_orders": orders, "skipped": missing, "conflict_recall": got / real if real else 0.0, "conflicts_detected": got,
            "conflict_lines": real, "lookalikes_flagged": flagged, "lookalike_lines": alike, "conflicts_total": len(found)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=Path, help="JSONL with text1, text2, Overall (SemEval-2022 Task 8 shape)")
    ap.add_argument("--json", action="store_true", help="one JSON object on the last line of stdout")
    args = ap.parse_args()
    if args.pairs:
        rows = [json.loads(x) for x in args.pairs.read_text(encoding="utf-8").splitlines() if x.strip()]
        figs = pair_figures(rows)
        if args.json:
            print(json.dumps({k: (None if v != v else v) for k, v in figs.items()}))
        else:
            for k, v in figs.items():
                print(f"{k}: {v:.3f}")
        return 0
    if not NEWS_DEV.is_dir() or not SEMEVAL.is_file():
        print(f"needs {NEWS_DEV} and {SEMEVAL}", file=sys.stderr)
        return 2
    dev = dev_figures()
    c = dev["clustering"]
    print(f"clustering (pairwise, news-dev): precision {c['precision']:.3f}  recall {c['recall']:.3f}  F1 {c['f1']:.3f}")  # type: ignore[index]
    o = dev["arrival_orders"]
    print(f"  one article at a time, {int(o['runs'])} random orders: F1 mean {o['mean_f1']:.3f}, min {o['min_f1']:.3f}")  # type: ignore[index]
    print(f"conflicts: recall {dev['conflict_recall']:.3f} ({dev['conflicts_detected']}/{dev['conflict_lines']} CONFLICT lines), "
          f"look-alikes flagged {dev['lookalikes_flagged']}/{dev['lookalike_lines']}, {dev['conflicts_total']} conflicts stored")
    rows = [json.loads(x) for x in SEMEVAL.read_text(encoding="utf-8").splitlines() if x.strip()]
    figs = pair_figures(rows)
    print(f"SemEval-2022 Task 8 (en, {len(rows)} pairs): Pearson story similarity {figs['pearson_story_cv']:.3f} by {CV_FOLDS}-fold "
          f"cross-validation (shipped calibration, in-sample: {figs['pearson_story']:.3f}; unfitted story score {figs['pearson_raw']:.3f}), "
          f"plain MiniLM cosine {figs['pearson_cosine']:.3f}; balanced same-story accuracy {figs['same_story_accuracy']:.3f}")
    if args.json:
        print(json.dumps({"clustering": c, **{k: dev[k] for k in ("conflict_recall", "lookalikes_flagged")}, **figs}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
