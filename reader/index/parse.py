"""The work done per page file, in the build's worker processes: read, split, tag, and make the
rows and search bitmaps the one writing process stores as they are."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from reader.index.postings import chunk_postings
from reader.index.rows import StoredArticle
from reader.sources import PageFile, location, read_bytes, shown


@dataclass
class ParsedFile:
    """One page file, parsed and tagged (keywords still to come), ready to store."""

    path: str
    source: str
    size: int
    mtime_ns: int
    digest: str
    leftovers: str  # JSON
    notices: list[str]
    articles: list[StoredArticle] | None  # None: the file could not be read as a page


class ParsedBatch(NamedTuple):
    """A run of page files parsed by one worker, with the search bitmaps of their articles
    numbered from 0 in order: the writer stores them under consecutive row ids from its next one."""

    files: list[ParsedFile]
    postings: dict[str, bytes]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def parse_file(page_file: PageFile, taxonomy_overrides: dict[str, Any] | None) -> ParsedFile:
    """Read, split and tag one page file (no keywords: those need the whole corpus)."""
    from reader.corpus import load_page
    from reader.tagging import tag_page

    key = page_file.key or shown(location(page_file.path))
    raw, notice = read_bytes(page_file.path)
    if raw is None:
        return ParsedFile(key, page_file.source, 0, 0, "", "[]", [str(notice)] if notice else [], None)
    page, notices = load_page(page_file, raw.data)
    articles = None
    if page is not None:
        counts = tag_page(page, _taxonomy(taxonomy_overrides))
        articles = [
            StoredArticle.of(article, words, page_file.source)
            for article, words in zip(page.articles, counts, strict=True)
        ]
    return ParsedFile(
        key,
        page_file.source,
        raw.size,
        raw.mtime_ns,
        digest(raw.data),
        json.dumps(page.leftovers if page else [], ensure_ascii=False),
        [str(n) for n in notices],
        articles,
    )


def parse_batch(batch: list[PageFile], overrides: dict[str, Any] | None) -> ParsedBatch:
    """A worker's task: its files in order, and the bitmaps of all their articles."""
    files = [parse_file(page_file, overrides) for page_file in batch]
    texts = (article.text for parsed in files for article in parsed.articles or [])
    return ParsedBatch(files, chunk_postings(texts))


_TAXONOMY_CACHE: dict[str, Any] = {}


def _taxonomy(overrides: dict[str, Any] | None) -> Any:
    from reader.topics import Taxonomy

    key = json.dumps(overrides or {}, sort_keys=True, ensure_ascii=False)
    if key not in _TAXONOMY_CACHE:
        base = Taxonomy.default()
        _TAXONOMY_CACHE[key] = base.with_overrides(overrides) if overrides else base
    return _TAXONOMY_CACHE[key]
