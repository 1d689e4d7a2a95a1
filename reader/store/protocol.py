"""The one interface the app, the CLI and export/import use, whichever backend holds the marks.

Two backends implement it: `AnnotationStore` (a TinyDB file, `reader.store.tinydb_store`) and
`PostgresStore` (a PostgreSQL server, `reader.store.pg`). Reads come from what the backend last
loaded, so a server that went away still shows the last state; every change is acknowledged only
once it is durable, and raises a `StoreError` (one line) when it is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from reader.store.records import (
    ArticleAnnotations,
    ArticleRef,
    ImportResult,
    Note,
    NoteEvent,
    Quote,
    Verdict,
)


@runtime_checkable
class Store(Protocol):
    """Bookmarks, read marks, verdicts and notes, with who changed them and when."""

    #: The name put on notes, verdicts and bookmarks this store writes.
    author: str
    #: Seconds between the app's cheap `changed()` polls.
    poll_interval: float

    @property
    def location(self) -> str:
        """Where the annotations live (a path, or a URL without its password), for messages."""
        ...

    # -- state

    def take_notices(self) -> list[str]:
        """One-line notices gathered since the last call (file moved aside, schema upgraded)."""
        ...

    def problem(self) -> str | None:
        """None while writes can be saved; else one line saying why not (a server gone away)."""
        ...

    def changed(self) -> bool:
        """Cheap: has someone else written since we last loaded?"""
        ...

    def reload(self) -> None:
        """Load the current state."""
        ...

    def close(self) -> None:
        """Let go of connections and threads."""
        ...

    # -- queries

    def get(self, article_id: str) -> ArticleAnnotations | None: ...

    def all(self) -> dict[str, ArticleAnnotations]:
        """Every annotated article by id, orphans included."""
        ...

    def note(self, note_id: str) -> Note | None: ...

    def note_ids(self) -> list[str]: ...

    def orphans(self, known_ids: Iterable[str]) -> list[ArticleAnnotations]: ...

    def note_history(self, note_id: str) -> list[NoteEvent]:
        """Who added, edited, deleted and restored the note, and when, oldest first."""
        ...

    # -- changes

    def set_bookmark(self, ref: ArticleRef, on: bool = True) -> None: ...

    def toggle_bookmark(self, ref: ArticleRef) -> bool: ...

    def set_read(self, ref: ArticleRef, read: bool = True) -> None: ...

    def set_verdict(self, ref: ArticleRef, verdict: Verdict | None) -> Verdict | None:
        """Set (never toggle); returns the previous verdict. The latest setting wins."""
        ...

    def set_verdicts(
        self, refs: Iterable[ArticleRef], verdict: Verdict | None
    ) -> dict[str, Verdict | None]: ...

    def restore_verdicts(self, previous: Mapping[str, Verdict | None]) -> None: ...

    def add_note(self, ref: ArticleRef, text: str, quote: Quote | None = None) -> Note: ...

    def update_note(self, note_id: str, text: str) -> Note:
        """Replace the text; the author stays, the edit is logged under this store's author."""
        ...

    def delete_note(self, note_id: str) -> bool: ...

    def restore_note(self, note_id: str) -> Note | None: ...

    # -- exchange

    def export_json(self) -> dict[str, Any]: ...

    def import_json(self, data: object) -> ImportResult: ...
