"""A note writer that only selects and trims sentences of the sources, never rewrites them.

Study notes that state something the source did not say are worse than no notes, so this writer copies sentences
verbatim and allows itself only two kinds of cut: a leading discourse clause ("Speaking at the event, ") and a
trailing attribution (", the ministry said"). Every sentence it keeps records where it came from, which lets a
reviewer or a test check the note against its sources mechanically. It needs no model and no network, and the
same input always gives the same note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from upscnotes.glossary.select import is_generic
from upscnotes.ingest.clean import clean_body
from upscnotes.model import Article, Note, Provenance, Section, Source
from upscnotes.notes.build import make_section
from upscnotes.notes.parse import parse_date
from upscnotes.syllabus.data import Subject, load_syllabus
from upscnotes.text import collapse_ws, norm_key
from upscnotes.writers.base import Classifier, Writer
from upscnotes.writers.facts import Fact, find_facts, sentence_spans, word_set

OVERVIEW, DEVELOPMENTS, FACTS, RELEVANCE = "Overview", "Key Developments", "Important Facts", "UPSC Relevance"

MAX_DEVELOPMENTS = 6
MAX_FACTS = 8
_POINTER_TERMS = 10  # the most central key terms, named again among the prelims pointers
_OVERVIEW_POOL = 6  # only the first sentences of an article are lead material
_OVERVIEW_OVERLAP = 0.5  # an overview sentence half made of words said before it retells them
_MIN_WORDS, _MAX_WORDS = 5, 90

# Past-tense reports of something done: the sentences a "Key Developments" list is made of.
ACTION = re.compile(
    r"\b(?:signed|launched|agreed|approved|notified|inaugurated|announced|cut|raised|struck down|passed|unveiled|"
    r"released|reduced|lowered|increased|hiked|introduced|adopted|ratified|issued|ordered|directed|invalidated|"
    r"declared|decided|cleared|allocated|sanctioned|set up|established|held|concluded|admitted|endorsed|backed|"
    r"extended|amended|inserted|enacted|gave (?:her|his|its|their) assent|touched down|landed|entered|separated|"
    r"crashed|handed|revised|commissioned|completed|deployed|appointed|elected|imposed|banned|repealed|withdrew|"
    r"suspended|tested|conducted|delivered|reviewed|expanded|opened|launches|signs|approves|announces)\b"
)
_LEAD_CUT = re.compile(  # used with .match(text, pos): anchored at the sentence start without "^"
    r"(?:[-*•▪●–]\s+|[\u2190-\u21ff\u25a0-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]\ufe0f?\s*|\d{1,2}[.)]\s+"
    r"|(?:Speaking|Addressing|Talking|Responding|Commenting|Briefing|Explaining)\b[^,.;:\"“”]{0,80},\s+"
    r"|(?:Meanwhile|However|Separately|Additionally|Moreover|Furthermore|Further|Also|Besides|Notably|Importantly|"
    r"Incidentally|Interestingly|On the occasion|In his address|In her address),\s+)"
)
_TRAIL_CUT = re.compile(
    r",\s+(?:(?:the|an?)\s+)?(?:[\w.'’-]+\s+){0,5}?(?:said|says|added|noted|stated|told reporters)"
    r"(?:\s+(?:on|in)\s+[\w\s]{1,30}?)?\s*[.!]?$"
    r"|,\s+(?:said|according to)\s+[^,\"“”]{1,60}[.!]?$"
)
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_BOILERPLATE = re.compile(r"https?://|www\.|@\w|©|\bclick here\b|\bsubscribe\b|\bfollow us\b|\balso read\b|\bwith inputs from\b"
                          # a page talking about itself to its reader: "In this article, we dive into …"
                          r"|\bin this (?:article|post|blog|video|explainer)\b|\byour (?:exam )?preparation\b"
                          r"|\bwe (?:will |shall )?(?:dive into|discuss|explore|take a look|look at)\b",
                          re.IGNORECASE)
_WORD = re.compile(r"\w[\w'’.-]*\w|\w")
_NAME = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’-]*|\d[\w-]*[A-Z][\w-]*)")
_PLACE = re.compile(r"\b(?:in|at|from|near)\s+(?:the\s+)?[A-Z][a-z]+|^[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?,\s+\d{1,2}\s+[A-Z]")
_WEEKDAY = re.compile(r"\bon\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_STOP = word_set(
    "a an the and or but of to in on at by for from with as is are was were be been being it its this that these those "
    "which who whom whose their his her he she they them we our also has have had not no will would can could may might "
    "than then there here into about over under after before between during while said says"
)
_SENTENCE_INITIAL = word_set("The A An In On At It He She They This That These Those Both Its His Her Their Under According")
# Weight of each kind of figure when choosing "Important Facts": exam-style figures first, bare years last.
_MIN_FACT_WEIGHT = 1.0  # a bare year or "two sides" alone does not make a sentence an important fact
_FACT_WEIGHT = {"money": 3.0, "percent": 3.0, "quantity": 2.0, "count": 2.0, "fraction": 2.0, "date": 1.5, "number": 1.5, "year": 0.5}


@dataclass(frozen=True)
class _Sentence:
    """A usable sentence of one article after cuts: ``text`` is what the note shows, ``[start, end)`` its source."""

    doc: int
    order: int
    source_id: str
    start: int
    end: int
    text: str
    facts: tuple[Fact, ...]
    tokens: tuple[str, ...]  # content words, case-folded, for near-duplicate tests
    context: str | None = None  # the subheading the sentence stands under, if any


def _trim(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """The span left after the allowed cuts, and whether a leading cut happened (the first letter is then raised)."""
    cut_lead = False
    for _ in range(3):
        m = _LEAD_CUT.match(text, start, end)
        if not m or m.end() >= end:
            break
        start, cut_lead = m.end(), True
    body = text[start:end]
    m = _TRAIL_CUT.search(body)
    if m and not re.match(r"[\"“‘']", body) and len(_WORD.findall(body[: m.start()])) >= 6 and _speaker_named(body[: m.start()], m.group()):
        end = start + m.start()
    while end > start and text[end - 1] in " \t\r\n,;":
        end -= 1
    return start, end, cut_lead


_SAYING = word_set("said says added noted stated told reporters according to on in the a an")


def _speaker_named(before: str, attribution: str) -> bool:
    """Whether a trailing ", the ministry said" may go: only when the sentence already names that speaker, so the
    attribution is kept in substance. "he said" or "officials said" about a claim stays with it."""
    words = [w for w in _WORD.findall(attribution.casefold()) if w not in _SAYING]
    if not words or words[-1] in {"he", "she", "they", "it", "officials", "sources", "official", "source", "experts", "analysts"}:
        return False
    said = set(_WORD.findall(before.casefold()))
    return all(w in said for w in words)


def _display(raw: str, cut_lead: bool) -> str:
    """How a kept span is shown: whitespace collapsed, capitalised after a leading cut, closed with a full stop."""
    shown = collapse_ws(raw)
    if cut_lead and shown[:1].islower():
        shown = shown[0].upper() + shown[1:]
    if shown and not _TERMINAL.search(shown):
        shown += "."
    return shown


def _content_tokens(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(norm_key(text)) if w not in _STOP)


def _usable(shown: str, had_stop: bool) -> bool:
    """Headings, bylines, metadata lines and link boilerplate are not sentences worth quoting."""
    words = _WORD.findall(shown)
    if not _MIN_WORDS <= len(words) <= _MAX_WORDS or _BOILERPLATE.search(shown):
        return False
    lower = sum(1 for w in words if w[0].islower())
    if had_stop:
        return lower >= 3
    # Without a full stop only running prose counts: a Title Case headline has few lower-case words.
    return len(words) >= 8 and lower * 2 >= len(words)


def _content(text: str) -> list[tuple[int, int]]:
    """The article's own text (no dateline, agency or PIB lines, bylines, "Also read", markers, cut-off last
    sentence) as spans; pieces separated by white space only are one span, so wrapped lines stay together."""
    merged: list[tuple[int, int]] = []
    for a, b in clean_body(text).spans:
        if merged and not text[merged[-1][1] : a].strip():
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _clip(spans: list[tuple[int, int]], s: int, e: int) -> tuple[int, int]:
    """The largest part of sentence ``[s, e)`` that is content; empty when none is."""
    best = (s, s)
    for a, b in spans:
        lo, hi = max(a, s), min(b, e)
        if hi - lo > best[1] - best[0]:
            best = (lo, hi)
    return best


def _sentences(doc: int, article: Article) -> list[_Sentence]:
    text = article.text or ""
    title_key = norm_key(article.title or "")
    by_sentence: dict[int, list[Fact]] = {}
    for fact in find_facts(text):
        by_sentence.setdefault(fact.sentence_start, []).append(fact)
    content = _content(text)
    out: list[_Sentence] = []
    heading: str | None = None
    under = 0  # sentences since the heading: a subheading gives context to the few facts right under it
    for s0, e0 in sentence_spans(text):
        s, e = _clip(content, s0, e0)
        if e <= s:
            continue
        a, b, cut_lead = _trim(text, s, e)
        cut_lead = cut_lead or s > s0
        if b <= a:
            continue
        shown = _display(text[a:b], cut_lead)
        if not _usable(shown, bool(_TERMINAL.search(text[s:e].rstrip()))) or norm_key(text[s:e]) == title_key:
            if _is_subheading(text[s:e]) and norm_key(text[s:e]) != title_key:
                heading, under = collapse_ws(text[s:e]).rstrip(":"), 0
            continue
        under += 1
        facts = tuple(f for f in by_sentence.get(s0, ()) if a <= f.start and f.end <= b)
        out.append(_Sentence(doc, len(out), article.id, a, b, shown, facts, _content_tokens(shown), heading if under <= _CONTEXT_SPAN else None))
    return out


_CONTEXT_SPAN = 4


def _is_subheading(raw: str) -> bool:
    """A short line without a full stop that names what follows ("Key findings", "Forest cover:")."""
    line = collapse_ws(raw)
    words = _WORD.findall(line)
    return 1 <= len(words) <= 8 and not _TERMINAL.search(line) and line[:1].isupper() and not _BOILERPLATE.search(line)


def _anchors(s: _Sentence) -> set[str]:
    """Numbers and names: what two reports of the same action share even when worded differently."""
    return {norm_key(f.value) for f in s.facts} | {norm_key(n) for n in _names(s.text)}


def _near_duplicate(a: _Sentence, b: _Sentence) -> bool:
    """Same statement twice: nearly the same words, or (across articles) the same action with the same anchors."""
    if min(len(a.tokens), len(b.tokens)) >= 4 and fuzz.token_set_ratio(" ".join(a.tokens), " ".join(b.tokens)) >= 85:
        return True
    if a.doc == b.doc:
        return False
    verbs_a = {m.group() for m in ACTION.finditer(a.text)}
    if not verbs_a & {m.group() for m in ACTION.finditer(b.text)}:
        return False
    anchors_a, anchors_b = _anchors(a), _anchors(b)
    shared = anchors_a & anchors_b
    return len(shared) >= 2 and len(shared) >= 0.5 * min(len(anchors_a), len(anchors_b))


def _names(text: str) -> list[str]:
    """Capitalised words after the first word: a cheap stand-in for named entities."""
    found = [m.group() for m in _NAME.finditer(text)]
    first = _WORD.match(text)
    return [w for i, w in enumerate(found) if w not in _SENTENCE_INITIAL and not (i == 0 and first and text.startswith(w))]


def _overview_score(s: _Sentence) -> float:
    """Who, what, when, where: names, a date, a place and an action, in a lead sentence of sensible length."""
    words = len(_WORD.findall(s.text))
    score = min(len(set(_names(s.text))), 5) + 4.0 / (1 + s.order) + (1.0 if s.doc == 0 else 0.0)
    if any(f.kind == "date" for f in s.facts) or _WEEKDAY.search(s.text):
        score += 2
    if _PLACE.search(s.text):
        score += 1.5
    if ACTION.search(s.text):
        score += 2
    if words < 10 or words > 50:
        score -= 2
    if s.text[:1] in "\"“'‘":
        score -= 2
    return score


def _pick(ranked: Sequence[_Sentence], limit: int, avoid: Sequence[_Sentence] = (), terms: _Terms | None = None,
          max_overlap: float | None = None) -> list[_Sentence]:
    """The best ``limit`` sentences without near-duplicates (of each other or of ``avoid``), in reading order.

    Of two near-duplicates the more complete one stays, so the merged statement loses no detail. With
    ``max_overlap`` a sentence whose content words are mostly (that share or more) in the sentences already chosen
    is left out: it retells them.
    """
    chosen: list[_Sentence] = []
    for cand in ranked:
        if any(_near_duplicate(cand, a) for a in avoid):
            continue
        twin = next((i for i, c in enumerate(chosen) if _near_duplicate(cand, c)), None)
        if twin is None:
            if max_overlap is not None and chosen and _overlap(cand, chosen) >= max_overlap:
                continue
            if len(chosen) < limit:
                chosen.append(cand)
        elif _more_complete(cand, chosen[twin], terms):
            chosen[twin] = cand
    return sorted(chosen, key=lambda s: (s.doc, s.order))


def _overlap(s: _Sentence, chosen: Sequence[_Sentence]) -> float:
    """The share of ``s``'s content words that the ``chosen`` sentences already use."""
    words = set(s.tokens)
    seen = {w for c in chosen for w in c.tokens}
    return len(words & seen) / len(words) if words else 1.0


