"""Parsed page files stored: in worker processes for a cold build, written by this one process
in batches that readers (the app) see as each is committed, then keywords for the lot."""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter, deque
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from reader.index.parse import ParsedBatch, ParsedFile, parse_batch
from reader.index.refresh import IndexProgress, RefreshResult, transaction
from reader.index.rows import INSERT_ARTICLE, leftover_text
from reader.sources import PageFile

if TYPE_CHECKING:
    from reader.index.refresh import Refresh

COMMIT_EVERY = 1000  # files: readers (the app) see the index grow in steps of this size
PARALLEL_FROM = 24  # files: below this a process pool costs more than it saves
BATCH_FILES = 96  # page files per worker batch (about 600 articles): few bitmaps per gram to merge


def parsed_batches(
    todo: list[PageFile], workers: int | None, overrides: dict[str, Any] | None
) -> Iterator[ParsedBatch]:
    """The files parsed in order, in batches: by a pool of worker processes for many files."""
    workers = workers or os.cpu_count() or 1
    if len(todo) < PARALLEL_FROM or workers < 2:
        for page_file in todo:
            yield parse_batch([page_file], overrides)
        return
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing import get_context

    # Big enough batches that the writer merges few bitmaps per gram, small enough that every
    # worker has several to do.
    size = max(1, min(BATCH_FILES, len(todo) // (workers * 4)))
    batches = iter([todo[i : i + size] for i in range(0, len(todo), size)])
    try:
        pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
        first = pool.submit(parse_batch, next(batches), overrides)
    except (OSError, ValueError):
        # No child processes here (a sandbox, or a host whose standard streams are not
        # real files, as under a test harness): parse in this process instead.
        for page_file in todo:
            yield parse_batch([page_file], overrides)
        return
    with pool:
        # A few batches in flight per worker, no more: parsed pages must not pile up in memory
        # while this process writes them to the index.
        flight: deque[Future[ParsedBatch]] = deque([first])
        for batch in batches:
            flight.append(pool.submit(parse_batch, batch, overrides))
            if len(flight) >= workers * 2:
                yield flight.popleft().result()
        while flight:
            yield flight.popleft().result()


class DocFreq(Mapping[str, int]):
    """Document frequencies read from the index as keywords ask for them."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.cache: dict[str, int] = {}

    def __getitem__(self, word: str) -> int:
        if word not in self.cache:
            row = self.db.execute("SELECT n FROM df WHERE word = ?", (word,)).fetchone()
            self.cache[word] = row[0] if row else 0
        return self.cache[word]

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self.db.execute("SELECT word FROM df"))

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM df").fetchone()[0])


class Ingest:
    """Stores parsed files in batches (each visible to readers once committed), then keywords.

    Keywords wait in the `pending` table until the corpus's document frequencies are known; a
    refresh that was interrupted leaves them there and the next one finishes them.
    """

    def __init__(self, refresh: Refresh, status: IndexProgress, result: RefreshResult) -> None:
        self.refresh = refresh
        self.db = refresh.db
        self.status = status
        self.result = result
        self.doc_freq: Counter[str] = Counter()
        self.documents = int(self.db.execute("SELECT value FROM meta WHERE key = 'documents'").fetchone()[0])
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
        # Row ids are given here, one after another: this process is the only writer, and a
        # batch's bitmaps (numbered from 0) are shifted to its first row id.
        self.next_rid = int(row[0]) + 1 if row else 1

    def run(self, todo: list[PageFile]) -> None:
        status, progress = self.status, self.refresh.progress
        files = 0
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for batch in parsed_batches(todo, self.refresh.workers, self.refresh.index.overrides):
                self.refresh.postings.add_chunk(self.next_rid, batch.postings)
                for parsed in batch.files:
                    self._store_file(parsed)
                files += len(batch.files)
                if files >= COMMIT_EVERY:
                    self._commit()
                    self.db.execute("BEGIN IMMEDIATE")
                    files = 0
                    status.committed = status.articles
                if progress:
                    progress(status)
            self._commit()
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        status.committed = status.articles
        status.stage = "keywords"
        if progress:
            progress(status)
        self._assign_keywords()
        status.stage = "done"
        if progress:
            progress(status)

    def _commit(self) -> None:
        self.refresh.flush()
        self.db.executemany(
            "INSERT INTO df VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET n = n + excluded.n",
            self.doc_freq.items(),
        )
        self.doc_freq.clear()
        self.db.execute("UPDATE meta SET value = ? WHERE key = 'documents'", (str(self.documents),))
        self.db.execute("COMMIT")

    def _store_file(self, parsed: ParsedFile) -> None:
        self.result.notices += parsed.notices
        self.status.files_done += 1
        cursor = self.db.execute(
            "INSERT INTO files(path, source, size, mtime_ns, digest, leftovers, notices) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                parsed.path,
                parsed.source,
                parsed.size,
                parsed.mtime_ns,
                parsed.digest,
                parsed.leftovers,
                json.dumps(parsed.notices, ensure_ascii=False),
            ),
        )
        fid = int(cursor.lastrowid or 0)
        if parsed.leftovers != "[]":  # `-l` names a file whose only match is a line no article took
            self.refresh.leftovers.add(fid, leftover_text(parsed.leftovers))
        articles = parsed.articles or []
        if not articles:
            return
        first = self.next_rid
        for rid, article in enumerate(articles, first):
            self.db.execute(INSERT_ARTICLE, (rid, fid, *article.columns, article.hit))
            self.db.execute("INSERT INTO records VALUES (?, ?)", (rid, article.record))
            self.db.execute("INSERT INTO pending VALUES (?, ?)", (rid, article.candidates))
            self.db.execute("INSERT INTO fts(rowid, text) VALUES (?, ?)", (rid, article.text))
        self.next_rid = first + len(articles)
        # A file's articles have consecutive row ids: `search.file_hits` counts on it.
        self.db.execute(
            "UPDATE files SET first_rid = ?, last_rid = ? WHERE fid = ?", (first, self.next_rid - 1, fid)
        )
        self.status.articles += len(articles)
        self.status.chars += sum(a.chars for a in articles)
        self.doc_freq.update(word for a in articles for word in a.words)
        self.documents += len(articles)

    def _assign_keywords(self) -> None:
        from reader.keywords import KeywordModel

        model = KeywordModel(DocFreq(self.db), self.documents)
        rows = self.db.execute("SELECT rid, counts FROM pending").fetchall()
        updates = [
            (json.dumps(model.keywords(json.loads(counts)), ensure_ascii=False), rid) for rid, counts in rows
        ]
        with transaction(self.db):
            self.db.executemany("INSERT OR REPLACE INTO keywords(words, rid) VALUES (?, ?)", updates)
            self.db.execute("DELETE FROM pending")
