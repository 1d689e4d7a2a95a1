"""Search answered from the index's bitmaps: which articles hold a query, and which page files.

It needs only SQLite, the bitmaps and the folding, so `reader search -l` and `--count` can answer
without loading an article row, a tagger or the app; the library and the CLI's listings build on it.
Only the rows a caller shows become Python objects.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_left
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from pyroaring import BitMap

from reader.fold import Needle, matches, needle
from reader.index.postings import LEFTOVERS, candidates


class FileHits(NamedTuple):
    """One page file with a match: its path as indexed, and how many of its articles match."""

    path: str
    matches: int


def search_bitmap(db: sqlite3.Connection, query: str) -> BitMap:
    """Row ids of the articles whose title or body holds `query`, folded (简繁, widths, case,
    place aliases), or as printed for a query that starts with `=`: a bitmap, never a list."""
    wanted: Needle = needle(query)
    found = BitMap()
    for term in wanted.terms:
        found |= _term_bitmap(db, term)
    if wanted.exact is not None and found:
        found = _printed(db, found, wanted.exact)
    return found


def _term_bitmap(db: sqlite3.Connection, term: str) -> BitMap:
    """One folded term: a bitmap for one or two characters; for more, the pairs' bitmaps ANDed
    and the candidates confirmed by the trigram table, unless no article can hold it."""
    found = candidates(db, term)
    if len(term) <= 2 or not found:
        return found
    phrase = '"' + term.replace('"', '""') + '"'
    row = db.execute("SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", (phrase,)).fetchone()
    confirmed = BitMap(map(int, row[0].split(","))) if row and row[0] else BitMap()
    return found & confirmed


def _printed(db: sqlite3.Connection, found: BitMap, printed: str) -> BitMap:
    """The articles of `found` whose printed title or body holds `printed` exactly."""
    from reader.index.rows import printed_text

    out = BitMap()
    rows = db.execute(
        "SELECT a.rid, a.title, r.record FROM articles a JOIN records r USING (rid)"
        " WHERE a.rid IN (SELECT value FROM json_each(?))",
        (json.dumps(found.to_array().tolist()),),
    )
    for rid, title, record in rows:
        if printed in printed_text(title, record):
            out.add(rid)
    return out


def under(roots: Sequence[Path], column: str = "f.path") -> tuple[str, list[str]]:
    """An SQL condition on `column`: the file is one of `roots` or lies below one of them.

    Every such path sorts from `/a/b` up to, not including, `/a/b0` ("0" follows "/"): a range
    the path index answers in path order, so a listing needs no sort; the paths in it that only
    start alike (`/a/b.txt`, `/a/b-2`) are left out by their next character.
    """
    from reader.filenames import location, shown

    clauses: list[str] = []
    params: list[str] = []
    for root in roots:
        real = shown(location(root)).rstrip("/") or "/"
        below = real.rstrip("/")
        clauses.append(
            f"({column} >= ? AND {column} < ? AND ({column} = ? OR substr({column}, {len(below) + 1}, 1) = '/'))"
        )
        params += [real, below + "0", real]
    return "(" + " OR ".join(clauses or ["0"]) + ")", params


def skipped_under(db: sqlite3.Connection, roots: Sequence[Path]) -> list[str]:
    """The notices of the last refresh for what it could not read under `roots`: files it walked
    past and files it could not take as pages."""
    where, params = under(roots, "path")
    walked = [row[0] for row in db.execute(f"SELECT notice FROM skipped WHERE {where} ORDER BY path", params)]
    where, params = under(roots)
    stored = db.execute(
        f"SELECT notices FROM files f WHERE {where} AND notices != '[]' ORDER BY path", params
    )
    return walked + [notice for (notices,) in stored for notice in json.loads(notices)]


def has_files_under(db: sqlite3.Connection, roots: Sequence[Path]) -> bool:
    where, params = under(roots)
    return db.execute(f"SELECT 1 FROM files f WHERE {where} LIMIT 1", params).fetchone() is not None


def file_hits(db: sqlite3.Connection, query: str, roots: Sequence[Path]) -> list[FileHits]:
    """Each indexed page file under `roots` that holds a match, in path order, with how many of
    its articles match: a file's articles have consecutive row ids, so each count is one bitmap
    call on its range. A file whose only match lies in its leftovers (a line the splitter gave no
    article) is named too, with 0: it holds the text, as `rg -l` would say."""
    found = search_bitmap(db, query)
    outside = leftover_files(db, query)
    if not found and not outside:
        return []
    where, under_params = under(roots)
    params: list[object] = [*under_params]
    sql = f"SELECT fid, path, first_rid, last_rid FROM files f WHERE {where}"
    if not outside:  # only the files whose row ids reach the hits
        sql += " AND first_rid IS NOT NULL AND last_rid >= ? AND first_rid <= ?"
        params += [found.min(), found.max()]
    count = span_counter(found)
    out: list[FileHits] = []
    for fid, path, first, last in db.execute(sql + " ORDER BY path", params):
        n = count(first, last + 1) if first is not None and found else 0
        if n or fid in outside:
            out.append(FileHits(path, n))
    return out


def span_counter(found: BitMap) -> Callable[[int, int], int]:
    """How many of `found` lie in a span of row ids [first, end): the bitmap's own count where its
    containers are arrays, two binary searches of its values where they are dense (a dense
    container counts from its start, microseconds a call, 16,000 files a query)."""
    stats = found.get_statistics()
    if not (stats["n_bitset_containers"] or stats["n_run_containers"]):
        return found.range_cardinality
    values = found.to_array()
    return lambda first, end: bisect_left(values, end) - bisect_left(values, first)


def leftover_files(db: sqlite3.Connection, query: str) -> BitMap:
    """Ids of the files whose leftovers hold `query` (folded, or as printed after `=`)."""
    wanted = needle(query)
    found = BitMap()
    for term in wanted.terms:
        found |= candidates(db, term, LEFTOVERS)
    if not found or (wanted.exact is None and all(len(term) <= 2 for term in wanted.terms)):
        return found  # one or two characters: the bitmaps are the answer
    out = BitMap()
    rows = db.execute(
        "SELECT fid, leftovers FROM files WHERE fid IN (SELECT value FROM json_each(?))",
        (json.dumps(found.to_array().tolist()),),
    )
    for fid, leftovers in rows:
        printed = "\n".join(json.loads(leftovers))
        if matches(wanted, printed):
            out.add(fid)
    return out


class ListedHit(NamedTuple):
    """A matching article as `reader search` prints it."""

    hit: str  # its `--jsonl` line
    rid: int
    id: str
    source: str
    page_order: int
    title: str
    lead: str


def _found_rows(
    db: sqlite3.Connection, query: str, roots: Sequence[Path], columns: str
) -> list[tuple[Any, ...]]:
    found = search_bitmap(db, query)
    if not found:
        return []
    where, params = under(roots)
    sql = (
        f"SELECT {columns} FROM articles a JOIN files f USING (fid)"
        f" WHERE a.rid IN (SELECT value FROM json_each(?)) AND {where} ORDER BY f.path, a.page_order"
    )
    return db.execute(sql, (json.dumps(found.to_array().tolist()), *params)).fetchall()


def search_listing(db: sqlite3.Connection, query: str, roots: Sequence[Path]) -> list[ListedHit]:
    """The articles under `roots` that hold `query`, in page order."""
    rows = _found_rows(db, query, roots, "a.hit, a.rid, a.id, f.source, a.page_order, a.title, a.lead")
    return [ListedHit(*row) for row in rows]


def search_jsonl(db: sqlite3.Connection, query: str, roots: Sequence[Path]) -> str:
    """`reader search --jsonl`'s whole output, one line per article."""
    rows = _found_rows(db, query, roots, "a.hit")
    return "".join(row[0] + "\n" for row in rows)


def search_rids(db: sqlite3.Connection, query: str) -> set[int]:
    """Row ids of the articles that hold `query`, as a set (for tests and small results)."""
    return set(search_bitmap(db, query))
