"""Reading the archive: search as the local index answers it, the list, whole articles.

A query is folded and widened by `reader.fold.needle`, as everywhere: each term of three or more
characters goes through the pg_trgm index (`LIKE '%…%'` over the folded text), a shorter one
through the grams index (`grams @> ARRAY['医保']`); an `=` query's candidates are then confirmed
against the printed text in the index's record. Rows a first archive left without their record
are in no answer (`schema.STALE`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.fold import Needle, needle
from reader.index.rows import ArticleRow, ListRow, printed_text
from reader.index.search import FileHits, ListedHit, under
from reader.library import Summary
from reader.model import Article, Region
from reader.pgarchive.connection import ArchiveLink

LISTED = ", ".join(ListRow._fields[1:])  # a `ListRow` less its local row id
WHOLE = "record IS NOT NULL"
# Paths compared and sorted by code point, as SQLite does, whatever the database's locale.
PATH = 'path COLLATE "C"'
PAGE_ORDER = f"ORDER BY {PATH}, page_order"


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def holds(wanted: Needle) -> tuple[str, list[object]]:
    """The SQL condition for an article that holds any of the query's folded terms."""
    clauses: list[str] = []
    params: list[object] = []
    for term in wanted.terms:
        if len(term) >= 3:
            clauses.append("text LIKE %s")
            params.append(like_pattern(term))
        else:
            clauses.append("grams @> ARRAY[%s]::text[]")
            params.append(term)
    return "(" + " OR ".join(clauses) + ")", params


def within(roots: Sequence[Path] | None) -> tuple[str, list[object]]:
    """The condition for articles from files under `roots` (all of them when none is given),
    matched on the paths they were indexed under, as the local index matches them."""
    if not roots:
        return "TRUE", []
    where, params = under(roots, PATH)
    return where.replace("?", "%s"), list(params)  # the clause holds only the column and its marks


def matching(
    link: ArchiveLink, query: str, roots: Sequence[Path] | None, columns: str, *, ordered: bool = True
) -> list[tuple[Any, ...]]:
    """`columns` of the whole articles under `roots` that hold `query`, in page order."""
    wanted = needle(query)
    if not wanted.terms:
        return []
    found, params = holds(wanted)
    scope, scope_params = within(roots)
    exact = wanted.exact
    extra = ", title, record" if exact is not None else ""
    order = f" {PAGE_ORDER}" if ordered else ""
    rows = link.rows(
        f"SELECT {columns}{extra} FROM archive_articles WHERE {WHOLE} AND {found} AND {scope}{order}",
        [*params, *scope_params],
    )
    if exact is None:
        return rows
    return [row[:-2] for row in rows if exact in printed_text(row[-2], bytes(row[-1]))]


def search_ids(link: ArchiveLink, query: str, roots: Sequence[Path] | None = None) -> set[str]:
    return {row[0] for row in matching(link, query, roots, "id", ordered=False)}


def listing(link: ArchiveLink, query: str, roots: Sequence[Path] | None = None) -> list[ListedHit]:
    """The matching articles as `reader search` prints them (there is no local row id: 0)."""
    rows = matching(link, query, roots, "hit, 0, id, source, page_order, title, lead")
    return [ListedHit(*row) for row in rows]


def file_hits(link: ArchiveLink, query: str, roots: Sequence[Path] | None = None) -> list[FileHits]:
    """Each page file with a matching article, in path order, with how many of its articles match."""
    out: list[FileHits] = []
    for (path,) in matching(link, query, roots, "path"):
        if out and out[-1].path == path:
            out[-1] = FileHits(path, out[-1].matches + 1)
        else:
            out.append(FileHits(path, 1))
    return out


def summaries(
    link: ArchiveLink, roots: Sequence[Path] | None = None, only: set[str] | None = None
) -> list[Summary]:
    """The list rows of the whole articles under `roots` (or with ids in `only`), in page order."""
    scope, params = within(roots)
    if only is not None:
        scope += " AND id = ANY(%s)"
        params.append(sorted(only))
    regions: dict[tuple[str | None, str | None, str | None], Region] = {}
    topic_tuples: dict[str, tuple[str, ...]] = {}
    out: list[Summary] = []
    sql = f"SELECT {LISTED} FROM archive_articles WHERE {WHOLE} AND {scope} {PAGE_ORDER}"
    for row in link.rows(sql, params):
        article_id, title, lead, source, order, kind, date, province, city, county, scope_, topics, page = row
        region = regions.setdefault((province, city, county), Region(province, city, county))
        topic_tuple = topic_tuples.get(topics)
        if topic_tuple is None:
            topic_tuple = topic_tuples[topics] = tuple(json.loads(topics))
        out.append(
            Summary(article_id, title, lead, source, order, kind, date, region, scope_, topic_tuple, page)
        )
    return out


def article(link: ArchiveLink, article_id: str) -> Article:
    """The whole article, restored as the local index restores it; KeyError when it is not there."""
    rows = link.rows(
        f"SELECT {LISTED}, record, keywords FROM archive_articles WHERE id = %s AND {WHOLE}", [article_id]
    )
    if not rows:
        raise KeyError(article_id)
    row = rows[0]
    return ArticleRow(ListRow(0, *row[:-2]), bytes(row[-2]), row[-1]).article()
