"""The `Library` interface over the shared archive, for the app and `reader search --filter`.

The list rows are read once, when the library is made (in the app's load worker); bodies come
from the server when an article is opened — the last few opened are kept, since the screen asks
for the current article again for every mark and note — and search asks the server each time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from pyroaring import BitMap

from reader.catalogue import Catalogue
from reader.library import Summary
from reader.model import Article
from reader.pgarchive import PgArchive

KEPT = 64  # articles kept after opening


class ArchiveLibrary:
    """The whole articles of an archive (under `roots`, or with ids in `only`), as a `Library`."""

    def __init__(
        self, archive: PgArchive, roots: Sequence[Path] | None = None, only: set[str] | None = None
    ) -> None:
        self.archive = archive
        self.roots = list(roots) if roots else None
        self._summaries = archive.summaries(self.roots, only)
        self._catalogue = Catalogue(self._summaries)
        self._kept: OrderedDict[str, Article] = OrderedDict()
        self._mutex = threading.Lock()  # the UI thread and an export's worker may both open articles

    def summaries(self) -> list[Summary]:
        return self._summaries

    def article(self, article_id: str) -> Article:
        with self._mutex:
            kept = self._kept.get(article_id)
            if kept is not None:
                self._kept.move_to_end(article_id)
                return kept
        found = self.archive.article(article_id)
        with self._mutex:
            self._kept[article_id] = found
            if len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return found

    def search(self, needle: str) -> set[str]:
        """The listed articles that hold `needle` (one stored since the list was read is not listed)."""
        return self.archive.search_ids(needle, self.roots) & self._catalogue.position.keys()

    def search_bits(self, needle: str) -> BitMap:
        """The positions in `summaries()` of the listed articles that hold `needle`."""
        return BitMap(self._catalogue.bits(self.search(needle)))
