"""The real app on the shared archive of a real PostgreSQL server, beside the app on the local index
that filled it: the same list in every grouping, the same reading pane, search equal to the
substring oracle, the same filters, marks and notes in the store `--db` names, and a server that
goes away said in the status line, the list kept, and found again when it is back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from reader.app import ReaderApp, build_app
from reader.app.loading import ArchiveLoader, IndexLoader, Loaded, LoadEvent
from reader.config import Config
from reader.corpus import load_corpus
from reader.pgarchive import PgArchive
from reader.store import AnnotationStore, Store
from reader.store.pg import PostgresStore
from tests.app_fixtures import async_test, on_top
from tests.archive_fixtures import Filled
from tests.conftest import SEEDS
from tests.test_archive_cli import queries
from tests.test_pgarchive import oracle

SIZE = (100, 30)
PATIENCE = 20.0  # seconds a condition may take on a loaded machine


def said(app: ReaderApp) -> str:
    """The status line's message, whole (the line itself may elide it)."""
    return str(on_top(app).view.message)


def listed_ids(app: ReaderApp) -> list[str]:
    return [row.id for row in on_top(app).view.rows if hasattr(row, "summary")]  # type: ignore[union-attr]


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while not condition():
        assert loop.time() < deadline, "the app did not get there"
        await pilot.pause(0.05)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def on_archive(url: str, store: Store, tmp_path: Path, paths: list[str] | None = None) -> ReaderApp:
    return build_app(ArchiveLoader(PgArchive(url), paths or []), store, Config(path=tmp_path / "config.toml"))


def on_index(filled: Filled, store: Store, tmp_path: Path) -> ReaderApp:
    loader = IndexLoader(filled.roots, {}, str(filled.cache))
    return build_app(loader, store, Config(path=tmp_path / "config.toml"))


async def loaded(pilot: Pilot[None]) -> None:
    await until(pilot, lambda: on_top(pilot.app).view.library is not None and bool(listed_ids(pilot.app)))  # type: ignore[arg-type]
    await settle(pilot)


async def ask(pilot: Pilot[None], key: str, text: str) -> list[str]:
    """`/` or `f`, `text`, Enter: the ids the list shows then."""
    await pilot.press(key)
    on_top(pilot.app).query_one("#query", Input).value = text  # type: ignore[arg-type]
    await pilot.press("enter")
    await settle(pilot)
    shown = listed_ids(pilot.app)  # type: ignore[arg-type]
    await pilot.press("escape", "escape")
    await settle(pilot)
    return shown


async def everything(pilot: Pilot[None], asked: list[tuple[str, str]]) -> dict[str, Any]:
    """What an editor sees: the list grouped three ways, the first articles' reading pane, and
    the list after each search or filter in `asked`."""
    await loaded(pilot)
    app: ReaderApp = pilot.app  # type: ignore[assignment]
    seen: dict[str, Any] = {}
    for key, grouping in (("r", "region"), ("t", "topic"), ("p", "page")):
        await pilot.press(key)
        await settle(pilot)
        seen[grouping] = list(on_top(app).view.rows)
    await pilot.press("r", "g")
    bodies = []
    for _ in range(3):
        await pilot.press("enter")
        await settle(pilot)
        bodies.append(on_top(app).reader.text_lines())
        await pilot.press("escape", "j")
    seen["bodies"] = bodies
    for key, text in asked:
        seen[f"{key}{text}"] = await ask(pilot, key, text)
    return seen


@async_test
async def test_the_app_on_the_archive_shows_what_the_app_on_the_local_index_shows(
    filled_archive: Filled, tmp_path: Path
) -> None:
    asked = [("slash", q) for q in queries(filled_archive.articles, each=1, chosen=("沪", "=义乌", "義烏"))]
    asked += [("f", "region:浙江"), ("f", "医 region:浙江 -医保"), ("f", "topic:healthcare")]
    seen = []
    for make in (on_archive, on_index):
        store = AnnotationStore(tmp_path / f"{make.__name__}.json", author="测试编辑")
        app = (
            on_archive(filled_archive.url, store, tmp_path)
            if make is on_archive
            else on_index(filled_archive, store, tmp_path)
        )
        async with app.run_test(size=SIZE) as pilot:
            seen.append(await everything(pilot, asked))
        store.close()
    served, local = seen
    assert [r.summary.title for r in served["region"] if hasattr(r, "summary")] == [
        r.summary.title for r in local["region"] if hasattr(r, "summary")
    ]
    assert len([r for r in served["region"] if hasattr(r, "summary")]) == len(filled_archive.articles)
    for key in local:
        assert served[key] == local[key], key
    for key, text in asked:
        if key == "slash":
            assert set(served[f"{key}{text}"]) == oracle(filled_archive.articles, text), text
    assert served["fregion:浙江"] and all(body for body in served["bodies"])


