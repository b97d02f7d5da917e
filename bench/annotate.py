"""Annotation throughput: upscnotes vs flashtext vs one compiled regex alternation, in the same run.

Input: ~10 MB of news text (the SemEval-2022 Task 8 English texts in ../shared/data, repeated) and a 50,000-term
glossary drawn from that text as 1–4-word phrases (mostly multi-word; single words only when rare, as in a real
glossary). Each engine runs in its own child process so its peak memory (VmHWM) is its own.

    .venv/bin/python bench/annotate.py [--mb 10] [--terms 50000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "semeval2022_task8_en_train.jsonl"


def corpus(mb: float) -> str:
    texts = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts += [row.get("text1", ""), row.get("text2", "")]
    base = "\n\n".join(t for t in texts if t)
    return (base * (int(mb * 1_000_000 / len(base)) + 1))[: int(mb * 1_000_000)]


def glossary_terms(text: str, n: int, seed: int = 7) -> list[str]:
    from wordfreq import zipf_frequency

    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text[:3_000_000])
    rng = random.Random(seed)
    terms: set[str] = set()
    tries = 0
    while len(terms) < n and tries < n * 50:
        tries += 1
        k = rng.choices([1, 2, 3, 4], weights=[1, 5, 3, 1])[0]
        i = rng.randrange(0, len(words) - k)
        phrase = " ".join(words[i : i + k])
        if k == 1 and (zipf_frequency(phrase, "en") > 3.0 or len(phrase) < 4):
            continue
        terms.add(phrase)
    return sorted(terms)


def peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


class _BenchGlossary:
    """Just enough of Glossary for Annotator: forms and a canonical definition per term."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms

    def match_forms(self) -> list[tuple[int, str]]:
        return list(enumerate(self.terms))

    def canonical_key_term(self, term_id: int, text: str):  # type: ignore[no-untyped-def]
        from upscnotes.model import GsTag, KeyTerm

        return KeyTerm(text=text, head=self.terms[term_id], definition="bench definition", gs_tags=[GsTag("GS2", "Polity")])


def run_upscnotes(text: str, terms: list[str], q: mp.Queue) -> None:  # type: ignore[type-arg]
    from upscnotes.glossary.annotate import Annotator

    t0 = time.perf_counter()
    annotator = Annotator(_BenchGlossary(terms), every=True)  # type: ignore[arg-type]
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = annotator.annotate_text(text)
    run = time.perf_counter() - t0
    q.put({"engine": "upscnotes (annotate_text, every occurrence)", "build_s": build, "run_s": run, "matches": annotator.added,
           "out_mb": len(out) / 1e6, "peak_mb": peak_kb() / 1024})


def run_upscnotes_first(text: str, terms: list[str], q: mp.Queue) -> None:  # type: ignore[type-arg]
    from upscnotes.glossary.annotate import Annotator

    t0 = time.perf_counter()
    annotator = Annotator(_BenchGlossary(terms))  # type: ignore[arg-type]
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    annotator.annotate_text(text)
    run = time.perf_counter() - t0
    q.put({"engine": "upscnotes (annotate_text, default: first occurrence)", "build_s": build, "run_s": run, "matches": annotator.added,
           "peak_mb": peak_kb() / 1024})


def run_upscnotes_find(text: str, terms: list[str], q: mp.Queue) -> None:  # type: ignore[type-arg]
    from upscnotes.glossary.matcher import TermMatcher

    t0 = time.perf_counter()
    m = TermMatcher(list(enumerate(terms)))
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = m.find(text)
    run = time.perf_counter() - t0
    q.put({"engine": "upscnotes (TermMatcher.find: normalise, match, boundaries, offsets)", "build_s": build, "run_s": run,
           "matches": len(found), "peak_mb": peak_kb() / 1024})


