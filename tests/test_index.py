"""The on-disk index: incremental refresh, rebuilds, and search equal to a plain substring scan."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.corpus import load_corpus
from reader.fold import matches, needle
from reader.index import INDEX_FILE, Index, IndexLibrary, search_rids, searchable_text
from reader.library import MemoryLibrary
from reader.tagging import tag_corpus

from .conftest import SEEDS

QUERIES = [
    "医",
    "保",
    "医保",
    "，",
    "。",
    "残疾人",
    "医保基金",
    "拱墅区",
    "e站",
    "E站",
    "2023",
    "20",
    "%",
    " ",
    "1+1",
    "不存在的词",
    "“",
    "摄",
    "醫保",
    "=醫保",
    "=医保",
    "２０２３",
    "Ｅ站",
    "沪",
    "上海",
    "杭州市",
    "\n",
    "=",
]


@pytest.fixture()
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    shutil.copytree(SEEDS, folder)
    return folder


def test_search_equals_the_substring_oracle(pages: Path, tmp_path: Path) -> None:
    index = Index(tmp_path / "cache")
    index.refresh([pages])
    library = IndexLibrary(index, [pages])
    texts = {a.id: a.text for a in index.articles()}
    assert len(texts) == 26
    for query in QUERIES:
        wanted = needle(query)
        oracle = {i for i, text in texts.items() if wanted.terms and matches(wanted, text)}
        assert library.search(query) == oracle, query
        assert MemoryLibrary(list(index.articles())).search(query) == oracle, query


def test_index_matches_the_in_memory_pipeline(pages: Path, tmp_path: Path) -> None:
    index = Index(tmp_path / "cache")
    index.refresh([pages])
    corpus = load_corpus([pages])
    tag_corpus(corpus)
    memory = MemoryLibrary(corpus.articles)
    stored = {a.id: a for a in index.articles()}
    for article in corpus.articles:
        again = stored[article.id]
        assert (again.title, again.body, again.region, again.topics, again.entities) == (
            article.title,
            article.body,
            article.region,
            article.topics,
            article.entities,
        )
        assert again.keywords == article.keywords
    assert [s.id for s in IndexLibrary(index, [pages]).summaries()] == [s.id for s in memory.summaries()]


def test_second_start_parses_nothing_and_changes_are_picked_up(pages: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = Index(cache).refresh([pages])
    assert (first.added, first.articles) == (5, 26)
    again = Index(cache).refresh([pages])
    assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 5)

    touched = pages / "001_f01e03b8348a08b7.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10_000_000))
    assert Index(cache).refresh([pages]).unchanged == 5  # same bytes: only the mtime is noted

    brief = (
        "孝义警方查处一涉疫情网络诈骗案\n\n本报讯（记者 王涛）2月17日，孝义市公安局成功查处一起诈骗案件。\n"
    )
    (pages / "new.txt").write_text(brief, encoding="utf-8")
    edited = pages / "003_9a76d2b7dc81d70f.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("传真", "") + "\n", encoding="utf-8")
    (pages / "004_822a1316e1e8fec3.txt").unlink()
    index = Index(cache)
    result = index.refresh([pages])
    assert (result.added, result.changed, result.removed) == (1, 1, 1)
    assert result.articles == 26 - 2 + 1
    library = IndexLibrary(index, [pages])
    assert library.search("残疾人旱地冰壶训练") == set()  # gone with its file
    assert search_rids(index.db, "冰壶") == set()  # its rows left the character-pair table too
    texts = {a.id: a.text for a in index.articles()}
    for query in QUERIES:
        wanted = needle(query)
        oracle = {i for i, t in texts.items() if wanted.terms and matches(wanted, t)}
        assert library.search(query) == oracle, query
    assert index.db.execute("SELECT count(*) FROM postings WHERE gram = '冰壶'").fetchone()[0] == 0
    assert len(library.search("孝义市公安局成功查处")) == 1


def test_cache_from_another_version_is_rebuilt(pages: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Index(cache).refresh([pages])
    db = sqlite3.connect(cache / INDEX_FILE)
    db.execute("UPDATE meta SET value = 'old' WHERE key = 'fingerprint'")
    db.commit()
    db.close()
    index = Index(cache)
    assert "another version" in index.notices[0]
    assert index.refresh([pages]).added == 5


def test_corrupt_cache_is_rebuilt_with_a_notice(pages: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / INDEX_FILE).write_bytes(b"this is not a database" * 100)
    index = Index(cache)
    assert "damaged" in index.notices[0]
    assert index.refresh([pages]).articles == 26


def test_the_first_frame_reads_only_an_up_to_date_index(pages: Path, tmp_path: Path) -> None:
    """The app's glimpse opens the index read-only: none yet, or one from another version,
    gives nothing (and is left for the worker to rebuild); a current one gives its first pages."""
    from reader.app.loading import IndexLoader

    cache = tmp_path / "cache"
    loader = IndexLoader([str(pages)], {}, str(cache))
    assert loader.glimpse() is None and not (cache / INDEX_FILE).exists()
    Index(cache).refresh([pages])
    first = loader.glimpse()
    assert first is not None and loader.glimpsed
    in_order = [(a.source, a.page_order) for a in load_corpus([pages]).articles]
    assert [(s.source, s.page_order) for s in first.summaries()] == in_order  # five pages < the glimpse
    db = sqlite3.connect(cache / INDEX_FILE)
    db.execute("UPDATE meta SET value = 'old' WHERE key = 'fingerprint'")
    db.commit()
    db.close()
    assert IndexLoader([str(pages)], {}, str(cache)).glimpse() is None
    assert Index.current(cache) is None
    assert ("old",) in sqlite3.connect(cache / INDEX_FILE).execute("SELECT value FROM meta").fetchall()


def _reader(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READER_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )


def test_index_and_search_commands(pages: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    built = _reader("index", str(pages), cache=cache)
    assert built.returncode == 0 and "26 articles indexed" in built.stderr
    found = _reader("search", "医保", str(pages), "--jsonl", cache=cache)
    records = [json.loads(line) for line in found.stdout.splitlines()]
    expected = {a.id for a in load_corpus([pages]).articles if "医保" in searchable_text(a)}
    assert {r["id"] for r in records} == expected and len(expected) == 5
    narrowed = _reader("search", "医保", str(pages), "--jsonl", "--filter", "region:浙江 -骗保", cache=cache)
    assert [json.loads(line)["title"] for line in narrowed.stdout.splitlines()] == [
        "坚持“三个聚焦” 描绘“幸福底色” 区残联助残惠残谋发展"
    ]
    bad = _reader("search", "医保", str(pages), "--filter", "colour:red", cache=cache)
    assert bad.returncode == 2 and "colour: is not a filter" in bad.stderr


def test_search_lists_only_the_folders_asked_for(pages: Path, tmp_path: Path) -> None:
    """One index holds two folders, one named like the start of the other: a search of one
    lists its own articles, in page order, and nothing from its neighbour."""
    cache = tmp_path / "cache"
    twin = tmp_path / "pages2"
    shutil.copytree(pages, twin)
    assert _reader("index", str(pages), str(twin), cache=cache).returncode == 0
    found = _reader("search", "医保", str(pages), "--jsonl", cache=cache)
    records = [json.loads(line) for line in found.stdout.splitlines()]
    articles = [a for a in load_corpus([pages]).articles if "医保" in searchable_text(a)]
    assert [(r["id"], r["source"], r["page_order"]) for r in records] == [
        (a.id, a.source, a.page_order) for a in articles
    ]
    plain = _reader("search", "医保", str(twin), cache=cache)
    assert len(plain.stdout.splitlines()) == len(articles) and "5 articles contain '医保'" in plain.stderr


def test_search_filters_by_a_topic_the_config_adds(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[topics.transport]\nlabel = "交通"\nstrong = ["机场", "航站楼"]\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    found = _reader(
        "search", "机场", str(pages), "--jsonl", "--filter", "topic:交通", cache=tmp_path / "cache"
    )
    assert found.returncode == 0, found.stderr
    assert [json.loads(line)["title"] for line in found.stdout.splitlines()] == [
        "攻克难题,全链条护航南湖机场建设"
    ]


def test_note_verbs_find_ids_and_regions_in_the_index(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"  # topic overrides are part of the index's fingerprint
    config.write_text('[topics.transport]\nlabel = "交通"\nstrong = ["机场"]\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    cache = tmp_path / "cache"
    assert _reader("index", str(pages), cache=cache).returncode == 0
    overrides = {"transport": {"label": "交通", "strong": ["机场"]}}
    first = next(a for a in Index(cache, overrides).articles() if a.region.county == "义乌市")
    (pages / first.source).unlink()  # only the index still knows it now
    env_db = str(tmp_path / "notes.json")
    noted = _reader("note", first.id[:6], "核实数据", "--db", env_db, "--corpus", str(pages), cache=cache)
    assert noted.returncode == 0, noted.stderr
    exported = json.loads(_reader("export", "--format", "json", "--db", env_db, cache=cache).stdout)
    (record,) = exported["articles"]
    assert (record["id"], record["region"]["city"], record["region"]["county"]) == (
        first.id,
        "金华市",
        "义乌市",
    )


def test_an_interrupted_refresh_keeps_what_it_stored_and_the_next_finishes_it(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"

    from reader.index.ingest import Ingest

    def interrupted(self: Ingest) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(Ingest, "_assign_keywords", interrupted)
        with pytest.raises(KeyboardInterrupt):
            Index(cache).refresh([pages])
    index = Index(cache)
    assert len(IndexLibrary(index, [pages]).summaries()) == 26  # the articles were committed
    assert all(not a.keywords for a in index.articles())
    assert index.refresh([pages]).unchanged == 5
    assert all(a.keywords for a in index.articles())


def _postings(index: Index) -> dict[str, list[int]]:
    from pyroaring import BitMap

    rows = index.db.execute("SELECT gram, bits FROM postings").fetchall()
    return {gram: list(BitMap.deserialize(bits)) for gram, bits in rows}


def test_bitmaps_made_in_the_workers_are_the_ones_made_here(tmp_path: Path) -> None:
    """A cold build's bitmaps come from the worker processes, numbered from 0 per batch and
    shifted by the writer: they must be exactly what one process adding article by article
    makes, and stay so when files are removed and added again."""
    pages = tmp_path / "pages"
    for n in range(6):  # 30 files: enough for the process pool
        folder = pages / f"{n:02d}"
        folder.mkdir(parents=True)
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / seed.name)
    pooled = Index(tmp_path / "pooled")
    pooled.refresh([pages], workers=2)
    alone = Index(tmp_path / "alone")
    alone.refresh([pages], workers=1)
    assert _postings(pooled) == _postings(alone) != {}
    assert len(pooled.live_rids()) == len(alone.live_rids()) > 30
    for index in (pooled, alone):
        library = IndexLibrary(index, [pages])
        for query in ("医保", "医保基金", "杭州市"):
            expected = {a.id for a in index.articles() if matches(needle(query), a.text)}
            assert library.search(query) == expected, query
    shutil.rmtree(pages / "03")
    for index in (pooled, alone):
        index.refresh([pages], workers=2)
    assert _postings(pooled) == _postings(alone)
    pooled.close()
    alone.close()


def test_records_read_back_in_both_forms() -> None:
    """The index keeps records compact (GB18030 under zlib); the shared archive keeps the form
    every reader version reads. Either comes back whole, whatever the text holds."""
    import zlib

    from reader.index.rows import COMPACT_MARK, RECORD_ENCODING, pack_record, unpack_record

    corpus = load_corpus([SEEDS])
    tag_corpus(corpus)
    article = corpus.articles[0]
    article.body = [*article.body, "醫保 ２０２３ e站 \U0002a6a5 ✓ ÿ 한국어 العربية"]
    compact, portable = pack_record(article), pack_record(article, portable=True)
    assert compact.startswith(COMPACT_MARK) and zlib.decompress(portable)
    assert unpack_record(compact) == unpack_record(portable)
    assert unpack_record(compact)["body"] == article.body
    assert len(compact) < len(portable)
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert every.encode(RECORD_ENCODING).decode(RECORD_ENCODING) == every  # no code point lost


def test_a_refresh_hands_freed_pages_back(pages: Path, tmp_path: Path) -> None:
    """Pages freed when most files go (their records, their bitmaps rewritten) are given back
    to the file system, not left inside the index."""
    for n in range(8):
        shutil.copytree(SEEDS, pages / f"copy{n}")
    index = Index(tmp_path / "cache")
    index.refresh([pages])
    full = index.db.execute("PRAGMA page_count").fetchone()[0]
    for n in range(8):
        shutil.rmtree(pages / f"copy{n}")
    index.refresh([pages])
    free, total = (
        index.db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("freelist_count", "page_count")
    )
    assert free * 16 <= total < full
    assert (
        IndexLibrary(index, [pages]).search("医保")
        == {a.id for a in index.articles() if matches(needle("医保"), a.text)}
        != set()
    )
    index.close()
