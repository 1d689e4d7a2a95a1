"""The annotation store on real files: records, safety nets, migration, exchange and rendering."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from reader import locations
from reader.export import to_csv, to_markdown
from reader.model import Article, Region
from reader.store import (
    AnnotationStore,
    ArticleRef,
    ImportFormatError,
    NewerSchemaError,
    Quote,
    StoreBusyError,
    StoreError,
    UnknownIdError,
    default_author,
    resolve_prefix,
)

YIWU = ArticleRef(
    "a1b2c3d4e5",
    "义乌小商品城出口创新高",
    "p1.txt",
    {"province": "浙江省", "city": "金华市", "county": "义乌市"},
)
WUZHOU = ArticleRef(
    "f00dbabe01",
    "六堡茶产业带动残疾人就业",
    "p2.txt",
    {"province": "广西壮族自治区", "city": "梧州市", "county": None},
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "annotations.json"


@pytest.fixture
def store(db: Path) -> AnnotationStore:
    return AnnotationStore(db, author="王编辑")


def raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_bytes().decode("utf-8"))
    return data


# ---------------------------------------------------------------- records


def test_no_file_until_the_first_change(db: Path) -> None:
    store = AnnotationStore(db)
    assert not db.exists() and store.all() == {}
    store.set_bookmark(YIWU)
    assert db.exists()


def test_new_file_is_private_and_utf8(store: AnnotationStore, db: Path) -> None:
    store.add_note(YIWU, "这篇稿子的数据需要核实：出口额同比增长两成。")
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.lock_path.stat().st_mode) == 0o600
    data = db.read_bytes()
    assert "出口额同比增长两成".encode() in data
    assert "义乌小商品城".encode() in data
    assert b"\\u" not in data


def test_bookmark_set_clear_toggle_keeps_times(store: AnnotationStore) -> None:
    store.set_bookmark(YIWU, True)
    first = store.get(YIWU.id)
    assert first is not None and first.bookmarked and first.bookmarked_at
    store.set_bookmark(YIWU, True)  # already set: the time it was set stays
    again = store.get(YIWU.id)
    assert again is not None and again.bookmarked_at == first.bookmarked_at
    assert store.toggle_bookmark(YIWU) is False
    assert store.toggle_bookmark(YIWU) is True
    store.set_bookmark(YIWU, False)
    cleared = store.get(YIWU.id)
    assert cleared is not None and not cleared.bookmarked and cleared.bookmarked_at


def test_clearing_what_was_never_set_creates_nothing(store: AnnotationStore, db: Path) -> None:
    store.set_bookmark(YIWU, False)
    store.set_verdict(YIWU, None)
    assert store.all() == {} and not db.exists()


def test_record_keeps_title_source_region(store: AnnotationStore) -> None:
    store.set_read(YIWU)
    item = store.get(YIWU.id)
    assert item is not None and item.read and item.read_at
    assert (item.title, item.source) == (YIWU.title, YIWU.source)
    assert item.region_path() == ["浙江省", "金华市", "义乌市"]


def test_verdict_is_set_not_toggled(store: AnnotationStore) -> None:
    assert store.set_verdict(YIWU, "pick") is None
    assert store.set_verdict(YIWU, "pick") == "pick"
    item = store.get(YIWU.id)
    assert item is not None and item.verdict == "pick"
    assert store.set_verdict(YIWU, None) == "pick"
    item = store.get(YIWU.id)
    assert item is not None and item.verdict is None
    with pytest.raises(ValueError):
        store.set_verdict(YIWU, "maybe")  # type: ignore[arg-type]


def test_batch_verdicts_and_undo(store: AnnotationStore) -> None:
    store.set_verdict(YIWU, "followup")
    previous = store.set_verdicts([YIWU, WUZHOU], "skip")
    assert previous == {YIWU.id: "followup", WUZHOU.id: None}
    assert {i.verdict for i in store.all().values()} == {"skip"}
    store.restore_verdicts(previous)
    verdicts = {k: v.verdict for k, v in store.all().items()}
    assert verdicts == {YIWU.id: "followup", WUZHOU.id: None}


def test_notes_add_update_delete_restore(store: AnnotationStore) -> None:
    note = store.add_note(YIWU, "要补充海关数据", Quote("出口额同比增长两成", 3))
    assert re.fullmatch(r"n-[0-9a-f]{12}", note.id)
    assert note.author == "王编辑" and note.created == note.updated
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", note.created)
    second = store.add_note(YIWU, "标题可以更短")
    item = store.get(YIWU.id)
    assert item is not None and [n.id for n in item.notes] == [note.id, second.id]
    assert item.notes[0].quote == Quote("出口额同比增长两成", 3)
    edited = store.update_note(note.id, "要补充海关和商务局的数据")
    assert edited.text == "要补充海关和商务局的数据" and edited.author == "王编辑"
    assert store.delete_note(note.id) is True
    assert store.delete_note(note.id) is False
    assert store.note(note.id) is None
    restored = store.restore_note(note.id)
    assert restored is not None and restored.text == "要补充海关和商务局的数据"
    with pytest.raises(UnknownIdError):
        store.update_note("n-000000000000", "x")
    with pytest.raises(ValueError):
        store.add_note(YIWU, "   ")


def test_default_author(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    monkeypatch.setenv("READER_AUTHOR", "李主任")
    assert default_author() == "李主任"
    assert AnnotationStore(db).add_note(YIWU, "好").author == "李主任"
    monkeypatch.delenv("READER_AUTHOR")
    assert default_author()  # the login name


def test_orphans_are_listed_and_exported(store: AnnotationStore) -> None:
    store.add_note(WUZHOU, "这篇已经撤稿了")
    store.set_bookmark(YIWU)
    orphans = store.orphans({YIWU.id})
    assert [o.id for o in orphans] == [WUZHOU.id]
    assert orphans[0].title == WUZHOU.title
    exported = {a["id"] for a in store.export_json()["articles"]}
    assert exported == {YIWU.id, WUZHOU.id}


def test_resolve_prefix() -> None:
    ids = ["a1b2c3d4e5", "a1b2ffff00", "f00dbabe01"]
    assert resolve_prefix("f00d", ids) == "f00dbabe01"
    assert resolve_prefix("A1B2C3", ids) == "a1b2c3d4e5"
    for bad in ("a1b2", "a1", "9999"):
        with pytest.raises(StoreError):  # unknown, too short or ambiguous
            resolve_prefix(bad, ids)


# ---------------------------------------------------------------- watching another session


def test_changed_on_disk_and_reload(db: Path) -> None:
    app = AnnotationStore(db)
    assert not app.changed_on_disk()
    other = AnnotationStore(db, author="另一位编辑")
    other.add_note(YIWU, "另一个会话写的")
    assert app.changed_on_disk()
    app.reload()
    assert not app.changed_on_disk()
    item = app.get(YIWU.id)
    assert item is not None and item.notes[0].author == "另一位编辑"
    app.set_bookmark(YIWU)  # our own write does not count as a change by someone else
    assert not app.changed_on_disk()
    assert other.changed_on_disk()


def test_writes_start_from_the_file_not_the_snapshot(db: Path) -> None:
    one, two = AnnotationStore(db), AnnotationStore(db)
    one.add_note(YIWU, "一")
    two.add_note(YIWU, "二")  # two never reloaded, yet keeps one's note
    one.reload()
    item = one.get(YIWU.id)
    assert item is not None and sorted(n.text for n in item.notes) == ["一", "二"]


# ---------------------------------------------------------------- safety nets


CORRUPTIONS = {
    "garbage": b"\x00\xff\xfe garbage \x80\x81",
    "empty": b"",
    "truncated": b'{"meta": {"schema": {"version": 1}}, "notes": {"n-1": {"text": "\xe6\x96\x87',
    "not an object": b"[1, 2, 3]",
    "bad table": b'{"meta": {"schema": {"version": 1}}, "notes": [1]}',
}


@pytest.mark.parametrize("content", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_bad_file_is_moved_aside_and_a_fresh_one_started(db: Path, content: bytes) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(content)
    store = AnnotationStore(db)
    notices = store.take_notices()
    assert len(notices) == 1 and "\n" not in notices[0]
    aside = [p for p in db.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1
    assert re.fullmatch(r"annotations\.json\.corrupt-\d{8}T\d{6}", aside[0].name)
    assert aside[0].read_bytes() == content
    assert str(aside[0]) in notices[0]
    assert raw(db)["meta"]["schema"]["version"] == 1  # a fresh, valid file
    store.add_note(YIWU, "重新开始")
    assert [n.text for n in AnnotationStore(db).all()[YIWU.id].notes] == ["重新开始"]
    assert AnnotationStore(db).take_notices() == []


def test_two_bad_files_in_one_second_get_two_names(db: Path) -> None:
    db.parent.mkdir(parents=True)
    for content in (b"bad one", b"bad two"):
        db.write_bytes(content)
        AnnotationStore(db)
    aside = sorted(p.read_bytes() for p in db.parent.iterdir() if ".corrupt-" in p.name)
    assert aside == [b"bad one", b"bad two"]


def test_newer_schema_is_refused_and_left_alone(db: Path) -> None:
    db.parent.mkdir(parents=True)
    content = json.dumps({"meta": {"schema": {"version": 2}}, "articles": {}}).encode()
    db.write_bytes(content)
    with pytest.raises(NewerSchemaError) as caught:
        AnnotationStore(db)
    message = str(caught.value)
    assert "\n" not in message and "newer" in message and str(db) in message
    assert db.read_bytes() == content


def test_newer_schema_appearing_under_a_running_store(store: AnnotationStore, db: Path) -> None:
    store.add_note(YIWU, "旧版本写的")
    content = json.dumps({"meta": {"schema": {"version": 7}}}).encode()
    db.write_bytes(content)
    with pytest.raises(NewerSchemaError):
        store.add_note(YIWU, "不该写进去")
    assert db.read_bytes() == content


def test_version_0_file_is_migrated_with_a_backup(db: Path) -> None:
    from tinydb import TinyDB

    db.parent.mkdir(parents=True)
    with TinyDB(db) as old:  # the prototype's plain TinyDB file: no meta table
        old.insert(
            {
                "article": YIWU.id,
                "title": YIWU.title,
                "source": "p1.txt",
                "region": YIWU.region,
                "bookmark": True,
                "verdict": "pick",
                "notes": [
                    {"text": "第一版的笔记", "author": "老张", "time": "2025-01-02T03:04:05Z"},
                    "没有作者的笔记",
                ],
            }
        )
        old.insert({"article": WUZHOU.id, "title": WUZHOU.title, "read": True})
        old.insert({"something": "without an article"})
    before = db.read_bytes()
    store = AnnotationStore(db)
    notices = store.take_notices()
    assert len(notices) == 1 and "schema 1" in notices[0]
    backups = [p for p in db.parent.iterdir() if ".schema0-backup-" in p.name]
    assert len(backups) == 1 and backups[0].read_bytes() == before
    data = raw(db)
    assert data["meta"]["schema"]["version"] == 1 and "_default" not in data
    assert data["v0_unmigrated"] == {"3": {"something": "without an article"}}
    yiwu, wuzhou = store.get(YIWU.id), store.get(WUZHOU.id)
    assert yiwu is not None and wuzhou is not None
    assert yiwu.bookmarked and yiwu.verdict == "pick" and yiwu.region_path() == ["浙江省", "金华市", "义乌市"]
    assert [(n.text, n.author, n.created) for n in yiwu.notes] == [
        ("第一版的笔记", "老张", "2025-01-02T03:04:05Z"),
        ("没有作者的笔记", "", yiwu.notes[1].created),
    ]
    assert wuzhou.read and not wuzhou.bookmarked
    assert AnnotationStore(db).take_notices() == []  # migrated once


def test_failed_transaction_writes_nothing(store: AnnotationStore, db: Path) -> None:
    store.add_note(YIWU, "保留")
    before = db.read_bytes()
    with pytest.raises(RuntimeError), store.transaction():
        store.set_bookmark(YIWU)
        store.add_note(WUZHOU, "不会保存")
        raise RuntimeError("boom")
    assert db.read_bytes() == before
    assert WUZHOU.id not in store.all() and not store.get(YIWU.id).bookmarked  # type: ignore[union-attr]


def test_batch_in_one_transaction_is_one_write(store: AnnotationStore, db: Path) -> None:
    store.set_bookmark(YIWU)
    inode = db.stat().st_ino
    with store.transaction():
        store.add_note(YIWU, "一")
        store.add_note(YIWU, "二")
        store.set_verdict(WUZHOU, "pick")
        assert db.stat().st_ino == inode  # nothing written yet
    assert len(AnnotationStore(db).all()[YIWU.id].notes) == 2


def test_changes_outside_a_transaction_are_refused(store: AnnotationStore) -> None:
    store.set_bookmark(YIWU)
    with store.transaction() as tables:
        pass
    with pytest.raises(RuntimeError):
        tables.notes.put("n-000000000000", {"article": YIWU.id, "text": "偷偷写"})
    assert store.note("n-000000000000") is None
    store.add_note(YIWU, "正常写入")
    assert len(AnnotationStore(store.path).all()[YIWU.id].notes) == 1


def test_an_unusable_path_is_a_one_line_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StoreError) as caught:
        AnnotationStore(blocker / "annotations.json").set_bookmark(YIWU)
    assert "\n" not in str(caught.value) and str(blocker) in str(caught.value)


def test_busy_lock_times_out(db: Path) -> None:
    store = AnnotationStore(db, lock_timeout=0.2)
    store.set_bookmark(YIWU)
    with open(store.lock_path, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(StoreBusyError):
            store.add_note(YIWU, "等不到锁")
    store.add_note(YIWU, "锁放开了")


def test_stale_temp_files_are_swept(store: AnnotationStore, db: Path) -> None:
    store.set_bookmark(YIWU)
    stale = db.with_name(f".{db.name}.tmp-99999-deadbeef")
    stale.write_bytes(b'{"half": ')
    AnnotationStore(db).add_note(YIWU, "清理")
    assert not stale.exists()


def test_symlink_to_a_shared_file_is_written_through(tmp_path: Path) -> None:
    team = tmp_path / "team" / "annotations.json"
    AnnotationStore(team).set_bookmark(YIWU)
    link = tmp_path / "mine.json"
    link.symlink_to(team)
    AnnotationStore(link).add_note(YIWU, "团队共享")
    assert link.is_symlink()
    assert len(AnnotationStore(team).all()[YIWU.id].notes) == 1


def test_a_shared_files_mode_is_kept(store: AnnotationStore, db: Path) -> None:
    store.set_bookmark(YIWU)
    db.chmod(0o660)
    AnnotationStore(db).add_note(YIWU, "组内可读写")
    assert stat.S_IMODE(db.stat().st_mode) == 0o660


# ---------------------------------------------------------------- export and import


def test_export_shape(store: AnnotationStore) -> None:
    store.add_note(YIWU, "笔记", Quote("原文", 2))
    store.set_verdict(YIWU, "followup")
    document = store.export_json()
    assert list(document) == ["format", "version", "articles"]
    assert (document["format"], document["version"]) == ("reader-annotations", 1)
    article = document["articles"][0]
    assert list(article) == ["id", "title", "source", "region", "bookmarked", "read", "verdict", "notes"]
    assert list(article["notes"][0]) == ["id", "text", "author", "created", "updated", "quote"]
    assert article["notes"][0]["quote"] == {"text": "原文", "para": 2}


def _populated(store: AnnotationStore) -> None:
    store.add_note(YIWU, "第一条", Quote("出口额", 1))
    store.add_note(YIWU, "第二条\n两行")
    store.set_bookmark(YIWU)
    store.set_verdict(WUZHOU, "skip")
    store.set_read(WUZHOU)
    store.add_note(WUZHOU, "已撤稿的文章也要留着")


def test_round_trip_into_an_empty_store(store: AnnotationStore, tmp_path: Path) -> None:
    _populated(store)
    document = json.loads(json.dumps(store.export_json()))
    fresh = AnnotationStore(tmp_path / "other.json")
    result = fresh.import_json(document)
    assert (result.articles_added, result.notes_added) == (2, 3)
    assert fresh.export_json() == document


def test_round_trip_into_the_same_store_adds_nothing(store: AnnotationStore, db: Path) -> None:
    _populated(store)
    document = store.export_json()
    result = store.import_json(document)
    counts = (result.articles_added, result.articles_updated, result.notes_added, result.notes_updated)
    assert counts == (0, 0, 0, 0)
    assert result.notes_unchanged == 3
    assert store.export_json() == document
    assert len(raw(db)["notes"]) == 3


def test_import_newest_update_wins(store: AnnotationStore, tmp_path: Path) -> None:
    note = store.add_note(YIWU, "本地版本")
    document = store.export_json()
    theirs = document["articles"][0]["notes"][0]
    theirs.update(text="较新的版本", updated="2999-01-01T00:00:00Z")
    assert store.import_json(document).notes_updated == 1
    assert store.note(note.id).text == "较新的版本"  # type: ignore[union-attr]
    theirs.update(text="较旧的版本", updated="2000-01-01T00:00:00+08:00")
    assert store.import_json(document).notes_unchanged == 1
    assert store.note(note.id).text == "较新的版本"  # type: ignore[union-attr]


def test_import_does_not_resurrect_a_note_deleted_since(store: AnnotationStore) -> None:
    note = store.add_note(YIWU, "后来删掉了")
    document = store.export_json()
    store.delete_note(note.id)
    result = store.import_json(document)
    assert result.notes_skipped_deleted == 1 and store.note(note.id) is None
    document["articles"][0]["notes"][0]["updated"] = "2999-01-01T00:00:00Z"  # edited after deletion
    assert store.import_json(document).notes_added == 1


def test_import_adds_marks_but_keeps_local_verdicts(store: AnnotationStore) -> None:
    store.set_verdict(YIWU, "pick")
    document = {
        "format": "reader-annotations",
        "version": 1,
        "articles": [
            {
                "id": YIWU.id,
                "title": "",
                "source": "",
                "region": None,
                "bookmarked": True,
                "read": True,
                "verdict": "skip",
                "notes": [],
            }
        ],
    }
    result = store.import_json(document)
    item = store.get(YIWU.id)
    assert item is not None and item.bookmarked and item.read and item.verdict == "pick"
    assert result.verdicts_kept == 1 and item.title == YIWU.title


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"format": "other"},
        {"format": "reader-annotations", "version": 2, "articles": []},
        {"format": "reader-annotations", "version": 1, "articles": [{"id": 5}]},
        {"format": "reader-annotations", "version": 1, "articles": [{"id": "a", "verdict": "maybe"}]},
        {
            "format": "reader-annotations",
            "version": 1,
            "articles": [
                {"id": "a", "notes": [{"id": "n-1", "text": "t", "author": "x", "created": "yesterday"}]}
            ],
        },
        {
            "format": "reader-annotations",
            "version": 1,
            "articles": [
                {
                    "id": "a",
                    "notes": [
                        {
                            "id": "n-1",
                            "text": "t",
                            "author": "x",
                            "created": "2026-01-01T00:00:00Z",
                            "quote": {"text": "q"},
                        }
                    ],
                }
            ],
        },
    ],
)
def test_bad_imports_change_nothing(store: AnnotationStore, db: Path, document: object) -> None:
    store.set_bookmark(YIWU)
    before = db.read_bytes()
    with pytest.raises(ImportFormatError) as caught:
        store.import_json(document)
    assert "\n" not in str(caught.value)
    assert db.read_bytes() == before


# ---------------------------------------------------------------- rendering


def _article(ref: ArticleRef, topics: list[str]) -> Article:
    region = Region(**{k: v for k, v in ref.region.items()})
    return Article(id=ref.id, source=ref.source, page_order=0, title=ref.title, region=region, topics=topics)


def test_markdown_report_groups_by_region_then_topic(store: AnnotationStore) -> None:
    _populated(store)
    nowhere = ArticleRef("0badc0ffee", "无地区的简讯", "p3.txt", {})
    store.set_verdict(nowhere, "pick")
    store.add_note(nowhere, "# 这一行不是标题")
    store.set_read(ArticleRef("1111111111", "只读过", "p4.txt", {}))
    corpus = [_article(YIWU, ["economy", "trade"]), _article(nowhere, [])]
    text = to_markdown(store.all().values(), corpus, generated="2026-11-23T18:45:00Z")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# 编辑报告",
        "## 选用与跟进（1）",  # the picks first
        "## 广西壮族自治区 › 梧州市",
        "### 未分类",
        f"#### {WUZHOU.title}",
        "## 浙江省 › 金华市 › 义乌市",
        "### economy",
        f"#### {YIWU.title}",
        "## 未知地区",
        "### 未分类",
        "#### 无地区的简讯",
    ]
    assert "（已不在语料中）" in text.split(WUZHOU.title)[1].split("####")[0]
    assert "（已不在语料中）" not in text.split(YIWU.title)[1].split("####")[0]
    assert "> 出口额" in text and "> — 第 2 段" in text and "第二条\n两行" in text
    assert "**选用** (pick)" in text and "只读过" not in text


def test_csv_one_row_per_note_plus_marked_articles(store: AnnotationStore) -> None:
    _populated(store)
    store.set_bookmark(ArticleRef("2222222222", "只有书签", "p5.txt", {}))
    store.set_read(ArticleRef("3333333333", "只读过", "p6.txt", {}))
    text = to_csv(store.all().values())
    assert text.startswith("\ufeff")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [(r["article_id"], r["note_text"]) for r in rows] == [
        ("2222222222", ""),
        (YIWU.id, "第一条"),
        (YIWU.id, "第二条\n两行"),
        (WUZHOU.id, "已撤稿的文章也要留着"),
    ]
    first = next(r for r in rows if r["note_text"] == "第一条")
    assert (first["quote_text"], first["quote_para"], first["region"]) == (
        "出口额",
        "1",
        "浙江省 › 金华市 › 义乌市",
    )
    assert first["bookmarked"] == "true" and first["author"] == "王编辑"


# ---------------------------------------------------------------- locations


def test_locations_prefer_override_then_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert locations.db_path(str(tmp_path / "x.json")) == tmp_path / "x.json"
    assert locations.db_path() == Path(os.environ["READER_DB"])
    assert locations.config_path() == Path(os.environ["READER_CONFIG"])
    assert locations.cache_dir() == Path(os.environ["READER_CACHE_DIR"])
    for name in ("READER_DB", "READER_CONFIG", "READER_CACHE_DIR"):
        monkeypatch.setenv(name, "")
    from platformdirs import user_cache_dir, user_config_dir, user_data_dir

    assert locations.db_path() == Path(user_data_dir("reader", appauthor=False)) / "annotations.json"
    assert locations.config_path() == Path(user_config_dir("reader", appauthor=False)) / "config.toml"
    assert locations.cache_dir() == Path(user_cache_dir("reader", appauthor=False))
    assert locations.cache_dir("~/c") == Path.home() / "c"
