"""Handlers for the read-only verbs: `reader list`."""

from __future__ import annotations

import argparse
import json
import sys

from reader.corpus import load_corpus
from reader.text import clean_inline


def utf8_stdout() -> None:
    """Print UTF-8 whatever the locale says, so pipes and files get Chinese intact."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def list_articles(args: argparse.Namespace) -> int:
    """Print the articles of the corpus: JSON lines for scripts, a table for people."""
    utf8_stdout()
    corpus = load_corpus(args.paths)
    for notice in corpus.notices:
        print(notice, file=sys.stderr)
    out = sys.stdout
    for page in corpus.pages:
        for article in page.articles:
            if args.jsonl:
                out.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
            else:
                title = clean_inline(article.title or article.body[0][:30])
                out.write(f"{article.id}  {page.source}#{article.page_order:<2} {article.kind:<7} {title}\n")
        if args.leftovers and page.leftovers:
            if args.jsonl:
                record = {"record": "leftovers", "source": page.source, "leftovers": page.leftovers}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                for text in page.leftovers:
                    out.write(f"{'':10}  {page.source}    {'(left)':<7} {clean_inline(text)}\n")
    return 0 if corpus.pages else 1
