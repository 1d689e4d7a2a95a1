"""Handlers for the verbs that read pages: `reader list`, `reader index`, `reader config` (and the
helpers `reader search`, in `reader.search_cli`, shares with them).

Exit statuses, the same for each: 0 when every page file was read and something came out, 1 when
nothing did (no article, no hit), 2 for a bad argument, and 3 (`sources.SKIPPED`) when some file
could not be read — each such file named in one line on stderr, the rest read as usual.
Everything printed goes through `clean_inline` or JSON: page text, notes and file names can
carry terminal escapes, and none may reach the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.text import clean_inline

if TYPE_CHECKING:
    from reader.config import Config
    from reader.topics import Taxonomy


def say_notices(notices: Sequence[object]) -> bool:
    """Each notice as one clean line on stderr; True when there was any."""
    for notice in notices:
        print(clean_inline(str(notice)), file=sys.stderr)
    return bool(notices)


def status(skipped: bool, found: bool) -> int:
    """The exit status: 3 when a file was skipped, else 0 when something was found, else 1."""
    from reader.sources import SKIPPED

    return SKIPPED if skipped else 0 if found else 1


def utf8_stdout() -> None:
    """Print UTF-8 whatever the locale says, so pipes and files get Chinese intact."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def list_articles(args: argparse.Namespace) -> int:
    """Print the articles of the corpus: JSON lines for scripts, a table for people."""
    from reader.corpus import load_corpus

    utf8_stdout()
    corpus = load_corpus(args.paths)
    skipped = say_notices(corpus.notices)
    if not args.no_tags:
        from reader.tagging import tag_corpus

        tag_corpus(corpus, taxonomy_for(load_settings()))
    out = sys.stdout
    for page in corpus.pages:
        for article in page.articles:
            if args.jsonl:
                out.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
            else:
                title = clean_inline(article.title or article.body[0][:30])
                out.write(
                    f"{article.id}  {clean_inline(page.source)}#{article.page_order:<2} {article.kind:<7} {title}\n"
                )
        if args.leftovers and page.leftovers:
            if args.jsonl:
                record = {"record": "leftovers", "source": page.source, "leftovers": page.leftovers}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                for text in page.leftovers:
                    out.write(f"{'':10}  {clean_inline(page.source)}    {'(left)':<7} {clean_inline(text)}\n")
    return status(skipped, any(page.articles for page in corpus.pages))


def load_settings(config_file: str | None = None) -> Config:
    """The user's config (defaults where it has problems; the app and `reader config` report those)."""
    from reader.config import load_config
    from reader.locations import config_path

    return load_config(config_path(config_file))[0]


def corpus_paths(paths: list[str], settings: Config) -> list[Path]:
    """The given paths, else the config's corpus, else the bundled seeds."""
    if paths:
        return [Path(p) for p in paths]
    if settings.corpus:
        return [Path(p).expanduser() for p in settings.corpus]
    from reader.resources import seeds_dir

    return [seeds_dir()]


def taxonomy_for(settings: Config) -> Taxonomy:
    """The default topics with the config's overrides (the defaults, with a message, if they are bad)."""
    from reader.topics import Taxonomy, TaxonomyError

    try:
        return Taxonomy.default().with_overrides(topic_overrides(settings))
    except TaxonomyError as error:
        print(clean_inline(f"config: {error}; using the default topics"), file=sys.stderr)
        return Taxonomy.default()


def topic_overrides(settings: Config) -> dict[str, Any] | None:
    """The config's `[topics]` overrides, or None: part of the index's fingerprint."""
    return settings.topics or None


def index_pages(args: argparse.Namespace) -> int:
    """`reader index`: build or refresh the index with a progress bar on stderr."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from reader.index import Index, IndexProgress
    from reader.locations import cache_dir

    utf8_stdout()
    console = Console(stderr=True)
    settings = load_settings(args.config)
    paths = corpus_paths(args.paths, settings)
    index = Index(cache_dir(args.cache_dir), topic_overrides(settings), on_wait=say_wait)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[articles]} articles · {task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("indexing", total=None, articles=0, rate="")

        def show(status: IndexProgress) -> None:
            elapsed = max(time.monotonic() - status.started, 1e-6)
            rate = f"{status.chars / elapsed / 1000:.0f}k chars/s" if status.chars else ""
            bar.update(
                task,
                total=status.files_total or None,
                completed=status.files_done,
                articles=status.articles,
                rate=rate,
                description=status.stage,
            )

        result = index.refresh(paths, progress=show, workers=args.workers)
    say_notices(index.notices)
    skipped = say_notices(result.notices)
    print(
        f"{result.articles} articles indexed at {index.path} "
        f"({result.added} files added, {result.changed} changed, {result.removed} removed, {result.unchanged} unchanged)",
        file=sys.stderr,
    )
    index.close()
    if args.archive:
        return _to_archive(args.archive, paths, settings, args.cache_dir) or status(skipped, True)
    return status(skipped, True)


def _to_archive(url: str, paths: list[Path], settings: Config, cache: str | None) -> int:
    """Store the freshly indexed articles under `paths` whole in the shared archive, with the
    path each page file is indexed under; 0, or 1 (2 for a URL that is no server's) with one line."""
    from reader.index import Index
    from reader.locations import cache_dir
    from reader.store import StoreError, UnknownSchemeError
    from reader.store.location import open_archive

    try:
        archive = open_archive(url, create=True)
    except StoreError as error:
        print(f"reader: {clean_inline(str(error))}", file=sys.stderr)
        return 2 if isinstance(error, UnknownSchemeError) else 1
    try:
        say_notices(archive.notices)
        index = Index(cache_dir(cache), topic_overrides(settings), on_wait=say_wait)
        try:
            from reader.pgarchive import Located

            count = archive.put(Located(path, article) for path, article in index.located(paths))
        finally:
            index.close()
        stale = archive.stale()
    except StoreError as error:
        print(f"reader: {clean_inline(str(error))}", file=sys.stderr)
        return 1
    finally:
        archive.close()
    print(f"{count} articles stored in the archive at {archive.shown}", file=sys.stderr)
    if stale:
        print(
            f"{stale} articles in the archive were stored by an older reader and are not among these "
            "pages; index their pages with --archive to store them whole (until then they are left out)",
            file=sys.stderr,
        )
    return 0


def say_wait(message: str) -> None:
    print(clean_inline(message), file=sys.stderr)


def show_config(args: argparse.Namespace) -> int:
    """`reader config`: where the config lives, and whether it reads cleanly."""
    from reader.config import check_config, load_config
    from reader.locations import config_path

    utf8_stdout()
    path = config_path(args.config)
    if args.path:
        print(path)
        return 0
    config, problems = load_config(path)
    problems += check_config(config)
    say_notices(problems)
    print(
        f"{path}: {'ok' if not problems else f'{len(problems)} problem(s)'}"
        + ("" if path.exists() else " (not created yet; defaults in use)")
    )
    return 1 if problems else 0
