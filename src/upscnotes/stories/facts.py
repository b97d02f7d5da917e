"""Facts with their subject and a normalised value: one figure finder for the writer and the conflict finder.

The writer's figure shapes (``writers/facts.py``: money, percentages, counts, quantities, dates) are found there;
this module turns each figure into a comparable fact: what it is about (the words around it), its kind, its
value as a number in base units (``7,14,249``, ``714,249`` and ``7.14 lakh`` are one number; ``Rs 1.54 lakh
crore`` is 1.54×10¹²), its unit and its precision, so that rounding is never taken for disagreement.
Categorical claims (a policy stance, whether a scheme replaces another or is optional) are facts too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from upscnotes.model import Article
from upscnotes.text import norm_key
from upscnotes.writers.facts import Fact as Figure
from upscnotes.writers.facts import find_facts, sentence_spans, word_set

KINDS = ("money", "percent", "count", "rate", "rank", "date", "time", "quantity", "category", "name")

_SCALE = {"lakh crore": 1e12, "lakh": 1e5, "crore": 1e7, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12,
          "cr": 1e7, "thousand": 1e3}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
          "hundred": 100, "dozen": 12}
_NUM = re.compile(r"(\d{1,3}(?:,\d{2,3})+|\d+)(?:\.(\d+))?")
_UNITS = {
    "sq km": ("area", 1.0), "square kilometres": ("area", 1.0), "square kilometers": ("area", 1.0), "sqkm": ("area", 1.0),
    "hectare": ("area", 0.01), "hectares": ("area", 0.01), "km": ("length", 1.0), "kilometres": ("length", 1.0),
    "kilometers": ("length", 1.0), "kg": ("mass", 1.0), "kilograms": ("mass", 1.0), "kilogram": ("mass", 1.0),
    "tonnes": ("mass", 1000.0), "tonne": ("mass", 1000.0), "mw": ("power", 1.0), "gw": ("power", 1000.0),
}
# Words that say which measure a figure is: two figures that differ in these are different measures, not a clash.
_QUALIFIERS = word_set(
    "rural urban imputation imputed without with current constant nominal real gross net average median total "
    "increase decrease rise fall gain loss growth change since compared previous earlier last next first second "
    "planned target estimated projected minimum maximum family monthly annual per capita share cumulative"
)
_STOP = word_set(
    "a an the and or of to in on at by for from with as is are was were be been being it its this that these those which who "
    "has have had will would can could may might than then there here into about over under after before between during "
    "while said says also per cent percent around nearly almost about approximately some only just more less than up "
    "down out by its their his her our we they he she rs inr"
)
_SUBJECT_WINDOW = 7
_STANCES = ("neutral", "accommodative", "withdrawal of accommodation")
_STANCE = re.compile(r"\b(" + "|".join(_STANCES) + r")\b[^.]{0,40}?\bstance|\bstance\b[^.]{0,40}?\b(" + "|".join(_STANCES) + r")\b",
                     re.IGNORECASE)
_REPLACES = re.compile(r"\b(replaces?|replacing|replaced|will replace|scrap(?:s|ped)?)\b", re.IGNORECASE)
_OPTIONAL = re.compile(r"\b(opt for|option to|optional|choose between|can choose|choice to)\b", re.IGNORECASE)


@dataclass(frozen=True)
class StoryFact:
    """One comparable claim of one article."""

    subject: str  # content words around the figure, normalised and sorted
    kind: str
    value: float | str
    unit: str
    precision: float  # a value written to this step (1 for "1,480", 0.1 for "1,480.7")
    text: str  # the figure as written
    sentence: str
    article: str
    url: str | None
    qualifiers: frozenset[str] = frozenset()
    context_years: frozenset[str] = frozenset()
    only_of_unit: bool = False  # the article's one figure in this unit: it names the same thing as the other's


def parse_number(text: str) -> tuple[float, float] | None:
    """The value and precision of the first number in ``text``, with Indian and Western grouping, and scale words."""
    low = text.casefold()
    m = _NUM.search(low)
    if m is None:
        for w, v in _WORDS.items():
            if re.search(rf"\b{w}\b", low):
                return float(v), 1.0
        return None
    whole, frac = m.group(1).replace(",", ""), m.group(2) or ""
    value = float(f"{whole}.{frac}" if frac else whole)
    precision = 10.0 ** -len(frac) if frac else 1.0
    rest = low[m.end():].strip()
    for word, scale in sorted(_SCALE.items(), key=lambda kv: -len(kv[0])):
        if rest.startswith(word):
            return value * scale, precision * scale
    return value, precision


_UNIT_WORDS = word_set("sq km square kilometre kilometres kilometers kilometer kg kilogram kilograms tonne tonnes mw gw kw hectare hectares "
                       "lakh crore million billion trillion bps basis point points rupees rs inr usd dollar dollars")


def _content(words: list[str]) -> list[str]:
    keys = [norm_key(w) for w in words]
    keys = [k[:-1] if len(k) > 4 and k.endswith("s") and not k.endswith("ss") else k for k in keys]
    return [k for k in keys if k and k not in _STOP and k not in _UNIT_WORDS and not k.isdigit()]


def _subject_words(sentence: str, start: int, end: int) -> tuple[str, frozenset[str]]:
    """What a figure is about: the nearest content words before it in its clause ("Arunachal Pradesh (65,882 sq km)"
    is about Arunachal Pradesh), else the words right after it ("the 1,472 kg spacecraft")."""
    clause = re.split(r"[,;:(]\s*", sentence[:start])[-1]
    before = _content(re.findall(r"[A-Za-z][\w'-]*", clause))[-3:]
    after = _content(re.findall(r"[A-Za-z][\w'-]*", re.split(r"[,;:)]", sentence[end:])[0]))[:2]
    subject = before or after
    window = _content(re.findall(r"[A-Za-z][\w'-]*", sentence[:start]))[-_SUBJECT_WINDOW:] + after
    quals = {w for w in window if w in _QUALIFIERS}
    # The role of a figure in its sentence: "raised from Rs 3 lakh to Rs 5 lakh", "cut by 25 bps to 6.25%".
    role = re.search(r"\b(from|to|by|at|of)\s*$", sentence[:start], re.IGNORECASE)
    quals.add("role:" + (role.group(1).casefold() if role else "-"))
    return " ".join(sorted(set(subject) - _QUALIFIERS)), frozenset(quals)


def _unit(fig: Figure) -> tuple[str, float]:
    low = fig.value.casefold()
    for name, (dim, factor) in sorted(_UNITS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(name)}\b", low):
            return dim, factor
    if fig.kind == "percent":
        return ("bps", 1.0) if re.search(r"basis|bps", low) else ("percent", 1.0)
    if fig.kind == "money":
        return "money", 1.0
    if fig.kind == "count":
        noun = re.findall(r"[A-Za-z][\w'-]*", fig.value)
        return ("count:" + (norm_key(noun[-1]).rstrip("s") if noun else "")), 1.0
    return fig.kind, 1.0


def article_facts(article: Article) -> list[StoryFact]:
    """Every comparable claim of one article."""
    text = article.text or ""
    out: list[StoryFact] = []
    for fig in find_facts(text):
        if fig.kind in ("year", "date", "fraction"):
            continue  # dates are compared by the date rules of the story, not as figures
        parsed = parse_number(fig.value)
        if parsed is None:
            continue
        value, precision = parsed
        unit, factor = _unit(fig)
        if unit == "bps":
            value, precision, unit = value / 100.0, precision / 100.0, "percent"
        a, b = fig.start - fig.sentence_start, fig.end - fig.sentence_start
        subject, quals = _subject_words(fig.sentence, a, b)
        kind = "quantity" if unit in ("area", "length", "mass", "power") else ("count" if unit.startswith("count:") else fig.kind)
        years = frozenset(re.findall(r"\b(?:19|20)\d\d\b", fig.sentence))
        out.append(StoryFact(subject, kind if kind in KINDS else "count", value * factor, unit, precision * factor, fig.value,
                             fig.sentence.strip(), article.id, article.url, quals, years))
    units: dict[str, int] = {}
    for f in out:
        units[f.unit] = units.get(f.unit, 0) + 1
    out = [replace(f, only_of_unit=units[f.unit] == 1) for f in out]
    for s, e in sentence_spans(text):
        sentence = text[s:e]
        for m in _STANCE.finditer(sentence):
            stance = (m.group(1) or m.group(2)).casefold()
            out.append(StoryFact("policy stance", "category", stance, "stance", 0.0, m.group(0), sentence.strip(), article.id, article.url))
        if _REPLACES.search(sentence) and re.search(r"\bscheme|pension|system\b", sentence, re.IGNORECASE):
            out.append(StoryFact("replaces or optional", "category", "replaces", "relation", 0.0, _REPLACES.search(sentence).group(0),  # type: ignore[union-attr]
                                 sentence.strip(), article.id, article.url))
        elif _OPTIONAL.search(sentence) and re.search(r"\bscheme|pension|system\b", sentence, re.IGNORECASE):
            out.append(StoryFact("replaces or optional", "category", "optional", "relation", 0.0, _OPTIONAL.search(sentence).group(0),  # type: ignore[union-attr]
                                 sentence.strip(), article.id, article.url))
    return out


__all__ = ["KINDS", "StoryFact", "article_facts", "parse_number"]