def _more_complete(a: _Sentence, b: _Sentence, terms: _Terms | None) -> bool:
    """Of two near-duplicates, ``a`` says more than ``b``: clearly longer, or naming key terms ``b`` lacks ("passed
    the Bill by an absolute majority" over "passed the Bill")."""
    return len(a.text) > len(b.text) * 1.2 or (terms is not None and terms.of(a) > terms.of(b))


def _overview(pool: list[_Sentence], terms: _Terms | None = None) -> list[_Sentence]:
    lead = [s for s in pool if s.order < _OVERVIEW_POOL]
    ranked = sorted(lead, key=lambda s: (-_overview_score(s), s.doc, s.order))
    chosen = _pick(ranked, 2, terms=terms, max_overlap=_OVERVIEW_OVERLAP)
    words = sum(len(_WORD.findall(s.text)) for s in chosen)
    if len(chosen) == 2 and words < 60:
        third = _pick(ranked, 3, terms=terms, max_overlap=_OVERVIEW_OVERLAP)
        if len(third) == 3:
            chosen = third
    return chosen


class _Terms:
    """The story's key terms, most central first, and which of them each sentence mentions (any form the story uses:
    "ISRO" for the Indian Space Research Organisation). The note should carry the terms its story is about, so a
    sentence that brings a term the note lacks gains weight, the more central the term the more."""

    def __init__(self, key_terms: Sequence[str], forms: dict[str, list[str]] | None = None) -> None:
        self.weights: list[float] = []
        patterns: list[str] = []
        for rank, term in enumerate(key_terms):  # one pattern per term, so a pattern's index is the term's rank
            keys = sorted({k for f in [term, *(forms or {}).get(term, ())] if (k := norm_key(f))}, key=len, reverse=True)
            patterns.append("|".join(re.escape(k) for k in keys) or r"(?!x)x")
            self.weights.append(_TOP_TERM_GAIN if rank < _TOP_TERMS else _TERM_GAIN)
        self.patterns = [re.compile(rf"(?<!\w)(?:{p})(?!\w)") for p in patterns]
        self._seen: dict[tuple[int, int], frozenset[int]] = {}

    def of(self, s: _Sentence) -> frozenset[int]:
        key = (s.doc, s.order)
        found = self._seen.get(key)
        if found is None:
            text = norm_key(s.text)
            found = self._seen[key] = frozenset(i for i, p in enumerate(self.patterns) if p.search(text))
        return found

    def covered(self, used: Sequence[_Sentence]) -> set[int]:
        return {i for s in used for i in self.of(s)}

    def gain(self, s: _Sentence, covered: set[int], within: int | None = None) -> float:
        """The weight of the key terms ``s`` brings that ``covered`` lacks (only the ``within`` most central)."""
        new = [i for i in self.of(s) - covered if within is None or i < within]
        return min(sum(self.weights[i] for i in new), _MAX_TERM_GAIN)


