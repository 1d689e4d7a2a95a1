"""The shared archive on a PostgreSQL server: articles indexed once, searched from every machine.

Search is exact, case-insensitive substring search, as in the local index. Three or more
characters go through a pg_trgm GIN index (`LIKE '%…%'`); one or two cannot use trigrams, so
each article also keeps the array of its characters and character pairs under a GIN index
(`grams @> ARRAY['医保']`), which answers in milliseconds where the planner would scan.
pg_trgm reads Chinese only in a UTF-8 database with a UTF-8 locale: a database without one is
refused with the command that makes a right one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import psycopg

from reader.index import searchable_text
from reader.model import Article
from reader.store.location import redacted
from reader.store.pg.link import connect, reason
from reader.store.records import StoreError

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS archive_articles (
    id text PRIMARY KEY,
    source text NOT NULL,
    title text NOT NULL,
    text text NOT NULL,       -- searchable_text(): title and body, casefolded
    grams text[] NOT NULL     -- every character and every pair of characters of `text`
);
CREATE INDEX IF NOT EXISTS archive_trgm ON archive_articles USING gin (text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS archive_grams ON archive_articles USING gin (grams);
"""
BATCH = 500


def grams(text: str) -> list[str]:
    """The distinct characters and character pairs of `text`."""
    return sorted(set(text) | {text[i : i + 2] for i in range(len(text) - 1)})


def like_pattern(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class ArchiveHit:
    """One matching article, as `reader search` lists it."""

    id: str
    source: str
    title: str


class PgArchive:
    """The archive tables in one database; `put` articles, `search` for substrings."""

    def __init__(self, url: str) -> None:
        self.shown = redacted(url)
        try:
            self._conn: psycopg.Connection[Any] = connect(url, autocommit=True)
        except psycopg.OperationalError as exc:
            raise StoreError(f"cannot reach the archive server {self.shown} ({reason(exc)})") from exc
        try:
            self._check_encoding()
            with self._conn.transaction():
                self._conn.execute("SELECT pg_advisory_xact_lock(7265616466)")
                self._conn.execute(SCHEMA)
            # The planner prices a scan by the rows, not by the grams arrays it must detoast: for a
            # character in most articles it picks a 50 ms scan over a 0.3 ms bitmap of the index.
            self._conn.execute("SET enable_seqscan = off")
        except psycopg.Error as exc:
            self._conn.close()
            raise StoreError(f"archive server {self.shown}: {reason(exc)}") from exc

    def _check_encoding(self) -> None:
        row = self._conn.execute(
            "SELECT current_setting('server_encoding'), current_setting('lc_ctype')"
        ).fetchone()
        encoding, ctype = row if row is not None else ("?", "?")
        if encoding != "UTF8" or ctype in ("C", "POSIX"):
            raise StoreError(
                f"archive database {self.shown} is {encoding} with the {ctype} locale, in which pg_trgm "
                "cannot read Chinese; create it with: createdb -E UTF8 --locale=C.UTF-8 -T template0 NAME"
            )

    def put(self, articles: Iterable[Article]) -> int:
        """Add or replace articles by id, a batch at a time (a batch's grams are all that is held
        in memory); returns how many were written. One transaction: all or nothing."""
        count = 0
        batch: list[tuple[str, str, str, str, list[str]]] = []
        with self._conn.transaction(), self._conn.cursor() as cur:
            for article in articles:
                text = searchable_text(article)
                batch.append((article.id, article.source, article.title, text, grams(text)))
                if len(batch) == BATCH:
                    count += self._write(cur, batch)
            count += self._write(cur, batch)
        return count

    @staticmethod
    def _write(cur: psycopg.Cursor[Any], batch: list[tuple[str, str, str, str, list[str]]]) -> int:
        cur.executemany(
            "INSERT INTO archive_articles (id, source, title, text, grams) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET source = EXCLUDED.source, title = EXCLUDED.title, "
            "text = EXCLUDED.text, grams = EXCLUDED.grams",
            batch,
        )
        written = len(batch)
        batch.clear()
        return written

    def _where(self, needle: str) -> tuple[str, tuple[str, ...]]:
        folded = needle.casefold()
        if len(folded) >= 3:
            return "text LIKE %s", (like_pattern(folded),)
        return "grams @> ARRAY[%s]::text[]", (folded,)

    def search_ids(self, needle: str) -> set[str]:
        """Ids of the articles whose title or body contains `needle`, ignoring case."""
        if not needle.casefold():
            return set()
        where, params = self._where(needle)
        return {
            row[0] for row in self._conn.execute(f"SELECT id FROM archive_articles WHERE {where}", params)
        }

    def search(self, needle: str) -> list[ArchiveHit]:
        if not needle.casefold():
            return []
        where, params = self._where(needle)
        sql = f"SELECT id, source, title FROM archive_articles WHERE {where} ORDER BY source, id"
        return [ArchiveHit(*row) for row in self._conn.execute(sql, params)]

    def count(self) -> int:
        row = self._conn.execute("SELECT count(*) FROM archive_articles").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self._conn.close()
