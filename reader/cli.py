"""The `reader` command: the app by default, and scriptable verbs for lists, notes and the index.

Every verb imports what it needs inside its handler, so `reader note` never pays for Textual or
jieba.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="报读: read Chinese newspaper pages")
    sub = parser.add_subparsers(dest="command")
    lister = sub.add_parser("list", help="print the articles of the given pages")
    lister.add_argument("paths", nargs="*", help="files or folders (default: the bundled seeds)")
    lister.add_argument("--jsonl", action="store_true", help="one JSON object per article")
    lister.add_argument("--leftovers", action="store_true", help="also print each page's leftovers")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except BrokenPipeError:  # `reader list | head`: the reader stopped listening, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "list":
        from reader.commands import list_articles

        return list_articles(args)
    print("the app is not built yet", file=sys.stderr)
    return 1
