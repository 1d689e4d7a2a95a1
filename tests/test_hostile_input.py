"""Issue 13: nothing a folder, a file or a teammate's export holds can crash, hang, leak or trick
the reader. Each test makes the bad thing for real — a FIFO, a dangling link, a truncated index,
escape bytes in a note, a link at the export path — and checks the one-line message, the exit
status and that the good pages still load."""

from __future__ import annotations

import fcntl
import json
import os
import random
import re
import stat
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.corpus import load_corpus, parse_page
from reader.index import INDEX_FILE, LOCK_FILE, Index, IndexLibrary
from reader.library import LibraryError
from reader.sources import MAX_PAGE_BYTES, SKIPPED, decode, find_pages, plain_text, read_bytes
from reader.text import strip_controls

from .test_ingest import BRIEF, SEED_BLOCKS, _chars, _page_chars

OTHER = "青田创新盘活碳资产路径\n\n本报讯 近日，青田县发布碳资产研究成果，为全省提供可复制的样本。\n"
ESCAPES = "\x1b]0;pwned\x07 and \x1b[31mred\x1b[0m \x9b2J"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _every_verb(folder: Path) -> list[list[str]]:
    """The verbs that read pages, each reading `folder` now."""
    return [
        ["list", "--no-tags", str(folder)],
        ["index", str(folder)],
        ["search", "孝义", str(folder), "--refresh"],
    ]


