"""Writing whole articles into the archive, a batch at a time, in the local index's own forms.

A row is the index's: its list columns (`ArticleColumns`), its record (`pack_record`), its
keywords, its `--jsonl` line (`search_hit`) and its folded text — made by the index's functions,
so the archive restores an article exactly as the index does (`ArticleRow.article`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple

import psycopg

from reader.index.rows import ArticleColumns, pack_record, search_hit, searchable_text
from reader.model import Article

BATCH = 500  # rows per round trip; a batch's grams are all that is held in memory


class Located(NamedTuple):
    """An article with the path its page file is indexed under (what path arguments match)."""

    path: str
    article: Article


class ArchiveRow(NamedTuple):
    """An `archive_articles` row: the index's list columns, then the archive's own."""

    columns: ArticleColumns
    source: str
    path: str
    hit: str
    record: bytes
    keywords: str
    text: str
    grams: list[str]

    @classmethod
    def of(cls, item: Article | Located) -> ArchiveRow:
        path, article = (item.path, item.article) if isinstance(item, Located) else (item.source, item)
        text = searchable_text(article)
        return cls(
            ArticleColumns.of(article),
            article.source,
            path,
            search_hit(article, article.source),
            pack_record(article, portable=True),
            json.dumps(article.keywords, ensure_ascii=False),
            text,
            grams(text),
        )

    def values(self) -> tuple[Any, ...]:
        return (*self.columns, *self[1:])


COLUMNS = (*ArticleColumns._fields, *ArchiveRow._fields[1:])
UPSERT = (
    f"INSERT INTO archive_articles ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{name} = EXCLUDED.{name}" for name in COLUMNS if name != "id")
)


def grams(text: str) -> list[str]:
    """The distinct characters and character pairs of `text`."""
    return sorted(set(text) | {text[i : i + 2] for i in range(len(text) - 1)})


def put(conn: psycopg.Connection[Any], items: Iterable[Article | Located]) -> int:
    """Add or replace articles by id in one transaction (all or nothing); how many were written."""
    count = 0
    batch: list[tuple[Any, ...]] = []
    with conn.transaction(), conn.cursor() as cur:
        for item in items:
            batch.append(ArchiveRow.of(item).values())
            if len(batch) == BATCH:
                cur.executemany(UPSERT, batch)
                count += len(batch)
                batch.clear()
        if batch:
            cur.executemany(UPSERT, batch)
            count += len(batch)
    return count
