"""Search postings as Roaring bitmaps: one bitmap of article numbers per character and per pair.

A one- or two-character query *is* its bitmap, read from one SQLite row and deserialised in
microseconds; a longer one ANDs its pairs' bitmaps into candidates that the trigram table then
confirms. Counts come from the bitmap, and no row id becomes a Python integer until a row is
shown: handing 90,000 row ids from SQLite to Python cost 70 ms, a bitmap of them 6 µs.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping

from pyroaring import BitMap

ARTICLES = "postings"  # bitmaps of article row ids
LEFTOVERS = "leftover_postings"  # bitmaps of file ids, for the page text that is no article's
# Rowid tables, not WITHOUT ROWID: those keep at most a quarter of a page of a row in the tree
# and send the rest to an overflow page of its own, and most bitmaps are a few kilobytes.
POSTINGS_TABLE = ";".join(
    f"CREATE TABLE {table}(gram TEXT PRIMARY KEY, bits BLOB)" for table in (ARTICLES, LEFTOVERS)
)


def grams(folded: str) -> set[str]:
    """Every character and every pair of characters of the (folded) text."""
    out = set(folded)
    out.update(map("".join, zip(folded, folded[1:], strict=False)))
    return out


def pairs(term: str) -> list[str]:
    """The grams whose bitmaps, ANDed, hold every article that may contain `term`."""
    if len(term) <= 2:
        return [term]
    return list(dict.fromkeys(term[i : i + 2] for i in range(len(term) - 1)))


def chunk_postings(texts: Iterable[str]) -> dict[str, bytes]:
    """The bitmaps of one run of consecutive articles, numbered from 0: made in the worker that
    parsed them, so that the one process writing the index only shifts and ORs them in."""
    members: defaultdict[str, list[int]] = defaultdict(list)
    for number, text in enumerate(texts):
        for gram in grams(text):
            members[gram].append(number)
    return {gram: BitMap(numbers).serialize() for gram, numbers in members.items()}


class PostingsWriter:
    """Gathers the grams of the articles stored since the last flush, and merges them into the
    `postings` table (or `table`) at each commit (one read and one write per gram touched)."""

    def __init__(self, table: str = ARTICLES) -> None:
        self.table = table
        self.pending: defaultdict[str, BitMap] = defaultdict(BitMap)
        self.removed: defaultdict[str, BitMap] = defaultdict(BitMap)

    def add(self, rid: int, folded: str) -> None:
        pending = self.pending
        for gram in grams(folded):
            pending[gram].add(rid)

    def add_chunk(self, first: int, chunk: Mapping[str, bytes]) -> None:
        """Take in a worker's bitmaps (`chunk_postings`) for the articles numbered from `first`."""
        pending = self.pending
        load = BitMap.deserialize
        for gram, bits in chunk.items():
            shifted = load(bits).shift(first) if first else load(bits)
            if gram in pending:
                pending[gram] |= shifted
            else:
                pending[gram] = shifted

    def remove(self, rid: int, folded: str) -> None:
        for gram in grams(folded):
            self.removed[gram].add(rid)
            if gram in self.pending:
                self.pending[gram].discard(rid)

    def flush(self, db: sqlite3.Connection) -> None:
        """Merge what was gathered into the table (inside the caller's transaction)."""
        touched = set(self.pending) | set(self.removed)
        writes: list[tuple[str, bytes]] = []
        deletes: list[tuple[str]] = []
        read = db.execute
        for gram in touched:
            row = read(f"SELECT bits FROM {self.table} WHERE gram = ?", (gram,)).fetchone()
            bits = BitMap.deserialize(row[0]) if row else BitMap()
            if gram in self.pending:
                bits |= self.pending[gram]
            if gram in self.removed:
                bits -= self.removed[gram]
            if bits:
                bits.run_optimize()
                writes.append((gram, bits.serialize()))
            elif row:
                deletes.append((gram,))
        db.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)", writes)
        db.executemany(f"DELETE FROM {self.table} WHERE gram = ?", deletes)
        self.pending.clear()
        self.removed.clear()


def bitmap(db: sqlite3.Connection, gram: str, table: str = ARTICLES) -> BitMap:
    """The articles (or files, for `LEFTOVERS`) that hold `gram` (one or two folded characters)."""
    row = db.execute(f"SELECT bits FROM {table} WHERE gram = ?", (gram,)).fetchone()
    return BitMap.deserialize(row[0]) if row else BitMap()


def candidates(db: sqlite3.Connection, term: str, table: str = ARTICLES) -> BitMap:
    """The articles holding every pair of `term`: exactly its articles for one or two characters,
    a superset to confirm for more."""
    found: BitMap | None = None
    for gram in sorted(pairs(term), key=len):
        bits = bitmap(db, gram, table)
        found = bits if found is None else found & bits
        if not found:
            break
    return found if found is not None else BitMap()


def union(maps: Iterable[BitMap]) -> BitMap:
    out = BitMap()
    for bits in maps:
        out |= bits
    return out
