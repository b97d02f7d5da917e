"""The official UPSC syllabus as data, GS tag parsing and validation, and classification of notes."""

from upscnotes.syllabus.data import Paper, Syllabus, SyllabusLine, load_syllabus
from upscnotes.syllabus.tags import parse_gs_tags, validate_tag

__all__ = ["Paper", "Syllabus", "SyllabusLine", "load_syllabus", "parse_gs_tags", "validate_tag"]
