"""Articles know their page: 版次, 版名 and date from furniture, front matter or the path."""

from __future__ import annotations

import pytest

from reader import pagemeta
from reader.corpus import parse_page
from reader.library import MemoryLibrary, filter_ids
from reader.query import QueryError, parse_query


@pytest.mark.parametrize(
    ("line", "page_no", "page_name", "date"),
    [
        ("2024年5月8日 星期三 第2版 要闻", "2", "要闻", "2024-05-08"),
        ("A04版：本地·关注", "A04", "本地·关注", None),
        ("当前版:04版", "04", None, None),
        ("版面:07昆明新闻", "07", "昆明新闻", None),
        ("1986年5月4日某某日报 第2版", "2", None, "1986-05-04"),
        ("第A01版:[封面新闻]", "A01", "封面新闻", None),
        ("《东南日报》（2025年03月02日第 05 版）", "05", None, "2025-03-02"),
    ],
)
def test_furniture_says_where_the_page_stands(
    line: str, page_no: str, page_name: str | None, date: str | None
) -> None:
    assert pagemeta.from_lines([line]) == pagemeta.PageInfo(page_no, page_name, date)


def test_the_path_gives_the_date() -> None:
    assert pagemeta.from_path("archive/2019-03/07/content_53421.txt").date == "2019-03-07"
    assert pagemeta.from_path("papers/20250302/a.txt").date == "2025-03-02"
    assert pagemeta.from_path("papers/page-1.txt").date is None


PAGE = (
    "2024年5月8日 星期三 第2版 要闻\n\n"
    "乾元镇开展防汛应急演练\n\n"
    "本报讯 5月7日上午，乾元镇在城北村开展防汛应急演练，模拟河道水位暴涨、群众转移安置等场景。\n"
)


def test_articles_carry_their_page_into_lists_and_filters() -> None:
    page, _ = parse_page(PAGE, "p.txt")
    (article,) = page.articles
    assert (article.page_no, article.page_name, article.date) == ("2", "要闻", "2024-05-08")
    assert article.page == "第2版 要闻"
    assert article.to_json()["page_no"] == "2"
    library = MemoryLibrary(page.articles)
    for query in ("page:要闻", "page:2", "page:02"):
        assert filter_ids(library, parse_query(query)) == [article.id], query
    for query in ("page:12", "page:社会"):
        assert filter_ids(library, parse_query(query)) == [], query
    with pytest.raises(QueryError, match="page:"):
        parse_query("pg:2")
