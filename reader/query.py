"""The filter language of the app's `f` line and of `reader search --filter`.

    医保 -骗保 region:浙江 topic:healthcare is:unread date:2025-01 page:要闻

Words are ANDed substrings over title and body (Chinese needs no spaces), `-word` excludes,
`region:` matches any level of the region path, `topic:` takes an id or a label, `is:` asks the
editor's marks, `date:` a prefix of the ISO date, `page:` part of the page (第2版, 要闻, A05),
`note:` a word in an editor's note on the article.
Quoted "two words" keep their space.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

STATES = ("unread", "read", "bookmarked", "noted", "pick", "followup", "skip", "untriaged")


class QueryError(ValueError):
    """A filter the reader cannot understand; the message names the bad part."""


@dataclass(frozen=True)
class Query:
    """A parsed filter; empty parts match everything."""

    words: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    raw: str = field(default="", compare=False)
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.words
            or self.excluded
            or self.regions
            or self.topics
            or self.states
            or self.dates
            or self.pages
            or self.notes
        )


def parse_query(text: str, resolve_topic: Callable[[str], str | None] | None = None) -> Query:
    """Parse the filter language; unknown `key:` prefixes and bad values raise QueryError."""
    try:
        parts = shlex.split(text.replace("：", ":"), posix=True)
    except ValueError as error:
        raise QueryError(f"unbalanced quotes in {text!r}") from error
    words: list[str] = []
    excluded: list[str] = []
    regions: list[str] = []
    topics: list[str] = []
    states: list[str] = []
    dates: list[str] = []
    pages: list[str] = []
    notes: list[str] = []
    for part in parts:
        key, sep, value = part.partition(":")
        if not sep or not key.isascii() or not key.isalpha():
            if part.startswith("-") and len(part) > 1:
                excluded.append(part[1:])
            else:
                words.append(part)
            continue
        key = key.lower()
        if not value:
            raise QueryError(f"{key}: needs a value")
        if key == "region":
            regions.append(value)
        elif key == "topic":
            topic = resolve_topic(value) if resolve_topic else value
            if topic is None:
                raise QueryError(f"topic:{value} is not a topic id or label")
            topics.append(topic)
        elif key == "is":
            if value.lower() not in STATES:
                raise QueryError(f"is:{value} — use one of {', '.join(STATES)}")
            states.append(value.lower())
        elif key == "date":
            if not all(c.isdigit() or c == "-" for c in value):
                raise QueryError(f"date:{value} — write a date prefix like 2025, 2025-01 or 2025-01-13")
            dates.append(value)
        elif key == "page":
            pages.append(value.upper() if value.isascii() else value)
        elif key == "note":
            notes.append(value)
        else:
            raise QueryError(f"{key}: is not a filter — use region:, topic:, is:, date:, page: or note:")
    return Query(
        tuple(words),
        tuple(excluded),
        tuple(regions),
        tuple(topics),
        tuple(states),
        tuple(dates),
        tuple(pages),
        raw=text,
        notes=tuple(notes),
    )