_TOP_TERMS, _TOP_TERM_GAIN, _TERM_GAIN, _MAX_TERM_GAIN = 5, 1.5, 1.0, 3.0


def _pick_covering(cands: Sequence[_Sentence], base: Callable[[_Sentence], float], limit: int, avoid: Sequence[_Sentence],
                   terms: _Terms, new_figures: bool = False) -> list[_Sentence]:
    """Like :func:`_pick`, but chosen one at a time: each pick's weight counts only the key terms that neither
    ``avoid`` nor the sentences already picked mention, so the list spreads over the story's terms instead of
    naming the same one eight times. With ``new_figures`` a sentence whose figures are all given already is left."""
    covered = terms.covered(avoid)
    given = {n for s in avoid for n in _figure_numbers(s)}
    left = [c for c in cands if not any(_near_duplicate(c, a) for a in avoid)]
    chosen: list[_Sentence] = []
    while left and len(chosen) < limit:
        best = max(left, key=lambda c: (base(c) + terms.gain(c, covered), -c.doc, -c.order))
        left.remove(best)
        numbers = _figure_numbers(best) if new_figures else frozenset()
        if numbers and numbers <= given:
            continue
        twin = next((i for i, c in enumerate(chosen) if _near_duplicate(best, c)), None)
        if twin is not None:
            if not _more_complete(best, chosen[twin], terms):
                continue
            chosen[twin] = best
        else:
            chosen.append(best)
        # Only what the note now shows counts as given or covered (a twin left out gives nothing).
        covered |= terms.of(best)
        given |= numbers
    return sorted(chosen, key=lambda s: (s.doc, s.order))


def _covering(pool: list[_Sentence], used: list[_Sentence], terms: _Terms) -> list[_Sentence]:
    """Up to ``_MAX_COVERING`` more sentences for the key terms that no chosen sentence mentions ("both Houses were
    adjourned sine die … the special session" reports no action and no figure, yet names what the story is about):
    the note marks its terms where they are used, so each should be used once. The sentence that brings most of
    them first, then the best lead sentence."""
    covered = terms.covered(used)
    taken = {(s.doc, s.order) for s in used}
    left = [s for s in pool if (s.doc, s.order) not in taken and terms.of(s) - covered
            and not any(_near_duplicate(s, u) for u in used)]
    out: list[_Sentence] = []
    while left and len(out) < _MAX_COVERING:
        best = max(left, key=lambda s: (terms.gain(s, covered, within=_COVERED_TERMS), _overview_score(s), -s.doc, -s.order))
        if terms.gain(best, covered, within=_COVERED_TERMS) <= 0:
            break
        out.append(best)
        covered |= terms.of(best)
        left = [s for s in left if s is not best and terms.of(s) - covered and not _near_duplicate(s, best)]
    return out


_MAX_COVERING, _COVERED_TERMS = 4, 15


def _developments(pool: list[_Sentence], overview: list[_Sentence], terms: _Terms) -> list[_Sentence]:
    used = {(s.doc, s.order) for s in overview}
    actions = [s for s in pool if (s.doc, s.order) not in used and ACTION.search(s.text)]

    def weight(s: _Sentence) -> float:
        figures = sum(1 for f in s.facts if f.kind != "year")
        return len(ACTION.findall(s.text)) + 0.5 * min(len(set(_names(s.text))), 4) + 0.5 * figures

    chosen = _pick_covering(actions, weight, MAX_DEVELOPMENTS, overview, terms)
    if chosen:
        return chosen + _covering(pool, [*overview, *chosen], terms)
    # Nothing but the lead reports an action (or nothing reports one): fall back rather than leave the list empty.
    rest = [s for s in pool if (s.doc, s.order) not in used]
    return _pick(sorted(rest, key=lambda s: (-_overview_score(s), s.doc, s.order)), 3, overview) or list(overview)


def _weight(fact: Fact) -> float:
    """How much a figure is worth to an exam note; "the two sides" is grammar, not a figure worth learning."""
    if fact.kind == "count" and fact.value[:1].isalpha():
        return 0.5
    return _FACT_WEIGHT.get(fact.kind, 1.0)


