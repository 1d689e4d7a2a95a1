"""The annotation tables on PostgreSQL and the migrations that bring a database up to date.

`reader_schema` holds one row, the version. Opening a store takes a transaction-scoped advisory
lock, so two readers starting at once migrate once; a database from a newer reader is refused.
The tables are granted to PUBLIC: whoever may connect to the database (one role per editor) may
annotate, and each change records that editor's name.
"""

from __future__ import annotations

from typing import Any

from reader.store.records import NewerSchemaError

SCHEMA_VERSION = 1
CHANNEL = "reader_annotations"
_LOCK_KEY = 0x7265616465  # "reade": the advisory lock migrations take

MIGRATIONS: dict[int, str] = {
    # 0 -> 1: the tables of the file's schema 1, plus who set a mark and the notes' history.
    0: """
    CREATE TABLE articles (
        id text PRIMARY KEY,
        title text NOT NULL DEFAULT '',
        source text NOT NULL DEFAULT '',
        province text, city text, county text,
        bookmarked boolean NOT NULL DEFAULT false, bookmarked_at text, bookmarked_by text,
        read boolean NOT NULL DEFAULT false, read_at text,
        verdict text CHECK (verdict IN ('pick', 'followup', 'skip')), verdict_at text, verdict_by text,
        created text NOT NULL,
        updated text NOT NULL
    );
    CREATE TABLE notes (
        id text PRIMARY KEY,
        article_id text NOT NULL,
        text text NOT NULL,
        author text NOT NULL,
        created text NOT NULL,
        updated text NOT NULL,
        quote_text text,
        quote_para integer,
        seq bigint GENERATED ALWAYS AS IDENTITY  -- insertion order: notes of one second keep theirs
    );
    CREATE INDEX notes_by_article ON notes (article_id);
    CREATE TABLE deleted_notes (
        id text PRIMARY KEY,
        note jsonb NOT NULL,
        deleted text NOT NULL,
        deleted_by text NOT NULL
    );
    CREATE TABLE note_history (
        seq bigserial PRIMARY KEY,
        note_id text NOT NULL,
        action text NOT NULL,
        by_whom text NOT NULL,
        at text NOT NULL,
        text text NOT NULL
    );
    CREATE INDEX note_history_by_note ON note_history (note_id);
    GRANT SELECT, INSERT, UPDATE, DELETE ON articles, notes, deleted_notes, note_history TO PUBLIC;
    GRANT USAGE ON SEQUENCE note_history_seq_seq, notes_seq_seq TO PUBLIC;
    """,
}


def migrate(conn: Any, where: str) -> list[str]:
    """Bring the database to `SCHEMA_VERSION` in one transaction; returns notices for the user."""
    notices: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        exists = conn.execute("SELECT to_regclass('reader_schema') IS NOT NULL").fetchone()
        if not (exists and exists[0]):  # only the first opener (the owner) needs CREATE rights
            conn.execute("CREATE TABLE reader_schema (version integer NOT NULL)")
        row = conn.execute("SELECT version FROM reader_schema").fetchone()
        version = row[0] if row is not None else 0
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"annotations database {where} has schema version {version}, newer than this reader's "
                f"{SCHEMA_VERSION}; upgrade the reader"
            )
        if version == SCHEMA_VERSION:
            return notices
        start = version
        while version < SCHEMA_VERSION:
            conn.execute(MIGRATIONS[version])
            version += 1
        if row is None:
            conn.execute("INSERT INTO reader_schema VALUES (%s)", (version,))
            conn.execute("GRANT SELECT ON reader_schema TO PUBLIC")
        else:
            conn.execute("UPDATE reader_schema SET version = %s", (version,))
        if start:
            notices.append(f"upgraded annotations database {where} from schema {start} to {version}")
    return notices
