"""One suite for both backends: the `Store` protocol on a real TinyDB file and a real PostgreSQL
database behaves the same — marks and their times, notes and their history, two editors, exchange."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.store import NoteAction, Quote, Store, UnknownIdError
from reader.store.location import parse_location
from tests.test_store import WUZHOU, YIWU

Opener = Callable[..., Store]


@pytest.fixture(params=["tinydb", "postgres"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The place both editors' stores open: a file path, or a fresh database's URL."""
    if request.param == "tinydb":
        return str(tmp_path / "annotations.json")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def open_store(where: str) -> Iterator[Opener]:
    from reader.store.location import open_store as opener

    opened: list[Store] = []

    def make(author: str = "王编辑", **kwargs: Any) -> Store:
        store = opener(parse_location(where), author, **kwargs)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def test_both_backends_are_a_store(open_store: Opener) -> None:
    assert isinstance(open_store(), Store)


def test_bookmark_set_toggle_clear_keeps_times_and_setter(open_store: Opener) -> None:
    store = open_store()
    store.set_bookmark(YIWU)
    first = store.get(YIWU.id)
    assert first is not None and first.bookmarked and first.bookmarked_at and first.bookmarked_by == "王编辑"
    store.set_bookmark(YIWU)
    assert store.get(YIWU.id) == first  # already set: nothing written
    assert store.toggle_bookmark(YIWU) is False
    assert store.toggle_bookmark(YIWU) is True
    assert open_store().get(YIWU.id).bookmarked  # type: ignore[union-attr]


def test_clearing_what_was_never_set_creates_nothing(open_store: Opener) -> None:
    store = open_store()
    store.set_bookmark(YIWU, False)
    store.set_verdict(YIWU, None)
    store.set_read(YIWU, False)
    assert store.all() == {} and open_store().all() == {}


def test_record_keeps_title_source_region(open_store: Opener) -> None:
    open_store().set_read(YIWU)
    item = open_store().get(YIWU.id)
    assert item is not None and item.read and item.title == YIWU.title and item.source == "p1.txt"
    assert item.region_path() == ["浙江省", "金华市", "义乌市"]


def test_verdicts_set_batch_and_undo(open_store: Opener) -> None:
    store = open_store()
    assert store.set_verdict(YIWU, "pick") is None
    assert store.set_verdict(YIWU, "pick") == "pick"
    with pytest.raises(ValueError):
        store.set_verdict(YIWU, "maybe")  # type: ignore[arg-type]
    previous = store.set_verdicts([YIWU, WUZHOU], "skip")
    assert previous == {YIWU.id: "pick", WUZHOU.id: None}
    assert {i.verdict for i in open_store().all().values()} == {"skip"}
    store.restore_verdicts(previous)
    assert {k: v.verdict for k, v in open_store().all().items()} == {YIWU.id: "pick", WUZHOU.id: None}


def test_two_editors_verdicts_resolve_by_time_and_say_who(open_store: Opener) -> None:
    wang, li = open_store("王编辑"), open_store("李主任")
    wang.set_verdict(YIWU, "pick")
    time.sleep(1.1)  # times are kept to the second
    li.reload()
    li.set_verdict(YIWU, "skip")
    wang.reload()
    item = wang.get(YIWU.id)
    assert item is not None and item.verdict == "skip" and item.verdict_by == "李主任"
    assert item.verdict_at is not None and item.verdict_at > item.created  # type: ignore[operator]


