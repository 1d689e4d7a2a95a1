"""Search in the app: narrowing as you type, no key lost after `/`, hits in headlines, `n` on to
the next matching article, and `↑` recalling earlier searches kept per user."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from pyroaring import BitMap
from textual import events
from textual.pilot import Pilot

from reader.app import ReaderApp, build_app
from reader.app.widgets.query_input import QueryInput
from reader.config import Config
from reader.library import MemoryLibrary
from reader.model import Article
from reader.store import AnnotationStore
from tests.app_fixtures import TAXONOMY, async_test, make_app, make_articles, on_top, status

SIZE = (100, 30)


def listed_ids(app: ReaderApp) -> list[str]:
    return [row.id for row in on_top(app).view.rows if hasattr(row, "summary")]  # type: ignore[union-attr]


async def idle(pilot: Pilot[None], seconds: float = 0.4) -> None:
    await pilot.pause(seconds)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@async_test
async def test_the_list_narrows_as_you_type(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "医")
        await idle(pilot)
        assert set(listed_ids(app)) == {"n1", "a1", "b1"}  # no Enter pressed
        assert on_top(app).query_one("#query", QueryInput).has_focus  # still typing
        await pilot.press("保", "局")
        await idle(pilot)
        assert set(listed_ids(app)) == {"n1", "a1", "b1"}
        await pilot.press("backspace", "backspace", "backspace", "诈", "骗")
        await idle(pilot)
        assert set(listed_ids(app)) == {"a1", "a3", "u2"}  # a1: 打击欺诈骗保
        await pilot.press("enter")
        assert on_top(app).article_list.has_focus and "搜索 3 篇「诈骗」" in str(
            on_top(app).query_one("#status").render()
        )


@async_test
async def test_no_key_typed_right_after_slash_is_lost(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            # All at once, as a fast typist's keys arrive: none waits for the search line to open.
            for key, char in [("slash", "/"), ("j", "j"), ("k", "k"), ("医", "医"), ("保", "保")]:
                app.post_message(events.Key(key, char))
            await pilot.pause()
            field = on_top(app).query_one("#query", QueryInput)
            assert field.value == "jk医保"  # j and k went to the search line, not to the list
            await pilot.press("escape", "escape")


@async_test
async def test_no_key_typed_right_after_enter_is_lost(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "医", "保")
        for key, char in [("enter", "\r"), ("j", "j")]:  # at once: j right behind Enter
            app.post_message(events.Key(key, char))
        await idle(pilot)
        assert on_top(app).view.search == "医保" and on_top(app).article_list.current_id == "a1"


@async_test
async def test_a_slash_typed_in_the_search_line_is_text(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "1", "slash", "2")
        assert on_top(app).query_one("#query", QueryInput).value == "1/2"


@async_test
async def test_hits_in_headlines_are_highlighted(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "医", "保", "enter")
        await idle(pilot)
        listed = on_top(app).article_list
        hit = listed.get_component_rich_style("article-list--hit")
        for index, row in enumerate(listed.rows):
            if getattr(row, "id", None) == "b1":  # 绍兴医保多维度守护群众“救命钱”
                strip = listed.render_line(index - listed.scroll_offset.y)
                lit = "".join(s.text for s in strip if s.style is not None and s.style.bgcolor == hit.bgcolor)
                assert lit == "医保"


@async_test
async def test_n_goes_on_to_the_next_matching_article(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "医", "保", "enter")
        await idle(pilot)
        screen = on_top(app)
        first = screen.article_list.current_id
        hits = len(screen.reader.hit_lines)
        assert first == "n1" and hits >= 1 and screen.reader.hit_index == 0
        await pilot.press(*["n"] * hits)  # past the last hit of n1
        assert screen.article_list.current_id == "a1" and screen.reader.hit_index == 0
        await pilot.press("N")  # before a1's first hit: back to n1's last
        assert screen.article_list.current_id == "n1" and screen.reader.hit_index == hits - 1


@async_test
async def test_up_recalls_earlier_searches_kept_per_user(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for word in ("医保", "诈骗"):
            await pilot.press("slash", *word, "enter")
            await idle(pilot, 0.2)
    saved = Path(os.environ["XDG_DATA_HOME"]) / "reader" / "search_history.json"
    assert json.loads(saved.read_text(encoding="utf-8")) == ["医保", "诈骗"]
    again = make_app(tmp_path)  # the next session
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "残")
        field = on_top(again).query_one("#query", QueryInput)
        await pilot.press("up")
        assert field.value == "诈骗"
        await pilot.press("up", "up")
        assert field.value == "医保"  # the oldest stays
        await pilot.press("down", "down")
        assert field.value == "残"  # back to what was being typed
        assert on_top(again).article_list.current_id is not None


class SlowLibrary(MemoryLibrary):
    """A library whose searches wait for the test to let them through (a slow archive)."""

    def __init__(self, articles: list[Article]) -> None:
        super().__init__(articles)
        self.go = threading.Event()

    def search_bits(self, needle: str) -> BitMap:
        self.go.wait(10)
        return super().search_bits(needle)


@async_test
async def test_the_list_and_body_change_once_when_the_results_come(tmp_path: Path) -> None:
    library = SlowLibrary(make_articles())
    store = AnnotationStore(tmp_path / "annotations.json", author="测试编辑")
    app = build_app(library, store, Config(path=tmp_path / "config.toml"), (), TAXONOMY)
    async with app.run_test(size=SIZE) as pilot:
        screen = on_top(app)
        rows = len(screen.view.rows)
        await pilot.press("slash", "医", "保", "enter")
        await pilot.pause()
        # On its way: the line says so, and the list and the body stay as they were.
        assert "正在搜索「医保」" in status(app)
        assert screen.view.search == "" and len(screen.view.rows) == rows
        library.go.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.view.search == "医保" and "正在搜索" not in status(app)
        assert len(screen.view.rows) < rows and "搜索 " in status(app)
