"""The on-disk index: parsed, tagged articles and a substring search index in one SQLite file.

A second start parses nothing it already parsed: each page file is remembered by size, mtime and a
content hash, so changed, added and removed files are picked up incrementally. Search is exact
substring search over two FTS5 tables: a trigram table for queries of three or more characters, and
one whose tokens are every character and every pair of characters, for one- and two-character
queries. A cache written by another version is rebuilt,
never misread; a damaged one is rebuilt with a notice.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from reader import __version__
from reader.model import Article, Entity, Region
from reader.resources import DATA_DIR, SPLITTER_MODEL
from reader.sources import PageFile, find_pages

SCHEMA = 6
INDEX_FILE = "index.sqlite3"
COMMIT_EVERY = 1000  # files: readers (the app) see the index grow in steps of this size
KEYWORD_CANDIDATES = 40  # per article, kept until the corpus's document frequencies are known
FTS_PENDING_BYTES = 64 << 20
WRITER_CACHE_KB = 128 << 10
PARALLEL_FROM = 24  # files: below this a process pool costs more than it saves
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
    """The text search runs over: title, subtitle and body, casefolded."""
    return article.text.casefold()


def _record(article: Article) -> str:
    data = {
        "subtitle": article.subtitle,
        "byline": article.byline,
        "body": article.body,
        "captions": article.captions,
        "subheads": article.subheads,
        "section": article.section,
        "page_no": article.page_no,
        "page_name": article.page_name,
        "region_evidence": article.region_evidence,
        "topic_evidence": article.topic_evidence,
        "entities": [[e.para, e.start, e.end, e.type] for e in article.entities],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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
    data = json.loads(record)
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


def _digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


# --- work done per file, in worker processes for a cold build -----------------------------------


class StoredArticle(NamedTuple):
    """One article as the index stores it: every value ready for SQLite, made in the worker so
    that the one process writing the index does nothing else."""

    columns: tuple[
        Any, ...
    ]  # id, page_order, title, lead, kind, date, province, city, county, scope, topics, page
    hit: str  # its line of `reader search --jsonl`
    record: str  # the rest of the article, as JSON
    candidates: str  # its best keyword candidates with their weights, as JSON
    text: str  # what search runs over
    grams: str  # that text's characters and character pairs, as tokens
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
        _record(article),
        json.dumps({w: counts[w] for w in best}, ensure_ascii=False),
        text,
        gram_tokens(text),
        list(counts),
        sum(len(p) for p in article.body),
    )


def parse_file(page_file: PageFile, taxonomy_overrides: dict[str, Any] | None) -> ParsedFile:
    """Read, split and tag one page file (no keywords: those need the whole corpus)."""
    from reader.corpus import load_page
    from reader.tagging import tag_page

    path = page_file.path
    try:
        stat = path.stat()
        digest = _digest(path)
    except OSError as error:
        return ParsedFile(
            str(path), page_file.source, 0, 0, "", "[]", [f"{path}: cannot be read ({error.strerror})"], None
        )
    page, notices = load_page(page_file)
    articles = None
    if page is not None:
        counts = tag_page(page, _taxonomy(taxonomy_overrides))
        articles = [
            stored_article(article, words, page_file.source)
            for article, words in zip(page.articles, counts, strict=True)
        ]
    return ParsedFile(
        str(path.resolve()),
        page_file.source,
        stat.st_size,
        stat.st_mtime_ns,
        digest,
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


def _parse_batch(batch: list[PageFile], overrides: dict[str, Any] | None) -> list[ParsedFile]:
    return [parse_file(page_file, overrides) for page_file in batch]


# --- the index ----------------------------------------------------------------------------------


class Index:
    """One SQLite file holding every indexed page, its articles and the search postings."""

    def __init__(self, cache_dir: Path, taxonomy_overrides: dict[str, Any] | None = None) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.path = cache_dir / INDEX_FILE
        self.overrides = taxonomy_overrides or None
        self.notices: list[str] = []
        self.db = self._open()

    # opening, versions, damage
    def _fingerprint(self) -> str:
        """Schema, reader version and topic set: a cache made under any other is rebuilt."""
        topics = (DATA_DIR / "topics.toml").read_bytes() + json.dumps(
            self.overrides or {}, sort_keys=True
        ).encode()
        # The splitter's weights too: refitted weights cut pages differently.
        splitter = hashlib.blake2b(SPLITTER_MODEL.read_bytes(), digest_size=6).hexdigest()
        return f"{SCHEMA}/{__version__}/{hashlib.blake2b(topics, digest_size=6).hexdigest()}/{splitter}"

    def _open(self) -> sqlite3.Connection:
        try:
            db = self._connect()
            found = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if found and found[0] == self._fingerprint():
                return db
            db.close()
            if found:
                self.notices.append(
                    f"the index at {self.path} was made by another version or topic set; rebuilding it"
                )
        except sqlite3.DatabaseError:
            self.notices.append(f"the index at {self.path} was damaged; rebuilding it")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        db = self._connect()
        self._create(db)
        return db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA temp_store=MEMORY")
        db.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KB}")  # the search tables' merges reread pages
        db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
        return db

    def _create(self, db: sqlite3.Connection) -> None:
        db.executescript(
            """
            CREATE TABLE files(fid INTEGER PRIMARY KEY, path TEXT UNIQUE, source TEXT, size INTEGER,
                mtime_ns INTEGER, digest TEXT, leftovers TEXT, notices TEXT);
            -- What lists and search results show, in narrow rows: a hundred thousand of them read
            -- in a blink. `hit` is the article's line of `reader search --jsonl`. The rest of an
            -- article (body, captions, entities…) waits in `records` until it is opened.
            CREATE TABLE articles(rid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, fid INTEGER, page_order INTEGER,
                title TEXT, lead TEXT, kind TEXT, date TEXT, province TEXT, city TEXT, county TEXT, scope TEXT,
                topics TEXT, page TEXT, hit TEXT);
            CREATE TABLE records(rid INTEGER PRIMARY KEY, record TEXT);
            CREATE INDEX articles_fid ON articles(fid);
            CREATE INDEX articles_id ON articles(id);
            CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='trigram', detail='full');
            CREATE VIRTUAL TABLE grams USING fts5(text, tokenize='ascii', detail='none', content='');
            CREATE TABLE pending(rid INTEGER PRIMARY KEY, counts TEXT);
            CREATE TABLE df(word TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
            CREATE TABLE keywords(rid INTEGER PRIMARY KEY, words TEXT);
            """
        )
        # Search tables gather new postings in memory and write a segment when this much is
        # pending: past the default 1 MB, a big build writes far fewer segments to merge later.
        for table in ("fts", "grams"):
            db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (FTS_PENDING_BYTES,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self._fingerprint(),))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('documents', '0')")

    def close(self) -> None:
        self.db.close()

    @classmethod
    def current(cls, cache_dir: Path, taxonomy_overrides: dict[str, Any] | None = None) -> Index | None:
        """The index in `cache_dir`, opened read-only, if this version with these topics made it;
        else None. It never rebuilds or writes, so it is safe wherever a build must not start."""
        index = cls.__new__(cls)
        index.path, index.overrides, index.notices = cache_dir / INDEX_FILE, taxonomy_overrides or None, []
        if not index.path.exists():
            return None
        try:
            index.db = sqlite3.connect(f"file:{index.path}?mode=ro", uri=True, check_same_thread=False)
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
        """Bring the index up to date with the page files under `paths`."""
        result = RefreshResult(rebuilt=self.notices[-1] if self.notices else None)
        status = IndexProgress()
        files, notices = find_pages(list(paths))
        result.notices += [str(n) for n in notices]
        known = {
            row[0]: row[1:]
            for row in self.db.execute("SELECT path, fid, size, mtime_ns, digest FROM files").fetchall()
        }
        todo: list[PageFile] = []
        seen: set[str] = set()
        for page_file in files:
            real = str(page_file.path.resolve())
            seen.add(real)
            old = known.get(real)
            if old is None:
                todo.append(page_file)
                result.added += 1
                continue
            try:
                stat = page_file.path.stat()
            except OSError:
                continue
            if (stat.st_size, stat.st_mtime_ns) == (old[1], old[2]):
                result.unchanged += 1
            elif _digest(page_file.path) == old[3]:
                self.db.execute("UPDATE files SET mtime_ns = ? WHERE fid = ?", (stat.st_mtime_ns, old[0]))
                result.unchanged += 1
            else:
                todo.append(page_file)
                result.changed += 1
        under = self.fids_under(paths)
        gone = [fid for path, (fid, *_rest) in known.items() if path not in seen and fid in under]
        with self._transaction():
            for fid in gone + [
                known[str(p.path.resolve())][0] for p in todo if str(p.path.resolve()) in known
            ]:
                self._drop_file(fid)
        result.removed = len(gone)
        status.files_total = len(todo)
        status.stage = "parsing"
        if progress:
            progress(status)
        self._ingest(todo, status, result, progress, workers)
        result.articles = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        return result

    def _parsed(self, todo: list[PageFile], workers: int | None) -> Iterator[ParsedFile]:
        workers = workers or os.cpu_count() or 1
        if len(todo) < PARALLEL_FROM or workers < 2:
            for page_file in todo:
                yield parse_file(page_file, self.overrides)
            return
        from collections import deque
        from concurrent.futures import Future, ProcessPoolExecutor
        from multiprocessing import get_context

        size = max(1, min(16, len(todo) // (workers * 8)))
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
                yield parse_file(page_file, self.overrides)
            return
        with pool:
            flight: deque[Future[list[ParsedFile]]] = deque([first])
            for batch in batches:
                flight.append(pool.submit(_parse_batch, batch, self.overrides))
                if len(flight) >= workers * 3:
                    yield from flight.popleft().result()
            while flight:
                yield from flight.popleft().result()

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
            self.db.executemany(
                "INSERT INTO df VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET n = n + excluded.n",
                doc_freq.items(),
            )
            doc_freq.clear()
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'documents'", (str(documents),))
            self.db.execute("COMMIT")

        self.db.execute("BEGIN")
        try:
            for parsed in self._parsed(todo, workers):
                result.notices += parsed.notices
                self._store_file(parsed)
                status.files_done += 1
                batch += 1
                if parsed.articles is not None:
                    status.articles += len(parsed.articles)
                    status.chars += sum(a.chars for a in parsed.articles)
                    doc_freq.update(word for a in parsed.articles for word in a.words)
                    documents += len(parsed.articles)
                if batch >= COMMIT_EVERY:
                    commit()
                    self.db.execute("BEGIN")
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
            self.db.execute("INSERT INTO grams(rowid, text) VALUES (?, ?)", (rid, article.grams))
        return fid

    def _drop_file(self, fid: int) -> None:
        """Forget a file and its articles.

        The character-pair table keeps no copy of its text (it would triple the index), so its
        rows are deleted by handing FTS5 the tokens again, rebuilt from the trigram table's text.
        """
        for (rid,) in self.db.execute("SELECT rid FROM articles WHERE fid = ?", (fid,)).fetchall():
            found = self.db.execute("SELECT text FROM fts WHERE rowid = ?", (rid,)).fetchone()
            if found is not None:
                self.db.execute(
                    "INSERT INTO grams(grams, rowid, text) VALUES ('delete', ?, ?)",
                    (rid, gram_tokens(found[0])),
                )
            self.db.execute("DELETE FROM fts WHERE rowid = ?", (rid,))
            self.db.execute("DELETE FROM records WHERE rid = ?", (rid,))
            self.db.execute("DELETE FROM keywords WHERE rid = ?", (rid,))
            self.db.execute("DELETE FROM pending WHERE rid = ?", (rid,))
        self.db.execute("DELETE FROM articles WHERE fid = ?", (fid,))
        self.db.execute("DELETE FROM files WHERE fid = ?", (fid,))

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)

    # reading
    def live_rids(self) -> set[int]:
        return {row[0] for row in self.db.execute("SELECT rid FROM articles")}

    def fids_under(self, roots: Sequence[Path]) -> set[int]:
        """The files indexed under any of `roots`."""
        where, params = _under(roots)
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
        under, under_params = _under(roots) if roots is not None else ("1", [])
        limit = " LIMIT ?" if first_files is not None else ""
        files = {
            fid: (path, source)
            for fid, path, source in self.db.execute(
                f"SELECT fid, path, source FROM files f WHERE {under} ORDER BY path{limit}",
                (*under_params, *([first_files] if first_files is not None else [])),
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


WHITESPACE = str.maketrans({" ": "\u2420", "\n": "\u2424", "\t": "\u2409", "\r": "\u240d"})


def gram_tokens(text: str) -> str:
    """Every character and every pair of characters as its own token, for the `grams` table.

    Whitespace becomes a visible symbol so that it, too, is a character of a token.
    """
    shown = text.translate(WHITESPACE)
    return " ".join(shown) + " " + " ".join(map("".join, zip(shown, shown[1:], strict=False)))


def _hits(needle: str) -> tuple[str, tuple[str, ...]]:
    """A query for the row ids of articles whose title or body contains `needle` (case-insensitive).

    Three or more characters go to the trigram table; one or two are a single token of the
    `grams` table. ASCII punctuation is no token there, so such short queries are checked
    against the text itself.
    """
    folded = needle.casefold()
    if len(folded) >= 3:
        return "SELECT rowid FROM fts WHERE fts MATCH ?", (_phrase(folded),)
    if all(c.isalnum() or not c.isascii() for c in folded.translate(WHITESPACE)):
        return "SELECT rowid FROM grams WHERE grams MATCH ?", (_phrase(folded.translate(WHITESPACE)),)
    return "SELECT rowid FROM fts WHERE instr(text, ?) > 0", (folded,)


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def search_rid_list(db: sqlite3.Connection, needle: str) -> list[int]:
    """Row ids of articles whose title or body contains `needle` (case-insensitive).

    They come back from SQLite as one string: far cheaper than a Python row per hit when a
    common character is in every article.
    """
    if not needle.casefold():
        return []
    sql, params = _hits(needle)
    row = db.execute(f"SELECT group_concat(rowid) FROM ({sql})", params).fetchone()
    return list(map(int, row[0].split(","))) if row and row[0] else []


def _under(roots: Sequence[Path]) -> tuple[str, list[str]]:
    """An SQL condition on `f.path`: the file is one of `roots` or lies below one of them.

    Below `/a/b` is every path from `/a/b/` up to, not including, `/a/b0` ("0" follows "/"): a
    range the path index can answer, and no string function per row.
    """
    clauses: list[str] = []
    params: list[str] = []
    for root in roots:
        real = str(root.resolve()).rstrip("/") or "/"
        clauses.append("f.path = ? OR (f.path >= ? AND f.path < ?)")
        below = real.rstrip("/")
        params += [real, below + "/", below + "0"]
    return "(" + " OR ".join(clauses or ["0"]) + ")", params


def has_files_under(db: sqlite3.Connection, roots: Sequence[Path]) -> bool:
    where, params = _under(roots)
    return db.execute(f"SELECT 1 FROM files f WHERE {where} LIMIT 1", params).fetchone() is not None


def _listing_sql(needle: str, roots: Sequence[Path], columns: str) -> tuple[str, tuple[Any, ...]]:
    hits, hit_params = _hits(needle)
    where, params = _under(roots)
    sql = (
        f"SELECT {columns} FROM ({hits}) h JOIN articles a ON a.rid = h.rowid JOIN files f USING (fid)"
        f" WHERE {where} ORDER BY f.path, a.page_order"
    )
    return sql, (*hit_params, *params)


def search_listing(db: sqlite3.Connection, needle: str, roots: Sequence[Path]) -> list[tuple[Any, ...]]:
    """The articles under `roots` that contain `needle`, in page order, each one row of
    (JSON line, row id, id, source, page order, title, lead): found, joined and ordered by SQLite
    from narrow rows, so `reader search` over a big archive does little per-hit work in Python."""
    if not needle.casefold():
        return []
    sql, params = _listing_sql(needle, roots, "a.hit, a.rid, a.id, f.source, a.page_order, a.title, a.lead")
    return db.execute(sql, params).fetchall()


def search_jsonl(db: sqlite3.Connection, needle: str, roots: Sequence[Path]) -> str:
    """`reader search --jsonl`'s whole output, one line per article, put together by SQLite."""
    if not needle.casefold():
        return ""
    sql, params = _listing_sql(needle, roots, "a.hit")
    row = db.execute(f"SELECT group_concat(hit, char(10)) FROM ({sql})", params).fetchone()
    return row[0] + "\n" if row and row[0] else ""


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
        self.db.execute("BEGIN")

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

        self.db = sqlite3.connect(index.path, check_same_thread=False)
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

    def article(self, article_id: str) -> Article:
        row = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id = ? LIMIT 1",
            (article_id,),
        ).fetchone()
        if row is None:
            raise KeyError(article_id)
        return article_from_row(row)

    def search(self, needle: str) -> set[str]:
        table = self._by_rid
        rids = search_rid_list(self.db, needle)  # ascending
        if rids and rids[-1] >= len(table):  # rows indexed after this library was read
            rids = [rid for rid in rids if rid < len(table)]
        found: set[str | None] = set(itemgetter(*rids)(table)) if len(rids) > 1 else {table[r] for r in rids}
        found.discard(None)
        return found  # type: ignore[return-value]
