"""Notes as first-class data on both backends (a real TinyDB file, a real PostgreSQL database):
the list newest first, note-text search and the `note:` filter, and the CLI's `note --edit`,
`note --delete` and `notes [--jsonl]` with their history kept under the editor who made them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reader.annotate_cli as cli
from reader.library import MemoryLibrary, filter_ids
from reader.notes import articles_with_note, filter_entries, note_entries
from reader.query import QueryError, parse_query
from reader.store import NoteAction, Quote, Store, StoreLocation, open_store, parse_location
from tests.test_annotate_cli import ARTICLES
from tests.test_store import WUZHOU, YIWU


@pytest.fixture(params=["tinydb", "postgres"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "tinydb":
        return str(tmp_path / "annotations.json")
    url: str = request.getfixturevalue("pg_url")
    return url


def opened(where: str, author: str = "王编辑") -> Store:
    location: StoreLocation = parse_location(where)
    return open_store(location, author)


def _note(note_id: str, text: str, author: str, at: str) -> dict[str, object]:
    return {"id": note_id, "text": text, "author": author, "created": at, "updated": at}


def test_the_list_is_newest_first_with_article_and_author(where: str) -> None:
    wang = opened(where)
    li = opened(where, "李主任")
    try:
        wang.import_json(
            {
                "format": "reader-annotations",
                "version": 1,
                "articles": [
                    {"id": YIWU.id, "title": YIWU.title, "source": YIWU.source, "region": YIWU.region,
                     "notes": [_note("n-000000000001", "要补充海关数据", "王编辑", "2025-01-13T08:00:00Z"),
                               _note("n-000000000003", "标题要改", "王编辑", "2025-01-13T10:00:00Z")]},
                    {"id": WUZHOU.id, "title": WUZHOU.title, "source": WUZHOU.source, "region": WUZHOU.region,
                     "notes": [_note("n-000000000002", "联系县残联宣传科", "李主任", "2025-01-13T09:00:00Z")]},
                ],
            }
        )  # fmt: skip
        entries = note_entries(wang.all().values())
        assert [e.note.id for e in entries] == ["n-000000000003", "n-000000000002", "n-000000000001"]
        by_id = {e.note.id: e for e in entries}
        assert by_id["n-000000000002"].title == "六堡茶产业带动残疾人就业"
        assert by_id["n-000000000002"].note.author == "李主任"
        assert by_id["n-000000000001"].region == ("浙江省", "金华市", "义乌市")
        assert not by_id["n-000000000001"].edited
        # An edit by another editor makes the note the newest; its author stays, its history
        # names the editor.
        li.update_note("n-000000000001", "要补充海关和商务局的数据")
        wang.reload()
        entries = note_entries(wang.all().values())
        assert entries[0].note.id == "n-000000000001" and entries[0].edited
        assert entries[0].note.author == "王编辑" and entries[0].note.text == "要补充海关和商务局的数据"
        history = wang.note_history("n-000000000001")
        assert [(h.action, h.by, h.text) for h in history] == [
            (NoteAction.EDITED, "李主任", "要补充海关和商务局的数据")
        ]
        li.delete_note("n-000000000002")
        wang.reload()
        assert [e.note.id for e in note_entries(wang.all().values())] == ["n-000000000001", "n-000000000003"]
        assert [(h.action, h.by) for h in wang.note_history("n-000000000002")] == [
            (NoteAction.DELETED, "李主任")
        ]
    finally:
        wang.close()
        li.close()


def test_note_text_search_and_the_note_filter(where: str) -> None:
    store = opened(where)
    try:
        store.add_note(WUZHOU, "联系县残联宣传科")
        store.add_note(YIWU, "数据要核实", Quote("宣传科提供", 1))  # found through its quote too
        annotations = store.all()
        assert articles_with_note(annotations, "宣传科") == {WUZHOU.id, YIWU.id}
        assert articles_with_note(annotations, "残联") == {WUZHOU.id}
        assert articles_with_note(annotations, "不存在的词") == set()
        assert [e.note.text for e in filter_entries(note_entries(annotations.values()), "核实")] == [
            "数据要核实"
        ]
        library = MemoryLibrary(list(ARTICLES))
        query = parse_query("note:残联")
        assert query.notes == ("残联",)
        assert filter_ids(library, query, note_search=lambda w: articles_with_note(annotations, w)) == [
            WUZHOU.id
        ]
        # note: combines with the other parts like any word.
        both = parse_query("note:宣传科 region:浙江")
        assert filter_ids(library, both, note_search=lambda w: articles_with_note(annotations, w)) == [
            YIWU.id
        ]
    finally:
        store.close()


def test_an_empty_note_filter_is_refused() -> None:
    with pytest.raises(QueryError, match="note: needs a value"):
        parse_query("note:")


# -- the CLI, on both backends


@pytest.fixture
def cli_db(where: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(cli, "_load_articles", lambda paths, **_: list(ARTICLES))
    monkeypatch.setenv("READER_DB", where)
    monkeypatch.setenv("READER_AUTHOR", "测试编辑")
    return where


def run(*argv: str) -> int:
    return cli.main(list(argv))


def test_cli_edit_delete_and_list(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("note", "a1b2c3d4e5", "出口数据要核实") == 0
    note_id = capsys.readouterr().out.strip()
    assert run("note", "f00d", "联系县残联宣传科") == 0
    other_id = capsys.readouterr().out.strip()

    assert run("note", "--edit", note_id[:8], "出口数据", "已核实") == 0
    assert capsys.readouterr().out.strip() == f"edited {note_id}"
    store = opened(cli_db)
    try:
        edited = store.note(note_id)
        assert edited is not None and edited.text == "出口数据 已核实" and edited.author == "测试编辑"
        assert [h.action for h in store.note_history(note_id)] == [NoteAction.ADDED, NoteAction.EDITED]
    finally:
        store.close()

    assert run("notes", "--jsonl") == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["id"] for line in lines} == {note_id, other_id}
    shown = {line["id"]: line for line in lines}
    assert (
        shown[note_id]["article_id"] == "a1b2c3d4e5" and shown[note_id]["title"] == "义乌小商品城出口创新高"
    )
    assert shown[other_id]["author"] == "测试编辑" and shown[other_id]["text"] == "联系县残联宣传科"

    assert run("notes") == 0
    text = capsys.readouterr().out
    assert note_id in text and other_id in text and "六堡茶产业带动残疾人就业" in text

    assert run("notes", "--grep", "宣传科") == 0
    assert other_id in (out := capsys.readouterr().out) and note_id not in out

    assert run("note", "--delete", other_id) == 0
    assert capsys.readouterr().out.strip() == f"deleted {other_id}"
    assert run("notes", "--jsonl") == 0
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == [note_id]
    store = opened(cli_db)
    try:
        assert [h.action for h in store.note_history(other_id)][-1] == NoteAction.DELETED
    finally:
        store.close()


def test_cli_edit_refuses_bad_input(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("note", "--edit", "n-000000000000", "新的文字") == 2
    assert "no note with id" in capsys.readouterr().err
    assert run("note", "a1b2c3d4e5", "原文") == 0
    note_id = capsys.readouterr().out.strip()
    assert run("note", "--edit", note_id, "  ") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "empty" in err
    assert run("note", "--edit", note_id) == 2
    assert run("notes", "--grep", "没有这个词") == 1


def test_cli_notes_never_send_controls_to_the_terminal(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "改标题\x1b]0;pwned\x07\x9b31m\u202e完"
    assert run("note", "a1b2c3d4e5", hostile) == 0
    capsys.readouterr()
    assert run("notes") == 0
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "\x9b" not in shown and "\u202e" not in shown and "改标题" in shown
    assert run("notes", "--jsonl") == 0
    line = capsys.readouterr().out
    assert "\x1b" not in line and "\x9b" not in line and "\u202e" not in line
    assert json.loads(line)["text"] == hostile  # escaped, not lost
