"""The on-disk index: parsed, tagged articles and a substring search index in one SQLite file.

A second start parses nothing it already parsed: each page file is remembered by size, mtime and a
content hash, so changed, added and removed files are picked up incrementally. Search is exact
substring search over two FTS5 tables: a trigram table for queries of three or more characters, and
one whose tokens are every character and every pair of characters, for one- and two-character
queries. A cache written by another version is rebuilt,
never misread. A damaged one — noticed when opening it or a query fails, and confirmed by SQLite's
`quick_check` — is set aside beside the new one and rebuilt, with a one-line notice.

One process writes at a time: a build or refresh holds an exclusive lock on `index.lock`, and a
second reader starting meanwhile waits for it (then finds the work done) instead of failing with
"database is locked". The folder is made 0700 and the files in it 0600: the index holds the text
of every article.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from pyroaring import BitMap

from reader.bitsearch import search_bitmap, under
from reader.fold import fold
from reader.indexmeta import (
    BUSY_TIMEOUT,
    DAMAGED_SUFFIX,
    busy,
    fingerprint,
    short_file,
)
from reader.indexmeta import (
    INDEX_FILE as INDEX_FILE,
)
from reader.indexmeta import (
    LOCK_FILE as LOCK_FILE,
)
from reader.library import LibraryError
from reader.model import Article, Entity, Region
from reader.postings import POSTINGS_TABLE, PostingsWriter, chunk_postings
from reader.sources import PageFile, find_pages, location, read_bytes, shown
from reader.stored import pack_record, printed_text, unpack_record

COMMIT_EVERY = 1000  # files: readers (the app) see the index grow in steps of this size
KEYWORD_CANDIDATES = 40  # per article, kept until the corpus's document frequencies are known
FTS_PENDING_BYTES = 64 << 20
WRITER_CACHE_KB = 128 << 10
PARALLEL_FROM = 24  # files: below this a process pool costs more than it saves
BATCH_FILES = 96  # page files per worker batch (about 600 articles)
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


def searchable_text(article: Article) -> str:
    """The text search runs over: title, subtitle and body, folded (简繁, widths, case)."""
    return fold(article.text)


def search_hit(article: Article, source: str) -> str:
    """The article's line of `reader search --jsonl`, made once when it is indexed."""
    record = {
        "id": article.id,
        "title": article.title,
        "source": source,
        "page_order": article.page_order,
        "kind": article.kind,
        "date": article.date,
        "region": {
            "province": article.region.province,
            "city": article.region.city,
            "county": article.region.county,
        },
        "topics": list(article.topics),
    }
    return json.dumps(record, ensure_ascii=False)


def article_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Article:
    """Rebuild an Article from an `articles` row joined with its file's source."""
    (
        rid,
        article_id,
        source,
        page_order,
        title,
        kind,
        date,
        province,
        city,
        county,
        scope,
        topics,
        record,
        words,
    ) = row
    data = unpack_record(record)
    data["keywords"] = json.loads(words) if words else []
    data["entities"] = [Entity(*e) for e in data["entities"]]
    return _article(
        (article_id, source, page_order, title, kind, date, province, city, county, scope, topics), data
    )


def _article(columns: tuple[Any, ...], rest: dict[str, Any] | None = None) -> Article:
    """An Article from the list columns (id … topics); `rest` holds the record's other fields."""
    article_id, source, page_order, title, kind, date, province, city, county, scope, topics, *_page = columns
    return Article(
        id=article_id,
        source=source,
        page_order=page_order,
        title=title,
        kind=kind,
        date=date,
        region=Region(province, city, county),
        scope=scope,
        topics=json.loads(topics),
        **(rest or {}),
    )


ARTICLE_COLUMNS = (
    "a.rid, a.id, f.source, a.page_order, a.title, a.kind, a.date, a.province, a.city, a.county, a.scope, a.topics,"
    " r.record, k.words"
)
ARTICLE_FROM = (
    "articles a JOIN files f USING (fid) JOIN records r USING (rid) LEFT JOIN keywords k USING (rid)"
)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# --- work done per file, in worker processes for a cold build -----------------------------------