def _in_time(action: Callable[[], Any], seconds: float = 20) -> Any:
    """Run `action` in a thread; fail (instead of hanging the suite) if it takes too long."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = action()
        except BaseException as error:  # handed to the test below
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(BRIEF, encoding="utf-8")
    return pages


# --- 1. a file name with a non-UTF-8 byte -----------------------------------------------------


def test_a_file_name_with_a_non_utf8_byte_loads_shown_as_hex(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = os.path.join(os.fsencode(folder), b"bad\xff.txt")
    with open(bad, "wb") as handle:
        handle.write(OTHER.encode("utf-8"))
    status, out, _err = _run(capsys, "list", "--no-tags", str(folder))
    assert status == 0
    assert "bad\\xff.txt#1" in out and "good.txt#1" in out
    assert _run(capsys, "index", str(folder))[0] == 0
    status, out, _err = _run(capsys, "search", "青田", str(folder))
    assert status == 0 and "bad\\xff.txt#1" in out


# --- 2. a FIFO named x.txt ------------------------------------------------------------------------


def test_a_fifo_named_like_a_page_is_skipped_without_blocking(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(folder / "x.txt")
    corpus = _in_time(lambda: load_corpus([folder]))
    assert [a.source for a in corpus.articles] == ["good.txt"]
    assert [str(n) for n in corpus.notices] == [
        f"{folder}/x.txt: skipped, a FIFO (named pipe), not a regular file"
    ]
    for verb in _every_verb(folder):
        status, _out, err = _in_time(partial(_run, capsys, *verb))
        assert status == SKIPPED and "x.txt: skipped, a FIFO" in err, verb
    # Read directly, as if it had been put there after the walk: the open does not block either.
    raw, notice = _in_time(lambda: read_bytes(folder / "x.txt"))
    assert raw is None and "FIFO" in str(notice)


def test_the_apps_loader_does_not_hang_on_a_fifo(folder: Path, tmp_path: Path) -> None:
    from reader.app.loading import IndexLoader, Loaded

    os.mkfifo(folder / "x.txt")
    events: list[Any] = []
    loader = IndexLoader([str(folder)], cache_dir=str(tmp_path / "cache"))
    _in_time(lambda: loader(events.append))
    final = [e for e in events if isinstance(e, Loaded) and e.final][-1]
    assert [s.source for s in final.library.summaries()] == ["good.txt"]
    assert any("FIFO" in n for n in final.notices) and loader.skipped


# --- 3. a link to /dev/zero or /dev/urandom -----------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_skipped_and_nothing_is_read(folder: Path, device: str) -> None:
    (folder / "x.txt").symlink_to(device)
    corpus = _in_time(lambda: load_corpus([folder]))
    assert [a.source for a in corpus.articles] == ["good.txt"]
    assert "x.txt: skipped, a character device, not a regular file" in str(corpus.notices[0])
    raw, notice = read_bytes(Path(device))
    assert raw is None and "character device" in str(notice)


def test_a_read_stops_at_the_limit_whatever_stat_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_PAGE_BYTES + 5_000_000)
    real_fstat = os.fstat

    def lying_fstat(fd: int) -> os.stat_result:  # as /proc files and some devices do
        found = real_fstat(fd)
        fields = list(found[:10])
        fields[stat.ST_SIZE] = 0
        return os.stat_result(fields, {"st_mtime_ns": found.st_mtime_ns})

    monkeypatch.setattr(os, "fstat", lying_fstat)
    reads: list[int] = []
    real_read = os.read

    def counted_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        reads.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counted_read)
    raw, notice = read_bytes(big)
    assert raw is None and "too large" in str(notice)
    assert sum(reads) == MAX_PAGE_BYTES + 1


# --- 4. a dangling symlink --------------------------------------------------------------------------


def test_a_dangling_link_is_one_line_every_time_and_never_breaks_the_index(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "x.txt").symlink_to(tmp_path / "nowhere.txt")
    for _ in range(3):
        status, _out, err = _run(capsys, "index", str(folder))
        assert status == SKIPPED
        assert f"x.txt: skipped, a link to {tmp_path}/nowhere.txt, which does not exist" in err
    status, out, err = _run(capsys, "search", "孝义", str(folder))
    assert status == SKIPPED and "good.txt#1" in out and "nowhere.txt, which does not exist" in err
    index = Index(Path(os.environ["READER_CACHE_DIR"]))
    assert [s.source for s in index.library([folder]).summaries()] == ["good.txt"]


# --- 5. a page linked in from outside the folder ------------------------------------------------


def test_a_page_linked_in_from_outside_is_listed_searched_and_shown_under_its_link(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.txt").write_text(OTHER, encoding="utf-8")
    (folder / "linked.txt").symlink_to(outside / "other.txt")
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    assert {p.source for p in load_corpus([folder]).pages} == {"good.txt", "linked.txt"}
    status, out, _err = _run(capsys, "search", "青田", str(folder))
    assert status == 0 and "linked.txt#1" in out
    library = Index(Path(os.environ["READER_CACHE_DIR"])).library([folder])
    assert {s.source for s in library.summaries()} == {"good.txt", "linked.txt"}
    # The linked folder alone (nothing read twice elsewhere) is walked, its pages under the link.
    only = tmp_path / "only"
    only.mkdir()
    (only / "sub").symlink_to(outside, target_is_directory=True)
    assert [p.source for p in load_corpus([only]).pages] == ["sub/other.txt"]


# --- 6. the index truncated, or damaged otherwise -------------------------------------------------


def _built(folder: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    for name in ("a", "b", "c"):
        for seed in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")):
            (folder / f"{name}-{seed.name}").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    assert _run(capsys, "index", str(folder))[0] == 0
    return Path(os.environ["READER_CACHE_DIR"]) / INDEX_FILE


def test_a_truncated_index_is_set_aside_and_rebuilt_with_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _built(folder, capsys)
    expected = _run(capsys, "search", "医保", str(folder))[1]
    os.truncate(path, path.stat().st_size // 2)
    status, out, err = _run(capsys, "search", "医保", str(folder))
    assert status == 0 and out == expected
    damaged = [line for line in err.splitlines() if "damaged" in line]
    assert len(damaged) == 1 and "kept as index.sqlite3.damaged" in damaged[0]
    assert path.with_name(INDEX_FILE + ".damaged").exists()
    status, _out, err = _run(capsys, "index", str(folder))
    assert status == 0 and "16 unchanged" in err and "damaged" not in err


def test_an_index_with_garbage_in_its_pages_is_noticed_when_a_query_fails(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _built(folder, capsys)
    expected = _run(capsys, "search", "医保", str(folder))[1]
    size = path.stat().st_size
    with path.open("r+b") as handle:  # every page after the first few: the tables, not the header
        handle.seek(8 * 4096)
        handle.write(random.Random(13).randbytes(size - 8 * 4096))
    status, out, err = _run(capsys, "search", "医保", str(folder))
    assert status == 0 and out == expected
    assert sum("damaged" in line for line in err.splitlines()) == 1


def test_the_apps_search_on_a_damaged_index_says_so_and_sets_it_aside(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _built(folder, capsys)
    library = IndexLibrary(Index(path.parent), [folder])
    with path.open("r+b") as handle:
        handle.seek(8 * 4096)
        handle.write(b"\xff" * (path.stat().st_size - 8 * 4096))
    with pytest.raises(LibraryError, match="damaged"):
        library.search("医保")
    assert path.with_name(INDEX_FILE + ".damaged").exists()
    assert Index(path.parent).refresh([folder]).added == 16


# --- 7. escapes in notes and imports ----------------------------------------------------------------


def test_escape_bytes_in_notes_never_reach_the_terminal(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article_id = load_corpus([folder]).articles[0].id
    assert _run(capsys, "note", article_id, ESCAPES, "--corpus", str(folder))[0] == 0
    exported = json.loads(_run(capsys, "export", "--format", "json")[1])
    teammate = tmp_path / "teammate.json"
    (article,) = exported["articles"]
    note = article["notes"][0]
    article["notes"] = [{**note, "id": "n-0000teammate", "text": "teammate " + ESCAPES}]
    teammate.write_text(json.dumps(exported), encoding="utf-8")
    assert _run(capsys, "import", str(teammate))[0] == 0
    for kind in ("md", "csv"):
        status, out, _err = _run(capsys, "export", "--format", kind, "--corpus", str(folder))
        assert status == 0 and "teammate" in out and "pwned" in out
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out.replace("\r\n", "\n")), kind
    status, out, _err = _run(capsys, "export", "--format", "json")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
    texts = {n["text"] for a in json.loads(out)["articles"] for n in a["notes"]}
    assert texts == {ESCAPES, "teammate " + ESCAPES}  # the interchange format loses nothing


def test_escapes_in_page_text_and_file_names_never_reach_the_terminal(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "evil\x1b]0;x\x07.txt").write_text(
        "\x1b[2J" + OTHER.replace("青田", "\x1b]0;t\x07青田"), encoding="utf-8"
    )
    (folder / "bad\x1b[31m.txt").write_bytes(b"")
    for argv in (["list", "--no-tags", "--leftovers"], ["index"], ["search", "青田"]):
        _status, out, err = _run(capsys, *argv, str(folder))
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out + err), argv
    assert "bad\\x1b[31m.txt: skipped, the file is empty" in err


# --- 8. export -o onto a link -----------------------------------------------------------------------


def test_export_replaces_a_link_at_the_path_and_leaves_its_target_alone(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = load_corpus([folder]).articles[0].id
    _run(capsys, "bookmark", article_id, "--corpus", str(folder))
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out.md"
    out.symlink_to(target)
    assert _run(capsys, "export", "-o", str(out), "--corpus", str(folder))[0] == 0
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not out.is_symlink() and out.read_text(encoding="utf-8").startswith("# 编辑报告")
    # A crash before the rename leaves the old report whole and no temp file behind.
    before = out.read_bytes()

    def crash(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    status, _out, err = _run(capsys, "export", "--format", "csv", "-o", str(out))
    assert status == 1 and "No space left on device" in err
    assert (
        out.read_bytes() == before
        and sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    )


# --- 9. an argument that is not UTF-8 -------------------------------------------------------------


def test_a_note_argument_with_an_invalid_byte_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article_id = load_corpus([folder]).articles[0].id
    db = Path(os.environ["READER_DB"])
    status, _out, err = _run(capsys, "note", article_id, "bad \udcff byte", "--corpus", str(folder))
    assert status == 2 and "'bad \\xff byte' is not valid UTF-8 text; nothing was changed" in err
    assert "Traceback" not in err and not db.exists()
    status, _out, err = _run(capsys, "search", "\udcff", str(folder))
    assert status == 2 and "not valid UTF-8" in err


def test_a_real_process_refuses_the_byte_too(folder: Path) -> None:
    article_id = load_corpus([folder]).articles[0].id
    result = subprocess.run(
        [
            os.fsencode(sys.executable),
            b"-m",
            b"reader",
            b"note",
            article_id.encode(),
            b"bad \xff",
            b"--corpus",
            os.fsencode(folder),
        ],
        capture_output=True,
        check=False,
    )
    assert (
        result.returncode == 2 and b"not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr
    )


# --- the smaller points ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(folder: Path, encoding: str) -> None:
    (folder / "wide.txt").write_bytes(OTHER.encode(encoding))
    corpus = load_corpus([folder])
    assert corpus.notices == [] and {a.title for a in corpus.articles} >= {"青田创新盘活碳资产路径"}


def test_one_nul_does_not_make_a_page_binary(folder: Path) -> None:
    (folder / "nul.txt").write_bytes(OTHER.replace("近日", "近\x00日").encode("utf-8"))
    corpus = load_corpus([folder])
    assert corpus.notices == [] and len(corpus.pages) == 2


def test_heading_marks_in_a_plain_text_page_stay_text(folder: Path) -> None:
    (folder / "marks.txt").write_text(
        "孝义警方查处案\n\n## 小标题\n\n" + BRIEF.split("\n\n")[1], encoding="utf-8"
    )
    (page,) = [p for p in load_corpus([folder]).pages if p.source == "marks.txt"]
    assert "##" in "".join([a.title + a.subtitle for a in page.articles] + page.leftovers)
    assert _page_chars(page)["#"] == 2


def test_linked_folders_folders_named_like_pages_and_loops_each_get_a_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "x.txt").mkdir()
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "deeper").mkdir()
    (folder / "deeper" / "up").symlink_to("..", target_is_directory=True)
    status, _out, err = _run(capsys, "list", "--no-tags", str(folder))
    assert status == SKIPPED
    lines = sorted(err.splitlines())
    assert lines == sorted(
        [
            f"{folder}/loop.txt: skipped, a link loop (the link leads back to itself)",
            f"{folder}/deeper/up: skipped, a link loop (it leads back to a folder above it)",
            f"{folder}/x.txt: skipped, a folder named like a page file, with no pages in it",
        ]
    )


@pytest.mark.parametrize("content", [b"", b"\n \n", "\u3000\n\u3000 \n".encode(), "\u200b\n\ufeff".encode()])
def test_an_empty_and_a_blank_page_are_the_same_to_every_verb(
    folder: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    (folder / "blank.txt").write_bytes(content)
    for verb in _every_verb(folder):
        status, _out, err = _run(capsys, *verb)
        assert status == SKIPPED and "blank.txt: skipped, the file is empty" in err, verb


def test_config_check_says_what_list_and_the_app_will_reject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.config import keymap_problems

    config = tmp_path / "config.toml"
    config.write_text(
        '[keymap]\nbookmark = "q"\nnote = "ctrl+n"\n[topics.healthcare]\nstrong = "x"\n', encoding="utf-8"
    )
    status, _out, err = _run(capsys, "config", "--config", str(config))
    assert status == 1
    assert "keymap.bookmark = 'q': 'q' is already quit's key" in err
    assert "topics.healthcare.strong" in err and "note" not in err
    assert keymap_problems({"bookmark": "q", "note": "ctrl+n"})[0] == {"note": "ctrl+n"}


def test_the_cache_folder_and_its_files_are_private(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "fresh-cache"
    Index(cache).refresh([folder])
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    for path in cache.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    # An index made by an older version, world-readable, is made private when next opened.
    for path in [cache, *cache.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    Index(cache)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / INDEX_FILE).stat().st_mode) == 0o600


def test_a_refresh_waits_for_another_writer_instead_of_failing(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Index(cache)
    said: list[str] = []
    with open(cache / LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process, building
        index = Index(cache, on_wait=said.append)
        thread = threading.Thread(target=index.refresh, args=([folder],), daemon=True)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive() and said and "waiting for another reader" in said[0]
        fcntl.flock(lock, fcntl.LOCK_UN)
    thread.join(20)
    assert not thread.is_alive()
    assert [s.source for s in index.library([folder]).summaries()] == ["good.txt"]


def test_four_processes_starting_together_all_succeed_and_build_once(folder: Path, tmp_path: Path) -> None:
    for seed in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")):
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "shared")}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "reader", "index", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(4)
    ]
    results = [(run.wait(60), run.stderr.read() if run.stderr else "") for run in runs]
    assert [status for status, _ in results] == [0, 0, 0, 0], [err[-600:] for _, err in results]
    assert not any("locked" in err or "Traceback" in err for _, err in results)
    assert sum("6 files added" in err for _, err in results) == 1, results


# --- nothing lost, checked harder: 10,000 generated pages ----------------------------------------

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你能而子那得"
PIECES = [
    "本报讯（记者 王涛 通讯员 张国昌）",
    "□ 记者 李明",
    "▢ 全媒体记者 林晓燕",
    "## 小标题",
    "# 大标题",
    "### 三级 ###",
    "**重点**",
    "**",
    "__init__",
    "_强调_",
    "*星号*",
    "#",
    "\x00",
    "\x1b[31m",
    "\x07",
    "\u200b",
    "\u3000",
    "\t",
    "\r",
    "\r\n",
    "（完）",
    "——",
    "…",
    "2024年3月1日",
    "第3版",
    "A1",
    "图为 张三 摄",
]
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"]


def _generated_page(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(1, 8)):
        roll = rng.random()
        if roll < 0.35:
            parts.append(rng.choice(SEED_BLOCKS)[: rng.randint(5, 200)])
        elif roll < 0.7:
            parts.append(
                "".join(
                    rng.choice(PIECES) if rng.random() < 0.15 else rng.choice(HAN)
                    for _ in range(rng.randint(1, 60))
                )
                + rng.choice(["", "。", "！", "，"])
            )
        else:
            parts.append(rng.choice(PIECES) + "".join(rng.choice(HAN) for _ in range(rng.randint(0, 20))))
        parts.append("\n" * rng.randint(0, 3))
    return "".join(parts)


def _expected_chars(text: str) -> Counter[str]:
    """Every non-space character of the text the splitter gets; on a Markdown page (a `# `
    heading), heading marks and `**`/`__` are markup, not text."""
    if "\n# " in f"\n{text}":
        lines = [(m.group(2) if (m := MD_HEADING.match(line.strip())) else line) for line in text.split("\n")]
        text = re.sub(r"\*\*|__", "", "\n".join(lines))
    return _chars(strip_controls(text))


def test_ten_thousand_generated_pages_lose_no_character_and_raise_nothing() -> None:
    rng = random.Random(13)
    lost: list[str] = []
    for number in range(10_000):
        raw = _generated_page(rng)
        if number % 10 == 0:  # a tenth go through the bytes: BOMs, UTF-16 without one, GB18030
            encoding = ENCODINGS[number // 10 % len(ENCODINGS)]
            decoded, notice = decode(raw.encode(encoding), "page.txt")
            if decoded is None:
                assert notice is not None and "empty" in notice.reason and not strip_controls(raw).strip()
                continue
            assert plain_text(decoded, "page.txt") == plain_text(raw, "page.txt"), (encoding, raw)
        text = plain_text(raw, "page.txt")
        page, _ = parse_page(text, "page.txt")
        if _page_chars(page) != _expected_chars(text):
            lost.append(raw)
    assert lost == [], f"{len(lost)} pages lost characters, e.g. {lost[0]!r}"


def test_the_walk_of_a_folder_full_of_oddities_raises_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BRIEF, encoding="utf-8")
    os.mkfifo(tmp_path / "f.md")
    (tmp_path / "d.txt").symlink_to("/dev/null")
    (tmp_path / "gone.md").symlink_to(tmp_path / "none")
    (tmp_path / "self").symlink_to("self")
    deep = tmp_path
    for level in range(80):
        deep = deep / f"l{level}"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(BRIEF, encoding="utf-8")
    files, notices = find_pages([tmp_path])
    assert [f.source for f in files] == ["a.txt"]
    assert len(notices) == 5 and any("nested more than" in str(n) for n in notices)


def test_file_lists_are_cleaned_as_each_name_would_be() -> None:
    """`reader search -l` cleans a hundred thousand names in one pass when none needs it: the
    output must be exactly what cleaning each name would give, whatever the names hold."""
    from reader.text import clean_inline, clean_lines

    alphabet = [
        "a",
        "中",
        "/",
        ":",
        " ",
        "  ",
        "\t",
        "\n",
        "\x00",
        "\x1b[31m",
        "\u3000",
        "\u200b",
        "\x85",
        "\xa0",
    ]
    rng = random.Random(7)
    for _ in range(5000):
        names = ["".join(rng.choices(alphabet, k=rng.randint(0, 6))) for _ in range(rng.randint(0, 4))]
        counts = [f":{n}" for n in range(len(names))]
        assert clean_lines(names) == "".join(clean_inline(name) + "\n" for name in names)
        assert clean_lines(names, counts) == "".join(
            clean_inline(name) + count + "\n" for name, count in zip(names, counts, strict=True)
        )
    assert clean_lines(["pages/第2版.txt", "a b.txt"]) == "pages/第2版.txt\na b.txt\n"
