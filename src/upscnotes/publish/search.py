"""The search index: Pagefind (the ``pagefind[extended]`` package), fed records straight from the publisher.

Pagefind has no incremental mode, so the site gets one index per month of stories (``pagefind/months/YYYY-MM/``)
and one for the glossary (``pagefind/``, the index the search page imports); the page merges them with
``mergeIndex``. Re-publishing one day's build re-indexes only the months whose stories changed, and the glossary
only when a term's own text changed.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from upscnotes.errors import SearchIndexError


@dataclass
class Record:
    """One search result: the page's URL (relative to the site root), its title and text, filters and meta."""

    url: str
    title: str
    content: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


async def _write(groups: Mapping[Path, list[Record]]) -> None:
    try:
        from pagefind.service import PagefindService
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise SearchIndexError("the search index needs the pagefind[extended] package: pip install 'pagefind[extended]'") from exc
    async with PagefindService() as service:
        for out, records in groups.items():
            index = await service.create_index({"force_language": "en"})
            for r in records:
                await index.add_custom_record(url=r.url, content=r.content, language="en", meta={"title": r.title, **r.meta},
                                              filters={k: v for k, v in r.filters.items() if v})
            tmp = out.with_name(out.name + ".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            await index.write_files(output_path=str(tmp))
            await index.delete_index()
            _swap(tmp, out)


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
        asyncio.run(_write(groups))
    except (OSError, AssertionError) as exc:
        raise SearchIndexError(f"pagefind failed: {exc}") from exc


__all__ = ["Record", "SearchIndexError", "write_indexes"]
