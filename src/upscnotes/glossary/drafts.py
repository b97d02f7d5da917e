"""Story terms: names and defined phrases a story is about that the glossary lacks, defined by the story itself.

A draft needs a definition written in the story: an apposition ("KIND-X, the India-Korea Defence Innovation
Accelerator Ecosystem, …"), "X, which is …", "X is a …", an office before a person's name ("RBI Governor Sanjay
Malhotra": the office, dated by the story), or an expansion ("Monetary Policy Committee (MPC)").
Without one the name is not marked. A draft takes the GS tag of the story's first syllabus line, is stored with
the story as its source, appears in that story's note at once (``draft: true`` in its JSON), and waits for an
editor (``glossary review``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from upscnotes.model import Article
from upscnotes.text import collapse_ws, norm_key

MAX_DRAFTS = 8
# Names stay on one line, and an apposition starts in lower case (mid-sentence): "KIND-X, the India-Korea …".
_NAME = r"(?:[A-Z][\w'’&.-]*[\w]|[A-Z])(?:[ \t]+(?:(?:of|and|for|the|on|in|&)[ \t]+)?(?:[A-Z][\w'’&.-]*[\w]|[A-Z]|\d+))*"
_DET = r"(?:an?|the|its|their)"
_APPOSITION = re.compile(rf"(?<![\w-])(?P<term>{_NAME}),[ \t]+(?P<def>{_DET}[ \t]+[^,;:()\n]{{8,160}}?)[ \t]*(?:,|;|\.|\)|$)", re.M)
_WHICH_IS = re.compile(rf"(?<![\w-])(?P<term>{_NAME}),[ \t]+which[ \t]+(?:is|was|are)[ \t]+(?P<def>{_DET}[ \t]+[^,;:()\n]{{8,160}}?)[ \t]*(?:,|;|\.|$)", re.M)
_IS_A = re.compile(rf"(?:^|(?<=[.!?][ \t]))(?P<term>{_NAME})[ \t]+(?:is|was)[ \t]+(?P<def>(?:an?|the)[ \t]+[^.;:\n]{{8,160}}?)[ \t]*(?:\.|;|$)", re.M)
_EXPANSION = re.compile(r"(?P<long>(?:[A-Z][\w'’-]*\s+(?:(?:of|and|for|the|on|in|&)\s+)*){1,8}[A-Z][\w'’-]*)\s*\((?P<abbr>[A-Z][A-Za-z0-9&-]{1,11})\)")
# A person named with the office before the name: "South Korean Defense Minister Jeong Kyeong-doo", "ISRO Chairman
# S Somnath", "RBI Governor Sanjay Malhotra". The office words are the definition; the name is the term.
_OFFICE = (r"(?:Prime[ \t]+Minister|Chief[ \t]+Minister|Minister|Mantri|President|Vice[ \t-]+President|Secretary|Governor|"
           r"Chairman|Chairperson|Chair|Director(?:[ \t-]+General)?|Chief[ \t]+Justice|Justice|Judge|Ambassador|Envoy|"
           r"High[ \t]+Commissioner|Commissioner|Speaker|Spokesperson|Adviser|Advisor|Chief[ \t]+Executive|CEO|Chief|"
           r"Attorney[ \t]+General|Solicitor[ \t]+General|Admiral|Marshal|Scientist)")
_TOKEN = r"(?:(?:[A-Z]\.){1,3}|[A-Z](?![a-z])|[A-Z][a-z]+(?:[-‑](?!(?:led|based|run|owned|headed|era|born|backed)\b)[A-Za-z][a-z]+)*)"
_CALENDAR = ("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
             "September|October|November|December")
_WHEN = rf"(?:{_CALENDAR})\b"
_PERSON = rf"{_TOKEN}(?:[ \t]+(?!{_WHEN}){_TOKEN}){{1,3}}"
_OF_PLACE = r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w'’-]*"
_ROLE_NAME = re.compile(
    rf"(?<![\w-])(?P<def>(?:(?:\([A-Z][\w&]*\)|[A-Z](?:[\w'’.&()-]*[\w'’&)-])?|of|the|for|project|mission)[ \t]+){{0,5}}(?i:{_OFFICE})(?:-designate)?"
    # "Chief Justice of India D.Y. Chandrachud"; a longer "of …" needs the comma before the name
    rf"(?:{_OF_PLACE}|(?:{_OF_PLACE}(?:[ \t]+(?:of[ \t]+)?(?:the[ \t]+)?[A-Z][\w'’-]*){{0,5}}(?=,)))?),?[ \t]+"
    rf"(?:(?:Shri|Smt|Dr|Mr|Ms|Mrs)\.?[ \t]+)?(?P<term>{_PERSON})(?![\w‑-])(?!\.[A-Za-z])(?![ \t]+(?!{_WHEN})[A-Z])")
_HONORIFIC = re.compile(r"^(?:Shri|Smt|Dr|Mr|Ms|Mrs)\.?\s+")
_NOT_A_PERSON = re.compile(rf"\b(?:{_CALENDAR}|India|Ministry|Minister|Office|Bank|"
                           r"Committee|Council|Court|House|Day|Sabha|Parliament|Government|Mission|Administration|Agency|Authority|"
                           r"Commission|Department|Programme|Program|Board|Corporation|"
                           # a scheme named after the office: "Prime Minister Dhan-Dhaanya Krishi Yojana"
                           r"Yojana|Abhiyan|Scheme|Nidhi|Kosh|Samman|Mahotsav|Utsav|Portal|Kendra|Sansthan|Parishad|Samiti|Party)\b")
_DATE_HEAD = re.compile(rf"(?:(?:{_CALENDAR}|\d{{1,4}}(?:st|nd|rd|th)?|of|the)[ \t,]*)+")
_TIME_ZONES = frozenset("IST GMT UTC BST CET EST EDT PST PDT JST KST AEST".split())
_GENERIC_START = re.compile(r"^(?:The|A|An|This|That|These|Those|It|He|She|They|We|Mr|Ms|Mrs|Dr|Shri|Smt|In|On|At|As|But|And|However)\b")
_BAD_DEF = re.compile(r"\b(?:said|says|told|added|according|reported)\b|\d{1,2}:\d{2}|https?://", re.IGNORECASE)
# A clause after a comma ("Post Budget, the Finance Ministry made a case …") is not an apposition: it has a verb.
_FINITE = re.compile(r"\b(?:has|have|had|is|are|was|were|will|would|shall|can|could|may|might|must|did|does|do)\b|^\S+\s+\S+\s+(?:\S+\s+)?(?:\w{3,}ed|made|gave|took|sent|won|lost|met|got|put|set|cut|began|became)\b"
                     # … or further on, a past tense with its particle: "the Vikram lander of Chandrayaan-3 touched down"
                     r"|\b(?!(?:established|constituted|formed|founded|created|launched|headquartered|based|located|situated|named|"
                     r"known|called|tasked|mandated|empowered|designed|dedicated|devoted|charged|used|aimed|intended|set|placed|"
                     r"attached|affiliated|registered|listed|notified|enacted|passed|adopted|signed|ratified)\b)\w{3,}ed[ \t]+"
                     r"(?:down|up|off|out|near|into|onto|over|towards|away|back)\b",
                     re.IGNORECASE)


@dataclass
class DraftTerm:
    head: str
    abbreviation: str | None
    definition: str
    sentence: str


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _clean_definition(text: str, head: str) -> str | None:
    """The defining phrase, or None when it is not one: too short or long, a quote, or only names (a list of
    countries after a comma is not an apposition), unless it spells out a coined name ("KIND-X, the India-Korea
    Defence Innovation Accelerator Ecosystem")."""
    d = collapse_ws(text).strip(" ,;:.")
    words = d.split()
    if not 3 <= len(words) <= 30 or _BAD_DEF.search(d) or _FINITE.search(d):
        return None
    common = [w for w in words[1:] if w[:1].islower() and w not in ("of", "and", "for", "the", "on", "in", "to", "a", "an")]
    coined = bool(re.search(r"[A-Z]{2,}|-[A-Z]|\d", head)) and len(words) >= 3
    if (not common and not coined) or re.search(r"\b(?:and|or)\s+[A-Z]", d):  # "the United States and France": a list of names
        return None
    return d[0].upper() + d[1:]


def _clean_head(term: str) -> str | None:
    words = term.split()
    while words and _GENERIC_START.match(words[0]):
        words = words[1:]
    head = " ".join(words).strip(" ,.;:'’")
    head = re.sub(r"['’]s$", "", head)
    if len(head) < 3 or not re.search(r"[A-Za-z]", head):
        return None
    # A date ("April 2019", "15 March") or a clock's time zone ("6:04 pm IST") is not a term.
    if _DATE_HEAD.fullmatch(head) or head in _TIME_ZONES:
        return None
    # One ordinary capitalised word ("Officials", "Monday") is not a name worth a tooltip.
    if len(head.split()) == 1 and not re.search(r"[A-Z].*[A-Z]|\d|-", head):
        return None
    return head


def _office_definition(office: str) -> str | None:
    """``South Korean Defense Minister`` → "South Korean Defense Minister at the time of this story": a person's
    tooltip says the office the story gives them, dated by the story, never as a lasting fact."""
    words = office.split()
    while words and (_GENERIC_START.match(words[0]) or re.match(_WHEN, words[0]) or words[0] in ("of", "the", "and", "for")):
        words = words[1:]
    if len(words) < 2 or len(words) > 12:  # "Governor", "Chief" alone do not say whose
        return None
    d = " ".join(words)
    return d[0].upper() + d[1:] + " at the time of this story"


_FUNCTION_WORDS = frozenset("a an the of and or for to in on at by with from into over after amid about as vs than".split())


def _headline(text: str, at: int) -> bool:
    """Whether the line around ``at`` is set in title case ("Raksha Mantri Holds Talks with Korean Counterpart in
    Seoul"): no word in lower case but function words, so a capitalised run after an office need not be a name."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    words = re.findall(r"[A-Za-z][\w'’-]*", text[start : end if end != -1 else len(text)])
    return len(words) >= 4 and all(w[0].isupper() or w.casefold() in _FUNCTION_WORDS for w in words)


def _person(name: str) -> str | None:
    name = _HONORIFIC.sub("", name.strip())
    if _NOT_A_PERSON.search(name) or len(name.split()) < 2 or len(name) < 5:
        return None
    return name


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``[start, end)``: from the full stop before it to the one after."""
    return text[max(0, text.rfind(".", 0, start) + 1) : text.find(".", end) + 1 or len(text)]


def find_drafts(articles: list[Article], known: object | None = None, limit: int = MAX_DRAFTS) -> list[DraftTerm]:
    """Defined names in the story's text that the glossary (a :class:`TermMatcher` in ``known``) does not hold."""
    from upscnotes.glossary.matcher import TermMatcher

    matcher = known if isinstance(known, TermMatcher) else None
    out: dict[str, DraftTerm] = {}

    def covered(name: str) -> bool:
        if matcher is None:
            return False
        return any(h.start == 0 and h.end == len(name) for h in matcher.find(name))

    def add(head: str | None, abbr: str | None, definition: str | None, sentence: str) -> None:
        if not head or not definition or covered(head) or (abbr and covered(abbr)):
            return
        key = norm_key(head)
        if key in out or norm_key(definition) == key:
            return
        out[key] = DraftTerm(head, abbr, definition, collapse_ws(sentence)[:300])

    expansions: dict[str, str] = {}
    everything = "\n".join(a.text or "" for a in articles).casefold()
    for a in articles:
        text = a.text or ""
        for pattern in (_APPOSITION, _WHICH_IS, _IS_A):
            for m in pattern.finditer(text):
                head = _clean_head(m.group("term"))
                add(head, None, _clean_definition(m.group("def"), head or ""), _sentence_around(text, m.start(), m.end()))
        for m in _ROLE_NAME.finditer(text):
            if _headline(text, m.start()):
                continue
            person = _person(m.group("term"))
            if person is None:
                continue
            # A person the story names once is a passing mention; its subjects come back (by a name) at least twice.
            names = person.split()
            if max(everything.count(w.casefold()) for w in names if len(w) >= 3 or w == names[-1]) >= 2:
                add(person, None, _office_definition(m.group("def")), _sentence_around(text, m.start(), m.end()))
        # An expansion ("Defence Acquisition Program Administration (DAPA)") gives a defined name its abbreviation.
        for m in _EXPANSION.finditer(text):
            words = m.group("long").split()
            abbr = m.group("abbr")
            for k in range(len(words)):
                if _initials(words[k:]).upper() == re.sub(r"[^A-Z]", "", abbr.upper()) and words[k][:1].isupper():
                    expansions[norm_key(" ".join(words[k:]))] = abbr
                    break
    for key, abbr in expansions.items():
        if key in out and out[key].abbreviation is None:
            out[key].abbreviation = abbr
    # The names a story keeps coming back to first: a passing mention is not what the story is about.
    ranked = sorted(out.values(), key=lambda d: -everything.count(d.head.casefold()))
    return ranked[:limit]


__all__ = ["DraftTerm", "find_drafts"]
