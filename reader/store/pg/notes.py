"""Note changes on the server, each the body of one store transaction: `(conn, touched, author, …)`.

Every change appends to `note_history` with the editor and the server's time, and names the
article it touched so the store re-reads it before the commit.
"""

from __future__ import annotations

import json
from typing import Any

from psycopg import Connection

from reader.store.pg.rows import INSERT_NOTE, SERVER_NOW, UPSERT_ARTICLE, note_params, ref_params
from reader.store.records import ArticleRef, Note, NoteAction, Quote, UnknownIdError, new_note_id


def server_now(conn: Connection[Any]) -> str:
    """The transaction's start on the server's clock, as the records write times."""
    row = conn.execute(SERVER_NOW).fetchone()
    assert row is not None
    return str(row[0])


def log(conn: Connection[Any], author: str, note_id: str, action: NoteAction, at: str, text: str) -> None:
    conn.execute(
        "INSERT INTO note_history (note_id, action, by_whom, at, text) VALUES (%s, %s, %s, %s, %s)",
        (note_id, str(action), author, at, text),
    )


def add(
    conn: Connection[Any], touched: list[str], author: str, ref: ArticleRef, text: str, quote: Quote | None
) -> Note:
    now = server_now(conn)
    conn.execute(UPSERT_ARTICLE, ref_params(ref, now))
    note = Note(new_note_id(), ref.id, text, author, now, now, quote)
    while conn.execute(
        "SELECT 1 FROM notes WHERE id = %(id)s UNION ALL SELECT 1 FROM deleted_notes WHERE id = %(id)s",
        {"id": note.id},
    ).fetchone():
        note = Note(new_note_id(), ref.id, text, author, now, now, quote)
    conn.execute(INSERT_NOTE, note_params(note))
    log(conn, author, note.id, NoteAction.ADDED, now, text)
    touched.append(ref.id)
    return note


def update(conn: Connection[Any], touched: list[str], author: str, note_id: str, text: str) -> None:
    now = server_now(conn)
    row = conn.execute(
        "UPDATE notes SET text = %s, updated = %s WHERE id = %s RETURNING article_id", (text, now, note_id)
    ).fetchone()
    if row is None:
        raise UnknownIdError(f"no note with id {note_id!r}")
    log(conn, author, note_id, NoteAction.EDITED, now, text)
    touched.append(row[0])


def delete(conn: Connection[Any], touched: list[str], author: str, note_id: str) -> bool:
    """Move the note to `deleted_notes` (so an older export cannot bring it back); False if none."""
    row = conn.execute(
        "DELETE FROM notes WHERE id = %s RETURNING article_id, text, author, created, updated, quote_text, quote_para",
        (note_id,),
    ).fetchone()
    if row is None:
        return False
    article_id, text, written_by, created, updated, quote_text, quote_para = row
    quote = {"text": quote_text, "para": quote_para} if quote_text is not None else None
    doc = {"article": article_id, "text": text, "author": written_by, "created": created,
           "updated": updated, "quote": quote}  # fmt: skip
    now = server_now(conn)
    conn.execute(
        "INSERT INTO deleted_notes (id, note, deleted, deleted_by) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note, deleted = EXCLUDED.deleted, "
        "deleted_by = EXCLUDED.deleted_by",
        (note_id, json.dumps(doc, ensure_ascii=False), now, author),
    )
    log(conn, author, note_id, NoteAction.DELETED, now, text)
    touched.append(article_id)
    return True


def restore(conn: Connection[Any], touched: list[str], author: str, note_id: str) -> bool:
    """Bring a deleted note back; False (nothing changed) if there is none or its id is in use."""
    row = conn.execute("DELETE FROM deleted_notes WHERE id = %s RETURNING note", (note_id,)).fetchone()
    if row is None or conn.execute("SELECT 1 FROM notes WHERE id = %s", (note_id,)).fetchone():
        conn.rollback()
        return False
    doc = row[0]
    quote = doc.get("quote")
    note = Note(note_id, doc["article"], doc["text"], doc["author"], doc["created"], doc["updated"],
                Quote(quote["text"], quote["para"]) if quote else None)  # fmt: skip
    conn.execute(INSERT_NOTE, note_params(note))
    log(conn, author, note_id, NoteAction.RESTORED, server_now(conn), note.text)
    touched.append(note.article_id)
    return True
