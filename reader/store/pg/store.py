"""The PostgreSQL backend of the annotation store: the same promises as the file, on a server.

Reads come from a snapshot loaded at start and refreshed by `reload()` (the app calls it when the
listener says another editor wrote), so the open article stays shown while the server is away.
Each change is one server transaction that also NOTIFYs the other apps and re-reads what it
touched; it is acknowledged (the method returns) only after the commit. Times come from the
server's clock, so editors on machines whose clocks differ still resolve verdicts by time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from psycopg import Connection

from reader.store.location import redacted
from reader.store.pg import notes
from reader.store.pg.exchange import merge_article
from reader.store.pg.link import Link
from reader.store.pg.live import Listener
from reader.store.pg.rows import (
    UPSERT_ARTICLE,
    load_annotations,
    ref_params,
)
from reader.store.pg.schema import CHANNEL, migrate
from reader.store.records import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    VERDICTS,
    ArticleAnnotations,
    ArticleRef,
    ImportResult,
    Note,
    NoteAction,
    NoteEvent,
    Quote,
    StoreOfflineError,
    Verdict,
    _verdict,
    default_author,
    parse_export,
)

T = TypeVar("T")
_UNSET: dict[str, object] = {"bookmarked": False, "read": False, "verdict": None}
_BY = {"bookmarked", "verdict"}
Body = Callable[[Connection[Any], list[str]], T]


class PostgresStore:
    """Annotations in a PostgreSQL database, as a `Store`."""

    def __init__(self, url: str, author: str | None = None, *, live: bool = False) -> None:
        self.url = url
        self.author = author or default_author()
        self.poll_interval = 0.25  # a flag check: another editor's change shows well within a second
        self._shown = redacted(url)
        self._link = Link(url, self._shown)
        self._snapshot: dict[str, ArticleAnnotations] = {}
        self._mutex = threading.RLock()
        self._notices: list[str] = []
        self._notices += self._link.run(lambda conn: migrate(conn, self._shown))
        self._listener: Listener | None = None
        if live:
            self._listener = Listener(url, self._shown, lambda: self._link.backend_pid)
            self._listener.start()
        try:
            self.reload()
        except BaseException:
            self.close()  # no listener thread or connection outlives a store that failed to open
            raise

    @property
    def location(self) -> str:
        return self._shown

    # -- state

    def take_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def problem(self) -> str | None:
        return self._listener.problem if self._listener is not None else None

    def changed(self) -> bool:
        return self._listener is not None and self._listener.changed.is_set()

    def reload(self) -> None:
        if self._listener is not None:
            if self._listener.problem is not None:
                return  # keep showing what we have; the status line says why it may be stale
            self._listener.changed.clear()
        fresh = self._link.run(load_annotations, reading=True)
        with self._mutex:
            self._snapshot = fresh

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
        self._link.close()

    # -- queries

    def get(self, article_id: str) -> ArticleAnnotations | None:
        with self._mutex:
            return self._snapshot.get(article_id)

    def all(self) -> dict[str, ArticleAnnotations]:
        with self._mutex:
            return dict(sorted(self._snapshot.items()))

    def note(self, note_id: str) -> Note | None:
        with self._mutex:
            return next((n for a in self._snapshot.values() for n in a.notes if n.id == note_id), None)

    def note_ids(self) -> list[str]:
        with self._mutex:
            return [n.id for a in self._snapshot.values() for n in a.notes]

    def orphans(self, known_ids: Iterable[str]) -> list[ArticleAnnotations]:
        known = set(known_ids)
        return [item for article_id, item in self.all().items() if article_id not in known]

    def note_history(self, note_id: str) -> list[NoteEvent]:
        rows = self._link.run(
            lambda conn: conn.execute(
                "SELECT action, by_whom, at, text FROM note_history WHERE note_id = %s ORDER BY seq",
                (note_id,),
            ).fetchall(),
            reading=True,
        )
        return [NoteEvent(note_id, NoteAction(a), by, at, text) for a, by, at, text in rows]

    # -- the write path

    def _write(self, body: Body[T]) -> T:
        """`body(conn, touched)` in one transaction that re-reads the touched articles and tells
        the other apps; the snapshot takes the re-read rows only once the commit succeeded."""
        if self._listener is not None and self._listener.problem is not None:
            raise StoreOfflineError(f"{self._listener.problem.split(';')[0]}; nothing was saved")

        def run(conn: Connection[Any]) -> tuple[T, dict[str, ArticleAnnotations | None]]:
            touched: list[str] = []
            result = body(conn, touched)
            fresh: dict[str, ArticleAnnotations | None] = {}
            for article_id in dict.fromkeys(touched):
                fresh[article_id] = load_annotations(conn, article_id).get(article_id)
            if fresh:
                conn.execute("SELECT pg_notify(%s, pg_backend_pid()::text)", (CHANNEL,))
            return result, fresh

        result, fresh = self._link.run(run)
        with self._mutex:
            for article_id, item in fresh.items():
                if item is None:
                    self._snapshot.pop(article_id, None)
                else:
                    self._snapshot[article_id] = item
        return result

    def _set(
        self, conn: Connection[Any], touched: list[str], ref: ArticleRef, name: str, value: object
    ) -> object:
        """One mark with its time and setter; nothing written if it already has that value, and
        an older setting never overwrites a newer one (verdicts resolve by time)."""
        row = conn.execute(
            f"SELECT {name}, {name}_at FROM articles WHERE id = %s FOR UPDATE", (ref.id,)
        ).fetchone()
        previous = row[0] if row is not None else _UNSET[name]
        if previous == value:
            return previous
        now = notes.server_now(conn)
        if row is not None and row[1] is not None and row[1] > now:
            return previous  # set by someone whose transaction started later: theirs stands
        conn.execute(UPSERT_ARTICLE, ref_params(ref, now))
        by = f", {name}_by = %s" if name in _BY else ""
        params: tuple[Any, ...] = (value, now, self.author, ref.id) if by else (value, now, ref.id)
        conn.execute(f"UPDATE articles SET {name} = %s, {name}_at = %s{by} WHERE id = %s", params)
        touched.append(ref.id)
        return previous

    # -- changes

    def set_bookmark(self, ref: ArticleRef, on: bool = True) -> None:
        self._write(lambda conn, touched: self._set(conn, touched, ref, "bookmarked", bool(on)))

    def toggle_bookmark(self, ref: ArticleRef) -> bool:
        def body(conn: Connection[Any], touched: list[str]) -> bool:
            row = conn.execute(
                "SELECT bookmarked FROM articles WHERE id = %s FOR UPDATE", (ref.id,)
            ).fetchone()
            on = not (row is not None and row[0] is True)
            self._set(conn, touched, ref, "bookmarked", on)
            return on

        return self._write(body)

    def set_read(self, ref: ArticleRef, read: bool = True) -> None:
        self._write(lambda conn, touched: self._set(conn, touched, ref, "read", bool(read)))

    def set_verdict(self, ref: ArticleRef, verdict: Verdict | None) -> Verdict | None:
        return self.set_verdicts([ref], verdict)[ref.id]

    def set_verdicts(self, refs: Iterable[ArticleRef], verdict: Verdict | None) -> dict[str, Verdict | None]:
        if verdict is not None and verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)} or None, not {verdict!r}")
        todo = list(refs)
        return self._write(
            lambda conn, touched: {
                r.id: _verdict(self._set(conn, touched, r, "verdict", verdict)) for r in todo
            }
        )

    def restore_verdicts(self, previous: Mapping[str, Verdict | None]) -> None:
        def body(conn: Connection[Any], touched: list[str]) -> None:
            for article_id, verdict in previous.items():
                if conn.execute("SELECT 1 FROM articles WHERE id = %s", (article_id,)).fetchone():
                    self._set(conn, touched, ArticleRef(article_id), "verdict", verdict)

        self._write(body)

    def add_note(self, ref: ArticleRef, text: str, quote: Quote | None = None) -> Note:
        if not text.strip():
            raise ValueError("a note needs some text")
        return self._write(lambda conn, touched: notes.add(conn, touched, self.author, ref, text, quote))

    def update_note(self, note_id: str, text: str) -> Note:
        if not text.strip():
            raise ValueError("a note needs some text")
        self._write(lambda conn, touched: notes.update(conn, touched, self.author, note_id, text))
        note = self.note(note_id)
        assert note is not None
        return note

    def delete_note(self, note_id: str) -> bool:
        return self._write(lambda conn, touched: notes.delete(conn, touched, self.author, note_id))

    def restore_note(self, note_id: str) -> Note | None:
        restored = self._write(lambda conn, touched: notes.restore(conn, touched, self.author, note_id))
        return self.note(note_id) if restored else None

    # -- exchange

    def export_json(self) -> dict[str, Any]:
        self.reload()
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "articles": [item.to_json() for item in self.all().values()],
        }

    def import_json(self, data: object) -> ImportResult:
        incoming = parse_export(data)
        result = ImportResult()

        def body(conn: Connection[Any], touched: list[str]) -> None:
            now = notes.server_now(conn)
            for item in incoming:
                merge_article(conn, item, self.author, now, result)
                touched.append(item.id)

        self._write(body)
        return result
