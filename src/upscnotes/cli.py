"""The ``upscnotes`` command line: parses arguments, calls the library, turns errors into one-line messages.

Exit codes: 0 ok, 1 problems found, 2 unusable input or arguments.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

try:  # typer ≥ 0.20 carries its own copy of click; its exceptions are the ones raised
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer on the real click
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

from upscnotes.errors import InvalidArgument, UpscnotesError
from upscnotes.files import DEFAULT_MAX_BYTES, expand_paths
from upscnotes.model import note_to_dict
from upscnotes.output import write_output
from upscnotes.text import show_controls

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Turn the day's news into UPSC study notes.",
                  pretty_exceptions_enable=False)

Files = Annotated[list[str], typer.Argument(help="Files, folders or - for stdin.")]
Out = Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file or folder instead of stdout.")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Refuse input larger than this (devices and pipes are read up to it).", min=1)]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing --out file that upscnotes did not write.")]


def _err(message: str) -> None:
    typer.echo(f"upscnotes: {_shown(message)}", err=True)


def _shown(text: str) -> str:
    """Text for a terminal: control characters (escape sequences above all) shown as ``\\x1b``, never sent raw."""
    return show_controls(text)


def _echo(text: str) -> None:
    typer.echo(_shown(text))


def _json(data: Any) -> None:
    """Every --json output: one JSON document on stdout."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _write(out: Path | None, name: str, content: str, suffix: str, many: bool, force: bool = False) -> None:
    write_output(out, name, content, suffix, many, force)


def _paths(files: list[str]) -> list[str]:
    paths = expand_paths(files)
    if not paths:
        raise InvalidArgument("no input files")
    return paths


def _read_notes(files: list[str], max_bytes: int) -> tuple[list[Any], list[tuple[str, str]]]:
    """Notes read, and (file, error) for each input that could not be read, in input order."""
    from upscnotes.notes.parse import read_note

    notes: list[Any] = []
    errors: list[tuple[str, str]] = []
    for path in _paths(files):
        try:
            notes.append(read_note(path, max_bytes))
        except UpscnotesError as exc:
            _err(str(exc))
            errors.append((path, str(exc)))
        except RecursionError:
            _err(f"{path}: markup nested too deeply to read")
            errors.append((path, "markup nested too deeply to read"))
    return notes, errors


def _in_order(files: list[str], notes: list[Any], errors: list[tuple[str, str]], row: Any) -> list[Any]:
    """Per-input JSON rows in input order: ``row(note)`` for each note read, ``{"file", "error"}`` for the others."""
    done = {("<stdin>" if n.file == "<stdin>" else n.file): n for n in notes}
    out: list[Any] = []
    failed = dict(errors)
    for path in expand_paths(files):
        name = "<stdin>" if path == "-" else path
        if name in done:
            out.extend(row(done.pop(name)))
        elif path in failed:
            out.append({"file": name, "error": failed[path]})
    return out


@app.command()
def parse(files: Files, as_json: AsJson = False, out: Out = None, max_bytes: MaxBytes = DEFAULT_MAX_BYTES, force: Force = False) -> None:
    """Read notes in any dialect of the house format and print what was read."""
    notes, errors = _read_notes(files, max_bytes)
    failed = bool(errors)
    if as_json:
        rows = _in_order(files, notes, errors, lambda n: [note_to_dict(n)]) if errors else [note_to_dict(n) for n in notes]
        _write(out, "notes", json.dumps(rows, ensure_ascii=False, indent=2) + "\n", ".json", False, force)
    else:
        lines = []
        for n in notes:
            lines.append(f"{n.file}: {n.title or '(untitled)'}; sections: {', '.join(s.title or '(untitled)' for s in n.sections) or 'none'}; "
                         f"key terms: {len(n.key_terms)}")
            for k in n.key_terms:
                tags = ", ".join(t.label() + ("" if t.valid else " [invalid]") for t in k.gs_tags)
                abbr = f" ({k.abbreviation})" if k.abbreviation else ""
                lines.append(f"  - {k.text} → {k.head}{abbr}: {k.definition} [{tags}]")
            for w in n.warnings:
                lines.append(f"  ! {w.code}: {w.message}")
        text = "\n".join(lines) + "\n"
        _write(out, "notes", _shown(text) if out is None else text, ".txt", False, force)
    raise typer.Exit(2 if failed else 0)


