"""Term selection in build: which glossary terms a story's note marks, and the sense check behind it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import need_model

from upscnotes.glossary.annotate import Annotator
from upscnotes.glossary.select import ambiguous, select_terms
from upscnotes.glossary.store import Glossary
from upscnotes.model import Article

MONETARY = ("The Governor told reporters after the meeting that the repo rate would stay unchanged, since retail "
            "inflation had cooled for a third month and bank credit was growing.")
ASSENT = ("The Governor returned the bill to the state legislature without giving assent, and asked the Assembly "
          "to reconsider two of its clauses.")
NAME = ("The Satish Dhawan Space Centre at Sriharikota hosted the launch, which was watched by school students "
        "from across the district.")


def _heads(g: Glossary, ann: Annotator, ids: list[int]) -> list[str]:
    return [ann.key_term(i, "").head for i in ids]


@pytest.fixture
def glossary(tmp_path: Path) -> Glossary:
    g = Glossary.open(str(tmp_path / "g.db"))
    yield g
    g.close()


def test_one_word_is_ambiguous_and_a_name_is_not() -> None:
    assert ambiguous("Governor") and ambiguous("ED")
    assert not ambiguous("Satish Dhawan Space Centre") and not ambiguous("absolute majority")


def test_only_one_word_matches_reach_the_model(glossary: Glossary) -> None:
    ann = Annotator(glossary)
    seen: list[str] = []

    def spy(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return np.ones((len(texts), 4), dtype=np.float32) / 2  # every fit 1.0: nothing dropped

    ids = select_terms([Article(id="a", text=f"{NAME} {ASSENT}", title="Launch day")], ann, embed=spy)
    heads = _heads(glossary, ann, ids)
    assert "Satish Dhawan Space Centre" in heads and "Governor" in heads
    sentences = seen[: len(seen) // 2]
    assert any("Governor returned the bill" in s for s in sentences)
    assert not any("Satish Dhawan" in s for s in sentences), sentences


def test_the_model_drops_a_wrong_sense_and_keeps_the_right_one(glossary: Glossary) -> None:
    try:
        from upscnotes.embed import MiniLMEmbedder

        embed = MiniLMEmbedder().embed
        embed(["warm up"])
    except Exception as exc:  # noqa: BLE001  any failure to load the model stack
        need_model(str(exc))
    ann = Annotator(glossary)
    wrong = _heads(glossary, ann, select_terms([Article(id="m", text=MONETARY, title="Rates on hold")], ann, embed=embed))
    right = _heads(glossary, ann, select_terms([Article(id="s", text=ASSENT, title="Bill returned")], ann, embed=embed))
    assert "Governor" in right
    assert "Governor" not in wrong


def test_a_term_named_only_as_one_item_of_a_list_is_not_marked(glossary: Glossary) -> None:
    ann = Annotator(glossary)
    text = ("The survey found the largest gain in Mizoram, where bamboo plantations spread across hill slopes. "
            "Smaller gains were seen in Odisha, Karnataka, Jharkhand and Punjab over the same two years.")
    heads = _heads(glossary, ann, select_terms([Article(id="f", text=text, title="Green cover grows")], ann))
    assert "Mizoram" in heads
    assert not {"Odisha", "Karnataka", "Jharkhand", "Punjab"} & set(heads), heads
    # Named in the title too, a listed state is what the story is about.
    heads = _heads(glossary, ann, select_terms([Article(id="g", text=text, title="Odisha gains green cover")], ann))
    assert "Odisha" in heads
