"""The real app driven by keys (Textual's Pilot): every binding and every flow.

Each test gets its own annotations file and config (tmp_path and the autouse fixture in
conftest.py), so nothing here touches the user's files.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from reader.app import ReaderApp, build_app
from reader.app.bindings import KEYS
from reader.app.dialogs import ConfirmScreen, EditorScreen, HelpScreen, PromptScreen
from reader.app.loading import IndexLoader
from reader.app.screens import MainScreen
from reader.config import Config, ReadMode
from reader.model import Article
from reader.store import AnnotationStore
from tests.app_fixtures import async_test, main, make_app, make_articles, settle, status

SIZE = (100, 30)


async def type_query(pilot: Pilot[None], key: str, text: str) -> None:
    """Open the search or filter line, put `text` in it and press Enter."""
    await pilot.press(key)
    field = pilot.app.screen.query_one("#query", Input)
    field.value = text
    await pilot.press("enter")
    await settle(pilot)


def body(app: ReaderApp) -> str:
    return "\n".join(main(app).reader.text_lines())


# -- start, moving, grouping


@async_test
async def test_start_selects_the_first_article_and_shows_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.article_list.current_id == "n1"
        # No page or date is known, so there is no header line: the title comes first.
        assert body(app).split("\n")[:2] == ["飞行检查数据赋能织密医保基金监管网", "地区 全国"]
        assert "已判定 0/8" in status(app)


@async_test
async def test_moving_through_articles(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("j", "down")
        assert screen.article_list.current_id == "a2"
        await pilot.press("k")
        assert screen.article_list.current_id == "a1"
        assert "义乌市医保局强化基金监管出实效" in body(app)
        await pilot.press("up")
        assert screen.article_list.current_id == "n1"
        await pilot.press("G")
        assert screen.article_list.current_id == "u2"
        await pilot.press("g")
        assert screen.article_list.current_id == "n1"
        await pilot.press("j", "j", "j", "k")  # messages of earlier moves arrive late: the last move wins
        await pilot.pause()
        current = screen.article_list.current_id
        assert current is not None and screen.reader.doc is not None
        assert screen.reader.doc.article.id == current


@async_test
async def test_grouping_keeps_the_cursor(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("j", "j", "j")  # a3, the law story in 义乌
        assert screen.article_list.current_id == "a3"
        await pilot.press("t")
        assert screen.view.group_by == "topic" and screen.article_list.current_id == "a3"
        assert "按话题" in status(app)
        labels = [getattr(row, "label", None) for row in screen.view.rows]
        assert "医疗医保" in labels and "法治公安" in labels
        await pilot.press("r")
        assert str(screen.view.group_by) == "region" and screen.article_list.current_id == "a3"


@async_test
async def test_enter_esc_tab_and_scrolling(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 12)) as pilot:
        screen = main(app)
        await pilot.press("j")  # a1: long enough to scroll at this height
        await pilot.press("enter")
        assert screen.reader.has_focus
        assert screen.view.marks["a1"].read  # opening the body reads it
        top = str(screen.query_one("#legend").render())
        assert top.split(" · ")[0].endswith("%")  # where the reading is, as a pager says it
        await pilot.press("space")
        assert screen.reader.scroll_y > 0
        lower = str(screen.query_one("#legend").render())
        assert int(lower.split("%")[0]) > int(top.split("%")[0])
        await pilot.press("b")
        assert screen.reader.scroll_y == 0
        assert str(screen.query_one("#legend").render()) == top
        await pilot.press("pagedown")
        assert screen.reader.scroll_y > 0
        await pilot.press("pageup", "escape")
        assert screen.article_list.has_focus
        await pilot.press("tab")
        assert screen.reader.has_focus
        await pilot.press("tab")
        assert screen.article_list.has_focus


# -- search and filter


@async_test
async def test_search_narrows_highlights_and_jumps_between_hits(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await type_query(pilot, "slash", "医保")
        assert set(screen.view.visible_ids or ()) == {"n1", "a1", "b1"}
        assert "搜索 3 篇「医保」" in status(app)
        assert screen.article_list.current_id == "n1"
        await pilot.press("j")
        assert screen.article_list.current_id == "a1"
        reader = screen.reader
        assert len(reader.hit_lines) >= 5
        await pilot.press("n")
        assert reader.hit_index == 1 and "第 2/" in status(app)
        await pilot.press("N")
        assert reader.hit_index == 0
        await pilot.press("escape")  # clears the search
        assert (
            screen.view.visible_ids is None
            and len([r for r in screen.view.rows if hasattr(r, "summary")]) == 8
        )


@async_test
async def test_search_with_no_match_and_without_search(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert "先按 / 搜索" in status(app)
        await type_query(pilot, "slash", "不存在的词")
        assert main(app).article_list.current_id is None
        assert "没有符合的文章" in body(app)


@async_test
async def test_search_line_escape_cancels(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("slash")
        assert screen.query_one("#query", Input).has_focus
        await pilot.press("escape")
        assert not screen.query_one("#query-bar").display and screen.article_list.has_focus
        assert screen.view.search == ""


@async_test
async def test_filter_language_and_errors(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await type_query(pilot, "f", "region:浙江 -骗保")
        assert set(screen.view.visible_ids or ()) == {"a2", "a3", "b1"}
        await type_query(pilot, "f", "topic:医疗医保")
        assert set(screen.view.visible_ids or ()) == {"n1", "a1", "b1"}
        await type_query(pilot, "f", "is:nonsense")
        assert "is:nonsense" in status(app)
        assert screen.query_one("#query-bar").display  # still open to fix the typo
        await pilot.press("escape")
        assert set(screen.view.visible_ids or ()) == {"n1", "a1", "b1"}  # the last good filter stays


@async_test
async def test_filter_by_state(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("s")
        await type_query(pilot, "f", "is:bookmarked")
        assert set(screen.view.visible_ids or ()) == {"n1"}


# -- marks


@async_test
async def test_bookmark_toggles_in_the_store(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        item = app.store.get("n1")
        assert item is not None and item.bookmarked and main(app).view.marks["n1"].bookmarked
        assert "已加书签" in status(app)
        await pilot.press("s")
        item = app.store.get("n1")
        assert item is not None and not item.bookmarked


@async_test
async def test_read_toggle(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        assert read_in_store(app, "n1")
        await pilot.press("u")
        assert not read_in_store(app, "n1")


def read_in_store(app: ReaderApp, article_id: str) -> bool:
    item = app.store.get(article_id)
    return item is not None and item.read


@async_test
async def test_launching_and_passing_over_read_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path, config=Config(path=tmp_path / "config.toml", mark_read_seconds=0.1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.4)  # the first article stays on screen: launching is not reading
        await pilot.press("j", "j", "k")
        await pilot.pause(0.4)  # resting on a row is not reading either, by default
        assert not any(read_in_store(app, i) for i in ("n1", "a1", "a2"))
        assert "•" in row_text(app, "a1")  # still marked unread in the list


def row_text(app: ReaderApp, article_id: str) -> str:
    """The list line showing `article_id`, as painted."""
    screen = main(app)
    rows = screen.view.rows
    index = next(i for i, r in enumerate(rows) if getattr(r, "id", None) == article_id)
    strip = screen.article_list.render_line(index - screen.article_list.scroll_offset.y)
    return "".join(segment.text for segment in strip)


@async_test
async def test_opening_scrolling_or_judging_reads(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("j", "enter")  # a1: opening the body
        assert read_in_store(app, "a1")
        await pilot.press("escape", "j", "space")  # a2: paging the body from the list
        assert read_in_store(app, "a2")
        await pilot.press("j", "2")  # a3: a verdict, then on to the next untriaged article
        assert read_in_store(app, "a3") and app.store.get("a3").verdict == "followup"  # type: ignore[union-attr]
        moved_to = main(app).article_list.current_id
        assert moved_to is not None and not read_in_store(app, moved_to)  # arriving is not reading


@async_test
async def test_dwell_mode_reads_a_row_rested_on(tmp_path: Path) -> None:
    config = Config(path=tmp_path / "config.toml", mark_read=ReadMode.DWELL, mark_read_seconds=0.5)
    app = make_app(tmp_path, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.8)
        assert not read_in_store(app, "n1")  # not the article shown at launch
        await pilot.press("j")
        await pilot.pause(0.8)
        assert read_in_store(app, "a1")
        for _ in range(2):  # passing over a2: both keys at once
            app.post_message(events.Key("j", "j"))
        await pilot.pause(0.8)
        assert not read_in_store(app, "a2") and read_in_store(app, "a3")


@async_test
async def test_verdicts_move_to_the_next_untriaged(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("j", "j")  # a2
        await pilot.press("2")  # follow-up a2, on to a3
        assert screen.view.marks["a2"].verdict == "followup" and screen.article_list.current_id == "a3"
        await pilot.press("g", "1")  # pick n1, on to a1
        assert screen.view.marks["n1"].verdict == "pick" and screen.article_list.current_id == "a1"
        await pilot.press("3")  # skip a1; a2 is triaged, so on to a3
        assert screen.view.marks["a1"].verdict == "skip" and screen.article_list.current_id == "a3"
        assert "已判定 3/8" in status(app)
        await pilot.press("k", "0")  # clear a2: stays put
        assert screen.view.marks["a2"].verdict is None and screen.article_list.current_id == "a2"
        item = app.store.get("a1")
        assert item is not None and item.verdict == "skip"


@async_test
async def test_mark_group_confirm_and_undo(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("j", "j", "1")  # pick a2 (in 义乌市), cursor to a3
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert screen.view.marks.get("a1") is None
        await pilot.press("x", "y")
        assert screen.view.marks["a1"].verdict == "skip" and screen.view.marks["a3"].verdict == "skip"
        assert screen.view.marks["a2"].verdict == "pick"  # a verdict already given is kept
        assert screen.view.marks.get("b1") is None  # another group
        await pilot.press("z")
        assert screen.view.marks["a1"].verdict is None and screen.view.marks["a3"].verdict is None
        assert screen.view.marks["a2"].verdict == "pick"
        await pilot.press("z")
        assert "没有可撤销" in status(app)


@async_test
async def test_mark_all_in_a_filter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await type_query(pilot, "slash", "医保")
        await pilot.press("x", "y")
        assert {i for i, m in screen.view.marks.items() if m.verdict == "skip"} == {"n1", "a1", "b1"}


# -- notes


@async_test
async def test_note_saved_with_ctrl_s_shows_under_the_body(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, EditorScreen)
        app.screen.query_one(TextArea).insert("要跟进：飞行检查的\n具体数据")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, MainScreen)
        item = app.store.get("n1")
        assert item is not None and item.notes[0].text == "要跟进：飞行检查的\n具体数据"
        assert item.notes[0].author == "测试编辑"
        text = body(app)
        assert "笔记（1）" in text and "具体数据" in text
        assert main(app).view.marks["n1"].noted


@async_test
async def test_note_escape_asks_before_discarding(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "escape")  # empty: closes at once
        assert isinstance(app.screen, MainScreen)
        await pilot.press("a")
        app.screen.query_one(TextArea).insert("草稿")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.query_one(TextArea).text == "草稿"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, MainScreen)
        assert app.store.get("n1") is None


# -- watch list, export, help, quit


@async_test
async def test_watch_adds_the_search_and_saves_the_config(tmp_path: Path) -> None:
    config = Config(path=tmp_path / "config.toml")
    app = make_app(tmp_path, config=config)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.press("w")
        assert "先按 / 搜索" in status(app)
        await type_query(pilot, "slash", "网络诈骗")
        await pilot.press("w")
        assert config.watch == ["网络诈骗"]
        assert tomllib.loads((tmp_path / "config.toml").read_text(encoding="utf-8"))["watch"] == ["网络诈骗"]
        assert screen.view.watch_hits == {"a3": ["网络诈骗"], "u2": ["网络诈骗"]}
        await pilot.press("w")
        assert "已在关注词" in status(app)


@async_test
async def test_edit_watch_list(tmp_path: Path) -> None:
    config = Config(path=tmp_path / "config.toml", watch=["医保"])
    app = make_app(tmp_path, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("W")
        editor = app.screen.query_one(TextArea)
        assert editor.text == "医保"
        editor.insert("\n骗保\n\n医保")
        await pilot.press("ctrl+s")
        assert config.watch == ["医保", "骗保"]
        assert tomllib.loads((tmp_path / "config.toml").read_text(encoding="utf-8"))["watch"] == [
            "医保",
            "骗保",
        ]


@async_test
async def test_export_writes_where_asked(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        field = app.screen.query_one(Input)
        assert field.value.startswith("reader-export-") and field.value.endswith(".md")
        # Deeper than the status line is wide, whatever the temporary folder's name: the line keeps
        # the path's end.
        target = tmp_path / ("导出" * 20) / "out" / "marks.json"
        field.value = str(target)
        await pilot.press("enter")
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["format"] == "reader-annotations"
        assert [a["id"] for a in data["articles"] if a["bookmarked"]] == ["n1"]
        assert "已导出到 …" in status(app) and status(app).endswith("out/marks.json · 按地区")
        assert any(str(target) in n.message for n in app._notifications)
        await pilot.press("e")
        app.screen.query_one(Input).value = str(tmp_path / "report.md")
        await pilot.press("enter")
        assert "# 编辑报告" in (tmp_path / "report.md").read_text(encoding="utf-8")
        await pilot.press("e", "escape")
        assert isinstance(app.screen, MainScreen)


@async_test
async def test_help_lists_every_binding(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = [binding_id for _, _, binding_id in app.screen.rows]
        assert ids == [spec.id for spec in KEYS]
        keys = dict((binding_id, keys) for keys, _, binding_id in app.screen.rows)
        assert keys["next"] == "j ↓" and keys["help"] == "?"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@async_test
async def test_keymap_from_the_config(tmp_path: Path) -> None:
    config = Config(path=tmp_path / "config.toml", keymap={"bookmark": "m", "nonsense": "x"})
    app = make_app(tmp_path, config=config)
    async with app.run_test(size=SIZE) as pilot:
        assert any("keymap.nonsense" in n.message for n in app._notifications)
        await pilot.press("m")
        item = app.store.get("n1")
        assert item is not None and item.bookmarked
        rows = {binding_id: keys for keys, _, binding_id in main(app).help_rows()}
        assert rows["bookmark"] == "m"


@async_test
async def test_highlight_toggle_and_legend(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        assert str(screen.query_one("#legend").render()) == "ID n1 · 搜索 关注 关键词 实体 "  # it fits: no %
        await pilot.press("h")
        assert not screen.view.highlight and "高亮已关" in str(screen.query_one("#legend").render())
        await pilot.press("h")
        assert screen.view.highlight


@async_test
async def test_quit(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


@async_test
async def test_command_palette_offers_the_bindings(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE):
        titles = [command.title for command in app.get_system_commands(main(app))]
        for spec in KEYS:
            assert any(spec.zh in title for title in titles)


# -- safety, loading, other sessions, language, sizes


@async_test
async def test_article_text_is_shown_literally_and_inertly(tmp_path: Path) -> None:
    nasty = Article(
        id="x1",
        source="evil.txt",
        page_order=1,
        title="[bold red]x[/] [link=file:///etc/passwd]y[/link]",
        body=["点这里[@click=app.quit]退出[/] \x1b]52;c;ZXZpbA==\x07 以及 \x1b[31m红色"],
        captions=["[i]图[/i]"],
    )
    app = make_app(tmp_path, articles=[nasty])
    async with app.run_test(size=SIZE) as pilot:
        other = AnnotationStore(tmp_path / "annotations.json")
        other.add_note(main(app).ref("x1"), "[b]笔记[/b]\x1b[2J")
        main(app).poll_store()
        await pilot.pause()
        text = body(app)
        assert "[bold red]x[/] [link=file:///etc/passwd]y[/link]" in text
        assert "点这里[@click=app.quit]退出[/]" in text and "[b]笔记[/b]" in text
        assert "\x1b" not in text and "\x07" not in text
        assert "\x1b" not in str(main(app).query_one("#status").render())
        await pilot.click("#body")
        assert app.is_running
        list_line = main(app).article_list.render_line(1).text
        assert "[bold red]x[/]" in list_line and "\x1b" not in list_line


@async_test
async def test_loader_fills_the_list_in_a_worker(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations.json")
    app = build_app(IndexLoader([]), store, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        screen = main(app)
        assert len(screen.view.summaries) >= 20
        assert screen.view.progress == ""
        assert screen.article_list.current_id == screen.view.rows[1].summary.id  # type: ignore[union-attr]
        assert body(app)


@async_test
async def test_marks_from_another_session_appear(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        other = AnnotationStore(tmp_path / "annotations.json", author="同事")
        other.set_verdict(main(app).ref("b1"), "pick")
        other.add_note(main(app).ref("n1"), "同事的笔记")
        main(app).poll_store()
        await pilot.pause()
        assert main(app).view.marks["b1"].verdict == "pick"
        assert "同事的笔记" in body(app)


@async_test
async def test_store_notices_are_notifications(tmp_path: Path) -> None:
    (tmp_path / "annotations.json").write_text("{ not json", encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("corrupt" in n.message or "aside" in n.message for n in app._notifications)


@async_test
async def test_english_labels(tmp_path: Path) -> None:
    app = make_app(tmp_path, config=Config(language="en"))
    async with app.run_test(size=SIZE) as pilot:
        assert "triaged 0/8" in status(app)
        assert "National" in [getattr(r, "label", "") for r in main(app).view.rows]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert ("j ↓", "Next article", "next") in app.screen.rows


@async_test
async def test_resizes_cleanly(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main(app)
        await pilot.press("j")
        for size in ((200, 50), (40, 12), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert screen.article_list.current_id == "a1"
            width = screen.reader.scrollable_content_region.width
            assert all(len(line) <= width * 2 for line in screen.reader.text_lines())


def test_fixture_corpus_is_tagged_by_hand() -> None:
    assert {a.id for a in make_articles()} == {"a1", "a2", "a3", "b1", "c1", "n1", "u1", "u2"}


@async_test
async def test_a_new_theme_restyles_the_open_article(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        await pilot.pause()
        title = screen.reader.render_line(0)  # no page or date is known: the title is the first line
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        restyled = screen.reader.render_line(0)
        assert restyled.text == title.text
        wanted = screen.reader.get_component_rich_style("reader--title").color
        assert wanted is not None and next(iter(restyled)).style.color == wanted  # type: ignore[union-attr]
        assert next(iter(title)).style.color != wanted  # type: ignore[union-attr]