def _fact_weight(s: _Sentence) -> float:
    return sum(_weight(f) for f in s.facts)


def _important_facts(pool: list[_Sentence], used: list[_Sentence], terms: _Terms) -> list[_Sentence]:
    """Sentences with figures not used above (nor near-duplicates of one), the weightiest first; a key term the
    note has not mentioned yet adds to the weight. Each brings a figure the note does not give yet: six write-ups
    of one vote give "214 ayes" six ways, and the note needs it once."""
    seen = {(s.doc, s.order) for s in used}
    fresh = [s for s in pool if _fact_weight(s) >= _MIN_FACT_WEIGHT and (s.doc, s.order) not in seen]
    return _pick_covering(fresh, _fact_weight, MAX_FACTS, used, terms, new_figures=True)


def _figure_numbers(s: _Sentence) -> frozenset[str]:
    """The numbers of a sentence's figures worth learning (not bare years): "33 per cent" and "33%" are one."""
    return frozenset(n.replace(",", "") for f in s.facts if f.kind != "year" for n in re.findall(r"\d[\d,]*(?:\.\d+)?", f.value))


_OWN_LABEL = re.compile(r"^([A-Z][^:.!?]{1,60}):\s+\S")
# Names that say what a figure measures: an acronym, or a capitalised name of a scheme, survey, rate, body …
_LABEL_NAME = re.compile(
    r"\b[A-Z]{2,}(?![a-z])[\w-]*|\b(?:[A-Z][\w-]+[ -](?:(?:of|and|for|the|on)\s+)?){0,4}(?:Scheme|Survey|Report|Policy|Bill|Act|Mission|"
    r"Index|Rate|Bank|Committee|Commission|Council|Fund|Programme|Program|Yojana|Court|Ministry|Cover|Budget|Authority|"
    r"Organisation|Organization|Corporation|Agreement|Treaty|Pension|Census|Forest|Reserve|Deficit|Growth|Inflation)\b")
_ENUMERATOR = re.compile(r"^(?:[A-Za-z]|\d{1,2}|[ivx]{1,4})[.)]\s+|^\(\w{1,4}\)\s+")


def _fact_label(s: _Sentence, key_terms: Sequence[str]) -> str | None:
    """What the figures of a fact are: the label the sentence gives itself, the subheading it stands under, the key
    term nearest before its main figure (or its common-noun head), or a name that says what is measured. None when
    the sentence already opens with its label, or when nothing names its figure."""
    if _OWN_LABEL.match(s.text):
        return None
    if s.context and not _discourse_label(s.context):
        return _ENUMERATOR.sub("", s.context) or s.context
    main = max(s.facts, key=lambda f: (_weight(f), -f.start), default=None)
    cut = (main.start - s.start) if main else len(s.text)
    before = norm_key(s.text[: max(cut, 0)])
    best: tuple[int, str] | None = None
    for term in key_terms:
        k = norm_key(term)
        i = before.rfind(k) if k else -1
        if i >= 0 and (best is None or i > best[0]):
            best = (i, term)
    label = best[1] if best else None
    if label is None:
        # A key term named by its head noun ("bonds worth Rs 16,000 crore" under "Electoral bond"), when that
        # head is a common noun: a proper name's last word ("India") says nothing.
        for term in key_terms:
            words = term.split()
            head = words[-1] if len(words) > 1 else ""
            # … and not the head of another name: "the SDF rate" is not the repo rate
            if len(head) >= 4 and head.isalpha() and head.islower() and re.search(
                    rf"(?:^|[,;:(]\s*|\b(?:the|these|those|such|its|their|all|of|in|on|and|for)\s+){re.escape(head)}(?:s|es)?\b",
                    s.text[: max(cut, 0)].casefold()):
                label = term
                break
    if label is None:
        # An acronym or a capitalised name just before the figure ("MPCE", "Unified Pension Scheme") says what it is.
        names = [m for m in _LABEL_NAME.finditer(s.text[: max(cut, 0)]) if not (m.start() == 0 and " " not in m.group())]
        label = names[-1].group().strip() if names else None
    if not label:  # a sentence's opening words ("Mission cost about Rs", "Two sides") are not a label
        return None
    label = collapse_ws(label)
    if norm_key(s.text).startswith(norm_key(label)):  # "Singh: Singh is in Seoul …" says nothing the sentence does not
        return None
    return label[0].upper() + label[1:]


def _fact_item(s: _Sentence, key_terms: Sequence[str]) -> str:
    label = _fact_label(s, key_terms)
    return f"{label}: {s.text}" if label else s.text


# Headings that say how a page is organised, not what a figure measures ("In Short:", "Context:", "Key highlights").
_DISCOURSE_LABELS = frozenset(norm_key(w) for w in (
    "in short", "in brief", "context", "background", "highlights", "key highlights", "summary", "note", "details",
    "key points", "key takeaways", "takeaways", "explained", "overview", "facts", "key facts", "analysis", "conclusion",
    "introduction", "what next", "why it matters", "the big picture", "quick facts", "at a glance", "update", "latest"))


def _discourse_label(label: str) -> bool:
    return norm_key(_ENUMERATOR.sub("", label).rstrip(":")) in _DISCOURSE_LABELS


_GENERIC_LABEL_LEAD = re.compile(r"^(?:about|more about|details of|key|the)\s+(?:the\s+)?", re.IGNORECASE)


def _pointer(s: _Sentence, key_terms: Sequence[str]) -> list[str]:
    """Short statements for the prelims pointers: "Repo rate: 6.25%", never a bare number. The label is a key
    term, the sentence's own label, its subheading or a name that says what is measured (never a sentence's opening
    words), and the values are figures worth learning: amounts, shares, quantities, counts in digits; a date only
    for a key term."""
    own = m.group(1) if (m := _OWN_LABEL.match(s.text)) else None
    label = own or _fact_label(s, key_terms)
    # "Bill: one-third", "About The Bill: 454 votes": a label must say which thing the figure belongs to.
    if not label or is_generic(_GENERIC_LABEL_LEAD.sub("", label)) or _discourse_label(label):
        return []
    terms = {norm_key(t) for t in key_terms}
    named = norm_key(label) in terms or bool(own) or bool(s.context) or bool(_LABEL_NAME.fullmatch(label))
    if not named:
        return []
    keep = {collapse_ws(f.value) for f in s.facts
            if _weight(f) >= 2.0 or (f.kind == "date" and norm_key(label) in terms)}
    values = [v for v in _figure_labels(s, 3) if v in keep][:2]
    return [f"{label}: {', '.join(values)}"] if values else []


def _figure_labels(s: _Sentence, limit: int = 3) -> list[str]:
    """The figures a fact bullet leads with: exam-style kinds before dates, no bare years when better ones exist."""
    ranked = sorted(s.facts, key=lambda f: (-_weight(f), f.start))
    labels: list[str] = []
    for f in ranked:
        value = collapse_ws(f.value)
        if _weight(f) < _MIN_FACT_WEIGHT and labels:
            continue
        if norm_key(value) not in {norm_key(x) for x in labels}:
            labels.append(value)
        if len(labels) == limit:
            break
    order = {collapse_ws(f.value): f.start for f in s.facts}
    return sorted(labels, key=lambda v: order.get(v, 0))


