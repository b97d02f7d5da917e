"""The search index: Pagefind (the ``pagefind[extended]`` package), fed records straight from the publisher.

Pagefind has no incremental mode, so the site gets one index per month of stories (``pagefind/months/YYYY-MM/``)
and one for the glossary (``pagefind/``, the index the search page imports); the page merges them with
``mergeIndex``. Re-publishing one day's build re-indexes only the months whose stories changed, and the glossary
only when a term's own text changed.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from upscnotes.errors import SearchIndexError


@dataclass
class Record:
    """One search result: the page's URL (relative to the site root), its title and text, filters and meta."""

    url: str
    title: str
    content: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


class _Service:
    """The Pagefind binary's service mode, spoken directly: base64 JSON messages ended by commas on stdin/stdout.

    The package's own asyncio client reads one reply per 0.1 s poll, ten records a second; this one streams the
    records from a thread while it reads the replies, at the binary's own speed.
    """

    def __init__(self) -> None:
        try:
            from pagefind.service import get_executable
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise SearchIndexError("the search index needs the pagefind[extended] package: pip install 'pagefind[extended]'") from exc
        binary = get_executable()
        if binary is None:
            raise SearchIndexError("no pagefind binary: pip install 'pagefind[extended]'")
        self.proc = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def _encode(self, payload: dict[str, Any]) -> bytes:
        self.next_id += 1
        return base64.b64encode(json.dumps({"message_id": self.next_id, "payload": payload}).encode("utf-8", "surrogatepass")) + b","

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        buf = bytearray()
        while True:
            ch = self.proc.stdout.read(1)
            if not ch:
                raise SearchIndexError("pagefind stopped unexpectedly")
            if ch == b",":
                break
            buf += ch
        reply: dict[str, Any] = json.loads(base64.b64decode(bytes(buf)))["payload"]
        if reply.get("type") == "Error":
            raise SearchIndexError(f"pagefind: {reply.get('message')}")
        return reply

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(self._encode(payload))
        self.proc.stdin.flush()
        return self._read()

    def stream(self, payloads: list[dict[str, Any]]) -> None:
        assert self.proc.stdin is not None
        stdin = self.proc.stdin
        messages = [self._encode(p) for p in payloads]

        def send() -> None:
            for m in messages:
                stdin.write(m)
            stdin.flush()

        writer = threading.Thread(target=send, daemon=True)
        writer.start()
        for _ in messages:
            self._read()
        writer.join()

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _write(groups: Mapping[Path, list[Record]]) -> None:
    service = _Service()
    try:
        for out, records in groups.items():
            index_id = service.call({"type": "NewIndex", "config": {"force_language": "en"}})["index_id"]
            service.stream([{"type": "AddRecord", "index_id": index_id, "url": r.url, "content": r.content, "language": "en",
                             "meta": {"title": r.title, **r.meta}, "filters": {k: v for k, v in r.filters.items() if v}, "sort": None}
                            for r in records])
            tmp = out.with_name(out.name + ".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            service.call({"type": "WriteFiles", "index_id": index_id, "output_path": str(tmp)})
            service.call({"type": "DeleteIndex", "index_id": index_id})
            _swap(tmp, out)
    finally:
        service.close()


def _swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp``, keeping any sub-indexes (``months/``) that live inside ``out``."""
    if out.exists():
        for keep in ("months",):
            if (out / keep).exists() and not (tmp / keep).exists():
                (out / keep).rename(tmp / keep)
        old = out.with_name(out.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(out)


def write_indexes(groups: Mapping[Path, list[Record]]) -> None:
    """Write one Pagefind index per output folder, each replacing what was there."""
    if not groups:
        return
    try:
        _write(groups)
    except (OSError, ValueError, KeyError) as exc:
        raise SearchIndexError(f"pagefind failed: {exc}") from exc


__all__ = ["Record", "SearchIndexError", "write_indexes"]
