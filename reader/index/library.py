"""The Library interface over an index: list rows in memory, bodies read on demand, search
from the bitmaps with only the matching ids made into Python objects."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyroaring import BitMap, FrozenBitMap

from reader.catalogue import ids_at
from reader.index.files import quick_check, set_aside
from reader.index.meta import BUSY_TIMEOUT, DAMAGED_SUFFIX, busy
from reader.index.rows import ARTICLE_SELECT, LIST_SELECT, ListRow, article_row
from reader.index.search import search_bitmap, under
from reader.library import LibraryError, Summary
from reader.model import Article, Region

if TYPE_CHECKING:
    from reader.index.database import Index


def list_rows(
    db: sqlite3.Connection,
    roots: Sequence[Path] | None = None,
    only: set[int] | None = None,
    first_files: int | None = None,
) -> list[tuple[Any, ...]]:
    """List rows (plain tuples in `ListRow`'s field order: cheap at 100,000) in page order: for
    files under `roots` when given, for row ids in `only` when given, for the first
    `first_files` files when given (a screenful to paint while the rest loads).

    Rows are read in storage order and sorted here by (file path, page order): cheaper than
    letting SQLite sort a hundred thousand joined rows.
    """
    # The files in path order (`path` is indexed), only those under `roots`, cut short for a glimpse.
    in_roots, root_params = under(roots) if roots is not None else ("1", [])
    limit = " LIMIT ?" if first_files is not None else ""
    files = {
        fid: source
        for fid, source in db.execute(
            f"SELECT fid, source FROM files f WHERE {in_roots} ORDER BY path{limit}",
            (*root_params, *([first_files] if first_files is not None else [])),
        )
    }
    rank = {fid: i for i, fid in enumerate(files)}
    where, params = (
        ("", ())
        if only is None
        else (" WHERE rid IN (SELECT value FROM json_each(?))", (json.dumps(sorted(only)),))
    )
    if first_files is not None and only is None:
        where, params = " WHERE fid IN (SELECT value FROM json_each(?))", (json.dumps(list(files)),)
    rows = [row for row in db.execute(LIST_SELECT + where, params) if row[4] in rank]
    rows.sort(key=lambda row: (rank[row[4]], row[5]))
    return [(*row[:4], files[row[4]], *row[5:]) for row in rows]


def indexed_articles(
    cache: Path, roots: Sequence[Path], overrides: dict[str, Any] | None = None
) -> list[Article] | None:
    """Light articles (no body) for the files under `roots`, if an up-to-date index has them.

    Opens nothing for writing and never rebuilds: the scriptable verbs use it to find ids and
    regions in a big archive without parsing a page. None when there is no usable index.
    """
    from reader.index.database import Index

    probe = Index.current(cache, overrides)
    if probe is None:
        return None
    try:
        articles = [ListRow(*row).article() for row in list_rows(probe.db, roots)]
    except sqlite3.DatabaseError:
        return None
    finally:
        probe.close()
    return articles or None


class RidPositions:
    """Row ids to list positions, bitmap to bitmap.

    A file's articles have consecutive row ids and stand together in the list, so the list is a
    few runs of consecutive row ids (one for an index built at once); each run maps to positions
    by a shift. An index refreshed piecemeal can have a run per file: then a table lookup.
    """

    MOST_RUNS = 512

    def __init__(self, rids: list[int]) -> None:
        self.runs: list[tuple[FrozenBitMap, int]] = []  # (the run's row ids, position − row id)
        start = 0
        for i in range(1, len(rids) + 1):
            if i == len(rids) or rids[i] != rids[i - 1] + 1:
                self.runs.append((FrozenBitMap(range(rids[start], rids[i - 1] + 1)), start - rids[start]))
                start = i
        self.table: list[int] | None = None
        if len(self.runs) > self.MOST_RUNS:
            self.table = [-1] * (max(rids) + 1)
            for position, rid in enumerate(rids):
                self.table[rid] = position

    def of(self, rids: BitMap) -> BitMap:
        if self.table is None:
            out = BitMap()
            for run, offset in self.runs:
                part = rids & run
                if part:
                    out |= part.shift(offset)
            return out
        table = self.table
        last = len(table)
        return BitMap(position for rid in rids if rid < last and (position := table[rid]) >= 0)


class IndexLibrary:
    """The Library interface over an index: summaries in memory, bodies read on demand.

    It reads through a connection of its own, so the app can read while a worker refreshes.
    """

    def __init__(
        self,
        index: Index,
        roots: Sequence[Path] | None = None,
        only: set[int] | None = None,
        first_files: int | None = None,
    ) -> None:
        self.path = index.path
        self.db = sqlite3.connect(index.path, timeout=BUSY_TIMEOUT, check_same_thread=False)
        self.db.execute("PRAGMA query_only = 1")
        self._summaries: list[Summary] = []
        listed: list[int] = []  # row ids, in list order
        regions: dict[tuple[str | None, str | None, str | None], Region] = {}
        topic_tuples: dict[str, tuple[str, ...]] = {}
        for (
            rid,
            article_id,
            title,
            lead,
            source,
            order,
            kind,
            date,
            province,
            city,
            county,
            scope,
            topics,
            page,
        ) in list_rows(self.db, roots, only, first_files):
            region = regions.setdefault((province, city, county), Region(province, city, county))
            topic_tuple = topic_tuples.get(topics)
            if topic_tuple is None:
                topic_tuple = topic_tuples[topics] = tuple(json.loads(topics))
            self._summaries.append(
                Summary(article_id, title, lead, source, order, kind, date, region, scope, topic_tuple, page)
            )
            listed.append(rid)
        self._positions = RidPositions(listed)

    def summaries(self) -> list[Any]:
        return self._summaries

    def damaged(self, error: sqlite3.DatabaseError) -> LibraryError:
        """The error to raise for a failed read: when `quick_check` finds the index damaged, it is
        set aside here, so the next load builds a new one."""
        if busy(error):
            return LibraryError(f"the index at {self.path} is busy ({error}); try again")
        with contextlib.closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT)) as checker:
            problem = quick_check(checker)
        if problem is None:
            return LibraryError(f"reading the index at {self.path} failed ({error})")
        set_aside(self.path)
        return LibraryError(
            f"the index at {self.path} was damaged ({problem}); it is kept as "
            f"{self.path.name}{DAMAGED_SUFFIX} and a new one is being built"
        )

    def article(self, article_id: str) -> Article:
        try:
            row = self.db.execute(f"{ARTICLE_SELECT} WHERE a.id = ? LIMIT 1", (article_id,)).fetchone()
        except sqlite3.DatabaseError as error:
            raise self.damaged(error) from error
        if row is None:
            raise KeyError(article_id)
        return article_row(row).article()

    def search_bitmap(self, query: str) -> BitMap:
        """The row ids of the matching articles, as a bitmap."""
        try:
            return search_bitmap(self.db, query)
        except sqlite3.DatabaseError as error:
            raise self.damaged(error) from error

    def search_bits(self, needle: str) -> BitMap:
        """The positions in `summaries()` of the matching articles: bitmap to bitmap."""
        return self._positions.of(self.search_bitmap(needle))

    def search(self, needle: str) -> set[str]:
        """The ids of the matching articles (rows indexed after this library was read are not listed)."""
        return set(ids_at(self._summaries, self.search_bits(needle)))
