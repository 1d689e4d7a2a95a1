"""Printed order (`reader.printed`): paper, date, 版; the grouping by page; the reading header."""

from __future__ import annotations

from reader.app.grouping import ArticleRow, GroupLabels, GroupRow
from reader.app.rowlist import build_rows
from reader.library import Summary
from reader.model import Region
from reader.printed import (
    PageOrder,
    chinese_number,
    header_line,
    page_number,
    paper_of,
    printed_order,
)


def story(article_id: str, source: str, order: int, page: str | None, date: str | None) -> Summary:
    return Summary(
        article_id, f"标题{article_id}", "正文", source, order, "article", date, Region(), None, (), page
    )


# Files named so that their name order is not the printed order.
STORIES = [
    story("b2", "德清新闻/2024-05-08/b.txt", 2, "第1版 头版", "2024-05-08"),
    story("b1", "德清新闻/2024-05-08/b.txt", 1, "第1版 头版", "2024-05-08"),
    story("a1", "德清新闻/2024-05-08/a.txt", 1, "第10版 要闻", "2024-05-08"),
    story("c1", "德清新闻/2024-05-08/c.txt", 1, "第2版 综合", "2024-05-08"),
    story("d1", "德清新闻/2024-05-09/a.txt", 1, "第1版 头版", "2024-05-09"),
    story("e1", "义乌商报/2024-05-08/x.txt", 1, "第A05版 金融", "2024-05-08"),
    story("e2", "义乌商报/2024-05-08/y.txt", 1, "第A04版", "2024-05-08"),
    story("e3", "义乌商报/2024-05-08/z.txt", 1, "第B01版", "2024-05-08"),
    story("s1", "000_8b59.txt", 1, None, None),
]


def test_page_numbers_as_printed() -> None:
    assert page_number("第2版 要闻") == ("", 2)
    assert page_number("第A05版 金融") == ("A", 5)
    assert page_number("第a5版") == ("A", 5)
    assert page_number("第十二版") == ("", 12)
    assert page_number("要闻") is None and page_number(None) is None
    assert [chinese_number(n) for n in ("一", "九", "十", "十一", "二十", "二十三", "12")] == [
        1,
        9,
        10,
        11,
        20,
        23,
        12,
    ]


def test_the_paper_is_the_first_folder_that_is_no_date() -> None:
    assert paper_of("德清新闻/2024-05-08/02.txt") == "德清新闻"
    assert paper_of("2024-05/08/人民日报/01.txt") == "人民日报"
    assert paper_of("000_8b59.txt") == ""


def test_printed_order_is_paper_date_then_page_number() -> None:
    ids = [s.id for s in printed_order(STORIES)]
    assert ids == ["b1", "b2", "c1", "a1", "d1", "e2", "e1", "e3", "s1"]


def test_neighbour_pages_land_on_the_first_story_and_skip_hidden_pages() -> None:
    order = PageOrder(STORIES)
    assert [page[0].id for page in order.pages] == ["b1", "c1", "a1", "d1", "e2", "e1", "e3", "s1"]
    step = order.neighbour
    assert step("德清新闻/2024-05-08/b.txt", 1) is not None
    assert step("德清新闻/2024-05-08/b.txt", 1).id == "c1"  # type: ignore[union-attr]
    assert step("德清新闻/2024-05-08/c.txt", -1).id == "b1"  # type: ignore[union-attr]
    assert step("德清新闻/2024-05-08/b.txt", -1) is None  # the first page
    assert step("000_8b59.txt", 1) is None  # the last
    # With a search showing only b2 and e1: from b's page straight to e1's.
    assert step("德清新闻/2024-05-08/b.txt", 1, {"b2", "e1"}).id == "e1"  # type: ignore[union-attr]
    assert step("义乌商报/2024-05-08/x.txt", -1, {"b2", "e1"}).id == "b2"  # type: ignore[union-attr]
    assert order.page("德清新闻/2024-05-08/b.txt")[0].id == "b1"
    assert order.summary("e3") is STORIES[7]


def test_grouping_by_page_nests_paper_date_page_in_printed_order() -> None:
    rows = build_rows(STORIES, "page", labels=GroupLabels(unnamed_paper="未注明报纸", undated="日期不详"))
    shown = [
        ("  " * r.depth + f"{r.label} {r.count}") if isinstance(r, GroupRow) else f"- {r.id}"
        for r in rows
        if isinstance(r, GroupRow | ArticleRow)
    ]
    assert shown == [
        "德清新闻 5",
        "  2024-05-08 4",
        "    第1版 头版 2",
        "- b1",
        "- b2",
        "    第2版 综合 1",
        "- c1",
        "    第10版 要闻 1",
        "- a1",
        "  2024-05-09 1",
        "    第1版 头版 1",
        "- d1",
        "义乌商报 3",
        "  2024-05-08 3",
        "    第A04版 1",
        "- e2",
        "    第A05版 金融 1",
        "- e1",
        "    第B01版 1",
        "- e3",
        "未注明报纸 1",
        "  日期不详 1",
        "    000_8b59.txt 1",  # a page that prints no 版 is its file
        "- s1",
    ]
    narrowed = build_rows(STORIES, "page", visible={"a1"})
    assert [r.label if isinstance(r, GroupRow) else r.id for r in narrowed] == [
        "德清新闻",
        "2024-05-08",
        "第10版 要闻",
        "a1",
    ]


def test_header_line_says_what_is_known() -> None:
    assert header_line("第2版 要闻", "2025-03-02") == "第2版 要闻 · 2025-03-02"
    assert header_line(None, "2025-03-02") == "2025-03-02"
    assert header_line(None, None) == ""
