"""What the app and the CLI read from: article summaries, full articles on demand, search, filters.

`Library` is the interface; `MemoryLibrary` holds a small tagged corpus in memory, and the on-disk
index offers the same methods for archives too big for that. Search is exact substring search —
Chinese has no spaces, so a one-character query finds every article that has that character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, Protocol

from pyroaring import BitMap, FrozenBitMap

from reader.catalogue import Catalogue, ids_at
from reader.fold import fold, matches
from reader.fold import needle as parse_needle
from reader.model import Article, Region
from reader.query import Query

NATIONAL = "全国"


class LibraryError(Exception):
    """The library's storage failed under it (a damaged index): the message, one line, says what
    happened and what the reader does about it."""


class Marks(NamedTuple):
    """What an editor has marked on one article, as the list and the `is:` filter see it."""

    read: bool = False
    bookmarked: bool = False
    noted: bool = False
    verdict: str | None = None

    @classmethod
    def of(cls, annotations: Any) -> Marks:
        """From the store's ArticleAnnotations (or None: nothing marked)."""
        if annotations is None:
            return NO_MARKS
        return cls(annotations.read, annotations.bookmarked, bool(annotations.notes), annotations.verdict)

    def states(self) -> set[str]:
        """The `is:` words of the filter language that hold for this article."""
        out = {"read" if self.read else "unread", self.verdict or "untriaged"}
        if self.bookmarked:
            out.add("bookmarked")
        if self.noted:
            out.add("noted")
        return out


NO_MARKS = Marks()


class Summary(NamedTuple):
    """One row of the article list: everything but the body (a tuple, cheap at 100,000 rows)."""

    id: str
    title: str
    lead: str
    source: str
    page_order: int
    kind: str
    date: str | None
    region: Region
    scope: str | None
    topics: tuple[str, ...]
    page: str | None = None  # 第2版 要闻

    @property
    def label(self) -> str:
        """The title, or for an untitled photo or brief the opening of its text."""
        return self.title or f"〔{self.lead}…〕"

    @classmethod
    def of(cls, article: Article) -> Summary:
        lead = "".join(article.body)[:24]
        return cls(
            article.id,
            article.title,
            lead,
            article.source,
            article.page_order,
            article.kind,
            article.date,
            article.region,
            article.scope,
            tuple(article.topics),
            article.page,
        )


PAGE_NUMBER = re.compile(r"第([A-Z]*)0*([0-9]+)版")


def page_matches(page: str | None, wanted: str) -> bool:
    """page:要闻 matches the page name; page:2, page:02 and page:A5 match 第2版 / 第A05版 exactly."""
    if not page:
        return False
    number = re.fullmatch(r"([A-Za-z]*)0*([0-9]+)", wanted)
    if number is None:
        return wanted in page
    found = PAGE_NUMBER.search(page)
    return found is not None and (found.group(1), found.group(2)) == (
        number.group(1).upper(),
        number.group(2),
    )


class Library(Protocol):
    """The reading interface shared by the in-memory corpus and the on-disk index."""

    def summaries(self) -> list[Summary]: ...

    def article(self, article_id: str) -> Article: ...

    def search(self, needle: str) -> set[str]: ...

    def search_bits(self, needle: str) -> BitMap:
        """The positions in `summaries()` of the articles that hold `needle`."""
        ...


RegionKey = tuple[bool, tuple[str, ...]]  # (national, province › city › county)


def _region_keys(summary: Summary) -> tuple[RegionKey]:
    return ((summary.scope == "national", tuple(summary.region.path())),)


def _wants_region(wanted: str) -> Callable[[RegionKey], bool]:
    """region:浙江 matches 浙江省 at any level; region:全国 matches national stories."""
    if wanted == NATIONAL:
        return lambda key: key[0]
    return lambda key: any(wanted in name for name in key[1])


def _topics(summary: Summary) -> tuple[str, ...]:
    return summary.topics


def _dates(summary: Summary) -> tuple[str]:
    return (summary.date or "",)


def _pages(summary: Summary) -> tuple[str | None]:
    return (summary.page,)


def state_bits(catalogue: Catalogue, marks: Mapping[str, Marks], word: str) -> BitMap:
    """The articles for which the `is:` word holds: those marked so, and, for a word that holds
    for an untouched article (unread, untriaged), every article nobody has marked."""
    position = catalogue.position
    marked = BitMap(position[i] for i in marks if i in position)
    out = BitMap(position[i] for i, mark in marks.items() if i in position and word in mark.states())
    if word in NO_MARKS.states():
        out |= catalogue.everything - marked
    return out


def filter_bits(
    library: Library,
    query: Query,
    catalogue: Catalogue,
    marks: Mapping[str, Marks] | None = None,
    note_search: Callable[[str], set[str]] = lambda _word: set(),
) -> FrozenBitMap:
    """The positions a parsed filter keeps, as a bitmap: each clause is a bitmap (a search, the
    union of a facet's matching values, the marks), and the filter their intersection.
    `note_search(word)` answers `note:word` with the ids whose notes hold it (from the store)."""
    kept = BitMap(catalogue.everything)
    for word in query.notes:
        kept &= catalogue.bits(note_search(word))
    for word in query.words:
        kept &= library.search_bits(word)
    for word in query.excluded:
        kept -= library.search_bits(word)
    for wanted in query.regions:
        kept &= catalogue.where("region", _region_keys, _wants_region(wanted))
    if query.topics:
        kept &= catalogue.where("topic", _topics, lambda topic: topic in query.topics)
    if query.dates:
        kept &= catalogue.where("date", _dates, lambda date: any(date.startswith(d) for d in query.dates))
    if query.pages:
        kept &= catalogue.where("page", _pages, lambda page: any(page_matches(page, p) for p in query.pages))
    for word in query.states:
        kept &= state_bits(catalogue, marks or {}, word)
    return FrozenBitMap(kept)


def filter_ids(
    library: Library,
    query: Query,
    marks: Mapping[str, Marks] | None = None,
    note_search: Callable[[str], set[str]] = lambda _word: set(),
) -> list[str]:
    """The ids a parsed filter keeps, in list order (for the command line and the tests)."""
    catalogue = Catalogue(library.summaries())
    return catalogue.ids(filter_bits(library, query, catalogue, marks, note_search))


class MemoryLibrary:
    """A tagged corpus held in memory: fine for a few thousand articles."""

    def __init__(self, articles: list[Article]) -> None:
        self._articles = {a.id: a for a in articles}
        self._summaries = [Summary.of(a) for a in articles]
        self._printed = {a.id: a.text for a in articles}
        self._folded = {a.id: fold(a.text) for a in articles}

    def summaries(self) -> list[Summary]:
        return self._summaries

    def article(self, article_id: str) -> Article:
        return self._articles[article_id]

    def search(self, needle: str) -> set[str]:
        return set(ids_at(self._summaries, self.search_bits(needle)))

    def search_bits(self, needle: str) -> BitMap:
        wanted = parse_needle(needle)
        if not wanted.terms:
            return BitMap()
        printed, folded = self._printed, self._folded
        return BitMap(
            p for p, s in enumerate(self._summaries) if matches(wanted, printed[s.id], folded[s.id])
        )
