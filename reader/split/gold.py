"""Gold labels of pages (as `LABELING.md` writes them) turned into one label per block.

The labelled corpus records each item's headline, byline and the first and last characters of
its body — what a person can check by reading. Fitting the splitter needs one label per block, so
each item is found in the page's blocks: its body span from `body_start` to `body_end`, the
headline and byline nearest to it, and what lies around them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import layout
from reader.split.blocks import Block
from reader.split.labels import Label
from reader.text import ends_sentence

SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text with all whitespace removed: how gold labels quote a page."""
    return SPACE.sub("", text or "")


@dataclass
class GoldItem:
    """One item of a page as a person labelled it."""

    page: str
    title: str
    subtitle: str
    kind: str
    body_start: str
    body_end: str
    byline: str = ""
    captions: list[str] = field(default_factory=list)
    subheads: list[str] | None = None  # None: read off the shape of the lines
    record: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> GoldItem:
        return cls(
            page=record["page"],
            title=record.get("title", ""),
            subtitle=record.get("subtitle", ""),
            kind=record.get("kind", "article"),
            body_start=record["body_start"],
            body_end=record["body_end"],
            byline=record.get("byline", ""),
            record=record,
        )


def read_gold(path: Path) -> dict[str, list[GoldItem]]:
    """Gold items of a `gold.jsonl` file, by page file name, in page order."""
    pages: dict[str, list[GoldItem]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = GoldItem.from_record(json.loads(line))
            pages.setdefault(item.page, []).append(item)
    return pages


def read_golden_case(path: Path) -> tuple[str, list[GoldItem]]:
    """A golden page file of the tests (`tests/golden`, `tests/pages`) as gold items."""
    case = json.loads(path.read_text(encoding="utf-8"))
    items = [
        GoldItem(
            page=case["source"],
            title=a["title"],
            subtitle=a["subtitle"],
            kind=a["kind"],
            body_start=squash(a["starts"])[:12],
            body_end="" if "ends" in a.get("known_issue", {}).get("fields", []) else squash(a["ends"])[-12:],
            byline=a["byline"],
            captions=a["captions"],
            subheads=a["subheads"],
        )
        for a in case["articles"]
    ]
    return case["source"], items


@dataclass
class _Span:
    start: int
    end: int

    def holds(self, start: int, end: int) -> bool:
        """Whether most of [start, end) lies inside the span."""
        inside = min(end, self.end) - max(start, self.start)
        return end > start and inside * 2 > end - start


def _occurrences(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while part and at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _nearest(text: str, part: str, body: _Span, lo: int, hi: int) -> _Span | None:
    """The occurrence of `part` nearest the body, inside [lo, hi)."""
    part = squash(part)
    spots = [s for s in _occurrences(text, part) if lo <= s and s + len(part) <= hi]
    if not spots:
        return None

    def distance(spot: int) -> int:
        return body.start - (spot + len(part)) if spot < body.start else spot - body.end

    best = min(spots, key=lambda s: (abs(distance(s)), s))
    return _Span(best, best + len(part))


def _stray_tail(text: str) -> bool:
    return layout.han_length(text) <= 12 and ends_sentence(text) and not layout.has_caption_marks(text)


def align(blocks: list[Block], items: list[GoldItem]) -> list[Label]:
    """One label per block, read off the gold items of the page."""
    return [label for label, _ in align_items(blocks, items)]


def align_items(blocks: list[Block], items: list[GoldItem]) -> list[tuple[Label, int]]:
    """One label per block and the index of the item it belongs to (-1 for none)."""
    texts = [squash(b.text) for b in blocks]
    page = "".join(texts)
    offsets, at = [], 0
    for text in texts:
        offsets.append((at, at + len(text)))
        at += len(text)
    bodies: list[_Span] = []
    cursor = 0
    for item in items:
        start = page.find(squash(item.body_start), cursor)
        if start < 0:
            start = page.find(squash(item.body_start))
        bodies.append(_Span(max(start, 0), max(start, 0) + len(squash(item.body_start))))
        cursor = max(start, 0) + 1
    for n, (item, body) in enumerate(zip(items, bodies, strict=True)):
        limit = bodies[n + 1].start if n + 1 < len(items) else len(page)
        end_part = squash(item.body_end)
        ends = [
            e
            for e in _occurrences(page, end_part)
            if body.start <= e and e + len(end_part) <= max(limit, body.end)
        ]
        if not end_part:  # the end is not known: the story runs up to the next one
            body.end = limit
        elif ends:
            body.end = ends[-1] + len(end_part)
    labels = [Label.FURNITURE] * len(blocks)
    owner = [-1] * len(blocks)
    which = 0  # the item being aligned

    def mark(span: _Span | None, label: Label) -> None:
        if span is None:
            return
        for k, (a, b) in enumerate(offsets):
            if owner[k] < 0 and span.holds(a, b):
                credit = label == Label.CAPTION and layout.is_credit(blocks[k].text)
                labels[k] = Label.CREDIT if credit else label
                owner[k] = which

    heads: list[tuple[_Span | None, bool, _Span | None]] = []
    for n, (item, body) in enumerate(zip(items, bodies, strict=True)):
        which = n
        # Where this item's head may start: after the story before it, or after its first
        # characters when that story's end is not known.
        lo = (bodies[n - 1].end if items[n - 1].body_end else bodies[n - 1].start + 1) if n else 0
        hi = bodies[n + 1].start if n + 1 < len(items) else len(page)
        title = _nearest(page, item.title, body, lo, hi)
        trailing = title is not None and title.start >= body.end
        subtitle = _nearest(page, item.subtitle, title or body, lo, hi)
        byline = _nearest(page, item.byline, body, lo, hi)
        for caption in item.captions:
            mark(_nearest(page, caption, body, lo, hi), Label.CAPTION)
        if trailing:
            mark(title, Label.TRAIL)
            mark(subtitle, Label.TRAIL)
        else:
            mark(title, Label.TITLE)
            if subtitle is not None and title is not None:
                mark(subtitle, Label.KICKER if subtitle.start < title.start else Label.DECK)
            elif subtitle is not None:
                mark(subtitle, Label.DECK)
        # A block holding the byline and the start of the body: 本报讯（记者 某某）春回大地…
        for k, (a, b) in enumerate(offsets):
            if owner[k] < 0 and a < body.start < b and layout.split_dateline(blocks[k].text):
                labels[k], owner[k] = Label.DATELINE, which
        if byline is not None:
            for k, (a, b) in enumerate(offsets):
                if owner[k] >= 0 or not byline.holds(a, b):
                    continue
                text = blocks[k].text
                if layout.split_dateline(text) and b > byline.end:
                    labels[k] = Label.DATELINE
                elif layout.is_credit(text) or text.rstrip().endswith(layout.CREDIT_MARKS):
                    labels[k] = Label.CREDIT
                else:
                    labels[k] = Label.SIGNOFF if a >= body.end else Label.BYLINE
                owner[k] = which
        heads.append((title, trailing, byline))
    for n, (item, body) in enumerate(zip(items, bodies, strict=True)):
        lo = bodies[n - 1].end if n else 0
        hi = bodies[n + 1].start if n + 1 < len(items) else len(page)
        title, trailing, byline = heads[n]
        which = n
        first = True
        head_before = title is not None and not trailing or (byline is not None and byline.start < body.start)
        for k, (a, b) in enumerate(offsets):
            if not _Span(body.start, body.end).holds(a, b):
                continue
            if owner[k] < 0:
                text = blocks[k].text
                if layout.is_slogan(text) and layout.han_length(text) <= 40 and not ends_sentence(text):
                    labels[k] = Label.FURNITURE  # a page banner printed across the story
                elif first:
                    labels[k] = Label.BODY if head_before else Label.LEAD
                elif (item.subheads is not None and text in item.subheads) or (
                    item.subheads is None
                    and k > 0
                    and ends_sentence(blocks[k - 1].text)
                    and layout.han_length(text) <= 24
                    and layout.heading_shape(text).ok
                ):
                    labels[k] = Label.SUBHEAD
                else:
                    labels[k] = Label.BODY
                owner[k] = which
            first = first and labels[k] not in (Label.BODY, Label.LEAD, Label.DATELINE)
        # What stands between the item's head and the end of its body is its pictures' text.
        top = min(s.start for s in (title, byline, body) if s is not None and not (s is title and trailing))
        for k, (a, b) in enumerate(offsets):
            if owner[k] < 0 and top <= a and b <= body.end:
                text = blocks[k].text
                if layout.is_label(text):
                    continue  # the site's chrome between headline and story: 日期:06-13, 上一篇
                if layout.is_credit(text):
                    labels[k] = Label.CREDIT
                elif _stray_tail(text):
                    labels[k] = Label.BODY  # 法律。: a sentence's tail that a column jump left here
                else:
                    labels[k] = Label.CAPTION
                owner[k] = which
        # A byline printed in pieces: 本报讯 above the lead, （朱颖） under the story.
        parts = squash(item.byline)
        for k, (a, b) in enumerate(offsets):
            if owner[k] < 0 and lo <= a and b <= hi and len(texts[k]) >= 2 and texts[k] in parts:
                text = blocks[k].text
                if layout.is_credit(text):
                    labels[k] = Label.CREDIT
                else:
                    labels[k] = Label.SIGNOFF if a >= body.start else Label.BYLINE
                owner[k] = which
    for k, block in enumerate(blocks):
        if owner[k] >= 0:
            continue
        if layout.is_credit(block.text) and k and labels[k - 1] == Label.CAPTION:
            labels[k] = Label.CREDIT
        elif layout.is_end_mark(block.text):
            labels[k] = Label.SIGNOFF
    return list(zip(labels, owner, strict=True))
