"""Rows of the annotation tables as the records the rest of the reader knows, and back.

The row shapes mirror the file backend's documents, so both build their records with the same
functions (`reader.store.records`) and export exactly the same JSON.
"""

from __future__ import annotations

from typing import Any

from psycopg import Connection

from reader.store.records import ArticleAnnotations, ArticleRef, Note, _annotations, _note

ARTICLE_COLUMNS = (
    "id, title, source, province, city, county, bookmarked, bookmarked_at, bookmarked_by, "
    "read, read_at, verdict, verdict_at, verdict_by, created, updated"
)
NOTE_COLUMNS = "id, article_id, text, author, created, updated, quote_text, quote_para"
# The transaction's start on the server's clock, in the records' UTC text form.
SERVER_NOW = "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

UPSERT_ARTICLE = """
INSERT INTO articles AS a (id, title, source, province, city, county, created, updated)
VALUES (%(id)s, %(title)s, %(source)s, %(province)s, %(city)s, %(county)s, %(now)s, %(now)s)
ON CONFLICT (id) DO UPDATE SET
    title = CASE WHEN EXCLUDED.title <> '' AND NOT (%(fill)s AND a.title <> '')
                 THEN EXCLUDED.title ELSE a.title END,
    source = CASE WHEN EXCLUDED.source <> '' AND NOT (%(fill)s AND a.source <> '')
                  THEN EXCLUDED.source ELSE a.source END,
    province = CASE WHEN %(has_region)s AND NOT (%(fill)s AND COALESCE(a.province, a.city, a.county) IS NOT NULL)
                    THEN EXCLUDED.province ELSE a.province END,
    city = CASE WHEN %(has_region)s AND NOT (%(fill)s AND COALESCE(a.province, a.city, a.county) IS NOT NULL)
                THEN EXCLUDED.city ELSE a.city END,
    county = CASE WHEN %(has_region)s AND NOT (%(fill)s AND COALESCE(a.province, a.city, a.county) IS NOT NULL)
                  THEN EXCLUDED.county ELSE a.county END,
    updated = CASE WHEN %(touch)s THEN %(now)s ELSE a.updated END
"""


def ref_params(ref: ArticleRef, now: str, *, fill: bool = False, touch: bool = True) -> dict[str, Any]:
    region = ref.region
    return {
        "id": ref.id,
        "title": ref.title,
        "source": ref.source,
        "province": region.get("province") or None,
        "city": region.get("city") or None,
        "county": region.get("county") or None,
        "has_region": any(region.values()),
        "now": now,
        "fill": fill,
        "touch": touch,
    }


def article_doc(row: tuple[Any, ...]) -> dict[str, Any]:
    """An `articles` row as the file backend's article document."""
    (_id, title, source, province, city, county, bookmarked, bookmarked_at, bookmarked_by) = row[:9]
    (read, read_at, verdict, verdict_at, verdict_by, created, updated) = row[9:]
    return {
        "title": title,
        "source": source,
        "region": {"province": province, "city": city, "county": county},
        "bookmarked": bookmarked,
        "bookmarked_at": bookmarked_at,
        "bookmarked_by": bookmarked_by,
        "read": read,
        "read_at": read_at,
        "verdict": verdict,
        "verdict_at": verdict_at,
        "verdict_by": verdict_by,
        "created": created,
        "updated": updated,
    }


def note_doc(row: tuple[Any, ...]) -> dict[str, Any]:
    """A `notes` row as the file backend's note document."""
    _id, article_id, text, author, created, updated, quote_text, quote_para = row
    quote = {"text": quote_text, "para": quote_para} if quote_text is not None else None
    return {
        "article": article_id,
        "text": text,
        "author": author,
        "created": created,
        "updated": updated,
        "quote": quote,
    }


def note_params(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "article_id": note.article_id,
        "text": note.text,
        "author": note.author,
        "created": note.created,
        "updated": note.updated,
        "quote_text": note.quote.text if note.quote else None,
        "quote_para": note.quote.para if note.quote else None,
    }


INSERT_NOTE = f"""
INSERT INTO notes ({NOTE_COLUMNS})
VALUES (%(id)s, %(article_id)s, %(text)s, %(author)s, %(created)s, %(updated)s, %(quote_text)s, %(quote_para)s)
"""


def load_annotations(conn: Connection[Any], article_id: str | None = None) -> dict[str, ArticleAnnotations]:
    """Every annotated article (or just one), built as the file backend builds them."""
    where, params = ("WHERE id = %s", (article_id,)) if article_id is not None else ("", ())
    note_where = "WHERE article_id = %s" if article_id is not None else ""
    articles = {
        row[0]: article_doc(row)
        for row in conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles {where}", params)
    }
    by_article: dict[str, list[Note]] = {}
    for row in conn.execute(f"SELECT {NOTE_COLUMNS} FROM notes {note_where} ORDER BY created, seq", params):
        note = _note(row[0], note_doc(row))
        by_article.setdefault(note.article_id, []).append(note)
    result = {key: _annotations(key, doc, by_article.pop(key, [])) for key, doc in articles.items()}
    for key, notes in by_article.items():  # notes whose article row is missing: never hidden
        result[key] = _annotations(key, {}, notes)
    return result
