"""Regenerate src/upscnotes/syllabus/syllabus.json from the official syllabus text.

Usage: python scripts/build_syllabus.py ../shared/data/upsc_syllabus.txt

The line wording is quoted verbatim (it is the official syllabus); ids are stable: GS<paper>-<nn> in the
order the notification lists them, PRE-<nn> for Prelims Paper I, CSAT-<nn> for Prelims Paper II.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PAPER_HEADERS = {
    "PAPER-II": "GS1",
    "PAPER-III": "GS2",
    "PAPER-IV": "GS3",
    "PAPER-V": "GS4",
}


def parse(text: str) -> dict[str, object]:
    papers: dict[str, dict[str, object]] = {}
    lines: list[dict[str, str]] = []
    current: str | None = None
    counters: dict[str, int] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("Paper I - "):
            current = "PRE"
            papers[current] = {"id": "Prelims", "name": "Preliminary Examination, General Studies Paper I", "title": ""}
            continue
        if line.startswith("Paper II - "):
            current = "CSAT"
            papers[current] = {"id": "CSAT", "name": "Preliminary Examination, Paper II (CSAT)", "title": ""}
            continue
        if line.startswith("PART-B"):
            current = None
            continue
        if line in PAPER_HEADERS:
            current = PAPER_HEADERS[line]
            papers[current] = {"id": current, "name": f"General Studies {current[2:]}", "title": ""}
            continue
        if line == "PAPER-I":
            current = None
            continue
        if current is None or not line:
            continue
        if current in ("PRE", "CSAT"):
            if line.startswith("Note ") or line.startswith("Paper"):
                continue
            item = line
        else:
            if line.startswith("General Studies"):
                papers[current]["title"] = line.split(":", 1)[1].strip()
                continue
            if not line.startswith("- "):
                continue
            item = line[2:].strip()
        counters[current] = counters.get(current, 0) + 1
        paper = "Prelims" if current == "PRE" else current
        lines.append({"id": f"{current}-{counters[current]:02d}", "paper": paper, "text": item})
    return {"papers": list(papers.values()), "lines": lines}


def main() -> None:
    src = Path(sys.argv[1])
    data = parse(src.read_text(encoding="utf-8"))
    out = Path(__file__).resolve().parent.parent / "src/upscnotes/syllabus/syllabus.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {len(data['lines'])} lines")


if __name__ == "__main__":
    main()
