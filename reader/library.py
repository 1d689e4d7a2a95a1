"""What the app and the CLI read from: article summaries, full articles on demand, search, filters.

`Library` is the interface; `MemoryLibrary` holds a small tagged corpus in memory, and the on-disk
index offers the same methods for archives too big for that. Search is exact substring search —
Chinese has no spaces, so a one-character query finds every article that has that character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, Protocol

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


def region_matches(summary: Summary, wanted: str) -> bool:
    """region:浙江 matches 浙江省 at any level; region:全国 matches national stories."""
    if wanted == NATIONAL:
        return summary.scope == "national"
    return any(wanted in name for name in summary.region.path())


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


def filter_ids(
    library: Library,
    query: Query,
    states: Callable[[str], set[str]] = lambda _id: set(),
    summaries: Iterable[Summary] | None = None,
    note_search: Callable[[str], set[str]] = lambda _word: set(),
) -> list[str]:
    """Ids matching a parsed filter, in list order; `note_search(word)` answers `note:word` with
    the ids of the articles whose notes hold it (from the store, not the index)."""
    rows = list(summaries if summaries is not None else library.summaries())
    wanted: set[str] | None = None
    for word in query.notes:
        found = note_search(word)
        wanted = found if wanted is None else wanted & found
    for word in query.words:
        found = library.search(word)
        wanted = found if wanted is None else wanted & found
    unwanted: set[str] = set()
    for word in query.excluded:
        unwanted |= library.search(word)
    out: list[str] = []
    for row in rows:
        if (wanted is not None and row.id not in wanted) or row.id in unwanted:
            continue
        if query.regions and not all(region_matches(row, r) for r in query.regions):
            continue
        if query.topics and not any(t in row.topics for t in query.topics):
            continue
        if query.dates and not any((row.date or "").startswith(d) for d in query.dates):
            continue
        if query.pages and not any(page_matches(row.page, p) for p in query.pages):
            continue
        if query.states and not set(query.states) <= states(row.id):
            continue
        out.append(row.id)
    return out


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
        wanted = parse_needle(needle)
        if not wanted.terms:
            return set()
        folded = self._folded
        return {i for i, text in self._printed.items() if matches(wanted, text, folded[i])}
