"""Opening the index for the app and bringing it up to date, reporting as it goes.

A `Loader` gives the screen what it can show in the first frame (`first_frame`), and is then
called in a worker thread; it calls `report` with `Progress` while it works and with `Loaded` each
time a library is ready: the first pages at once (unless the first frame had them already), the
whole indexed list next, then again once new and changed pages are parsed and tagged.
`LibraryLoader` serves a library that is ready already (the tests); `IndexLoader` the on-disk index;
`ArchiveLoader` the shared archive on a PostgreSQL server. It imports no Textual, so it can be tested
on its own.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from reader.library import Library

PARTIAL_EVERY = 5.0  # seconds between list updates while a big corpus is being indexed
FIRST_FILES = 40  # pages shown before the whole index is read

if TYPE_CHECKING:
    from reader.pgarchive import PgArchive
    from reader.topics import Taxonomy


@dataclass(frozen=True)
class Progress:
    """`done` of `total` pages read or tagged."""

    stage: Literal["load", "tag"]
    done: int
    total: int


@dataclass(frozen=True)
class Loaded:
    """A library ready to show; `final` is False while tagging is still to come."""

    library: Library
    taxonomy: Taxonomy | None = None
    notices: tuple[str, ...] = ()
    final: bool = True
    error: str | None = None  # why the library could not be read (the screen's status line says it)


LoadEvent = Progress | Loaded
Report = Callable[[LoadEvent], None]


@runtime_checkable
class Loader(Protocol):
    """Where the app's library comes from."""

    def first_frame(self) -> Loaded | None:
        """What can be shown at once, read on the UI thread in a few milliseconds (or None); when
        it is `final` the worker has nothing more to bring."""

    def __call__(self, report: Report) -> None:
        """Load in a worker thread, reporting as it goes."""


def load_taxonomy(overrides: Mapping[str, Any]) -> tuple[Taxonomy | None, list[str]]:
    """The default taxonomy with the config's `[topics]` overrides; a bad override is a notice."""
    try:
        from reader.topics import Taxonomy, TaxonomyError
    except ImportError as error:  # the topics module is optional while it is being written
        return None, [f"topics unavailable: {error}"]
    try:
        base = Taxonomy.default()
    except (OSError, ValueError) as error:
        return None, [f"topics unavailable: {error}"]
    try:
        return base.with_overrides(overrides), []
    except TaxonomyError as error:
        return base, [f"config: {error}; using the default topics"]


@dataclass
class LibraryLoader:
    """A library that is ready: the first frame has it all. With no `taxonomy`, the default one
    with the config's `[topics]` overrides (a bad override is a notice)."""

    library: Library
    taxonomy: Taxonomy | None = None
    topics: Mapping[str, Any] = field(default_factory=dict)

    def loaded(self) -> Loaded:
        taxonomy, problems = (self.taxonomy, []) if self.taxonomy else load_taxonomy(self.topics)
        self.taxonomy = taxonomy
        return Loaded(self.library, taxonomy, tuple(problems), final=True)

    def first_frame(self) -> Loaded | None:
        return self.loaded()

    def __call__(self, report: Report) -> None:
        report(Loaded(self.library, self.taxonomy, (), final=True))


