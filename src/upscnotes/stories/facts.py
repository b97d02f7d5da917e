"""Facts with their subject and a normalised value: one figure finder for the writer and the conflict finder.

The writer's figure shapes (``writers/facts.py``: money, percentages, counts, quantities, dates) are found there;
this module turns each figure into a comparable fact: what it is about (the words around it), its kind, its
value as a number in base units (``7,14,249``, ``714,249`` and ``7.14 lakh`` are one number; ``Rs 1.54 lakh
crore`` is 1.54×10¹²), its unit and its precision, so that rounding is never taken for disagreement.
Categorical claims (a policy stance, whether a scheme replaces another or is optional) are facts too.
"""

from __future__ import annotations

import bisect
import functools
import itertools
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
    "tonnes": ("mass", 1000.0), "tonne": ("mass", 1000.0), "tons": ("mass", 1000.0), "ton": ("mass", 1000.0),
    "mw": ("power", 1.0), "gw": ("power", 1000.0),
}
# Words that say which measure a figure is: two figures that differ in these are different measures, not a clash.
_QUALIFIERS = word_set("rural urban imputation imputed constant nominal real capita median minimum maximum family monthly annual target "
                       "alone together combined aim aims goal "
                       "projected planned cumulative")
# Count nouns that count the same thing in a vote: "214 members", "215 votes", "214 ayes", "all 214 MPs".
_VOTERS = word_set("member members mp mps vote votes aye ayes legislator legislators lawmaker lawmakers mla mlas senator senators")
# Words that make a figure a change rather than a level ("an increase of 1,445 sq km", "grown from … to …").
_CHANGE = word_set("increase increased increasing rise rose risen rising gain gained growth grown grew grow jump jumped decrease decreased "
                   "decline declined fall fell fallen loss lost drop dropped added cut reduced raised hiked up down more less higher lower "
                   "shrank shrunk shrink contracted expanded")
# Verbs and fillers that sit between a subject and its figure ("forest cover stands at", ", or", "constituting").
# One thing under other names: "memoranda of understanding" are MoUs.
_SAME_NOUN = {"memorandum": "mou", "memoranda": "mou", "memorandums": "mou", "mous": "mou", "moUs": "mou", "hikes": "hike",
              "increases": "hike", "cuts": "cut", "reductions": "cut", "extensions": "extension", "amendments": "amendment"}
_SAME_QUALIFIER = {"aim": "target", "aims": "target", "goal": "target", "imputed": "imputation", "combined": "together"}
_DECREASE = word_set("decrease decreased decreasing decline declined declining fall fell fallen falling loss lost drop dropped dropping "
                     "cut cuts cutting reduce reduced reduces reducing lowered lowering lower lowers slashed slashing trimmed trimming down "
                     "less shrank shrunk shrink shrinking contracted contracting slipped dipped eased easing")
_LINKING = word_set("stand stands standing stood at reach reaches reached reaching constituting constitutes making marking amounting "
                    "representing covering encompassing accounting comprising totalling totaling touching is are was were be become "
                    "became estimated pegged put placed recorded registered reported now or i e which this that followed topped "
                    "contributing exceeding exceeded")
_STOP = word_set(
    "a an the and or of to in on at by for from with as is are was were be been being it its this that these those which who "
    "has have had will would can could may might than then there here into about over under after before between during "
    "while said says also per cent percent around nearly almost about approximately some only just more less than up "
    "down out by its their his her our we they he she rs inr current total overall present latest now"
)
_SUBJECT_WINDOW = 7


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
    start: int = -1  # where the figure stands in the article's text
    scope: str = ""  # the subject of the sentence before, for a sentence that refers back to it ("It is followed by …")


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


