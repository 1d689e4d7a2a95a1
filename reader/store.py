"""Bookmarks, read state, verdicts and notes: the one thing the reader makes that cannot be re-derived.

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
import errno
import fcntl
import getpass
import json
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

if TYPE_CHECKING:
    from reader.model import Article

SCHEMA_VERSION = 1
EXPORT_FORMAT = "reader-annotations"
EXPORT_VERSION = 1

Verdict = Literal["pick", "followup", "skip"]
VERDICTS: tuple[Verdict, ...] = ("pick", "followup", "skip")

META, ARTICLES, NOTES, DELETED = "meta", "articles", "notes", "deleted_notes"
MIN_PREFIX = 4

Raw = dict[str, dict[str, Any]]
Signature = tuple[int, int, int]


# ---------------------------------------------------------------- errors


class StoreError(Exception):
    """A problem the user must act on; `str()` is one line fit for stderr or a status bar."""


class NewerSchemaError(StoreError):
    """The file was written by a newer reader; we refuse to read or overwrite it."""


class StoreBusyError(StoreError):
    """Another process held the lock for longer than the timeout."""


class UnknownIdError(StoreError):
    """No article or note has this id or prefix."""


class AmbiguousIdError(StoreError):
    """The prefix matches more than one id."""


class ImportFormatError(StoreError):
    """The file given to `import_json` is not a reader-annotations export."""


# ---------------------------------------------------------------- records


def utc_now() -> str:
    """ISO 8601 UTC to the second (`2026-11-23T18:45:00Z`): sortable as text."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_author() -> str:
    """`$READER_AUTHOR`, else the login name (the config file may pass its own setting)."""
    name = os.environ.get("READER_AUTHOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no passwd entry, as in some containers
        return "unknown"


def new_note_id() -> str:
    """A random, collision-free id that two processes can mint without talking."""
    return "n-" + os.urandom(6).hex()


def _region_dict(value: object) -> dict[str, str | None]:
    src = value if isinstance(value, Mapping) else {}
    out: dict[str, str | None] = {}
    for level in ("province", "city", "county"):
        item = src.get(level)
        out[level] = item if isinstance(item, str) and item else None
    return out


@dataclass(frozen=True)
class ArticleRef:
    """What the store copies from an article, so a record stays meaningful if the article leaves."""

    id: str
    title: str = ""
    source: str = ""
    region: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_article(cls, article: Article) -> ArticleRef:
        region = article.region
        return cls(
            article.id,
            article.title,
            article.source,
            {"province": region.province, "city": region.city, "county": region.county},
        )


@dataclass(frozen=True)
class Quote:
    """A passage a note refers to, with the index of its paragraph in the article body."""

    text: str
    para: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "para": self.para}


@dataclass(frozen=True)
class Note:
    """One note on one article."""

    id: str
    article_id: str
    text: str
    author: str
    created: str
    updated: str
    quote: Quote | None = None

    def to_json(self) -> dict[str, Any]:
        """The note as it appears in an export."""
        return {
            "id": self.id,
            "text": self.text,
            "author": self.author,
            "created": self.created,
            "updated": self.updated,
            "quote": self.quote.to_json() if self.quote else None,
        }


