"""The archive's connection: opened, replaced when it breaks, and every failure made one line.

The app reads the archive from a worker and from the UI thread at once (psycopg serialises the
two on one connection) for hours: a server that went away and came back is reconnected to on the
next read, and a read that fails says so in one `ArchiveError` line — never a driver traceback.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

import psycopg

from reader.library import LibraryError
from reader.store.location import redacted
from reader.store.pg.link import close_quietly, connect, reason
from reader.store.records import StoreError

# libpq's preamble before what went wrong ("Connection refused"), too long for a status line.
_PREAMBLE = re.compile(r"^connection failed: (connection to server (at|on) .*? failed: )?")
_MISSING_DATABASE = re.compile(r'database "([^"]*)" does not exist')
_INVALID = re.compile(r"\binvalid (integer |URI |\w+ )?(value|query parameter|connection option)")


class ArchiveError(StoreError, LibraryError):
    """The archive cannot be used: one line saying why. A `StoreError` for the CLI, which reports
    those, and a `LibraryError` for the app, which reports a failing library in its status line."""


class ArchiveEmptyError(ArchiveError):
    """The database holds no archive: nothing was ever stored in it."""


def brief(exc: BaseException) -> str:
    """The driver's message, first line, without libpq's preamble."""
    return _PREAMBLE.sub("", reason(exc)) or reason(exc)


def unreachable(shown: str, exc: BaseException) -> ArchiveError:
    """The line for a connection that could not be made."""
    text = brief(exc)
    missing = _MISSING_DATABASE.search(text)
    if missing is not None:
        return ArchiveError(
            f"the archive database {missing.group(1)!r} does not exist on {shown}; create it with: "
            f"createdb -E UTF8 --locale=C.UTF-8 -T template0 {missing.group(1)}"
        )
    if isinstance(exc, psycopg.ProgrammingError | ValueError) or _INVALID.search(text):  # a bad URL
        return ArchiveError(f"the archive URL {shown} is not valid ({text})")
    return ArchiveError(f"cannot reach the archive server {shown} ({text})")


class ArchiveLink:
    """One autocommit connection to the archive's database, opened again when it has broken."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.shown = redacted(url)
        self._conn: psycopg.Connection[Any] | None = None
        # Re-entrant: a failure found while connecting drops the connection under the same lock.
        self._mutex = threading.RLock()

    def connection(self) -> psycopg.Connection[Any]:
        """The open connection, or a new one; `ArchiveError` when the server cannot be reached."""
        with self._mutex:
            conn = self._conn
            if conn is None or conn.closed or conn.broken:
                try:
                    conn = connect(self.url, autocommit=True)
                except (psycopg.Error, ValueError) as exc:
                    raise unreachable(self.shown, exc) from exc
                try:
                    # The planner prices a scan by the rows, not by the grams arrays it must detoast:
                    # for a character in most articles it picks a 50 ms scan over a 0.3 ms bitmap.
                    conn.execute("SET enable_seqscan = off")
                except psycopg.Error as exc:
                    conn.close()
                    raise self.failed(exc) from exc
                self._conn = conn
            return conn

    def failed(self, exc: psycopg.Error) -> ArchiveError:
        """The line for a query that failed; a broken connection is dropped for the next one."""
        if isinstance(exc, psycopg.OperationalError):
            self.drop()
            return ArchiveError(f"lost the archive server {self.shown} ({brief(exc)})")
        return ArchiveError(f"archive server {self.shown}: {brief(exc)}")

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Every row of one query; tried once more on a fresh connection if the old one broke
        (a read has no effect to repeat)."""
        for attempt in (1, 2):
            conn = self.connection()
            try:
                return conn.execute(sql, params).fetchall()
            except psycopg.OperationalError as exc:
                error = self.failed(exc)
                if attempt == 2:
                    raise error from exc
            except psycopg.Error as exc:
                raise self.failed(exc) from exc
        raise AssertionError("unreachable")

    def drop(self) -> None:
        with self._mutex:
            close_quietly(self._conn)
            self._conn = None

    def close(self) -> None:
        self.drop()
