"""Snapshots of the main screen, search highlighting, help and the note editor at 80×24 and 120×40.

Regenerate after a deliberate change with `pytest tests/test_app_snapshots.py --snapshot-update`,
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from reader.config import Config
from tests.app_fixtures import make_app, settle

SIZES = [(80, 24), (120, 40)]
SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path, config=Config(watch=["骗保"]))

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # the list is in
        await pilot.press("j", "s", "2")  # bookmark a1, follow it up (moves on to a2)
        await pilot.press("k")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_search_highlight(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path, config=Config(watch=["骗保"]))

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # the list is in
        await pilot.press("slash")
        pilot.app.screen.query_one("#query", Input).value = "医保"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(tmp_path), press=["question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_note_editor(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # the list is in
        await pilot.press("j", "a")
        pilot.app.screen.query_one(TextArea).insert("核实追回的268万元\n联系医保局负责人")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_body_focused_without_colour(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: the cursor row reversed, the focused body's heavy edge, the id under the body."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, config=Config(watch=["骗保"]))

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # the list is in
        await pilot.press("j", "1", "k", "tab")  # a1 picked (and read), back on it, the body focused
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_search_typed_with_a_toast(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    """A search narrowing as it is typed (no Enter), a hit counter, and a toast above the status line."""
    app = make_app(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # the list is in
        await pilot.press("slash", "诈", "骗")
        await pilot.pause(0.4)
        await settle(pilot)
        await pilot.press("enter", "n")
        pilot.app.notify("已导出到 /tmp/reader-export.md", timeout=60)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


# -- the page: the view (v) and the list grouped by page (p), over real page files


@pytest.mark.parametrize("size", SIZES)
def test_page_view(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    from tests.page_fixtures import make_page_app

    app, _ = make_page_app(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # the list is in
        await pilot.press("right_square_bracket", "right_square_bracket", "v")  # 第2版 要闻
        await settle(pilot)
        await pilot.press("j", "j")  # the cursor on the third story's title
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_grouped_by_page(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    from tests.page_fixtures import make_page_app

    app, _ = make_page_app(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # the list is in
        await pilot.press("p", "right_square_bracket")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
