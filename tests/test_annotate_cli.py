"""The scriptable verbs: bookmark, mark, note, export, import; exit codes, stdin, and start-up cost."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import reader.annotate_cli as cli
from reader.model import Article, Region
from reader.store import AnnotationStore, ArticleRef

ROOT = Path(__file__).resolve().parent.parent

ARTICLES = [
    Article(
        id="a1b2c3d4e5",
        source="p1.txt",
        page_order=0,
        title="义乌小商品城出口创新高",
        body=["义乌市场今年前十个月出口额同比增长两成。", "商户说订单排到了明年。"],
        region=Region("浙江省", "金华市", "义乌市"),
        topics=["economy"],
    ),
    Article(
        id="a1b2ffff00",
        source="p1.txt",
        page_order=1,
        title="金华推进老旧小区改造",
        region=Region("浙江省", "金华市"),
        topics=["housing"],
    ),
    Article(
        id="f00dbabe01",
        source="p2.txt",
        page_order=0,
        title="六堡茶产业带动残疾人就业",
        region=Region("广西壮族自治区", "梧州市", "苍梧县"),
        topics=[],
    ),
]

# The same stand-in corpus for a child process, which then reports any UI or NLP import.
SHIM = """
import sys
import reader.annotate_cli as cli
from reader.model import Article, Region
cli._load_articles = lambda paths, **_: [Article(id="a1b2c3d4e5", source="p1.txt", page_order=0,
    title="义乌小商品城出口创新高", region=Region("浙江省", "金华市", "义乌市"), topics=["economy"])]
status = cli.main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("jieba", "textual"))
if heavy:
    print("imported", heavy, file=sys.stderr)
    status = 99
raise SystemExit(status)
"""


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cli, "_load_articles", lambda paths, **_: list(ARTICLES))
    path = tmp_path / "annotations.json"
    monkeypatch.setenv("READER_DB", str(path))
    monkeypatch.setenv("READER_AUTHOR", "测试编辑")
    return path


def run(*argv: str) -> int:
    return cli.main(list(argv))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def test_bookmark_and_remove(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("bookmark", "f00d") == 0
    assert "bookmarked f00dbabe01 六堡茶产业带动残疾人就业" in capsys.readouterr().out
    item = AnnotationStore(db).get("f00dbabe01")
    assert item is not None and item.bookmarked and item.title == "六堡茶产业带动残疾人就业"
    assert item.region_path() == ["广西壮族自治区", "梧州市", "苍梧县"]
    assert run("bookmark", "f00dbabe01", "--remove") == 0
    assert not AnnotationStore(db).get("f00dbabe01").bookmarked  # type: ignore[union-attr]


def test_mark_sets_and_clears(db: Path) -> None:
    assert run("mark", "a1b2c3", "pick") == 0
    assert run("mark", "a1b2c3", "pick") == 0  # set, not toggled
    assert AnnotationStore(db).get("a1b2c3d4e5").verdict == "pick"  # type: ignore[union-attr]
    assert run("mark", "a1b2c3", "clear") == 0
    assert AnnotationStore(db).get("a1b2c3d4e5").verdict is None  # type: ignore[union-attr]


def test_note_prints_its_id_and_can_be_deleted(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("note", "a1b2c3d4e5", "出口数据", "要核实", "--quote", "同比增长两成", "--para", "0") == 0
    note_id = capsys.readouterr().out.strip()
    note = AnnotationStore(db).note(note_id)
    assert note is not None and note.text == "出口数据 要核实" and note.author == "测试编辑"
    assert note.quote is not None and (note.quote.text, note.quote.para) == ("同比增长两成", 0)
    assert run("note", "--delete", note_id[:8]) == 0
    assert AnnotationStore(db).note(note_id) is None


def test_note_reads_stdin(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("第一行\n第二行\n"))
    assert run("note", "a1b2c3d4e5", "-") == 0
    note = AnnotationStore(db).note(capsys.readouterr().out.strip())
    assert note is not None and note.text == "第一行\n第二行"


@pytest.mark.parametrize(
    "argv",
    [
        ("bookmark", "zzzz9999"),
        ("mark", "a1b2", "pick"),
        ("note", "a1", "太短的前缀"),
        ("note", "--delete", "n-000000000000"),
        ("note", "a1b2c3d4e5"),
        ("note",),
        ("note", "a1b2c3d4e5", "引文", "--quote", "没有段落号"),
        ("note", "a1b2c3d4e5", "-", "--delete", "n-1"),
    ],
)
def test_bad_ids_and_usage_exit_2(
    db: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    assert run(*argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and err.count("\n") == 1
    assert not db.exists()


def test_unknown_id_message(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("mark", "zzzz9999", "pick") == 2
    assert capsys.readouterr().err == "reader: no article with id 'zzzz9999'\n"
    assert run("mark", "a1b2", "pick") == 2
    assert "matches 2 ids" in capsys.readouterr().err


def test_db_option_beats_environment(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    assert run("bookmark", "f00d", "--db", str(other)) == 0
    assert other.exists() and not db.exists()


def test_orphans_stay_usable_and_exported(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    AnnotationStore(db).add_note(
        ArticleRef("0ddba11000", "已下线的文章", "old.txt", {"province": "浙江省"}), "留着"
    )
    assert run("bookmark", "0ddb") == 0  # known from the store though not in the corpus
    capsys.readouterr()
    assert run("export", "--format", "md") == 0
    report = capsys.readouterr().out
    assert "#### 已下线的文章" in report and "（已不在语料中）" in report
    assert run("export", "--format", "json") == 0
    exported = json.loads(capsys.readouterr().out)
    assert [a["id"] for a in exported["articles"]] == ["0ddba11000"]


def test_export_formats_to_files(db: Path, tmp_path: Path) -> None:
    run("note", "a1b2c3d4e5", "要核实")
    run("mark", "f00d", "followup")
    run("bookmark", "a1b2ff")
    md, js, cs = tmp_path / "r.md", tmp_path / "r.json", tmp_path / "r.csv"
    assert run("export", "-o", str(md)) == 0
    assert run("export", "--format", "json", "-o", str(js)) == 0
    assert run("export", "--format", "csv", "-o", str(cs)) == 0
    report = md.read_text(encoding="utf-8")
    assert report.index("## 广西壮族自治区 › 梧州市 › 苍梧县") < report.index("## 浙江省 › 金华市")
    assert "### 经济产业" in report and "### housing" in report and "### 未分类" in report  # labels, not ids
    assert "**跟进** (followup)" in report and "要核实" in report
    data = json.loads(js.read_bytes())
    assert data["format"] == "reader-annotations" and len(data["articles"]) == 3
    assert cs.read_bytes().startswith("\ufeff".encode())
    rows = list(csv.DictReader(cs.open(encoding="utf-8-sig", newline="")))
    assert [(r["article_id"], r["note_text"], r["verdict"]) for r in rows] == [
        ("a1b2c3d4e5", "要核实", ""),
        ("a1b2ffff00", "", ""),
        ("f00dbabe01", "", "followup"),
    ]


def without_times(document: dict[str, Any]) -> dict[str, Any]:
    """The export as the store writes it: `reader export` adds each article's mark times."""
    from reader.export import TIME_KEYS

    return {
        **document,
        "articles": [{k: v for k, v in a.items() if k not in TIME_KEYS} for a in document["articles"]],
    }