class StoredArticle(NamedTuple):
    """One article as the index stores it: every value ready for SQLite, made in the worker so
    that the one process writing the index does nothing else."""

    columns: tuple[
        Any, ...
    ]  # id, page_order, title, lead, kind, date, province, city, county, scope, topics, page
    hit: str  # its line of `reader search --jsonl`
    record: bytes  # the rest of the article, as compressed JSON (`reader.stored`)
    candidates: str  # its best keyword candidates with their weights, as JSON
    text: str  # what search runs over: the folded title, subtitle and body
    words: list[str]  # every keyword candidate, for the corpus's document frequencies
    chars: int  # characters of body


@dataclass
class ParsedFile:
    """One page file, parsed and tagged (keywords still to come), ready to store."""

    path: str
    source: str
    size: int
    mtime_ns: int
    digest: str
    leftovers: str  # JSON
    notices: list[str]
    articles: list[StoredArticle] | None  # None: the file could not be read as a page


def stored_article(article: Article, counts: dict[str, float], source: str) -> StoredArticle:
    region = article.region
    best = sorted(counts, key=counts.__getitem__, reverse=True)[:KEYWORD_CANDIDATES]
    text = searchable_text(article)
    return StoredArticle(
        (
            article.id,
            article.page_order,
            article.title,
            "".join(article.body)[:24],
            article.kind,
            article.date,
            region.province,
            region.city,
            region.county,
            article.scope,
            json.dumps(article.topics),
            article.page,
        ),
        search_hit(article, source),
        pack_record(article),
        json.dumps({w: counts[w] for w in best}, ensure_ascii=False),
        text,
        list(counts),
        sum(len(p) for p in article.body),
    )


def parse_file(page_file: PageFile, taxonomy_overrides: dict[str, Any] | None) -> ParsedFile:
    """Read, split and tag one page file (no keywords: those need the whole corpus)."""
    from reader.corpus import load_page
    from reader.tagging import tag_page

    key = page_file.key or shown(location(page_file.path))
    raw, notice = read_bytes(page_file.path)
    if raw is None:
        return ParsedFile(key, page_file.source, 0, 0, "", "[]", [str(notice)] if notice else [], None)
    page, notices = load_page(page_file, raw.data)
    articles = None
    if page is not None:
        counts = tag_page(page, _taxonomy(taxonomy_overrides))
        articles = [
            stored_article(article, words, page_file.source)
            for article, words in zip(page.articles, counts, strict=True)
        ]
    return ParsedFile(
        key,
        page_file.source,
        raw.size,
        raw.mtime_ns,
        _digest(raw.data),
        json.dumps(page.leftovers if page else [], ensure_ascii=False),
        [str(n) for n in notices],
        articles,
    )


_TAXONOMY_CACHE: dict[str, Any] = {}


def _taxonomy(overrides: dict[str, Any] | None) -> Any:
    from reader.topics import Taxonomy

    key = json.dumps(overrides or {}, sort_keys=True, ensure_ascii=False)
    if key not in _TAXONOMY_CACHE:
        base = Taxonomy.default()
        _TAXONOMY_CACHE[key] = base.with_overrides(overrides) if overrides else base
    return _TAXONOMY_CACHE[key]


class ParsedBatch(NamedTuple):
    """A run of page files parsed by one worker, with the search bitmaps of their articles
    numbered from 0 in order: the writer stores them under consecutive row ids from its next one."""

    files: list[ParsedFile]
    postings: dict[str, bytes]


def _parse_batch(batch: list[PageFile], overrides: dict[str, Any] | None) -> ParsedBatch:
    files = [parse_file(page_file, overrides) for page_file in batch]
    texts = (article.text for parsed in files for article in parsed.articles or [])
    return ParsedBatch(files, chunk_postings(texts))


# --- the index ----------------------------------------------------------------------------------


