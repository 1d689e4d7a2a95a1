"""A library's articles numbered by their place in its list: the universe of every bitmap.

Search results, filters and the list's groups are Roaring bitmaps of these positions, so
narrowing a list of 100,000 articles is a few bitmap operations, and only the rows on screen ever
become Python objects. `Catalogue` turns ids into positions and back, and keeps one bitmap per value
of each facet the filter language asks about (region, topic, date, page).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pyroaring import BitMap, FrozenBitMap

if TYPE_CHECKING:
    from reader.library import Summary


def ids_at(summaries: Sequence[Summary], positions: Iterable[int]) -> Iterator[str]:
    """The ids of the summaries at `positions`, in their order."""
    return (summaries[p].id for p in positions)


class Catalogue:
    """Positions of a list of summaries, with the facet bitmaps made the first time they are asked for."""

    def __init__(self, summaries: Sequence[Summary]) -> None:
        self.summaries = summaries
        self.position: dict[str, int] = {s.id: i for i, s in enumerate(summaries)}
        self.everything = FrozenBitMap(range(len(summaries)))
        self._facets: dict[str, dict[Any, FrozenBitMap]] = {}

    def bits(self, ids: Iterable[str]) -> FrozenBitMap:
        """The positions of the listed articles among `ids` (others are ignored)."""
        position = self.position
        return FrozenBitMap(position[i] for i in ids if i in position)

    def ids(self, bits: Iterable[int]) -> list[str]:
        """The ids at `bits`, in list order."""
        return list(ids_at(self.summaries, bits))

    def facet(self, name: str, keys: Callable[[Summary], Iterable[Any]]) -> dict[Any, FrozenBitMap]:
        """One bitmap per key that `keys` gives the summaries (an article may have several keys),
        made once per catalogue: a filter then unions the bitmaps of the keys it accepts."""
        held = self._facets.get(name)
        if held is None:
            members: dict[Any, list[int]] = {}
            for position, summary in enumerate(self.summaries):
                for key in keys(summary):
                    members.setdefault(key, []).append(position)
            held = self._facets[name] = {key: FrozenBitMap(found) for key, found in members.items()}
        return held

    def where(
        self, name: str, keys: Callable[[Summary], Iterable[Any]], accept: Callable[[Any], bool]
    ) -> BitMap:
        """The articles with a key of facet `name` that `accept` takes."""
        out = BitMap()
        for key, found in self.facet(name, keys).items():
            if accept(key):
                out |= found
        return out


class IdView(Collection[str]):
    """The ids of a bitmap of positions, as a read-only collection: membership and size without
    turning 100,000 positions into strings."""

    __slots__ = ("bits", "catalogue")

    def __init__(self, catalogue: Catalogue, bits: FrozenBitMap) -> None:
        self.catalogue, self.bits = catalogue, bits

    def __contains__(self, article_id: object) -> bool:
        position = self.catalogue.position.get(article_id) if isinstance(article_id, str) else None
        return position is not None and position in self.bits

    def __iter__(self) -> Iterator[str]:
        return ids_at(self.catalogue.summaries, self.bits)

    def __len__(self) -> int:
        return len(self.bits)

    def __repr__(self) -> str:
        return f"IdView({len(self.bits)} articles)"