@app.command()
def render(files: Files, fmt: Annotated[str, typer.Option("--format", "-f", help="html, json or md")] = "html", out: Out = None,
           max_bytes: MaxBytes = DEFAULT_MAX_BYTES, force: Force = False) -> None:
    """Write notes in the canonical house format (HTML), as JSON (every field) or as Markdown."""
    from upscnotes.notes.render import render as render_note

    if fmt not in ("html", "json", "md", "markdown"):
        _err(f"unknown format {fmt!r}: use html, json or md")
        raise typer.Exit(2)
    notes, errors = _read_notes(files, max_bytes)
    suffix = {"html": ".html", "json": ".json"}.get(fmt, ".md")
    if fmt == "json" and out is None and len(notes) > 1:
        # Several notes on stdout: one JSON array of them, not objects back to back.
        _write(None, "notes", json.dumps([note_to_dict(n) for n in notes], ensure_ascii=False, indent=2) + "\n", suffix, False)
    else:
        for n in notes:
            _write(out, n.file or "note", render_note(n, fmt), suffix, len(notes) + len(errors) > 1, force)
    raise typer.Exit(2 if errors else 0)


@app.command()
def check(files: Files, as_json: AsJson = False, max_bytes: MaxBytes = DEFAULT_MAX_BYTES) -> None:
    """Report problems in notes as file:line:col code message (exit 1 when there are any)."""
    from upscnotes.notes.lint import check_note

    notes, errors = _read_notes(files, max_bytes)
    rows = []
    for n in notes:
        for p in check_note(n):
            rows.append({"file": n.file, "line": p.line, "col": p.col, "code": p.code, "message": p.message, "fix": p.fix})
    if as_json:
        # An input that could not be read is there with its error: `[]` must only ever mean "no problems".
        _json(rows + [{"file": "<stdin>" if f == "-" else f, "error": e} for f, e in errors])
    else:
        for r in rows:
            _echo(f"{r['file']}:{r['line']}:{r['col']} {r['code']} {r['message']}")
    raise typer.Exit(2 if errors else (1 if rows else 0))


Db = Annotated[Optional[str], typer.Option("--db", help="Project database (default $UPSCNOTES_DB or ./upscnotes.db).")]
NoStarter = Annotated[bool, typer.Option("--no-starter", help="A new database starts empty instead of with the starter glossary.")]

glossary_app = typer.Typer(no_args_is_help=True, help="The glossary: one definition per term across all notes.")
app.add_typer(glossary_app, name="glossary")


def _glossary(db: str | None, no_starter: bool = False, create_folder: bool = False):  # type: ignore[no-untyped-def]
    from upscnotes.glossary.store import Glossary

    return Glossary.open(db, starter=not no_starter, create_folder=create_folder)


@app.command()
def init(db: Db = None, no_starter: NoStarter = False) -> None:
    """Create the project database (with the starter glossary unless --no-starter); its folder is created too."""
    g = _glossary(db, no_starter, create_folder=True)
    typer.echo(f"{g.store.path}: {g.count()} glossary terms")


@glossary_app.command("import")
def glossary_import(files: Files, db: Db = None, no_starter: NoStarter = False, max_bytes: MaxBytes = DEFAULT_MAX_BYTES) -> None:
    """Harvest key terms from annotated notes, or import a glossary export (csv/json); re-importing changes nothing."""
    from upscnotes.glossary.io import import_file
    from upscnotes.glossary.store import ImportStats

    paths = _paths(files)
    g = _glossary(db, no_starter)
    total = ImportStats()
    failed = False
    for path in paths:
        try:
            total += import_file(g, path, max_bytes)
        except UpscnotesError as exc:
            _err(str(exc))
            failed = True
    typer.echo(f"imported {total.files} file(s): {total.terms_added} new terms, {total.definitions_added} new definitions; "
               f"{g.count()} terms in {g.store.path}", err=True)
    raise typer.Exit(2 if failed else 0)


