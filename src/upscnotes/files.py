"""Reading input files as text: size limit, binary detection, BOMs and legacy encodings, stdin."""

from __future__ import annotations

import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from upscnotes.errors import BinaryInput, InputTooLarge, UnknownFormat, UnreadableInput
from upscnotes.model import Problem
from upscnotes.text import clean_controls

DEFAULT_MAX_BYTES = 16 * 1024 * 1024

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass
class TextInput:
    name: str
    text: str
    encoding: str
    warnings: list[Problem] = field(default_factory=list)


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(len(sample) // 2, 1)
    odd = sample[1::2].count(0) / max(len(sample) // 2, 1)
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, name: str) -> TextInput:
    """Decode ``data`` read from ``name``; raise :class:`BinaryInput` for binary content.

    Control characters (C0 but tab/newline/CR, C1, U+FFFE/U+FFFF) are cleaned out here, on the way in, so no
    later stage (lxml above all) meets them; a warning says how many went.
    """
    src = _decode_bytes(data, name)
    cleaned = clean_controls(src.text)
    if cleaned is not src.text and cleaned != src.text:
        src.warnings.append(Problem("control-characters", f"{len(src.text) - len(cleaned) or 'some'} control character(s) removed or replaced"))
        src.text = cleaned
    return src


def _decode_bytes(data: bytes, name: str) -> TextInput:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise UnreadableInput(f"{name}: not valid {enc} despite its byte-order mark ({exc.reason} at byte {exc.start})") from None
            return TextInput(name, text.lstrip("\ufeff"), enc)
    warnings: list[Problem] = []
    if b"\x00" in data:
        guess = _looks_utf16(data)
        if guess is None:
            # A stray NUL in otherwise valid UTF-8 text (a bad copy, a scraper's bug) is cleaned out, not a reason
            # to drop the article; binary data is neither valid UTF-8 nor this sparse in NULs.
            if data.count(0) * 20 < len(data):
                try:
                    return TextInput(name, data.decode("utf-8"), "utf-8")
                except UnicodeDecodeError:
                    pass
            raise BinaryInput(f"{name}: binary file (contains NUL bytes), not text")
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            raise BinaryInput(f"{name}: binary file (contains NUL bytes), not text") from None
        warnings.append(Problem("encoding", f"no byte-order mark; read as {guess}"))
        return TextInput(name, text, guess, warnings)
    try:
        return TextInput(name, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding = "cp1252"
        text = data.decode(encoding, errors="replace")
    controls = sum(1 for c in text[:10000] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > len(text[:10000]) * 0.1:
        raise BinaryInput(f"{name}: binary file (mostly control characters), not text")
    warnings.append(Problem("encoding", f"not UTF-8; read as {encoding}"))
    return TextInput(name, text, encoding, warnings)


# stdin is read once per process, whichever command or stage asks for it first; later readers get the same bytes.
_STDIN: bytes | None = None


def _read_stdin(max_bytes: int) -> bytes:
    global _STDIN
    if _STDIN is None:
        _STDIN = sys.stdin.buffer.read(max_bytes + 1)
    return _STDIN


def _too_large(name: str, max_bytes: int) -> InputTooLarge:
    return InputTooLarge(f"{name}: input too large (over the limit of {max_bytes:,} bytes; stopped reading there; raise it with --max-bytes)")


def read_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bytes]:
    """(name, bytes) of a file or ``-``, never reading more than ``max_bytes + 1`` bytes of it.

    The size of a regular file is checked before reading; devices, FIFOs and stdin have no size, so they are read
    up to the limit and no further (``/dev/zero`` or a 2 GB feed piped in stop there).
    """
    name = str(path)
    if name == "-":
        data = _read_stdin(max_bytes)
        name = "<stdin>"
    else:
        p = Path(path)
        try:
            st = p.stat()
        except FileNotFoundError:
            raise UnreadableInput(f"{name}: no such file") from None
        except OSError as exc:
            raise UnreadableInput(f"{name}: cannot read ({exc.strerror})") from None
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableInput(f"{name}: is a directory")
        if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
            raise InputTooLarge(f"{name}: file too large ({st.st_size:,} bytes; the limit is {max_bytes:,} bytes, raise it with --max-bytes)")
        try:
            with p.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise UnreadableInput(f"{name}: cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise _too_large(name, max_bytes)
    return name, data


def read_input(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> TextInput:
    """Read a file (or ``-`` for stdin) as text, refusing input over ``max_bytes``."""
    name, data = read_bytes(path, max_bytes)
    return decode_bytes(data, name)


def read_nonempty(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> TextInput:
    """:func:`read_input` for commands that need content: an empty (or all-blank) file is an error."""
    src = read_input(path, max_bytes)
    if not src.text.strip():
        raise UnknownFormat(f"{src.name}: empty file")
    return src


def expand_paths(inputs: list[str], suffixes: tuple[str, ...] | None = None) -> list[str]:
    """Files named, files inside folders named (sorted, recursively), and ``-`` kept as is.

    A folder holding no file to read raises :class:`UnreadableInput` naming it: an empty folder from cron is a
    mistake to report, not a silent success.
    """
    out: list[str] = []
    for item in inputs:
        out.extend(expand_path(item, suffixes))
    return out


def expand_path(item: str, suffixes: tuple[str, ...] | None = None) -> list[str]:
    """:func:`expand_paths` for one input."""
    p = Path(item)
    if item == "-" or not p.is_dir():
        return [item]
    found = [str(child) for child in sorted(p.rglob("*"))
             if child.is_file() and not any(part.startswith(".") for part in child.relative_to(p).parts)
             and (suffixes is None or child.suffix.lower() in suffixes)]
    if not found:
        raise UnreadableInput(f"{item}: folder holds no input files")
    return found
