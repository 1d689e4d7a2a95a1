"""A refresh: which page files are new, changed or gone since the last one, and the index
brought up to date with them (the parsing and storing is `reader.index.ingest`'s)."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.index.parse import digest
from reader.index.postings import LEFTOVERS, PostingsWriter
from reader.index.rows import leftover_text, printed_text
from reader.index.search import under
from reader.sources import PageFile, find_pages, location, read_bytes, shown

if TYPE_CHECKING:
    from reader.index.database import Index

Progress = Callable[["IndexProgress"], None]


@dataclass
class IndexProgress:
    """How far a refresh has got, for progress bars."""

    files_total: int = 0
    files_done: int = 0
    articles: int = 0
    chars: int = 0
    committed: int = 0  # articles a reader can already see
    started: float = field(default_factory=time.monotonic)
    stage: str = "scanning"


@dataclass
class RefreshResult:
    """What a refresh changed, and the one-line notices of files it could not read."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    articles: int = 0
    notices: list[str] = field(default_factory=list)
    rebuilt: str | None = None


class KnownFile(NamedTuple):
    """A `files` row as a refresh compares it with the file on disk."""

    fid: int
    size: int
    mtime_ns: int
    digest: str
    notices: str  # JSON list of what could not be read in it


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def release_free_pages(db: sqlite3.Connection) -> None:
    """Hand the pages freed by rewritten bitmaps back to the file system, once they are more than
    a sixteenth of the index: a cold build of 100,000 articles leaves about a tenth free."""
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    if free * 16 > db.execute("PRAGMA page_count").fetchone()[0]:
        db.executescript("PRAGMA incremental_vacuum")  # stepped to the end: one page goes per step
        # Passive: the file shrinks once no reader needs the old pages, and the app is never waited for.
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")


class Refresh:
    """One refresh of an index, run under its writer's lock."""

    def __init__(self, index: Index, progress: Progress | None, workers: int | None) -> None:
        self.index = index
        self.db = index.db
        self.progress = progress
        self.workers = workers
        self.postings = PostingsWriter()  # the bitmaps changed since the last commit
        self.leftovers = PostingsWriter(LEFTOVERS)  # and the files' leftovers' bitmaps

    def flush(self) -> None:
        self.postings.flush(self.db)
        self.leftovers.flush(self.db)

    def run(self, paths: Sequence[Path]) -> RefreshResult:
        from reader.index.ingest import Ingest

        index = self.index
        result = RefreshResult(rebuilt=index.notices[-1] if index.notices else None)
        files, notices = find_pages(list(paths))
        result.notices += [str(n) for n in notices]
        known = {
            row[0]: KnownFile(*row[1:])
            for row in self.db.execute("SELECT path, fid, size, mtime_ns, digest, notices FROM files")
        }
        todo = self._compare(files, known, result)
        walked = index.fids_under(paths)
        seen = {page_file.key or shown(location(page_file.path)) for page_file in files}
        gone = [old.fid for path, old in known.items() if path not in seen and old.fid in walked]
        with transaction(self.db):
            for fid in gone + [known[key].fid for key in (p.key for p in todo) if key in known]:
                self._drop_file(fid)
            self.flush()
            where, params = under(paths, "path")
            self.db.execute(f"DELETE FROM skipped WHERE {where}", params)
            self.db.executemany(
                "INSERT OR REPLACE INTO skipped VALUES (?, ?)",
                [(shown(location(n.path)), str(n)) for n in notices],
            )
        result.removed = len(gone)
        status = IndexProgress(files_total=len(todo), stage="parsing")
        if self.progress:
            self.progress(status)
        Ingest(self, status, result).run(todo)
        release_free_pages(self.db)
        result.articles = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        return result

    def _compare(
        self, files: list[PageFile], known: dict[str, KnownFile], result: RefreshResult
    ) -> list[PageFile]:
        """The files to parse (new or changed); the unchanged ones' old notices said again."""
        todo: list[PageFile] = []
        for page_file in files:
            key = page_file.key or shown(location(page_file.path))
            old = known.get(key)
            if old is None:
                todo.append(page_file)
                result.added += 1
                continue
            try:
                info = os.stat(page_file.path)
            except OSError:
                info = None
            if info is not None and (info.st_size, info.st_mtime_ns) == (old.size, old.mtime_ns):
                result.unchanged += 1
            elif (
                info is not None and (raw := read_bytes(page_file.path)[0]) and digest(raw.data) == old.digest
            ):
                self.db.execute("UPDATE files SET mtime_ns = ? WHERE fid = ?", (raw.mtime_ns, old.fid))
                result.unchanged += 1
            else:
                todo.append(page_file)
                result.changed += 1
                continue
            result.notices += json.loads(old.notices or "[]")
        return todo

    def _drop_file(self, fid: int) -> None:
        """Forget a file and its articles.

        Neither the trigram table nor the bitmaps keep the text, so it is folded again from the
        stored article and handed to both to take back out.
        """
        from reader.fold import fold

        rows = self.db.execute(
            "SELECT a.rid, a.title, r.record FROM articles a LEFT JOIN records r USING (rid) WHERE a.fid = ?",
            (fid,),
        ).fetchall()
        for rid, title, record in rows:
            if record is not None:
                text = fold(printed_text(title, record))
                self.db.execute("INSERT INTO fts(fts, rowid, text) VALUES ('delete', ?, ?)", (rid, text))
                self.postings.remove(rid, text)
            for table in ("records", "keywords", "pending"):
                self.db.execute(f"DELETE FROM {table} WHERE rid = ?", (rid,))
        row = self.db.execute("SELECT leftovers FROM files WHERE fid = ?", (fid,)).fetchone()
        if row and row[0] not in (None, "[]"):
            self.leftovers.remove(fid, leftover_text(row[0]))
        self.db.execute("DELETE FROM articles WHERE fid = ?", (fid,))
        self.db.execute("DELETE FROM files WHERE fid = ?", (fid,))