@glossary_app.command("list")
def glossary_list(db: Db = None, as_json: AsJson = False) -> None:
    """Every term with its abbreviation, canonical GS tags and usage count."""
    g = _glossary(db)
    terms = list(g.terms())
    if as_json:
        _json([t.to_export() for t in terms])
        return
    for t in terms:
        tags = ", ".join(x.label() for x in t.canonical.gs_tags) if t.canonical else ""
        abbr = f" ({t.abbreviation})" if t.abbreviation else ""
        _echo(f"{t.head}{abbr}\t{tags}\tused {t.usage}\t{len(t.definitions)} definition(s)")


@glossary_app.command("show")
def glossary_show(term: str, db: Db = None, as_json: AsJson = False) -> None:
    """One term: aliases with the rule that made each, canonical definition, all variants."""
    t = _glossary(db).find(term)
    if as_json:
        typer.echo(json.dumps(t.to_export(), ensure_ascii=False, indent=2))
        return
    typer.echo(t.head + (f" ({t.abbreviation})" if t.abbreviation else ""))
    typer.echo(f"  canonical: {t.canonical.label() if t.canonical else '(none)'}")
    for i, d in enumerate(t.definitions, 1):
        flags = "".join(f" [invalid: {x.label()}" + (f", belongs to {x.suggested_paper}]" if x.suggested_paper else "]")
                        for x in d.gs_tags if not x.valid)
        typer.echo(f"  {i}. {d.label()} — {d.source or 'unknown source'}{flags}")
    for alias, rule, enabled in t.aliases:
        typer.echo(f"  alias: {alias} ({rule}{'' if enabled else ', disabled'})")
    typer.echo(f"  used in {t.usage} note(s)")


review_app = typer.Typer(add_completion=False, invoke_without_command=True,
                         help="Story terms awaiting review: list them, or accept, reject or edit them.")
glossary_app.add_typer(review_app, name="review")


def _draft_row(t) -> dict:  # type: ignore[no-untyped-def,type-arg]
    d = t.canonical
    return {"head": t.head, "abbreviation": t.abbreviation, "definition": d.text if d else None,
            "gs_tags": [x.label() for x in d.gs_tags] if d else [], "source": d.source if d else None}


@review_app.callback()
def glossary_review(ctx: typer.Context, db: Db = None, as_json: AsJson = False) -> None:
    """The draft terms that builds took from stories' own text, with their definition, GS tag and story."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    rows = [_draft_row(t) for t in _glossary(db).drafts()]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        typer.echo(f"{_plain(r['head'])} — {_plain(r['definition'] or '')} ({'; '.join(r['gs_tags'])}) [{r['source']}]")


@review_app.command("accept")
def glossary_review_accept(ctx: typer.Context, terms: Annotated[list[str], typer.Argument(help="Draft terms.")], db: Db = None) -> None:
    """Accept drafts as they are."""
    g = _glossary(_db(ctx, db))
    for name in terms:
        typer.echo(f"accepted {g.accept_draft(name).head}")


@review_app.command("reject")
def glossary_review_reject(ctx: typer.Context, terms: Annotated[list[str], typer.Argument(help="Draft terms.")], db: Db = None) -> None:
    """Remove drafts; later builds do not propose them again."""
    g = _glossary(_db(ctx, db))
    for name in terms:
        typer.echo(f"rejected {g.reject_draft(name)}")


@review_app.command("edit")
def glossary_review_edit(ctx: typer.Context, term: str,
                         definition: Annotated[str, typer.Option("--definition", "-d", help="The definition to keep.")],
                         gs: Annotated[Optional[str], typer.Option("--gs", help="GS tag, e.g. 'GS2: Polity'.")] = None,
                         db: Db = None) -> None:
    """Settle a draft with your own definition (and GS tag)."""
    t = _glossary(_db(ctx, db)).edit_draft(term, definition, gs)
    typer.echo(f"reviewed {t.head}: {t.canonical.label() if t.canonical else ''}")


@glossary_app.command("add")
def glossary_add(head: str, definition: Annotated[str, typer.Option("--definition", "-d", help="Definition, GS tags in any wording.")],
                 abbreviation: Annotated[Optional[str], typer.Option("--abbreviation", "-a")] = None,
                 alias: Annotated[Optional[list[str]], typer.Option("--alias")] = None, db: Db = None, no_starter: NoStarter = False) -> None:
    """Add a term (or a definition variant to an existing one)."""
    from upscnotes.notes.terms import split_head
    from upscnotes.syllabus.tags import parse_gs_tags

    g = _glossary(db, no_starter)
    parsed = parse_gs_tags(definition)
    if not parsed.definition:
        raise UpscnotesError("the definition is empty")
    head, abbr = split_head(head)
    _id, new_term, new_def = g.add_term(head, abbreviation or abbr, parsed.definition, parsed.tags, source="editor",
                                        extra_aliases=alias or [], origin="user")
    typer.echo(f"{'added' if new_term else 'updated'} {head}" + ("" if new_def or new_term else " (definition already present)"))


@glossary_app.command("edit")
def glossary_edit(term: str, definition: Annotated[Optional[str], typer.Option("--definition", "-d", help="New canonical definition.")] = None,
                  canonical: Annotated[Optional[int], typer.Option("--canonical", help="Make variant N the canonical one.")] = None,
                  add_alias: Annotated[Optional[list[str]], typer.Option("--add-alias")] = None,
                  remove_alias: Annotated[Optional[list[str]], typer.Option("--remove-alias", help="Disable an alias, even a rule-made one.")] = None,
                  abbreviation: Annotated[Optional[str], typer.Option("--abbreviation")] = None, db: Db = None) -> None:
    """Change a term's canonical definition, abbreviation or aliases."""
    t = _glossary(db).edit(term, definition, canonical, add_alias or [], remove_alias or [], abbreviation)
    typer.echo(f"{t.head}: canonical {t.canonical.label() if t.canonical else '(none)'}")


