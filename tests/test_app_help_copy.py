"""Help and keys (every binding, the filter language, ctrl+p; the footer as remapped; keymap
problems named), copy (`y`, `Y`, a selection) and the mouse (a click selects, a double click opens)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from reader.app import ReaderApp
from reader.app.dialogs import HelpScreen
from reader.app.widgets.key_legend import KeyLegend
from reader.app.widgets.reader_pane import ReaderPane
from reader.config import Config
from reader.keys import KEYS
from tests.app_fixtures import async_test, main, make_app

SIZE = (100, 30)


def footer(app: ReaderApp) -> list[tuple[str, str]]:
    return [(entry.keys, entry.description) for entry in main(app).query_one(KeyLegend).shown]


def clipboard(app: ReaderApp) -> list[str]:
    """What the app sends to the terminal's clipboard, in order."""
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign,assignment]
    return copied


async def drag(pilot: Pilot[None], widget: Widget, start: tuple[int, int], end: tuple[int, int]) -> None:
    """Press the mouse at `start`, move to `end` and let go there, as a hand would."""
    await pilot.mouse_down(widget, offset=start)
    await pilot.hover(widget, offset=end)
    await pilot.mouse_up(widget, offset=end)


@async_test
async def test_help_lists_every_binding_the_filter_language_and_the_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-table", Static).render())
        for spec in KEYS:
            assert spec.zh in text and spec.id in text
        assert "ctrl+p" in text and "命令面板" in text
        for example in ("region:浙江", "topic:healthcare", "is:unread", "date:2025-01", "page:A05", "-骗保"):
            assert example in text


@async_test
async def test_the_footer_shows_the_keys_as_remapped_and_fits_80_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path, config=Config(path=tmp_path / "c.toml", keymap={"bookmark": "m", "export": "o"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = footer(app)
        assert ("m", "书签") in shown and ("o", "导出") in shown
        assert not [k for k, _ in shown if k in ("s", "e")]  # the old keys are gone
        for key in "jkrtx?q":  # grouped keys share an entry: jk 上下, rt 分组
            assert key in "".join(k for k, _ in shown)
        legend = main(app).query_one(KeyLegend)
        drawn = legend.render_line(0).text
        assert all(f"{k} {d}" in drawn for k, d in shown)  # none cut off
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        narrow = footer(app)
        assert narrow[-2:] == [("?", "帮助"), ("q", "退出")] and len(narrow) < len(
            shown
        )  # help and quit stay
        assert legend.render_line(0).cell_length <= 60


@async_test
async def test_keymap_clashes_and_unknown_ids_are_named_in_the_app(tmp_path: Path) -> None:
    config = Config(path=tmp_path / "c.toml", keymap={"bookmark": "j", "nonsense": "x"})
    app = make_app(tmp_path, config=config)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("keymap.bookmark" in m and "'j' is already next's key" in m for m in said)
        assert any("keymap.nonsense is not a binding id" in m for m in said)
        await pilot.press("j")
        assert main(app).article_list.current_id == "a1"  # j still moves on


@async_test
async def test_y_copies_the_article_and_Y_its_id(tmp_path: Path) -> None:  # noqa: N802 - the key
    app = make_app(tmp_path)
    copied = clipboard(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "y")
        text = copied[-1]
        lines = text.splitlines()
        assert lines[0] == "义乌市医保局强化基金监管出实效" and "地区：浙江省 › 金华市 › 义乌市" in lines
        assert "ID：a1" in lines and any(line.startswith("版面：2025-01-13") for line in lines)
        assert "追回医保基金268万元" in text and "医保局工作人员在定点药店检查。" in text
        assert "\x1b" not in text
        await pilot.press("Y")
        assert copied[-1] == "a1" and "a1" in str(main(app).query_one("#status").render())
        assert "ID a1" in str(main(app).query_one("#legend").render())  # the id is on screen


@async_test
async def test_a_selection_is_what_y_copies(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    copied = clipboard(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        status = screen.query_one("#status")
        # Drag over the status line's first cells, as a mouse would.
        await drag(pilot, status, (1, 0), (7, 0))
        await pilot.pause()
        selected = screen.get_selected_text()
        assert selected
        await pilot.press("y")
        assert copied[-1] == selected and "已判定" in selected


@async_test
async def test_a_passage_dragged_over_in_the_reading_pane_is_what_y_copies(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    copied = clipboard(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one(ReaderPane)
        lines = pane.text_lines()
        assert pane.doc is not None
        body = next(i for i, line in enumerate(lines) if line and pane.doc.article.body[0].startswith(line))
        marked = screen.get_component_rich_style("screen--selection").bgcolor
        assert not any(seg.style and seg.style.bgcolor == marked for seg in pane.render_line(body))
        # Drag from the body line's third cell (its second character: Chinese is two cells wide)
        # to the start of the line after it.
        await drag(pilot, pane, (2, body), (0, body + 1))
        await pilot.pause()
        selected = screen.get_selected_text()
        assert selected is not None and selected.startswith(lines[body][1:] + "\n")
        painted = list(pane.render_line(body))  # the selected cells take the selection's colours
        assert [seg.style.bgcolor == marked for seg in painted if seg.style][:1] == [False]
        assert any(seg.style and seg.style.bgcolor == marked for seg in painted)
        await pilot.press("y")
        assert copied[-1] == selected


@async_test
async def test_clicking_a_row_selects_it_and_a_double_click_opens_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        rows = screen.view.rows
        index = next(i for i, r in enumerate(rows) if getattr(r, "id", None) == "b1")
        await pilot.click(screen.article_list, offset=(10, index))
        assert screen.article_list.current_id == "b1" and screen.reader.doc is not None
        assert screen.reader.doc.article.id == "b1"
        item = app.store.get("b1")
        assert item is None or not item.read  # a click shows it, not reads it
        await pilot.click(screen.article_list, offset=(10, index), times=2)
        assert screen.reader.has_focus
        item = app.store.get("b1")
        assert item is not None and item.read
