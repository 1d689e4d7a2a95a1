"""The PostgreSQL backend on a real server: choosing it, its schema, many writers, a server killed
mid-write, moving annotations between backends, one role per editor."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from reader.store import (
    AnnotationStore,
    ArticleRef,
    Backend,
    NewerSchemaError,
    UnknownSchemeError,
    parse_location,
)
from reader.store.pg import PostgresStore

ROOT = Path(__file__).resolve().parent.parent
SHARED = ArticleRef("5a5a5a5a5a", "各地编辑都写的文章", "p.txt", {"province": "浙江省"})


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


# ---------------------------------------------------------------- choosing the backend


@pytest.mark.parametrize(
    "value",
    [
        "postgresql://editor@db.example/reader",
        "postgres://db.example/reader",
        "POSTGRESQL://h/d?service=news",
    ],
)
def test_a_postgres_url_picks_the_server(value: str) -> None:
    assert parse_location(value).backend is Backend.POSTGRES


@pytest.mark.parametrize(
    "value", ["annotations.json", "~/team/notes.json", "C:/notes.json", "notes:v2.json", "/srv/a://b.json"]
)
def test_anything_else_is_a_path(value: str) -> None:
    assert parse_location(value).backend is Backend.FILE


@pytest.mark.parametrize(
    "value", ["mysql://db/reader", "sqlite:///x.db", "postgresql:/postgres@127.0.0.1:5432/reader"]
)
def test_an_unknown_or_mangled_scheme_is_refused(value: str) -> None:
    with pytest.raises(UnknownSchemeError):
        parse_location(value)


def test_the_cli_refuses_an_unknown_scheme_in_one_line_and_makes_no_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "bookmark", "f00dbabe01", "--corpus", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(READER_DB="mysql://editor:secret@127.0.0.1:3306/reader"),
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "mysql" in done.stderr and "secret" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_password_in_the_config_is_dropped_with_a_problem() -> None:
    from reader.config import parse_config

    config, problems = parse_config({"db": "postgresql://editor:secret@db.example/reader"})
    assert config.db == "postgresql://editor@db.example/reader"
    assert len(problems) == 1 and "password" in problems[0] and "secret" not in problems[0]


def test_the_config_db_is_used_when_nothing_else_names_one(pg_url: str, tmp_path: Path) -> None:
    PostgresStore(pg_url).set_bookmark(SHARED)  # an article the CLI can find with no corpus
    config = tmp_path / "config.toml"
    config.write_text(f'db = "{pg_url}"\nauthor = "配置里的编辑"\n', encoding="utf-8")
    env = _env(READER_CONFIG=str(config))
    env.pop("READER_DB")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "note",
            SHARED.id,
            "从配置找到服务器",
            "--corpus",
            str(tmp_path / "none"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    note = PostgresStore(pg_url).note(done.stdout.strip())
    assert note is not None and note.text == "从配置找到服务器" and note.author == "配置里的编辑"


# ---------------------------------------------------------------- schema


def test_schema_version_is_kept_and_a_newer_one_refused(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    assert store.take_notices() == []
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT version FROM reader_schema").fetchall() == [(1,)]
        conn.execute("UPDATE reader_schema SET version = 99")
    with pytest.raises(NewerSchemaError, match="99"):
        PostgresStore(pg_url)


def test_one_role_per_editor(pg_cluster: Any, pg_url: str) -> None:
    PostgresStore(pg_url, "管理员").set_bookmark(SHARED)  # the owner creates the tables
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS zhao")
        conn.execute("CREATE ROLE zhao LOGIN")
    zhao = PostgresStore(pg_url.replace("reader@", "zhao@"), "赵编辑")
    zhao.add_note(SHARED, "用自己的角色写的")
    zhao.set_verdict(SHARED, "followup")
    item = PostgresStore(pg_url).get(SHARED.id)
    assert item is not None and item.verdict_by == "赵编辑" and item.notes[0].author == "赵编辑"


# ---------------------------------------------------------------- many writers


WRITER = """
import sys
from reader.store import ArticleRef
from reader.store.pg import PostgresStore
url, author, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = PostgresStore(url, author=author)
mine = ArticleRef("a" + author[-4:] + "00000", "并发写入测试", "p.txt", {})
shared = ArticleRef("5a5a5a5a5a", "各地编辑都写的文章", "p.txt", {})
for i in range(count):
    store.add_note(shared if i % 2 else mine, f"{author} 的第 {i} 条笔记")
    store.set_verdict(shared, ("pick", "followup", "skip")[i % 3])
