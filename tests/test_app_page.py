"""The page in the app, driven by keys: the reading pane's header, the page view (`v`), `[` / `]`
and the grouping by page (`p`), over real page files cut by the real splitter."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.app.page_screen import PageScreen
from reader.app.screens import MainScreen
from reader.app.widgets.page_text import PageText
from tests.app_fixtures import async_test, main, settle, status
from tests.page_fixtures import make_page_app

SIZE = (100, 30)


def body(app: ReaderApp) -> list[str]:
    return main(app).reader.text_lines()


def title(app: ReaderApp) -> str:
    """The reading pane's title line (the line after the header)."""
    return body(app)[1]


def page_lines(app: ReaderApp) -> list[str]:
    return app.screen.query_one(PageText).text_lines()


def problem(app: ReaderApp) -> str:
    line = app.screen.query_one("#page-problem")
    return str(line.render()) if line.display else ""


async def open_view(pilot: Pilot[None]) -> None:
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PageScreen)


@async_test
async def test_header_shows_page_and_date_and_the_id_stands_once_under_the_body(tmp_path: Path) -> None:
    app, _ = make_page_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        current = main(app).article_list.current_id
        assert current is not None
        assert body(app)[0] == "第3版 民生 · 2025-01-13"
        assert not any(current[:8] in line for line in body(app))
        assert f"ID {current[:8]}" in str(main(app).query_one("#legend").render())
        assert title(app) == "义乌市医保局强化基金监管"


@async_test
async def test_group_by_page_lists_papers_dates_and_pages_in_printed_order(tmp_path: Path) -> None:
    app, _ = make_page_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        screen = main(app)
        assert screen.view.group_by == "page" and "按版面" in status(app)
        groups = [(row.depth, row.label) for row in screen.view.rows if not hasattr(row, "summary")]
        assert groups == [
            (0, "义乌商报"),
            (1, "2025-01-13"),
            (2, "第3版 民生"),
            (0, "德清新闻"),
            (1, "2024-05-08"),
            (2, "第1版 头版"),  # b.txt, though a.txt comes first by name
            (2, "第2版 要闻"),
            (1, "2024-05-09"),
            (2, "第1版 头版"),
        ]
        await pilot.press("r")
        assert str(screen.view.group_by) == "region"


@async_test
async def test_brackets_step_through_pages_in_printed_order(tmp_path: Path) -> None:
    app, _ = make_page_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        heads: list[str] = []
        for _ in range(3):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            heads.append(body(app)[0] + " " + title(app))
        assert heads == [
            "第1版 头版 · 2024-05-08 苏溪稳步推进非粮化整治",
            "第2版 要闻 · 2024-05-08 德清县首个“共富工坊”联盟成立",
            "第1版 头版 · 2024-05-09 多地推行“先看病后付费”信用就医惠及群众",
        ]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "已是最后一版" in status(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert title(app) == "苏溪稳步推进非粮化整治"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert title(app) == "义乌市医保局强化基金监管" and "已是第一版" in status(app)


@async_test
async def test_page_view_marks_the_story_and_jumps_to_another(tmp_path: Path) -> None:
    app, _ = make_page_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")  # 第2版 要闻, its first story
        await pilot.pause()
        assert title(app) == "德清县首个“共富工坊”联盟成立"
        await open_view(pilot)
        head = str(app.screen.query_one("#page-head").render())
        assert "德清新闻/2024-05-08/a.txt" in head and "第2版 要闻 · 2024-05-08" in head
        assert problem(app) == ""
        lines = page_lines(app)
        marked = [line[2:] for line in lines if line.startswith("▌ ")]
        assert marked[0] == "德清县首个“共富工坊”联盟成立"
        assert any("首批18家企业" in line for line in marked)
        assert not any("乾元镇" in line for line in marked)  # a neighbour, not marked
        furniture = next(line for line in lines if "第2版" in line)
        assert not furniture.startswith("▌") and "2024年5月8日" in furniture
        # j: the next story on the page (an untitled brief), j again: 乾元镇…; Enter opens it.
        await pilot.press("j", "j")
        cursor = [line for line in page_lines(app) if line.startswith("› ")]
        assert cursor == ["› 乾元镇开展防汛应急演练"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert title(app) == "乾元镇开展防汛应急演练"
        # Esc closes the view and leaves the list where it was.
        await open_view(pilot)
        await pilot.press("j", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and title(app) == "乾元镇开展防汛应急演练"


@async_test
async def test_page_view_brackets_show_the_next_page(tmp_path: Path) -> None:
    app, _ = make_page_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_view(pilot)  # the crawler's file
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "德清新闻/2024-05-08/b.txt" in str(app.screen.query_one("#page-head").render())
        assert any(line.startswith("▌ ") and "苏溪" in line for line in page_lines(app))
        await pilot.press("enter")  # the cursor is on the marked story: it opens
        await settle(pilot)
        assert title(app) == "苏溪稳步推进非粮化整治"


@async_test
async def test_a_crawler_file_is_one_story_with_its_front_matter_dim(tmp_path: Path) -> None:
    app, _ = make_page_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_view(pilot)
        lines = page_lines(app)
        assert lines[:3] == ["  ---", "  title: 义乌市医保局强化基金监管", "  date: 2025-01-13"]
        assert "▌ # 义乌市医保局强化基金监管" in lines
        assert any(line.startswith("▌ ") and "268万元" in line for line in lines)


@async_test
async def test_page_view_text_is_inert(tmp_path: Path) -> None:
    app, papers = make_page_app(tmp_path)
    page = papers / "德清新闻" / "2024-05-08" / "b.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\x1b[31m红字\x07\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await open_view(pilot)
        lines = page_lines(app)
        assert "  [b]公益广告[/b]" in lines  # markup shown as typed, not as bold
        assert all("\x1b" not in line and "\x07" not in line for line in lines)
        assert any("红字" in line for line in lines)


@async_test
async def test_page_view_says_when_the_file_is_gone_or_changed(tmp_path: Path) -> None:
    app, papers = make_page_app(tmp_path)
    page = papers / "德清新闻" / "2024-05-08" / "b.txt"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        page.write_text(
            "2024年5月8日 星期三　　第1版　　头版\n\n另一篇稿子\n\n本报讯 全新的内容。\n", encoding="utf-8"
        )
        await open_view(pilot)
        assert "读入后已改动，本篇已不在其中" in problem(app)
        assert "另一篇稿子" in "\n".join(page_lines(app))
        await pilot.press("escape")
        page.unlink()
        await open_view(pilot)
        assert problem(app) == "找不到此版的文件（已移走或删除）：德清新闻/2024-05-08/b.txt"
        assert page_lines(app) == []
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@async_test
async def test_page_view_in_english(tmp_path: Path) -> None:
    app, _ = make_page_app(tmp_path)
    app.config.language = "en"  # read when the main screen is made, at start
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_view(pilot)
        assert "Page · 义乌商报/story.md" in str(app.screen.query_one("#page-head").render())
        assert "Enter open" in str(app.screen.query_one("#page-keys").render())