# --- UPSC relevance -------------------------------------------------------------------------------------------

# Words typical of news on a subject, beyond the subject names and aliases the syllabus data already carries.
_NEWS_WORDS: dict[str, tuple[str, ...]] = {
    "International Relations": ("bilateral", "summit", "memorandum of understanding", "mous", "treaty", "g20", "brics",
                                "united nations", "strategic partnership", "counterpart", "leaders' declaration"),
    "Economy": ("gdp", "inflation", "repo rate", "reserve bank", "monetary policy committee", "fiscal deficit", "income tax",
                "exports", "lending rate"),
    "Polity": ("supreme court", "amendment", "lok sabha", "rajya sabha", "bill", "verdict", "unconstitutional", "election commission"),
    "Governance": ("scheme", "ministry", "yojana", "portal", "transparency"),
    "Social Justice": ("welfare", "artisans", "skilling", "vulnerable"),
    "Science and Technology": ("isro", "spacecraft", "satellite", "rocket", "lunar", "rover", "lander", "orbit"),
    "Environment": ("tiger", "wildlife", "forest", "species", "habitat", "emissions", "tiger reserves"),
    "Security": ("military", "armed forces", "missile", "defence production", "defence exports"),
    "Indian Society": ("reservation for women", "women's reservation"),
}
_MAX_HITS_PER_TERM = 3


@lru_cache(maxsize=1)
def _subject_terms() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(term pattern, subject): acronyms match case-sensitively so the alias "IT" never matches the pronoun."""
    out: list[tuple[re.Pattern[str], str]] = []
    for subject in load_syllabus().subjects.values():
        for term in (subject.name, *subject.aliases, *_NEWS_WORDS.get(subject.name, ())):
            flags = 0 if term.isupper() else re.IGNORECASE
            out.append((re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", flags), subject.name))
    return tuple(out)


def _stems(text: str) -> set[str]:
    """Crude five-letter stems; "india" is left out because every line and every story share it."""
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.casefold()) if w not in _STOP and w[:5] != "india"}


@lru_cache(maxsize=1)
def _stem_weights() -> dict[str, float]:
    """Inverse line frequency of each stem: "issues" or "development" in a line says little, "budgeting" a lot."""
    counts: dict[str, int] = {}
    for line in load_syllabus().lines.values():
        for stem in _stems(line.text):
            counts[stem] = counts.get(stem, 0) + 1
    return {stem: 1.0 / n for stem, n in counts.items()}


def _best_line(subject: Subject, story_stems: set[str]) -> str:
    """The subject's mains line whose distinctive words the story shares most (its first line on a tie)."""
    syllabus = load_syllabus()
    weights = _stem_weights()
    mains = [ln for ln in subject.lines if syllabus.paper_of_line(ln) != "Prelims"] or list(subject.lines)

    def fit(line_id: str) -> tuple[float, int]:
        stems = _stems(syllabus.lines[line_id].text)
        # Divided by the root of the line's length so long catch-all lines do not win on size alone.
        return sum(weights[st] for st in stems & story_stems) / max(len(stems), 1) ** 0.5, -mains.index(line_id)

    return max(mains, key=fit)


def keyword_classify(text: str, limit: int = 2) -> list[tuple[str, str, str]]:
    """Fallback syllabus mapping by keyword counts, for when no trained classifier is passed in.

    Deliberately crude: it only has to name a plausible paper and line so the section is never empty.
    """
    syllabus = load_syllabus()
    scores: dict[str, int] = {}
    for pattern, subject in _subject_terms():
        hits = min(len(pattern.findall(text)), _MAX_HITS_PER_TERM)
        if hits:
            scores[subject] = scores.get(subject, 0) + hits
    order = list(syllabus.subjects)
    ranked = sorted(scores, key=lambda name: (-scores[name], order.index(name)))[:limit]
    # A subject with a third of the leader's hits is noise (one "summit" in a space story), not a second topic.
    ranked = [name for name in ranked if scores[name] * 3 >= scores[ranked[0]]]
    story_stems = _stems(text)
    out: list[tuple[str, str, str]] = []
    for name in ranked:
        line_id = _best_line(syllabus.subjects[name], story_stems)
        out.append((syllabus.lines[line_id].paper, line_id, syllabus.lines[line_id].text))
    prelims = next((ln for name in ranked for ln in syllabus.subjects[name].lines if syllabus.paper_of_line(ln) == "Prelims"), "PRE-01")
    out.append(("Prelims", prelims, syllabus.lines[prelims].text))
    return out


# The mains question: a UPSC form chosen by the kind of the story's best syllabus line (its subject), with the
# story's issue in the topic slot. Each form has one "{topic}" slot; QUESTION_FORMS is public so that a test can
# read the topic back out of every question written.
QUESTION_FORMS: dict[str, str] = {
    "polity": "Critically examine the constitutional and legal questions raised by {topic}.",
    "governance": "What are the challenges in the design and implementation of {topic}? Suggest measures to address them.",
    "social": "Discuss how {topic} bears on the welfare of vulnerable sections, and the challenges that remain.",
    "economy": "Examine the implications of {topic} for growth, prices and employment in India.",
    "agriculture": "Examine the implications of {topic} for India's farmers and food security.",
    "infrastructure": "Discuss the role of {topic} in India's infrastructure development, and the challenges in it.",
    "ir": "Discuss the significance of {topic} for India's foreign policy and strategic interests.",
    "environment": "What are the challenges in conservation that {topic} brings out? Suggest a way forward.",
    "disaster": "What are the challenges in disaster preparedness and response that {topic} brings out?",
    "science": "Examine how {topic} advances India's scientific and technological capabilities.",
    "security": "Critically analyse the challenges to India's security that {topic} highlights, and the response needed.",
    "society": "Comment on what {topic} reveals about change in Indian society.",
    "history": "Comment on the significance of {topic} in India's history and heritage.",
    "ethics": "Discuss the ethical issues involved in {topic}.",
    "general": "Examine the significance of {topic} for India.",
}
_KIND = {
    "History": "history", "Art and Culture": "history", "Geography": "environment", "Indian Society": "society",
    "Polity": "polity", "Governance": "governance", "Social Justice": "social", "International Relations": "ir",
    "Economy": "economy", "Agriculture": "agriculture", "Infrastructure": "infrastructure",
    "Science and Technology": "science", "Environment": "environment", "Disaster Management": "disaster",
    "Internal Security": "security", "Security": "security", "Ethics": "ethics",
}
_QUESTION_PATTERNS = [(kind, re.compile("^" + re.escape(form).replace(re.escape("{topic}"), "(?P<topic>.+?)") + "$"))
                      for kind, form in QUESTION_FORMS.items()]
