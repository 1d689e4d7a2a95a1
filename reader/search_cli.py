"""`reader search`: the local index or the shared archive, asked the same questions, printed alike.

Both answer through one `Found` interface — the page files with a match (`-l`, `--count`), the
`--jsonl` lines, the listed hits, and a `Library` of those hits for `--filter` — so the options,
the output shapes and the exit statuses are the same code whichever is asked (the exit statuses
are `reader.commands`'s).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reader.commands import (
    corpus_paths,
    load_settings,
    say_notices,
    say_wait,
    status,
    taxonomy_for,
    topic_overrides,
    utf8_stdout,
)
from reader.files_with_matches import file_lines
from reader.text import clean_inline

if TYPE_CHECKING:
    from reader.index import Index
    from reader.index.search import FileHits, ListedHit
    from reader.library import Library, Marks
    from reader.pgarchive import PgArchive
    from reader.query import Query


class Found(Protocol):
    """Where a search is answered."""

    skipped: bool  # a page file under the paths could not be read (exit status 3)

    def file_hits(self, needle: str) -> list[FileHits]: ...

    def jsonl(self, needle: str) -> str: ...

    def listing(self, needle: str) -> list[ListedHit]: ...

    def library(self, rows: list[ListedHit]) -> Library:
        """The hits as a library, for the filter language."""


@dataclass
class LocalFound:
    """The on-disk index, answered from its bitmaps: only the matching rows are read."""

    index: Index
    paths: list[Path]
    skipped: bool = False

    def file_hits(self, needle: str) -> list[FileHits]:
        from reader.index.search import file_hits

        return file_hits(self.index.db, needle, self.paths)

    def jsonl(self, needle: str) -> str:
        from reader.index import search_jsonl

        result: str = search_jsonl(self.index.db, needle, self.paths)
        return result

    def listing(self, needle: str) -> list[ListedHit]:
        from reader.index import search_listing

        rows: list[ListedHit] = search_listing(self.index.db, needle, self.paths)
        return rows

    def library(self, rows: list[ListedHit]) -> Library:
        from reader.index import IndexLibrary

        return IndexLibrary(self.index, self.paths, only={row.rid for row in rows})


@dataclass
class ArchiveFound:
    """The shared archive; path arguments match the paths the pages were indexed under."""

    archive: PgArchive
    paths: list[Path]
    skipped: bool = False

    def file_hits(self, needle: str) -> list[FileHits]:
        return self.archive.file_hits(needle, self.paths)

    def jsonl(self, needle: str) -> str:
        return "".join(row.hit + "\n" for row in self.listing(needle))

    def listing(self, needle: str) -> list[ListedHit]:
        return self.archive.search(needle, self.paths)

    def library(self, rows: list[ListedHit]) -> Library:
        from reader.pgarchive.library import ArchiveLibrary

        return ArchiveLibrary(self.archive, self.paths, only={row.id for row in rows})


def search_pages(args: argparse.Namespace) -> int:
    """`reader search`: exact substring search, optionally with a filter, locally or in the archive."""
    from reader.locations import archive_location

    utf8_stdout()
    settings = load_settings(args.config)
    query = None
    if args.filter:
        from reader.query import QueryError, parse_query

        try:
            query = parse_query(args.filter, taxonomy_for(settings).resolve)
        except QueryError as error:
            print(f"reader search: {error}", file=sys.stderr)
            return 2
    url = archive_location(args.archive, settings.archive)
    if url is not None:
        return _search_archive(args, url, query)
    from reader.index import Index
    from reader.locations import cache_dir

    paths = corpus_paths(args.paths, settings)
    index = Index(cache_dir(args.cache_dir), topic_overrides(settings), on_wait=say_wait)
    say_notices(index.notices)
    try:
        try:
            return _refreshed_answer(args, LocalFound(index, paths), query)
        except sqlite3.DatabaseError as error:
            if not index.recover(error):
                raise
            say_notices(index.notices[-1:])
            return _refreshed_answer(args, LocalFound(index, paths), query)
    finally:
        index.close()


def _refreshed_answer(args: argparse.Namespace, found: LocalFound, query: Query | None) -> int:
    from reader.index.search import has_files_under, skipped_under

    index, paths = found.index, found.paths
    if args.refresh or not has_files_under(index.db, paths):
        found.skipped = say_notices(index.refresh(paths).notices)
    else:  # what the last refresh could not read is still unread: said the same way
        found.skipped = say_notices(skipped_under(index.db, paths))
    return _reported(lambda: answer(args, found, query))


def _search_archive(args: argparse.Namespace, url: str, query: Query | None) -> int:
    """`reader search QUERY --archive URL`: the shared archive, asked as the local index is."""
    from reader.store import StoreError, UnknownSchemeError
    from reader.store.location import open_archive

    if args.refresh:
        print("reader search: --refresh reads local pages; the archive is refreshed by `reader index --archive`",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        archive = open_archive(url)
    except StoreError as error:
        print(f"reader: {clean_inline(str(error))}", file=sys.stderr)
        return 2 if isinstance(error, UnknownSchemeError) else 1
    try:
        say_notices(archive.notices)
        return _reported(lambda: answer(args, ArchiveFound(archive, [Path(p) for p in args.paths]), query))
    finally:
        archive.close()


def _reported(run: Callable[[], int]) -> int:
    """`run`, with a store's or the archive's failure said in one line (exit status 1)."""
    from reader.store import StoreError

    try:
        return run()
    except StoreError as error:  # the annotations an is: filter needs, or the archive's server
        print(f"reader: {clean_inline(str(error))}", file=sys.stderr)
        return 1


def answer(args: argparse.Namespace, found: Found, query: Query | None) -> int:
    """Ask `found` what the command line asks, and print it: the same shapes from either source."""
    skipped = found.skipped
    unfiltered = query is None or query.empty
    if (args.files_with_matches or args.count) and unfiltered:
        hits = found.file_hits(args.query)
        sys.stdout.write(file_lines(hits, args.count))
        return status(skipped, bool(hits))
    if args.jsonl and unfiltered:
        lines = found.jsonl(args.query)
        sys.stdout.write(lines)
        return status(skipped, bool(lines))
    rows = found.listing(args.query)
    if query is not None and not query.empty:
        rows = _filtered(rows, query, found.library(rows), args.db)
    if args.jsonl:
        sys.stdout.write("".join(row.hit + "\n" for row in rows))
    else:
        sys.stdout.write(
            "".join(
                f"{row.id}  {clean_inline(row.source)}#{row.page_order:<2} {clean_inline(row.title or row.lead)}\n"
                for row in rows
            )
        )
        print(f"{len(rows)} articles contain {args.query!r}", file=sys.stderr)
    return status(skipped, bool(rows))


def _filtered(rows: list[ListedHit], query: Query, library: Library, db: str | None) -> list[ListedHit]:
    """The rows that also pass the app's filter language."""
    from reader.library import filter_ids

    keep = set(filter_ids(library, query, _marks(db) if query.states else {}))
    return [row for row in rows if row.id in keep]


def _marks(db: str | None) -> dict[str, Marks]:
    """What the editors have marked, from the store the app uses."""
    from reader.library import Marks
    from reader.store.location import open_setting

    settings = load_settings()
    store = open_setting(db, settings.db, settings.author)
    marks = {article_id: Marks.of(item) for article_id, item in store.all().items()}
    store.close()
    return marks
