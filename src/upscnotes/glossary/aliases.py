"""Alias rules a reader can see (each alias records the rule that made it) and override (disabled aliases stay
disabled): singular/plural, abbreviation ↔ expansion, a name without its office, hyphen/space variants, and the
span texts authors actually used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from upscnotes.notes.terms import is_abbreviation
from upscnotes.text import HYPHENS, norm_key

_HYPHEN_BETWEEN_LETTERS = re.compile(rf"(?<=\w)[-{HYPHENS}](?=\w)")
OFFICE_WORDS = {
    "union", "defence", "defense", "minister", "ministers", "raksha", "mantri", "shri", "smt", "mr", "mrs", "ms", "dr", "prime",
    "chief", "president", "vice", "external", "affairs", "home", "finance", "commissioner", "governor", "secretary", "general",
    "of", "national", "the", "honourable", "hon'ble", "justice", "chairman", "chairperson", "director", "state", "cabinet",
    "foreign", "lieutenant", "lt", "deputy", "speaker", "chancellor", "ambassador", "envoy", "admiral", "marshal", "former",
    "south", "korea's", "india's", "korean", "indian", "minister's", "for", "and", "senior", "joint", "additional",
}


# At least one of these must lead a name for the leading words to count as an office.
TITLE_WORDS = {"minister", "mantri", "shri", "smt", "mr", "mrs", "ms", "dr", "president", "commissioner", "governor", "secretary",
               "justice", "chairman", "chairperson", "director", "speaker", "chancellor", "ambassador", "envoy", "admiral", "marshal"}


@dataclass(frozen=True)
class Alias:
    text: str
    rule: str


def _pluralise(word: str) -> str:
    if is_abbreviation(word):
        return word + "s"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def _singularise(word: str) -> str | None:
    if re.search(r"[^aeiou]ies$", word):
        return word[:-3] + "y"
    if re.search(r"(ch|sh|x|ss)es$", word):
        return word[:-2]
    if re.search(r"[^su]s$", word) and not word.endswith("ss"):
        return word[:-1]
    return None


# Latin and Greek plurals the press uses: "Memoranda of Understanding", "criteria", "indices".
_IRREGULAR = {"memorandum": "memoranda", "criterion": "criteria", "phenomenon": "phenomena", "index": "indices",
              "crisis": "crises", "analysis": "analyses", "thesis": "theses", "nucleus": "nuclei", "stimulus": "stimuli",
              "alumnus": "alumni", "appendix": "appendices", "axis": "axes", "hypothesis": "hypotheses"}


def _irregular_plural(form: str) -> str | None:
    words = form.split()
    for i, w in enumerate(words):
        plural = _IRREGULAR.get(w.casefold())
        if plural:
            words[i] = plural.capitalize() if w[:1].isupper() else plural
            return " ".join(words)
    return None


def number_variants(form: str) -> list[Alias]:
    """Plural of a common-noun or acronym head (``system`` → ``systems``, ``MoU`` → ``MoUs``), the Latin plural of
    a word in it (``Memorandum of Understanding`` → ``Memoranda of Understanding``) and singular of a plural."""
    words = form.split()
    if not words:
        return []
    irregular = _irregular_plural(form)
    if irregular and not is_abbreviation(form):
        return [Alias(irregular, "plural")]
    last = words[-1]
    if is_abbreviation(form):
        return [Alias(form + "s", "plural")]
    if not last[:1].islower() or not last.isalpha():
        return []  # proper names (Rajnath Singh, Make in India) have no plural
    out = [Alias(" ".join([*words[:-1], _pluralise(last)]), "plural")]
    single = _singularise(last)
    if single and len(single) > 2:
        out.append(Alias(" ".join([*words[:-1], single]), "singular"))
    return out


def hyphen_variants(form: str) -> list[Alias]:
    """``Indo‑Pacific`` → ``Indo Pacific`` (the hyphen family itself is folded by normalisation)."""
    if not _HYPHEN_BETWEEN_LETTERS.search(form) or is_abbreviation(form):
        return []
    return [Alias(_HYPHEN_BETWEEN_LETTERS.sub(" ", form), "hyphen-space")]


def strip_office(name: str) -> str:
    """``Union Defence Minister Rajnath Singh`` → ``Rajnath Singh``; unchanged when no office words lead."""
    words = re.sub(r"[,()]", " ", name).split()
    i = 0
    while i < len(words) - 2 and (words[i].casefold().strip(".") in OFFICE_WORDS or is_abbreviation(words[i])):
        i += 1
    rest = words[i:]
    if not any(w.casefold().strip(".") in TITLE_WORDS for w in words[:i]):
        return name
    # "Speaker of the Lok Sabha", "Governor of the RBI": a role in an institution, not a title before a name.
    if any(w.casefold() in ("of", "the", "for") for w in words[:i]):
        return name
    if i == 0 or len(rest) < 2 or not all(w[:1].isupper() for w in rest):
        return name
    return " ".join(rest)


_PLAIN_ADJECTIVES = {"central", "national", "state", "general", "indian", "public", "union", "federal", "new", "united"}
_OF_INDIA = re.compile(r"^(?P<name>.+?)\s+of\s+India$")


def national_short_form(head: str) -> str | None:
    """``Supreme Court of India`` → ``Supreme Court``, ``Reserve Bank of India`` → ``Reserve Bank``: Indian news names
    its national bodies without "of India". Not for one word (``Government``, ``President``) or a role that other
    bodies have too (``Chief Justice`` of a High Court)."""
    m = _OF_INDIA.match(head.strip())
    if m is None:
        return None
    name = m.group("name")
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() or w in ("of", "and", "for", "the") for w in words):
        return None
    if words[-1].casefold() in TITLE_WORDS:
        return None
    # "Central Bank of India" is a bank; "the central bank" is the RBI. Two words led by an ordinary adjective are a
    # phrase every paper uses, not this body's name.
    if len(words) == 2 and words[0].casefold() in _PLAIN_ADJECTIVES:
        return None
    return name


def generate_aliases(head: str, abbreviation: str | None = None, span_texts: tuple[str, ...] | list[str] = ()) -> list[Alias]:
    """Every alias the rules give for a term, without the head itself; first rule wins for each normalised form."""
    candidates: list[Alias] = []
    if abbreviation:
        candidates.append(Alias(abbreviation, "abbreviation"))
    for form in [head, *([abbreviation] if abbreviation else [])]:
        for a in number_variants(form):
            candidates.append(a)
            candidates.extend(Alias(h.text, "hyphen-space") for h in hyphen_variants(a.text))
        candidates.extend(hyphen_variants(form))
    short = national_short_form(head)
    if short:
        candidates.append(Alias(short, "of-india"))
    office_free = strip_office(head)
    if office_free != head:
        candidates.append(Alias(office_free, "office"))
    for text in span_texts:
        if strip_office(text) != text and norm_key(strip_office(text)) == norm_key(head):
            candidates.append(Alias(text, "office"))
        else:
            candidates.append(Alias(text, "span-text"))
        candidates.extend(hyphen_variants(text))
    seen = {norm_key(head)}
    out = []
    for a in candidates:
        key = norm_key(a.text)
        if key and key not in seen:
            seen.add(key)
            out.append(a)
    return out


def is_case_sensitive(form: str) -> bool:
    """Acronyms match case-sensitively (``MoU`` is not ``mou``); ordinary words case-insensitively."""
    return any(is_abbreviation(w) for w in form.split())