MAINS_PREFIX = "Mains question: "


def question_kind(line_id: str | None) -> str:
    """The kind of question a syllabus line calls for, by the subject the line belongs to."""
    return _KIND.get(_subject_of_line(line_id) or "", "general") if line_id else "general"


def parse_question(item: str) -> tuple[str, str] | None:
    """``(kind, topic)`` of a "Mains question: …" item this writer wrote; None for any other text."""
    text = item[len(MAINS_PREFIX):] if item.startswith(MAINS_PREFIX) else item
    for kind, pattern in _QUESTION_PATTERNS:
        m = pattern.match(text)
        if m:
            return kind, m.group("topic")
    return None


# Title words a topic phrase may not start or end with, and headline verbs it may not contain at all.
_TOPIC_EDGE = word_set(
    "to as for of in on at and the a an with by from near down up over after into amid its his her their is are was "
    "first new no years year days rs crore lakh"
)
_HEADLINE_VERBS = word_set(
    "cuts cut raises hikes strikes struck lands landed marks rises rose becomes gives gave signs signed launches launched "
    "unveils passes passed approves approved announces notifies inaugurates releases reserved holds held says meets "
    "reaches achieve achieves adopts joins set sets talks"
)
_TITLE_WORD = re.compile(r"[\w][\w'’-]*[\w%]|\w")
_GENERIC_TOPICS = frozenset({"india", "indian", "india's", "centre", "government", "pm", "president", "prime minister",
                             "minister", "raksha mantri", "union"})


def _is_name(body: str, m: re.Match[str] | _Found) -> bool:
    """Whether a match is a whole proper name in the body: every word capitalised, no capitalised word either side
    (so "Rate" inside "Bank Rate" is not one), a possessive before it allowed ("India's Chandrayaan-3")."""
    if not all(w[:1].isupper() or not w[:1].isalpha() for w in m.group().split()):
        return False
    before = re.search(r"(\S+)\s+$", body[max(0, m.start() - 40) : m.start()])
    after = re.match(r"\s+(\S+)", body[m.end() : m.end() + 40])
    joined_before = (before is not None and before.group(1)[:1].isupper() and before.group(1) not in _SENTENCE_INITIAL
                     and not re.search(r"['’]s$|[.,;:]$", before.group(1)))
    joined_after = after is not None and after.group(1)[:1].isupper() and not body[m.end() : m.end() + 1].strip()
    return not (joined_before or joined_after)


@dataclass(frozen=True)
class _Found:
    """Where a phrase occurs in the body (the subset of ``re.Match`` that :func:`_is_name` uses)."""

    body: str
    begin: int
    stop: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop

    def group(self) -> str:
        return self.body[self.begin : self.stop]


def _find_phrase(body: str, folded: str, toks: list[str]) -> list[_Found]:
    """Whole-word, case-insensitive occurrences of ``toks`` separated by single spaces. A plain ``str.find`` on a
    folded copy: compiling a regex per candidate phrase dominated the writer's time."""
    phrase = " ".join(toks).lower().replace("\u2019", "'")
    if len(phrase) != len(" ".join(toks)):
        return []
    out = []
    i = folded.find(phrase)
    while i != -1:
        j = i + len(phrase)
        if (i == 0 or not folded[i - 1].isalnum()) and (j == len(folded) or not folded[j].isalnum()):
            out.append(_Found(body, i, j))
        i = folded.find(phrase, i + 1)
    return out


def _topic(title: str, body: str) -> str | None:
    """The title phrase the story is about: long, repeated in the body, and a proper name there if possible."""
    words = list(_TITLE_WORD.finditer(title))
    if title.strip():
        body = body.replace(title.strip(), " ")  # a headline repeated atop the text is no evidence for itself
    best: tuple[float, str] | None = None
    folded = body.lower().replace("\u2019", "'")
    if len(folded) != len(body):  # a rare character whose lower case is longer: keep offsets aligned
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in body).replace("\u2019", "'")
    folded = re.sub(r"\s", " ", folded)
    for i in range(len(words)):
        for j in range(i, min(i + 5, len(words))):
            toks = [w.group() for w in words[i : j + 1]]
            if toks[0].casefold() in _TOPIC_EDGE or toks[-1].casefold() in _TOPIC_EDGE or not toks[0][0].isalpha():
                continue
            if any(t.casefold() in _HEADLINE_VERBS or not any(c.isalpha() for c in t) for t in toks):
                continue
            if norm_key(" ".join(toks)) in _GENERIC_TOPICS:
                continue
            found = _find_phrase(body, folded, toks)
            if not found:
                continue
            proper = any(_is_name(body, m) for m in found)
            # Length says how specific the phrase is, repetition how central; a proper name in the body beats both.
            # One plain word ("Korean", "Budget") is rarely the topic; a coined name ("KIND-X", "Chandrayaan-3") may be.
            single = len(toks) == 1 and not re.search(r"[\d-]", toks[0])
            score = len(toks) + 0.5 * min(len(found), 3) + (2.5 if proper else 0.0) - (1.0 if single else 0.0) - 0.01 * i
            if best is None or score > best[0]:
                best = (score, collapse_ws(found[0].group()) if proper else "the " + collapse_ws(found[0].group()).lower())
    return best[1] if best else None


def _subject_of_line(line_id: str) -> str | None:
    return next((s.name for s in load_syllabus().subjects.values() if line_id in s.lines), None)


# Words that make a phrase a role or a person's title, not an issue: "Defence Minister Rajnath Singh".
_ROLE_WORDS = word_set("minister ministers governor secretary chief president pm cm mp mla shri smt dr mr mrs ms "
                       "chairman chairperson spokesperson officer official officials leader leaders says said mantri")
# Last words of the names of instruments (laws, schemes, missions, agreements, reports): such a name in the title is
# what the story is about ("Women's Reservation Bill", "PM Vishwakarma Scheme"), even with a role word inside it.
_INSTRUMENTS = word_set(
    "act bill scheme yojana mission programme program policy agreement treaty pact accord partnership survey report "
    "index census adhiniyam sanhita code initiative alliance corridor framework strategy project plan"
)
# Endings of names that take "the": "the Unified Pension Scheme", "the Monetary Policy Committee".
_THE_HEADS = _INSTRUMENTS | word_set(
    "commission committee council bank organisation organization court summit ministry department authority board "
    "fund system budget reserve centre center institute union assembly sabha parliament constitution dialogue "
    "ecosystem accelerator association forum platform facility network agency"
)


def _plain(head: str) -> str:
    """A glossary head without its bracketed abbreviation: "Satish Dhawan Space Centre (SDSC SHAR)" → the name."""
    return collapse_ws(re.sub(r"\s*\([^()]*\)\s*$", "", head)) or head