@dataclass
class IndexLoader:
    """Open the on-disk index at once, then bring it up to date with the pages under `paths`.

    A warm start shows what is already indexed straight away; new and changed files are parsed
    and tagged in the worker, and the list is refreshed when they are in.
    """

    paths: list[str] = field(default_factory=list)
    topics: Mapping[str, Any] = field(default_factory=dict)
    cache_dir: str | None = None

    glimpsed: bool = field(default=False, init=False)
    skipped: bool = field(default=False, init=False)  # a page could not be read: the exit status says so

    def roots(self) -> list[Path]:
        from reader.resources import seeds_dir

        return [Path(p) for p in self.paths] if self.paths else [seeds_dir()]

    def glimpse(self) -> Library | None:
        """The first pages of an up-to-date index, read in a few milliseconds so the very first
        frame has a list; None when there is no such index yet (the worker builds it)."""
        from reader.index import Index, IndexLibrary
        from reader.locations import cache_dir

        index = Index.current(cache_dir(self.cache_dir), dict(self.topics) or None)
        if index is None:
            return None
        try:
            library = IndexLibrary(index, self.roots(), first_files=FIRST_FILES)
        except sqlite3.DatabaseError:
            return None
        finally:
            index.close()
        self.glimpsed = bool(library.summaries())
        return library if self.glimpsed else None

    def first_frame(self) -> Loaded | None:
        """The glimpse, with the taxonomy (its problems come with the load)."""
        library = self.glimpse()
        return None if library is None else Loaded(library, load_taxonomy(self.topics)[0], (), final=False)

    def __call__(self, report: Report) -> None:
        from reader.index import Index, IndexProgress
        from reader.locations import cache_dir

        roots = self.roots()
        taxonomy, problems = load_taxonomy(self.topics)
        index = Index(cache_dir(self.cache_dir), dict(self.topics) or None)
        # The first pages at once, so a big archive paints a list in a blink; then all of it.
        if not self.glimpsed:
            glimpse = index.library(roots, first_files=FIRST_FILES)
            if glimpse.summaries():
                report(Loaded(glimpse, taxonomy, (), final=False))
        first = index.library(roots)
        notices = [*index.notices, *problems]
        if first.summaries():
            report(Loaded(first, taxonomy, tuple(notices), final=False))
            notices = []

        shown = {"articles": len(first.summaries()), "at": time.monotonic()}

        def progress(status: IndexProgress) -> None:
            if status.files_total:
                report(Progress("tag", status.files_done, status.files_total))
            # A long first build shows what is already indexed every few seconds.
            if status.committed > shown["articles"] and time.monotonic() - shown["at"] > PARTIAL_EVERY:
                report(Loaded(index.library(roots), taxonomy, (), final=False))
                shown.update(articles=status.committed, at=time.monotonic())

        result = index.refresh(roots, progress=progress)
        if result.added or result.changed or result.removed or not first.summaries():
            library = index.library(roots)
        else:
            library = first
        messages = [*notices, *result.notices]
        self.skipped = self.skipped or bool(result.notices)
        if not library.summaries():
            messages.append(f"no articles found in {', '.join(str(r) for r in roots)}")
        report(Loaded(library, taxonomy, tuple(messages), final=True))


@dataclass
class ArchiveLoader:
    """The shared archive, opened before the app starts (so a wrong URL or a server that is down
    is one line and an exit); the list is read from the server in the worker. A load that fails
    later (the server went away) keeps the list shown and says why."""

    archive: PgArchive
    paths: list[str] = field(default_factory=list)
    topics: Mapping[str, Any] = field(default_factory=dict)

    shown: Library | None = field(default=None, init=False)

    def first_frame(self) -> Loaded | None:
        return None  # the server is not asked on the UI thread

    def __call__(self, report: Report) -> None:
        from reader.library import LibraryError, MemoryLibrary
        from reader.pgarchive.library import ArchiveLibrary

        taxonomy, problems = load_taxonomy(self.topics)
        notices = [*self.archive.notices, *problems]
        self.archive.notices.clear()
        try:
            library: Library = ArchiveLibrary(self.archive, [Path(p) for p in self.paths])
        except LibraryError as error:
            kept = self.shown if self.shown is not None else MemoryLibrary([])
            report(Loaded(kept, taxonomy, tuple(notices), final=True, error=str(error)))
            return
        self.shown = library
        if not library.summaries():
            under = f" under {', '.join(self.paths)}" if self.paths else ""
            notices.append(f"no articles in the archive at {self.archive.shown}{under}")
        report(Loaded(library, taxonomy, tuple(notices), final=True))