@dataclass(frozen=True)
class ArticleAnnotations:
    """Everything an editor marked on one article, with the article's title, source and region."""

    id: str
    title: str
    source: str
    region: dict[str, str | None]
    bookmarked: bool = False
    bookmarked_at: str | None = None
    read: bool = False
    read_at: str | None = None
    verdict: Verdict | None = None
    verdict_at: str | None = None
    notes: tuple[Note, ...] = ()
    created: str | None = None
    updated: str | None = None

    def region_path(self) -> list[str]:
        """The known region levels, outermost first."""
        return [name for name in (self.region.get(k) for k in ("province", "city", "county")) if name]

    @property
    def marked(self) -> bool:
        """True if an editor's report should show it: a bookmark, a verdict or a note."""
        return self.bookmarked or self.verdict is not None or bool(self.notes)

    def to_json(self) -> dict[str, Any]:
        """The article as it appears in an export."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "region": dict(self.region),
            "bookmarked": self.bookmarked,
            "read": self.read,
            "verdict": self.verdict,
            "notes": [note.to_json() for note in self.notes],
        }


@dataclass
class ImportResult:
    """What `import_json` changed, for a one-line summary."""

    articles_added: int = 0
    articles_updated: int = 0
    notes_added: int = 0
    notes_updated: int = 0
    notes_unchanged: int = 0
    notes_skipped_deleted: int = 0
    verdicts_kept: int = 0

    def summary(self) -> str:
        text = (
            f"imported: {self.articles_added} articles added, {self.articles_updated} updated; "
            f"{self.notes_added} notes added, {self.notes_updated} updated, {self.notes_unchanged} unchanged"
        )
        if self.notes_skipped_deleted:
            text += f"; {self.notes_skipped_deleted} skipped (deleted here after their last edit)"
        if self.verdicts_kept:
            text += f"; kept {self.verdicts_kept} local verdicts that differ from the file"
        return text


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _opt_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _verdict(value: object) -> Verdict | None:
    return value if value in VERDICTS else None


def _quote(value: object) -> Quote | None:
    if isinstance(value, Mapping) and isinstance(value.get("text"), str):
        para = value.get("para")
        if isinstance(para, int) and not isinstance(para, bool):
            return Quote(value["text"], para)
    return None


def _note(note_id: str, doc: Mapping[str, Any]) -> Note:
    created = _text(doc.get("created"))
    return Note(
        id=note_id,
        article_id=_text(doc.get("article")),
        text=_text(doc.get("text")),
        author=_text(doc.get("author")),
        created=created,
        updated=_text(doc.get("updated")) or created,
        quote=_quote(doc.get("quote")),
    )


def _annotations(article_id: str, doc: Mapping[str, Any], notes: Iterable[Note]) -> ArticleAnnotations:
    return ArticleAnnotations(
        id=article_id,
        title=_text(doc.get("title")),
        source=_text(doc.get("source")),
        region=_region_dict(doc.get("region")),
        bookmarked=doc.get("bookmarked") is True,
        bookmarked_at=_opt_text(doc.get("bookmarked_at")),
        read=doc.get("read") is True,
        read_at=_opt_text(doc.get("read_at")),
        verdict=_verdict(doc.get("verdict")),
        verdict_at=_opt_text(doc.get("verdict_at")),
        notes=tuple(sorted(notes, key=lambda n: n.created)),  # stable: same second keeps file order
        created=_opt_text(doc.get("created")),
        updated=_opt_text(doc.get("updated")),
    )


def resolve_prefix(prefix: str, ids: Iterable[str], what: str = "article") -> str:
    """The one id equal to `prefix`, or the one starting with it (at least 4 characters)."""
    wanted = prefix.strip().lower()
    pool = set(ids)
    if wanted in pool:
        return wanted
    if len(wanted) < MIN_PREFIX:
        raise UnknownIdError(
            f"no {what} with id {prefix!r} (a prefix needs at least {MIN_PREFIX} characters)"
        )
    hits = sorted(i for i in pool if i.startswith(wanted))
    if not hits:
        raise UnknownIdError(f"no {what} with id {prefix!r}")
    if len(hits) > 1:
        shown = ", ".join(hits[:5]) + (", …" if len(hits) > 5 else "")
        raise AmbiguousIdError(f"{what} id prefix {prefix!r} matches {len(hits)} ids: {shown}")
    return hits[0]


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


# ---------------------------------------------------------------- the store


class AnnotationStore:
    """The annotations file as an API: reads from an in-memory snapshot (call `reload()` when
    `changed_on_disk()`), writes through one locked, re-read, atomically written transaction."""

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
        )
        self._signature: Signature | None = None
        self._raw: bytes | None = None
        self._mutex = threading.RLock()
        self._depth = 0
        self._swept = False
        self.reload()

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

    # -- queries

    def get(self, article_id: str) -> ArticleAnnotations | None:
        """The article's annotations, or None if it has none."""
        return self.all().get(article_id)

    def all(self) -> dict[str, ArticleAnnotations]:
        """Every annotated article by id, orphans included (a note never disappears from view)."""
        with self._mutex:
            by_article: dict[str, list[Note]] = {}
            for note_id, doc in self._tables.notes.items():
                note = _note(note_id, doc)
                by_article.setdefault(note.article_id, []).append(note)
            result = {
                article_id: _annotations(article_id, doc, by_article.pop(article_id, []))
                for article_id, doc in self._tables.articles.items()
            }
            for article_id, notes in by_article.items():  # notes whose article record is missing
                result[article_id] = _annotations(article_id, {}, notes)
            return dict(sorted(result.items()))

    def note(self, note_id: str) -> Note | None:
        with self._mutex:
            doc = self._tables.notes.get(note_id)
            return _note(note_id, doc) if doc is not None else None

    def note_ids(self) -> list[str]:
        with self._mutex:
            return [note_id for note_id, _ in self._tables.notes.items()]

    def orphans(self, known_ids: Iterable[str]) -> list[ArticleAnnotations]:
        """Annotated articles that are no longer in the corpus: listed and exported, never dropped."""
        known = set(known_ids)
        return [item for article_id, item in self.all().items() if article_id not in known]

    # -- changes

    def _record(
        self, tables: Tables, ref: ArticleRef, now: str, *, fill_only: bool = False
    ) -> dict[str, Any]:
        """The article's record, created if new; title, source and region refreshed from `ref`
        (or, with `fill_only`, only filled in where the record has none)."""
        record = tables.articles.get(ref.id) or _new_record(now)
        if ref.title and not (fill_only and record.get("title")):
            record["title"] = ref.title
        if ref.source and not (fill_only and record.get("source")):
            record["source"] = ref.source
        if any(ref.region.values()) and not (fill_only and any(_region_dict(record.get("region")).values())):
            record["region"] = _region_dict(ref.region)
        return record

    def _set_field(self, ref: ArticleRef, name: str, value: object) -> object:
        """Set one of bookmarked/read/verdict with its time; no write if it already has that value
        (so the time stays the time it was first set)."""
        with self.transaction() as tables:
            existing = tables.articles.get(ref.id)
            previous = existing.get(name) if existing is not None else _UNSET[name]
            if previous == value:
                return previous
            now = utc_now()
            record = self._record(tables, ref, now)
            record[name], record[f"{name}_at"], record["updated"] = value, now, now
            tables.articles.put(ref.id, record)
            return previous

    def set_bookmark(self, ref: ArticleRef, on: bool = True) -> None:
        self._set_field(ref, "bookmarked", bool(on))

    def toggle_bookmark(self, ref: ArticleRef) -> bool:
        """Flip the bookmark against the file's current state; returns the new state."""
        with self.transaction():
            current = self._tables.articles.get(ref.id)
            on = not (current is not None and current.get("bookmarked") is True)
            self._set_field(ref, "bookmarked", on)
            return on

    def set_read(self, ref: ArticleRef, read: bool = True) -> None:
        self._set_field(ref, "read", bool(read))

    def set_verdict(self, ref: ArticleRef, verdict: Verdict | None) -> Verdict | None:
        """Set (never toggle) the verdict; None clears it. Returns the previous verdict."""
        if verdict is not None and verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)} or None, not {verdict!r}")
        return _verdict(self._set_field(ref, "verdict", verdict))

    def set_verdicts(self, refs: Iterable[ArticleRef], verdict: Verdict | None) -> dict[str, Verdict | None]:
        """Mark many articles in one transaction; returns each one's previous verdict, for undo."""
        with self.transaction():
            return {ref.id: self.set_verdict(ref, verdict) for ref in refs}

    def restore_verdicts(self, previous: Mapping[str, Verdict | None]) -> None:
        """Undo `set_verdicts`: put back the verdicts it returned, in one transaction."""
        with self.transaction() as tables:
            for article_id, verdict in previous.items():
                if tables.articles.get(article_id) is not None:
                    self.set_verdict(ArticleRef(article_id), verdict)

    def add_note(self, ref: ArticleRef, text: str, quote: Quote | None = None) -> Note:
        """Add a note by this store's author; returns it with its new id."""
        if not text.strip():
            raise ValueError("a note needs some text")
        with self.transaction() as tables:
            now = utc_now()
            record = self._record(tables, ref, now)
            record["updated"] = now
            tables.articles.put(ref.id, record)
            note = Note(new_note_id(), ref.id, text, self.author, now, now, quote)
            while tables.notes.get(note.id) is not None or tables.deleted.get(note.id) is not None:
                note = Note(new_note_id(), ref.id, text, self.author, now, now, quote)
            tables.notes.put(note.id, self._note_doc(note))
            return note

    @staticmethod
    def _note_doc(note: Note) -> dict[str, Any]:
        return {
            "article": note.article_id,
            "text": note.text,
            "author": note.author,
            "created": note.created,
            "updated": note.updated,
            "quote": note.quote.to_json() if note.quote else None,
        }

    def update_note(self, note_id: str, text: str) -> Note:
        """Replace a note's text (author and creation time stay); UnknownIdError if it is gone."""
        if not text.strip():
            raise ValueError("a note needs some text")
        with self.transaction() as tables:
            doc = tables.notes.get(note_id)
            if doc is None:
                raise UnknownIdError(f"no note with id {note_id!r}")
            doc["text"], doc["updated"] = text, utc_now()
            tables.notes.put(note_id, doc)
            return _note(note_id, doc)

    def delete_note(self, note_id: str) -> bool:
        """Delete a note, keeping it in `deleted_notes` so it can be restored and an older export
        cannot bring it back. False if there was no such note."""
        with self.transaction() as tables:
            doc = tables.notes.get(note_id)
            if doc is None:
                return False
            tables.notes.remove(note_id)
            tables.deleted.put(note_id, {"note": doc, "deleted": utc_now(), "by": self.author})
            return True

    def restore_note(self, note_id: str) -> Note | None:
        """Bring back a deleted note (the app's undo); None if there is nothing to restore."""
        with self.transaction() as tables:
            tomb = tables.deleted.get(note_id)
            if tomb is None or not isinstance(tomb.get("note"), dict) or tables.notes.get(note_id):
                return None
            tables.deleted.remove(note_id)
            tables.notes.put(note_id, tomb["note"])
            return _note(note_id, tomb["note"])

    # -- exchange

    def export_json(self) -> dict[str, Any]:
        """The interchange document: articles by id, each with its notes oldest first."""
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "articles": [item.to_json() for item in self.all().values()],
        }

    def import_json(self, data: object) -> ImportResult:
        """Merge an export: notes by id (the newer `updated` wins, no duplicates, deletions made
        here after a note's last edit stay deleted); bookmarks, read marks and verdicts are added
        where this file has none, never removed or overwritten (an export carries no times for them)."""
        incoming = parse_export(data)
        result = ImportResult()
        with self.transaction() as tables:
            now = utc_now()
            for item in incoming:
                existed = tables.articles.get(item.id) is not None
                ref = ArticleRef(item.id, item.title, item.source, item.region)
                record = self._record(tables, ref, now, fill_only=True)
                before = dict(record)
                for name, value, unset in (
                    ("bookmarked", item.bookmarked, False),
                    ("read", item.read, False),
                    ("verdict", item.verdict, None),
                ):
                    if value == unset or record.get(name) == value:
                        continue
                    if name == "verdict" and record.get(name) is not None:
                        result.verdicts_kept += 1
                        continue
                    record[name], record[f"{name}_at"] = value, now
                if not existed or record != before:
                    record["updated"] = now
                    tables.articles.put(item.id, record)
                    if existed:
                        result.articles_updated += 1
                    else:
                        result.articles_added += 1
                for note in item.notes:
                    self._merge_note(tables, item.id, note, result)
        return result

    def _merge_note(self, tables: Tables, article_id: str, note: Note, result: ImportResult) -> None:
        local = tables.notes.get(note.id)
        if local is None:
            tomb = tables.deleted.get(note.id)
            if tomb is not None and _text(tomb.get("deleted")) >= note.updated:
                result.notes_skipped_deleted += 1
                return
            if tomb is not None:
                tables.deleted.remove(note.id)
            tables.notes.put(note.id, self._note_doc(note))
            result.notes_added += 1
        elif note.updated > _text(local.get("updated")):
            local.update(
                text=note.text,
                author=note.author,
                updated=note.updated,
                quote=note.quote.to_json() if note.quote else None,
            )
            tables.notes.put(note.id, local)
            result.notes_updated += 1
        else:
            result.notes_unchanged += 1


