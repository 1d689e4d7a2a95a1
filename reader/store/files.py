"""The annotations file on disk: lock, read, decode, migrate, write atomically.

Every write goes to a temp file in the same folder, is fsynced and renamed over the old file, and
the folder is fsynced; every transaction holds an exclusive `flock` on a sidecar lock file. A file
that cannot be decoded is reported as `_BadFile` so the store can move it aside.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from reader.store.records import (
    ARTICLES,
    DELETED,
    META,
    NOTES,
    SCHEMA_VERSION,
    ImportFormatError,
    Raw,
    Signature,
    StoreBusyError,
    StoreError,
    _region_dict,
    _text,
    _timestamp,
    _verdict,
    new_note_id,
    utc_now,
)

# ---------------------------------------------------------------- the file


class _BadFile(Exception):
    """The bytes on disk are not an annotations file we can read; the message says why."""


def _empty_data() -> Raw:
    return {META: {"schema": {"version": SCHEMA_VERSION, "created": utc_now()}}}


def _decode(raw: bytes) -> tuple[Raw, int]:
    """Parse the file and tell its schema version; `_BadFile` if it is not one of ours."""
    if not raw.strip():
        raise _BadFile("it is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _BadFile("it is not UTF-8 text") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadFile(f"it is not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    if not isinstance(data, dict):
        raise _BadFile("it does not hold a JSON object")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise _BadFile(f"its table {name!r} is not a table of records")
    if META not in data:
        return data, 0
    schema = data[META].get("schema")
    version = schema.get("version") if isinstance(schema, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _BadFile("its schema version is missing or invalid")
    return data, version


_UNSET: dict[str, object] = {"bookmarked": False, "read": False, "verdict": None}


def _new_record(now: str) -> dict[str, Any]:
    return {
        "title": "",
        "source": "",
        "region": _region_dict(None),
        "bookmarked": False,
        "bookmarked_at": None,
        "read": False,
        "read_at": None,
        "verdict": None,
        "verdict_at": None,
        "created": now,
        "updated": now,
    }


def _migrate_0_to_1(data: Raw) -> Raw:
    """Version 0 is the prototype's plain TinyDB file: no `meta` table, one `_default` document per
    article with integer ids: {"article", "title", "source", "region", "bookmark", "read",
    "verdict", "notes": [{"text", "author", "time"}]}. Documents without an article id are kept
    in `v0_unmigrated`, so nothing of the old file is dropped (a byte copy is kept as well)."""
    now = utc_now()
    articles: dict[str, dict[str, Any]] = {}
    notes: dict[str, dict[str, Any]] = {}
    unmigrated: dict[str, dict[str, Any]] = {}
    for doc_id, doc in data.get("_default", {}).items():
        article_id = doc.get("article") or doc.get("id")
        if not isinstance(article_id, str) or not article_id:
            unmigrated[doc_id] = doc
            continue
        record = articles.setdefault(article_id, _new_record(now))
        record["title"] = record["title"] or _text(doc.get("title"))
        record["source"] = record["source"] or _text(doc.get("source"))
        if any(_region_dict(doc.get("region")).values()):
            record["region"] = _region_dict(doc.get("region"))
        if doc.get("bookmark") is True or doc.get("bookmarked") is True:
            record["bookmarked"], record["bookmarked_at"] = True, now
        if doc.get("read") is True:
            record["read"], record["read_at"] = True, now
        if _verdict(doc.get("verdict")):
            record["verdict"], record["verdict_at"] = doc["verdict"], now
        for item in doc.get("notes") or []:
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                unmigrated[f"{doc_id}:{len(unmigrated)}"] = {"article": article_id, "note": item}
                continue
            try:
                when = _timestamp(item.get("time", item.get("created")), "time")
            except ImportFormatError:
                when = now
            notes[new_note_id()] = {
                "article": article_id,
                "text": item["text"],
                "author": _text(item.get("author")),
                "created": when,
                "updated": when,
                "quote": None,
            }
    # Other tables come along; one whose name v1 uses is kept under a v0_ name.
    migrated: Raw = {
        (f"v0_{name}" if name in (META, ARTICLES, NOTES, DELETED) else name): table
        for name, table in data.items()
        if name != "_default"
    }
    migrated[META] = {"schema": {"version": 1, "created": now, "migrated_from": 0}}
    migrated[ARTICLES] = articles
    migrated[NOTES] = notes
    if unmigrated:
        migrated["v0_unmigrated"] = unmigrated
    return migrated


MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {0: _migrate_0_to_1}


def _signature(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _read_file(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The file's bytes and the stat of that very inode, or None if there is no file."""
    try:
        with open(path, "rb") as handle:
            return handle.read(), os.fstat(handle.fileno())
    except FileNotFoundError:
        return None
    except IsADirectoryError as exc:
        raise StoreError(f"annotations path {path} is a folder, not a file") from exc
    except OSError as exc:
        raise StoreError(f"cannot read annotations file {path}: {exc.strerror}") from exc


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable; some file systems cannot fsync a folder, which is then fine."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def write_atomic(path: Path, payload: bytes, mode: int = 0o600, gid: int | None = None) -> Signature:
    """Replace `path` with `payload` so a crash leaves the old or the new file, never a mix."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        try:
            if gid is not None and gid != os.getegid():
                with contextlib.suppress(OSError):  # keep a shared file's group where allowed
                    os.fchown(fd, -1, gid)
            os.fchmod(fd, mode)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            signature = _signature(os.fstat(fd))
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return signature


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _serialize(data: Raw) -> bytes:
    """UTF-8 JSON with one record per line: Chinese readable, diffs and grep useful, and nearly
    as fast as compact output (`indent=` would force json's slow pure-Python encoder)."""
    tables = []
    for name, table in data.items():
        records = ",\n".join(f"  {_encode(key)}: {_encode(doc)}" for key, doc in table.items())
        tables.append(f"{_encode(name)}: {{\n{records}\n}}" if records else f"{_encode(name)}: {{}}")
    return ("{\n" + ",\n".join(tables) + "\n}\n").encode("utf-8")


@contextlib.contextmanager
def _exclusive_lock(lock_path: Path, mode: int, timeout: float) -> Iterator[None]:
    """Hold `flock(LOCK_EX)` on the sidecar lock file; polls so a stuck peer cannot hang us forever."""
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CLOEXEC)
            break
        except PermissionError:  # a teammate's lock file we may only read: flock works on it too
            fd = os.open(lock_path, os.O_RDONLY | os.O_CLOEXEC)
            break
        except FileNotFoundError:
            with contextlib.suppress(FileExistsError):
                fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
                os.fchmod(fd, mode)
                break
    try:
        deadline = time.monotonic() + timeout
        delay = 0.0005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"annotations file is locked by another process for over {timeout:.0f} s "
                        f"(lock {lock_path}); try again"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.01)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class StagedStorage(Storage):
    """TinyDB storage over the state read inside the lock: TinyDB's writes are staged in memory and
    `flush` writes them to disk atomically, once per transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: Raw = {}
        self.dirty = False
        self.writable = False
        self.mode = 0o600
        self.gid: int | None = None

    def read(self) -> Raw:
        return self.data

    def write(self, data: Raw) -> None:
        if not self.writable:
            raise RuntimeError("annotations changed outside store.transaction()")
        self.data = data
        self.dirty = True

    def flush(self) -> tuple[Signature, bytes]:
        """Write the staged state over the file (temp file, fsync, replace, fsync folder)."""
        payload = _serialize(self.data)
        signature = write_atomic(self.path, payload, self.mode, self.gid)
        self.dirty = False
        return signature, payload


class _KeyedTable(Table):
    """A table keyed by our own string ids, so TinyDB never invents (and caches) a next id."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB types ids as int; JSON keys are str anyway

    def _update_table(self, updater: Callable[[dict[Any, Any]], None]) -> None:
        """TinyDB copies the whole table twice per change to turn keys into ints and back; our keys
        are strings already, so change the staged table in place (a batch stays linear)."""
        if isinstance(self._storage, StagedStorage) and not self._storage.writable:
            raise RuntimeError("annotations changed outside store.transaction()")
        tables = self._storage.read() or {}
        updater(tables.setdefault(self.name, {}))
        self._storage.write(tables)
        self.clear_cache()


class _AnnotationsDB(TinyDB):
    table_class = _KeyedTable


class _Records:
    """A typed face on one TinyDB table keyed by string ids."""

    def __init__(self, table: Table) -> None:
        self._table = cast(Any, table)

    def get(self, key: str) -> dict[str, Any] | None:
        doc = self._table.get(doc_id=key)
        return dict(doc) if doc is not None else None

    def put(self, key: str, record: Mapping[str, Any]) -> None:
        self._table.upsert(Document(dict(record), doc_id=cast(Any, key)))

    def remove(self, key: str) -> bool:
        return bool(self._table.remove(doc_ids=[key]))

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for doc in self._table:
            yield str(doc.doc_id), dict(doc)


@dataclass
class Tables:
    """The tables a transaction works on."""

    articles: _Records
    notes: _Records
    deleted: _Records
    history: _Records
