"""Importing files into the glossary, recognised by content: annotated notes, JSON exports, CSV exports."""

from __future__ import annotations

import json

from upscnotes.errors import UnknownFormat
from upscnotes.files import DEFAULT_MAX_BYTES, read_nonempty
from upscnotes.glossary.store import Glossary, ImportStats
from upscnotes.notes.parse import looks_like_note, parse_note


def import_file(glossary: Glossary, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ImportStats:
    src = read_nonempty(path, max_bytes)
    text = src.text
    head = text.lstrip()[:1]
    if head in "{[":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UnknownFormat(f"{src.name}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
        if isinstance(data, list):
            data = {"terms": data}
        if isinstance(data, dict) and "terms" in data:
            return glossary.import_export(data, src.name)
        raise UnknownFormat(f"{src.name}: JSON but not a glossary export (no 'terms' list)")
    first_line = text.lstrip("\ufeff").splitlines()[0].strip().lower() if text.strip() else ""
    if first_line.startswith("head,") or first_line.startswith('"head",'):
        return glossary.import_csv(text, src.name)
    if looks_like_note(text):
        note = parse_note(text, src.name)
        if not note.key_terms:
            raise UnknownFormat(f"{src.name}: a note without key terms; nothing to import")
        return glossary.import_note(note, src.name)
    raise UnknownFormat(f"{src.name}: neither an annotated note nor a glossary export (csv/json)")
