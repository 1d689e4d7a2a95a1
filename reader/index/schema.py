"""The index's tables, made in one transaction: another process sees none of them or all."""

from __future__ import annotations

import sqlite3

from reader.index.postings import POSTINGS_TABLE

FTS_PENDING_BYTES = 64 << 20

TABLES = """
CREATE TABLE files(fid INTEGER PRIMARY KEY, path TEXT UNIQUE, source TEXT, size INTEGER,
    mtime_ns INTEGER, digest TEXT, leftovers TEXT, notices TEXT, first_rid INTEGER, last_rid INTEGER);
-- What lists and search results show, in narrow rows: a hundred thousand of them read
-- in a blink. `hit` is the article's line of `reader search --jsonl`. The rest of an
-- article (body, captions, entities…) waits in `records`, compressed, until it is opened.
CREATE TABLE articles(rid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, fid INTEGER, page_order INTEGER,
    title TEXT, lead TEXT, kind TEXT, date TEXT, province TEXT, city TEXT, county TEXT, scope TEXT,
    topics TEXT, page TEXT, hit TEXT);
CREATE TABLE records(rid INTEGER PRIMARY KEY, record BLOB);
CREATE INDEX articles_fid ON articles(fid);
-- `reader search -l` walks the files under a folder in path order with their row-id spans: read
-- from this index alone, never from the wide rows.
CREATE INDEX files_span ON files(path, fid, first_rid, last_rid);
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


def create(db: sqlite3.Connection, fingerprint: str) -> None:
    """Every table of an empty index, stamped with the fingerprint of the reader that made it."""
    db.executescript("BEGIN IMMEDIATE;" + TABLES + POSTINGS_TABLE + ";")
    # Search tables gather new postings in memory and write a segment when this much is
    # pending: past the default 1 MB, a big build writes far fewer segments to merge later.
    db.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (FTS_PENDING_BYTES,))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('documents', '0')")
    db.execute("COMMIT")
