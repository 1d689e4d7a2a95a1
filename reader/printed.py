"""Where an article stands in print — paper, date, 版 — and the order the pages were printed in.

The list groups by it (`p`), `[` and `]` step through pages in it, and the reading pane's header
names it. A paper is the folder its page files sit in (archives keep one folder per paper, with
date folders under it); the 版 comes from the page's furniture as the splitter read it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import lru_cache
from pathlib import PurePosixPath
from typing import NamedTuple

from reader.library import Summary

_PAGE_NUMBER = re.compile(r"第([A-Za-z]*)\s*0*([0-9]+|[一二三四五六七八九十]+)版")
_DATE_PART = re.compile(r"(19|20)\d{2}([-_.]?\d{2}){0,2}|\d{1,2}")
_NUMERALS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}


class PageKey(NamedTuple):
    """One printed page: sorts in printed order (paper, date, then 版 by letter and number)."""

    paper: str
    date: str
    section: str  # the 版's letter: A, B … ("" for none)
    number: int
    source: str  # the file, for pages that print no 版


def chinese_number(text: str) -> int:
    """一 … 九十九 as a number (版 are rarely printed past that)."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _NUMERALS.get(text, 0)
    return (_NUMERALS.get(tens, 1) if tens or text.startswith("十") else 0) * 10 + _NUMERALS.get(ones, 0)


@lru_cache(maxsize=4096)
def page_number(page: str | None) -> tuple[str, int] | None:
    """(letter, number) of 第A05版 / 第2版 / 第二版; None when the label has no number."""
    found = _PAGE_NUMBER.search(page or "")
    if found is None:
        return None
    return found.group(1).upper(), chinese_number(found.group(2))


@lru_cache(maxsize=65536)
def paper_of(source: str) -> str:
    """The paper a page file belongs to: its first folder that is not a date ("" for none)."""
    for part in PurePosixPath(source).parts[:-1]:
        if not _DATE_PART.fullmatch(part):
            return part
    return ""


def page_path(summary: Summary, unnamed_paper: str, undated: str) -> tuple[str, str, str]:
    """Where the list files a story when grouped by page: paper › date › 版 (the file's name for
    a page that prints no 版)."""
    return (
        paper_of(summary.source) or unnamed_paper,
        summary.date or undated,
        summary.page or PurePosixPath(summary.source).name,
    )


def page_key(summary: Summary) -> PageKey:
    number = page_number(summary.page)
    section, value = number if number is not None else ("", 10_000)
    return PageKey(paper_of(summary.source), summary.date or "", section, value, summary.source)


def printed_order(summaries: Iterable[Summary]) -> list[Summary]:
    """Summaries by page in printed order, each page's articles in the order it prints them.

    Papers keep the order the corpus first names them in (an unnamed paper last); within a
    paper, pages go by date (undated last), then 版 letter and number (no 版 last, by file)."""
    rows = list(summaries)
    papers: dict[str, int] = {}
    keys = []
    for summary in rows:
        key = page_key(summary)
        rank = papers.setdefault(key.paper, len(papers)) if key.paper else len(rows)
        keys.append((rank, key.date == "", key.date, key.section, key.number, key.source, summary.page_order))
    return [rows[i] for i in sorted(range(len(rows)), key=keys.__getitem__)]


class PageOrder:
    """The pages of a library in printed order, made once per library: `[` and `]` step through it."""

    def __init__(self, summaries: Iterable[Summary]) -> None:
        pages: dict[str, list[Summary]] = {}
        for summary in printed_order(summaries):
            pages.setdefault(summary.source, []).append(summary)
        self.pages: list[list[Summary]] = list(pages.values())
        self._at = {page[0].source: n for n, page in enumerate(self.pages)}
        self._by_id = {s.id: s for page in self.pages for s in page}

    def summary(self, article_id: str) -> Summary | None:
        return self._by_id.get(article_id)

    def page(self, source: str) -> list[Summary]:
        """The stories of the page `source`, in the order it prints them."""
        at = self._at.get(source)
        return self.pages[at] if at is not None else []

    def neighbour(self, source: str, step: int, shown: Collection[str] | None = None) -> Summary | None:
        """The first story of the page `step` pages after (negative: before) the page `source`,
        skipping pages with no story in `shown` (ids; None: every story); None past either end."""
        at = self._at.get(source)
        if at is None:
            return None
        direction = 1 if step > 0 else -1
        for page in self.pages[at + direction :: direction] if direction > 0 or at > 0 else []:
            first = next((s for s in page if shown is None or s.id in shown), None)
            if first is not None:
                return first
        return None


def header_line(summary_page: str | None, date: str | None) -> str:
    """The reading pane's header: 第2版 要闻 · 2025-03-02 (what is known of it). The id stands
    once, in the line under the body."""
    return " · ".join(p for p in (summary_page, date) if p)
