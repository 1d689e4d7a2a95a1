"""The TinyDB backend's file discipline: lock, re-read, recover, migrate, replace atomically.

The annotations live in one TinyDB JSON file (per user, or shared by a team). Every change is one
transaction: take an exclusive `flock` on the sidecar `<file>.lock`, re-read the file, apply the
change through TinyDB, write the whole file to a temp file in the same folder, fsync it,
`os.replace` it over the old one and fsync the folder. So two sessions writing at once lose
nothing, a crash leaves either the old or the new file, and readers never see half a file.

Documents are keyed by stable strings (the article id, `n-<12 hex>` for notes), never by TinyDB's
auto-increment ids, so no cached "next id" can collide across processes.

A file that cannot be read as our JSON is renamed aside (`<file>.corrupt-<UTC time>`) with its
bytes untouched, and a fresh file is started; the one-line notice is kept in `store.notices` for
the caller to show. A file from a newer schema is refused. Nothing here prints.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from reader.store.files import (
    MIGRATIONS,
    StagedStorage,
    Tables,
    _AnnotationsDB,
    _BadFile,
    _decode,
    _empty_data,
    _exclusive_lock,
    _fsync_dir,
    _read_file,
    _reason,
    _Records,
    _signature,
    write_atomic,
)
from reader.store.records import (
    ARTICLES,
    DELETED,
    HISTORY,
    NOTES,
    SCHEMA_VERSION,
    NewerSchemaError,
    Raw,
    Signature,
    StoreError,
    default_author,
)


class LockedFile:
    """The file discipline under the TinyDB backend: reads come from an in-memory snapshot
    (call `reload()` when `changed_on_disk()`), writes go through one locked, re-read, atomically
    written transaction; a bad file is moved aside and an old one migrated inside the lock."""

    def __init__(
        self, path: str | os.PathLike[str], author: str | None = None, *, lock_timeout: float = 15.0
    ) -> None:
        # Resolve symlinks so a link to a shared team file is written through, not replaced.
        self.path = Path(os.path.realpath(Path(path).expanduser()))
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.author = author or default_author()
        self.lock_timeout = lock_timeout
        #: One-line messages for the user (file moved aside, schema upgraded); see take_notices().
        self.notices: list[str] = []
        self._storage = StagedStorage(self.path)
        self._db = _AnnotationsDB(storage=lambda: self._storage)
        self._tables = Tables(
            _Records(self._db.table(ARTICLES, cache_size=0)),
            _Records(self._db.table(NOTES, cache_size=0)),
            _Records(self._db.table(DELETED, cache_size=0)),
            _Records(self._db.table(HISTORY, cache_size=0)),
        )
        self._signature: Signature | None = None
        self._raw: bytes | None = None
        self._mutex = threading.RLock()
        self._depth = 0
        self._swept = False
        #: A stat per poll is cheap: the app looks this often for another session's write.
        self.poll_interval = 2.0
        self.reload()

    @property
    def location(self) -> str:
        """Where the annotations live, for messages."""
        return str(self.path)

    def problem(self) -> str | None:
        """A file is there or it is not: trouble shows up as a `StoreError` on use, never as a state."""
        return None

    def changed(self) -> bool:
        """The `Store` protocol's name for `changed_on_disk()`."""
        return self.changed_on_disk()

    def close(self) -> None:
        """Nothing is held open between transactions."""

    # -- reading and watching

    def take_notices(self) -> list[str]:
        """The notices gathered so far, clearing them."""
        notices, self.notices = self.notices, []
        return notices

    def changed_on_disk(self) -> bool:
        """Cheap poll (one stat) for another session's write: inode, size or mtime differ."""
        try:
            current: Signature | None = _signature(os.stat(self.path))
        except OSError:
            current = None
        return current != self._signature

    def reload(self) -> None:
        """Re-read the file; a bad or old file is fixed under the lock (notice in `notices`)."""
        with self._mutex:
            if self._depth:
                return
            got = _read_file(self.path)
            if got is None:
                self._install(_empty_data(), None, None)
                return
            try:
                data, version = self._decode(got[0])
            except _BadFile:
                version = -1
            if version == SCHEMA_VERSION:
                self._install(data, got[1], got[0])
                return
            if version > SCHEMA_VERSION:
                raise self._newer(version)
            with self.transaction():  # recovery and migration happen inside
                pass

    def _newer(self, version: int) -> NewerSchemaError:
        return NewerSchemaError(
            f"annotations file {self.path} has schema version {version}, newer than this reader's "
            f"{SCHEMA_VERSION}; upgrade the reader or choose another file with --db"
        )

    def _decode(self, raw: bytes) -> tuple[Raw, int]:
        """Parse the file, unless it is byte for byte what we last read or wrote: then the
        snapshot already is its content (it is only ever changed by a committed transaction)."""
        if raw == self._raw:
            return self._storage.data, SCHEMA_VERSION
        return _decode(raw)

    def _install(self, data: Raw, st: os.stat_result | None, raw: bytes | None) -> None:
        """Make `data` the snapshot; `raw` is the current-schema file it came from, if any."""
        self._storage.data = data
        self._storage.dirty = False
        self._raw = raw
        self._signature = _signature(st) if st is not None else None
        if st is not None:
            self._storage.mode = stat.S_IMODE(st.st_mode)
            self._storage.gid = st.st_gid

    def _commit(self) -> None:
        self._signature, self._raw = self._storage.flush()

    def _load_locked(self) -> None:
        """Inside the lock: read the file, set a bad one aside, migrate an old one."""
        got = _read_file(self.path)
        if got is None:
            self._install(_empty_data(), None, None)
            return
        raw, st = got
        try:
            data, version = self._decode(raw)
        except _BadFile as bad:
            aside = self._set_aside()
            self.notices.append(
                f"annotations file {self.path} could not be read ({bad}); "
                f"moved it to {aside} and started a fresh one"
            )
            self._install(_empty_data(), st, None)
            self._commit()
            return
        if version > SCHEMA_VERSION:
            raise self._newer(version)
        self._install(data, st, raw if version == SCHEMA_VERSION else None)
        if version < SCHEMA_VERSION:
            backup = self._free_name(f"schema{version}-backup")
            write_atomic(backup, raw, self._storage.mode, self._storage.gid)
            while version < SCHEMA_VERSION:
                data = MIGRATIONS[version](data)
                version += 1
            self._storage.data = data
            self._commit()
            self.notices.append(
                f"upgraded annotations file {self.path} to schema {SCHEMA_VERSION}; "
                f"the old file is kept at {backup}"
            )

    def _free_name(self, label: str) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        base = self.path.with_name(f"{self.path.name}.{label}-{stamp}")
        candidate, n = base, 1
        while candidate.exists():
            n += 1
            candidate = base.with_name(f"{base.name}-{n}")
        return candidate

    def _set_aside(self) -> Path:
        """Rename the bad file (its bytes untouched) to a free timestamped name."""
        while True:
            aside = self._free_name("corrupt")
            try:
                os.link(self.path, aside)  # fails rather than overwrite
            except FileExistsError:
                continue
            except OSError:  # no hard links here: the lock keeps the name free for a rename
                os.rename(self.path, aside)
                break
            os.unlink(self.path)
            break
        _fsync_dir(self.path.parent)
        return aside

    def _sweep_temp_files(self) -> None:
        """Inside the lock no one else is mid-write, so temp files left by a killed writer can go."""
        if self._swept:
            return
        self._swept = True
        for leftover in self.path.parent.glob(f".{self.path.name}.tmp-*"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tables]:
        """One logical change: lock, re-read, change, one atomic write, unlock. Nested calls join
        the outer transaction. On an exception nothing is written and the snapshot is re-read."""
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield self._tables
                finally:
                    self._depth -= 1
                return
            with contextlib.ExitStack() as held:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                    held.enter_context(_exclusive_lock(self.lock_path, self._storage.mode, self.lock_timeout))
                    self._sweep_temp_files()
                    self._load_locked()
                except OSError as exc:
                    raise StoreError(f"cannot use annotations file {self.path}: {_reason(exc)}") from exc
                self._depth = 1
                self._storage.writable = True
                try:
                    yield self._tables
                    if self._storage.dirty:
                        try:
                            self._commit()
                        except OSError as exc:
                            raise StoreError(
                                f"cannot write annotations file {self.path}: {_reason(exc)}"
                            ) from exc
                except BaseException:
                    self._storage.writable = False
                    self._raw = None  # the snapshot holds the abandoned change: parse the file again
                    try:
                        self._load_locked()  # drop the half-made change: back to what is on disk
                    except (OSError, StoreError):
                        self._signature = None  # so changed_on_disk() tells the app to reload
                    raise
                finally:
                    self._storage.writable = False
                    self._depth = 0
