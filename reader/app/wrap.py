"""Chinese line breaking at terminal cell width, with kinsoku (禁则) rules.

Rich wraps at spaces, and Chinese has none: left alone, a paragraph would be cut anywhere, and a
line could begin with "，" or "。". Here every gap between two characters is a break opportunity,
except where a rule forbids it:

* no line starts with closing punctuation (，。、；：？！）」』” …) — the character before it moves
  down with it;
* no line ends with opening punctuation (（「『“《 …) — it moves down with what it opens;
* a run of Latin letters or digits (GDP, 2025, 3.5%) and a doubled mark (——, ……) stay whole.

When no legal break fits (a line of nothing but closers, or a Latin word wider than the line), the
line is cut at the width: the text must stay inside the pane. The result is a list of (start, end)
offsets, so callers can slice a styled `rich.text.Text` and keep its highlight spans.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

#: Characters that may not begin a line.
NO_START = frozenset("，。、；：？！）」』”’》〉】〕］｝,.;:?!)]}%…—～·ー々〜‐–")
#: Characters that may not end a line.
NO_END = frozenset("（「『“‘《〈【〔［｛([{")
_PAIRED = frozenset("—…")


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Cells one character takes: two for wide and full-width, none for combining marks."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "._%+-'/")


def can_break(text: str, index: int) -> bool:
    """Whether a line may end just before `text[index]` (0 < index < len(text))."""
    before, after = text[index - 1], text[index]
    if after in NO_START or before in NO_END:
        return False
    if before == after and before in _PAIRED:
        return False
    if after == " ":
        return False  # break after the space, so it hangs at the end of the line
    return not (_word_char(before) and _word_char(after))


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Split `text` (one paragraph, no newlines) into lines of at most `width` cells.

    Returns (start, end) offsets; an empty text gives one empty line. Spaces at a break are kept at
    the end of the line they follow (they may overhang), so slices join back to the whole text.
    Each line is found by bisecting the running cell count, then stepping back to a legal break:
    a paragraph costs a few steps per line, not a rule check per character.
    """
    width = max(width, 2)
    if not text:
        return [(0, 0)]
    size = len(text)
    # cells[i] = cells taken by text[:i]
    cells = [0, *accumulate(map(char_width, text))]
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        # The first character past the width (spaces may hang over the edge) ends the line.
        over = max(bisect_right(cells, cells[start] + width) - 1, start + 1)
        while over < size and text[over] == " ":
            over += 1
        if over >= size:
            spans.append((start, size))
            return spans
        end = over
        while end > start and not can_break(text, end):
            end -= 1
        if end == start:
            end = over  # no legal break fits: cut at the width
        spans.append((start, end))
        start = end


def wrap_text(text: str, width: int) -> list[str]:
    """The lines of `text`, for tests and plain output."""
    return [text[start:end] for start, end in wrap_spans(text, width)]
