"""The annotation store's records, errors and id helpers: plain data, no files and no locks.

Kept apart from the file layer (`reader.store.files`) and the store itself (`reader.store`), so
the export and import code and the tests can use them without opening anything.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from reader.model import Article

SCHEMA_VERSION = 1
EXPORT_FORMAT = "reader-annotations"
EXPORT_VERSION = 1

Verdict = Literal["pick", "followup", "skip"]
VERDICTS: tuple[Verdict, ...] = ("pick", "followup", "skip")

META, ARTICLES, NOTES, DELETED, HISTORY = "meta", "articles", "notes", "deleted_notes", "note_history"
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


class StoreOfflineError(StoreError):
    """The annotations server cannot be reached: nothing was saved (the message says so)."""


class UnknownSchemeError(StoreError):
    """`--db` / `READER_DB` / config `db` holds a URL whose scheme names no backend."""


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


class NoteAction(StrEnum):
    """What happened to a note, in its history."""

    ADDED = "added"
    EDITED = "edited"
    DELETED = "deleted"
    RESTORED = "restored"


@dataclass(frozen=True)
class NoteEvent:
    """One step in a note's history: who did what, when, and the text it had afterwards
    (before, for a deletion), so an editor can see how a shared note came to read as it does."""

    note_id: str
    action: NoteAction
    by: str
    at: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "note": self.note_id,
            "action": str(self.action),
            "by": self.by,
            "at": self.at,
            "text": self.text,
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
    #: Who last set the verdict and the bookmark (None in files written before they were kept).
    verdict_by: str | None = None
    bookmarked_by: str | None = None

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
        verdict_by=_opt_text(doc.get("verdict_by")),
        bookmarked_by=_opt_text(doc.get("bookmarked_by")),
    )


def note_event(doc: Mapping[str, Any]) -> NoteEvent | None:
    """A history entry from its stored form; None for one that is not ours."""
    try:
        action = NoteAction(_text(doc.get("action")))
    except ValueError:
        return None
    return NoteEvent(
        _text(doc.get("note")), action, _text(doc.get("by")), _text(doc.get("at")), _text(doc.get("text"))
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
