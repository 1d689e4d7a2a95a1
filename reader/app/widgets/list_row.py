"""One article row of the list as styled text: the cursor, the marks in fixed columns, the
title cut at terminal cell width, the watch terms, and the search hits in the title."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.style import Style
from rich.text import Text

from reader.app.grouping import ArticleRow
from reader.app.widgets.article_text import find_all
from reader.library import Marks
from reader.text import clean_inline

VERDICT_MARKS = {"pick": "选", "followup": "跟", "skip": "略"}
MARK_CELLS = 8  # cursor, unread, bookmark, note, space, verdict (2 cells), space


def article_line(
    row: ArticleRow,
    marks: Marks,
    watch: Sequence[str],
    needle: str,
    cursor: Style | None,
    width: int,
    style: Callable[[str], Style],
) -> Text:
    """`cursor` is the cursor's style when the row is under it; `style` names a component class."""
    on_cursor = cursor is not None
    cursor_style = cursor or Style()
    text = Text(style=cursor_style)
    text.append("▌" if on_cursor else " ")
    text.append("•" if not marks.read else " ", style=style("unread"))
    text.append("★" if marks.bookmarked else " ", style=style("bookmark"))
    text.append("✎" if marks.noted else " ", style=style("note"))
    text.append(" ")
    if marks.verdict in VERDICT_MARKS:
        text.append(VERDICT_MARKS[marks.verdict], style=style(marks.verdict))
    else:
        text.append("  ")
    text.append(" ")
    tail = (
        Text(" " + " ".join(clean_inline(term) for term in watch), style=style("watch")) if watch else Text()
    )
    room = width - MARK_CELLS
    tail.truncate(max(room // 2, 0), overflow="ellipsis")
    label = clean_inline(row.summary.label)
    title = Text(label, style="" if not marks.read else style("read"))
    title.truncate(max(room - tail.cell_len, 1), overflow="ellipsis", pad=True)
    start = len(text)
    text.append_text(title)
    text.append_text(tail)
    if on_cursor:  # every cell of the row in the cursor's colours, over its marks' own
        text.stylize(
            Style(bgcolor=cursor_style.bgcolor, reverse=cursor_style.reverse, bold=cursor_style.bold)
        )
    if needle:  # hits last, so that they show on the cursor row too
        hit, shown = style("hit"), len(title.plain.rstrip(" ").rstrip("…"))
        for offset in find_all(label, needle):
            end = min(offset + len(needle), shown)
            if offset < end:
                text.stylize(hit, start + offset, start + end)
    return text
