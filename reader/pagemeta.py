"""Where a page stands in its paper: 版次 (page number), 版名 (page name) and the page's date.

Pages say it in their furniture (`第2版 要闻`, `A04版：本地·关注`, `当前版:04版`, `版面:07昆明新闻`,
`1986年5月4日某某日报 第2版`), crawler files in a source line (`《X报》（2025年03月02日第 05 版）`),
and archives in the path (`2025-03-02/`, `…/2019-03/07/…`, `…_0307_…`). The first clear answer wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from reader import layout

NUMBER = r"[A-Za-z]{0,2}\s*[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3}"
# 第2版 要闻 · 第A04版：本地·关注 · A04版:本地 · 当前版:04版 · 版面:07昆明新闻 · 版次01
PAGE_LINE = re.compile(
    rf"(?:第\s*(?P<a>{NUMBER})\s*版|当前版\s*[:：]?\s*(?P<b>{NUMBER})\s*版?|版面\s*[:：]\s*(?P<c>{NUMBER})|"
    rf"^(?P<d>{NUMBER})\s*版|版次\s*[:：]?\s*(?P<e>{NUMBER}))"
    r"\s*[:：]?\s*[\[【(（]?(?P<name>[\u4e00-\u9fff·]{2,10})?"
)
DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})")
PATH_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_/.]?(\d{2})[-_/.]?(\d{2})(?!\d)")
NOT_NAMES = frozenset(
    {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日", "星期天", "责任编辑"}
)


@dataclass(frozen=True)
class PageInfo:
    """What a page says of itself; None where it does not say."""

    page_no: str | None = None
    page_name: str | None = None
    date: str | None = None


def _iso(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _number(raw: str) -> str:
    return raw.replace(" ", "").translate(str.maketrans("０１２３４５６７８９", "0123456789")).upper()


def from_lines(lines: Iterable[str]) -> PageInfo:
    """The page number, page name and date that furniture lines print; a page header's date
    (`layout.page_date`: 2021年2月22日 星期一) before any other date a short line names."""
    lines = list(lines)
    page_no = page_name = None
    date = next((d for d in map(layout.page_date, lines) if d), None)
    for line in lines:
        compact = line.strip()
        if len(compact) > 80:
            continue
        match = PAGE_LINE.search(compact)
        if match and page_no is None:
            number = next(g for g in match.group("a", "b", "c", "d", "e") if g)
            page_no = _number(number)
            name = match.group("name")
            if name and name not in NOT_NAMES and not name.endswith(("日报", "晚报", "报")):
                page_name = name
        if date is None:
            found = DATE.search(compact)
            if found:
                date = _iso(*found.groups())
    return PageInfo(page_no, page_name, date)


def from_path(source: str) -> PageInfo:
    """The date an archive's folders or file name give the page."""
    path = PurePath(source).as_posix()
    for match in PATH_DATE.finditer(path):
        date = _iso(*match.groups())
        if date:
            return PageInfo(date=date)
    return PageInfo()
