"""The config file: lenient loading with one-line problems, and a watch list saved in place."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.config import Config, load_config, save_watch


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_is_the_defaults(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path / "none.toml")
    assert problems == [] and config.watch == [] and config.language == "zh"


def test_every_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.toml",
        'corpus = "~/papers"\nwatch = ["医保", "骗保", "医保"]\nlanguage = "en"\nauthor = "李编辑"\n'
        '[keymap]\nbookmark = "m"\n[topics.healthcare]\nstrong = ["长护险"]\n',
    )
    config, problems = load_config(path)
    assert problems == []
    assert config.corpus == [str(Path("~/papers").expanduser())]
    assert config.watch == ["医保", "骗保"]
    assert config.language == "en" and config.author == "李编辑"
    assert config.keymap == {"bookmark": "m"}
    assert config.topics == {"healthcare": {"strong": ["长护险"]}}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("colour = 1\n", "'colour'"),
        ('language = "fr"\n', "language"),
        ("watch = 3\n", "watch"),
        ("author = 5\n", "author"),
        ("keymap = 1\n", "keymap"),
        ("topics = 1\n", "topics"),
        ("corpus = [1]\n", "corpus"),
        ('mark_read = "sometimes"\n', "mark_read"),
        ("mark_read_seconds = -1\n", "mark_read_seconds"),
        ('mark_read_seconds = "2"\n', "mark_read_seconds"),
    ],
)
def test_a_bad_key_is_one_problem_naming_it(tmp_path: Path, text: str, named: str) -> None:
    config, problems = load_config(
        write(tmp_path / "c.toml", 'watch = ["医保"]\n' * ("watch" not in text) + text)
    )
    assert len(problems) == 1 and named in problems[0] and "\n" not in problems[0]
    assert isinstance(config, Config)


def test_invalid_toml_gives_defaults_and_one_problem(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path / "c.toml", "watch = [\n"))
    assert config.watch == [] and len(problems) == 1 and "TOML" in problems[0]


def test_save_watch_keeps_comments_and_other_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.toml",
        '# my settings\nlanguage = "zh"  # Chinese\nwatch = [\n  "医保",\n]\n\n[keymap]\nbookmark = "m"\n',
    )
    save_watch(path, ["医保", "骗保"])
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# my settings\nlanguage = "zh"  # Chinese\n')
    assert 'watch = ["医保", "骗保"]' in text
    assert tomllib.loads(text) == {"language": "zh", "watch": ["医保", "骗保"], "keymap": {"bookmark": "m"}}


def test_save_watch_into_a_new_file_and_before_tables(tmp_path: Path) -> None:
    path = tmp_path / "new" / "c.toml"
    save_watch(path, ['say "hi"'])
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"watch": ['say "hi"']}
    other = write(tmp_path / "t.toml", '[keymap]\nbookmark = "m"\n')
    save_watch(other, ["医保"])
    assert tomllib.loads(other.read_text(encoding="utf-8")) == {
        "watch": ["医保"],
        "keymap": {"bookmark": "m"},
    }


def test_save_watch_refuses_a_broken_file(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", "watch = [\n")
    with pytest.raises(ValueError, match="not valid TOML"):
        save_watch(path, ["医保"])
    assert path.read_text(encoding="utf-8") == "watch = [\n"


def test_mark_read_modes(tmp_path: Path) -> None:
    from reader.config import ReadMode

    assert load_config(tmp_path / "none.toml")[0].mark_read == ReadMode.OPEN
    config, problems = load_config(write(tmp_path / "c.toml", 'mark_read = "dwell"\nmark_read_seconds = 3\n'))
    assert problems == [] and config.mark_read == ReadMode.DWELL and config.mark_read_seconds == 3.0


def test_reader_config_names_read_mode_keymap_clash_and_unknown_binding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    path = write(tmp_path / "c.toml", 'mark_read = "often"\n[keymap]\nbookmark = "j"\nnonsense = "x"\n')
    status = main(["config", "--config", str(path)])
    err = capsys.readouterr().err
    assert status == 1
    assert "mark_read" in err and "keymap.nonsense is not a binding id" in err
    assert "keymap.bookmark = 'j': 'j' is already next's key" in err
