"""The part of a page each block plays: the splitter's one vocabulary.

A page is labelled block by block (`reader.split.tagger`), and articles are assembled from the
labels (`reader.split.assemble`); the labelled corpus and the fitting script speak the same words.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    """What one block of a page is."""

    KICKER = "kicker"  # 引题: the line above a main headline
    TITLE = "title"  # 主题: the main headline (two blocks when printed over two lines)
    DECK = "deck"  # 副题: the line below the main headline, often opening with ——
    TRAIL = "trail"  # a headline printed after the story it belongs to
    BYLINE = "byline"  # □ 本报记者 某某 under a headline
    DATELINE = "dateline"  # 本报讯（记者 某某）… opening the lead paragraph
    LEAD = "lead"  # the first paragraph of an item with no headline or byline: a brief, a photo
    BODY = "body"  # a paragraph of the story
    SUBHEAD = "subhead"  # a heading inside a story
    CAPTION = "caption"  # a picture caption standing in or beside a story
    CREDIT = "credit"  # 某某 摄: the picture's credit
    SIGNOFF = "signoff"  # （某某）, （完）: the credit or mark that closes a story
    FURNITURE = "furniture"  # 版 headers, column labels, banners, dates, editor lines: no article's

    @property
    def is_head(self) -> bool:
        """Part of the headline stack printed above a story."""
        return self in HEADS


HEADS = frozenset({Label.KICKER, Label.TITLE, Label.DECK})
HEAD_ORDER = {Label.KICKER: 0, Label.TITLE: 1, Label.DECK: 2}