def test_notes_add_edit_delete_restore_with_history(open_store: Opener) -> None:
    wang, li = open_store("王编辑"), open_store("李主任")
    note = wang.add_note(YIWU, "要补充海关数据", Quote("出口额同比增长两成", 3))
    assert note.author == "王编辑" and note.id.startswith("n-")
    li.reload()
    edited = li.update_note(note.id, "要补充海关和商务局的数据")
    assert (
        edited.author == "王编辑" and edited.text == "要补充海关和商务局的数据" and edited.quote == note.quote
    )
    assert li.delete_note(note.id) is True and li.delete_note(note.id) is False
    assert li.note(note.id) is None
    restored = li.restore_note(note.id)
    assert restored is not None and restored.text == edited.text and restored.author == "王编辑"
    assert li.restore_note(note.id) is None
    history = open_store().note_history(note.id)
    assert [(e.action, e.by) for e in history] == [
        (NoteAction.ADDED, "王编辑"),
        (NoteAction.EDITED, "李主任"),
        (NoteAction.DELETED, "李主任"),
        (NoteAction.RESTORED, "李主任"),
    ]
    assert history[1].text == "要补充海关和商务局的数据" and all(e.at for e in history)
    with pytest.raises(UnknownIdError):
        li.update_note("n-000000000000", "x")
    with pytest.raises(ValueError):
        li.add_note(YIWU, "   ")


def test_another_editors_write_shows_after_reload(open_store: Opener) -> None:
    app, other = open_store(), open_store("同事")
    assert app.all() == {}
    other.add_note(WUZHOU, "这篇要跟进")
    app.reload()
    item = app.get(WUZHOU.id)
    assert item is not None and [(n.text, n.author) for n in item.notes] == [("这篇要跟进", "同事")]
    assert app.note_ids() == [item.notes[0].id]


def test_orphans_are_listed_and_exported(open_store: Opener) -> None:
    store = open_store()
    store.add_note(WUZHOU, "这篇已经撤稿了")
    store.set_bookmark(YIWU)
    assert [o.id for o in store.orphans({YIWU.id})] == [WUZHOU.id]
    assert {a["id"] for a in store.export_json()["articles"]} == {YIWU.id, WUZHOU.id}


def _populate(store: Store) -> None:
    store.add_note(YIWU, "第一条", Quote("出口额", 1))
    store.add_note(YIWU, "第二条\n两行")
    store.set_bookmark(YIWU)
    store.set_verdict(WUZHOU, "skip")
    store.set_read(WUZHOU)
    store.add_note(WUZHOU, "已撤稿的文章也要留着")


def test_import_into_a_fresh_store_is_lossless_and_idempotent(open_store: Opener, tmp_path: Path) -> None:
    from reader.store import AnnotationStore

    source = AnnotationStore(tmp_path / "source.json", author="王编辑")
    _populate(source)
    document = source.export_json()
    store = open_store()
    result = store.import_json(document)
    assert (result.articles_added, result.notes_added) == (2, 3)
    assert store.export_json() == document
    again = store.import_json(document)
    assert again.notes_unchanged == 3 and again.notes_added == 0
    assert open_store().export_json() == document


def test_import_newest_update_wins_and_deleted_stays_deleted(open_store: Opener) -> None:
    store = open_store()
    note = store.add_note(YIWU, "本地版本")
    document = store.export_json()
    document["articles"][0]["notes"][0].update(text="较新的版本", updated="2099-01-01T00:00:00Z")
    assert store.import_json(document).notes_updated == 1
    assert open_store().note(note.id).text == "较新的版本"  # type: ignore[union-attr]
    store.delete_note(note.id)
    document["articles"][0]["notes"][0]["updated"] = "2000-01-01T00:00:00Z"
    assert store.import_json(document).notes_skipped_deleted == 1 and store.note(note.id) is None


def test_import_adds_marks_but_keeps_local_verdicts(open_store: Opener) -> None:
    store = open_store()
    store.set_verdict(YIWU, "pick")
    document = {
        "format": "reader-annotations",
        "version": 1,
        "articles": [
            {"id": YIWU.id, "title": "", "verdict": "skip", "bookmarked": True, "notes": []},
            {"id": WUZHOU.id, "title": WUZHOU.title, "verdict": "followup", "read": True, "notes": []},
        ],
    }
    result = store.import_json(document)
    assert result.verdicts_kept == 1 and result.articles_added == 1 and result.articles_updated == 1
    yiwu, wuzhou = open_store().get(YIWU.id), open_store().get(WUZHOU.id)
    assert yiwu is not None and yiwu.verdict == "pick" and yiwu.bookmarked and yiwu.title == YIWU.title
    assert wuzhou is not None and wuzhou.verdict == "followup" and wuzhou.read