class Index:
    """One SQLite file holding every indexed page, its articles and the search postings."""

    def __init__(
        self,
        cache_dir: Path,
        taxonomy_overrides: dict[str, Any] | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        private_folder(cache_dir)
        self.path = cache_dir / INDEX_FILE
        self.overrides = taxonomy_overrides or None
        self.notices: list[str] = []
        self.on_wait = on_wait  # told, once, when another process holds the writer's lock
        self.db = self._open()

    # opening, versions, damage
    def _fingerprint(self) -> str:
        return fingerprint(self.overrides)

    def _open(self) -> sqlite3.Connection:
        if not self.path.exists():
            # Several processes may start on a fresh cache together: one makes the index while the
            # others wait, so none opens a file another is making or replacing.
            with self.writing():
                return self._open_made()
        try:
            return self._open_made()
        except sqlite3.OperationalError as error:
            if not busy(error):
                raise
            # Another process is still making the file (switching it to WAL): wait for its lock.
            with self.writing():
                return self._open_made()

    def _open_made(self) -> sqlite3.Connection:
        try:
            db = self._connect()
            found = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if found and found[0] == self._fingerprint() and not short_file(self.path):
                return db
            if found and found[0] == self._fingerprint():  # shorter than it says: truncated?
                problem = quick_check(db)
                if problem is None:
                    return db
                db.close()
                return self._rebuild(f"was damaged ({problem})")
            db.close()
            if found:
                return self._rebuild("was made by another version or topic set", set_aside=False)
            return self._rebuild("", set_aside=False)
        except sqlite3.DatabaseError as error:
            if busy(error):
                raise
            return self._rebuild(f"was damaged ({error})")

    def _rebuild(self, why: str, set_aside: bool = True) -> sqlite3.Connection:
        """A new, empty index in place of the old one (kept as `index.sqlite3.damaged` when it
        was damaged), made under the writer's lock so two processes never both make one."""
        with self.writing():
            # Looked at again under the lock: another process may have made a new index while this
            # one waited, or have been writing the one this one took for damaged (a file shorter
            # than its header says is also a database whose pages still sit in its write-ahead log).
            sound = self._sound_under_lock()
            if sound is not None:
                return sound
            if why:
                kept = f"; the old one is kept as {self.path.name}{DAMAGED_SUFFIX}" if set_aside else ""
                self.notices.append(f"the index at {self.path} {why}; rebuilding it{kept}")
            for suffix in ("", "-wal", "-shm"):
                old = Path(f"{self.path}{suffix}")
                if set_aside:
                    with contextlib.suppress(FileNotFoundError):
                        os.replace(old, Path(f"{self.path}{DAMAGED_SUFFIX}{suffix}"))
                else:
                    old.unlink(missing_ok=True)
            db = self._connect()
            self._create(db)
            return db

    def _sound_under_lock(self) -> sqlite3.Connection | None:
        """The index as it is now, if it is ours and whole; None when it must be made anew."""
        try:
            db = self._connect()
        except sqlite3.DatabaseError:
            return None
        try:
            found = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if found and found[0] == self._fingerprint() and quick_check(db) is None:
                return db
        except sqlite3.DatabaseError:
            pass
        db.close()
        return None

    def recover(self, error: sqlite3.DatabaseError) -> bool:
        """After a query failed with `error`: if the index is damaged, set it aside and start a
        new one (with a notice) and say True; False when it is sound (the error is another's)."""
        if busy(error):
            return False
        try:
            problem = quick_check(self.db)
        except sqlite3.DatabaseError as checked:
            problem = str(checked)
        if problem is None:
            return False
        self.db.close()
        self.db = self._rebuild(f"was damaged ({problem})")
        return True

    def _connect(self) -> sqlite3.Connection:
        private_file(self.path)
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # set once, by its maker
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA temp_store=MEMORY")
        db.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KB}")  # the search tables' merges reread pages
        db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
        return db

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writer's lock: one process builds or refreshes the index at a time, and the
        others wait here (saying so once) rather than fail halfway with "database is locked"."""
        held = getattr(self, "_held", 0)
        if held:
            self._held = held + 1
            try:
                yield
            finally:
                self._held -= 1
            return
        lock = self.path.with_name(LOCK_FILE)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self.on_wait is not None:
                    self.on_wait(
                        f"waiting for another reader process to finish with the index at {self.path}"
                    )
                fcntl.flock(fd, fcntl.LOCK_EX)
            self._held = 1
            try:
                yield
            finally:
                self._held = 0
        finally:
            os.close(fd)  # closing releases the lock

    def _create(self, db: sqlite3.Connection) -> None:
        """The tables, made in one transaction: another process sees none of them or all."""
        db.executescript(
            """
            BEGIN IMMEDIATE;
            CREATE TABLE files(fid INTEGER PRIMARY KEY, path TEXT UNIQUE, source TEXT, size INTEGER,
                mtime_ns INTEGER, digest TEXT, leftovers TEXT, notices TEXT, first_rid INTEGER, last_rid INTEGER);
            -- What lists and search results show, in narrow rows: a hundred thousand of them read
            -- in a blink. `hit` is the article's line of `reader search --jsonl`. The rest of an
            -- article (body, captions, entities…) waits in `records` until it is opened.
            CREATE TABLE articles(rid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, fid INTEGER, page_order INTEGER,
                title TEXT, lead TEXT, kind TEXT, date TEXT, province TEXT, city TEXT, county TEXT, scope TEXT,
                topics TEXT, page TEXT, hit TEXT);
            CREATE TABLE records(rid INTEGER PRIMARY KEY, record BLOB);
            CREATE INDEX articles_fid ON articles(fid);
            CREATE INDEX articles_id ON articles(id);
            -- The folded text's trigrams, to confirm queries of three or more characters; it
            -- keeps no copy of the text (unindexing hands it the text again, from `records`).
            CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='trigram', detail='full', content='');
            CREATE TABLE pending(rid INTEGER PRIMARY KEY, counts TEXT);
            CREATE TABLE df(word TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
            CREATE TABLE keywords(rid INTEGER PRIMARY KEY, words TEXT);
            -- What the last walk under a folder skipped (a FIFO, a dangling link…), so a search
            -- that reads no file can still say it, as the refresh did.
            CREATE TABLE skipped(path TEXT PRIMARY KEY, notice TEXT);
            """
            + POSTINGS_TABLE
            + ";"
        )
        # Search tables gather new postings in memory and write a segment when this much is
        # pending: past the default 1 MB, a big build writes far fewer segments to merge later.
        db.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (FTS_PENDING_BYTES,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self._fingerprint(),))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('documents', '0')")
        db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    @classmethod
    def current(cls, cache_dir: Path, taxonomy_overrides: dict[str, Any] | None = None) -> Index | None:
        """The index in `cache_dir`, opened read-only, if this version with these topics made it;
        else None. It never rebuilds or writes, so it is safe wherever a build must not start."""
        index = cls.__new__(cls)
        index.path, index.overrides, index.notices = cache_dir / INDEX_FILE, taxonomy_overrides or None, []
        if not index.path.exists() or short_file(index.path):
            return None
        try:
            index.db = sqlite3.connect(
                f"file:{index.path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT, check_same_thread=False
            )
        except sqlite3.DatabaseError:
            return None
        try:
            found = index.db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        except sqlite3.DatabaseError:
            found = None
        if not found or found[0] != index._fingerprint():
            index.db.close()
            return None
        return index

    # refreshing
    def refresh(
        self, paths: Sequence[Path], progress: Progress | None = None, workers: int | None = None
    ) -> RefreshResult:
        """Bring the index up to date with the page files under `paths`.

        Every file that could not be read is said again, each time, whether it changed or not.
        A damaged index found on the way is set aside and built again from the pages."""
        with self.writing():
            try:
                return self._refresh(paths, progress, workers)
            except sqlite3.DatabaseError as error:
                if not self.recover(error):
                    raise
                result = self._refresh(paths, progress, workers)
                result.notices.insert(0, self.notices[-1])
                return result

    def library(self, roots: Sequence[Path] | None = None, first_files: int | None = None) -> IndexLibrary:
        """The indexed articles under `roots` as a library; a damaged index found while reading
        them is set aside and started again (empty, until the next refresh fills it)."""
        try:
            return IndexLibrary(self, roots, first_files=first_files)
        except sqlite3.DatabaseError as error:
            if not self.recover(error):
                raise
            return IndexLibrary(self, roots, first_files=first_files)

    def _refresh(
        self, paths: Sequence[Path], progress: Progress | None, workers: int | None
    ) -> RefreshResult:
        result = RefreshResult(rebuilt=self.notices[-1] if self.notices else None)
        status = IndexProgress()
        files, notices = find_pages(list(paths))
        result.notices += [str(n) for n in notices]
        known = {
            row[0]: row[1:]
            for row in self.db.execute(
                "SELECT path, fid, size, mtime_ns, digest, notices FROM files"
            ).fetchall()
        }
        todo: list[PageFile] = []
        seen: set[str] = set()
        for page_file in files:
            key = page_file.key or shown(location(page_file.path))
            seen.add(key)
            old = known.get(key)
            if old is None:
                todo.append(page_file)
                result.added += 1
                continue
            try:
                info = os.stat(page_file.path)
            except OSError:
                info = None
            if info is not None and (info.st_size, info.st_mtime_ns) == (old[1], old[2]):
                result.unchanged += 1
            elif info is not None and (raw := read_bytes(page_file.path)[0]) and _digest(raw.data) == old[3]:
                self.db.execute("UPDATE files SET mtime_ns = ? WHERE fid = ?", (raw.mtime_ns, old[0]))
                result.unchanged += 1
            else:
                todo.append(page_file)
                result.changed += 1
                continue
            result.notices += json.loads(old[4] or "[]")
        walked = self.fids_under(paths)
        gone = [fid for path, (fid, *_rest) in known.items() if path not in seen and fid in walked]
        with self._transaction():
            for fid in gone + [known[key][0] for key in (p.key for p in todo) if key in known]:
                self._drop_file(fid)
            self.postings.flush(self.db)
            where, params = under(paths, "path")
            self.db.execute(f"DELETE FROM skipped WHERE {where}", params)
            self.db.executemany(
                "INSERT OR REPLACE INTO skipped VALUES (?, ?)",
                [(shown(location(n.path)), str(n)) for n in notices],
            )
        result.removed = len(gone)
        status.files_total = len(todo)
        status.stage = "parsing"
        if progress:
            progress(status)
        self._ingest(todo, status, result, progress, workers)
        result.articles = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        return result

    def _parsed(self, todo: list[PageFile], workers: int | None) -> Iterator[ParsedBatch]:
        workers = workers or os.cpu_count() or 1
        if len(todo) < PARALLEL_FROM or workers < 2:
            for page_file in todo:
                yield _parse_batch([page_file], self.overrides)
            return
        from collections import deque
        from concurrent.futures import Future, ProcessPoolExecutor
        from multiprocessing import get_context

        # Big enough batches that the writer merges few bitmaps per gram, small enough that every
        # worker has several to do and parsed pages do not pile up in memory.
        size = max(1, min(BATCH_FILES, len(todo) // (workers * 4)))
        batches = iter([todo[i : i + size] for i in range(0, len(todo), size)])
        # A few batches in flight per worker, no more: parsed pages must not pile up in memory
        # while this process writes them to the index.
        try:
            pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
            first = pool.submit(_parse_batch, next(batches), self.overrides)
        except (OSError, ValueError):
            # No child processes here (a sandbox, or a host whose standard streams are not
            # real files, as under a test harness): parse in this process instead.
            for page_file in todo:
                yield _parse_batch([page_file], self.overrides)
            return
        with pool:
            flight: deque[Future[ParsedBatch]] = deque([first])
            for batch in batches:
                flight.append(pool.submit(_parse_batch, batch, self.overrides))
                if len(flight) >= workers * 2:
                    yield flight.popleft().result()
            while flight:
                yield flight.popleft().result()

    def _ingest(
        self,
        todo: list[PageFile],
        status: IndexProgress,
        result: RefreshResult,
        progress: Progress | None,
        workers: int | None,
    ) -> None:
        """Store parsed files in batches (each batch visible to readers once committed), then keywords.

        Keywords wait in the `pending` table until the corpus's document frequencies are known; a
        refresh that was interrupted leaves them there and the next one finishes them.
        """
        documents = int(self.db.execute("SELECT value FROM meta WHERE key = 'documents'").fetchone()[0])
        batch = 0
        doc_freq: Counter[str] = Counter()

        def commit() -> None:
            self.postings.flush(self.db)
            self.db.executemany(
                "INSERT INTO df VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET n = n + excluded.n",
                doc_freq.items(),
            )
            doc_freq.clear()
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'documents'", (str(documents),))
            self.db.execute("COMMIT")

        self.db.execute("BEGIN IMMEDIATE")
        try:
            for parsed_batch in self._parsed(todo, workers):
                first = self._next_rid()
                for parsed in parsed_batch.files:
                    result.notices += parsed.notices
                    self._store_file(parsed)
                    status.files_done += 1
                    batch += 1
                    if parsed.articles is not None:
                        status.articles += len(parsed.articles)
                        status.chars += sum(a.chars for a in parsed.articles)
                        doc_freq.update(word for a in parsed.articles for word in a.words)
                        documents += len(parsed.articles)
                self.postings.add_chunk(first, parsed_batch.postings)
                if batch >= COMMIT_EVERY:
                    commit()
                    self.db.execute("BEGIN IMMEDIATE")
                    batch = 0
                    status.committed = status.articles
                if progress:
                    progress(status)
            commit()
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        status.committed = status.articles
        status.stage = "keywords"
        if progress:
            progress(status)
        self._assign_keywords(documents)
        status.stage = "done"
        if progress:
            progress(status)

    def _assign_keywords(self, documents: int) -> None:
        from reader.keywords import KeywordModel

        model = KeywordModel(_DocFreq(self.db), documents)
        rows = self.db.execute("SELECT rid, counts FROM pending").fetchall()
        updates = [
            (json.dumps(model.keywords(json.loads(counts)), ensure_ascii=False), rid) for rid, counts in rows
        ]
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO keywords(words, rid) VALUES (?, ?)", updates)
            self.db.execute("DELETE FROM pending")

    def _store_file(self, parsed: ParsedFile) -> int:
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
        first: int | None = None
        rid = 0
        for article in parsed.articles or []:
            article_id, *rest = article.columns
            cursor = self.db.execute(
                "INSERT INTO articles(id, fid, page_order, title, lead, kind, date, province, city, county, scope,"
                " topics, page, hit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, fid, *rest, article.hit),
            )
            rid = int(cursor.lastrowid or 0)
            self.db.execute("INSERT INTO records VALUES (?, ?)", (rid, article.record))
            self.db.execute("INSERT INTO pending VALUES (?, ?)", (rid, article.candidates))
            self.db.execute("INSERT INTO fts(rowid, text) VALUES (?, ?)", (rid, article.text))
            first = rid if first is None else first
        if first is not None:  # a file's articles have consecutive row ids: `file_hits` counts on it
            self.db.execute("UPDATE files SET first_rid = ?, last_rid = ? WHERE fid = ?", (first, rid, fid))
        return fid

    def _drop_file(self, fid: int) -> None:
        """Forget a file and its articles.

        Neither the trigram table nor the bitmaps keep the text, so it is folded again from the
        stored article and handed to both to take back out.
        """
        rows = self.db.execute(
            "SELECT a.rid, a.title, r.record FROM articles a LEFT JOIN records r USING (rid) WHERE a.fid = ?",
            (fid,),
        ).fetchall()
        for rid, title, record in rows:
            if record is not None:
                text = fold(printed_text(title, record))
                self.db.execute("INSERT INTO fts(fts, rowid, text) VALUES ('delete', ?, ?)", (rid, text))
                self.postings.remove(rid, text)
            self.db.execute("DELETE FROM records WHERE rid = ?", (rid,))
            self.db.execute("DELETE FROM keywords WHERE rid = ?", (rid,))
            self.db.execute("DELETE FROM pending WHERE rid = ?", (rid,))
        self.db.execute("DELETE FROM articles WHERE fid = ?", (fid,))
        self.db.execute("DELETE FROM files WHERE fid = ?", (fid,))

    def _next_rid(self) -> int:
        """The row id the next article stored gets: this process is the only writer, so a
        batch's articles get it and the ones after it, in order (their bitmaps count on it)."""
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
        return int(row[0]) + 1 if row else 1

    @property
    def postings(self) -> PostingsWriter:
        """The bitmaps gathered since the last commit (made when first written to)."""
        writer: PostingsWriter | None = getattr(self, "_postings", None)
        if writer is None:
            writer = self._postings = PostingsWriter()
        return writer

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)

    # reading
    def live_rids(self) -> set[int]:
        return {row[0] for row in self.db.execute("SELECT rid FROM articles")}

    def fids_under(self, roots: Sequence[Path]) -> set[int]:
        """The files indexed under any of `roots`."""
        where, params = under(roots)
        return {fid for (fid,) in self.db.execute(f"SELECT fid FROM files f WHERE {where}", params)}

    def summary_rows(
        self,
        roots: Sequence[Path] | None = None,
        only: set[int] | None = None,
        first_files: int | None = None,
    ) -> list[tuple[Any, ...]]:
        """List rows in page order: for files under `roots` when given, for row ids in `only` when given,
        for the first `first_files` files when given (a screenful to paint while the rest loads).

        Rows are read in storage order and sorted here by (file path, page order): cheaper than
        letting SQLite sort a hundred thousand joined rows.
        """
        # The files in path order (`path` is indexed), only those under `roots`, cut short for a glimpse.
        in_roots, root_params = under(roots) if roots is not None else ("1", [])
        limit = " LIMIT ?" if first_files is not None else ""
        files = {
            fid: (path, source)
            for fid, path, source in self.db.execute(
                f"SELECT fid, path, source FROM files f WHERE {in_roots} ORDER BY path{limit}",
                (*root_params, *([first_files] if first_files is not None else [])),
            )
        }
        ordered = list(files)
        rank = {fid: i for i, fid in enumerate(ordered)}
        where, params = (
            ("", ())
            if only is None
            else (" WHERE rid IN (SELECT value FROM json_each(?))", (json.dumps(sorted(only)),))
        )
        if first_files is not None and only is None:
            where, params = " WHERE fid IN (SELECT value FROM json_each(?))", (json.dumps(ordered),)
        rows = [
            row
            for row in self.db.execute(
                "SELECT rid, id, title, lead, fid, page_order, kind, date, province, city, county, scope, topics,"
                f" page FROM articles{where}",
                params,
            )
            if row[4] in rank
        ]
        rows.sort(key=lambda row: (rank[row[4]], row[5]))
        return [(*row[:4], files[row[4]][1], *row[5:]) for row in rows]

    def article(self, article_id: str) -> Article:
        row = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id = ? LIMIT 1",
            (article_id,),
        ).fetchone()
        if row is None:
            raise KeyError(article_id)
        return article_from_row(row)

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} ORDER BY f.path, a.page_order"
        ):
            yield article_from_row(row)


