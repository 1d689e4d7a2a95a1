"""The shared archive on a real PostgreSQL server answers exactly as a substring scan does."""

from __future__ import annotations

import random
from typing import Any

import psycopg
import pytest

from reader.corpus import load_corpus
from reader.index import searchable_text
from reader.model import Article
from reader.pgarchive import PgArchive, grams
from reader.store import StoreError
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return list(load_corpus([SEEDS]).articles)


def oracle(articles: list[Article], needle: str) -> set[str]:
    folded = needle.casefold()
    return {a.id for a in articles if folded in searchable_text(a)}


def test_grams_are_every_character_and_pair() -> None:
    assert grams("医保局") == ["保", "保局", "医", "医保", "局"]


def test_search_equals_the_substring_scan(pg_url: str, articles: list[Article]) -> None:
    archive = PgArchive(pg_url)
    assert archive.put(articles) == len(articles) and archive.count() == len(articles)
    archive.put(articles[:5])  # a second put replaces, never duplicates
    assert archive.count() == len(articles)
    rng = random.Random(20261201)
    texts = [searchable_text(a) for a in articles]
    queries = {"医", "医保", "医保局", "义乌", "1", "%", "_", "a_", "\\", " ", "，", "不存在的词语", "ＡＢ"}
    for size in (1, 2, 4):
        for _ in range(40):
            text = rng.choice(texts)
            start = rng.randrange(max(1, len(text) - size))
            queries.add(text[start : start + size])
    for needle in sorted(queries):
        if needle.strip() or needle == " ":
            assert archive.search_ids(needle) == oracle(articles, needle), needle
    hits = archive.search("义乌")
    assert [h.id for h in hits] == sorted(
        oracle(articles, "义乌"), key=lambda i: (next(a.source for a in articles if a.id == i), i)
    )
    archive.close()


def test_short_queries_are_answered_from_the_pair_index(pg_url: str, articles: list[Article]) -> None:
    archive = PgArchive(pg_url)
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
    with pytest.raises(StoreError, match="--locale=C.UTF-8"):
        PgArchive(pg_cluster.url("c_locale"))


def test_index_and_search_through_the_cli(pg_url: str, articles: list[Article], tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "index", str(SEEDS), "--archive", pg_url],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"{len(articles)} articles stored in the archive" in done.stderr
    env["READER_CACHE_DIR"] = str(tmp_path / "another-machine")  # nothing indexed locally
    found = subprocess.run(
        [sys.executable, "-m", "reader", "search", "医保", "--archive", pg_url],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert {line.split()[0] for line in found.stdout.splitlines()} == oracle(articles, "医保")
    refused = subprocess.run(
        [sys.executable, "-m", "reader", "search", "医保", "--archive", "mysql://x/y"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