_UNIT_WORDS = word_set("sq km square kilometre kilometres kilometers kilometer kg kilogram kilograms tonne tonnes ton tons mw gw kw hectare hectares "
                       "lakh crore million billion trillion bps basis point points rupees rs inr usd dollar dollars")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude plural and possessive fold: "forests", "forest's" and "forest" are one key."""
    k = norm_key(word).replace("\u2019", "'")
    k = k[:-2] if k.endswith("'s") else k.rstrip("'")
    return k[:-1] if len(k) > 4 and k.endswith("s") and not k.endswith("ss") else k


def _content(words: list[str]) -> list[str]:
    keys = [stem(w) for w in words]
    return [k for k in keys if len(k) > 1 and k not in _STOP and k not in _UNIT_WORDS and k not in _WORDS and not k.isdigit()]


_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


def words_of(text: str) -> list[str]:
    """The words of ``text`` as written, in order."""
    return _WORD.findall(text)


def content_words(text: str) -> list[str]:
    """The content words of ``text``, folded: what two wordings of one claim share."""
    return _content(_WORD.findall(text))


def _subject_words(sentence: str, start: int, end: int, previous: str, kind: str) -> tuple[str, frozenset[str]]:
    """What a figure is about: the nearest content words before it in its clause ("forest cover stands at …"), the
    name before its bracket ("Mizoram (84.53%)"), the words right after it ("the 1,472 kg spacecraft"), or, for a
    figure that restates the one before ("…, or 21.76%"), that figure's subject."""
    head = sentence[:start]
    if re.search(r"\(\s*$", head):  # "Lakshadweep (91.33%)": the bracket belongs to the name before it
        head = head[: head.rstrip().rfind("(")]
    clause = re.split(r"[,;:(]\s*", head)[-1]
    before = [w for w in _content(re.findall(_WORD, clause)) if w not in _LINKING and w not in _CHANGE]
    after = [w for w in _content(re.findall(_WORD, re.split(r"[,;:)]", sentence[end:])[0]))[:2]
             if w not in _LINKING and w not in _CHANGE]
    restates = bool(previous) and all(w in _LINKING for w in _content(re.findall(_WORD, clause)))
    # Words after a percentage name its base ("21.76% of the geographical area"), not what it measures.
    subject = before[-3:] or (previous.split() if restates else after if kind in ("count", "quantity") else [])
    # "a net increase of 1,540 sq km in forest and tree cover": what changed is named after the figure.
    changed = re.match(r"\s*(?:in|of)\s+(?:the\s+)?([^,.;()]+)", sentence[end:])
    if kind == "quantity" and changed and re.search(r"\b(?:increase|decrease|rise|fall|gain|loss|jump|drop|decline|growth)\s+of\s*$", head,
                                                    re.IGNORECASE):
        subject = _content(re.findall(_WORD, changed.group(1)))[:4] or subject
    window = _content(re.findall(_WORD, head))[-_SUBJECT_WINDOW:] + after
    quals = {_SAME_QUALIFIER.get(w, w) for w in window if w in _QUALIFIERS}
    if re.search(r"\b(?:unchanged|earlier|previous|previously|prior|last|former|old)\b", clause, re.IGNORECASE):
        quals.add("before")  # "kept unchanged at 6.5 per cent", "the previous edition": an earlier state, not the news
    for q in list(quals):  # "without imputation" is the other measure from "with imputation"
        if re.search(rf"\b(?:without|excluding|exclusive\s+of|net\s+of|other\s+than)\s+(?:the\s+|any\s+)?(?:\w+\s+)?{q}", sentence, re.IGNORECASE):
            quals.discard(q)
            quals.add("without " + q)
    if re.search(r"current\s+prices", sentence, re.IGNORECASE):
        quals.add("current prices")
    # A change ("an increase of 1,445 sq km", "rose by 25 bps"), not a level ("grown from … to 715,343 sq km").
    lower = [w for w in re.findall(_WORD, clause) if w[:1].islower()]  # "the Lower House" is a name, not a change
    tail = lower[-3:]
    # The amount of a change stands right after its verb or after "by"/"of" ("rose 5%", "cut by 25 bps", "a rise of
    # 156 sq km"); "the first rate cut in two years" counts years, not a change.
    last = norm_key(lower[-1]) if lower else ""
    if not re.search(r"\bto\s*$", head) and (re.search(r"\bby\s*$", head) or (last in _CHANGE or last in ("of", "about", "nearly", "over", "around", "almost")
                                                                                and any(norm_key(w) in _CHANGE for w in tail))):
        quals.add("change")
        nearest = next((norm_key(w) for w in reversed(lower[-8:]) if norm_key(w) in _CHANGE or norm_key(w) in _DECREASE), "")
        if nearest in _DECREASE:
            quals.add("decrease")  # "shrank by 7.43 sq km" against "rose by 7.43 sq km": the sign is the claim
    # "raised from Rs 3 lakh to Rs 5 lakh": the figure after "from" is the old value, not a second claim on the new one.
    if re.search(r"\b(?:from|instead\s+of|against|compared\s+with|versus)(?:\s+(?:the|its|a|an|current|earlier|previous|existing)){0,2}\s*$",
                 head, re.IGNORECASE):
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
        noun = re.findall(_WORD, fig.value)
        last = norm_key(noun[-1]) if noun else ""
        last = _SAME_NOUN.get(last, last)
        return ("count:vote" if last in _VOTERS else "count:" + (last if last.endswith("ss") else last.rstrip("s"))), 1.0
    return fig.kind, 1.0


