"""Where each article stands in its page's text: which lines (and which parts of a line) it printed.

The splitter reflows, re-joins and relabels blocks, and keeps no line numbers; this finds them
again after the fact, so the page view can show the page as it was read with the current story
marked, the other stories' titles to jump to, and whatever no article took (furniture, section
labels, banners) dimmed. It compares only letters and digits (a line's spacing, punctuation and
Markdown marks never decide), splits a line at wide gaps the way a flattened page runs several
blocks together, and takes a piece of a line for an article when the article's text holds it —
the article of the line before it first, when several do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.frontmatter import FENCE
from reader.model import Article
from reader.text import strip_controls

MIN_PIECE = 2  # letters a part of a line must share with an article to be given to it
CHANGED_BELOW = 0.5  # an article found less than this much in its page: the file has changed
_GAP = re.compile(r"[ \t\u3000]{2,}|\u3000")


@dataclass(frozen=True)
class Span:
    """Characters `start`–`end` of a line and the article they belong to (None: no article's)."""

    start: int
    end: int
    article: str | None
    title: bool = False  # part of that article's title


@dataclass(frozen=True)
class PageLine:
    """One line of the page as read, cut into spans that cover it whole."""

    text: str
    spans: tuple[Span, ...]

    def owners(self) -> set[str]:
        return {span.article for span in self.spans if span.article is not None}


@dataclass(frozen=True)
class PageMap:
    """A page's lines with their owners, and how much of each article was found in them."""

    lines: tuple[PageLine, ...]
    found: dict[str, float]  # article id → share of its letters found in the page (0–1)

    def lines_of(self, article_id: str) -> list[int]:
        """Line numbers that hold some of the article's text."""
        return [n for n, line in enumerate(self.lines) if article_id in line.owners()]

    def anchor(self, article_id: str) -> int | None:
        """Where the article is to be found: its first title line, else its first line."""
        for number, line in enumerate(self.lines):
            if any(s.article == article_id and s.title for s in line.spans):
                return number
        lines = self.lines_of(article_id)
        return lines[0] if lines else None

    def targets(self) -> list[tuple[int, str]]:
        """(line, article id) of every article found, in the order the page prints them."""
        anchors = ((self.anchor(article_id), article_id) for article_id in self.found)
        return sorted((line, article_id) for line, article_id in anchors if line is not None)

    def changed(self, article_id: str) -> bool:
        """True when the page no longer holds most of this article (the file was edited since)."""
        return self.found.get(article_id, 0.0) < CHANGED_BELOW


def letters(text: str) -> str:
    """What matching compares: letters and digits only, casefolded."""
    return "".join(ch for ch in text if ch.isalnum()).casefold()


def _pieces(article: Article) -> list[str]:
    return [article.title, article.subtitle, article.byline, *article.body, *article.captions]


def _segments(line: str) -> list[tuple[int, int]]:
    """The parts of a line between wide gaps (a gap goes with the part before it)."""
    cuts = [m.end() for m in _GAP.finditer(line) if m.start() > 0 and m.end() < len(line)]
    bounds = [0, *cuts, len(line)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


LEFTOVER = ""  # the matcher's name for the page's leftovers, which are no article's


class _Matcher:
    """The articles' letters (and the leftovers'), for asking who holds a run of a line's letters."""

    def __init__(self, articles: Sequence[Article], leftovers: Sequence[str]) -> None:
        self.order = [*(a.id for a in articles), LEFTOVER]  # on a tie, an article before the leftovers
        pieces = {a.id: [letters(p) for p in _pieces(a) if p] for a in articles}
        pieces[LEFTOVER] = [letters(p) for p in leftovers if p]
        self.text = {key: "\x00".join(found) for key, found in pieces.items()}
        self.exact = {key: set(found) for key, found in pieces.items()}
        self.titles = {a.id: letters(a.title) for a in articles}
        self.used: set[tuple[str, str]] = set()  # (holder, piece) printed already

    def pick(self, key: str, previous: str | None) -> str | None:
        """Who holds all of `key`; None when nobody does. Among several, one that has not printed
        this run yet (a byline repeated over two stories by one reporter goes to each in turn),
        printing it as a whole piece, the line before's article first; a leftover only when no
        article prints it whole."""
        holders = [k for k in self.order if key in self.text[k]]
        if not holders:
            return None
        fresh = [h for h in holders if (h, key) not in self.used] or holders
        whole = [h for h in fresh if key in self.exact[h]]
        if whole == [LEFTOVER]:
            chosen: str = LEFTOVER
        else:
            choices = [h for h in whole if h != LEFTOVER] or fresh
            chosen = previous if previous in choices else choices[0]
        self.used.add((chosen, key))
        return chosen

    def longest(self, key: str, start: int, previous: str | None) -> tuple[int, str | None]:
        """The longest run of `key` from `start` that one holder holds, and that holder."""
        best_len, best = 0, None
        for holder in sorted(self.order, key=lambda i: i != previous):
            text = self.text[holder]
            low, high = 0, len(key) - start  # `key[start:start+n] in text` holds up to some n
            while low < high:
                mid = (low + high + 1) // 2
                if key[start : start + mid] in text:
                    low = mid
                else:
                    high = mid - 1
            if low > best_len:
                best_len, best = low, holder
        return best_len, best


def _assign(segment: str, matcher: _Matcher, previous: str | None) -> list[tuple[int, int, str | None]]:
    """(start, end, article) runs covering `segment`; unmatched letters and marks go to None."""
    positions = [i for i, ch in enumerate(segment) if ch.isalnum()]
    key = "".join(segment[i] for i in positions).casefold()
    if len(key) != len(positions):  # casefolding changed a length: compare without it
        key = "".join(segment[i] for i in positions)
    if not key:
        return [(0, len(segment), None)]
    whole = matcher.pick(key, previous)
    if whole is not None:
        return [(0, len(segment), whole or None)]
    runs: list[tuple[int, int, str | None]] = []
    at = 0
    while at < len(key):
        size, owner = matcher.longest(key, at, previous)
        if size < MIN_PIECE:
            size, owner = 1, None
        owner = owner or None  # the leftovers' run is no article's
        previous = owner or previous
        runs.append((at, at + size, owner))
        at += size
    # Letter runs back to character offsets: each run reaches to the next run's first letter.
    out: list[tuple[int, int, str | None]] = []
    for number, (first, _last, owner) in enumerate(runs):
        start = 0 if number == 0 else positions[first]
        end = positions[runs[number + 1][0]] if number + 1 < len(runs) else len(segment)
        if out and out[-1][2] == owner:
            out[-1] = (out[-1][0], end, owner)
        else:
            out.append((start, end, owner))
    return out


def map_page(text: str, articles: Sequence[Article], leftovers: Sequence[str] = ()) -> PageMap:
    """Find `articles` (those cut from this page) in the page's `text`, line by line; `leftovers`
    (what the splitter gave no article) keep a line that prints one of them whole out of any article."""
    matcher = _Matcher(articles, leftovers)
    lines: list[PageLine] = []
    found_letters = dict.fromkeys(matcher.order, 0)
    previous: str | None = None
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    fence = FENCE.match(text)
    header = fence.group(0).rstrip("\n").count("\n") + 1 if fence else 0  # a crawler's front matter
    for number, raw in enumerate(text.split("\n")):
        line = raw.replace("\t", " ")
        if number < header:
            lines.append(PageLine(line, (Span(0, len(line), None),)))
            continue
        spans: list[Span] = []
        for seg_start, seg_end in _segments(line):
            segment = line[seg_start:seg_end]
            for start, end, owner in _assign(segment, matcher, previous):
                piece = letters(segment[start:end])
                title = owner is not None and bool(piece) and piece in matcher.titles[owner]
                spans.append(Span(seg_start + start, seg_start + end, owner, title))
                if owner is not None:
                    found_letters[owner] += len(piece)
                    previous = owner
        if not spans:
            spans.append(Span(0, 0, None))
        lines.append(PageLine(line, tuple(_merge(spans))))
    found = {
        article_id: min(
            1.0, found_letters[article_id] / max(1, len(matcher.text[article_id].replace("\x00", "")))
        )
        for article_id in matcher.order
        if article_id != LEFTOVER
    }
    return PageMap(tuple(lines), found)


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        if out and (out[-1].article, out[-1].title) == (span.article, span.title):
            out[-1] = Span(out[-1].start, span.end, span.article, span.title)
        else:
            out.append(span)
    return out
