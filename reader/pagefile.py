"""A page file read again for the page view: found under the corpus folders, read the safe way.

The list knows a page by the name it was found under (`PageFile.source`, relative to the folder
given), so the file is looked for under those folders again. It may have changed since it was
read, or gone: the answer says which, and the page view says it in one line.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.model import Article
from reader.pageview import PageMap, map_page
from reader.sources import plain_text, read_page, shown


class PageProblem(enum.Enum):
    """Why the page view shows less than the page as it was read."""

    MISSING = "missing"  # no file by that name under the corpus folders any more
    UNREADABLE = "unreadable"  # there, but not a page one can read (the detail says why)
    CHANGED = "changed"  # read, but the current story is no longer in it
    EDITED = "edited"  # read, the current story is in it, some other story is not


@dataclass(frozen=True)
class PageRead:
    """What the page view shows: the page's lines (None when it could not be read) and any problem."""

    source: str
    page: PageMap | None
    problem: PageProblem | None = None
    detail: str = ""


def locate(source: str, roots: Sequence[Path]) -> list[Path]:
    """The files the name `source` can stand for under `roots` (folders, or page files given alone)."""
    found: list[Path] = []
    if Path(source).is_absolute() or ".." in Path(source).parts:
        return found  # never a name the folder walk gives
    for root in roots:
        if root.is_dir():
            candidate = root / source
            if candidate.is_file():
                found.append(candidate)
        elif shown(root.name) == source and root.is_file():
            found.append(root)
    return found


def leftovers(text: str, source: str) -> list[str]:
    """What the splitter gives no article on this page now (cut again: the index keeps no copy)."""
    from reader.corpus import parse_page  # the splitter: loaded only when a page is viewed

    return parse_page(plain_text(text, source), source)[0].leftovers


def read_for_view(source: str, roots: Sequence[Path], articles: Sequence[Article], current: str) -> PageRead:
    """The page `source` found and read again, its `articles` located in it; when several files
    answer to the name, the one holding the `current` story."""
    candidates = locate(source, roots)
    if not candidates:
        return PageRead(source, None, PageProblem.MISSING)
    best: PageRead | None = None
    for path in candidates:
        text, notice = read_page(path)
        if text is None:
            best = best or PageRead(source, None, PageProblem.UNREADABLE, notice.reason if notice else "")
            continue
        page = map_page(text, articles, leftovers(text, source))
        if not page.changed(current):
            edited = any(page.changed(a.id) for a in articles)
            return PageRead(source, page, PageProblem.EDITED if edited else None)
        if best is None or best.page is None:
            best = PageRead(source, page, PageProblem.CHANGED)
    assert best is not None
    return best