_NUMBER_WORD = r"(?:\d[\d,]*|zero|none|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_DURATION = re.compile(r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)-"
                       r"(day|week|month|year|hour|minute|nation|member|judge)\s+([a-z][a-z-]+)", re.IGNORECASE)
# "214 members voting in favour", "215 votes for", "214 ayes", "zero votes against", "none against", "two MPs voted
# against it", "only 2 negative votes": a count of votes, on one side of one division.
_NOT_A_NUMBER = r"(?:(?!\b(?:\d|zero|none|no|one|two|three|four|five|six|seven|eight|nine|ten)\b)[^.;\d])"
_VOTE = re.compile(
    rf"(?<![-:–])\b(?P<n>{_NUMBER_WORD})\s+(?:(?P<inherent>ayes|yeas|noes|nays)\b|(?:[A-Z][\w-]*\s+){{0,3}}(?:members?|MPs?|votes?|legislators|"
    rf"lawmakers|MLAs?|senators|judges)\b{_NOT_A_NUMBER}{{0,90}}?(?:\b(?:voting|voted|votes?|vote|cast)\s+)?"
    rf"(?P<side>in\s+favou?r|for\b|against\b|negative\b|in\s+support)|(?:(?:voting|voted)\s+)?(?P<side2>in\s+favou?r|for\b|against\b|negative\b))",
    re.IGNORECASE)
# "raised interest rates seven times" counts hikes, as "six consecutive rate hikes" does.
_EVENT = {"raised": "hike", "hiked": "hike", "increased": "hike", "cut": "cut", "reduced": "cut", "lowered": "cut", "slashed": "cut",
          "extended": "extension", "postponed": "postponement", "revised": "revision", "amended": "amendment"}
_TIMES = re.compile(r"\b(?P<verb>" + "|".join(_EVENT) + r")\b[^.;,\d]{0,40}?\b(?:(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|"
                    r"eleven|twelve)\s+times|(?P<word>once|twice|thrice))\b", re.IGNORECASE)
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b", re.IGNORECASE)
_SPLIT = re.compile(r"\b(\d{1,2})\s?[:–-]\s?(\d{1,2})\s+(?:majority|verdict|vote|split|ruling|decision)\b|\bvot(?:ed|ing)\s+(\d{1,2})\s?[:–-]\s?(\d{1,2})\b",
                    re.IGNORECASE)
_CHAMBERS = {"lok sabha": "lok sabha", "lower house": "lok sabha", "rajya sabha": "rajya sabha", "upper house": "rajya sabha",
             "assembly": "assembly", "council": "council", "senate": "senate", "bench": "bench", "court": "bench"}
