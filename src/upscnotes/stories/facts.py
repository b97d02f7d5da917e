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
_QUALIFIERS = word_set("rural urban imputation imputed constant nominal real capita median minimum maximum family monthly annual target "
                       "projected planned cumulative")
# Count nouns that count the same thing in a vote: "214 members", "215 votes", "214 ayes", "all 214 MPs".
_VOTERS = word_set("member members mp mps vote votes aye ayes legislator legislators lawmaker lawmakers mla mlas senator senators")
# Words that make a figure a change rather than a level ("an increase of 1,445 sq km", "grown from … to …").
_CHANGE = word_set("increase increased increasing rise rose risen rising gain gained growth grown grew grow jump jumped decrease decreased "
                   "decline declined fall fell fallen loss lost drop dropped added cut reduced raised hiked up down more less higher lower")
# Verbs and fillers that sit between a subject and its figure ("forest cover stands at", ", or", "constituting").
_LINKING = word_set("stand stands standing stood at reach reaches reached reaching constituting constitutes making marking amounting "
                    "representing covering encompassing accounting comprising totalling totaling touching is are was were be become "
                    "became estimated pegged put placed recorded registered reported now or i e which this that followed topped "
                    "contributing exceeding exceeded")
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
    # "261,000 households" is a round figure (to the thousand); "1,480 kg" is not.
    zeros = len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0
    precision = 10.0 ** -len(frac) if frac else (10.0 ** zeros if zeros >= 3 else 1.0)
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


def _subject_words(sentence: str, start: int, end: int, previous: str, kind: str) -> tuple[str, frozenset[str]]:
    """What a figure is about: the nearest content words before it in its clause ("forest cover stands at …"), the
    name before its bracket ("Mizoram (84.53%)"), the words right after it ("the 1,472 kg spacecraft"), or, for a
    figure that restates the one before ("…, or 21.76%"), that figure's subject."""
    head = sentence[:start]
    if re.search(r"\(\s*$", head):  # "Lakshadweep (91.33%)": the bracket belongs to the name before it
        head = head[: head.rstrip().rfind("(")]
    clause = re.split(r"[,;:(]\s*", head)[-1]
    before = [w for w in _content(re.findall(r"[A-Za-z][\w'-]*", clause)) if w not in _LINKING and w not in _CHANGE]
    after = [w for w in _content(re.findall(r"[A-Za-z][\w'-]*", re.split(r"[,;:)]", sentence[end:])[0]))[:2]
             if w not in _LINKING and w not in _CHANGE]
    restates = bool(previous) and all(w in _LINKING for w in _content(re.findall(r"[A-Za-z][\w'-]*", clause)))
    # Words after a percentage name its base ("21.76% of the geographical area"), not what it measures.
    subject = before[-3:] or (previous.split() if restates else after if kind in ("count", "quantity") else [])
    window = _content(re.findall(r"[A-Za-z][\w'-]*", head))[-_SUBJECT_WINDOW:] + after
    quals = {w for w in window if w in _QUALIFIERS}
    if re.search(r"\b(?:unchanged|earlier|previous|previously|prior|last|former|old)\b", clause, re.IGNORECASE):
        quals.add("before")  # "kept unchanged at 6.5 per cent", "the previous edition": an earlier state, not the news
    if re.search(r"current\s+prices", sentence, re.IGNORECASE):
        quals.add("current prices")
    # A change ("an increase of 1,445 sq km", "rose by 25 bps"), not a level ("grown from … to 715,343 sq km").
    tail = re.findall(r"[A-Za-z][\w'-]*", clause)[-3:]
    if not re.search(r"\bto\s*$", head) and (re.search(r"\bby\s*$", head) or any(norm_key(w) in _CHANGE for w in tail)):
        quals.add("change")
    # "raised from Rs 3 lakh to Rs 5 lakh": the figure after "from" is the old value, not a second claim on the new one.
    if re.search(r"\bfrom(?:\s+(?:the|its|a|an|current|earlier|previous|existing)){0,2}\s*$", head, re.IGNORECASE):
        quals.add("from")
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
        last = norm_key(noun[-1]) if noun else ""
        return ("count:vote" if last in _VOTERS else "count:" + last.rstrip("s")), 1.0
    return fig.kind, 1.0


def article_facts(article: Article) -> list[StoryFact]:
    """Every comparable claim of one article."""
    text = article.text or ""
    out: list[StoryFact] = []
    previous: tuple[int, str] = (-1, "")
    mentioned = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)]
    now = int(article.date[:4]) if article.date else max(mentioned, default=0)
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
        subject, quals = _subject_words(fig.sentence, a, b, previous[1] if previous[0] == fig.sentence_start else "", fig.kind)
        previous = (fig.sentence_start, subject)
        kind = "quantity" if unit in ("area", "length", "mass", "power") else ("count" if unit.startswith("count:") else fig.kind)
        # The year a figure is for is written next to it ("713,789 sq km in 2021", "Rs 2,008 at 2011-12 prices").
        years = set(re.findall(r"\b(?:19|20)\d\d\b", fig.sentence[max(0, a - 25) : b + 25]))
        # A sentence about an earlier year is history ("in May 2020 it lowered the rate to 4 per cent"): its figures
        # are compared only with figures of that same year.
        years |= {y for y in re.findall(r"\b(?:19|20)\d\d\b", fig.sentence) if int(y) < now - 1}
        out.append(StoryFact(subject, kind if kind in KINDS else "count", value * factor, unit, precision * factor, fig.value,
                             fig.sentence.strip(), article.id, article.url, quals, frozenset(years)))
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
