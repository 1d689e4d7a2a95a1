"""Files in, articles out: encodings, bad files, front matter, and nothing lost on the way."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.corpus import load_corpus, parse_page
from reader.model import Page
from reader.text import strip_controls

from .conftest import SEEDS

PAGE = (SEEDS / "003_9a76d2b7dc81d70f.txt").read_text(encoding="utf-8")
BRIEF = "孝义警方查处一涉疫情网络诈骗案\n\n本报讯（记者 王涛 通讯员 张国昌）2月17日，孝义市公安局成功查处一起微信假借售卖口罩诈骗案件。\n"


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


def _page_chars(page: Page) -> Counter[str]:
    found: Counter[str] = Counter()
    for article in page.articles:
        for part in (article.title, article.subtitle, article.byline, *article.body, *article.captions):
            found.update(_chars(part))
    for text in page.leftovers:
        found.update(_chars(text))
    return found


def _source_chars(text: str, markdown: bool) -> Counter[str]:
    text = strip_controls(text)
    if markdown:
        text = re.sub(r"(?m)^\s*#{1,6}\s", "", text).replace("**", "")
    return _chars(text)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_character_of_a_seed_page_lands_in_exactly_one_place(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    page, _ = parse_page(text, seed.name)
    assert _page_chars(page) == _source_chars(text, markdown="\n# " in text)


SEED_BLOCKS = [
    block.strip()
    for seed in sorted(SEEDS.glob("*.txt"))
    for block in re.split(r"\n\s*\n", seed.read_text(encoding="utf-8"))
    if block.strip() and not block.lstrip().startswith("#") and "**" not in block
]
NOISE = st.sampled_from(["", " ", "\u3000", "\x1b[2J", "\x07", "\u200b", "\t", "□ ", "(左)", "  "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    blocks=st.lists(st.sampled_from(SEED_BLOCKS), min_size=1, max_size=25),
    gaps=st.lists(st.integers(min_value=0, max_value=4), min_size=25, max_size=25),
    noise=st.lists(NOISE, min_size=25, max_size=25),
)
def test_nothing_is_lost_on_shuffled_pages(blocks: list[str], gaps: list[int], noise: list[str]) -> None:
    """Pages recombined from real blocks, with junk spacing and controls, lose no character."""
    text = "".join(f"{noise[i]}{block}{chr(10) * (gaps[i] + 1)}" for i, block in enumerate(blocks))
    page, _ = parse_page(text, "shuffled.txt")
    assert _page_chars(page) == _source_chars(text, markdown=False)
    assert all(article.body or article.captions for article in page.articles)


def test_ids_are_stable_across_runs_and_edits_to_other_articles() -> None:
    first, _ = parse_page(PAGE, "003.txt")
    again, _ = parse_page(PAGE, "003.txt")
    assert [a.id for a in first.articles] == [a.id for a in again.articles]
    assert len({a.id for a in first.articles}) == len(first.articles)
    edited_text = PAGE.replace(
        "目前，该嫌疑人已被孝义市公安局处以行政拘留。", "目前，该嫌疑人已被处以行政拘留五日。"
    )
    edited, _ = parse_page(edited_text, "003.txt")
    changed = [a.title for a, b in zip(first.articles, edited.articles, strict=True) if a.id != b.id]
    assert changed == []  # the edit is not in any article's title or lead


def test_gbk_big5_and_bom_files_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "gbk.txt").write_bytes(BRIEF.encode("gb18030"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + BRIEF.encode("utf-8"))
    traditional = "孝義警方查處一涉疫情網絡詐騙案\n\n本報訊（記者 王濤）2月17日，孝義市公安局成功查處一起微信假借售賣口罩詐騙案件，依法行政拘留一人。\n"
    (tmp_path / "big5.txt").write_bytes(traditional.encode("big5"))
    corpus = load_corpus([tmp_path])
    assert corpus.notices == []
    titles = {a.source: a.title for a in corpus.articles}
    assert titles == {
        "big5.txt": "孝義警方查處一涉疫情網絡詐騙案",
        "bom.txt": "孝义警方查处一涉疫情网络诈骗案",
        "gbk.txt": "孝义警方查处一涉疫情网络诈骗案",
    }


def test_bad_files_get_one_clear_line_each_and_the_rest_loads(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BRIEF, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("\n \n\t\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "garbled.txt").write_bytes(bytes([0x80, 0x81, 0xFE, 0xFF, 0xC0, 0xC1]) * 300)
    corpus = load_corpus([tmp_path, tmp_path / "missing-folder"])
    assert [a.source for a in corpus.articles] == ["good.txt"]
    lines = sorted(str(n) for n in corpus.notices)
    assert len(lines) == 6
    joined = "\n".join(lines)
    for name, reason in [
        ("empty.txt", "empty"),
        ("blank.md", "empty"),
        ("binary.txt", "binary"),
        ("photo.jpg", "only .txt and .md"),
        ("garbled.txt", "encoding"),
        ("missing-folder", "no such file"),
    ]:
        assert re.search(rf"{re.escape(name)}: .*{reason}", joined), (name, joined)
    assert all("\n" not in line for line in lines)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_a_notice(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(BRIEF, encoding="utf-8")
    locked.chmod(0)
    corpus = load_corpus([tmp_path])
    assert corpus.articles == []
    assert "cannot be read" in str(corpus.notices[0])


def test_unreadable_path_reported_not_raised(tmp_path: Path) -> None:
    corpus = load_corpus([tmp_path / "nope" / "page.txt"])
    assert corpus.articles == [] and "no such file" in str(corpus.notices[0])


def test_a_50_mb_single_line_file_is_refused_with_a_message(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.write(("医保基金是老百姓的救命钱" * 1_450_000).encode("utf-8"))
    (tmp_path / "good.txt").write_text(BRIEF, encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert [a.source for a in corpus.articles] == ["good.txt"]
    assert re.search(r"huge\.txt: skipped, 52\.\d MB is too large", str(corpus.notices[0]))


def test_folders_are_walked_recursively_in_a_stable_order(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/z.md", "a/10.txt", "c.txt", ".hidden/x.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BRIEF, encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert [p.source for p in corpus.pages] == ["c.txt", "a/10.txt", "a/z.md", "b/2.txt"]


CRAWLED = """---
title: 杭州拱墅区推进无障碍环境建设
date: 2024-03-02
section_name: 社会
author: [张三, 李四]
url: https://example.invalid/a/1
---

