"""`import_json` on the server: the file backend's merge rules, row by row in one transaction.

Notes merge by id (the newer `updated` wins; a deletion here after a note's last edit stays);
bookmarks, read marks and verdicts are added where the database has none, never removed or
overwritten. Rows are locked as they are read, so a concurrent editor's change is not lost.
"""

from __future__ import annotations

from typing import Any

from psycopg import Connection

from reader.store.pg.rows import ARTICLE_COLUMNS, INSERT_NOTE, UPSERT_ARTICLE, note_params, ref_params
from reader.store.records import ArticleAnnotations, ArticleRef, ImportResult, Note

_MARKS = (("bookmarked", False), ("read", False), ("verdict", None))
_BY = {"bookmarked", "verdict"}


def _row(conn: Connection[Any], article_id: str) -> tuple[Any, ...] | None:
    return conn.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s FOR UPDATE", (article_id,)
    ).fetchone()


def merge_article(
    conn: Connection[Any], item: ArticleAnnotations, author: str, now: str, result: ImportResult
) -> None:
    before = _row(conn, item.id)
    conn.execute(
        UPSERT_ARTICLE,
        ref_params(ArticleRef(item.id, item.title, item.source, item.region), now, fill=True, touch=False),
    )
    current = conn.execute(
        "SELECT bookmarked, read, verdict FROM articles WHERE id = %s", (item.id,)
    ).fetchone()
    assert current is not None
    values = dict(zip(("bookmarked", "read", "verdict"), current, strict=True))
    incoming = {"bookmarked": item.bookmarked, "read": item.read, "verdict": item.verdict}
    for name, unset in _MARKS:
        value = incoming[name]
        if value == unset or values[name] == value:
            continue
        if name == "verdict" and values[name] is not None:
            result.verdicts_kept += 1
            continue
        by = f", {name}_by = %s" if name in _BY else ""
        params: tuple[Any, ...] = (value, now, author, item.id) if by else (value, now, item.id)
        conn.execute(f"UPDATE articles SET {name} = %s, {name}_at = %s{by} WHERE id = %s", params)
    if before is None or _row(conn, item.id) != before:
        conn.execute("UPDATE articles SET updated = %s WHERE id = %s", (now, item.id))
        if before is None:
            result.articles_added += 1
        else:
            result.articles_updated += 1
    for note in item.notes:
        merge_note(conn, note, result)


def merge_note(conn: Connection[Any], note: Note, result: ImportResult) -> None:
    local = conn.execute("SELECT updated FROM notes WHERE id = %s FOR UPDATE", (note.id,)).fetchone()
    if local is None:
        tomb = conn.execute(
            "SELECT deleted FROM deleted_notes WHERE id = %s FOR UPDATE", (note.id,)
        ).fetchone()
        if tomb is not None and tomb[0] >= note.updated:
            result.notes_skipped_deleted += 1
            return
        if tomb is not None:
            conn.execute("DELETE FROM deleted_notes WHERE id = %s", (note.id,))
        conn.execute(INSERT_NOTE, note_params(note))
        result.notes_added += 1
    elif note.updated > local[0]:
        params = note_params(note)
        conn.execute(
            "UPDATE notes SET text = %(text)s, author = %(author)s, updated = %(updated)s, "
            "quote_text = %(quote_text)s, quote_para = %(quote_para)s WHERE id = %(id)s",
            params,
        )
        result.notes_updated += 1
    else:
        result.notes_unchanged += 1