"""


def test_eight_writers_times_fifty_notes_lose_nothing(pg_url: str) -> None:
    PostgresStore(pg_url)  # migrate once, so the writers race on the notes, not the schema
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, pg_url, f"编辑{n:04d}", "50"],
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for n in range(8)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    notes = [n for item in PostgresStore(pg_url).all().values() for n in item.notes]
    assert len(notes) == 400 and len({n.id for n in notes}) == 400
    for n in range(8):
        assert sorted(int(x.text.split()[2]) for x in notes if x.author == f"编辑{n:04d}") == list(range(50))


# ---------------------------------------------------------------- the server killed mid-write


def test_killing_the_server_mid_write_loses_no_acknowledged_note(own_pg_cluster: Any, tmp_path: Path) -> None:
    url = own_pg_cluster.create_database()
    PostgresStore(url).set_bookmark(SHARED)
    empty = tmp_path / "no-pages"
    empty.mkdir()
    options = ["--db", url, "--corpus", str(empty)]
    acknowledged: list[str] = []
    refused: list[str] = []
    for round_ in range(3):
        running: list[subprocess.Popen[str]] = []
        after_crash = 6  # commands started once the server is gone
        # On a busy machine the first writers may take seconds to start: the kill waits for three
        # acknowledged writes (up to a deadline) rather than for a count of started commands.
        deadline = time.monotonic() + 120
        while after_crash and time.monotonic() < deadline:  # some finish, some are mid-write, some late
            if len(running) >= 80 and own_pg_cluster.running:
                time.sleep(0.05)
                if sum(c.poll() == 0 for c in running) >= 3:
                    own_pg_cluster.crash()
                continue
            note = [
                sys.executable,
                "-m",
                "reader",
                "note",
                SHARED.id,
                f"第{round_}轮第{len(running)}条",
                *options,
            ]
            running.append(
                subprocess.Popen(note, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
            )
            time.sleep(0.05)
            if not own_pg_cluster.running:
                after_crash -= 1
            elif sum(c.poll() == 0 for c in running) >= 3:
                own_pg_cluster.crash()
        own_pg_cluster.crash()
        for child in running:
            out, err = child.communicate(
                timeout=300
            )  # a hang guard: 80 starts at once are slow on a busy machine
            if child.returncode == 0:
                acknowledged.append(out.strip())
            else:
                assert child.returncode == 1 and err.count("\n") == 1, err
                assert "Traceback" not in err and err.startswith("reader: ") and "annotations server" in err
                refused.append(err)
        own_pg_cluster.start()
    ids = set(PostgresStore(url).note_ids())
    assert acknowledged and refused, "the kill did not land among the writes"
    assert set(acknowledged) <= ids, (len(acknowledged), len(refused))
    print(f"{len(acknowledged)} acknowledged, {len(refused)} refused")


# ---------------------------------------------------------------- moving between backends


def test_export_and_import_round_trip_between_backends(pg_url: str, tmp_path: Path) -> None:
    from reader.store import Quote

    first = AnnotationStore(tmp_path / "first.json", author="王编辑")
    first.add_note(SHARED, "文件里的笔记", Quote("各地", 0))
    first.add_note(SHARED, "第二条\n两行，带\x1b[31m转义")
    first.set_verdict(SHARED, "followup")
    first.set_bookmark(
        ArticleRef("f00dbabe01", "只有书签", "p2.txt", {"province": "广西壮族自治区", "city": "梧州市"})
    )
    first.set_read(ArticleRef("1111111111", "只读过", "p3.txt", {}))
    document = first.export_json()

    server = PostgresStore(pg_url, author="李主任")
    server.import_json(document)
    assert server.export_json() == document
    server.add_note(ArticleRef("2222222222", "服务器上新加的", "p4.txt", {}), "服务器上写的")
    on_server = server.export_json()

    back = AnnotationStore(tmp_path / "back.json")
    back.import_json(on_server)
    assert back.export_json() == on_server
    assert PostgresStore(pg_url).import_json(back.export_json()).notes_unchanged == 3
