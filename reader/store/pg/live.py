"""Live updates: a thread LISTENing for other editors' changes, and watching the server.

Each committed change NOTIFYs `reader_annotations` with the writer's backend pid; the listener
raises a flag the app polls (`changed()`), so another editor's note shows within the poll
interval. If the connection breaks the listener says why (`problem`), tries again every half
second, and once back flags a full reload, since notifications sent meanwhile are lost.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg

from reader.store.pg.link import connect, reason
from reader.store.pg.schema import CHANNEL

RETRY = 0.5  # seconds between reconnection attempts
WAIT = 0.2  # seconds a listen call blocks, so close() is prompt


class Listener(threading.Thread):
    """Sets `changed` on other connections' notifications; keeps `problem` while offline."""

    def __init__(self, url: str, shown: str, own_pid: Callable[[], int | None]) -> None:
        super().__init__(name="reader-listen", daemon=True)
        self.url = url
        self.shown = shown
        self.own_pid = own_pid
        self.changed = threading.Event()
        self.connected = threading.Event()
        self.problem: str | None = None
        self._halt = threading.Event()

    def run(self) -> None:
        first = True
        while not self._halt.is_set():
            try:
                with connect(self.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    if not first:
                        self.changed.set()  # what was sent while we were away is lost: reload all
                    first = False
                    self.problem = None
                    self.connected.set()
                    self._listen(conn)
            except psycopg.Error as exc:
                self.connected.clear()
                self.problem = (
                    f"annotations server {self.shown} unreachable ({reason(exc)}); "
                    "changes are not saved, reconnecting"
                )
                self._halt.wait(RETRY)

    def _listen(self, conn: psycopg.Connection[object]) -> None:
        while not self._halt.is_set():
            mine = self.own_pid()
            for notice in conn.notifies(timeout=WAIT):
                if mine is None or notice.payload != str(mine):
                    self.changed.set()
            conn.execute("SELECT 1")  # a dead server shows here even when nobody writes

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)