def _mid_sentence(form: str, body: str) -> int:
    """How often ``form`` occurs in ``body`` other than as the first words of a sentence (where capitals say nothing)."""
    return sum(1 for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", body)
               if not re.search(r"(?:^|[.!?:]\s+|\n\s*)$", body[max(0, m.start() - 3) : m.start()]) and m.start() > 0)


def _cased(phrase: str, body: str) -> str:
    """The phrase as the story writes it: "Repo rate" is "repo rate" when the body says so more often than not; a
    name keeps its capitals, and an acronym or a coined name ("CRR", "Aditya-L1") is left alone."""
    if not phrase[:1].isupper() or any(c.isupper() or c.isdigit() for w in phrase.split() for c in w[1:]):
        return phrase
    capped = _mid_sentence(phrase, body)
    for lower in dict.fromkeys((phrase.lower(), phrase[:1].lower() + phrase[1:])):
        if lower != phrase and _mid_sentence(lower, body) > capped:
            return lower
    return phrase


_MASS_NOUN = re.compile(r"(?<!organis)(?<!organiz)(?<!feder)(?<!deleg)(?<!found)(?<!corpor)(?<!associ)(?<!declar)(?<!st)(?<!^n)"
                        r"ation$|(?:ity|ism|ness|ing|ics|ship|hood)$")


def _with_article(topic: str, body: str = "") -> str:
    """ "the" before a common-noun phrase ("the repo rate"; a plural goes bare: "electoral bonds") and before names of
    bodies, laws and schemes ("the Unified Pension Scheme"); none before a bare name ("Aditya-L1") or a place's
    possessive ("India's …")."""
    words = topic.split()
    first, last = words[0], words[-1].casefold().strip("'’")
    if first.casefold() in ("the", "a", "an"):
        return topic
    if first.endswith(("'s", "’s")):
        stem = first[:-2]
        common = not stem[:1].isupper() or re.search(rf"(?<!\w){re.escape(stem.lower())}(?!\w)", body)
        return f"the {topic}" if common and (last in _THE_HEADS or not stem[:1].isupper()) else topic
    if not first[:1].isupper():
        plural = last.endswith("s") and not last.endswith("ss")
        # An abstract mass noun goes bare too: "maritime security", "inflation targeting", "biodiversity".
        mass = bool(_MASS_NOUN.search(last)) and " of " not in topic
        return topic if plural or mass else f"the {topic}"
    return f"the {topic}" if len(words) > 1 and (last in _THE_HEADS or " of " in topic) else topic


def _good_topic(phrase: str) -> bool:
    words = [w.casefold().strip(".,;:'’") for w in phrase.split()]
    if not words or norm_key(phrase) in _GENERIC_TOPICS:
        return False
    return words[-1] in _INSTRUMENTS or not any(w in _ROLE_WORDS for w in words)


# Titles written before a person's name.
_PERSON_TITLES = word_set("minister governor secretary chief president pm cm mp mla shri smt dr mr mrs ms chairman "
                          "chairperson spokesperson mantri")
_ROLE_BEFORE = re.compile(r"(?:^|\W)(?:" + "|".join(sorted(map(re.escape, _PERSON_TITLES), key=len, reverse=True)) + r")\.?\s+$",
                          re.IGNORECASE)


def _is_person(head: str, texts: Sequence[str]) -> bool:
    """A head that the story writes right after a role ("Defence Minister Rajnath Singh", "Governor Sanjay
    Malhotra") names a person: a question asks about an issue, not about a person."""
    for text in texts:
        for m in re.finditer(rf"(?<!\w){re.escape(head)}(?!\w)", text):
            if _ROLE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
                return True
    return False


_HYPHEN_FOLD = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"))


def _words(text: str) -> str:
    """Text as lower-case words joined by single spaces, punctuation other than hyphens and apostrophes dropped."""
    folded = text.casefold().replace("’", "'").translate(_HYPHEN_FOLD)
    return " ".join(re.findall(r"[\w][\w'-]*", folded))


def question_topic(title: str, body: str, key_terms: Sequence[str] | None, written: str = "") -> str | None:
    """The issue a mains question asks about, as a whole noun phrase, properly cased.

    Candidates are the key terms' glossary heads that the title names (the more central, the better) and the
    title's own phrase for the story (a name or a phrase of two words or more, repeated in the body); a named
    instrument (a bill, scheme, mission, agreement, report) beats a mere venue or body. Without any, the most
    central key term that the note's own sections (``written``) use. Never a role or a person's title ("Defence
    Minister Rajnath Singh"), never a bare generic word or a fragment.
    """
    heads = [_plain(h) for h in key_terms or () if h and h.strip()]
    title_words = f" {_words(title)} "
    best: tuple[float, str] | None = None

    def offer(score: float, phrase: str) -> None:
        nonlocal best
        if _good_topic(phrase) and not _is_person(phrase, (title, body)) and (best is None or score > best[0]):
            best = (score, phrase)

    for rank, head in enumerate(heads):
        key = _words(head)
        if key and any(f" {key}{suffix} " in title_words for suffix in ("", "s", "es")):
            plural = f" {key} " not in title_words
            named = head if not plural else head + ("es" if f" {key}es " in title_words else "s")
            offer(2.0 - 0.1 * rank + (1.0 if key.split()[-1] in _INSTRUMENTS else 0.0), _cased(named, body))
    phrase = _topic(title, body) if title.strip() else None
    if phrase:
        proper = not phrase.startswith("the ")
        phrase = phrase if proper else phrase[4:]
        coined = bool(re.search(r"[\d-]|[A-Z]{2}", phrase))
        if len(phrase.split()) > 1 or coined:
            # Below a central key term unless it names an instrument: the title's subject is usually a key term.
            score = 1.0 + (1.0 if _words(phrase).split()[-1] in _INSTRUMENTS else 0.0) + (0.5 if proper and len(phrase.split()) > 1 else 0.0)
            offer(score, _cased(phrase, body))
    if best is not None:
        return best[1]
    used = _words(written) if written else None
    for head in heads:
        if (_good_topic(head) and len(head) > 3 and not _is_person(head, (title, body))
                and (used is None or f" {_words(head)} " in f" {used} ")):
            return _cased(head, body)
    return None


def _mains_question(topic: str | None, lines: list[tuple[str, str, str]], body: str = "") -> str:
    mains = next((ln for ln in lines if ln[0] != "Prelims"), None)
    kind = question_kind(mains[1]) if mains else "general"
    slot = _with_article(topic, body) if topic else "these developments"
    question = QUESTION_FORMS[kind].format(topic=slot)
    return MAINS_PREFIX + question[:1].upper() + question[1:]


