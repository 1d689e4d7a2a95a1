"""`reader search --archive` on a real PostgreSQL server: the substring oracle's answers, the
local index's output shapes for every option, and one line (never a traceback) for each way the
archive can be unusable."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.corpus import load_corpus
from reader.index import INDEX_FILE
from reader.model import Article
from tests.archive_fixtures import Filled, run
from tests.conftest import ROOT, SEEDS
from tests.pgcluster import free_port
from tests.test_pgarchive import oracle


@pytest.fixture
def filled(filled_archive: Filled) -> Filled:
    return filled_archive


CHOSEN = ("医", "医保", "医保基金", "義烏", "沪", "=义乌", "不存在的词语")


def queries(articles: list[Article], each: int = 4, chosen: tuple[str, ...] = CHOSEN) -> list[str]:
    """`each` random 1-, 2- and 4-character pieces of the articles' text, and the chosen ones."""
    rng = random.Random(14)
    texts = [a.text.replace("\n", "") for a in articles]
    picked = set(chosen)
    for size in (1, 2, 4):
        for _ in range(each):
            text = rng.choice(texts)
            start = rng.randrange(len(text) - size)
            picked.add(text[start : start + size])
    return sorted(q for q in picked if q.strip() and not q.startswith("-"))


def ids(out: str) -> set[str]:
    return {line.split()[0] for line in out.splitlines()}


def test_every_answer_equals_the_oracle_and_the_local_index(filled: Filled) -> None:
    for query in queries(filled.articles):
        served = run(filled.served(query))
        assert ids(served[1]) == oracle(filled.articles, query), query
        assert served == run(filled.local(query, *filled.roots)), query
        assert run(filled.served(query, "--jsonl")) == run(filled.local(query, *filled.roots, "--jsonl"))
        # Only a page's leftovers (lines the splitter gave no article) are not in the archive.
        status, counted, _ = run(filled.local(query, *filled.roots, "--count"))
        with_articles = "".join(line + "\n" for line in counted.splitlines() if not line.endswith(":0"))
        assert run(filled.served(query, "--count"))[:2] == (status if with_articles else 1, with_articles)
        files = "".join(line.rsplit(":", 1)[0] + "\n" for line in with_articles.splitlines())
        assert run(filled.served(query, "-l"))[1] == files, query


def test_path_arguments_match_the_paths_the_pages_were_indexed_under(filled: Filled) -> None:
    pages = str(filled.pages)
    only_pages = run(filled.served("市", pages))
    assert only_pages == run(filled.local("市", pages))
    assert (
        ids(only_pages[1])
        == oracle(load_corpus([filled.pages]).articles, "市")
        != oracle(filled.articles, "市")
    )
    page = str(sorted(filled.pages.glob("*.txt"))[0])
    assert run(filled.served("的", page, "--count")) == run(filled.local("的", page, "--count"))
    assert run(filled.served("的", page, "--count"))[1].count("\n") == 1


@pytest.mark.parametrize(
    "expression", ["region:浙江", "region:浙江 -医保", "topic:healthcare", "page:1", "date:2025"]
)
def test_the_filter_language_gives_the_same_ids_on_both(filled: Filled, expression: str) -> None:
    for query in ("市", "医"):
        served = run(filled.served(query, "--filter", expression))
        assert served == run(filled.local(query, *filled.roots, "--filter", expression)), expression
        assert (
            run(filled.served(query, "--filter", expression, "--jsonl"))[1]
            == run(filled.local(query, *filled.roots, "--filter", expression, "--jsonl"))[1]
        )
    assert ids(run(filled.served("市", "--filter", "region:浙江"))[1])  # the filter is not empty here


