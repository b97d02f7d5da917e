"""Draw a seeded random sample of starter glossary entries for review: ``python scripts/sample_glossary.py [N] [SEED] [FILE…]``
(FILE: only these starter files, e.g. the newest batches)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

GLOSSARY_DIR = Path(__file__).resolve().parents[1] / "src" / "upscnotes" / "glossary"


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 50
    seed = int(argv[1]) if len(argv) > 1 else 2026
    only = set(argv[2:])
    entries = [(p.name, t) for p in sorted(GLOSSARY_DIR.glob("starter*.json")) if not only or p.name in only
               for t in json.loads(p.read_text(encoding="utf-8"))["terms"]]
    for i, (name, t) in enumerate(random.Random(seed).sample(entries, n), 1):
        abbr = f" ({t['abbreviation']})" if t["abbreviation"] else ""
        print(f"{i}. [{name}] {t['head']}{abbr} — {t['definition']} ({'; '.join(t['gs_tags'])})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
