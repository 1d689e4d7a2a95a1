"""Finding each article's lines in its page again (`reader.pageview`) and reading the page file
back for the page view (`reader.pagefile`), on the seed pages and the team's layout pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reader.corpus import parse_page
from reader.model import Article, Page
from reader.pagefile import PageProblem, locate, read_for_view
from reader.pageview import letters, map_page
from reader.resources import seeds_dir
from reader.sources import plain_text, read_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [
        *seeds_dir().glob("*.txt"),
        *(ROOT / "tests" / "pages").glob("*.txt"),
        *(ROOT / "tests" / "pages").glob("*.md"),
    ]
)


def parsed(path: Path) -> tuple[str, Page]:
    text, notice = read_page(path)
    assert text is not None, notice
    page, _ = parse_page(plain_text(text, path.name), path.name)
    return text, page


def owned(page_map: object, article_id: str | None) -> str:
    """The letters of every span given to `article_id` (None: to no article)."""
    from reader.pageview import PageMap

    assert isinstance(page_map, PageMap)
    return "".join(
        letters(line.text[s.start : s.end])
        for line in page_map.lines
        for s in line.spans
        if s.article == article_id
    )


def article_letters(article: Article) -> str:
    return letters(
        "".join([article.title, article.subtitle, article.byline, *article.body, *article.captions])
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_article_is_found_whole_and_leftovers_stay_unowned(path: Path) -> None:
    text, page = parsed(path)
    page_map = map_page(text, page.articles, page.leftovers)
    for article in page.articles:
        assert page_map.found[article.id] >= 0.98, (article.title, page_map.found[article.id])
        assert not page_map.changed(article.id)
        # Exactly the article's own letters are given to it, wherever the page prints them.
        assert Counter(owned(page_map, article.id)) == Counter(article_letters(article)), article.title
    assert Counter(owned(page_map, None)) == Counter(letters("".join(page.leftovers)))
    # The spans cover each line whole, in order, and the lines are the page's lines.
    assert [line.text for line in page_map.lines] == text.replace("\t", " ").split("\n")
    for line in page_map.lines:
        assert line.spans[0].start == 0 and line.spans[-1].end == len(line.text)
        assert all(a.end == b.start for a, b in zip(line.spans, line.spans[1:], strict=False))


def test_titles_are_targets_in_the_order_the_page_prints_them() -> None:
    text, page = parsed(ROOT / "tests" / "pages" / "county_briefs.txt")
    page_map = map_page(text, page.articles, page.leftovers)
    lines = text.split("\n")
    titled = [a for a in page.articles if a.title]
    targets = page_map.targets()
    assert [article_id for _, article_id in targets] == [a.id for a in page.articles]
    for article in titled:
        anchor = page_map.anchor(article.id)
        assert anchor is not None and lines[anchor].strip() == article.title
    # The page's furniture (date, 版, editor line) is no article's.
    furniture = [n for n, line in enumerate(lines) if "第2版" in line or "责任编辑" in line]
    assert furniture and all(not page_map.lines[n].owners() for n in furniture)


def test_headline_after_its_story_is_still_its_anchor() -> None:
    text, page = parsed(ROOT / "tests" / "pages" / "headline_after_story.txt")
    page_map = map_page(text, page.articles, page.leftovers)
    first = page.articles[0]
    anchor = page_map.anchor(first.id)
    lines = page_map.lines_of(first.id)
    assert anchor is not None and text.split("\n")[anchor] == first.title
    assert lines[0] < anchor  # the story's body comes before its headline on this page


def test_a_hard_wrapped_column_is_found_line_by_line() -> None:
    text, page = parsed(ROOT / "tests" / "pages" / "wrapped_headline_first.txt")
    page_map = map_page(text, page.articles, page.leftovers)
    story = page.articles[0]
    wrapped = [
        n for n, line in enumerate(text.split("\n")) if "68岁的患者刘大爷" in line or "金，现在刷脸" in line
    ]
    assert wrapped and all(page_map.lines[n].owners() == {story.id} for n in wrapped)
    assert all(s.title for n in page_map.lines_of(story.id)[:2] for s in page_map.lines[n].spans if s.article)


def test_a_crawler_file_is_one_article_and_its_front_matter_is_dim(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\ntitle: 义乌市医保局强化基金监管\ndate: 2025-01-13\nsource: 义乌商报\n---\n\n"
        "# 义乌市医保局强化基金监管\n\n今年以来，义乌市医保局追回医保基金268万元。\n\n**一、织密监管网络**\n\n"
        "医保局联合公安、卫健等部门开展飞行检查。\n",
        encoding="utf-8",
    )
    text, page = parsed(path)
    assert len(page.articles) == 1
    page_map = map_page(text, page.articles, page.leftovers)
    article = page.articles[0]
    assert page_map.found[article.id] >= 0.98
    assert all(not line.owners() for line in page_map.lines[:5])  # the front matter
    body = [n for n, line in enumerate(page_map.lines) if "268万元" in line.text]
    assert page_map.lines[body[0]].owners() == {article.id}
    assert page_map.targets()[0][1] == article.id


def test_a_flattened_line_is_cut_at_its_wide_gaps() -> None:
    one = Article("x1", "p.txt", 1, "青田创新盘活碳资产路径", body=["青田县探索出了别样道路，盘活碳资产。"])
    two = Article("x2", "p.txt", 2, "秉持生态文明理念", body=["共建和谐地球家园，守护绿水青山。"])
    text = "青田创新盘活碳资产路径    秉持生态文明理念\n青田县探索出了别样道路，盘活碳资产。\n共建和谐地球家园，守护绿水青山。\n公益广告"
    page_map = map_page(text, [one, two])
    first = page_map.lines[0]
    assert [(first.text[s.start : s.end].strip(), s.article, s.title) for s in first.spans] == [
        ("青田创新盘活碳资产路径", "x1", True),
        ("秉持生态文明理念", "x2", True),
    ]
    assert not page_map.lines[3].owners()  # 公益广告: a banner, no article's
    assert page_map.targets() == [(0, "x1"), (0, "x2")]


def test_control_characters_never_reach_the_lines() -> None:
    article = Article("x1", "p.txt", 1, "标题", body=["正文第一段。"])
    page_map = map_page("标题\x1b[31m\n正文\x07第一段。\r\n", [article])
    assert all("\x1b" not in line.text and "\x07" not in line.text for line in page_map.lines)
    assert page_map.lines[1].owners() == {"x1"}


def test_locating_page_files_under_the_corpus_folders(tmp_path: Path) -> None:
    folder = tmp_path / "papers" / "德清新闻" / "2024-05-08"
    folder.mkdir(parents=True)
    page = folder / "02.txt"
    page.write_text("第2版 要闻\n标题\n", encoding="utf-8")
    roots = [tmp_path / "papers"]
    assert locate("德清新闻/2024-05-08/02.txt", roots) == [page]
    assert locate("02.txt", [page]) == [page]  # a page file given alone
    assert locate("../papers/德清新闻/2024-05-08/02.txt", [tmp_path / "papers" / "德清新闻"]) == []
    assert locate(str(page), roots) == []
    assert locate("德清新闻/2024-05-08/03.txt", roots) == []


def test_reading_back_says_when_the_file_is_gone_changed_or_unreadable(tmp_path: Path) -> None:
    source = ROOT / "tests" / "pages" / "county_briefs.txt"
    text, page = parsed(source)
    path = tmp_path / "county_briefs.txt"
    path.write_text(text, encoding="utf-8")
    first, second = page.articles[0], page.articles[1]

    read = read_for_view(path.name, [tmp_path], page.articles, first.id)
    assert read.problem is None and read.page is not None

    # Edited: the first story's text is gone, the others are still there.
    path.write_text(text.replace("".join(first.body[:1]), "").replace(first.title, ""), encoding="utf-8")
    assert read_for_view(path.name, [tmp_path], page.articles, first.id).problem is PageProblem.CHANGED
    assert read_for_view(path.name, [tmp_path], page.articles, second.id).problem is PageProblem.EDITED

    path.write_bytes(b"\x00\x01\x02" * 100)
    unreadable = read_for_view(path.name, [tmp_path], page.articles, first.id)
    assert unreadable.problem is PageProblem.UNREADABLE and "binary" in unreadable.detail

    path.unlink()
    assert read_for_view(path.name, [tmp_path], page.articles, first.id).problem is PageProblem.MISSING
