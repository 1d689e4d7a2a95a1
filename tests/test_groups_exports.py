"""Groups and exports: by topic an article stands under each of its topics; `x` marks the level the
editor chooses (county, city, province); reports use topic labels, 全国, local times with their
offset and picks first; the CSV has a BOM and topic columns; the JSON has per-article times."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from textual.widgets import Input

from reader.app.group_marks import ScopeScreen
from reader.app.grouping import GroupRow, article_ids
from reader.app.rowlist import build_rows
from reader.app.screens import MainScreen
from reader.export import to_csv, to_markdown, with_times
from reader.library import MemoryLibrary, Summary, filter_ids
from reader.localtime import local_time
from reader.model import Article
from reader.query import parse_query
from reader.store import AnnotationStore, ArticleRef
from tests.app_fixtures import TAXONOMY, async_test, make_app, make_articles

SIZE = (100, 30)


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's clock in China Standard Time, as an editor there has it."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def two_topic_articles() -> list[Article]:
    """The fixture corpus, with a1 about the law as well as healthcare."""
    return [replace(a, topics=["healthcare", "law"]) if a.id == "a1" else a for a in make_articles()]


# -- groups


def test_by_topic_an_article_is_under_each_of_its_topics() -> None:
    articles = two_topic_articles()
    summaries = [Summary.of(a) for a in articles]
    rows = build_rows(summaries, "topic", topic_label=TAXONOMY.label)
    heads = {row.label: row.count for row in rows if isinstance(row, GroupRow)}
    library = MemoryLibrary(articles)
    for topic in ("healthcare", "law"):
        assert heads[TAXONOMY.label(topic)] == len(filter_ids(library, parse_query(f"topic:{topic}")))
    assert heads["医疗医保"] == 3 and heads["法治公安"] == 3  # a1 in both
    assert article_ids(rows).count("a1") == 1 and len(article_ids(rows)) == len(articles)


@async_test
async def test_x_marks_the_level_the_editor_chooses(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("j")  # a1, in 浙江省 › 金华市 › 义乌市
        assert screen.current_article_id() == "a1"
        await pilot.press("x")
        assert isinstance(app.screen, ScopeScreen)
        names = [s.name for s in app.screen.scopes]
        assert names == ["浙江省 › 金华市 › 义乌市", "浙江省 › 金华市", "浙江省"]
        await pilot.press("3")  # the whole province, b1 in 绍兴市 too
        assert isinstance(app.screen, MainScreen)
        skipped = {i for i, item in app.store.all().items() if item.verdict == "skip"}
        assert skipped == {"a1", "a2", "a3", "b1"}
        await pilot.press("z")
        assert not any(item.verdict for item in app.store.all().values())
        # ↓ then y: the city.
        await pilot.press("x", "down", "y")
        skipped = {i for i, item in app.store.all().items() if item.verdict == "skip"}
        assert skipped == {"a1", "a2", "a3"}


@async_test
async def test_the_topic_list_shows_an_article_under_both_topics(tmp_path: Path) -> None:
    app = make_app(tmp_path, two_topic_articles())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        paths = [row.path for row in screen.view.rows if not isinstance(row, GroupRow) and row.id == "a1"]
        assert paths == [("医疗医保",), ("法治公安",)]
        assert "已判定 0/8" in str(screen.query_one("#status").render())  # articles, not rows


# -- exports


def corpus_and_store(tmp_path: Path) -> tuple[list[Article], AnnotationStore]:
    articles = two_topic_articles()
    by_id = {a.id: a for a in articles}
    store = AnnotationStore(tmp_path / "annotations.json", author="王编辑")
    store.set_verdict(ArticleRef.from_article(by_id["b1"]), "followup")
    store.set_verdict(ArticleRef.from_article(by_id["a1"]), "pick")
    store.set_verdict(ArticleRef.from_article(by_id["n1"]), "pick")
    store.add_note(ArticleRef.from_article(by_id["n1"]), "全国的数据要核实")
    return articles, store


def test_markdown_uses_labels_national_local_time_and_picks_first(tmp_path: Path, shanghai: None) -> None:
    articles, store = corpus_and_store(tmp_path)
    text = to_markdown(
        store.all().values(), articles, topic_label=TAXONOMY.label, generated="2026-12-01T13:00:14Z"
    )
    assert "生成于 2026-12-01 21:00:14 +08:00" in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## 选用与跟进（3）" and "## 全国" in headings and "## 未知地区" not in headings
    picks = text.split("## 选用与跟进（3）")[1].split("\n## ")[0]
    order = [line.split("**")[1] for line in picks.splitlines() if line.startswith("- ")]
    assert order == ["选用", "选用", "跟进"]
    assert "### 医疗医保" in text and "### healthcare" not in text
    note = store.all()["n1"].notes[0]
    assert f"*— 王编辑，{local_time(note.created)}*" in text and "+08:00" in local_time(note.created)


def test_csv_has_a_bom_topic_columns_and_national(tmp_path: Path, shanghai: None) -> None:
    articles, store = corpus_and_store(tmp_path)
    text = to_csv(store.all().values(), articles, topic_label=TAXONOMY.label)
    assert text.startswith("\ufeff")
    rows = {r["article_id"]: r for r in csv.DictReader(io.StringIO(text[1:]))}
    assert rows["a1"]["topics"] == "医疗医保; 法治公安" and rows["a1"]["topic_ids"] == "healthcare; law"
    assert rows["n1"]["region"] == "全国" and rows["n1"]["created"].endswith("+08:00")


def test_json_export_has_per_article_times_and_still_imports(tmp_path: Path) -> None:
    _, store = corpus_and_store(tmp_path)
    document = with_times(store.export_json(), store.all().values())
    a1 = next(a for a in document["articles"] if a["id"] == "a1")
    assert a1["verdict_at"] and a1["verdict_by"] == "王编辑" and a1["created"] and a1["updated"]
    other = AnnotationStore(tmp_path / "other.json", author="李主任")
    result = other.import_json(json.loads(json.dumps(document)))
    assert result.articles_added == 3 and other.get("a1").verdict == "pick"  # type: ignore[union-attr]


@async_test
async def test_the_apps_export_uses_labels_and_a_bom(tmp_path: Path) -> None:
    app = make_app(tmp_path, two_topic_articles())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "1")  # pick a1
        await pilot.press("e")
        target = tmp_path / "report.csv"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        raw = target.read_bytes()
        assert raw.startswith("\ufeff".encode())
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert [(r["article_id"], r["verdict"], r["topics"]) for r in rows] == [
            ("a1", "pick", "医疗医保; 法治公安")
        ]
        markdown = tmp_path / "report.md"
        await pilot.press("e")
        app.screen.query_one(Input).value = str(markdown)
        await pilot.press("enter")
        report = markdown.read_text(encoding="utf-8")
        assert report.index("## 选用与跟进（1）") < report.index("## 浙江省") and "### 医疗医保" in report


def test_local_time_with_an_offset() -> None:
    zone = timezone(timedelta(hours=8))
    assert local_time("2026-12-01T13:00:14Z", zone=zone) == "2026-12-01 21:00:14 +08:00"
    assert local_time("2026-12-01T13:00:14Z", zone=zone, offset=False) == "2026-12-01 21:00:14"
    assert local_time("") == "" and local_time("不是时间") == "不是时间"
