"""The ``upscnotes`` command line: parses arguments, calls the library, turns errors into one-line messages.

Exit codes: 0 ok, 1 problems found, 2 unusable input or arguments.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from upscnotes.errors import UpscnotesError
from upscnotes.files import DEFAULT_MAX_BYTES, expand_paths
from upscnotes.model import note_to_dict

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Turn the day's news into UPSC study notes.",
                  pretty_exceptions_enable=False)

Files = Annotated[list[str], typer.Argument(help="Files, folders or - for stdin.")]
Out = Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file or folder instead of stdout.")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Refuse input files larger than this.", min=1)]


def _err(message: str) -> None:
    typer.echo(f"upscnotes: {message}", err=True)


def _write(out: Path | None, name: str, content: str, suffix: str, many: bool) -> None:
    if out is None:
        sys.stdout.write(content)
        return
    target = out
    if many or out.is_dir() or str(out).endswith("/"):
        out.mkdir(parents=True, exist_ok=True)
        target = out / (Path(name).stem + suffix)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(target)


def _read_notes(files: list[str], max_bytes: int):  # type: ignore[no-untyped-def]
    from upscnotes.notes.parse import read_note

    paths = expand_paths(files)
    if not paths:
        _err("no input files")
        raise typer.Exit(2)
    failed = False
    notes = []
    for path in paths:
        try:
            notes.append(read_note(path, max_bytes))
        except UpscnotesError as exc:
            _err(str(exc))
            failed = True
        except RecursionError:
            _err(f"{path}: markup nested too deeply to read")
            failed = True
    return notes, failed


@app.command()
def parse(files: Files, as_json: AsJson = False, out: Out = None, max_bytes: MaxBytes = DEFAULT_MAX_BYTES) -> None:
    """Read notes in any dialect of the house format and print what was read."""
    notes, failed = _read_notes(files, max_bytes)
    if as_json:
        _write(out, "notes", json.dumps([note_to_dict(n) for n in notes], ensure_ascii=False, indent=2) + "\n", ".json", False)
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
        _write(out, "notes", "\n".join(lines) + "\n", ".txt", False)
    raise typer.Exit(2 if failed else 0)


@app.command()
def render(files: Files, fmt: Annotated[str, typer.Option("--format", "-f", help="html, json or md")] = "html", out: Out = None,
           max_bytes: MaxBytes = DEFAULT_MAX_BYTES) -> None:
    """Write notes in the canonical house format (HTML), as JSON (every field) or as Markdown."""
    from upscnotes.notes.render import render as render_note

    if fmt not in ("html", "json", "md", "markdown"):
        _err(f"unknown format {fmt!r}: use html, json or md")
        raise typer.Exit(2)
    notes, failed = _read_notes(files, max_bytes)
    suffix = {"html": ".html", "json": ".json"}.get(fmt, ".md")
    for n in notes:
        _write(out, n.file or "note", render_note(n, fmt), suffix, len(notes) > 1)
    raise typer.Exit(2 if failed else 0)


@app.command()
def check(files: Files, as_json: AsJson = False, max_bytes: MaxBytes = DEFAULT_MAX_BYTES) -> None:
    """Report problems in notes as file:line:col code message (exit 1 when there are any)."""
    from upscnotes.notes.lint import check_note

    notes, failed = _read_notes(files, max_bytes)
    rows = []
    for n in notes:
        for p in check_note(n):
            rows.append({"file": n.file, "line": p.line, "col": p.col, "code": p.code, "message": p.message, "fix": p.fix})
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            typer.echo(f"{r['file']}:{r['line']}:{r['col']} {r['code']} {r['message']}")
    raise typer.Exit(2 if failed else (1 if rows else 0))


def main() -> None:
    try:
        app()
    except UpscnotesError as exc:
        _err(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
