"""The index file opened: made, checked, rebuilt when it is another version's or damaged, and
written by one process at a time.

A cache written by another version is rebuilt, never misread. A damaged one — noticed when
opening it or a query fails, and confirmed by SQLite's `quick_check` — is set aside beside the
new one and rebuilt, with a one-line notice. One process writes at a time: a build or refresh
holds an exclusive lock on `index.lock`, and a second reader starting meanwhile waits for it
(then finds the work done) instead of failing with "database is locked".
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.index.files import private_file, private_folder, quick_check, remove, set_aside
from reader.index.meta import (
    BUSY_TIMEOUT,
    DAMAGED_SUFFIX,
    INDEX_FILE,
    LOCK_FILE,
    busy,
    fingerprint,
    open_current,
    short_file,
)
from reader.index.rows import ARTICLE_COLUMNS, ARTICLE_FROM, ARTICLE_SELECT, article_row
from reader.index.schema import create
from reader.index.search import under
from reader.model import Article

if TYPE_CHECKING:
    from reader.index.library import IndexLibrary
    from reader.index.refresh import Progress, RefreshResult

WRITER_CACHE_KB = 128 << 10
PAGE_SIZE = 16384  # bytes: records and bitmaps of a few kilobytes fill pages of this size well


class Index:
    """One SQLite file holding every indexed page, its articles and the search postings."""

    def __init__(
        self,
        cache_dir: Path,
        taxonomy_overrides: dict[str, Any] | None = None,
        on_wait: Callable[[str], None] | None = None,
        opened: sqlite3.Connection | None = None,
    ) -> None:
        """Open (making or rebuilding as needed) the index in `cache_dir`; with `opened`, take
        that connection to it as it is (`Index.current`)."""
        self.path = cache_dir / INDEX_FILE
        self.overrides = taxonomy_overrides or None
        self.notices: list[str] = []
        self.on_wait = on_wait  # told, once, when another process holds the writer's lock
        self._held = 0  # how deep this process is inside `writing()`
        if opened is None:
            private_folder(cache_dir)
        self.db = opened if opened is not None else self._open()

    @classmethod
    def current(cls, cache_dir: Path, taxonomy_overrides: dict[str, Any] | None = None) -> Index | None:
        """The index in `cache_dir`, opened read-only, if this version with these topics made it;
        else None. It never rebuilds or writes, so it is safe wherever a build must not start."""
        db = open_current(cache_dir / INDEX_FILE, taxonomy_overrides or None)
        return None if db is None else cls(cache_dir, taxonomy_overrides, opened=db)

    def close(self) -> None:
        self.db.close()

    # opening, versions, damage
    def _fingerprint(self) -> str:
        return fingerprint(self.overrides)

    def _open(self) -> sqlite3.Connection:
        if not self.path.exists():
            # Several processes may start on a fresh cache together: one makes the index while the
            # others wait, so none opens a file another is making or replacing.
            with self.writing():
                return self._open_made()
        try:
            return self._open_made()
        except sqlite3.OperationalError as error:
            if not busy(error):
                raise
            # Another process is still making the file (switching it to WAL): wait for its lock.
            with self.writing():
                return self._open_made()

    def _open_made(self) -> sqlite3.Connection:
        try:
            db = self._connect()
            found = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if found and found[0] == self._fingerprint() and not short_file(self.path):
                return db
            if found and found[0] == self._fingerprint():  # shorter than it says: truncated?
                problem = quick_check(db)
                if problem is None:
                    return db
                db.close()
                return self._rebuild(f"was damaged ({problem})")
            db.close()
            if found:
                return self._rebuild("was made by another version or topic set", kept=False)
            return self._rebuild("", kept=False)
        except sqlite3.DatabaseError as error:
            if busy(error):
                raise
            return self._rebuild(f"was damaged ({error})")

    def _rebuild(self, why: str, kept: bool = True) -> sqlite3.Connection:
        """A new, empty index in place of the old one (kept as `index.sqlite3.damaged` when it
        was damaged), made under the writer's lock so two processes never both make one."""
        with self.writing():
            # Looked at again under the lock: another process may have made a new index while this
            # one waited, or have been writing the one this one took for damaged (a file shorter
            # than its header says is also a database whose pages still sit in its write-ahead log).
            sound = self._sound_under_lock()
            if sound is not None:
                return sound
            if why:
                said = f"; the old one is kept as {self.path.name}{DAMAGED_SUFFIX}" if kept else ""
                self.notices.append(f"the index at {self.path} {why}; rebuilding it{said}")
            if kept:
                set_aside(self.path)
            else:
                remove(self.path)
            db = self._connect()
            create(db, self._fingerprint())
            return db

    def _sound_under_lock(self) -> sqlite3.Connection | None:
        """The index as it is now, if it is ours and whole; None when it must be made anew."""
        try:
            db = self._connect()
        except sqlite3.DatabaseError:
            return None
        try:
            found = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if found and found[0] == self._fingerprint() and quick_check(db) is None:
                return db
        except sqlite3.DatabaseError:
            pass
        db.close()
        return None

    def recover(self, error: sqlite3.DatabaseError) -> bool:
        """After a query failed with `error`: if the index is damaged, set it aside and start a
        new one (with a notice) and say True; False when it is sound (the error is another's)."""
        if busy(error):
            return False
        try:
            problem = quick_check(self.db)
        except sqlite3.DatabaseError as checked:
            problem = str(checked)
        if problem is None:
            return False
        self.db.close()
        self.db = self._rebuild(f"was damaged ({problem})")
        return True

    def _connect(self) -> sqlite3.Connection:
        private_file(self.path)
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # set once, by its maker
            # Before the file's first page: they cannot change later. Big pages hold several
            # compressed records and bitmaps each instead of one with its tail wasted; freed
            # pages (bitmaps rewritten as a build grows) can be handed back (`release_free_pages`).
            db.execute(f"PRAGMA page_size={PAGE_SIZE}")
            db.execute("PRAGMA auto_vacuum=INCREMENTAL")
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA temp_store=MEMORY")
        db.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KB}")  # the search tables' merges reread pages
        db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
        return db

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writer's lock: one process builds or refreshes the index at a time, and the
        others wait here (saying so once) rather than fail halfway with "database is locked"."""
        if self._held:
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1
            return
        lock = self.path.with_name(LOCK_FILE)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self.on_wait is not None:
                    self.on_wait(
                        f"waiting for another reader process to finish with the index at {self.path}"
                    )
                fcntl.flock(fd, fcntl.LOCK_EX)
            self._held = 1
            try:
                yield
            finally:
                self._held = 0
        finally:
            os.close(fd)  # closing releases the lock

    # writing and reading through the other modules
    def refresh(
        self, paths: Sequence[Path], progress: Progress | None = None, workers: int | None = None
    ) -> RefreshResult:
        """Bring the index up to date with the page files under `paths`.

        Every file that could not be read is said again, each time, whether it changed or not.
        A damaged index found on the way is set aside and built again from the pages."""
        from reader.index.refresh import Refresh

        with self.writing():
            try:
                return Refresh(self, progress, workers).run(paths)
            except sqlite3.DatabaseError as error:
                if not self.recover(error):
                    raise
                result = Refresh(self, progress, workers).run(paths)
                result.notices.insert(0, self.notices[-1])
                return result

    def library(self, roots: Sequence[Path] | None = None, first_files: int | None = None) -> IndexLibrary:
        """The indexed articles under `roots` as a library; a damaged index found while reading
        them is set aside and started again (empty, until the next refresh fills it)."""
        from reader.index.library import IndexLibrary

        try:
            return IndexLibrary(self, roots, first_files=first_files)
        except sqlite3.DatabaseError as error:
            if not self.recover(error):
                raise
            return IndexLibrary(self, roots, first_files=first_files)

    def live_rids(self) -> set[int]:
        return {row[0] for row in self.db.execute("SELECT rid FROM articles")}

    def fids_under(self, roots: Sequence[Path]) -> set[int]:
        """The files indexed under any of `roots`."""
        where, params = under(roots)
        return {fid for (fid,) in self.db.execute(f"SELECT fid FROM files f WHERE {where}", params)}

    def article(self, article_id: str) -> Article:
        row = self.db.execute(f"{ARTICLE_SELECT} WHERE a.id = ? LIMIT 1", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return article_row(row).article()

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute(f"{ARTICLE_SELECT} ORDER BY f.path, a.page_order"):
            yield article_row(row).article()

    def located(self, roots: Sequence[Path]) -> Iterator[tuple[str, Article]]:
        """The articles of the files under `roots`, each with the path its file is indexed under,
        in page order: what the shared archive keeps, so it lists and takes paths as the index does."""
        where, params = under(roots)
        sql = f"SELECT {ARTICLE_COLUMNS}, f.path{ARTICLE_FROM} WHERE {where} ORDER BY f.path, a.page_order"
        for row in self.db.execute(sql, params):
            yield row[-1], article_row(row[:-1]).article()
