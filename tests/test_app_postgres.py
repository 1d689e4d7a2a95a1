"""The real app on a real PostgreSQL server: another editor's note shows by itself, and a server
that goes away is said in the status line, refuses writes, and is reconnected to on its own."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.app import ReaderApp, build_app
from reader.config import Config
from reader.library import MemoryLibrary
from reader.store.pg import PostgresStore
from tests.app_fixtures import TAXONOMY, async_test, make_articles, on_top, status

ROOT = Path(__file__).resolve().parent.parent
SIZE = (100, 30)
PATIENCE = 10.0  # seconds a condition may take on a loaded machine; the 1 s figure is measured in bench/


def app_on(url: str, tmp_path: Path) -> ReaderApp:
    store = PostgresStore(url, author="测试编辑", live=True)
    return build_app(
        MemoryLibrary(make_articles()), store, Config(path=tmp_path / "config.toml"), (), TAXONOMY
    )


def body(app: ReaderApp) -> str:
    return "\n".join(on_top(app).reader.text_lines())


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Let the app run (its own timers, no poll called by hand) until `condition` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while not condition():
        assert loop.time() < deadline, "the app did not get there"
        await pilot.pause(0.05)


@async_test
async def test_a_note_written_by_the_cli_shows_in_the_running_app(pg_url: str, tmp_path: Path) -> None:
    app = app_on(pg_url, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = on_top(app).article_list.current_id
        assert shown is not None
        PostgresStore(pg_url).set_read(on_top(app).ref(shown))  # so the CLI finds the article with no pages
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "reader",
                "note",
                shown,
                "同事从命令行写的",
                "--db",
                pg_url,
                "--corpus",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "READER_AUTHOR": "同事"},
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        await until(pilot, lambda: "同事从命令行写的" in body(app))
        assert on_top(app).view.annotations[shown].notes[0].author == "同事"
        PostgresStore(pg_url, author="李主任").set_verdict(on_top(app).ref(shown), "pick")
        await until(pilot, lambda: "选 · 李主任 · " in body(app))  # who set what, and when
    app.store.close()


@async_test
async def test_the_server_going_away_and_coming_back(own_pg_cluster: Any, tmp_path: Path) -> None:
    url = own_pg_cluster.create_database()
    app = app_on(url, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = on_top(app).article_list.current_id
        assert shown is not None
        await pilot.press("s")
        assert on_top(app).view.marks[shown].bookmarked

        own_pg_cluster.crash()
        await until(pilot, lambda: "unreachable" in status(app))
        await pilot.press("s")  # refused, and said so; the mark stays as the server has it
        assert any("nothing was saved" in n.message for n in app._notifications)
        assert on_top(app).view.marks[shown].bookmarked and body(app)  # the article stays open

        own_pg_cluster.start()
        await until(pilot, lambda: "unreachable" not in status(app))
        PostgresStore(url, author="同事").add_note(on_top(app).ref(shown), "服务器回来以后写的")
        await until(pilot, lambda: "服务器回来以后写的" in body(app))
        await pilot.press("s")
        assert not PostgresStore(url).get(shown).bookmarked  # type: ignore[union-attr]
    app.store.close()
