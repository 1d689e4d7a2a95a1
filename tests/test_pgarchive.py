"""The shared archive on a real PostgreSQL server: whole articles as the local index keeps them,
search exactly as a substring scan finds, and an archive of the first reader's shape upgraded."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import psycopg
import pytest

from reader.corpus import load_corpus
from reader.fold import matches, needle
from reader.index import Index, IndexLibrary
from reader.model import Article
from reader.pgarchive import ArchiveEmptyError, ArchiveError, Located, PgArchive, grams
from reader.pgarchive.library import ArchiveLibrary
from reader.pgarchive.schema import MIGRATIONS, SCHEMA_VERSION
from reader.store import NewerSchemaError
from tests.archive_fixtures import PAGES
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return list(load_corpus([SEEDS]).articles)


def oracle(articles: list[Article], query: str) -> set[str]:
    """The substring scan every search is held to (folded, with place aliases; `=` as printed)."""
    wanted = needle(query)
    return {a.id for a in articles if wanted.terms and matches(wanted, a.text)}


def sample_queries(articles: list[Article], seed: int = 20261201) -> set[str]:
    """Hand-picked queries, and 40 random 1-, 2- and 4-character pieces of the articles' text."""
    rng = random.Random(seed)
    queries = {"医", "医保", "医保局", "醫保", "義烏", "沪", "义乌", "=义乌", "1", "%", "_", "a_", "\\", " "}
    queries |= {"，", "不存在的词语", "ＡＢ", "杭州市"}
    texts = [a.text for a in articles]
    for size in (1, 2, 4):
        for _ in range(40):
            text = rng.choice(texts)
            start = rng.randrange(max(1, len(text) - size))
            queries.add(text[start : start + size])
    return queries


def test_grams_are_every_character_and_pair() -> None:
    assert grams("医保局") == ["保", "保局", "医", "医保", "局"]


def test_search_equals_the_substring_scan(pg_url: str, articles: list[Article]) -> None:
    archive = PgArchive(pg_url, create=True)
    assert archive.put(articles) == len(articles) and archive.count() == len(articles)
    archive.put(articles[:5])  # a second put replaces, never duplicates
    assert archive.count() == len(articles)
    for query in sorted(sample_queries(articles)):
        assert archive.search_ids(query) == oracle(articles, query), query
    by_id = {a.id: a for a in articles}
    hits = archive.search("义乌")
    assert [h.id for h in hits] == sorted(
        oracle(articles, "义乌"), key=lambda i: (by_id[i].source, by_id[i].page_order)
    )
    assert all(h.title == by_id[h.id].title for h in hits)
    archive.close()


def test_articles_come_back_whole_as_the_local_index_restores_them(pg_url: str, tmp_path: Path) -> None:
    index = Index(tmp_path / "cache")
    index.refresh([SEEDS, PAGES])
    located = list(index.located([SEEDS, PAGES]))
    assert len(located) == len(load_corpus([SEEDS, PAGES]).articles) > 30
    archive = PgArchive(pg_url, create=True)
    archive.put(Located(path, article) for path, article in located)
    for _, article in located:
        assert archive.article(article.id) == index.article(article.id) == article
    with pytest.raises(KeyError):
        archive.article("0000000000")
    local, served = IndexLibrary(index, [SEEDS, PAGES]), ArchiveLibrary(archive)
    assert served.summaries() == local.summaries()  # the same rows in the same (page) order
    assert [s.id for s in ArchiveLibrary(archive, [PAGES]).summaries()] == [
        s.id for s in IndexLibrary(index, [PAGES]).summaries()
    ]
    for query in ("医", "医保", "义乌市场", "沪", "=醫"):
        assert served.search(query) == local.search(query), query
    archive.close()
    index.close()


