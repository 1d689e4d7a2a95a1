"""`reader search -l` and `--count` on their short road: the same answer as the whole verb, and
none of the other verbs' imports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.locations import xdg_dir
from reader.resources import seeds_dir


def corpus(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    for seed in sorted(seeds_dir().glob("*.txt")):
        shutil.copy(seed, pages / seed.name)
    return pages


def answer(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().out


@pytest.mark.parametrize("query", ["医保", "醫保", "=醫保", "杭州市", "浙", "本报记者", "不存在的词"])
def test_the_short_road_answers_as_the_whole_verb(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    pages = corpus(tmp_path)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    main(["index", str(pages), *cache])
    capsys.readouterr()
    for flag in ("-l", "--count"):
        short = answer(["search", flag, query, str(pages), *cache], capsys)
        whole = answer(["search", flag, query, str(pages), *cache, "--refresh"], capsys)  # not the short road
        assert short == whole
        assert short[0] == (0 if short[1] else 1)


def _in_a_fresh_process(tmp_path: Path, script: str) -> list[str]:
    """The output lines of `script` run by a new interpreter over an indexed corpus (its path in argv)."""
    pages = corpus(tmp_path)
    env = {
        **os.environ,
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "READER_CONFIG": str(tmp_path / "none.toml"),
    }
    subprocess.run(
        [sys.executable, "-m", "reader", "index", str(pages)], env=env, check=True, capture_output=True
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(pages)], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.splitlines()


def test_the_short_road_imports_no_other_verb(tmp_path: Path) -> None:
    script = (
        "import sys, json; from reader.cli import main; status = main(['search', '-l', '医保', sys.argv[1]]);"
        " print(json.dumps([status, sorted(sys.modules)]))"
    )
    *listed, last = _in_a_fresh_process(tmp_path, script)
    status, modules = json.loads(last)
    assert status == 0 and listed and all(Path(line).exists() for line in listed)
    for heavy in (
        "argparse",
        "jieba",
        "rjieba",
        "textual",
        "rich",
        "opencc",
        "reader.corpus",
        "reader.model",
        "reader.index.database",
        "reader.sources",
    ):
        assert heavy not in modules, heavy


def test_the_short_road_names_the_folders_platformdirs_would(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    if not sys.platform.startswith("linux"):
        assert xdg_dir("XDG_CACHE_HOME", "~/.cache") is None
        return
    for value in (None, "", "  ", "/tmp/xdg here"):
        for var, default, asked in (
            ("XDG_CACHE_HOME", "~/.cache", platformdirs.user_cache_dir),
            ("XDG_CONFIG_HOME", "~/.config", platformdirs.user_config_dir),
        ):
            if value is None:
                monkeypatch.delenv(var, raising=False)
            else:
                monkeypatch.setenv(var, value)
            assert xdg_dir(var, default) == Path(asked("reader", appauthor=False))


def test_the_short_road_loads_only_the_index_modules_it_needs(tmp_path: Path) -> None:
    script = (
        "import sys, json; from reader.cli import main; main(['search', '--count', '医保基金', sys.argv[1]]);"
        " print(json.dumps(sorted(m for m in sys.modules if m.startswith('reader.index'))))"
    )
    loaded = json.loads(_in_a_fresh_process(tmp_path, script)[-1])
    assert loaded == ["reader.index", "reader.index.meta", "reader.index.postings", "reader.index.search"]


def test_a_match_only_in_a_pages_leftovers_names_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As `rg -l` would: the file holds the text even where the splitter gave the line to no article."""
    from reader.fold import fold
    from reader.index import Index

    pages = corpus(tmp_path)
    cache = tmp_path / "cache"
    index = Index(cache)
    index.refresh([pages])
    texts = [fold(a.text) for a in index.articles()]
    word, path = None, None
    for file_path, leftovers in index.db.execute("SELECT path, leftovers FROM files ORDER BY path"):
        for line in json.loads(leftovers):
            folded = fold(line)
            for i in range(len(folded) - 2):
                piece = folded[i : i + 3]
                if piece.strip() == piece and not any(piece in t for t in texts):
                    word, path = piece, file_path
                    break
            if word:
                break
        if word:
            break
    assert word is not None, "the seeds have leftovers no article holds"
    flags = ["--cache-dir", str(cache)]
    assert answer(["search", "--count", word, str(pages), *flags], capsys)[1].startswith(f"{path}:0\n")
    assert path in answer(["search", "-l", word, str(pages), *flags], capsys)[1].splitlines()
    Path(path).unlink()
    index.refresh([pages])
    assert answer(["search", "-l", word, str(pages), *flags], capsys)[1] == ""
    assert index.db.execute("SELECT count(*) FROM leftover_postings").fetchone()[0] > 0
    index.close()
