"""Writing ``--out`` files safely: temp file and rename in the target's own folder, and never over a file upscnotes
did not write.

Which files upscnotes wrote is recorded in a small manifest in each folder it writes into (``.upscnotes-written``:
name → SHA-256 of the content written). An existing file is replaced only when the manifest says upscnotes wrote
exactly what is there now; anything else (an executable, a file someone edited or put there, a device, a folder
where a file is meant, or a file where a folder is meant) is refused with one line unless ``--force`` is given.
Folders and devices are refused even then: replacing them is never what a typo meant.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import stat
import sys
from pathlib import Path

from upscnotes.errors import UpscnotesError

MANIFEST = ".upscnotes-written"


class OutputError(UpscnotesError):
    """An output file or folder cannot be written, or would replace something upscnotes did not write."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _manifest_entry(folder: Path, name: str) -> str | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _record(folder: Path, name: str, digest: str) -> None:
    """Add ``name`` to the folder's manifest, under a lock so that concurrent runs do not lose each other's entries."""
    path = folder / MANIFEST
    with open(path, "a+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        try:
            data = json.loads(fh.read() or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        data[name] = digest
        tmp = folder / f".{MANIFEST}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        tmp.write_text(json.dumps(data, sort_keys=True, indent=0) + "\n", encoding="utf-8")
        os.replace(tmp, path)


def written_by_us(path: Path) -> bool:
    """True when the manifest beside ``path`` records exactly its current content."""
    recorded = _manifest_entry(path.parent, path.name)
    if recorded is None:
        return False
    try:
        return _digest(path.read_bytes()) == recorded
    except OSError:
        return False


def check_target(path: Path, force: bool = False) -> None:
    """Raise :class:`OutputError` when writing ``path`` would replace something it must not."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({_why(exc)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a folder; name a file to write (or a folder with several inputs)")
    if not stat.S_ISREG(st.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
        raise OutputError(f"{path}: {kind}; upscnotes writes regular files only")
    if force:
        return
    if st.st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH):
        raise OutputError(f"{path}: is an executable upscnotes did not write; not replaced (use --force to replace it)")
    if not written_by_us(path):
        raise OutputError(f"{path}: exists and was not written by upscnotes (or was changed since); not replaced (use --force to replace it)")


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents); a file in the way, or a folder that cannot be made, is one line."""
    try:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: is a file, not a folder")
        folder.mkdir(parents=True, exist_ok=True)
    except OutputError:
        raise
    except OSError as exc:
        where = exc.filename or folder
        raise OutputError(f"{where}: cannot create folder ({_why(exc)})") from None


def write_file(path: Path, content: str, force: bool = False) -> None:
    """Write ``content`` to ``path`` by a temp file in the same folder and a rename, after :func:`check_target`.

    The temp file never survives a failure (it is removed), and a reader never sees a half-written ``path``.
    """
    check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    ensure_folder(folder)
    data = content.encode("utf-8")
    tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise OutputError(f"{path}: cannot write ({_why(exc)})") from None
    try:
        _record(folder, path.name, _digest(data))
    except OSError:
        pass  # the file is written; without the record a later run asks for --force before replacing it


def write_output(out: Path | None, name: str, content: str, suffix: str, many: bool, force: bool = False) -> None:
    """The ``--out`` convention of every command: stdout when ``out`` is None; a file; or, with several inputs or
    when ``out`` is a folder (or ends in ``/``), ``out/<input stem><suffix>``."""
    if out is None:
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    if many or out.is_dir() or str(out).endswith("/"):
        if out.exists() and not out.is_dir():
            raise OutputError(f"{out}: is a file; several outputs need a folder")
        ensure_folder(out)
        write_file(out / (Path(name).stem + suffix), content, force)
    else:
        write_file(out, content, force)
