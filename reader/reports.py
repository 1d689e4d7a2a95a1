"""One way to write a report from the store, whichever asks: `reader export` and the app's `e`.

The formats' renderers live in `reader.export`; this picks one by name and gives it what it
needs — the corpus (current regions and topics), the topic labels of the interface language and
the name for national stories.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from reader.export import NATIONAL, to_csv, to_json_text, to_markdown, with_times

if TYPE_CHECKING:
    from reader.model import Article
    from reader.store import Store


def national_label(language: str) -> str:
    """What reports call national stories: 全国, as the app's list does (National in English)."""
    return "National" if language == "en" else NATIONAL


class ReportFormat(StrEnum):
    """What `reader export --format` and the app's file suffix choose."""

    MARKDOWN = "md"
    JSON = "json"
    CSV = "csv"

    @classmethod
    def for_suffix(cls, suffix: str) -> ReportFormat:
        """`.json` and `.csv` by name; anything else is the Markdown report."""
        name = suffix.lower().lstrip(".")
        return cls(name) if name in (cls.JSON, cls.CSV) else cls.MARKDOWN


def render(
    store: Store,
    kind: ReportFormat,
    articles: Callable[[], Sequence[Article]] | None = None,
    *,
    topic_label: Callable[[str], str] = str,
    national: str = NATIONAL,
) -> str:
    """The report's text; `articles` is called only by the formats that use the corpus."""
    if kind is ReportFormat.JSON:
        document = store.export_json()  # on a server this reloads first: the times below match it
        return to_json_text(with_times(document, store.all().values()))
    annotated = store.all()
    corpus = articles() if articles is not None else None
    if kind is ReportFormat.CSV:
        return to_csv(annotated.values(), corpus, topic_label=topic_label, national=national)
    return to_markdown(annotated.values(), corpus, topic_label=topic_label, national=national)


__all__ = ["ReportFormat", "national_label", "render"]
