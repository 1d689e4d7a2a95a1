"""The on-disk index: parsed, tagged articles and their search bitmaps in one SQLite file.

A second start parses nothing it already parsed: each page file is remembered by size, mtime and a
content hash, so changed, added and removed files are picked up incrementally. Search is substring
search over the folded text (`reader.fold`): one Roaring bitmap of article numbers per character
and per pair, and a trigram table that confirms longer queries.

The package, by job:

| module | its job |
|---|---|
| `meta` | the file's name, the fingerprint of the reader that made it, a read-only open |
| `files` | file modes, damage checks, setting a damaged index aside |
| `schema` | the tables |
| `rows` | the named row types: what is stored, read back and listed |
| `parse` | the per-file work done in the build's worker processes |
| `postings` | the bitmaps: made per batch in the workers, merged by the writer |
| `refresh` / `ingest` | which files changed; storing them and their keywords |
| `database` | `Index`: opening, rebuilding, the writer's lock |
| `search` | search, `-l` and `--count` from the bitmaps |
| `library` | `IndexLibrary`, the app's `Library` over an index |

Importing this package loads none of them: each name below is imported when first asked for,
so `reader search -l` (which needs `meta` and `search` only) pays for nothing else.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.index.database import Index as Index
    from reader.index.files import quick_check as quick_check
    from reader.index.library import IndexLibrary as IndexLibrary
    from reader.index.library import indexed_articles as indexed_articles
    from reader.index.meta import INDEX_FILE as INDEX_FILE
    from reader.index.meta import LOCK_FILE as LOCK_FILE
    from reader.index.meta import SCHEMA as SCHEMA
    from reader.index.refresh import IndexProgress as IndexProgress
    from reader.index.refresh import RefreshResult as RefreshResult
    from reader.index.rows import searchable_text as searchable_text
    from reader.index.search import file_hits as file_hits
    from reader.index.search import has_files_under as has_files_under
    from reader.index.search import search_bitmap as search_bitmap
    from reader.index.search import search_jsonl as search_jsonl
    from reader.index.search import search_listing as search_listing
    from reader.index.search import search_rids as search_rids
    from reader.index.search import skipped_under as skipped_under

_WHERE = {
    "Index": "database",
    "quick_check": "files",
    "IndexLibrary": "library",
    "indexed_articles": "library",
    "INDEX_FILE": "meta",
    "LOCK_FILE": "meta",
    "SCHEMA": "meta",
    "IndexProgress": "refresh",
    "RefreshResult": "refresh",
    "searchable_text": "rows",
    "file_hits": "search",
    "has_files_under": "search",
    "search_bitmap": "search",
    "search_jsonl": "search",
    "search_listing": "search",
    "search_rids": "search",
    "skipped_under": "search",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'reader.index' has no attribute {name!r}")
    return getattr(importlib.import_module(f"reader.index.{module}"), name)
