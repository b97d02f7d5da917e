"""Check the starter glossary files (``src/upscnotes/glossary/starter*.json``) the way the test suite does.

Usage: ``python scripts/check_starter.py [FILE…]`` (default: every starter file). Prints one line per problem and
exits 1 when there is any. Checks: the JSON shape, GS tags the syllabus validates, definition length, one sentence,
no duplicate heads, no alias or abbreviation that names another term, and no two definitions sharing their first six
words (no templates).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from upscnotes.syllabus.tags import parse_gs_tags  # noqa: E402
from upscnotes.text import norm_key  # noqa: E402

GLOSSARY_DIR = ROOT / "src" / "upscnotes" / "glossary"
MIN_CHARS, MAX_CHARS = 40, 320
MIN_WORDS, MAX_WORDS = 7, 48
# Words that date an entry: who holds an office now, or a figure that changes.
TRANSIENT = re.compile(r"\b(?:currently|presently|incumbent|at present|as of (?:19|20)\d\d|this year|last year)\b", re.I)
KEYS = {"head", "abbreviation", "aliases", "definition", "gs_tags"}


def first_words(text: str, n: int = 6) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold())[:n])


def check(paths: list[Path], all_paths: list[Path]) -> list[str]:
    problems: list[str] = []
    heads: dict[str, str] = {}
    names: dict[str, tuple[str, str]] = {}  # key of any name -> (head key, where)
    openings: dict[str, str] = {}
    checked = {p.resolve() for p in paths}
    for path in all_paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(f"{path.name}: not readable JSON ({exc})")
            continue
        report = path.resolve() in checked
        for i, t in enumerate(data.get("terms", [])):
            where = f"{path.name}#{i} {t.get('head')!r}"

            def bad(msg: str) -> None:
                if report:
                    problems.append(f"{where}: {msg}")

            if set(t) != KEYS:
                bad(f"keys must be exactly {sorted(KEYS)}")
                continue
            head, definition = t["head"], t["definition"]
            if not isinstance(head, str) or not head.strip() or not isinstance(definition, str):
                bad("head and definition must be non-empty strings")
                continue
            hk = norm_key(head)
            if hk in heads:
                bad(f"duplicate head (also {heads[hk]})")
            heads.setdefault(hk, where)
            n_chars, n_words = len(definition), len(definition.split())
            if not (MIN_CHARS <= n_chars <= MAX_CHARS and MIN_WORDS <= n_words <= MAX_WORDS):
                bad(f"definition length {n_chars} chars / {n_words} words outside {MIN_CHARS}-{MAX_CHARS} / {MIN_WORDS}-{MAX_WORDS}")
            if definition.rstrip().endswith(".") or re.search(r"[a-z]{3}\. [A-Z]", definition):
                bad("one sentence, no final full stop (the seeds' style)")
            if TRANSIENT.search(definition):
                bad("definition dates itself (current office-holders or changing figures)")
            if not t["gs_tags"]:
                bad("no GS tag")
            for label in t["gs_tags"]:
                tags = parse_gs_tags(f"({label})").tags
                if len(tags) != 1 or not tags[0].valid:
                    bad(f"GS tag {label!r} is not valid for the syllabus")
            opening = first_words(definition)
            if opening in openings:
                bad(f"definition opens like {openings[opening]} ({opening!r})")
            openings.setdefault(opening, where)
            others = [t["abbreviation"]] if t["abbreviation"] else []
            others += list(t["aliases"])
            for name in [head, *others]:
                k = norm_key(name)
                if not k:
                    bad(f"empty name {name!r}")
                    continue
                owner = names.get(k)
                if owner and owner[0] != hk:
                    bad(f"name {name!r} also names {owner[1]}")
                names.setdefault(k, (hk, where))
    return problems


def main(argv: list[str]) -> int:
    all_paths = sorted(GLOSSARY_DIR.glob("starter*.json"))
    paths = [Path(a) for a in argv] or all_paths
    problems = check(paths, all_paths)
    for p in problems:
        print(p)
    total = sum(len(json.loads(p.read_text(encoding="utf-8")).get("terms", [])) for p in all_paths)
    print(f"{len(problems)} problems; {total} terms in {len(all_paths)} files", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