# 杭州拱墅区推进无障碍环境建设

近日，拱墅区残联联合区检察院开展无障碍设施专项检查。

## 建设重点

一是完善公共场所无障碍设施。

![志愿者为残疾人推轮椅 张三 摄](img/1.jpg)

# 二是推进信息无障碍

二是推进信息无障碍，开通手语服务热线。
"""


def test_front_matter_file_is_one_article_with_its_fields(tmp_path: Path) -> None:
    (tmp_path / "crawl.md").write_text(CRAWLED, encoding="utf-8")
    (article,) = load_corpus([tmp_path]).articles
    assert (article.title, article.date, article.section, article.byline) == (
        "杭州拱墅区推进无障碍环境建设",
        "2024-03-02",
        "社会",
        "张三 李四",
    )
    assert article.body[0] == "近日，拱墅区残联联合区检察院开展无障碍设施专项检查。"
    assert [article.body[i] for i in article.subheads] == ["建设重点", "二是推进信息无障碍"]
    assert article.captions == ["志愿者为残疾人推轮椅 张三 摄"]


CRAWLED_WITH_FURNITURE = """---
title: 山区小县念好“山字经”
date: 2025-03-02
author: 张明
---

> 《东南日报》（2025年03月02日第 05 版）

> [!note] 本文为“春天里的新气象”系列报道之三

春天里的新气象

本报杭州3月1日电（记者 张明）连日来，浙西山区的茶园里人来人往，采茶工人趁着晴好天气抢摘头茬春茶。

当地把茶叶、竹笋和民宿连成一条线，去年带动农户增收两千多万元。

### 一片叶子富一方

“今年的行情比去年还好。”茶农李大姐笑着说。（记者 张明 王芳）

