"""The file backend of the annotation store: bookmarks, verdicts, read marks and notes as records
in the TinyDB file that `LockedFile` (`reader.store.filedb`) locks, re-reads and replaces.

Every method here runs inside `transaction()`, so what it changes is one atomic write.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from reader.store.filedb import LockedFile
from reader.store.files import _UNSET, Tables, _new_record
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
    UnknownIdError,
    Verdict,
    _annotations,
    _note,
    _region_dict,
    _text,
    _verdict,
    new_note_id,
    note_event,
    parse_export,
    utc_now,
)


class AnnotationStore(LockedFile):
    """The annotations file as a `Store`: queries read the snapshot, changes are transactions."""

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
            if name in ("verdict", "bookmarked"):
                record[f"{name}_by"] = self.author
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
            self._log(tables, note.id, NoteAction.ADDED, now, text)
            return note

    def _log(self, tables: Tables, note_id: str, action: NoteAction, at: str, text: str) -> None:
        event = {"note": note_id, "action": str(action), "by": self.author, "at": at, "text": text}
        tables.history.put(f"e-{os.urandom(6).hex()}", event)

    def note_history(self, note_id: str) -> list[NoteEvent]:
        """Who added, edited, deleted and restored the note, and when, oldest first."""
        with self._mutex:
            events = [
                note_event(doc) for _, doc in self._tables.history.items() if doc.get("note") == note_id
            ]
        return sorted((e for e in events if e is not None), key=lambda e: e.at)

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
            self._log(tables, note_id, NoteAction.EDITED, doc["updated"], text)
            return _note(note_id, doc)

    def delete_note(self, note_id: str) -> bool:
        """Delete a note, keeping it in `deleted_notes` so it can be restored and an older export
        cannot bring it back. False if there was no such note."""
        with self.transaction() as tables:
            doc = tables.notes.get(note_id)
            if doc is None:
                return False
            tables.notes.remove(note_id)
            now = utc_now()
            tables.deleted.put(note_id, {"note": doc, "deleted": now, "by": self.author})
            self._log(tables, note_id, NoteAction.DELETED, now, _text(doc.get("text")))
            return True

    def restore_note(self, note_id: str) -> Note | None:
        """Bring back a deleted note (the app's undo); None if there is nothing to restore."""
        with self.transaction() as tables:
            tomb = tables.deleted.get(note_id)
            if tomb is None or not isinstance(tomb.get("note"), dict) or tables.notes.get(note_id):
                return None
            tables.deleted.remove(note_id)
            tables.notes.put(note_id, tomb["note"])
            self._log(tables, note_id, NoteAction.RESTORED, utc_now(), _text(tomb["note"].get("text")))
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


__all__ = ["AnnotationStore"]
