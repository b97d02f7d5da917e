"""The packaged syllabus (official wording, stable line ids) and the subject vocabulary of real GS tags.

Subjects map many-to-many onto papers and lines: "International Relations" is GS2 (and the GS4 line on ethical
issues in international relations), "Polity" is GS2 and a Prelims Paper I topic. The first paper listed for a
subject is its home paper, the one ``check`` suggests when a tag names another.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process


@dataclass(frozen=True)
class SyllabusLine:
    id: str
    paper: str
    text: str


@dataclass(frozen=True)
class Paper:
    id: str
    name: str
    title: str


@dataclass(frozen=True)
class Subject:
    name: str
    papers: tuple[str, ...]
    lines: tuple[str, ...]
    aliases: tuple[str, ...] = field(default=())


# Canonical subject -> (papers, home paper first; syllabus line ids; aliases seen in real tags).
_SUBJECTS: list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    ("History", ("GS1", "Prelims"), ("GS1-02", "GS1-03", "GS1-04", "GS1-05", "PRE-02"),
     ("Modern History", "Indian History", "World History", "Freedom Struggle", "Post-independence India", "Ancient History", "Medieval History")),
    ("Art and Culture", ("GS1",), ("GS1-01",), ("Culture", "Indian Culture", "Heritage", "Indian Heritage", "Art & Culture", "Arts and Culture")),
    ("Geography", ("GS1", "Prelims"), ("GS1-10", "GS1-11", "GS1-12", "PRE-03"),
     ("Physical Geography", "World Geography", "Indian Geography", "Economic Geography", "Human Geography")),
    ("Indian Society", ("GS1",), ("GS1-06", "GS1-07", "GS1-08", "GS1-09"),
     ("Society", "Social Issues", "Women", "Women Empowerment", "Urbanisation", "Urbanization", "Population", "Globalisation", "Diversity")),
    ("Polity", ("GS2", "Prelims"), ("GS2-01", "GS2-02", "GS2-03", "GS2-05", "GS2-07", "GS2-08", "GS2-09", "PRE-04"),
     ("Indian Polity", "Constitution", "Indian Constitution", "Parliament", "Judiciary", "Federalism", "Elections", "Polity & Governance", "Polity and Governance", "Constitutional Bodies")),
    ("Governance", ("GS2", "Prelims"), ("GS2-06", "GS2-10", "GS2-11", "GS2-15", "GS2-16", "PRE-04"),
     ("Government Policies", "E-Governance", "Public Policy", "Government Schemes", "Schemes", "Policies")),
    ("Social Justice", ("GS2",), ("GS2-12", "GS2-13", "GS2-14"),
     ("Welfare Schemes", "Health", "Education", "Human Resources", "Poverty", "Hunger", "Vulnerable Sections")),
    ("International Relations", ("GS2", "GS4"), ("GS2-17", "GS2-18", "GS2-19", "GS2-20", "GS4-06"),
     ("IR", "International Affairs", "Foreign Policy", "Bilateral Relations", "India and its Neighbourhood", "Neighbourhood",
      "International Organisations", "International Institutions", "International Groupings", "Diaspora", "Foreign Affairs", "Diplomacy")),
    ("Economy", ("GS3", "Prelims"), ("GS3-01", "GS3-02", "GS3-03", "GS3-08", "GS3-10", "PRE-05"),
     ("Indian Economy", "Economic Development", "Banking", "Finance", "Budget", "Government Budgeting", "Inclusive Growth", "Industry",
      "Industrial Policy", "Investment", "Trade", "Employment", "Economic and Social Development", "Monetary Policy", "Fiscal Policy")),
    ("Agriculture", ("GS3",), ("GS3-04", "GS3-05", "GS3-06", "GS3-07"),
     ("Food Security", "Food Processing", "Land Reforms", "Public Distribution System", "Farm Subsidies", "Irrigation")),
    ("Infrastructure", ("GS3",), ("GS3-09",), ("Energy", "Ports", "Roads", "Railways", "Airports", "Transport", "Power")),
    ("Science and Technology", ("GS3", "Prelims"), ("GS3-11", "GS3-12", "GS3-13", "PRE-07"),
     ("Science & Technology", "Sci & Tech", "Sci and Tech", "S&T", "S & T", "Technology", "Science", "General Science", "Space",
      "IT", "Information Technology", "Biotechnology", "Defence Technology", "Emerging Technologies", "Indigenisation of Technology",
      "Indigenization of Technology", "IPR", "Intellectual Property Rights", "Nanotechnology", "Robotics", "Computers")),
    ("Environment", ("GS3", "Prelims"), ("GS3-14", "PRE-06"),
     ("Ecology", "Environment and Ecology", "Environment & Ecology", "Biodiversity", "Bio-diversity", "Conservation", "Climate Change",
      "Pollution", "Environmental Impact Assessment", "EIA")),
    ("Disaster Management", ("GS3",), ("GS3-15",), ("Disasters", "Disaster", "DM")),
    ("Internal Security", ("GS3",), ("GS3-16", "GS3-17", "GS3-18", "GS3-19", "GS3-20"),
     ("Cyber Security", "Cybersecurity", "Extremism", "Terrorism", "Money Laundering", "Border Management", "Security Forces", "Left Wing Extremism")),
    ("Security", ("GS3",), ("GS3-17", "GS3-19", "GS3-20", "GS3-12"), ("Defence", "National Security", "Defence and Security", "Security and Defence", "Strategic Affairs")),
    ("Ethics", ("GS4",), ("GS4-01", "GS4-02", "GS4-03", "GS4-04", "GS4-05", "GS4-06", "GS4-07", "GS4-08"),
     ("Ethics, Integrity and Aptitude", "Integrity", "Aptitude", "Probity", "Probity in Governance", "Ethics in Public Administration",
      "Corporate Governance", "Emotional Intelligence", "Attitude", "Moral Thinkers", "Public Service Values")),
    ("Current Affairs", ("Prelims",), ("PRE-01",), ("Current Events", "Current events of national and international importance")),
]


def subject_key(name: str) -> str:
    """Lookup key for a subject name: case-folded, ``&`` read as ``and``, punctuation and extra spaces dropped."""
    s = name.casefold().replace("&", " and ")
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


class Syllabus:
    """Papers, lines and subjects, with lookup helpers."""

    def __init__(self, papers: list[Paper], lines: list[SyllabusLine], subjects: list[Subject]) -> None:
        self.papers = {p.id: p for p in papers}
        self.lines = {ln.id: ln for ln in lines}
        self.subjects = {s.name: s for s in subjects}
        self._subject_by_key: dict[str, Subject] = {}
        for s in subjects:
            for alias in (s.name, *s.aliases):
                self._subject_by_key.setdefault(subject_key(alias), s)
        self._keys = list(self._subject_by_key)

    def lines_of(self, paper: str) -> list[SyllabusLine]:
        return [ln for ln in self.lines.values() if ln.paper == paper]

    def find_subject(self, name: str) -> Subject | None:
        """The subject a tag names: exact (after :func:`subject_key`), else a close spelling (≥ 90/100)."""
        key = subject_key(name)
        if not key:
            return None
        hit = self._subject_by_key.get(key)
        if hit is not None:
            return hit
        best = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=90)
        return self._subject_by_key[best[0]] if best else None

    def paper_of_line(self, line_id: str) -> str | None:
        ln = self.lines.get(line_id)
        return ln.paper if ln else None


@lru_cache(maxsize=1)
def load_syllabus() -> Syllabus:
    raw = json.loads(resources.files("upscnotes.syllabus").joinpath("syllabus.json").read_text(encoding="utf-8"))
    papers = [Paper(p["id"], p["name"], p["title"]) for p in raw["papers"]]
    lines = [SyllabusLine(ln["id"], ln["paper"], ln["text"]) for ln in raw["lines"]]
    subjects = [Subject(n, p, ln, a) for n, p, ln, a in _SUBJECTS]
    return Syllabus(papers, lines, subjects)