def test_import_round_trip(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("note", "a1b2c3d4e5", "第一条")
    run("note", "a1b2c3d4e5", "第二条")
    run("mark", "f00d", "skip")
    exported = tmp_path / "export.json"
    run("export", "--format", "json", "-o", str(exported))
    other = tmp_path / "other.json"
    capsys.readouterr()
    assert run("import", str(exported), "--db", str(other)) == 0
    assert "2 articles added" in capsys.readouterr().out
    assert AnnotationStore(other).export_json() == without_times(json.loads(exported.read_bytes()))
    assert run("import", str(exported)) == 0  # into the same file: nothing doubles
    assert "0 notes added" in capsys.readouterr().out
    assert AnnotationStore(db).export_json() == without_times(json.loads(exported.read_bytes()))


def test_import_rejects_a_bad_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    assert run("import", str(bad)) == 1
    assert "not a reader annotations export" in capsys.readouterr().err
    bad.write_text("{", encoding="utf-8")
    assert run("import", str(bad)) == 1
    assert run("import", str(tmp_path / "missing.json")) == 1


def test_corrupt_file_notice_on_stderr(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db.write_bytes(b"\x00not json")
    assert run("bookmark", "f00d") == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".corrupt-" in err and "started a fresh one" in err
    assert AnnotationStore(db).get("f00dbabe01") is not None


def test_newer_schema_exit_1(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db.write_text('{"meta": {"schema": {"version": 9}}}', encoding="utf-8")
    assert run("note", "f00d", "写不进去") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer" in err


# ---------------------------------------------------------------- as real processes


def test_note_from_stdin_in_a_process(db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SHIM, "note", "a1b2c3d4e5", "-"],
        input="通过管道写入的笔记\n",
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert done.returncode == 0, done.stderr
    note_id = done.stdout.strip()
    assert note_id.startswith("n-")
    assert "通过管道写入的笔记".encode() in db.read_bytes()


def test_unknown_id_in_a_process_exits_2(db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SHIM, "mark", "beefbeef", "pick"], capture_output=True, text=True, env=_env()
    )
    assert done.returncode == 2
    assert done.stderr == "reader: no article with id 'beefbeef'\n"


def test_the_verbs_never_import_jieba_or_textual(db: Path) -> None:
    """With the real corpus loader, as `reader` and on their own: `note` and `export` (which tags
    regions and topics for the report) and `notes` stay free of the heavy imports."""
    from reader.corpus import load_corpus

    articles = load_corpus([]).articles
    if not articles:
        pytest.skip("the default corpus has no articles")
    runs = [
        (entry, argv)
        for entry in ("reader", "reader.annotate_cli")
        for argv in (["note", articles[0].id, "快"], ["export"], ["notes"])
    ]
    for entry, argv in runs:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", entry, *argv],
            capture_output=True,
            text=True,
            env=_env(),
        )
        assert done.returncode == 0, done.stderr[-2000:]
        imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
        assert not {m for m in imported if m.split(".")[0] in ("jieba", "textual")}
        assert "reader.store" in imported


def test_light_tagging_fills_only_what_is_wanted_and_empty() -> None:
    yiwu = Article(
        id="abc0000001",
        source="p1.txt",
        page_order=0,
        title="义乌市场出口创新高",
        body=["浙江省金华市义乌市的小商品市场今年出口额同比增长两成。", "义乌商户说订单排到了明年。"],
    )
    tagged = Article(id="abc0000002", source="p1.txt", page_order=1, title="已标注", region=Region("北京市"))
    tagged.topics = ["x"]
    other = Article(id="def0000003", source="p2.txt", page_order=0, title="义乌", body=["义乌市"])
    cli._tag_light([yiwu, tagged, other], {"abc0"})
    assert yiwu.region.path()[:1] == ["浙江省"]
    assert tagged.region.path() == ["北京市"] and tagged.topics == ["x"]
    assert other.region.path() == [] and other.topics == []
