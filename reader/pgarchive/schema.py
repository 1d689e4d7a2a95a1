"""The archive's table, its version and the migrations that bring an older one up to date.

Version 1 (before `archive_schema` existed) kept an article's id, source, title, searchable text
and grams only: enough to search, not to read. Version 2 adds what the app needs — the list's
columns, the page file's path, the `--jsonl` line and the index's own record (body, captions,
entities…, `reader.index.rows.pack_record`) — as nullable columns: a row from version 1 has no
record until the next `reader index --archive` writes the article again, and until then it is
left out of lists and searches (`STALE` counts them, so the reader can say so).

Migrations run under a transaction-scoped advisory lock, so two readers opening at once migrate
once; an archive from a newer reader is refused. The tables are granted to PUBLIC for reading:
whoever may connect to the database may read the archive, under their own role.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, NamedTuple

import psycopg

from reader.store.records import NewerSchemaError

SCHEMA_VERSION = 2
_LOCK_KEY = 7265616466  # the advisory lock migrations take

MIGRATIONS: dict[int, str] = {
    # 0 -> 1: the search table as the first archive made it.
    0: """
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE TABLE IF NOT EXISTS archive_articles (
        id text PRIMARY KEY,
        source text NOT NULL,
        title text NOT NULL,
        text text NOT NULL,       -- searchable_text(): title, subtitle and body, folded
        grams text[] NOT NULL     -- every character and every pair of characters of `text`
    );
    CREATE INDEX IF NOT EXISTS archive_trgm ON archive_articles USING gin (text gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS archive_grams ON archive_articles USING gin (grams);
    """,
    # 1 -> 2: whole articles (columns named as `reader.index.rows.ArticleColumns`), and a version.
    1: """
    ALTER TABLE archive_articles
        ADD COLUMN path text, ADD COLUMN page_order integer, ADD COLUMN lead text,
        ADD COLUMN kind text, ADD COLUMN date text, ADD COLUMN province text, ADD COLUMN city text,
        ADD COLUMN county text, ADD COLUMN scope text, ADD COLUMN topics text, ADD COLUMN page text,
        ADD COLUMN hit text, ADD COLUMN record bytea, ADD COLUMN keywords text;
    CREATE INDEX archive_order ON archive_articles (path COLLATE "C", page_order) WHERE record IS NOT NULL;
    CREATE TABLE archive_schema (version integer NOT NULL);
    INSERT INTO archive_schema VALUES (1);
    GRANT SELECT ON archive_articles, archive_schema TO PUBLIC;
    """,
}

STALE = "SELECT count(*) FROM archive_articles WHERE record IS NULL"


class Found(IntEnum):
    """What an opened database holds."""

    NOTHING = 0  # no archive table: never filled
    FIRST = 1  # the first archive's table, with no version of its own


class Upgrade(NamedTuple):
    """What `migrate` did: the versions before and after."""

    before: int
    after: int


def version(conn: psycopg.Connection[Any]) -> int:
    """The archive's schema version: 0 with no table, 1 for the first archive's, else as recorded."""
    row = conn.execute(
        "SELECT to_regclass('archive_articles') IS NOT NULL, to_regclass('archive_schema') IS NOT NULL"
    ).fetchone()
    table, versioned = row if row is not None else (False, False)
    if not table:
        return Found.NOTHING
    if not versioned:
        return Found.FIRST
    recorded = conn.execute("SELECT version FROM archive_schema").fetchone()
    return int(recorded[0]) if recorded is not None else Found.FIRST


def check_version(found: int, shown: str) -> None:
    if found > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"the archive at {shown} has schema version {found}, newer than this reader's "
            f"{SCHEMA_VERSION}; upgrade the reader"
        )


def migrate(conn: psycopg.Connection[Any], shown: str, *, create: bool) -> Upgrade:
    """Bring the archive to `SCHEMA_VERSION` in one transaction. With `create` false (a reader
    that only reads) an empty database is left empty: the caller says it was never filled."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        start = version(conn)
        check_version(start, shown)
        if start == SCHEMA_VERSION or (start == Found.NOTHING and not create):
            return Upgrade(start, start)
        current = start
        while current < SCHEMA_VERSION:
            conn.execute(MIGRATIONS[current])
            current += 1
        conn.execute("UPDATE archive_schema SET version = %s", (current,))
    return Upgrade(start, current)
