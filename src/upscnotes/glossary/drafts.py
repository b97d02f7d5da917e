"""Story terms: names and defined phrases a story is about that the glossary lacks, defined by the story itself.

A draft needs a definition written in the story: an apposition ("KIND-X, the India-Korea Defence Innovation
Accelerator Ecosystem, …"), "X, which is …", "X is a …", or an expansion ("Monetary Policy Committee (MPC)").
Without one the name is not marked. A draft takes the GS tag of the story's first syllabus line, is stored with
the story as its source, appears in that story's note at once (``draft: true`` in its JSON), and waits for an
editor (``glossary review``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from upscnotes.model import Article
from upscnotes.text import collapse_ws, norm_key

MAX_DRAFTS = 6
# Names stay on one line, and an apposition starts in lower case (mid-sentence): "KIND-X, the India-Korea …".
_NAME = r"(?:[A-Z][\w'’&.-]*[\w]|[A-Z])(?:[ \t]+(?:(?:of|and|for|the|on|in|&)[ \t]+)?(?:[A-Z][\w'’&.-]*[\w]|[A-Z]|\d+))*"
_DET = r"(?:an?|the|its|their)"
_APPOSITION = re.compile(rf"(?<![\w-])(?P<term>{_NAME}),[ \t]+(?P<def>{_DET}[ \t]+[^,;:()\n]{{8,160}}?)[ \t]*(?:,|;|\.|\)|$)", re.M)
_WHICH_IS = re.compile(rf"(?<![\w-])(?P<term>{_NAME}),[ \t]+which[ \t]+(?:is|was|are)[ \t]+(?P<def>{_DET}[ \t]+[^,;:()\n]{{8,160}}?)[ \t]*(?:,|;|\.|$)", re.M)
_IS_A = re.compile(rf"(?:^|(?<=[.!?][ \t]))(?P<term>{_NAME})[ \t]+(?:is|was)[ \t]+(?P<def>(?:an?|the)[ \t]+[^.;:\n]{{8,160}}?)[ \t]*(?:\.|;|$)", re.M)
_EXPANSION = re.compile(r"(?P<long>(?:[A-Z][\w'’-]*\s+(?:(?:of|and|for|the|on|in|&)\s+)*){1,8}[A-Z][\w'’-]*)\s*\((?P<abbr>[A-Z][A-Za-z0-9&-]{1,11})\)")
_GENERIC_START = re.compile(r"^(?:The|A|An|This|That|These|Those|It|He|She|They|We|Mr|Ms|Mrs|Dr|Shri|Smt|In|On|At|As|But|And|However)\b")
_BAD_DEF = re.compile(r"\b(?:said|says|told|added|according|reported)\b|\d{1,2}:\d{2}|https?://", re.IGNORECASE)
# A clause after a comma ("Post Budget, the Finance Ministry made a case …") is not an apposition: it has a verb.
_FINITE = re.compile(r"\b(?:has|have|had|is|are|was|were|will|would|shall|can|could|may|might|must|did|does|do)\b|^\S+\s+\S+\s+(?:\S+\s+)?(?:\w{3,}ed|made|gave|took|sent|won|lost|met|got|put|set|cut|began|became)\b",
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
    # One ordinary capitalised word ("Officials", "Monday") is not a name worth a tooltip.
    if len(head.split()) == 1 and not re.search(r"[A-Z].*[A-Z]|\d|-", head):
        return None
    return head


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
    for a in articles:
        text = a.text or ""
        for pattern in (_APPOSITION, _WHICH_IS, _IS_A):
            for m in pattern.finditer(text):
                head = _clean_head(m.group("term"))
                sentence = text[max(0, text.rfind(".", 0, m.start()) + 1) : text.find(".", m.end()) + 1 or len(text)]
                add(head, None, _clean_definition(m.group("def"), head or ""), sentence)
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
    return list(out.values())[:limit]


__all__ = ["DraftTerm", "find_drafts"]
