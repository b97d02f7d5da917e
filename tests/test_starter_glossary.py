"""The starter glossary: at least 3,000 terms, each one checked (scripts/check_starter.py) and found in use."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from upscnotes.glossary.annotate import Annotator
from upscnotes.glossary.store import Glossary
from upscnotes.text import norm_key

sys.path.insert(0, str(ROOT / "scripts"))
from check_starter import GLOSSARY_DIR, check  # noqa: E402

FILES = sorted(GLOSSARY_DIR.glob("starter*.json"))


def entries() -> list[dict]:  # type: ignore[type-arg]
    return [t for p in FILES for t in json.loads(p.read_text(encoding="utf-8"))["terms"]]


def test_at_least_3000_terms_and_every_check_passes() -> None:
    assert len(entries()) >= 3000
    assert check(FILES, FILES) == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "starter_bad.json"
    good = entries()[0]
    bad.write_text(json.dumps({"terms": [
        {**good, "head": good["head"] + " again"},  # same opening words as the original
        {"head": "Nonsense body", "abbreviation": None, "aliases": [good["head"]], "definition": "Short.", "gs_tags": ["GS5: Magic"]},
    ]}), encoding="utf-8")
    problems = check([bad], [*FILES, bad])
    for needle in ("opens like", "also names", "length", "not valid", "one sentence"):
        assert any(needle in p for p in problems), (needle, problems)


@pytest.fixture(scope="module")
def annotator(tmp_path_factory: pytest.TempPathFactory) -> Annotator:
    g = Glossary.open(str(tmp_path_factory.mktemp("g") / "g.db"))
    return Annotator(g)


def test_every_term_is_found_in_a_sentence_that_uses_it(annotator: Annotator) -> None:
    missed = []
    for t in entries():
        sentence = f"Officials discussed the {t['head']} at length on Monday."
        heads = {norm_key(k.head) for k in annotator.terms_in(sentence)}
        if norm_key(t["head"]) not in heads:
            missed.append(t["head"])
    assert not missed, f"{len(missed)} terms not found by the annotator: {missed[:20]}"


def test_no_alias_points_at_a_different_thing(annotator: Annotator) -> None:
    """Each listed alias and abbreviation, used alone in a sentence, marks its own term."""
    wrong = []
    for t in entries():
        for name in [*(t["aliases"]), *([t["abbreviation"]] if t["abbreviation"] else [])]:
            heads = {norm_key(k.head) for k in annotator.terms_in(f"Officials discussed the {name} at length on Monday.")}
            if heads and norm_key(t["head"]) not in heads:
                wrong.append((name, t["head"], sorted(heads)))
    assert not wrong, wrong[:20]