def fill_question_topic(note: Note, heads: Sequence[str], body: str) -> Note:
    """A question written without a topic ("these developments") takes one from the key terms the note finally marks
    (a story term defined by the story's own text is known only after the note is written). Other notes unchanged."""
    section = next((sec for sec in note.sections if sec.title == RELEVANCE), None)
    items = section.text.split("\n") if section else []
    if section is None or not items or not items[-1].startswith(MAINS_PREFIX):
        return note
    parsed = parse_question(items[-1])
    if parsed is None or parsed[1] != "these developments":
        return note
    topic = question_topic(note.title or "", body, heads, body)
    if topic is None:
        return note
    question = QUESTION_FORMS[parsed[0]].format(topic=_with_article(topic, body))
    items[-1] = MAINS_PREFIX + question[:1].upper() + question[1:]
    rebuilt = make_section(RELEVANCE, bullets=[[item] for item in items])
    note.sections = [rebuilt if sec is section else sec for sec in note.sections]
    return note


_ACRONYM = re.compile(r"((?:[A-Z][\w'’-]*\s+(?:(?:of|and|for|the|on|in|&)\s+)*){1,9})\(([A-Z][A-Za-z]{1,9})\)")


def _acronym_terms(text: str, limit: int = 6) -> list[str]:
    """"Long Name (ABBR)" pairs written out in the text: the usual prelims pointers when none are given."""
    out: list[str] = []
    for m in _ACRONYM.finditer(text):
        words = m.group(1).split()
        letters = m.group(2).upper()
        for k in range(len(words)):
            initials = "".join(w[0] for w in words[k:] if w[0].isupper())
            if initials == letters and words[k][0].isupper():
                term = f"{' '.join(words[k:])} ({m.group(2)})"
                if term not in out:
                    out.append(term)
                break
        if len(out) == limit:
            break
    return out


# --- the writer -------------------------------------------------------------------------------------------------


class ExtractiveWriter(Writer):
    """Writes notes from source sentences only; ``classify`` maps story text to syllabus lines (best first)."""

    name = "extractive"

    def __init__(self, classify: Classifier | None = None, max_lines: int = 3) -> None:
        self.classify = classify
        self.max_lines = max_lines

    def write(self, articles: list[Article], key_terms: list[str] | None = None,
              relevance: list[tuple[str, str, str]] | None = None, extra_facts: list[str] | None = None,
              term_forms: dict[str, list[str]] | None = None) -> Note:
        if not articles:
            raise ValueError("a story needs at least one article")
        pool = [s for doc, article in enumerate(articles) for s in _sentences(doc, article)]
        terms = _Terms(key_terms or (), term_forms)
        overview = _overview(pool, terms)
        developments = _developments(pool, overview, terms)
        facts = _important_facts(pool, [*overview, *developments], terms)
        compact: list[str] = []
        if not facts:
            # Nothing fresh carries a figure: short "what: figure" statements from the sentences above (not the
            # sentences again), else the best sentences not used yet.
            for s in [*overview, *developments]:
                if any(f.kind in ("money", "percent", "quantity", "fraction") for f in s.facts):
                    compact.extend(x for x in _pointer(s, list(key_terms or [])) if norm_key(x) not in map(norm_key, compact))
            compact = compact[:4]
            if not compact:
                used = {(s.doc, s.order) for s in [*overview, *developments]}
                rest = [s for s in pool if (s.doc, s.order) not in used]
                facts = _pick(sorted(rest, key=lambda s: (-_overview_score(s), s.doc, s.order)), 2, [*overview, *developments])
            if not facts and not compact:
                for s in [*overview, *developments]:
                    compact.extend(x for x in _pointer(s, list(key_terms or [])) if norm_key(x) not in map(norm_key, compact))
                compact = compact[:3]

        provenance: list[Provenance] = []

        def record(section: str, chosen: list[_Sentence]) -> None:
            for s in chosen:
                # Near-identical sentences of other sources were merged into this one: they support it too.
                others = {c.source_id for c in pool if c.doc != s.doc and c.source_id != s.source_id and _near_duplicate(c, s)}
                provenance.append(Provenance(section, s.text, s.source_id, s.start, s.end, [s.source_id, *sorted(others)]))

        record(OVERVIEW, overview)
        record(DEVELOPMENTS, developments)
        record(FACTS, facts)

        terms_for_labels = list(key_terms or [])
        fact_bullets = [[_fact_item(s, terms_for_labels)] for s in facts] + [[c] for c in compact]
        fact_bullets += [[item] for item in extra_facts or ()]
        sections = [
            make_section(OVERVIEW, paragraphs=[[" ".join(s.text for s in overview)]] if overview else []),
            make_section(DEVELOPMENTS, bullets=[[s.text] for s in developments]),
            make_section(FACTS, bullets=fact_bullets),
        ]
        written = "\n".join(sec.text for sec in sections)
        sections.append(self._relevance(articles, sorted([*overview, *developments, *facts], key=lambda s: -_fact_weight(s)),
                                        key_terms, relevance, written))
        lead_title = next((a.title for a in articles if a.title), None)
        dates = sorted(d for a in articles if (d := parse_date(a.date)))
        return Note(
            title=collapse_ws(lead_title) if lead_title else None,
            date=dates[0] if dates else None,
            sections=sections,
            sources=[Source(title=collapse_ws(a.title or a.url or a.id), url=a.url, publisher=a.publisher, date=parse_date(a.date))
                     for a in articles],
            provenance=provenance,
        )

    def _relevance(self, articles: list[Article], facts: list[_Sentence], key_terms: list[str] | None,
                   relevance: list[tuple[str, str, str]] | None = None, written: str = "") -> Section:
        story = "\n\n".join(part for a in articles for part in (a.title or "", a.text or "") if part)
        lines: list[tuple[str, str, str]] = []
        for line in relevance if relevance is not None else (self.classify or keyword_classify)(story):
            if line[1] not in {ln[1] for ln in lines}:
                lines.append(line)
        lines = lines[: self.max_lines]
        bullets = [f"{paper} \u2014 {text}" for paper, _, text in lines]
        if relevance is not None and not relevance:
            bullets.append("No clear GS paper: the classifier found no syllabus line this story clearly belongs to")

        terms = list(key_terms)[:_POINTER_TERMS] if key_terms is not None else _acronym_terms(story)
        figures: list[str] = []
        for s in facts:
            for statement in _pointer(s, list(key_terms or [])):
                if norm_key(statement) not in {norm_key(x) for x in figures} and len(figures) < 4:
                    figures.append(statement)
        pointers = [collapse_ws(t) for t in terms if t.strip()] + figures
        if pointers:
            bullets.append("Prelims pointers: " + "; ".join(pointers))
        lead_title = next((a.title for a in articles if a.title), "")
        body = "\n\n".join(a.text for a in articles if a.text)
        bullets.append(_mains_question(question_topic(lead_title or "", body, key_terms, written), lines, body))
        return make_section(RELEVANCE, bullets=[[b] for b in bullets])


__all__ = ["QUESTION_FORMS", "ExtractiveWriter", "keyword_classify", "fill_question_topic", "parse_question", "question_kind", "question_topic"]
