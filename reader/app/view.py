"""What the main screen shows, as one immutable value: the library, the grouping, the search, the
filter, the editor's marks and the status line's notes.

Everything else the screen needs — summaries, the visible ids, the rows, the marks of each article,
the watch hits — is derived from these fields when asked, never copied and kept in sync by hand. A
change is a new `ViewState` (`dataclasses.replace`); the screen's watcher compares old and new and
repaints what depends on the fields that changed. Derived values are memoised on the inputs they
were computed from, shared by successive states, so a keypress that changes the status line does
not regroup a hundred thousand rows. Pure: no Textual, so it can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pyroaring import FrozenBitMap

from reader.app.grouping import GroupBy, GroupLabels
from reader.app.rowlist import GroupTree, RowList
from reader.catalogue import Catalogue, IdView
from reader.config import Language
from reader.library import NO_MARKS, Library, Marks, Summary
from reader.store import ArticleAnnotations

if TYPE_CHECKING:
    from rich.text import Text

    from reader.topics import Taxonomy

__all__ = ["Memo", "ViewState"]


class Memo:
    """Values computed from some inputs, kept until one of the inputs is a different object.

    Inputs are compared by identity (a library, a set of ids, a taxonomy) or, for strings and
    tuples, by value: a state made by `replace` shares its predecessor's memo and so its results.
    """

    def __init__(self) -> None:
        self._values: dict[str, tuple[tuple[object, ...], object]] = {}

    def get(self, name: str, inputs: tuple[object, ...], make: Callable[[], Any]) -> Any:
        held = self._values.get(name)
        if held is not None and _same(held[0], inputs):
            return held[1]
        value = make()
        self._values[name] = (inputs, value)
        return value


def _same(old: tuple[object, ...], new: tuple[object, ...]) -> bool:
    if len(old) != len(new):
        return False
    for a, b in zip(old, new, strict=True):
        if a is b:
            continue
        if isinstance(a, str | tuple | bool | int) and type(a) is type(b) and a == b:
            continue
        return False
    return True


@dataclass(frozen=True, eq=False)
class ViewState:
    """The screen's state; the properties below are what follows from it."""

    library: Library | None = None
    taxonomy: Taxonomy | None = None
    language: Language = "zh"
    labels: GroupLabels = GroupLabels()
    group_by: GroupBy = "region"
    search: str = ""
    searching: str = ""  # a search on its way: the list and the body change when its results come
    search_bits: FrozenBitMap | None = None  # positions (`catalogue`) of the articles the search finds
    query_text: str = ""
    filter_bits: FrozenBitMap | None = None
    highlight: bool = True
    annotations: Mapping[str, ArticleAnnotations] = field(default_factory=dict)
    watch: tuple[str, ...] = ()
    progress: str = ""
    message: Text | None = None
    store_problem: str | None = None  # why writes cannot be saved now (a server gone away)
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    # -- the library

    @property
    def summaries(self) -> list[Summary]:
        library = self.library
        return self.memo.get("summaries", (library,), lambda: library.summaries() if library else [])  # type: ignore[no-any-return]

    @property
    def catalogue(self) -> Catalogue:
        summaries = self.summaries
        return self.memo.get("catalogue", (summaries,), lambda: Catalogue(summaries))  # type: ignore[no-any-return]

    @property
    def summary_by_id(self) -> dict[str, Summary]:
        summaries = self.summaries
        return self.memo.get("by_id", (summaries,), lambda: {s.id: s for s in summaries})  # type: ignore[no-any-return]

    @property
    def all_ids(self) -> Collection[str]:
        return self.summary_by_id.keys()

    def topic_label(self, topic_id: str) -> str:
        return self.taxonomy.label(topic_id, self.language) if self.taxonomy is not None else topic_id

    # -- what the list shows

    @property
    def visible_bits(self) -> FrozenBitMap | None:
        """The positions a search and/or filter leave, None when neither is set."""
        found, kept = self.search_bits, self.filter_bits
        if found is None or kept is None:
            return kept if found is None else found
        return self.memo.get("visible", (found, kept), lambda: found & kept)  # type: ignore[no-any-return]

    @property
    def visible_ids(self) -> IdView | None:
        visible = self.visible_bits
        return None if visible is None else IdView(self.catalogue, visible)

    @property
    def row_ids(self) -> Collection[str]:
        visible = self.visible_bits
        return IdView(self.catalogue, visible if visible is not None else self.catalogue.everything)

    @property
    def tree(self) -> GroupTree:
        """Every article under its group, made once per library, grouping, language and topic
        set: a search, a filter or a switch back then only counts and picks."""
        inputs = (self.summaries, self.group_by, self.language, self.taxonomy)
        return self.memo.get(  # type: ignore[no-any-return]
            f"tree:{self.group_by}",
            inputs,
            lambda: GroupTree(
                self.summaries, self.group_by, self.topic_label, self.labels, self.catalogue.position
            ),
        )

    @property
    def rows(self) -> RowList:
        tree, visible = self.tree, self.visible_bits
        return self.memo.get("rows", (tree, visible), lambda: tree.rows(visible))  # type: ignore[no-any-return]

    # -- the editor's marks

    @property
    def marks(self) -> dict[str, Marks]:
        annotations = self.annotations
        return self.memo.get(  # type: ignore[no-any-return]
            "marks", (annotations,), lambda: {key: Marks.of(item) for key, item in annotations.items()}
        )

    def marks_of(self, article_id: str) -> Marks:
        return self.marks.get(article_id, NO_MARKS)

    def with_annotation(self, article_id: str, item: ArticleAnnotations) -> dict[str, ArticleAnnotations]:
        """The annotations with one article's replaced (for `replace(view, annotations=…)`)."""
        return {**self.annotations, article_id: item}

    @property
    def watch_hits(self) -> dict[str, list[str]]:
        """The watch-list terms each article contains."""
        library, watch = self.library, self.watch

        def find() -> dict[str, list[str]]:
            hits: dict[str, list[str]] = {}
            if library is not None:
                for term in watch:
                    for article_id in library.search(term):
                        hits.setdefault(article_id, []).append(term)
            return hits

        return self.memo.get("watch_hits", (library, watch), find)  # type: ignore[no-any-return]