# --- the file: modes, damage, the writer's lock ------------------------------------------------


def private_folder(folder: Path) -> None:
    """Make the cache folder readable by its owner only. A folder that already exists is
    tightened only when it is the user's own and holds nothing but index files, so pointing
    `--cache-dir` at a shared folder never changes that folder."""
    try:
        folder.mkdir(parents=True, mode=0o700)
        return
    except FileExistsError:
        pass
    info = folder.stat()
    if info.st_uid != os.geteuid() or not stat.S_IMODE(info.st_mode) & 0o077:
        return
    ours = (INDEX_FILE, LOCK_FILE)
    if all(name.startswith(ours) for name in os.listdir(folder)):
        with contextlib.suppress(OSError):
            folder.chmod(0o700)


def private_file(path: Path) -> None:
    """Create the index file 0600 (SQLite gives its -wal and -shm files the same mode), or make
    an existing one of ours 0600."""
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600))
    except FileExistsError:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                part = Path(f"{path}{suffix}")
                if part.stat().st_uid == os.geteuid() and stat.S_IMODE(part.stat().st_mode) & 0o077:
                    part.chmod(0o600)


def quick_check(db: sqlite3.Connection) -> str | None:
    """None when SQLite's `quick_check` finds the file sound, else its first complaint.

    A damaged search table may pass it, so each search table's own integrity check runs too."""
    try:
        rows = db.execute("PRAGMA quick_check(3)").fetchall()
        if [row[0] for row in rows] != ["ok"]:
            return "; ".join(str(row[0]) for row in rows)
        db.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0)")
        db.execute("SELECT count(*) FROM postings").fetchone()
    except sqlite3.DatabaseError as error:
        if busy(error):
            raise
        return str(error)
    return None