def test_short_queries_are_answered_from_the_pair_index(pg_url: str, articles: list[Article]) -> None:
    archive = PgArchive(pg_url, create=True)
    archive.put(articles)
    with psycopg.connect(pg_url) as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(
            r[0] for r in conn.execute("EXPLAIN SELECT id FROM archive_articles WHERE grams @> ARRAY['医保']")
        )
        assert "archive_grams" in plan
        plan = "\n".join(
            r[0] for r in conn.execute("EXPLAIN SELECT id FROM archive_articles WHERE text LIKE '%医保局%'")
        )
        assert "archive_trgm" in plan
        assert conn.execute("SELECT show_trgm('医保局')").fetchone() != ([],)
    archive.close()


def test_a_database_that_cannot_read_chinese_is_refused(pg_cluster: Any) -> None:
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS c_locale")
        conn.execute("CREATE DATABASE c_locale TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
    with pytest.raises(ArchiveError, match="--locale=C.UTF-8"):
        PgArchive(pg_cluster.url("c_locale"), create=True)


def test_a_reader_finds_an_empty_database_empty_and_leaves_it_so(
    pg_url: str, articles: list[Article]
) -> None:
    with pytest.raises(ArchiveEmptyError, match="reader index PATH… --archive"):
        PgArchive(pg_url)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regclass('archive_articles')").fetchone() == (None,)
    PgArchive(pg_url, create=True).close()  # made, but nothing stored: still empty to a reader
    with pytest.raises(ArchiveEmptyError):
        PgArchive(pg_url)


def test_an_archive_of_the_first_shape_is_upgraded_and_refilled(pg_url: str, articles: list[Article]) -> None:
    """The first archive kept id, source, title, text and grams only: a reader upgrades the table,
    leaves those rows out (and says so) until `put` stores them whole again."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(MIGRATIONS[0])
        for article in articles:
            text = article.text.casefold()
            conn.execute(
                "INSERT INTO archive_articles (id, source, title, text, grams) VALUES (%s, %s, %s, %s, %s)",
                (article.id, article.source, article.title, text, grams(text)),
            )
    archive = PgArchive(pg_url)
    assert archive.notices == [
        f"upgraded the archive at {pg_url} from schema 1 to {SCHEMA_VERSION}",
        f"{len(articles)} articles in the archive at {pg_url} were stored by an older reader without their "
        f"text and are left out; store them whole with: reader index PATH… --archive {pg_url}",
    ]
    assert (
        archive.stale() == len(articles) and archive.summaries() == [] and archive.search_ids("医") == set()
    )
    archive.close()
    writer = PgArchive(pg_url, create=True)
    assert writer.notices == []  # already upgraded by the reader
    writer.put(articles[:3])
    assert writer.stale() == len(articles) - 3
    writer.put(articles)
    writer.close()
    archive = PgArchive(pg_url)
    assert archive.notices == [] and archive.count() == len(articles)
    assert [s.id for s in archive.summaries()] == [
        a.id for a in sorted(articles, key=lambda a: (a.source, a.page_order))
    ]
    assert archive.search_ids("医保") == oracle(articles, "医保")
    assert archive.article(articles[0].id) == articles[0]
    archive.close()


def test_an_archive_from_a_newer_reader_is_refused(pg_url: str, articles: list[Article]) -> None:
    PgArchive(pg_url, create=True).put(articles[:1])
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE archive_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(NewerSchemaError, match="upgrade the reader"):
        PgArchive(pg_url)


def test_a_connection_lost_while_it_is_being_set_up_is_dropped_without_a_hang() -> None:
    """`connection()` reports a failing setup query through `failed()`, which drops the connection
    under the same lock: the lock must let its holder take it again."""
    import threading

    from reader.pgarchive.connection import ArchiveLink

    link = ArchiveLink("postgresql://nobody@127.0.0.1:1/none")
    said: list[str] = []

    def fail_while_connecting() -> None:
        with link._mutex:
            said.append(str(link.failed(psycopg.OperationalError("server closed the connection"))))

    worker = threading.Thread(target=fail_while_connecting, daemon=True)
    worker.start()
    worker.join(10)
    assert said and said[0].startswith("lost the archive server")