def run_raw_engines(text: str, terms: list[str], q: mp.Queue) -> None:  # type: ignore[type-arg]
    """The engine choice: the same prepared haystack and keys through pyahocorasick and ahocorasick-rs."""
    import ahocorasick
    import ahocorasick_rs

    from upscnotes.glossary.matcher import _boundaries, _lower_same_length
    from upscnotes.text import normalize

    keys = sorted({" " + _boundaries(_lower_same_length(normalize(t).text)) for t in terms})
    hay = " " + _boundaries(_lower_same_length(normalize(text).text))
    a = ahocorasick.Automaton()
    for i, k in enumerate(keys):
        a.add_word(k, i)
    a.make_automaton()
    t0 = time.perf_counter()
    n1 = sum(1 for _ in a.iter_long(hay))
    py = time.perf_counter() - t0
    rs = ahocorasick_rs.BytesAhoCorasick([k.encode() for k in keys], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    t0 = time.perf_counter()
    n2 = len(rs.find_matches_as_indexes(hay.encode("ascii")))
    rust = time.perf_counter() - t0
    q.put({"engine": "raw engines", "py_s": py, "py_n": n1, "rs_s": rust, "rs_n": n2})


def run_flashtext(text: str, terms: list[str], q: mp.Queue) -> None:  # type: ignore[type-arg]
    from flashtext import KeywordProcessor

    t0 = time.perf_counter()
    kp = KeywordProcessor(case_sensitive=False)
    for t in terms:
        kp.add_keyword(t)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = kp.extract_keywords(text, span_info=True)
    run = time.perf_counter() - t0
    q.put({"engine": "flashtext 2.7 (extract_keywords, span_info)", "build_s": build, "run_s": run, "matches": len(found),
           "peak_mb": peak_kb() / 1024})


def run_regex(text: str, terms: list[str], q: mp.Queue) -> None:  # type: ignore[type-arg]
    t0 = time.perf_counter()
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\b", re.I)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = sum(1 for _ in pattern.finditer(text))
    run = time.perf_counter() - t0
    q.put({"engine": f"re alternation ({len(terms)} terms)", "build_s": build, "run_s": run, "matches": found,
           "peak_mb": peak_kb() / 1024})


def measure(fn, text: str, terms: list[str], timeout: float) -> dict | None:  # type: ignore[type-arg, no-untyped-def]
    q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    p = mp.Process(target=fn, args=(text, terms, q))
    p.start()
    p.join(timeout)
    if p.is_alive():
        p.kill()
        return None
    return q.get() if not q.empty() else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--terms", type=int, default=50_000)
    ap.add_argument("--regex-timeout", type=float, default=120.0)
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: the benchmark needs ../shared/data beside the checkout")
    mp.set_start_method("fork")
    text = corpus(args.mb)
    terms = glossary_terms(text, args.terms)
    mb = len(text.encode("utf-8")) / 1e6
    print(f"text: {mb:.1f} MB ({len(text):,} characters); glossary: {len(terms):,} terms "
          f"({sum(1 for t in terms if ' ' not in t):,} single words)")
    rows = []
    for fn in (run_upscnotes, run_upscnotes_first, run_upscnotes_find, run_flashtext):
        r = measure(fn, text, terms, 900)
        if r:
            rows.append(r)
    raw = measure(run_raw_engines, text, terms, 900)
    if raw:
        print(f"raw leftmost-longest pass over the prepared text: pyahocorasick iter_long {mb / raw['py_s']:.1f} MB/s ({raw['py_n']:,} matches), "
              f"ahocorasick-rs {mb / raw['rs_s']:.1f} MB/s ({raw['rs_n']:,} matches)")
    # The regex engine does not finish 50,000 terms on 10 MB in reasonable time: grow the term count on 1 MB.
    sample = text[:1_000_000]
    for n in (1_000, 5_000, 20_000, 50_000):
        r = measure(run_regex, sample, terms[:: max(1, len(terms) // n)][:n], args.regex_timeout)
        if r is None:
            print(f"re alternation with {n:,} terms on 1 MB: did not finish in {args.regex_timeout:.0f} s")
            break
        r["engine"] += " on 1 MB"
        r["mb"] = len(sample.encode()) / 1e6
        rows.append(r)
    print(f"{'engine':<72} {'build s':>8} {'run s':>8} {'MB/s':>7} {'matches':>9} {'peak MB':>8}")
    for r in rows:
        size = r.get("mb", mb)
        print(f"{r['engine']:<72} {r['build_s']:>8.2f} {r['run_s']:>8.2f} {size / r['run_s']:>7.2f} {r['matches']:>9,} {r['peak_mb']:>8.0f}")
    flash = next((r for r in rows if r["engine"].startswith("flashtext")), None)
    if flash:
        for r in rows:
            if r["engine"].startswith("upscnotes"):
                print(f"{r['engine']} / flashtext throughput: {flash['run_s'] / r['run_s']:.2f}x")


if __name__ == "__main__":
    main()