def search_rid_list(db: sqlite3.Connection, needle: str) -> list[int]:
    """Row ids of the matching articles, ascending, as Python integers (for small results)."""
    return list(search_bitmap(db, needle))


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


def search_listing(db: sqlite3.Connection, query: str, roots: Sequence[Path]) -> list[tuple[Any, ...]]:
    """The articles under `roots` that hold `query`, in page order, each one row of
    (JSON line, row id, id, source, page order, title, lead)."""
    return _found_rows(db, query, roots, "a.hit, a.rid, a.id, f.source, a.page_order, a.title, a.lead")


def search_jsonl(db: sqlite3.Connection, query: str, roots: Sequence[Path]) -> str:
    """`reader search --jsonl`'s whole output, one line per article."""
    rows = _found_rows(db, query, roots, "a.hit")
    return "".join(row[0] + "\n" for row in rows)


def search_rids(db: sqlite3.Connection, needle: str) -> set[int]:
    """Row ids of the articles that contain `needle`, as a set."""
    return set(search_rid_list(db, needle))


def indexed_articles(
    cache: Path, roots: Sequence[Path], overrides: dict[str, Any] | None = None
) -> list[Article] | None:
    """Light articles (no body) for the files under `roots`, if an up-to-date index has them.

    Opens nothing for writing and never rebuilds: the scriptable verbs use it to find ids and
    regions in a big archive without parsing a page. None when there is no usable index.
    """
    probe = Index.current(cache, overrides)
    if probe is None:
        return None
    try:
        # Summary rows are (rid, id, title, lead, source, order, kind, date, province, city, county, scope, topics).
        articles = [_article((r[1], r[4], r[5], r[2], *r[6:])) for r in probe.summary_rows(roots)]
    except sqlite3.DatabaseError:
        return None
    finally:
        probe.close()
    return articles or None


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


