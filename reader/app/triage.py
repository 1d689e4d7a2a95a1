"""The triage summary as data: verdict counts for the view and for every group, and the picks-first
list. Pure (no Textual), computed from the list's rows and the marks when `T` is pressed.

By topic an article stands under each of its topics, so it counts once in each of their groups,
and once in the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reader.app.grouping import ArticleRow, GroupRow, Row
from reader.library import NO_MARKS, Marks

ORDER = ("pick", "followup", "skip")


@dataclass
class VerdictCounts:
    """How many articles have each verdict, and how many have none."""

    pick: int = 0
    followup: int = 0
    skip: int = 0
    untriaged: int = 0

    @property
    def total(self) -> int:
        return self.pick + self.followup + self.skip + self.untriaged

    def add(self, verdict: str | None) -> None:
        if verdict == "pick":
            self.pick += 1
        elif verdict == "followup":
            self.followup += 1
        elif verdict == "skip":
            self.skip += 1
        else:
            self.untriaged += 1


def count_verdicts(ids: Iterable[str], marks: Mapping[str, Marks]) -> VerdictCounts:
    """Counts over distinct ids."""
    counts = VerdictCounts()
    for article_id in set(ids):
        counts.add(marks.get(article_id, NO_MARKS).verdict)
    return counts


def group_counts(rows: Sequence[Row], marks: Mapping[str, Marks]) -> list[tuple[GroupRow, VerdictCounts]]:
    """Every group header of the list, in list order, with the counts of the articles under it
    (its subgroups included)."""
    out: list[tuple[GroupRow, VerdictCounts]] = []
    open_groups: list[tuple[GroupRow, VerdictCounts, set[str]]] = []
    for row in rows:
        if isinstance(row, GroupRow):
            while open_groups and open_groups[-1][0].depth >= row.depth:
                open_groups.pop()
            counts = VerdictCounts()
            out.append((row, counts))
            open_groups.append((row, counts, set()))
            continue
        verdict = marks.get(row.id, NO_MARKS).verdict
        for group, counts, seen in open_groups:
            if row.path[: len(group.path)] == group.path and row.id not in seen:
                seen.add(row.id)
                counts.add(verdict)
    return out


def picks_first(rows: Sequence[Row], marks: Mapping[str, Marks]) -> list[ArticleRow]:
    """The picked articles, then the followed-up ones, each once, in list order."""
    chosen: dict[str, list[ArticleRow]] = {"pick": [], "followup": []}
    seen: set[str] = set()
    for row in rows:
        if isinstance(row, ArticleRow) and row.id not in seen:
            verdict = marks.get(row.id, NO_MARKS).verdict
            if verdict in chosen:
                seen.add(row.id)
                chosen[verdict].append(row)
    return chosen["pick"] + chosen["followup"]


__all__ = ["ORDER", "VerdictCounts", "count_verdicts", "group_counts", "picks_first"]