def test_the_archive_is_found_as_the_store_is(
    filled: Filled, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`$READER_ARCHIVE`, else the config's `archive`; `--archive ''` for the local index. The short
    road of `-l` leaves an archive to the whole verb, and builds no local index for it."""
    expected = run(filled.served("医保"))
    monkeypatch.setenv("READER_ARCHIVE", filled.url)
    assert run(["search", "医保", "--config", str(filled.config)]) == expected
    cache = Path(os.environ["READER_CACHE_DIR"])
    assert run(["search", "-l", "医保", str(filled.pages)]) == run(
        filled.served("-l", "医保", str(filled.pages))
    )
    assert not (cache / INDEX_FILE).exists()
    local = run(["search", "医保", str(filled.seeds), "--archive", "", "--cache-dir", str(filled.cache)])
    assert local[1] == run(filled.local("医保", str(filled.seeds)))[1] != ""
    monkeypatch.delenv("READER_ARCHIVE")
    config = tmp_path / "config.toml"
    config.write_text(f'archive = "{filled.url}"\n', encoding="utf-8")
    assert run(["search", "医保", "--config", str(config)]) == expected
    assert (
        run(["search", "-l", "医保", str(filled.pages), "--config", str(config)])[1]
        == run(filled.served("-l", "医保", str(filled.pages)))[1]
    )


def test_a_password_in_the_config_is_refused(tmp_path: Path) -> None:
    from reader.config import load_config

    config = tmp_path / "config.toml"
    config.write_text('archive = "postgresql://editor:secret@newsroom/reader"\n', encoding="utf-8")
    settings, problems = load_config(config)
    assert settings.archive == "postgresql://editor@newsroom/reader"
    assert problems == [
        "config: archive must not hold a password (it is ignored); put it in ~/.pgpass, a service file or PGPASSWORD"
    ]
    config.write_text('archive = "/srv/archive"\n', encoding="utf-8")
    assert load_config(config) == (
        load_config(None)[0].__class__(path=config),
        ["config: archive must be a postgresql:// URL"],
    )


def unusable(pg_cluster: Any) -> list[tuple[str, int, str]]:
    """(URL, exit status, what its one line says) for every way an archive can be unusable."""
    return [
        (f"postgresql://reader@127.0.0.1:{free_port()}/news", 1, "cannot reach the archive server"),
        ("mysql://newsroom/news", 2, "the archive is a postgresql:// URL, not 'mysql://newsroom/news'"),
        ("postgresql:/news", 2, "the archive is a postgresql:// URL"),
        (
            "postgresql://reader@127.0.0.1:1:2/news",
            1,
            "the archive URL postgresql://reader@127.0.0.1:1:2/news is not valid",
        ),
        (pg_cluster.url("no_such_database"), 1, "the archive database 'no_such_database' does not exist"),
        (pg_cluster.create_database(), 1, "is empty: nothing was ever stored in it"),
    ]


def test_each_unusable_archive_is_one_line_and_a_failing_status(pg_cluster: Any) -> None:
    for url, code, says in unusable(pg_cluster):
        status, out, err = run(["search", "医保", "--archive", url])
        assert (status, out) == (code, ""), url
        assert err.count("\n") == 1 and says in err and err.startswith("reader: "), err


def test_an_unusable_archive_stops_the_app_before_it_starts(
    pg_cluster: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.app import main as app_main

    monkeypatch.setenv("TERM", "xterm-256color")
    for url, code, says in unusable(pg_cluster):
        assert app_main(archive=url) == code, url
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.count("\n") == 1 and says in captured.err, captured.err


def test_the_command_fills_and_searches_in_fresh_processes(pg_url: str, tmp_path: Path) -> None:
    """The console command end to end: one machine indexes, another (no pages, no index) searches;
    a password in the URL never reaches the output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "READER_CACHE_DIR": str(tmp_path / "server")}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "index", str(SEEDS), "--archive", pg_url],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    env["READER_CACHE_DIR"] = str(tmp_path / "editor")
    env["READER_ARCHIVE"] = pg_url.replace("reader@", "reader:hunter2@")  # trust auth ignores it
    found = subprocess.run(
        [sys.executable, "-m", "reader", "search", "医保", "--jsonl"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert found.returncode == 0, found.stderr
    articles = list(load_corpus([SEEDS]).articles)
    assert {json.loads(line)["id"] for line in found.stdout.splitlines()} == oracle(articles, "医保")
    env["READER_ARCHIVE"] = env["READER_ARCHIVE"].rsplit("/", 1)[0] + "/missing"
    failed = subprocess.run(
        [sys.executable, "-m", "reader", "search", "医保"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
    assert "hunter2" not in failed.stderr and "reader:***@" in failed.stderr
    assert not (tmp_path / "editor" / INDEX_FILE).exists()


def test_each_browser_tab_opens_the_archive_reader_serve_was_given() -> None:
    from reader.cli import build_parser
    from reader.serve import app_command

    url = "postgresql://editor@db.newsroom/reader"
    assert app_command(build_parser("serve").parse_args(["serve", "--archive", url])).endswith(
        f"app --archive {url}"
    )
    assert app_command(build_parser("serve").parse_args(["serve", "--archive", ""])).endswith(
        "app --archive ''"
    )
    assert "--archive" not in app_command(build_parser("serve").parse_args(["serve"]))
