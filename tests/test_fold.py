"""Search folding on real sentences, both ways: 简/繁, full/half width, place aliases, and `=`."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.fold import find_spans, fold, needle
from reader.index import Index, IndexLibrary
from reader.library import MemoryLibrary
from reader.model import Article

SENTENCES = {
    "simplified": "本报讯 2020年，全市医保基金支出增长，上海市民异地就医可直接结算。",
    "traditional": "本報訊 ２０２０年，全市醫保基金支出增長，滬上市民異地就醫可直接結算。",
    "abbreviated": "沪浙两地医保互认，义乌市民在杭州看病更方便。",
    "short name": "义乌小商品城客流回升，ＡＢＣ公司入驻。",
}


def articles() -> list[Article]:
    return [
        Article(id=name, source=f"{name}.txt", page_order=1, title=name, body=[text])
        for name, text in SENTENCES.items()
    ]


CASES = [
    ("医保", {"simplified", "traditional", "abbreviated"}),
    ("醫保", {"simplified", "traditional", "abbreviated"}),
    ("=醫保", {"traditional"}),
    ("=医保", {"simplified", "abbreviated"}),
    ("2020", {"simplified", "traditional"}),
    ("２０２０", {"simplified", "traditional"}),
    ("沪", {"simplified", "traditional", "abbreviated"}),
    ("上海", {"simplified", "traditional", "abbreviated"}),
    ("上海市", {"simplified", "traditional", "abbreviated"}),
    ("滬", {"simplified", "traditional", "abbreviated"}),
    ("义乌市", {"abbreviated", "short name"}),
    ("义乌", {"abbreviated", "short name"}),
    ("abc", {"short name"}),
    ("ＡＢＣ", {"short name"}),
    ("医保基金支出", {"simplified", "traditional"}),
    ("=", set()),
]


def test_folding_keeps_every_offset() -> None:
    for text in SENTENCES.values():
        assert len(fold(text)) == len(text)
    assert fold("醫保２０２０ＡＢＣ") == "医保2020abc"


def test_aliases_expand_the_query_not_the_text() -> None:
    assert needle("沪").terms == ("沪", "上海")
    assert "沪" in needle("上海").terms
    assert needle("义乌市").terms == ("义乌市", "义乌")
    assert needle("=醫保").exact == "醫保"


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_memory_library_folds(query: str, expected: set[str]) -> None:
    assert MemoryLibrary(articles()).search(query) == expected


def write_pages(folder: Path) -> Path:
    folder.mkdir()
    for name, text in SENTENCES.items():
        page = f"{name}标题\n\n□ 本报记者 王伟\n\n本报讯 {text}{text}\n"
        (folder / f"{name.replace(' ', '_')}.txt").write_text(page, encoding="utf-8")
    return folder


def test_the_index_folds_as_the_memory_library_does(tmp_path: Path) -> None:
    pages = write_pages(tmp_path / "pages")
    index = Index(tmp_path / "cache")
    index.refresh([pages])
    library = IndexLibrary(index, [pages])
    stored = list(index.articles())
    assert len(stored) == len(SENTENCES)
    memory = MemoryLibrary(stored)
    for query, _expected in CASES:
        assert library.search(query) == memory.search(query), query
    by_title = {a.title: a.id for a in stored}
    assert library.search("=醫保") == {by_title["traditional标题"]}
    assert len(library.search("醫保")) == 3
    index.close()


def test_highlights_show_the_printed_form() -> None:
    text = SENTENCES["traditional"]
    assert [text[a:b] for a, b in find_spans(text, "医保")] == ["醫保"]
    assert [text[a:b] for a, b in find_spans(text, "2020")] == ["２０２０"]
    both = SENTENCES["abbreviated"]
    assert [both[a:b] for a, b in find_spans(both, "上海")] == ["沪"]
    assert find_spans(SENTENCES["simplified"], "=醫保") == []


def test_search_l_and_count_name_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = write_pages(tmp_path / "pages")
    cache = str(tmp_path / "cache")
    assert main(["search", "-l", "醫保", str(pages), "--cache-dir", cache]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [Path(p).name for p in listed] == ["abbreviated.txt", "simplified.txt", "traditional.txt"]
    assert main(["search", "--count", "=醫保", str(pages), "--cache-dir", cache]) == 0
    assert [Path(line).name for line in capsys.readouterr().out.splitlines()] == ["traditional.txt:1"]
    assert main(["search", "-l", "不存在的词", str(pages), "--cache-dir", cache]) == 1
    assert capsys.readouterr().out == ""


def test_the_fold_table_is_opencc_character_by_character() -> None:
    """The shipped table (`scripts/build_fold_table.py`) against OpenCC itself: an OpenCC that
    folds otherwise would make the index disagree with the text, so it must be noticed here."""
    import opencc

    from reader.fold import simplified_chars

    converter = opencc.OpenCC("t2s")
    table = simplified_chars()
    for low, high in ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF)):
        for code in range(low, high + 1):
            char = chr(code)
            simple = converter.convert(char)
            assert table.get(char, char) == (simple if len(simple) == 1 else char), hex(code)
    assert table["醫"] == "医" and table["滬"] == "沪" and "医" not in table
