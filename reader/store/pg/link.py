"""One connection to the annotations server, and what its failures mean to the user.

A change runs as one transaction on it. A connection found broken before the commit was sent is
replaced and the change run once more (nothing of it was saved); a failure while committing is
reported as "may not have been saved", since only the server knows. Every failure is a one-line
`StoreOfflineError`, never a driver traceback.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg

from reader.store.records import StoreError, StoreOfflineError

T = TypeVar("T")
CONNECT_TIMEOUT = 3  # seconds; libpq's connect_timeout


def connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """A connection by libpq's rules (service files, ~/.pgpass, PG* variables fill the gaps)."""
    return psycopg.connect(url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT)


def close_quietly(conn: psycopg.Connection[Any] | None) -> None:
    """Close a connection that may be broken already: nothing it could say matters any more."""
    if conn is not None:
        with contextlib.suppress(psycopg.Error):
            conn.close()


def reason(exc: BaseException) -> str:
    """The driver's message cut to its first line."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class Link:
    """The store's writing connection, opened on first use and replaced when it breaks."""

    def __init__(self, url: str, shown: str) -> None:
        self.url = url
        self.shown = shown
        self._conn: psycopg.Connection[Any] | None = None
        self._mutex = threading.RLock()

    @property
    def backend_pid(self) -> int | None:
        conn = self._conn
        return conn.info.backend_pid if conn is not None and not conn.closed else None

    def _open(self, what: str) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed or self._conn.broken:
            try:
                self._conn = connect(self.url)
            except psycopg.OperationalError as exc:
                self._conn = None
                raise StoreOfflineError(
                    f"cannot reach the annotations server {self.shown} ({reason(exc)}); {what}"
                ) from exc
        return self._conn

    def drop(self) -> None:
        with self._mutex:
            close_quietly(self._conn)
            self._conn = None

    def run(self, body: Callable[[psycopg.Connection[Any]], T], *, reading: bool = False) -> T:
        """`body` in one transaction, committed; retried once on a fresh connection if the old one
        broke before the commit."""
        with self._mutex:
            what = "nothing was read" if reading else "nothing was saved"
            for attempt in (1, 2):
                conn = self._open(what)
                committing = False
                try:
                    result = body(conn)
                    committing = True
                    conn.commit()
                    return result
                except psycopg.OperationalError as exc:
                    self.drop()
                    if committing:
                        raise StoreOfflineError(
                            f"the annotations server {self.shown} went away while saving ({reason(exc)}); "
                            "the change may not have been saved"
                        ) from exc
                    if attempt == 2:
                        raise StoreOfflineError(
                            f"lost the annotations server {self.shown} ({reason(exc)}); {what}"
                        ) from exc
                except psycopg.Error as exc:
                    self._rollback()
                    raise StoreError(f"annotations server {self.shown}: {reason(exc)}") from exc
                except BaseException:
                    self._rollback()
                    raise
            raise AssertionError("unreachable")

    def _rollback(self) -> None:
        conn = self._conn
        if conn is not None and not conn.closed:
            try:
                conn.rollback()
            except psycopg.Error:
                self.drop()

    def close(self) -> None:
        self.drop()
