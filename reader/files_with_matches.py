"""`reader search -l` and `--count` on the short road: from the index's bitmaps and its file
table, with no argument parser for the other verbs, no tagger and no article row.

A script calling `reader search -l` in a loop pays for Python starting and for this module's
few imports, and nothing else. Anything this road does not take — another option, an index that
is missing, stale, damaged or has no files under the paths — goes back to the whole verb, which
refreshes, reports and refuses as usual.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from reader.index.search import FileHits

FLAGS = {"-l": "list", "--files-with-matches": "list", "--count": "count"}
VALUED = ("--cache-dir", "--config")


class Request(NamedTuple):
    """What the command line asked for, when this road can answer it."""

    query: str
    paths: list[str]
    counts: bool
    cache_dir: str | None
    config: str | None


def parse(argv: list[str]) -> Request | None:
    """The request in `argv` (the words after `search`), or None when it asks for anything else."""
    words: list[str] = []
    wanted: set[str] = set()
    options: dict[str, str] = {}
    items = iter(argv)
    for item in items:
        if item in FLAGS:
            wanted.add(FLAGS[item])
        elif item.split("=", 1)[0] in VALUED:
            name, _, value = item.partition("=")
            value = value if "=" in item else next(items, "")
            if not value:
                return None
            options[name] = value
        elif item.startswith("-") and item != "-":
            return None  # --filter, --jsonl, --refresh, --archive, -h, --: the whole verb
        else:
            words.append(item)
    if not wanted or not words or not _text(words[0]):
        return None
    return Request(
        words[0], words[1:], "count" in wanted, options.get("--cache-dir"), options.get("--config")
    )


def _text(value: str) -> bool:
    """Whether the shell handed over valid UTF-8 (else the whole verb refuses it in one line)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def run(argv: list[str]) -> int | None:
    """Answer `reader search -l/--count …` and return the exit status, or None to leave it to the
    whole verb."""
    request = parse(argv)
    if request is None:
        return None
    from reader.index.meta import INDEX_FILE, open_current
    from reader.index.search import file_hits, has_files_under, skipped_under
    from reader.locations import ARCHIVE_ENV, cache_dir, config_path

    corpus: list[str] = []
    topics: dict[str, Any] | None = None
    if os.environ.get(ARCHIVE_ENV):
        return None  # the shared archive answers: the whole verb asks it
    config_file = config_path(request.config)
    if config_file.exists():  # read as every verb reads it (a missing one is all defaults)
        from reader.config import load_config

        settings = load_config(config_file)[0]
        if settings.archive:
            return None
        corpus, topics = settings.corpus, settings.topics or None
    roots = [Path(p) for p in request.paths or corpus]
    if not roots:
        return None  # the bundled seeds: the whole verb indexes them first
    db = open_current(cache_dir(request.cache_dir) / INDEX_FILE, topics)
    if db is None:
        return None
    try:
        if not has_files_under(db, roots):
            return None
        skipped = skipped_under(db, roots)
        hits = file_hits(db, request.query, roots)
    except sqlite3.DatabaseError:
        return None
    finally:
        db.close()
    from reader.text import clean_inline

    for stream in (sys.stdout, sys.stderr):  # UTF-8 whatever the locale says, as every verb prints
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    for notice in skipped:
        print(clean_inline(notice), file=sys.stderr)
    sys.stdout.write(file_lines(hits, request.counts))
    sys.stdout.flush()
    if skipped:
        from reader.sources import SKIPPED

        return SKIPPED
    return 0 if hits else 1


def file_lines(hits: list[FileHits], counts: bool) -> str:
    """`-l`'s output, a page file a line, or `--count`'s (`path:n`), the names made safe to print."""
    from reader.text import clean_lines

    paths = [path for path, _ in hits]
    return clean_lines(paths, [f":{n}" for _, n in hits]) if counts else clean_lines(paths)