_CHAMBER = re.compile(r"\b(" + "|".join(_CHAMBERS) + r")\b", re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
             "last": -1, "bottom": -1}
_ORDINAL = r"(?:\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
_RANK = re.compile(rf"\b(?:(?P<verb>ranked|ranks|rank|placed|finished|came|stood|stands|is|was|at|to|took|secured|bagged|retained)\s+"
                   rf"(?:(?:the|a|its)\s+)?)?(?P<ord>{_ORDINAL})(?:\s+(?:place|position|rank|spot|slot))?\b|\b(?P<top>topped|tops|top(?:ped)?\s+the)\b",
                   re.IGNORECASE)
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(a\.?m\.?|p\.?m\.?|hrs|hours|IST|GMT|UTC)(?!\w)", re.IGNORECASE)
_MONTHS = {m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                                            "november", "december"))}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DATE = re.compile(rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MON})|(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)"
                   rf"(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?|\b(?P<m3>{_MON})\s+(?:(?P<y2>(?:19|20)\d\d)\b|(?P<rel>last|this|next)\s+year\b)")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\bon\s+(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|shall|is\s+to|are\s+to|is\s+scheduled|are\s+scheduled|next|would)\b", re.IGNORECASE)
# People and bodies in a role: who heads a committee, who signed a pact.
_OFFICE = (r"(?:Secretary|Minister|Justice|[Jj]udge|Governor|Chairman|Chairperson|Chair|President|Vice[- ]President|Director|Commissioner|"
           r"Adviser|Advisor|Officer|Chief|Head|Ambassador|Speaker|Mayor|Attorney|General)")
_NAME = r"(?:[A-Z][\w.'-]*\.?(?:\s+[A-Z][\w.'-]*){1,3})"
_TITLE = rf"(?:(?:former|ex-|then|retired)\s+)?(?:the\s+)?(?:(?:Union|Indian|Chief|Deputy|Additional|Joint|Principal|[A-Z][a-z]+)\s+){{0,3}}{_OFFICE}"
_ROLE_BEFORE = re.compile(rf"\b(?P<verb>headed\s+by|led\s+by|chaired\s+by|under\s+the\s+chairmanship\s+of|under|signed(?:[^.,;]{{0,40}}?)\s+by|"
                          rf"helmed\s+by)\s+(?:the\s+)?(?P<title>{_TITLE})?,?\s*(?P<name>{_NAME})?")
_ROLE_AFTER = re.compile(rf"(?P<title>{_TITLE}),?\s+(?P<name>{_NAME})\s+(?P<verb>led|headed|chaired|signed|helmed)\b")
_HEAD_VERBS = ("headed", "led", "chaired", "chairmanship", "under", "helmed")
_BODIES = {"committee": "committee", "panel": "committee", "commission": "committee", "group": "committee", "task force": "committee",
           "agreement": "pact", "pact": "pact", "deal": "pact", "treaty": "pact", "mou": "pact", "memorandum": "pact", "bench": "bench",
           "delegation": "delegation", "team": "team", "mission": "mission"}
_BODY = re.compile(r"\b(" + "|".join(_BODIES) + r")s?\b", re.IGNORECASE)
# Categorical claims: exclusive values of one property.
_CATEGORIES = [
    ("policy stance", "stance", re.compile(r"\b(neutral|accommodative|withdrawal of accommodation|tightening|hawkish|dovish)\b[^.]{0,40}?\bstance"
                                            r"|\bstance\b[^.]{0,40}?\b(neutral|accommodative|withdrawal of accommodation|tightening|hawkish|dovish)\b",
                                            re.IGNORECASE)),
    ("scheme type", "scheme type", re.compile(r"\b(centrally[- ]sponsored|central[- ]sector)\s+scheme", re.IGNORECASE)),
]
_REPLACES = re.compile(r"\b(replaces?|replacing|replaced|will replace|scrap(?:s|ped)?|in place of|supersedes?)\b", re.IGNORECASE)
_OPTIONAL = re.compile(r"\b(opt for|opt to|option to|optional|choose between|can choose|can opt|choice to|may opt|free to choose)\b", re.IGNORECASE)


