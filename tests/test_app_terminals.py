"""Terminals: the cursor row, the focused pane, TERM=dumb, and a status line that keeps its counts
at 80×24 with toasts above it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.widgets._toast import Toast

from reader.app import ReaderApp
from reader.app.terminal import terminal_problem
from reader.config import Config
from tests.app_fixtures import async_test, make_app, on_top

ROOT = Path(__file__).resolve().parents[1]


def cursor_segments(app: ReaderApp) -> list[Segment]:
    listed = on_top(app).article_list
    strip = listed.render_line(listed.cursor - listed.scroll_offset.y)
    return [segment for segment in strip if segment.text]


@async_test
async def test_the_whole_cursor_row_takes_the_cursor_colours(tmp_path: Path) -> None:
    app = make_app(tmp_path, config=Config(path=tmp_path / "c.toml", watch=["骗保"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(
            "j", "s", "1", "k"
        )  # a1 bookmarked and picked (on to a2, back): marks of their own colours
        listed = on_top(app).article_list
        wanted = listed.get_component_rich_style("article-list--cursor").bgcolor
        segments = cursor_segments(app)
        assert "★" in "".join(s.text for s in segments) and wanted is not None
        assert {s.style.bgcolor for s in segments if s.style is not None} == {wanted}
        await pilot.press("tab")  # the body has focus: the row keeps the blurred cursor's colour
        blurred = listed.get_component_rich_style("article-list--cursor-blurred").bgcolor
        assert {s.style.bgcolor for s in cursor_segments(app) if s.style is not None} == {blurred}


@async_test
async def test_without_colour_the_cursor_row_is_reversed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        segments = cursor_segments(app)
        assert segments and all(s.style is not None and s.style.reverse for s in segments)


@async_test
async def test_the_focused_pane_has_the_heavy_edge(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = on_top(app)
        assert screen.article_list.styles.border_right[0] == "heavy"
        assert screen.reader.styles.border_left[0] != "heavy"
        await pilot.press("tab")
        assert screen.article_list.styles.border_right[0] != "heavy"
        assert screen.reader.styles.border_left[0] == "heavy"


@async_test
async def test_at_80x24_the_counts_stay_and_toasts_stand_above_the_status(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = on_top(app)
        await pilot.press("slash", *"飞行检查数据赋能织密医保基金监管网", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("f")
        screen.query_one("#query").value = "is:unread -骗保 -诈骗 region:全国 topic:healthcare 飞行检查数据"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("n")
        await pilot.pause()
        status = screen.query_one("#status")
        line = visible(str(status.render()), status.content_region.width)  # what the terminal shows
        assert line.startswith("已判定 0/1") and "搜索 1 篇" in line and "筛选 1 篇" in line
        assert "第 2/" in line or "第 1/" in line  # the hit counter
        app.notify("一条很长的提示" * 3, timeout=30)
        await pilot.pause(0.3)
        toasts = list(app.screen.query(Toast))
        assert toasts and all(not toast.region.overlaps(status.region) for toast in toasts)


def visible(line: str, cells: int) -> str:
    from rich.text import Text

    text = Text(line)
    text.truncate(cells)
    return text.plain


@pytest.mark.parametrize("term", ["dumb", "", "unknown", "no-such-terminal-9"])
def test_a_terminal_that_cannot_show_the_app_is_one_line(term: str) -> None:
    problem = terminal_problem({"TERM": term, "HOME": "/nonexistent"})
    assert problem is not None and "\n" not in problem and "TERM=" in problem
    assert terminal_problem({"TERM": "xterm-256color"}) is None


@pytest.mark.parametrize("term", ["dumb", "no-such-terminal-9"])
def test_reader_on_a_dumb_terminal_exits_at_once(term: str, tmp_path: Path) -> None:
    env = {**os.environ, "TERM": term, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "reader"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "TERM=" in done.stderr
    assert time.monotonic() - started < 60  # no hang (the timeout above would have raised)
