"""Traditional characters read through their simplified forms.

Pages from 澳门, 香港 and 台湾, and old pages, print 記者, 報訊, 攝, 責任編輯. The splitter's
lexicon and the taggers' gazetteer are simplified; they read a traditional page through OpenCC's
conversion while the text is kept and shown as printed. Most pages are simplified and never load
the converter: a handful of the commonest traditional-only characters decide.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Frequent characters that exist only in traditional text.
TRADITIONAL_MARKS = (
    "們個這來時為會發說國對學與過還後開動關機現點義經體當實應務區從種長門問題電話報記攝責編輯訊處縣網際產業環"
    "圖導陳劉張楊黃"  # 文/圖, 報導 and the commonest surnames: a byline or credit line is short
)
TRADITIONAL_RE = re.compile(f"[{TRADITIONAL_MARKS}]")


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def is_traditional(text: str) -> bool:
    """Whether the text has traditional-only characters worth converting."""
    return TRADITIONAL_RE.search(text) is not None


def simplified(text: str) -> str:
    """The text in simplified characters, one character for one where OpenCC allows."""
    if not is_traditional(text):
        return text
    converted: str = _converter().convert(text)
    return converted
