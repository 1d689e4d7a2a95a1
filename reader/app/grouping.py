"""The article list as data: group headers and article rows, in display order, with counts.

Pure so it can be tested without Textual: where each article is filed (province › city › county,
topic, or paper › date › 版), the row types, and the helpers that walk rows. `reader.app.rowlist`
builds the groups from these and narrows them by bitmaps; the list widget paints only the rows
on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from reader.library import NO_MARKS, Marks, Summary
from reader.printed import page_path, printed_order

GroupBy = Literal["region", "topic", "page"]


@dataclass(frozen=True)
class GroupLabels:
    """Names for the groups that are not a place or a topic, in the UI language."""

    national: str = "全国"
    unknown: str = "未知地区"
    untopiced: str = "未分类"
    unnamed_paper: str = "未注明报纸"
    undated: str = "日期不详"


@dataclass(frozen=True)
class GroupRow:
    """A group header: its path from the top, its depth (0 = outermost) and how many articles."""

    path: tuple[str, ...]
    count: int

    @property
    def depth(self) -> int:
        return len(self.path) - 1

    @property
    def label(self) -> str:
        return self.path[-1]


class ArticleRow(NamedTuple):
    """One article in the list, under the group `path` (tuples: cheap at 100,000 rows)."""

    summary: Summary
    path: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.summary.id


Row = GroupRow | ArticleRow


def region_path(summary: Summary, labels: GroupLabels) -> tuple[str, ...]:
    """Where the list files an article: 全国 for national stories, 未知地区 when nothing is known."""
    if summary.scope == "national":
        return (labels.national,)
    return tuple(summary.region.path()) or (labels.unknown,)


def topic_path(summary: Summary, label: Callable[[str], str], labels: GroupLabels) -> tuple[str, ...]:
    """The primary topic's label, or 未分类."""
    return (label(summary.topics[0]),) if summary.topics else (labels.untopiced,)


def topic_paths(summary: Summary, label: Callable[[str], str], labels: GroupLabels) -> list[tuple[str, ...]]:
    """One path per topic (an article about healthcare and the law is listed under both, so each
    topic's count matches `topic:`), or 未分类."""
    if not summary.topics:
        return [(labels.untopiced,)]
    return [(name,) for name in dict.fromkeys(label(topic) for topic in summary.topics)]


def article_rows(
    summaries: Iterable[Summary],
    group_by: GroupBy = "region",
    topic_label: Callable[[str], str] = str,
    labels: GroupLabels | None = None,
) -> list[ArticleRow]:
    """Every summary as a row under its group, in corpus order (by topic, one row under each of its
    topics). The screen keeps these for as long as the library and the grouping stay, so narrowing
    the list to a search makes no new ones."""
    labels = labels or GroupLabels()
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # equal paths, one tuple
    out: list[ArticleRow] = []
    if group_by == "page":  # pages in printed order, so the groups come in it too
        summaries = printed_order(summaries)
    for summary in summaries:
        if group_by == "page":
            printed = page_path(summary, labels.unnamed_paper, labels.undated)
            out.append(ArticleRow(summary, shared.setdefault(printed, printed)))
            continue
        if group_by == "topic":
            for path in topic_paths(summary, topic_label, labels):
                out.append(ArticleRow(summary, shared.setdefault(path, path)))
            continue
        path = region_path(summary, labels)
        out.append(ArticleRow(summary, shared.setdefault(path, path)))
    return out


def article_ids(rows: Sequence[Row]) -> list[str]:
    """The ids of the article rows, in order, each once (by topic an article can have several rows)."""
    return list(dict.fromkeys(row.summary.id for row in rows if type(row) is ArticleRow))


def group_ids(rows: Sequence[Row], path: tuple[str, ...]) -> list[str]:
    """Every article in the group `path` and its subgroups, each once."""
    size = len(path)
    return list(
        dict.fromkeys(row.id for row in rows if isinstance(row, ArticleRow) and row.path[:size] == path)
    )


def next_untriaged(rows: Sequence[Row], after: int, marks: Mapping[str, Marks]) -> int | None:
    """The row index of the first article after row `after` with no verdict, wrapping round once."""
    count = len(rows)
    for step in range(1, count + 1):
        index = (after + step) % count
        row = rows[index]
        if isinstance(row, ArticleRow) and marks.get(row.id, NO_MARKS).verdict is None:
            return index
    return None


def triage_count(shown: Collection[str], marks: Mapping[str, Marks]) -> tuple[int, int]:
    """(articles with a verdict, articles) among the shown ids.

    Walks the marks (the few articles an editor touched), not the rows, so the status line costs
    nothing per key in a list of 100,000.
    """
    return sum(1 for key, mark in marks.items() if mark.verdict is not None and key in shown), len(shown)


def watch_hits(text: str, terms: Sequence[str]) -> list[str]:
    """The watch-list terms found in `text`, case-insensitively, in watch-list order."""
    folded = text.casefold()
    return [term for term in terms if term and term.casefold() in folded]
