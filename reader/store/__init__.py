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
import os
import stat
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.store.files import (
    _UNSET,
    MIGRATIONS,
    StagedStorage,
    Tables,
    _AnnotationsDB,
    _BadFile,
    _decode,
    _empty_data,
    _exclusive_lock,
    _fsync_dir,
    _new_record,
    _read_file,
    _reason,
    _Records,
    _signature,
    write_atomic,
)
from reader.store.records import (
    ARTICLES,
    DELETED,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    MIN_PREFIX,
    NOTES,
    SCHEMA_VERSION,
    VERDICTS,
    AmbiguousIdError,
    ArticleAnnotations,
    ArticleRef,
    ImportFormatError,
    ImportResult,
    NewerSchemaError,
    Note,
    Quote,
    Raw,
    Signature,
    StoreBusyError,
    StoreError,
    UnknownIdError,
    Verdict,
    _annotations,
    _note,
    _region_dict,
    _text,
    _verdict,
    default_author,
    new_note_id,
    parse_export,
    resolve_prefix,
    utc_now,
)

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


__all__ = [
    "AmbiguousIdError",
    "AnnotationStore",
    "ArticleAnnotations",
    "ArticleRef",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "ImportFormatError",
    "ImportResult",
    "MIN_PREFIX",
    "NewerSchemaError",
    "Note",
    "Quote",
    "SCHEMA_VERSION",
    "StagedStorage",
    "StoreBusyError",
    "StoreError",
    "UnknownIdError",
    "VERDICTS",
    "Verdict",
    "default_author",
    "new_note_id",
    "parse_export",
    "resolve_prefix",
    "utc_now",
    "write_atomic",
]
