"""Normalisation: the fast path (a table over code points, only unstable characters looked at one by one) must
give exactly what NFKC of the whole text gives, and its segment table must map every piece back to the author's
characters."""

from __future__ import annotations

import json
import unicodedata

from conftest import need_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from upscnotes.text import _DROP, _ONE_TO_ONE, Normalized, norm_key, normalize


def reference(text: str, casefold: bool = False) -> str:
    """The definition the fast path must agree with: the one-to-one folds, NFKC of the whole text, the removals."""
    out = unicodedata.normalize("NFKC", text.translate(_ONE_TO_ONE)).translate({**_ONE_TO_ONE, **_DROP})
    return out.casefold() if casefold else out


def assert_segments_map_back(n: Normalized, casefold: bool) -> None:
    assert n.norm[0] == 0 and n.orig[0] == 0 and n.orig_end[-1] == len(n.original)
    bounds = [*n.norm[1:], len(n.text)]
    for k, end in enumerate(bounds):
        source = n.original[n.orig[k] : n.orig_end[k]]
        piece = n.text[n.norm[k] : end]
        assert reference(source, casefold) == piece, (k, source, piece)
        if n.unit[k]:
            assert len(source) == len(piece)
        if k + 1 < len(bounds):
            assert n.orig_end[k] == n.orig[k + 1]  # segments tile the original


# Letters, marks that compose or reorder, the one-to-one folds, removed characters, compatibility forms,
# Hangul jamo, Devanagari with nukta and virama, case oddities and a character beyond the BMP.
TRICKY = list("aeAZ 9-'\n") + [
    "\u0301", "\u0308", "\u0323", "\u0345", "\u0344", "\u0f73", "\u2011", "\u2019", "\u201c", "\u00a0", "\u200b",
    "\ufeff", "\u202e", "\u00ad", "\ufb01", "\u2460", "\uff21", "\u1100", "\u1161", "\u11a8", "\uac00", "\u00e9",
    "\u0915", "\u094d", "\u0937", "\u093c", "\u00df", "\u03a3", "\u0130", "\U0001f600", "\u01c5", "\u2126", "\u212a",
    "\udcff",  # a lone surrogate (text decoded with surrogateescape)
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), min_size=1, max_size=12).map("".join), st.booleans())
def test_fast_normalisation_equals_nfkc_of_the_whole_text(text: str, casefold: bool) -> None:
    n = normalize(text, casefold)
    assert n.text == reference(text, casefold)
    assert_segments_map_back(n, casefold)


def test_naughty_strings_and_trojan_source_lines() -> None:
    path = need_shared("testdata", "adversarial-text")
    lines = json.loads((path / "blns.json").read_text(encoding="utf-8"))
    lines += [row["text"] for row in json.loads((path / "trojan_source_lines.json").read_text(encoding="utf-8"))]
    assert len(lines) > 500
    for line in lines:
        for casefold in (False, True):
            n = normalize(line, casefold)
            assert n.text == reference(line, casefold), line
            assert_segments_map_back(n, casefold)
            assert not any(c in n.text for c in "\u202e\u2066\u2069\u200b")  # bidi controls and zero-width removed


def test_decomposed_and_precomposed_forms_agree() -> None:
    assert normalize("cafe\u0301").text == normalize("caf\u00e9").text == "caf\u00e9"
    n = normalize("x cafe\u0301 y")
    assert n.span(2, 6) == (2, 7)  # the composed é maps back to both of the author's characters
    assert norm_key("Stra\u00dfe") == norm_key("STRASSE")
    assert normalize("\u1100\u1161\u11a8").text == "\uac01"  # conjoining jamo compose


def test_long_mostly_ascii_text_maps_one_to_one() -> None:
    text = ("India\u2019s \u201cMake in India\u201d \u2014 Ahn Gyu\u2011back, \u0915\u094d\u0937\u0947\u0924\u094d\u0930 " * 2000
            + "tail\ufeff end")
    n = normalize(text)
    assert n.text == reference(text)
    # One run one to one (quotes and dashes folded in place, Devanagari with virama kept), the removed U+FEFF, the rest.
    assert n.unit == [True, False, True] and n.orig[1:] == [len(text) - 5, len(text) - 4]
    assert_segments_map_back(n, False)
