"""The notes in the real app, on a TinyDB file and on a real PostgreSQL server: `A` lists every
note newest first, typing filters, Enter opens the article, `e` edits and `d` deletes (after a
confirm) in the store with their history; the editor shows earlier notes; `/` and `note:` find
note text. The tests read the screen and the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from reader.app import ReaderApp, build_app
from reader.app.dialogs import ConfirmScreen, EditorScreen
from reader.app.notes_screen import NoteEditorScreen, NotesScreen
from reader.app.screens import MainScreen
from reader.config import Config
from reader.library import MemoryLibrary
from reader.store import ArticleRef, NoteAction, Store, open_store, parse_location
from tests.app_fixtures import TAXONOMY, async_test, main, make_articles, settle, status

SIZE = (100, 30)


@pytest.fixture(params=["tinydb", "postgres"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "tinydb":
        return str(tmp_path / "annotations.json")
    url: str = request.getfixturevalue("pg_url")
    return url


def make(where: str, tmp_path: Path) -> ReaderApp:
    store = open_store(parse_location(where), "测试编辑")
    library = MemoryLibrary(make_articles())
    return build_app(library, store, Config(path=tmp_path / "config.toml"), (), TAXONOMY)


def seed(where: str) -> dict[str, str]:
    """Two editors' notes, written before the app opens; returns note ids by article."""
    other = open_store(parse_location(where), "李主任")
    try:
        first = other.add_note(ArticleRef("a1", "义乌市医保局强化基金监管出实效"), "追回的268万元要核实")
        second = other.add_note(ArticleRef("c1", "残疾人幸福“就业路”越走越宽"), "联系县残联宣传科")
        return {"a1": first.id, "c1": second.id}
    finally:
        other.close()


def notes_screen(app: ReaderApp) -> NotesScreen:
    assert isinstance(app.screen, NotesScreen)
    return app.screen


def listed(app: ReaderApp) -> list[str]:
    options = notes_screen(app).query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def body(app: ReaderApp) -> str:
    return "\n".join(main(app).reader.text_lines())


def store_of(app: ReaderApp) -> Store:
    return app.store


@async_test
async def test_notes_list_filters_opens_edits_and_deletes(where: str, tmp_path: Path) -> None:
    ids = seed(where)
    app = make(where, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        rows = listed(app)
        assert len(rows) == 2
        assert all("李主任" in row for row in rows)
        assert any("《义乌市医保局" in row and "268万元" in row for row in rows)
        assert "全部笔记（2/2）" in str(notes_screen(app).query_one("#notes-title", Static).render())

        # Typing (Chinese needs no filter line) narrows by note text.
        await pilot.press(*"宣传")
        assert notes_screen(app).query_one("#notes-filter", Input).value == "宣传"
        assert [("宣传科" in row) for row in listed(app)] == [True]
        detail = str(notes_screen(app).query_one("#notes-detail", Static).render())
        assert ids["c1"] in detail and "李主任" in detail

        # Enter opens the article in the reading pane.
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert main(app).current_article_id() == "c1"
        assert "联系县残联宣传科" in body(app)

        # e edits: the store keeps the edit with this editor in the note's history.
        await pilot.press("A", *"宣传")
        await pilot.press("e")
        assert isinstance(app.screen, EditorScreen)
        editor = app.screen.query_one(TextArea)
        assert editor.text == "联系县残联宣传科"
        editor.text = "联系县残联宣传科，要就业名单"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NotesScreen)
        assert any("要就业名单" in row for row in listed(app))
        note = app.store.note(ids["c1"])
        assert note is not None and note.text == "联系县残联宣传科，要就业名单" and note.author == "李主任"
        history = app.store.note_history(ids["c1"])
        assert [(h.action, h.by) for h in history] == [
            (NoteAction.ADDED, "李主任"),
            (NoteAction.EDITED, "测试编辑"),
        ]

        # d deletes only after a confirm; n keeps it.
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.store.note(ids["c1"]) is not None
        await pilot.press("d", "y")
        assert isinstance(app.screen, NotesScreen)
        assert app.store.note(ids["c1"]) is None
        assert app.store.note_history(ids["c1"])[-1].action == NoteAction.DELETED
        assert listed(app) == []
        assert "没有笔记含有「宣传」" in str(notes_screen(app).query_one("#notes-detail", Static).render())

        # Esc clears the filter first, then goes back; the main screen has re-read the marks.
        await pilot.press("escape")
        assert len(listed(app)) == 1
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert "联系县残联宣传科" not in body(app)


@async_test
async def test_search_and_the_note_filter_reach_note_text(where: str, tmp_path: Path) -> None:
    seed(where)
    app = make(where, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        field = main(app).query_one("#query", Input)
        field.value = "宣传科"  # in no title or body, only in a note
        await pilot.press("enter")
        await settle(pilot)
        assert "搜索 1 篇「宣传科」" in status(app)
        assert main(app).current_article_id() == "c1"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f")
        field.value = "note:核实"
        await pilot.press("enter")
        await settle(pilot)
        assert "1 篇" in status(app) and main(app).current_article_id() == "a1"


@async_test
async def test_the_note_editor_shows_earlier_notes(tmp_path: Path) -> None:
    where = str(tmp_path / "annotations.json")
    seed(where)
    app = make(where, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert main(app).current_article_id() == "n1"
        await pilot.press("a")  # n1 has no notes: no earlier-notes panel
        assert isinstance(app.screen, NoteEditorScreen)
        assert not app.screen.query("#editor-earlier")
        await pilot.press("escape")
        main(app).article_list.select_id("a1")
        await pilot.pause()
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditorScreen)
        earlier = str(app.screen.query_one("#editor-earlier", Static).render())
        assert "已有的笔记（1）" in earlier and "李主任" in earlier and "追回的268万元要核实" in earlier
        app.screen.query_one(TextArea).insert("数据已核实")
        await pilot.press("ctrl+s")
        item = app.store.get("a1")
        assert item is not None and [n.text for n in item.notes] == ["追回的268万元要核实", "数据已核实"]


@async_test
async def test_an_article_gone_from_the_corpus_is_said(tmp_path: Path) -> None:
    where = str(tmp_path / "annotations.json")
    other = open_store(parse_location(where), "李主任")
    other.add_note(ArticleRef("gone01", "已撤稿的文章"), "撤稿原因待查")
    other.close()
    app = make(where, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        assert any("已撤稿的文章" in row for row in listed(app))
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert "已不在语料中：gone01" in status(app)
