"""The index's rows as named types: what an article is stored as, read back as, and listed as.

Each table's columns are spelled once, here, as the fields of the type that carries them; the
SQL that writes or reads them is made from those fields.
"""

from __future__ import annotations

import json
import zlib
from typing import Any, NamedTuple

from reader.fold import fold
from reader.model import Article, Entity, Kind, Region, Scope

KEYWORD_CANDIDATES = 40  # per article, kept until the corpus's document frequencies are known
# Two bytes a Chinese character where UTF-8 takes three, and every code point round-trips:
# records compress to 14 % less.
RECORD_ENCODING = "gb18030"
COMPACT_MARK = b"G"  # opens a compact record; a portable one opens with zlib's 0x78
RECORD_LEVEL = 6  # zlib's default: level 9 saves about 1 % more for three times the work


class ArticleColumns(NamedTuple):
    """An `articles` row as stored (less `rid`, `fid` and `hit`, which the writer adds)."""

    id: str
    page_order: int
    title: str
    lead: str  # the body's first 24 characters: the label of an untitled brief
    kind: str
    date: str | None
    province: str | None
    city: str | None
    county: str | None
    scope: str | None
    topics: str  # JSON list of topic ids
    page: str | None  # 第2版 要闻

    @classmethod
    def of(cls, article: Article) -> ArticleColumns:
        region = article.region
        return cls(
            article.id,
            article.page_order,
            article.title,
            "".join(article.body)[:24],
            article.kind,
            article.date,
            region.province,
            region.city,
            region.county,
            article.scope,
            json.dumps(article.topics),
            article.page,
        )


INSERT_ARTICLE = (
    f"INSERT INTO articles(rid, fid, {', '.join(ArticleColumns._fields)}, hit)"
    f" VALUES ({', '.join('?' * (len(ArticleColumns._fields) + 3))})"
)


class StoredArticle(NamedTuple):
    """One article as the index stores it: every value ready for SQLite, made in the worker so
    that the one process writing the index does nothing else."""

    columns: ArticleColumns
    hit: str  # its line of `reader search --jsonl`
    record: bytes  # the rest of the article, as compressed JSON
    candidates: str  # its best keyword candidates with their weights, as JSON
    text: str  # what search runs over: the folded title, subtitle and body
    words: list[str]  # every keyword candidate, for the corpus's document frequencies
    chars: int  # characters of body

    @classmethod
    def of(cls, article: Article, counts: dict[str, float], source: str) -> StoredArticle:
        best = sorted(counts, key=counts.__getitem__, reverse=True)[:KEYWORD_CANDIDATES]
        return cls(
            ArticleColumns.of(article),
            search_hit(article, source),
            pack_record(article),
            json.dumps({w: counts[w] for w in best}, ensure_ascii=False),
            searchable_text(article),
            list(counts),
            sum(len(p) for p in article.body),
        )


class ListRow(NamedTuple):
    """An article as the list shows it, read from `articles` and its file: no body."""

    rid: int
    id: str
    title: str
    lead: str
    source: str
    page_order: int
    kind: Kind
    date: str | None
    province: str | None
    city: str | None
    county: str | None
    scope: Scope | None
    topics: str
    page: str | None

    def article(self, rest: dict[str, Any] | None = None) -> Article:
        """A light Article (no body) from the list columns; `rest` adds the record's fields."""
        return Article(
            id=self.id,
            source=self.source,
            page_order=self.page_order,
            title=self.title,
            kind=self.kind,
            date=self.date,
            region=Region(self.province, self.city, self.county),
            scope=self.scope,
            topics=json.loads(self.topics),
            **(rest or {}),
        )


# `ListRow`'s columns, less `source` (from `files`): the writer's order, one table, no join.
LIST_SELECT = (
    "SELECT rid, id, title, lead, fid, page_order, kind, date, province, city, county, scope, topics, page"
    " FROM articles"
)


class ArticleRow(NamedTuple):
    """A whole article: its list row, its record and its keywords."""

    listed: ListRow
    record: bytes
    words: str | None

    def article(self) -> Article:
        data = unpack_record(self.record)
        data["keywords"] = json.loads(self.words) if self.words else []
        data["entities"] = [Entity(*e) for e in data["entities"]]
        return self.listed.article(data)


ARTICLE_COLUMNS = (
    "a.rid, a.id, a.title, a.lead, f.source, a.page_order, a.kind, a.date, a.province, a.city,"
    " a.county, a.scope, a.topics, a.page, r.record, k.words"
)
ARTICLE_FROM = (
    " FROM articles a JOIN files f USING (fid) JOIN records r USING (rid) LEFT JOIN keywords k USING (rid)"
)
ARTICLE_SELECT = f"SELECT {ARTICLE_COLUMNS}{ARTICLE_FROM}"


def article_row(row: tuple[Any, ...]) -> ArticleRow:
    """An `ARTICLE_SELECT` row, named."""
    return ArticleRow(ListRow(*row[:-2]), row[-2], row[-1])


def searchable_text(article: Article) -> str:
    """The text search runs over: title, subtitle and body, folded (简繁, widths, case)."""
    return fold(article.text)


def search_hit(article: Article, source: str) -> str:
    """The article's line of `reader search --jsonl`, made once when it is indexed."""
    record = {
        "id": article.id,
        "title": article.title,
        "source": source,
        "page_order": article.page_order,
        "kind": article.kind,
        "date": article.date,
        "region": {
            "province": article.region.province,
            "city": article.region.city,
            "county": article.region.county,
        },
        "topics": list(article.topics),
    }
    return json.dumps(record, ensure_ascii=False)


def pack_record(article: Article, *, portable: bool = False) -> bytes:
    """The article's other fields (body, captions, entities…) as compressed JSON: the largest
    thing in the index, compressed in the worker that parsed the page, read back only when an
    article is opened, confirmed as printed (`=` search) or taken back out of the search tables.

    `portable` makes the form every version of the reader reads (zlib over UTF-8), for the shared
    archive; the local index keeps the compact one."""
    data = {
        "subtitle": article.subtitle,
        "byline": article.byline,
        "body": article.body,
        "captions": article.captions,
        "subheads": article.subheads,
        "section": article.section,
        "page_no": article.page_no,
        "page_name": article.page_name,
        "region_evidence": article.region_evidence,
        "topic_evidence": article.topic_evidence,
        "entities": [[e.para, e.start, e.end, e.type] for e in article.entities],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if portable:
        return zlib.compress(text.encode(), RECORD_LEVEL)
    return COMPACT_MARK + zlib.compress(text.encode(RECORD_ENCODING), RECORD_LEVEL)


def unpack_record(blob: bytes) -> dict[str, Any]:
    if blob.startswith(COMPACT_MARK):
        text = zlib.decompress(blob[len(COMPACT_MARK) :]).decode(RECORD_ENCODING)
    else:
        text = zlib.decompress(blob).decode()
    data: dict[str, Any] = json.loads(text)
    return data


def printed_text(title: str, blob: bytes) -> str:
    """What search runs over, as printed: title, subtitle and body (`Article.text`)."""
    data = unpack_record(blob)
    return "\n".join([title, data["subtitle"], *data["body"]])


def leftover_text(leftovers: str) -> str:
    """A page's leftovers (its `files.leftovers` JSON) folded as search sees them, one a line."""
    return fold("\n".join(json.loads(leftovers)))