def _timestamp(value: object, where: str) -> str:
    """Normalise an ISO 8601 time to our UTC form, so text comparison orders them."""
    if not isinstance(value, str):
        raise ImportFormatError(f"{where} must be an ISO 8601 time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ImportFormatError(f"{where} is not an ISO 8601 time: {value!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_export(data: object) -> list[ArticleAnnotations]:
    """Check a whole export before anything is merged; `ImportFormatError` names the bad field."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportFormatError(f'not a reader annotations export ("format" is not {EXPORT_FORMAT!r})')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFormatError('the export has no integer "version"')
    if version > EXPORT_VERSION:
        raise ImportFormatError(
            f"the export has version {version}, newer than this reader's {EXPORT_VERSION}"
        )
    articles = data.get("articles")
    if not isinstance(articles, list):
        raise ImportFormatError('the export has no "articles" list')
    parsed: list[ArticleAnnotations] = []
    for i, item in enumerate(articles):
        where = f"articles[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            raise ImportFormatError(f'{where} needs a string "id"')
        for name in ("title", "source"):
            if not isinstance(item.get(name, ""), str):
                raise ImportFormatError(f"{where}.{name} must be a string")
        for name in ("bookmarked", "read"):
            if not isinstance(item.get(name, False), bool):
                raise ImportFormatError(f"{where}.{name} must be true or false")
        verdict = item.get("verdict")
        if verdict is not None and verdict not in VERDICTS:
            raise ImportFormatError(f"{where}.verdict must be one of {', '.join(VERDICTS)} or null")
        region = item.get("region")
        if region is not None and not isinstance(region, dict):
            raise ImportFormatError(f"{where}.region must be an object or null")
        notes_in = item.get("notes", [])
        if not isinstance(notes_in, list):
            raise ImportFormatError(f"{where}.notes must be a list")
        notes = [_parse_note(item["id"], note, f"{where}.notes[{j}]") for j, note in enumerate(notes_in)]
        parsed.append(
            ArticleAnnotations(
                id=item["id"],
                title=item.get("title", ""),
                source=item.get("source", ""),
                region=_region_dict(region),
                bookmarked=item.get("bookmarked", False),
                read=item.get("read", False),
                verdict=_verdict(verdict),
                notes=tuple(notes),
            )
        )
    return parsed


def _parse_note(article_id: str, note: object, where: str) -> Note:
    if not isinstance(note, dict) or not isinstance(note.get("id"), str) or not note["id"]:
        raise ImportFormatError(f'{where} needs a string "id"')
    for name in ("text", "author"):
        if not isinstance(note.get(name), str):
            raise ImportFormatError(f"{where}.{name} must be a string")
    created = _timestamp(note.get("created"), f"{where}.created")
    updated = _timestamp(note.get("updated", note.get("created")), f"{where}.updated")
    raw_quote = note.get("quote")
    quote = _quote(raw_quote)
    if raw_quote is not None and quote is None:
        raise ImportFormatError(f'{where}.quote must be null or {{"text": string, "para": integer}}')
    return Note(note["id"], article_id, note["text"], note["author"], created, updated, quote)