class _DocFreq(Mapping[str, int]):
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
        from reader.library import Summary

        self.path = index.path
        self.db = sqlite3.connect(index.path, timeout=BUSY_TIMEOUT, check_same_thread=False)
        self.db.execute("PRAGMA query_only = 1")
        self._summaries: list[Summary] = []
        listed: list[tuple[int, str]] = []  # (row id, article id)
        regions: dict[tuple[str | None, str | None, str | None], Region] = {}
        topic_tuples: dict[str, tuple[str, ...]] = {}
        reader = Index.__new__(Index)
        reader.db = self.db
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
        ) in reader.summary_rows(roots, only, first_files):
            region = regions.setdefault((province, city, county), Region(province, city, county))
            topic_tuple = topic_tuples.get(topics)
            if topic_tuple is None:
                topic_tuple = topic_tuples[topics] = tuple(json.loads(topics))
            self._summaries.append(
                Summary(article_id, title, lead, source, order, kind, date, region, scope, topic_tuple, page)
            )
            listed.append((rid, article_id))
        # Article ids by row id, for search: one C-level lookup per hit, where a common character
        # hits nearly every article of a big archive. Rows not listed here map to None.
        self._by_rid: list[str | None] = [None] * (max((rid for rid, _ in listed), default=0) + 1)
        for rid, article_id in listed:
            self._by_rid[rid] = article_id

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
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.replace(f"{self.path}{suffix}", f"{self.path}{DAMAGED_SUFFIX}{suffix}")
        return LibraryError(
            f"the index at {self.path} was damaged ({problem}); it is kept as "
            f"{self.path.name}{DAMAGED_SUFFIX} and a new one is being built"
        )

    def article(self, article_id: str) -> Article:
        try:
            row = self.db.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id = ? LIMIT 1",
                (article_id,),
            ).fetchone()
        except sqlite3.DatabaseError as error:
            raise self.damaged(error) from error
        if row is None:
            raise KeyError(article_id)
        return article_from_row(row)

    def search_bitmap(self, query: str) -> BitMap:
        """The row ids of the matching articles, as a bitmap."""
        try:
            return search_bitmap(self.db, query)
        except sqlite3.DatabaseError as error:
            raise self.damaged(error) from error

    def search(self, needle: str) -> set[str]:
        """The ids of the matching articles: only here do row ids become Python objects."""
        table = self._by_rid
        found_bits = self.search_bitmap(needle)
        if found_bits and found_bits.max() >= len(table):  # rows indexed after this library was read
            found_bits.remove_range(len(table), found_bits.max() + 1)
        rids = found_bits.to_array()
        found: set[str | None] = set(itemgetter(*rids)(table)) if len(rids) > 1 else {table[r] for r in rids}
        found.discard(None)
        return found  # type: ignore[return-value]
