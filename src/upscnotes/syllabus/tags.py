"""GS tags in any wording: ``(GS2: Polity)``, ``; relevant for GS2: Polity and GS3: IR``, ``GS-III: Security``,
``GS Paper 3: Economy``, ``in GS2: Polity``. One parser and one validator, used by the reader, ``check`` and the
glossary alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from upscnotes.model import GsTag
from upscnotes.syllabus.data import Syllabus, load_syllabus

_H = r"[-\u2010-\u2015\u2212]"
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4"}
_MARKER = re.compile(
    rf"(?:(?:\bGS|\bG\.S\.|\bGeneral\s+Studies)\s*{_H}?\s*(?:Paper\s*{_H}?\s*)?(?P<num>IV|III|II|I|[1-4])(?![\w])"
    rf"|(?P<pre>\bPrelims(?:\s+Paper\s*(?:I|1)\b)?))"
    rf"(?:\s*:\s*|\s+{_H}\s+|(?=\s*(?:[,;)]|and\b|&|$)))",
    re.IGNORECASE,
)
_CONNECTOR_TAIL = re.compile(
    r"(?:[\s;,:]*(?:(?:which\s+is|it\s+is|this\s+is|and)\s+)?(?:highly\s+|very\s+|particularly\s+|especially\s+|most\s+)?"
    r"(?:relevant|crucial|important|key|significant|useful|central|pertinent|essential|vital|topic|tagged)(?:\s+(?:for|to|in|under))?"
    r"|\s+(?:for|in|under|of))\s*$",
    re.IGNORECASE,
)
_SUBJECT_TAIL = re.compile(r"(?:[\s,;.)]|\band\b|&)+$", re.IGNORECASE)


@dataclass
class ParsedDefinition:
    definition: str
    tags: list[GsTag]
    tag_start: int | None  # offset of the first tag in the input, None without tags


def _paper(m: re.Match[str]) -> str:
    if m.group("pre"):
        return "Prelims"
    num = m.group("num").upper()
    return "GS" + _ROMAN.get(num, num)


def _clean_subject(raw: str, syllabus: Syllabus) -> str:
    subject = _SUBJECT_TAIL.sub("", raw.strip()).strip()
    if syllabus.find_subject(subject) is not None or not subject:
        return subject
    # Trailing prose after the last tag ("GS3: Economy in the long run"): keep the longest known prefix.
    words = subject.split()
    for n in range(min(len(words), 6), 0, -1):
        prefix = _SUBJECT_TAIL.sub("", " ".join(words[:n]))
        if syllabus.find_subject(prefix) is not None:
            return prefix
    return subject


def parse_gs_tags(text: str, syllabus: Syllabus | None = None) -> ParsedDefinition:
    """Split definition text into the definition proper and its GS tags (validated against the syllabus)."""
    syllabus = syllabus or load_syllabus()
    markers = list(_MARKER.finditer(text))
    if not markers:
        return ParsedDefinition(text.strip(), [], None)
    first = markers[0].start()
    region_end = len(text)
    before = text[:first].rstrip()
    in_parens = before.endswith("(")
    if in_parens:
        close = text.find(")", markers[-1].end())
        region_end = close if close != -1 else len(text)
    tags: list[GsTag] = []
    for i, m in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else region_end
        raw_subject = text[m.end() : end]
        subject = _clean_subject(raw_subject, syllabus)
        tag = GsTag(paper=_paper(m), subject=subject, raw=text[m.start() : end].strip(" ,;)"))
        validate_tag(tag, syllabus)
        tags.append(tag)
    definition = before[:-1] if in_parens else before
    prev = None
    while prev != definition:
        prev = definition
        definition = _CONNECTOR_TAIL.sub("", definition).rstrip(" ;,:(\u2013\u2014-")
    return ParsedDefinition(definition.strip(), tags, first)


def validate_tag(tag: GsTag, syllabus: Syllabus | None = None) -> GsTag:
    """Fill ``valid``/``suggested_paper``/``line_id``: a tag is valid when the syllabus puts its subject in its paper."""
    syllabus = syllabus or load_syllabus()
    if not tag.subject:
        tag.valid = tag.paper in ("GS1", "GS2", "GS3", "GS4", "Prelims")
        return tag
    subject = syllabus.find_subject(tag.subject)
    if subject is None:
        tag.valid = False
        tag.suggested_paper = None
        return tag
    if tag.paper in subject.papers:
        tag.valid = True
        tag.suggested_paper = None
        if tag.line_id is None:
            tag.line_id = next((ln for ln in subject.lines if syllabus.paper_of_line(ln) == tag.paper), None)
    else:
        tag.valid = False
        tag.suggested_paper = subject.papers[0]
    return tag


def tag_problem(tag: GsTag, syllabus: Syllabus | None = None) -> tuple[str, str, str] | None:
    """``(code, message, fix)`` for an invalid tag, None for a valid one."""
    if tag.valid:
        return None
    syllabus = syllabus or load_syllabus()
    subject = syllabus.find_subject(tag.subject)
    if subject is None:
        return (
            "gs-unknown-subject",
            f"GS tag '{tag.label()}' names a subject the syllabus does not have",
            "use a syllabus subject such as Polity, International Relations, Economy, Science and Technology",
        )
    papers = ", ".join(p for p in subject.papers)
    return (
        "gs-wrong-paper",
        f"GS tag '{tag.label()}' contradicts the syllabus: {subject.name} belongs to {tag.suggested_paper} (syllabus papers: {papers})",
        f"{tag.suggested_paper}: {tag.subject}",
    )


def format_tags(tags: list[GsTag]) -> str:
    return ", ".join(t.label() if t.subject else t.paper for t in tags)