@async_test
async def test_marks_and_notes_go_to_the_store_db_names(filled_archive: Filled, tmp_path: Path) -> None:
    """The archive and the annotations in one database: a bookmark, a verdict and a note made in
    the app on the archive, read back by another editor's store with the article's title."""
    store = PostgresStore(filled_archive.url, author="测试编辑", live=True)
    app = on_archive(filled_archive.url, store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        article_id = on_top(app).article_list.current_id
        assert article_id is not None
        await pilot.press("s", "1")
        await settle(pilot)
        on_top(app).article_list.select_id(article_id)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"核实", "ctrl+s")
        await settle(pilot)
    store.close()
    other = PostgresStore(filled_archive.url, author="同事")
    item = other.get(article_id)
    assert item is not None and item.bookmarked and item.verdict == "pick"
    archive = PgArchive(filled_archive.url)
    assert [n.text for n in item.notes] == ["核实"] and item.title == archive.article(article_id).title
    archive.close()
    other.close()


@async_test
async def test_a_server_that_goes_away_is_said_and_found_again(own_pg_cluster: Any, tmp_path: Path) -> None:
    articles = list(load_corpus([SEEDS]).articles)
    url = own_pg_cluster.create_database()
    PgArchive(url, create=True).put(articles)
    store = AnnotationStore(tmp_path / "annotations.json")
    app = on_archive(url, store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        listed = listed_ids(app)
        own_pg_cluster.stop()
        await pilot.press("G")  # an article not opened before: the server is asked for it
        await settle(pilot)
        assert said(app).startswith(
            (f"lost the archive server {url} (", f"cannot reach the archive server {url} (")
        )
        assert listed_ids(app) == listed and "Traceback" not in "\n".join(on_top(app).reader.text_lines())
        await pilot.press("slash")
        on_top(app).query_one("#query", Input).value = "医保"
        await pilot.press("enter")
        await settle(pilot)
        assert said(app).startswith(f"cannot reach the archive server {url} (Connection refused")
        assert listed_ids(app) == listed  # the library failed: the list stays as it was
        await pilot.press("escape", "escape")
        await settle(pilot)
        own_pg_cluster.start()
        assert set(await ask(pilot, "slash", "医保")) == oracle(articles, "医保")
        await pilot.press("g", "enter")
        await settle(pilot)
        assert articles[0].title in "\n".join(on_top(app).reader.text_lines())
    store.close()


def test_the_loader_says_when_the_archive_needs_filling(pg_url: str) -> None:
    """Rows of the first archive's shape are left out of the list, and one line says what to run."""
    articles = list(load_corpus([SEEDS]).articles)
    PgArchive(pg_url, create=True).put(articles[:3])
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:  # as if stored by the first archive
        conn.execute("UPDATE archive_articles SET record = NULL WHERE id = %s", (articles[0].id,))
    events: list[LoadEvent] = []
    ArchiveLoader(PgArchive(pg_url))(events.append)
    assert len(events) == 1 and isinstance(events[0], Loaded)
    event = events[0]
    assert [s.id for s in event.library.summaries()] == [a.id for a in articles[1:3]]
    assert event.notices == (
        f"1 articles in the archive at {pg_url} were stored by an older reader without their text and "
        f"are left out; store them whole with: reader index PATH… --archive {pg_url}",
    )


def test_the_loader_names_paths_with_no_articles(filled_archive: Filled) -> None:
    events: list[LoadEvent] = []
    ArchiveLoader(PgArchive(filled_archive.url), ["/nowhere/else"])(events.append)
    assert isinstance(events[0], Loaded) and events[0].library.summaries() == []
    assert events[0].notices == (f"no articles in the archive at {filled_archive.url} under /nowhere/else",)