---
"""


def test_crawler_furniture_dateline_and_signoff_are_not_body() -> None:
    page, _ = parse_page(CRAWLED_WITH_FURNITURE, "crawl.md")
    (article,) = page.articles
    assert article.body[0].startswith("连日来，浙西山区的茶园里")
    assert article.body[-1] == "“今年的行情比去年还好。”茶农李大姐笑着说。"
    assert article.subtitle == "春天里的新气象"
    assert article.byline == "张明 本报杭州3月1日电（记者 张明） （记者 张明 王芳）"
    assert page.leftovers == [
        "《东南日报》（2025年03月02日第05版）",
        "[!note] 本文为“春天里的新气象”系列报道之三",
        "---",
    ]


CRAWLED_WITH_HEADINGS_AND_LINKS = """---
title: "乡村振兴一线见闻：茶山变金山"
author: 本报记者 赵六
---

## 茶山变金山

——福建安溪茶农的致富路

> 来源：人民网-人民日报

新华社福州4月7日电 清明前后，福建安溪的茶山一片繁忙。

“今年的春茶价格比去年高两成。”茶农陈大姐说。

（本报记者 王五参与采写）

本报记者 赵六 摄

（完）

责任编辑：孙七

相关新闻：

- [去年全省新增就业60万人](http://example.com/1)
"""


def test_crawler_headings_decks_closers_and_related_links_are_not_body() -> None:
    """A heading repeating part of the title, a deck above the story, the source line, what
    closes the story (sign-off, credit, end mark, editor) and the crawler's related links."""
    page, _ = parse_page(CRAWLED_WITH_HEADINGS_AND_LINKS, "crawl.md")
    (article,) = page.articles
    assert article.subtitle == "——福建安溪茶农的致富路"
    assert article.body == [
        "清明前后，福建安溪的茶山一片繁忙。",
        "“今年的春茶价格比去年高两成。”茶农陈大姐说。",
    ]
    assert article.byline == "本报记者 赵六 新华社福州4月7日电 （本报记者 王五参与采写） 本报记者 赵六 摄"
    assert page.leftovers == [
        "来源：人民网-人民日报",
        "相关新闻：",
        "- [去年全省新增就业60万人](http://example.com/1)",
        "（完）",
        "责任编辑：孙七",
    ]


def test_broken_front_matter_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\n\n" + BRIEF, encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert "front matter is not valid YAML" in str(corpus.notices[0])
    assert corpus.articles[0].title == "孝义警方查处一涉疫情网络诈骗案"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        check=False,
    )


def test_list_jsonl_prints_only_json_with_every_field(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BRIEF, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = _cli("list", "--jsonl", str(tmp_path))
    assert result.returncode == 3  # the empty file was skipped, and said so
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    for field in (
        "id",
        "source",
        "page_order",
        "title",
        "subtitle",
        "byline",
        "kind",
        "body",
        "captions",
        "date",
        "section",
    ):
        assert field in record
    assert record["source"] == "good.txt" and isinstance(record["body"], str)
    assert "empty.txt: skipped, the file is empty" in result.stderr


def test_list_defaults_to_the_seeds_and_prints_leftovers() -> None:
    result = _cli("list", "--jsonl", "--leftovers")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    articles = [r for r in records if "record" not in r]
    leftovers = [r for r in records if r.get("record") == "leftovers"]
    assert len(articles) == 26
    assert {r["source"] for r in articles} == {p.name for p in SEEDS.glob("*.txt")}
    assert ["传真" in r["leftovers"] for r in leftovers].count(True) == 1


def test_permission_denied_is_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "locked.txt"
    page.write_text(BRIEF, encoding="utf-8")

    real_open = os.open

    def refuse(path: str | os.PathLike[str], *args: int) -> int:
        if os.fspath(path) == str(page):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args)

    monkeypatch.setattr(os, "open", refuse)
    corpus = load_corpus([tmp_path])
    assert corpus.articles == []
    assert str(corpus.notices[0]) == f"{page}: cannot be read (Permission denied)"


def test_list_applies_the_configs_topic_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[topics.transport]\nlabel = "交通"\nstrong = ["机场", "航站楼"]\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    records = [json.loads(line) for line in _cli("list", "--jsonl").stdout.splitlines()]
    airport = next(r for r in records if "机场" in r["title"])
    assert "transport" in airport["topics"]
    assert any(term.startswith(("title:机场", "机场")) for term in airport["topic_evidence"]["transport"])
