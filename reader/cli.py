"""The `reader` command: the app by default, and scriptable verbs for lists, search, notes and the index.

Every verb imports what it needs inside its handler, so `reader note` never pays for Textual or
jieba, and `reader --help` answers at once.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

VERBS = (
    "list", "index", "search", "config", "bookmark", "mark", "note", "notes", "export", "import", "app", "serve"
)  # fmt: skip


ANNOTATION_VERBS = ("bookmark", "mark", "note", "notes", "export", "import")


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or only `verb`'s part of it: a script calling `reader search` in a
    loop should not pay for setting up every other verb's options each time."""

    import argparse

    def wanted(name: str) -> bool:
        return verb is None or verb == name

    parser = argparse.ArgumentParser(
        prog="reader",
        description="报读: a keyboard-driven reader for Chinese newspaper pages. "
        "With no verb, opens the reader on PATHs (files or folders), the configured corpus, or the bundled seeds.",
    )
    sub = parser.add_subparsers(dest="command", metavar="VERB")

    if wanted("app"):
        app = sub.add_parser("app", help="open the reader (the default when no verb is given)")
        app.add_argument("paths", nargs="*", help="page files or folders")
        _app_options(app)
    if wanted("list"):
        _list_parser(sub)
    if wanted("index"):
        _index_parser(sub)
    if wanted("search"):
        _search_parser(sub)
    if wanted("config"):
        config = sub.add_parser("config", help="show where the config file is, or check it")
        config.add_argument("--path", action="store_true", help="print the config file's path")
        config.add_argument("--config", metavar="FILE", help="config file to check")
    if wanted("serve"):
        from reader.serve import add_parser

        add_parser(sub)
    if verb is None or verb in ANNOTATION_VERBS:
        from reader.annotate_cli import register

        register(sub)
    return parser


def _list_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lister = sub.add_parser("list", help="print the articles of the given pages")
    lister.add_argument("paths", nargs="*", help="files or folders (default: the bundled seeds)")
    lister.add_argument("--jsonl", action="store_true", help="one JSON object per article, with every field")
    lister.add_argument("--leftovers", action="store_true", help="also print each page's leftovers")
    lister.add_argument(
        "--no-tags", action="store_true", help="skip region, topic and keyword tagging (faster)"
    )


def _index_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    index = sub.add_parser("index", help="build or refresh the on-disk index of the given pages")
    index.add_argument(
        "paths", nargs="*", help="files or folders (default: the configured corpus or the seeds)"
    )
    index.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where the index lives (default: $READER_CACHE_DIR or the user cache)",
    )
    index.add_argument("--workers", type=int, help="processes for a cold build (default: all cores)")
    index.add_argument(
        "--archive",
        metavar="URL",
        help="also store the articles, whole, in the shared archive at this postgresql:// URL "
        "(made, or upgraded from an older reader's, as needed)",
    )
    index.add_argument(
        "--config", metavar="FILE", help="config file (default: $READER_CONFIG or the user config)"
    )


def _search_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    search = sub.add_parser("search", help="find articles containing QUERY (exact substring, as the app's /)")
    search.add_argument("query", help="text to find; Chinese needs no spaces")
    search.add_argument(
        "paths", nargs="*", help="files or folders to search (default: the configured corpus or the seeds)"
    )
    search.add_argument("--jsonl", action="store_true", help="one JSON object per matching article")
    search.add_argument(
        "-l",
        "--files-with-matches",
        action="store_true",
        help="print the page files that hold a match, one a line (as rg -l does)",
    )
    search.add_argument(
        "--count", action="store_true", help="print each page file with a match and its matching articles"
    )
    search.add_argument(
        "--filter",
        metavar="FILTER",
        default="",
        help="also apply the app's filter language, e.g. 'region:浙江 -骗保'",
    )
    search.add_argument("--refresh", action="store_true", help="pick up changed files before searching")
    search.add_argument("--cache-dir", metavar="DIR", help="where the index lives")
    search.add_argument("--config", metavar="FILE", help="config file")
    search.add_argument("--db", metavar="PATH", help="annotations file, for is: filters")
    search.add_argument(
        "--archive",
        metavar="URL",
        help="search the shared archive at this postgresql:// URL; paths then match the paths the "
        "pages were indexed under (default: $READER_ARCHIVE or the config's archive; '' for the local index)",
    )


def _app_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", metavar="FILE", help="config file (default: $READER_CONFIG or the user config)"
    )
    parser.add_argument(
        "--db", metavar="PATH", help="annotations file (default: $READER_DB or the user data folder)"
    )
    parser.add_argument(
        "--cache-dir", metavar="DIR", help="index folder (default: $READER_CACHE_DIR or the user cache)"
    )
    parser.add_argument(
        "--archive",
        metavar="URL",
        help="read the shared archive at this postgresql:// URL instead of local pages "
        "(default: $READER_ARCHIVE or the config's archive; '' for local pages)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:  # `reader list | head`: the reader stopped listening, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def run(argv: list[str]) -> int:
    if argv[:1] == ["search"]:
        # `reader search -l/--count` in a script's loop: answered from the bitmaps before any
        # argument parser is built, when it can be (else the whole verb below takes it).
        from reader.files_with_matches import run as files_with_matches

        answered = files_with_matches(argv[1:])
        if answered is not None:
            return answered
    if not argv or (argv[0] not in VERBS and argv[0] not in ("-h", "--help")):
        argv = ["app", *argv]
    args = build_parser(argv[0] if argv[0] in VERBS else None).parse_args(argv)
    from reader.annotate_cli import undecodable_argument

    refused = undecodable_argument(args)
    if refused is not None:  # a stray byte from the shell: not text the reader can search or store
        print(f"reader: {refused}", file=sys.stderr)
        return 2
    from reader import commands

    if args.command == "app":
        # Importing Textual makes objects by the hundred thousand, and the collector would walk
        # them all again and again before the first frame; the screen turns it back on.
        gc.disable()
        from reader.app import main as app_main

        return app_main(
            args.paths, config=args.config, db=args.db, cache_dir=args.cache_dir, archive=args.archive
        )
    if args.command == "serve":
        from reader.serve import serve

        return serve(args)
    if args.command == "list":
        return commands.list_articles(args)
    if args.command == "index":
        return commands.index_pages(args)
    if args.command == "search":
        from reader.search_cli import search_pages

        return search_pages(args)
    if args.command == "config":
        return commands.show_config(args)
    handler = getattr(args, "handler", None)
    if handler is None:  # pragma: no cover - argparse requires a verb here
        build_parser().print_help()
        return 2
    result: int = handler(args)
    return result
