"""The shared archive on a PostgreSQL server: articles indexed once, read and searched from every machine.

`reader index --archive URL` stores each article whole, in the local index's forms; `reader
--archive URL` and `reader search --archive URL` read it on any machine, with no page files. Search
is the local index's — folded substring search, place aliases, `=` for the printed form — with
results equal to a substring scan's. Three or more characters go through a pg_trgm GIN index
(`LIKE '%…%'`); one or two cannot use trigrams, so each article also keeps the array of its
characters and character pairs under a GIN index (`grams @> ARRAY['医保']`), which answers in
milliseconds where the planner would scan. pg_trgm reads Chinese only in a UTF-8 database with a
UTF-8 locale: a database without one is refused with the command that makes a right one.

The package, by job: `schema` (the table, its version, migrations), `connection` (the link and
its one-line errors), `writing`, `reading`, and `library` (the app's `Library` over the archive).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import psycopg

from reader.index.search import FileHits, ListedHit
from reader.library import Summary
from reader.model import Article
from reader.pgarchive import reading, writing
from reader.pgarchive.connection import ArchiveEmptyError, ArchiveError, ArchiveLink
from reader.pgarchive.schema import STALE, Found, migrate
from reader.pgarchive.writing import Located, grams

__all__ = ["ArchiveEmptyError", "ArchiveError", "Located", "PgArchive", "grams"]


class PgArchive:
    """The archive tables in one database: `put` articles (with `create`), read and search them.

    Opening checks the server, the database and the schema (an older one is upgraded), so every
    later failure is a server going away: each a one-line `ArchiveError`."""

    def __init__(self, url: str, *, create: bool = False) -> None:
        self.link = ArchiveLink(url)
        self.shown = self.link.shown
        self.notices: list[str] = []
        try:
            self._open(create)
        except BaseException:
            self.link.close()
            raise

    def _open(self, create: bool) -> None:
        conn = self.link.connection()
        try:
            if create:
                self._check_encoding()
            upgrade = migrate(conn, self.shown, create=create)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ArchiveError(
                f"the archive at {self.shown} was made by an older reader and this role may not upgrade "
                f"it; its owner runs: reader index PATH… --archive {self.shown}"
            ) from exc
        except psycopg.Error as exc:
            raise self.link.failed(exc) from exc
        if upgrade.after == Found.NOTHING or (not create and self.count() == 0):
            raise ArchiveEmptyError(
                f"the archive at {self.shown} is empty: nothing was ever stored in it; "
                f"fill it where the pages are with: reader index PATH… --archive {self.shown}"
            )
        if upgrade.before != upgrade.after and upgrade.before != Found.NOTHING:
            self.notices.append(
                f"upgraded the archive at {self.shown} from schema {upgrade.before} to {upgrade.after}"
            )
        stale = self.stale()
        if stale and not create:
            self.notices.append(
                f"{stale} articles in the archive at {self.shown} were stored by an older reader without "
                f"their text and are left out; store them whole with: reader index PATH… --archive {self.shown}"
            )

    def _check_encoding(self) -> None:
        row = self.link.rows("SELECT current_setting('server_encoding'), current_setting('lc_ctype')")
        encoding, ctype = row[0] if row else ("?", "?")
        if encoding != "UTF8" or ctype in ("C", "POSIX"):
            raise ArchiveError(
                f"archive database {self.shown} is {encoding} with the {ctype} locale, in which pg_trgm "
                "cannot read Chinese; create it with: createdb -E UTF8 --locale=C.UTF-8 -T template0 NAME"
            )

    def put(self, items: Iterable[Article | Located]) -> int:
        """Add or replace articles by id (an `Article` is filed under its source; a `Located` one
        under its page file's path); all or nothing. Returns how many were written."""
        try:
            return writing.put(self.link.connection(), items)
        except psycopg.Error as exc:
            raise self.link.failed(exc) from exc

    def search_ids(self, query: str, roots: Sequence[Path] | None = None) -> set[str]:
        """Ids of the articles that hold `query`, as the local index finds them."""
        return reading.search_ids(self.link, query, roots)

    def search(self, query: str, roots: Sequence[Path] | None = None) -> list[ListedHit]:
        """The matching articles as `reader search` lists them, in page order."""
        return reading.listing(self.link, query, roots)

    def file_hits(self, query: str, roots: Sequence[Path] | None = None) -> list[FileHits]:
        return reading.file_hits(self.link, query, roots)

    def summaries(self, roots: Sequence[Path] | None = None, only: set[str] | None = None) -> list[Summary]:
        return reading.summaries(self.link, roots, only)

    def article(self, article_id: str) -> Article:
        return reading.article(self.link, article_id)

    def count(self) -> int:
        """Every article stored, whole or not."""
        return int(self.link.rows("SELECT count(*) FROM archive_articles")[0][0])

    def stale(self) -> int:
        """Articles a first archive stored without their record: left out until stored again."""
        return int(self.link.rows(STALE)[0][0])

    def close(self) -> None:
        self.link.close()