@glossary_app.command("merge")
def glossary_merge(keep: str, other: str, db: Db = None) -> None:
    """Fold OTHER into KEEP (its head and abbreviation become aliases)."""
    t = _glossary(db).merge(keep, other)
    typer.echo(f"merged into {t.head}: {len(t.definitions)} definition(s), {len(t.aliases)} alias(es)")


@glossary_app.command("conflicts")
def glossary_conflicts(db: Db = None, as_json: AsJson = False) -> None:
    """Terms whose definitions differ between notes, with their GS tags (exit 1 when there are any)."""
    terms = _glossary(db).conflicts()
    if as_json:
        typer.echo(json.dumps([t.to_export() for t in terms], ensure_ascii=False, indent=2))
    else:
        for t in terms:
            typer.echo(t.head + (f" ({t.abbreviation})" if t.abbreviation else ""))
            for i, d in enumerate(t.definitions, 1):
                tags = ", ".join(x.label() + ("" if x.valid else " [invalid]") for x in d.gs_tags) or "no GS tag"
                mark = "*" if t.canonical and d.id == t.canonical.id else " "
                typer.echo(f" {mark}{i}. {d.text} [{tags}] — {d.source or 'unknown source'}")
    raise typer.Exit(1 if terms else 0)


@glossary_app.command("export")
def glossary_export(fmt: Annotated[str, typer.Option("--format", "-f", help="csv or json")] = "json", out: Out = None, db: Db = None,
                    force: Force = False) -> None:
    """The whole glossary as JSON or CSV (both can be imported again)."""
    if fmt not in ("csv", "json"):
        raise InvalidArgument(f"unknown format {fmt!r}: use csv or json")
    g = _glossary(db)
    if fmt == "json":
        content = json.dumps(g.export_json(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        content = g.export_csv()
    else:
        raise UpscnotesError(f"unknown format {fmt!r}: use csv or json")
    _write(out, "glossary", content, "." + fmt, False, force)


@glossary_app.command("candidates")
def glossary_candidates(files: Files, db: Db = None, as_json: AsJson = False, limit: Annotated[int, typer.Option(min=1)] = 30,
                        max_bytes: MaxBytes = DEFAULT_MAX_BYTES) -> None:
    """Terms that look key but are not in the glossary, with their sentence and a defining phrase where there is one."""
    from upscnotes.glossary.candidates import find_candidates, read_plain_text

    paths = _paths(files)
    g = _glossary(db)
    rows: list[dict[str, Any]] = []
    failed = False
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            text = read_plain_text(path, max_bytes)
        except UpscnotesError as exc:
            _err(str(exc))
            rows.append({"file": name, "error": str(exc)})
            failed = True
            continue
        for c in find_candidates(text, g, limit=limit):
            rows.append({"file": name, **c.to_dict()})
    if as_json:
        _json(rows)
    else:
        for r in rows:
            if "error" in r:
                continue
            _echo(f"{r['file']}: {r['term']} [{r['kind']}, score {r['score']:.2f}]")
            _echo(f"    {r['sentence']}")
            if r.get("definition"):
                _echo(f"    defined as: {r['definition']}")
    raise typer.Exit(2 if failed else 0)


@app.command()
def annotate(files: Files, out: Out = None, every: Annotated[bool, typer.Option("--every", help="Mark every occurrence, not just the first per section.")] = False,
             db: Db = None, no_starter: NoStarter = False, max_bytes: MaxBytes = DEFAULT_MAX_BYTES, force: Force = False) -> None:
    """Add key-term spans from the glossary to plain text, HTML or notes (output in the input's form)."""
    from upscnotes.glossary.annotate import Annotator, annotate_source
    from upscnotes.output import OutputError

    paths = _paths(files)
    g = _glossary(db, no_starter)

    annotator = Annotator(g, every=every)
    failed = 0
    for path in paths:
        try:
            content, suffix = annotate_source(annotator, path, max_bytes)
            _write(out, path if path != "-" else "stdin", content, suffix, len(paths) > 1, force)
        except OutputError as exc:
            if len(paths) == 1:
                raise
            _err(str(exc))
            failed += 1
        except UpscnotesError as exc:
            _err(str(exc))
            failed += 1
    typer.echo(f"annotated {len(paths) - failed} input(s): {annotator.added} key-term span(s) added", err=True)
    raise typer.Exit(2 if failed else 0)


@app.command()
def classify(files: Files, as_json: AsJson = False, top: Annotated[int, typer.Option("--top", min=1, max=20, help="Labels per file.")] = 5,
             db: Annotated[Optional[str], typer.Option("--db", help="Also let the GS tags of glossary terms in the text vote.")] = None,
             max_bytes: MaxBytes = DEFAULT_MAX_BYTES) -> None:
    """GS papers and official syllabus lines for notes or news texts, best first, with the evidence for each."""
    from upscnotes.files import read_input
    from upscnotes.glossary.candidates import read_plain_text
    from upscnotes.notes.parse import looks_like_note, parse_note
    from upscnotes.syllabus.classify import classify_many

    paths = _paths(files)
    items: list[object] = []
    names: list[str] = []
    errors: dict[str, str] = {}
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            raw = read_input(path, max_bytes).text
            if not raw.strip():
                raise UpscnotesError(f"{name}: empty file")
            items.append(parse_note(raw, name) if looks_like_note(raw) else read_plain_text(path, max_bytes))
            names.append(name)
        except UpscnotesError as exc:
            _err(str(exc))
            errors[name] = str(exc)
    term_tags = None
    if db is not None and items:
        from upscnotes.glossary.annotate import Annotator

        annotator = Annotator(_glossary(db))
        term_tags = []
        for item in items:
            text = "\n".join(sec.text for sec in item.sections) if not isinstance(item, str) else item  # type: ignore[attr-defined]
            term_tags.append([(k.head, k.gs_tags) for k in annotator.terms_in(text)])
    results = dict(zip(names, classify_many(items, term_tags, top_k=top))) if items else {}  # type: ignore[arg-type]
    if as_json:
        rows: list[dict[str, Any]] = []
        for path in paths:
            name = "<stdin>" if path == "-" else path
            if name in errors:
                rows.append({"file": name, "error": errors[name]})
                continue
            r = results[name]
            rows.append({"file": name, "no_clear_paper": r.no_clear_paper,
                         "labels": [{"paper": lb.paper, "line_id": lb.line_id, "line": lb.line, "score": lb.score, "evidence": lb.evidence}
                                    for lb in r.labels] if not r.no_clear_paper else []})
        _json(rows)
    else:
        for name, r in results.items():
            if r.no_clear_paper:
                _echo(f"{name}: no clear GS paper (best score {r.labels[0].score if r.labels else 0:.2f})")
                continue
            _echo(f"{name}:")
            for lb in r.labels:
                _echo(f"  {lb.score:.2f}  {lb.paper} {lb.line_id}  {lb.line}")
                for ev in lb.evidence:
                    _echo(f"          {ev}")
    raise typer.Exit(2 if errors else 0)


def _check_build_arguments(inputs: list[str], out: Path, db: str | None, fmt: str | None, writer: str) -> None:
    """Everything about a build's arguments that can be wrong, checked before anything is created."""
    from upscnotes.files import expand_path
    from upscnotes.ingest import is_url
    from upscnotes.ingest.detect import check_format
    from upscnotes.output import OutputError
    from upscnotes.store import resolve_db_path
    from upscnotes.writers import get_writer

    check_format(fmt)
    get_writer(writer)
    for folder in (out, out / "notes"):
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: is a file; --out names the folder the notes go into")
    db_path = resolve_db_path(db).absolute()
    out_abs = out.absolute()
    if not db_path.parent.is_dir() and not db_path.is_relative_to(out_abs):
        raise InvalidArgument(f"{db_path}: folder {db_path.parent} does not exist (create it, or run `upscnotes init --db {db}`)")
    if db_path.is_dir():
        raise InvalidArgument(f"{db_path}: is a folder; --db names the database file")
    usable = 0
    problems: list[str] = []
    for item in inputs:
        if item == "-" or is_url(item):
            usable += 1
            continue
        try:
            found = expand_path(item)
        except UpscnotesError as exc:
            problems.append(str(exc))
            continue
        if found != [item] or Path(item).exists():
            usable += 1
        else:
            problems.append(f"{item}: no such file")
    if not usable:
        for line in problems[:-1]:
            _err(line)
        raise InvalidArgument(problems[-1] if problems else "no input files")


@app.command()
def build(inputs: Files, out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (notes go to DIR/notes/).")] = Path("out"),
          db: Db = None, fmt: Annotated[Optional[str], typer.Option("--format", help="Force the input format (html, text, markdown, json, jsonl, feed, note).")] = None,
          writer: Annotated[str, typer.Option("--writer", help="Note writer.")] = "extractive", no_starter: NoStarter = False,
          as_json: AsJson = False, max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
          timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for each URL.", min=0.1)] = 10.0,
          max_articles: Annotated[int, typer.Option("--max-articles", help="Build at most this many articles; the rest are reported.", min=1)] = 10_000
          ) -> None:
    """The whole pipeline: read sources, write one note per story, annotate, check, store (exit 1 when notes have problems)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from upscnotes.output import OutputError, ensure_folder
    from upscnotes.pipeline import build as run_build

    _check_build_arguments(inputs, out, db, fmt, writer)
    ensure_folder(out)
    console = Console(stderr=True, soft_wrap=True)  # one line per message, however long: never wrapped
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                  transient=True, disable=as_json or not console.is_terminal) as bar:
        task = bar.add_task("reading sources", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        try:
            report = run_build(inputs, out, db=db, fmt=fmt, writer_name=writer, starter=not no_starter, max_bytes=max_bytes, progress=progress,
                               timeout=timeout, max_articles=max_articles)
        except OSError as exc:
            raise OutputError(f"{exc.filename or out}: cannot write ({exc.strerror or type(exc).__name__})") from None
    if as_json:
        _json({
            "sources": report.sources, "articles_new": report.articles_new, "notes_imported": report.notes_imported,
            "skipped": [{"source": o, "reason": r} for o, r in report.skipped], "versions": [{"source": o, "message": m} for o, m in report.versions],
            "stories": report.stories, "conflicts": report.conflicts,
            "notes": [str(p) for p in report.notes], "terms_annotated": report.terms_annotated,
            "problems": [{"file": f, **p.to_dict()} for f, p in report.problems],
            "site": str(report.site.index_path.resolve()) if report.site else None})
    else:
        for origin, reason in report.skipped:
            console.print(_shown(f"skipped {origin}: {reason}"), markup=False, highlight=False)
        for origin, message in report.versions:
            console.print(_shown(f"{origin}: {message}"), markup=False, highlight=False)
        for f, p in report.problems:
            console.print(_shown(f"{f}:{p.line}:{p.col} {p.code} {p.message}"), markup=False, highlight=False)
        console.print(f"{report.sources} source(s) read ({report.articles_new} new article(s), {report.notes_imported} note(s) taught the glossary), "
                      f"{len(report.skipped)} skipped; {report.stories} stories written, {len(report.notes)} notes, {report.conflicts} conflict(s), "
                      f"{report.terms_annotated} key terms annotated, {len(report.problems)} problem(s)", markup=False, highlight=False)
        console.print(f"notes written to {(out / 'notes').resolve()}", markup=False, highlight=False)
        if report.site is not None:
            console.print(f"site written to {report.site.index_path.resolve()} (preview with search: upscnotes serve {out})",
                          markup=False, highlight=False)
    if report.sources == 0:
        raise typer.Exit(2)  # nothing usable at all: the inputs are the problem
    raise typer.Exit(1 if report.problems else 0)


@app.command()
def publish(out: Annotated[Path, typer.Option("--out", "-o", help="Site folder (index.html, stories/, glossary/, pagefind/).")] = Path("out"),
            db: Db = None, as_json: AsJson = False) -> None:
    """Write the static site (notes, indexes, glossary, feed, search) from the database alone."""
    from upscnotes.publish import publish as run_publish

    report = run_publish(db, out)
    if as_json:
        typer.echo(json.dumps({"site": str(report.index_path.resolve()), "stories": report.stories, "pages": report.pages,
                               "written": report.written, "unchanged": report.unchanged, "removed": report.removed,
                               "indexes_written": report.indexes_written, "seconds": round(report.seconds, 3)}, indent=2))
        return
    typer.echo(f"{report.stories} stories, {report.pages} pages ({report.written} written, {report.unchanged} unchanged, "
               f"{report.removed} removed), {len(report.indexes_written)} search index(es) rebuilt in {report.seconds:.1f} s")
    typer.echo(f"site: {report.index_path.resolve()}")
    typer.echo(f"preview with search: upscnotes serve {out}")


@app.command()
def serve(site: Annotated[Path, typer.Argument(help="The site folder written by publish or build.")],
          port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port on 127.0.0.1 (0 picks a free one).")] = 8000) -> None:
    """Preview the site on http://127.0.0.1:PORT/ (search needs a server: browsers do not load its index from files)."""
    import functools
    import http.server

    if not (site / "index.html").is_file():
        _err(f"{site}: no index.html (write the site with upscnotes publish --out {site})")
        raise typer.Exit(2)

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript",
                          ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
                          ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream"}

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002  the stdlib's name
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(site)))
    typer.echo(f"serving {site.resolve()} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
stories_app = typer.Typer(add_completion=False, invoke_without_command=True,
                          help="Stories (all write-ups of one event): list them, or split, merge, move and show.")
app.add_typer(stories_app, name="stories")


def _story_json(row) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(row.to_dict(), ensure_ascii=False, indent=2)


@stories_app.callback()
def stories(ctx: typer.Context, db: Db = None, as_json: AsJson = False) -> None:
    """List the stories (ids, date, title, articles); ids are the ones the subcommands take."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    from upscnotes.stories.editor import list_stories

    rows = list_stories(db)
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    for r in rows:
        typer.echo(f"{r.id:>5}  {r.date or '----------'}  {len(r.articles):>2} article(s)  {_plain(r.title or '')}")


def _plain(text: str) -> str:
    """Text from sources, safe for a terminal: control characters shown as spaces."""
    return "".join(" " if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else c for c in text)


def _db(ctx: typer.Context, db: str | None) -> str | None:
    return db or (ctx.obj or {}).get("db")


@stories_app.command("show")
def stories_show(ctx: typer.Context, story: int, db: Db = None) -> None:
    """One story as JSON: its note, articles and related stories."""
    from upscnotes.stories.editor import show_story

    typer.echo(_story_json(show_story(_db(ctx, db), story)))


@stories_app.command("split")
def stories_split(ctx: typer.Context, story: int, articles: Annotated[list[str], typer.Argument(help="Article ids to split off.")],
                  db: Db = None) -> None:
    """Move ARTICLE… out of STORY into a new story (stored; survives every build)."""
    from upscnotes.stories.editor import split_story

    new = split_story(_db(ctx, db), story, articles)
    typer.echo(f"split {len(articles)} article(s) from story {story} into story {new}")


@stories_app.command("merge")
def stories_merge(ctx: typer.Context, story: int, other: int, db: Db = None) -> None:
    """Merge story OTHER into STORY (stored; survives every build)."""
    from upscnotes.stories.editor import merge_stories

    merge_stories(_db(ctx, db), story, other)
    typer.echo(f"merged story {other} into story {story}")


@stories_app.command("move")
def stories_move(ctx: typer.Context, article: str, story: int, db: Db = None) -> None:
    """Move ARTICLE into STORY (stored; survives every build)."""
    from upscnotes.stories.editor import move_article

    src = move_article(_db(ctx, db), article, story)
    typer.echo(f"moved article {article} from story {src} to story {story}")


@app.command()
def conflicts(args: Annotated[Optional[list[str]], typer.Argument(help="[STORY], or: dismiss ID")] = None, db: Db = None,
              as_json: AsJson = False) -> None:
    """Facts the sources of a story disagree on (all stories, or STORY); `conflicts dismiss ID` marks a false alarm."""
    from upscnotes.stories.editor import dismiss_conflict, list_conflicts

    words = list(args or [])
    if words[:1] == ["dismiss"]:
        if len(words) != 2 or not words[1].isdigit():
            _err("usage: upscnotes conflicts dismiss ID")
            raise typer.Exit(2)
        dismiss_conflict(db, int(words[1]))
        typer.echo(f"dismissed conflict {words[1]}")
        return
    if len(words) > 1 or (words and not words[0].isdigit()):
        _err("usage: upscnotes conflicts [STORY] | conflicts dismiss ID")
        raise typer.Exit(2)
    rows = list_conflicts(db, int(words[0]) if words else None)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for c in rows:
        vals = " vs ".join(f"{v['text']} ({v['url'] or v['article']})" for v in c["values"])
        typer.echo(f"{c['id']:>5}  story {c['story']}  {c['kind']}  {_plain(c['subject'])}: {_plain(vals)}")


class _OneLineWarnings(logging.Handler):
    """Library warnings (logging and ``warnings.warn``) as one ``upscnotes: warning: …`` line each, each once."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: set[str] = set()

    def say(self, message: str) -> None:
        line = " ".join(message.split())
        if line not in self.seen:
            self.seen.add(line)
            _err(f"warning: {line}")

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.say(record.getMessage())
        except Exception:  # noqa: BLE001  a warning must never end the command
            pass


def _install_warnings() -> None:
    handler = _OneLineWarnings()
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: Any = None, line: str | None = None) -> None:
        if issubclass(category, (DeprecationWarning, PendingDeprecationWarning, FutureWarning)):
            return  # about our dependencies' APIs, not about the user's input
        handler.say(str(message))

    warnings.showwarning = show


def _usage_line(exc: click_exceptions.UsageError) -> str:
    """A usage error as one line: the command and the message, no usage block, no box."""
    where = exc.ctx.command_path if exc.ctx is not None else "upscnotes"
    return f"{where}: {' '.join(exc.format_message().split())}"


def main() -> None:
    _install_warnings()
    try:
        code = app(standalone_mode=False)
    except click_exceptions.NoArgsIsHelpError:
        sys.exit(2)  # the help is already printed
    except click_exceptions.UsageError as exc:
        typer.echo(_shown(_usage_line(exc)) + " (see --help)", err=True)
        sys.exit(2)
    except click_exceptions.ClickException as exc:
        _err(" ".join(exc.format_message().split()))
        sys.exit(exc.exit_code)
    except UpscnotesError as exc:
        _err(" ".join(str(exc).split()))
        sys.exit(2)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        # stdout closed early (``| head``): not an error of ours; silence the flush at exit too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
