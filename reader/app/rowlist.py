"""The article list narrowed by a bitmap: group headers and articles, made row by row on demand.

`GroupTree` files every article of a library under its group once per grouping; each group keeps
the positions of its articles (see `reader.catalogue`) as a bitmap. Narrowing to a search or
filter is then one intersection count per group, and `RowList` finds the row at an index by a
binary search over the groups and a select in the group's bitmap: a search of 100,000 articles
makes only the rows the list paints.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from pyroaring import AbstractBitMap, BitMap, FrozenBitMap

from reader.app.grouping import ArticleRow, GroupBy, GroupLabels, GroupRow, Row, article_rows
from reader.catalogue import Catalogue
from reader.library import Summary

Picked = AbstractBitMap | Sequence[int]  # a group's visible articles: positions or row indexes


@dataclass(eq=False)
class _Group:
    """A group of the tree: its own articles (display order) and, once built, their bitmaps."""

    path: tuple[str, ...]
    rows: list[ArticleRow] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    children: dict[str, _Group] = field(default_factory=dict)
    own: FrozenBitMap = FrozenBitMap()
    every: FrozenBitMap = FrozenBitMap()  # its own articles and its subgroups'
    ascending: bool = True  # display order is position order: a row is a select away
    end: int = 0  # the index in `GroupTree.order` just past this group's subtree

    def pick(self, visible: FrozenBitMap | None) -> Picked:
        """Its own visible articles: the positions, for a group in position order, else the
        indexes of its rows."""
        if visible is None:
            return range(len(self.rows))
        chosen = self.own & visible
        if self.ascending:
            return chosen
        return [k for k, position in enumerate(self.positions) if position in chosen]

    def row(self, picked: Picked, k: int) -> ArticleRow:
        if isinstance(picked, AbstractBitMap):
            return self.rows[self.own.rank(picked[k]) - 1]
        return self.rows[picked[k]]

    def index(self, picked: Picked, position: int) -> int | None:
        """Where the article at `position` stands among the picked rows, if it is one of them."""
        if isinstance(picked, AbstractBitMap):
            return picked.rank(position) - 1 if position in picked else None
        return next((k for k, at in enumerate(picked) if self.positions[at] == position), None)


class GroupTree:
    """Every article under its group, groups in display order: 全国 first, the catch-alls
    (未知地区, 未分类) last, the rest in the order the corpus first names them; articles keep
    corpus order within a group (by page: printed order)."""

    def __init__(
        self,
        summaries: Sequence[Summary],
        group_by: GroupBy = "region",
        topic_label: Callable[[str], str] = str,
        labels: GroupLabels | None = None,
        position: dict[str, int] | None = None,
    ) -> None:
        labels = labels or GroupLabels()
        if position is None:
            position = {s.id: i for i, s in enumerate(summaries)}
        self.position = position
        root = _Group(())
        leaves: dict[tuple[str, ...], _Group] = {}
        for entry in article_rows(summaries, group_by, topic_label, labels):
            leaf = leaves.get(entry.path)
            if leaf is None:
                leaf = root
                for depth, name in enumerate(entry.path):
                    leaf = leaf.children.setdefault(name, _Group(entry.path[: depth + 1]))
                leaves[entry.path] = leaf
            leaf.rows.append(entry)
            leaf.positions.append(position[entry.id])
        first, last = {labels.national}, {labels.unknown, labels.untopiced}
        self.order: list[_Group] = []
        self.groups_of: dict[int, list[int]] = {}  # position -> indexes in `order` of its groups

        def walk(group: _Group) -> FrozenBitMap:
            at = len(self.order)
            self.order.append(group)
            group.own = FrozenBitMap(group.positions)
            group.ascending = all(a < b for a, b in zip(group.positions, group.positions[1:], strict=False))
            for p in group.positions:
                self.groups_of.setdefault(p, []).append(at)
            every = BitMap(group.own)
            for name in sorted(group.children, key=lambda n: 0 if n in first else 2 if n in last else 1):
                every |= walk(group.children[name])
            group.every, group.end = FrozenBitMap(every), len(self.order)
            return group.every

        walk(root)

    def rows(self, visible: FrozenBitMap | None = None) -> RowList:
        return RowList(self, visible)


class RowList(Sequence[Row]):
    """The rows of a `GroupTree` narrowed to `visible` (positions; None: every article), made
    when asked for. Building one costs a bitmap count per group, however many articles."""

    def __init__(self, tree: GroupTree, visible: FrozenBitMap | None) -> None:
        self.tree = tree
        self._starts: list[int] = []  # the row index each segment starts at
        self._segments: list[GroupRow | tuple[_Group, Picked]] = []
        self._segment_of: dict[int, int] = {}  # group (index in tree.order) -> its articles' segment
        size, order, at = 0, tree.order, 0
        while at < len(order):
            group = order[at]
            count = len(group.every) if visible is None else group.every.intersection_cardinality(visible)
            if not count:
                at = group.end  # nothing visible in it or below it
                continue
            if group.path:
                self._starts.append(size)
                self._segments.append(GroupRow(group.path, count))
                size += 1
            picked = group.pick(visible)
            if len(picked):
                self._segment_of[at] = len(self._segments)
                self._starts.append(size)
                self._segments.append((group, picked))
                size += len(picked)
            at += 1
        self._size = size

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        at = bisect_right(self._starts, index) - 1
        segment = self._segments[at]
        if isinstance(segment, GroupRow):
            return segment
        group, picked = segment
        return group.row(picked, index - self._starts[at])

    def __iter__(self) -> Iterator[Row]:
        for segment in self._segments:
            if isinstance(segment, GroupRow):
                yield segment
                continue
            group, picked = segment
            rows = group.rows
            if isinstance(picked, AbstractBitMap):
                own = group.own
                yield from (rows[own.rank(p) - 1] for p in picked)
            else:
                yield from (rows[k] for k in picked)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Iterable) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def index_of(self, article_id: str) -> int | None:
        """The row index of an article (its first row), None if it is not listed."""
        position = self.tree.position.get(article_id, -1)
        for at in self.tree.groups_of.get(position, ()):
            segment = self._segment_of.get(at)
            if segment is None:
                continue
            group, picked = self._segments[segment]  # type: ignore[misc]
            k = group.index(picked, position)
            if k is not None:
                return self._starts[segment] + k
        return None


def build_rows(
    summaries: Sequence[Summary],
    group_by: GroupBy = "region",
    visible: Iterable[str] | None = None,
    topic_label: Callable[[str], str] = str,
    labels: GroupLabels | None = None,
) -> RowList:
    """Headers and articles in display order, narrowed to the ids `visible` when given."""
    catalogue = Catalogue(summaries)
    tree = GroupTree(summaries, group_by, topic_label, labels, catalogue.position)
    return tree.rows(None if visible is None else catalogue.bits(visible))
