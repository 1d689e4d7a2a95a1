"""Notes as a list of their own: every note with its article, newest first, and note-text search.

The store keeps notes under their articles; the notes list (`reader notes`, the app's `A`) and the
`note:` filter want them the other way round. Both read the store's snapshot (`Store.all()`), so
the index never has to know about notes: a note match is a set of article ids, combined with the
index's own hits outside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reader.store.records import ArticleAnnotations, Note


@dataclass(frozen=True)
class NoteEntry:
    """One note with what a list needs to show of its article."""

    note: Note
    title: str
    source: str
    region: tuple[str, ...]

    @property
    def edited(self) -> bool:
        return self.note.updated != self.note.created

    def to_json(self) -> dict[str, Any]:
        """The line `reader notes --jsonl` prints: the note, its article's id, title and source."""
        return {
            **self.note.to_json(),
            "article_id": self.note.article_id,
            "title": self.title,
            "source": self.source,
            "region": list(self.region),
        }


def note_entries(annotations: Iterable[ArticleAnnotations]) -> list[NoteEntry]:
    """Every note, the most recently written or edited first (ties: newest id last written)."""
    entries = [
        NoteEntry(note, item.title, item.source, tuple(item.region_path()))
        for item in annotations
        for note in item.notes
    ]
    return sorted(entries, key=lambda e: (e.note.updated, e.note.created, e.note.id), reverse=True)


def note_matches(note: Note, needle: str) -> bool:
    """Case-insensitive substring match over the note's text and its quoted passage."""
    folded = needle.casefold()
    if folded in note.text.casefold():
        return True
    return note.quote is not None and folded in note.quote.text.casefold()


def filter_entries(entries: Iterable[NoteEntry], needle: str) -> list[NoteEntry]:
    """The entries whose note contains `needle` (all of them for an empty needle)."""
    if not needle.strip():
        return list(entries)
    return [entry for entry in entries if note_matches(entry.note, needle.strip())]


def articles_with_note(annotations: Mapping[str, ArticleAnnotations], needle: str) -> set[str]:
    """Ids of the articles with a note containing `needle`: what `note:词` and `/` add to the
    index's hits."""
    if not needle:
        return set()
    return {
        article_id
        for article_id, item in annotations.items()
        if any(note_matches(note, needle) for note in item.notes)
    }


__all__ = ["NoteEntry", "articles_with_note", "filter_entries", "note_entries", "note_matches"]