def _number_word(text: str) -> float | None:
    low = text.casefold().replace(",", "")
    if low in ("zero", "none", "no"):
        return 0.0
    if low.isdigit():
        return float(low)
    return float(_WORDS[low]) if low in _WORDS else None


def _votes(side: str, house: str) -> str:
    return f"votes {side}" + (f" in the {house.title()}" if house else "")


def _chamber(sentence: str, at: int, carried: str) -> str:
    """The house a vote was taken in: the one named nearest the figure, else the one the text last named."""
    best, dist = carried, 10**9
    for m in _CHAMBER.finditer(sentence):
        d = min(abs(m.start() - at), abs(m.end() - at))
        if d < dist:
            best, dist = _CHAMBERS[m.group(1).casefold()], d
    return best


def _entity_before(sentence: str, at: int) -> str:
    """The name a rank is about: the nearest capitalised words before it in its clause ("Kerala has topped")."""
    clause = re.split(r"[,;:(]\s*|\b(?:while|and|but|behind|after)\b", sentence[:at])[-1]
    names = re.findall(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*", clause)
    names = [n for n in names if n.casefold() not in _STOP and n not in ("The", "It", "Its", "In", "On", "At")]
    return norm_key(names[-1]) if names else ""


def _date_value(m: re.Match[str], year_now: int | None) -> str | None:
    month = _MONTHS.get((m.group("m1") or m.group("m2") or m.group("m3") or "").casefold().rstrip("."))
    if not month:
        return None
    day = m.group("d1") or m.group("d2")
    year = m.group("y1") or m.group("y2")
    rel = m.group("rel")
    if rel and year_now:
        year = str(year_now + {"last": -1, "this": 0, "next": 1}[rel.casefold()])
    if day and not 1 <= int(day) <= 31:
        return None
    return f"{year or '????'}-{month:02d}-{int(day):02d}" if day else f"{year or '????'}-{month:02d}-??"


def dates_agree(a: str, b: str) -> bool:
    """``2025-02-07`` agrees with ``????-02-07`` and ``2025-02-??``: only parts both give are compared."""
    return all(x == y or "?" in x or "?" in y for x, y in zip(a.split("-"), b.split("-"), strict=True))


def _weekday_date(weekday: str, sentence: str, published: str | None) -> str | None:
    """The date a weekday names, from the publication date: the last such day on or before it, or the next one for
    what is still to come ("will go to Seoul on Thursday")."""
    if not published or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        return None
    import datetime as dt

    try:
        day = dt.date.fromisoformat(published)
    except ValueError:
        return None
    target = _WEEKDAYS.index(weekday.casefold())
    if _FUTURE.search(sentence):
        delta = (target - day.weekday()) % 7 or 7
        return (day + dt.timedelta(days=delta)).isoformat()
    return (day - dt.timedelta(days=(day.weekday() - target) % 7)).isoformat()


def _what_when(sentence: str, at: int, kind: str) -> str:
    """What a date or time is the date or time of, for the reader: the words before it in its clause."""
    clause = re.split(r"[,;:(]\s*", sentence[:at])[-1]
    words = [w for w in _content(_WORD.findall(clause)) if w not in _LINKING and w not in _WEEKDAYS]
    return f"{kind} ({' '.join(words[-3:])})" if words else kind


def _fact(subject: str, kind: str, value: float | str, unit: str, text: str, sentence: str, article: Article, start: int,
          quals: frozenset[str] = frozenset(), precision: float = 1.0) -> StoryFact:
    return StoryFact(subject, kind, value, unit, precision, text, sentence.strip(), article.id, article.url, quals, start=start)


def _sentence_facts(article: Article, s: int, sentence: str, carried: str, year_now: int | None) -> tuple[list[StoryFact], str]:
    """Facts that the figure finder does not shape: votes, splits, durations, ranks, times, dates, roles, categories."""
    out: list[StoryFact] = []
    chamber = carried
    for m in _CHAMBER.finditer(sentence):
        chamber = _CHAMBERS[m.group(1).casefold()]
    explicit_against = False
    for m in _VOTE.finditer(sentence):
        n = _number_word(m.group("n"))
        if n is None:
            continue
        said = m.group("inherent") or m.group("side") or m.group("side2") or ""
        side = "against" if re.match(r"against|negative|noes|nays", said, re.IGNORECASE) else "for"
        explicit_against |= side == "against"
        house = _chamber(sentence, m.start(), carried)
        out.append(_fact(_votes(side, house), "count", n, "count:vote", m.group(0), sentence, article, s + m.start(), frozenset({side, house})))
    if not explicit_against:
        for m in _UNANIMOUS.finditer(sentence):
            if re.search(r"\b(?:pass|passed|cleared|clear|clearing|adopted|approved|vote|voted|support|verdict|decided)\b", sentence, re.IGNORECASE):
                house = _chamber(sentence, m.start(), carried)
                out.append(_fact(_votes("against", house), "count", 0.0, "count:vote", m.group(0), sentence, article, s + m.start(),
                                 frozenset({"against", house})))
                break
    for m in _SPLIT.finditer(sentence):
        x, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        out.append(_fact("split", "count", f"{int(x)}:{int(y)}", "count:split", m.group(0), sentence, article, s + m.start()))
    for m in _TIMES.finditer(sentence):
        n = {"once": 1.0, "twice": 2.0, "thrice": 3.0}[m.group("word").casefold()] if m.group("word") else _number_word(m.group("n"))
        if n is not None:
            verb = _EVENT.get(stem(m.group("verb")), stem(m.group("verb")))
            out.append(_fact(f"number of {verb}s", "count", n, f"count:{verb}", m.group(0), sentence, article, s + m.start()))
    for m in _DURATION.finditer(sentence):
        n = _number_word(m.group(1))
        if n is not None:
            unit = f"count:{m.group(2).casefold()}-{stem(m.group(3))}"
            out.append(_fact(stem(m.group(3)), "count", n, unit, m.group(0), sentence, article, s + m.start()))
    for m in _RANK.finditer(sentence):
        if m.group("top"):
            value = 1.0
        else:
            word = m.group("ord").casefold()
            if not m.group("verb") and not re.search(r"\s(?:place|position|rank|spot|slot)\b", m.group(0), re.IGNORECASE) \
                    and not re.search(r"\b(?:and|,)\s*$", sentence[: m.start()]):
                continue
            value = float(_ORDINALS[word]) if word in _ORDINALS else float(re.sub(r"\D", "", word))
            if m.group("verb") and m.group("verb").casefold() in ("is", "was", "at", "to") and not re.search(
                    r"\s(?:place|position|rank|spot|slot)\b", m.group(0), re.IGNORECASE):
                continue
        who = _entity_before(sentence, m.start())
        if who:
            out.append(_fact(who, "rank", value, "rank", m.group(0), sentence, article, s + m.start()))
    for m in _TIME.finditer(sentence):
        h, mi, mark = int(m.group(1)), int(m.group(2)), m.group(3).casefold().replace(".", "")
        if h > 23 or mi > 59:
            continue
        if mark == "pm" and h < 12:
            h += 12
        elif mark == "am" and h == 12:
            h = 0
        out.append(_fact(_what_when(sentence, m.start(), "time"), "time", f"{h:02d}:{mi:02d}", "time", m.group(0), sentence, article, s + m.start()))
    for m in _DATE.finditer(sentence):
        day = _date_value(m, year_now)
        if day:
            out.append(_fact(_what_when(sentence, m.start(), "date"), "date", day, "date", m.group(0), sentence, article, s + m.start()))
    for m in _WEEKDAY.finditer(sentence):
        day = _weekday_date(m.group(1), sentence, article.date)
        if day:
            out.append(_fact(_what_when(sentence, m.start(), "date"), "date", day, "date", m.group(0), sentence, article, s + m.start(), frozenset({"weekday"})))
    for m in list(_ROLE_BEFORE.finditer(sentence)) + list(_ROLE_AFTER.finditer(sentence)):
        title, name = m.group("title"), m.group("name")
        name = name.rstrip(". ") if name else name
        if name and re.search(_OFFICE + r"$", name):  # "the Commerce Secretary": a title, not a person
            title, name = name, None
        verb = m.group("verb").casefold()
        if not title and (not name or verb == "under"):
            continue  # "under the National Pension System" names no one in a role
        role = "head" if any(verb.startswith(v) for v in _HEAD_VERBS) else "signer"
        near = sentence[max(0, m.start() - 60) : m.end() + 40]
        body = _BODY.search(near)
        if body is None:
            continue  # a role of what? ("Prime Minister Narendra Modi led Union Cabinet" is not about a panel)
        subject = f"{role} of {_BODIES[body.group(1).casefold()]}"
        t = re.sub(r"^(?:(?:former|ex-|then|retired)\s+)?(?:the\s+)?(?:Union\s+)?", "", title or "", flags=re.IGNORECASE)
        who = f"{norm_key(t)}|{norm_key(name or '')}"
        out.append(_fact(subject, "name", who, "role", m.group(0).strip(" ,."), sentence, article, s + m.start()))
    for subject, unit, pattern in _CATEGORIES:
        for m in pattern.finditer(sentence):
            claim = norm_key(m.group(1) or (m.group(2) if m.lastindex and m.lastindex >= 2 else "") or "").replace("-", " ")
            left = re.search(r"\b(?:from|away\s+from|end(?:ed|ing)?|abandon(?:ed|ing)?|instead\s+of|earlier|previous|old)\s+(?:the\s+|its\s+|a\s+)?$",
                             sentence[: m.start()], re.IGNORECASE)
            if claim and not left:  # "a shift away from the hawkish stance" is the stance that was left
                out.append(_fact(subject, "category", claim, unit, m.group(0), sentence, article, s + m.start()))
    if re.search(r"\b(?:scheme|pension|system|plan|regime)\b", sentence, re.IGNORECASE):
        rep, opt = _REPLACES.search(sentence), _OPTIONAL.search(sentence)
        if rep:
            out.append(_fact("replaces or optional", "category", "replaces", "relation", rep.group(0), sentence, article, s + rep.start()))
        elif opt:
            out.append(_fact("replaces or optional", "category", "optional", "relation", opt.group(0), sentence, article, s + opt.start()))
    return out, chamber


_BACK = re.compile(r"^\W*(?:it|its|this|that|these|those|they|their|similarly|likewise)\b", re.IGNORECASE)
_MEASURE_QUALIFIERS = _QUALIFIERS | {"current prices"} | {"without " + q for q in _QUALIFIERS}


_LABELS = word_set("episode season phase article section chapter part round number no stage level grade class schedule clause item "
                   "batch gate platform sector ward route block pillar goal sdg volume issue")


def _is_label(head: str) -> bool:
    """Whether the word right before a number makes it a label: a label word, or a name inside the sentence."""
    m = re.search(r"(?:^|\s)(\S+)\s*$", head)
    if not m:
        return False
    word = m.group(1).strip("\"'“‘(").rstrip(".")
    return word.casefold() in _LABELS or (word[:1].isupper() and word[1:].islower() and bool(head[: m.start(1)].strip()))


def _inherit(facts: list[StoryFact], text: str) -> list[StoryFact]:
    """A sentence that refers back ("Similarly, it rose to Rs 3,860 …") reports the measure the sentence before
    named: its figures take that sentence's qualifiers and years, and its words as their scope."""
    spans = sentence_spans(text)
    starts = [s for s, _ in spans]

    def index(f: StoryFact) -> int:
        i = bisect.bisect_right(starts, f.start) - 1
        return i if i >= 0 and f.start < spans[i][1] else -1

    by_start: dict[int, list[StoryFact]] = {}
    for f in facts:
        by_start.setdefault(index(f), []).append(f)
    out: list[StoryFact] = []
    for f in facts:
        i = index(f)
        if i > 0 and _BACK.match(text[starts[i] : spans[i][1]]):
            prev = by_start.get(i - 1, [])
            quals = {q for g in prev for q in g.qualifiers if q in _MEASURE_QUALIFIERS}
            years = set(re.findall(r"\b(?:19|20)\d\d\b", text[spans[i - 1][0] : spans[i - 1][1]]))
            scope = " ".join(sorted(set(content_words(text[spans[i - 1][0] : spans[i - 1][1]]))))
            f = replace(f, qualifiers=f.qualifiers | quals, context_years=f.context_years | years, scope=scope)
        out.append(f)
    return out


def article_facts(article: Article) -> list[StoryFact]:
    """Every comparable claim of one article."""
    text = article.text or ""
    out: list[StoryFact] = []
    previous: tuple[int, str] = (-1, "")
    mentioned = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)]
    now = int(article.date[:4]) if article.date else max(mentioned, default=0)
    extra: list[StoryFact] = []
    carried = ""
    for s, e in sentence_spans(text):
        facts, carried = _sentence_facts(article, s, text[s:e], carried, int(article.date[:4]) if article.date else None)
        extra.extend(facts)
    taken = sorted((f.start, f.start + len(f.text)) for f in extra if f.kind in ("count", "time", "rank"))
    taken_starts = [a for a, _ in taken]
    reach = list(itertools.accumulate((b for _, b in taken), max))  # the furthest end among the spans up to each one

    def overlaps(start: int, end: int) -> bool:
        i = bisect.bisect_left(taken_starts, end) - 1  # the spans that start before this one ends
        return i >= 0 and reach[i] > start
    for fig in find_facts(text):
        if fig.kind in ("year", "date", "fraction"):
            continue  # dates are compared by the date rules of the story, not as figures
        if overlaps(fig.start, fig.end):
            continue  # a vote, a split, a duration, a rank or a time, read as such above
        if fig.kind in ("count", "number") and _is_label(fig.sentence[: fig.start - fig.sentence_start]):
            continue  # "Episode 7", "Article 19", "Phase 2": a number that names, not one that counts
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
        if "decrease" in quals:
            value, quals = -value, quals - {"decrease"}
        kind = "quantity" if unit in ("area", "length", "mass", "power") else ("count" if unit.startswith("count:") else fig.kind)
        # The year a figure is for is written next to it ("713,789 sq km in 2021", "Rs 2,008 at 2011-12 prices").
        years = set(re.findall(r"\b(?:19|20)\d\d\b", fig.sentence[max(0, a - 25) : b + 25]))
        # A sentence about an earlier year is history ("in May 2020 it lowered the rate to 4 per cent"): its figures
        # are compared only with figures of that same year.
        years |= {y for y in re.findall(r"\b(?:19|20)\d\d\b", fig.sentence) if int(y) < now - 1}
        out.append(StoryFact(subject, kind if kind in KINDS else "count", value * factor, unit, precision * factor, fig.value,
                             fig.sentence.strip(), article.id, article.url, quals, frozenset(years), start=fig.start))
    out = _inherit(out, text)
    out.extend(extra)
    units: dict[str, int] = {}
    for f in out:
        units[f.unit] = units.get(f.unit, 0) + 1
    return [replace(f, only_of_unit=units[f.unit] == 1) for f in out]


__all__ = ["KINDS", "StoryFact", "article_facts", "content_words", "dates_agree", "parse_number", "stem", "words_of"]
