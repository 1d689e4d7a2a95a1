"""Bookmarks, read state, verdicts and notes: the one thing the reader makes that cannot be re-derived.

The façade of the store package: the `Store` protocol everyone codes against, its two backends
(`AnnotationStore`, a TinyDB file; `PostgresStore`, a server, imported only when asked for, so
the file verbs never load psycopg), the records they hand out, and `open_store` for a `db`
setting. Nothing here prints.
"""

from __future__ import annotations

from reader.store.files import StagedStorage, write_atomic
from reader.store.location import Backend, StoreLocation, open_store, parse_location
from reader.store.protocol import Store
from reader.store.records import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    MIN_PREFIX,
    SCHEMA_VERSION,
    VERDICTS,
    AmbiguousIdError,
    ArticleAnnotations,
    ArticleRef,
    ImportFormatError,
    ImportResult,
    NewerSchemaError,
    Note,
    NoteAction,
    NoteEvent,
    Quote,
    StoreBusyError,
    StoreError,
    StoreOfflineError,
    UnknownIdError,
    UnknownSchemeError,
    Verdict,
    default_author,
    new_note_id,
    parse_export,
    resolve_prefix,
    utc_now,
)
from reader.store.tinydb_store import AnnotationStore

__all__ = [
    "AmbiguousIdError",
    "AnnotationStore",
    "ArticleAnnotations",
    "ArticleRef",
    "Backend",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "ImportFormatError",
    "ImportResult",
    "MIN_PREFIX",
    "NewerSchemaError",
    "Note",
    "NoteAction",
    "NoteEvent",
    "Quote",
    "SCHEMA_VERSION",
    "StagedStorage",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreLocation",
    "StoreOfflineError",
    "UnknownIdError",
    "UnknownSchemeError",
    "VERDICTS",
    "Verdict",
    "default_author",
    "new_note_id",
    "open_store",
    "parse_location",
    "parse_export",
    "resolve_prefix",
    "utc_now",
    "write_atomic",
]
