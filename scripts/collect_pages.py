"""Fetch the collected real pages again from their addresses in `corpus/sources/*.tsv`.

usage: python scripts/collect_pages.py [--only FILE ...] [--force]

The page texts are third-party newspaper text and stay out of the repository; only their labels
(`corpus/labels/`) and sources are committed. Each row of a sources file names the page file, its
address, the paper, the date and 版, and what web-site chrome was removed around the page text.
This script downloads each address (on a machine with web access), turns the HTML into plain text
with one line per block, and writes `corpus/pages/FILE.fetched`. Remove the chrome the row names,
save it as `corpus/pages/FILE`, and `python scripts/check_labels.py corpus/labels/X.jsonl
corpus/pages` confirms the labels still fit the text.
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import sys
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "td", "section", "article"}
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "head"})


class _Text(HTMLParser):
    """The visible text of an HTML page, a line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in BLOCK_TAGS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.lines[-1] += data

    def text(self) -> str:
        lines = [re.sub(r"[ \t\r\n]+", " ", line).strip() for line in self.lines]
        return "\n".join(line for line in lines if line) + "\n"


def page_text(raw: bytes, charset: str | None) -> str:
    """Decode a fetched page and keep its visible text."""
    for encoding in (charset, "utf-8", "gb18030", "big5"):
        if not encoding:
            continue
        try:
            decoded = raw.decode(encoding)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    else:
        decoded = raw.decode("utf-8", "replace")
    parser = _Text()
    parser.feed(html.unescape(decoded) if "<" not in decoded else decoded)
    return parser.text()


def rows() -> list[list[str]]:
    out = []
    for tsv in sorted((CORPUS / "sources").glob("*.tsv")):
        with tsv.open(encoding="utf-8", newline="") as handle:
            out += [
                row
                for row in csv.reader(handle, delimiter="\t")
                if len(row) >= 2 and row[1].startswith("http")
            ]
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="page files to fetch (default: all)")
    parser.add_argument("--force", action="store_true", help="fetch again pages that are already there")
    args = parser.parse_args(argv)
    (CORPUS / "pages").mkdir(parents=True, exist_ok=True)
    failed = 0
    for row in rows():
        name, url = row[0], row[1]
        if args.only is not None and name not in args.only:
            continue
        target = CORPUS / "pages" / f"{name}.fetched"
        if (target.exists() or (CORPUS / "pages" / name).exists()) and not args.force:
            continue
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                text = page_text(response.read(), response.headers.get_content_charset())
        except OSError as error:
            print(f"{name}: {url}: {error}", file=sys.stderr)
            failed += 1
            continue
        target.write_text(text, encoding="utf-8")
        print(f"{name}: {len(text)} characters from {url}; remove: {row[7] if len(row) > 7 else '?'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
