"""The article list as rows: grouping by region and topic, counts, triage helpers."""

from __future__ import annotations

from collections.abc import Sequence

from pyroaring import FrozenBitMap

from reader.app.grouping import (
    ArticleRow,
    GroupLabels,
    GroupRow,
    article_ids,
    group_ids,
    next_untriaged,
    triage_count,
    watch_hits,
)
from reader.app.rowlist import GroupTree, build_rows
from reader.library import Marks, Summary
from tests.app_fixtures import TAXONOMY, make_articles

SUMMARIES = [Summary.of(a) for a in make_articles()]


def headers(rows: Sequence[GroupRow | ArticleRow]) -> list[tuple[str, int, int]]:
    return [(row.label, row.depth, row.count) for row in rows if isinstance(row, GroupRow)]


def test_region_groups_nest_with_counts_national_first_unknown_last() -> None:
    rows = build_rows(SUMMARIES, "region")
    assert headers(rows) == [
        ("全国", 0, 1),
        ("浙江省", 0, 4),
        ("金华市", 1, 3),
        ("义乌市", 2, 3),
        ("绍兴市", 1, 1),
        ("广西壮族自治区", 0, 1),
        ("未知地区", 0, 2),
    ]
    assert article_ids(rows) == ["n1", "a1", "a2", "a3", "b1", "c1", "u1", "u2"]


def test_topic_groups_use_the_primary_label() -> None:
    rows = build_rows(SUMMARIES, "topic", topic_label=TAXONOMY.label)
    assert headers(rows) == [("医疗医保", 0, 3), ("法治公安", 0, 2), ("助残", 0, 1), ("未分类", 0, 2)]


def test_visible_narrows_and_drops_empty_groups() -> None:
    rows = build_rows(SUMMARIES, "region", visible={"b1", "c1"})
    assert headers(rows) == [("浙江省", 0, 1), ("绍兴市", 1, 1), ("广西壮族自治区", 0, 1)]


def test_english_labels() -> None:
    labels = GroupLabels("National", "Unknown region", "Unclassified")
    assert headers(build_rows(SUMMARIES, "region", labels=labels))[0] == ("National", 0, 1)


def test_group_ids_take_subgroups() -> None:
    rows = build_rows(SUMMARIES, "region")
    assert group_ids(rows, ("浙江省",)) == ["a1", "a2", "a3", "b1"]
    assert group_ids(rows, ("浙江省", "金华市", "义乌市")) == ["a1", "a2", "a3"]


def test_next_untriaged_skips_verdicts_and_wraps() -> None:
    rows = build_rows(SUMMARIES, "region")
    position = {row.id: i for i, row in enumerate(rows) if isinstance(row, ArticleRow)}
    marks = {"a2": Marks(verdict="pick"), "a3": Marks(verdict="skip")}
    assert next_untriaged(rows, position["a1"], marks) == position["b1"]
    everything = {row.id: Marks(verdict="skip") for row in rows if isinstance(row, ArticleRow)}
    assert next_untriaged(rows, 0, everything) is None
    assert next_untriaged(rows, position["u2"], {}) == position["n1"]


def test_triage_count_and_states() -> None:
    rows = build_rows(SUMMARIES, "region")
    shown = set(article_ids(rows))
    assert triage_count(shown, {"a1": Marks(verdict="pick"), "gone": Marks(verdict="skip")}) == (1, 8)
    assert Marks(read=True, bookmarked=True, noted=True).states() == {
        "read",
        "bookmarked",
        "noted",
        "untriaged",
    }
    assert Marks(verdict="followup").states() == {"unread", "followup"}


def test_watch_hits_keep_watch_list_order() -> None:
    assert watch_hits("追回医保基金，打击骗保", ["骗保", "GDP", "医保"]) == ["骗保", "医保"]


def test_rows_made_once_are_picked_again_when_narrowing() -> None:
    tree = GroupTree(SUMMARIES, "region")
    whole = tree.rows()
    assert whole == build_rows(SUMMARIES, "region")
    narrowed = tree.rows(FrozenBitMap(tree.position[i] for i in ("b1", "c1")))
    picked = [row for row in narrowed if isinstance(row, ArticleRow)]
    assert [row.id for row in picked] == ["b1", "c1"]
    assert all(any(row is entry for entry in whole) for row in picked)  # the same rows, not copies
    assert [narrowed[i] for i in range(len(narrowed))] == list(narrowed) == narrowed[:]
    assert narrowed[-1] == picked[-1]
    for index, row in enumerate(narrowed):
        if isinstance(row, ArticleRow):
            assert narrowed.index_of(row.id) == index
    assert narrowed.index_of("a1") is None  # not visible


def test_row_list_equals_a_plain_filter_of_the_whole_list() -> None:
    """Narrowing by bitmaps gives the rows a plain pass over the whole list would keep, with
    each group's count of what is left, for every subset of a few articles and every grouping."""
    ids = [s.id for s in SUMMARIES]
    for group_by in ("region", "topic", "page"):
        tree = GroupTree(SUMMARIES, group_by, TAXONOMY.label)
        whole = list(tree.rows())
        for mask in range(1, 1 << len(ids), 7):
            keep = {i for n, i in enumerate(ids) if mask >> n & 1}
            articles = [row for row in whole if isinstance(row, ArticleRow) and row.id in keep]
            narrowed = tree.rows(FrozenBitMap(tree.position[i] for i in keep))
            assert [row for row in narrowed if isinstance(row, ArticleRow)] == articles, (group_by, keep)
            for row in narrowed:
                if isinstance(row, GroupRow):
                    inside = {a.id for a in articles if a.path[: len(row.path)] == row.path}
                    assert row.count == len(inside) > 0, (group_by, row)
